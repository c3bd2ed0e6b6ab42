#!/usr/bin/env bash
# Measures training throughput with the studio open and every view live (under Xvfb when there
# is no display) against `csae train` at the same config, in one run. Prints both and the ratio.
# Usage: scripts/studio_throughput.sh [STEPS]   (default 30; default config otherwise)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
steps="${1:-30}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/session.json" <<JSON
{"data": {"limit": 6400, "test_limit": 256}, "train": {"log_every": 1, "eval_every": 0}}
JSON
"$root/build/release/app/csae" train --config "$work/session.json" --max-steps "$steps" --out "$work/cli" > /dev/null
cli=$(python3 - "$work/cli/metrics.jsonl" "$steps" <<'PY'
import json, sys
rows = {r["step"]: r for r in map(json.loads, open(sys.argv[1])) if r.get("split") == "train"}
last = int(sys.argv[2])
print(64 * (last - 3) / (rows[last]["elapsed_s"] - rows[3]["elapsed_s"]))
PY
)
run_studio=("$root/build/release/app/csae-studio" --config "$work/session.json" --benchmark-steps "$steps")
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then run_studio=(xvfb-run -a -s "-screen 0 1600x1000x24" "${run_studio[@]}"); fi
studio=$(HOME="$work" "${run_studio[@]}" 2>/dev/null | python3 -c 'import json,sys; print(json.loads(sys.stdin.read().strip().splitlines()[-1])["studio_samples_per_s"])')
python3 -c "print(f'csae train: {float($cli):.1f} samples/s; studio with all views: {float($studio):.1f} samples/s; ratio {float($studio)/float($cli):.3f}')"
