#!/usr/bin/env bash
# Runs the seed's experiments as study presets (resources/studies), one after another, into
# OUT/<preset>/, and reports each (results.csv, summary.csv, figures/). Resumable: run it again
# and finished runs are kept, interrupted ones resume. docs/findings.md reads the results.
# Usage: scripts/seed_findings.sh OUT [PRESET...]   (default: every seed-* preset, cheapest first)
# $CSAE names the csae binary (default build/release/app/csae).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csae="${CSAE:-$root/build/release/app/csae}"
out="$1"; shift
presets=("$@")
if [[ ${#presets[@]} -eq 0 ]]; then
    presets=(seed-kernel-mnist seed-embedding-size seed-recurrence-mnist seed-encoding-frequency
             seed-encoding-heatmap seed-kernel-dvs seed-recurrence-dvs seed-dvs-targets
             seed-dvs-classifier-kernel seed-hparams)
fi
mkdir -p "$out"
for preset in "${presets[@]}"; do
    echo "== $preset ($(date +%H:%M:%S))"
    start=$(date +%s)
    "$csae" study run "$preset" --out "$out/$preset" | grep -E "done in|FAILED|study $preset: .* 0 left" || true
    "$csae" study report "$out/$preset" | grep -v "^Figures\|png$\|pdf$" || true
    echo "== $preset: $(( $(date +%s) - start )) s"
done
