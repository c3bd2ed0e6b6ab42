#!/usr/bin/env bash
# Measures the training step on each path a CPU class gets, on this machine, one after another:
# the engine's kernels and oneDNN capped by CSAE_MAX_ISA (which also caps oneDNN), with
# train.gradient_precision at its default (auto) and at float32. Prints a Markdown table of
# `csae bench` results (production and per-timestep reference samples/s, speedup) and keeps each
# run's JSON lines in OUT. About 10 minutes on 2 cores.
# Usage: scripts/isa_paths.sh [OUT] [STEPS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csae="${CSAE:-$root/build/release/app/csae}"
out="${1:-$(mktemp -d)}"
steps="${2:-5}"
mkdir -p "$out"
# name | CSAE_MAX_ISA | extra --set
cases=("avx512-auto||" "avx512-float32||train.gradient_precision=float32"
       "avx2-auto|avx2|" "baseline-auto|baseline|")
for entry in "${cases[@]}"; do
    IFS='|' read -r name cap set <<< "$entry"
    args=(bench --steps "$steps")
    [[ -n "$set" ]] && args+=(--set "$set")
    echo "isa_paths: $name" >&2
    env ${cap:+CSAE_MAX_ISA=$cap} "$csae" "${args[@]}" > "$out/$name.jsonl"
done
python3 - "$out" "${cases[@]}" <<'PY'
import json, sys
out, names = sys.argv[1], [c.split("|")[0] for c in sys.argv[2:]]
def load(name):
    rows = [json.loads(l) for l in open(f"{out}/{name}.jsonl") if l.startswith("{")]
    return rows[0], rows[1], rows[2]
first = load(names[0])[0]["samples_per_s"]
print("| run | engine kernels | oneDNN cap | input gradients | samples/s | reference samples/s | speedup | against the first row |")
print("|---|---|---|---|---|---|---|---|")
for name in names:
    production, reference, summary = load(name)
    print(f"| {name} | {summary['isa']} | {summary['onednn_max_cpu_isa']} | {summary['gradient_precision']} | "
          f"{production['samples_per_s']:.1f} | {reference['samples_per_s']:.1f} | {summary['speedup']:.2f}x | "
          f"{production['samples_per_s'] / first:.2f} |")
PY
