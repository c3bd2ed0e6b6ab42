#!/usr/bin/env bash
# Shows whether bfloat16 input gradients (train.gradient_precision) train like float32: the
# default SAE on MNIST, both precisions, several seeds, equal steps. Prints the training loss at
# each logged step per run, the final test nRMSE, and how far the two precisions are apart at
# equal seed against how far the seeds are apart at equal precision (the run-to-run noise).
# Usage: scripts/precision_curves.sh [STEPS] [SEEDS...]   (default 300 steps, seeds 1 2 3)
# Long-running (about STEPS x 0.35 s x 2 x seeds on 2 cores): a benchmark, not a test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-300}"
shift || true
seeds=("$@")
[[ ${#seeds[@]} -eq 0 ]] && seeds=(1 2 3)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for seed in "${seeds[@]}"; do
    for precision in bfloat16 float32; do
        "$root/build/release/app/csae" train --max-steps "$steps" --out "$work/$precision-$seed" \
            --set train.seed="$seed" --set train.gradient_precision="$precision" \
            --set train.log_every=25 --set train.eval_every="$steps" --set data.test_limit=2000 > /dev/null
    done
done
python3 - "$work" "$steps" "${seeds[@]}" <<'PY'
import json, statistics, sys
work, steps, seeds = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
runs = {}
for seed in seeds:
    for precision in ("bfloat16", "float32"):
        rows = [json.loads(line) for line in open(f"{work}/{precision}-{seed}/metrics.jsonl")]
        train = {r["step"]: r["loss"] for r in rows if r["split"] == "train"}
        test = [r["nrmse"] for r in rows if r["split"] == "test"][-1]
        runs[precision, seed] = (train, test)
logged = sorted(runs["float32", seeds[0]][0])
print("training loss (nRMSE) per logged step")
print("step  " + "  ".join(f"{p[:4]}-s{s}" for s in seeds for p in ("bfloat16", "float32")))
for step in logged:
    print(f"{step:4d}  " + "  ".join(f"{runs[p, s][0][step]:9.4f}" for s in seeds for p in ("bfloat16", "float32")))
print("test nRMSE after", steps, "steps:", ", ".join(f"{p} seed {s}: {runs[p, s][1]:.4f}" for s in seeds for p in ("bfloat16", "float32")))
# Late half of the curve: where the runs have left the common start.
late = [step for step in logged if step > steps // 2]
precision_gap = statistics.mean(abs(runs["bfloat16", s][0][t] - runs["float32", s][0][t]) for s in seeds for t in late)
seed_gap = statistics.mean(abs(runs["float32", a][0][t] - runs["float32", b][0][t])
                           for i, a in enumerate(seeds) for b in seeds[i + 1:] for t in late)
test_gap = statistics.mean(abs(runs["bfloat16", s][1] - runs["float32", s][1]) for s in seeds)
test_seed_gap = statistics.mean(abs(runs["float32", a][1] - runs["float32", b][1])
                                for i, a in enumerate(seeds) for b in seeds[i + 1:])
print(f"mean |bfloat16 - float32| at equal seed, steps > {steps // 2}: loss {precision_gap:.4f}, test nRMSE {test_gap:.4f}")
print(f"mean |seed a - seed b| in float32 (run-to-run noise):      loss {seed_gap:.4f}, test nRMSE {test_seed_gap:.4f}")
PY
