#!/usr/bin/env bash
# Trains the quick-start session (resources/quickstart_session.json) with 3 seeds for each
# variant below and prints one line per variant: the final test nRMSE of each seed, their mean ±
# std and the mean wall time. A benchmark, not a test: about a minute a run on 2 cores.
# Usage: scripts/quickstart_variants.sh OUT [NAME:ARGS...]   (default: the README's variants)
# Finished runs under OUT are kept, so a second call only trains what is missing. $CSAE names the
# binary (default build/release/app/csae).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csae="${CSAE:-$root/build/release/app/csae}"
out="$1"; shift
variants=("$@")
if [[ ${#variants[@]} -eq 0 ]]; then
    variants=('b64:--set train.batch_size=64' 'b32:--set train.batch_size=32'
              'b32w10:--set train.batch_size=32 --set train.warmup_steps=10'
              'b32lr3:--set train.batch_size=32 --set train.lr=3e-3'
              'b32l4800:--set train.batch_size=32 --set data.limit=4800'
              't15:--set train.batch_size=64 --set encoding.steps=15 --set data.limit=9600')
fi
mkdir -p "$out"
for variant in "${variants[@]}"; do
    name="${variant%%:*}"; args="${variant#*:}"
    for seed in 1 2 3; do
        dir="$out/$name-s$seed"
        [[ -f "$dir/done" ]] && continue
        rm -rf "$dir"
        start=$(date +%s.%N)
        # shellcheck disable=SC2086
        "$csae" train --config "$root/resources/quickstart_session.json" --out "$dir" \
            --set train.seed="$seed" $args > "$dir.log" 2>&1
        echo "$(date +%s.%N) - $start" | bc > "$dir.wall"
        touch "$dir/done"
    done
done
python3 - "$out" "${variants[@]}" <<'PY'
import json, statistics, sys
out, variants = sys.argv[1], sys.argv[2:]
for v in variants:
    name = v.split(":", 1)[0]
    finals, walls = [], []
    for seed in (1, 2, 3):
        rows = [json.loads(l) for l in open(f"{out}/{name}-s{seed}/metrics.jsonl")]
        finals.append([r for r in rows if r["split"] == "test"][-1]["nrmse"])
        walls.append(float(open(f"{out}/{name}-s{seed}.wall").read()))
    print(f"{name}: {', '.join(f'{x:.3f}' for x in finals)}: {statistics.mean(finals):.3f} ± "
          f"{statistics.stdev(finals):.3f}, wall {statistics.mean(walls):.0f} s")
PY
