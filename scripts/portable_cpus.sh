#!/usr/bin/env bash
# Runs a small training of the default SAE natively and under qemu-user emulating CPUs without
# AVX-512 (Haswell: AVX2) and without AVX (Nehalem: SSE4.2), then compares the test nRMSE at
# step 0 (the forward pass alone) and after training with the native run's.
# Usage: scripts/portable_cpus.sh [OUT] [CPU...]   (CPUs default: Haswell Nehalem)
# Needs qemu-user (Debian: apt-get install qemu-user). A few minutes on 2 cores; exits 1 when a
# run fails or differs from the native one by more than the tolerance below.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csae="${CSAE:-$root/build/release/app/csae}"
out="${1:-$(mktemp -d)}"; shift || true
cpus=("$@"); [[ ${#cpus[@]} -gt 0 ]] || cpus=(Haswell Nehalem)
command -v qemu-x86_64 >/dev/null || { echo "portable_cpus.sh: qemu-x86_64 not found (apt-get install qemu-user)" >&2; exit 2; }
# Different kernel paths sum in different orders, so spikes near the threshold may flip: the
# runs agree to a tolerance, not bit for bit. Measured differences are in the README.
tolerance=0.03
args=(train --set data.limit=64 --set data.test_limit=64 --set train.batch_size=8 --set encoding.steps=4
      --set model.channels=[4,8] --set model.embedding_size=16 --set train.max_steps=4 --set train.eval_every=4
      --set train.threads=1)
mkdir -p "$out"
run() { # NAME PREFIX...
    local name="$1"; shift
    rm -rf "$out/$name"
    local start=$SECONDS
    if ! "$@" "$csae" "${args[@]}" --out "$out/$name" > "$out/$name.log" 2>&1; then
        echo "$name: failed (log: $out/$name.log)"; tail -3 "$out/$name.log"; return 1
    fi
    echo "$name: $((SECONDS - start)) s, $(grep -v '^qemu-x86_64:' "$out/$name.log" | head -1 | sed 's/.*; gradients //')"
}
run native env
# OpenBLAS picks its kernels from CPUID by itself and, under qemu-user's Nehalem, chose its
# Haswell kernels (AVX2) and died on an illegal instruction in sgemm_beta_HASWELL: name the
# core for it, as OPENBLAS_CORETYPE allows. The engine and oneDNN detect the emulated CPU right.
for cpu in "${cpus[@]}"; do
    run "$cpu" env OPENBLAS_CORETYPE="$cpu" qemu-x86_64 -cpu "$cpu"
    # The emulated CPU must really get its own kernel build, or the comparison proves nothing.
    case "$cpu" in Haswell) expected="x86-64-v3" ;; Nehalem) expected="x86-64 baseline" ;; *) expected="" ;; esac
    kernels=$(env OPENBLAS_CORETYPE="$cpu" qemu-x86_64 -cpu "$cpu" "$csae" info 2>/dev/null | grep '^engine kernels:')
    echo "$cpu: $kernels"
    if [[ -n "$expected" && "$kernels" != *"$expected"* ]]; then
        echo "$cpu: expected the $expected kernels"; exit 1
    fi
done
python3 - "$out" "$tolerance" native "${cpus[@]}" <<'PY'
import json, sys
out, tolerance, names = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
def tests(name):
    rows = [json.loads(l) for l in open(f"{out}/{name}/metrics.jsonl")]
    return {r["step"]: r["nrmse"] for r in rows if r["split"] == "test"}
native = tests("native")
print("| run | test nRMSE at step 0 | after 4 steps | largest relative difference to native |")
print("|---|---|---|---|")
worst = 0.0
for name in names:
    t = tests(name)
    diff = max(abs(t[s] - native[s]) / native[s] for s in native)
    worst = max(worst, diff) if name != "native" else worst
    print(f"| {name} | {t[0]:.4f} | {t[max(t)]:.4f} | {diff:.4f} |")
print(f"\ntolerance {tolerance}: {'passed' if worst <= tolerance else 'FAILED'}")
sys.exit(0 if worst <= tolerance else 1)
PY
