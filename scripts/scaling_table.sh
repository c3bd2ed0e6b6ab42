#!/usr/bin/env bash
# Runs `csae bench` for T in {10, 25, 50, 100} and batch in {16, 64, 256} at the default
# topology and prints a Markdown table (the README's scaling table). Takes ~12-15 minutes on 2 cores.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csae="$root/build/release/app/csae"
echo "| T | batch | stepwise samples/s | per-timestep samples/s | speedup | stepwise peak MB | per-timestep peak MB | max rel. grad diff (float32 with bfloat16 input gradients / float64) |"
echo "|---|---|---|---|---|---|---|---|"
for steps in 10 25 50 100; do
  for batch in 16 64 256; do
    out="$("$csae" bench --set "encoding.steps=$steps" --set "train.batch_size=$batch" --steps 2 --warmup 1)"
    python3 - "$steps" "$batch" <<PY
import json, sys
rows = [json.loads(line) for line in """$out""".splitlines() if line.strip()]
f, r, s = rows
print(f"| {sys.argv[1]} | {sys.argv[2]} | {f['samples_per_s']:.1f} | {r['samples_per_s']:.1f} | {s['speedup']:.2f} | "
      f"{f['peak_memory_mb']:.0f} | {r['peak_memory_mb']:.0f} | {s['max_relative_grad_difference']:.1e} / {s['max_relative_grad_difference_float64']:.1e} |")
PY
  done
done
