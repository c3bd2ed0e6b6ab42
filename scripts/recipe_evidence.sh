#!/usr/bin/env bash
# Measures a training recipe step by step: each named variant below is trained for STEPS steps
# with several seeds, its test nRMSE evaluated on 2000 test samples every EVAL steps, and the
# results printed as two Markdown tables (final test nRMSE mean ± std over seeds; test nRMSE
# against steps) and kept as metrics.jsonl files under OUT.
# Usage: scripts/recipe_evidence.sh OUT STEPS EVAL DATASET SEEDS... -- VARIANT...
#   VARIANT is NAME:ARGS, ARGS the csae train options separated by spaces, e.g.
#   'seed:--preset seed' 'defaults:' 'lr1e-3:--preset seed --set train.lr=1e-3'
# Long-running (a benchmark, not a test). Runs one training at a time; finished runs are kept,
# so a second call with the same OUT only trains what is missing. $CSAE names the binary
# (default build/release/app/csae), so that a copy can run while the tree rebuilds.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csae="${CSAE:-$root/build/release/app/csae}"
out="$1"; steps="$2"; every="$3"; dataset="$4"; shift 4
seeds=()
while [[ $# -gt 0 && "$1" != "--" ]]; do seeds+=("$1"); shift; done
shift
variants=("$@")
mkdir -p "$out"
for variant in "${variants[@]}"; do
    name="${variant%%:*}"; args="${variant#*:}"
    for seed in "${seeds[@]}"; do
        dir="$out/$name-s$seed"
        if [[ -f "$dir/done" ]]; then continue; fi
        rm -rf "$dir"
        # shellcheck disable=SC2086
        "$csae" train $args --out "$dir" --set data.dataset="$dataset" \
            --set train.seed="$seed" --set train.max_steps="$steps" --set train.eval_every="$every" \
            --set train.log_every=50 --set data.test_limit=2000 > "$dir.log" 2>&1
        touch "$dir/done"
    done
done
python3 - "$out" "$steps" "${seeds[*]}" "${variants[@]}" <<'PY'
import json, statistics, sys
out, steps, seeds, variants = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), sys.argv[4:]
def tests(name, seed):
    rows = [json.loads(l) for l in open(f"{out}/{name}-s{seed}/metrics.jsonl")]
    return {r["step"]: r["nrmse"] for r in rows if r["split"] == "test"}
print(f"| variant | options | test nRMSE after {steps} steps (mean ± std, seeds {', '.join(seeds)}) |")
print("|---|---|---|")
curves = {}
for v in variants:
    name, args = v.split(":", 1)
    runs = [tests(name, s) for s in seeds]
    curves[name] = runs
    final = [r[max(r)] for r in runs]
    std = statistics.stdev(final) if len(final) > 1 else 0.0
    print(f"| {name} | `{args.strip() or '(defaults)'}` | {statistics.mean(final):.3f} ± {std:.3f} |")
print()
names = list(curves)
stepset = sorted(set.intersection(*[set(r) for runs in curves.values() for r in runs]))
print("| step | " + " | ".join(names) + " |")
print("|---|" + "---|" * len(names))
for step in stepset:
    cells = []
    for n in names:
        vals = [r[step] for r in curves[n]]
        cells.append(f"{statistics.mean(vals):.3f}" + (f" ± {statistics.stdev(vals):.3f}" if len(vals) > 1 else ""))
    print(f"| {step} | " + " | ".join(cells) + " |")
PY
