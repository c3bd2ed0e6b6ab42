#!/usr/bin/env bash
# Resident memory over a long run: trains 2,000 steps at the default config (full MNIST, test
# evaluations on 1,000 samples every 500 steps; 3 epochs, so that one epoch's 938 steps do not end the
# studio's run before STEPS) with `csae train` and with the studio (every view
# live; under Xvfb without a display), and prints the resident set size at steps 200 and 2,000
# of each with their ratio. A measurement, not a test: about 20 minutes on 2 cores.
# Usage: scripts/rss_flat.sh [STEPS] [CLI_METRICS]   (default 2000); $CSAE and $CSAE_STUDIO name
# the binaries. CLI_METRICS, a metrics.jsonl of an existing `csae train` run of at least STEPS
# steps (its rows carry rss_mb), stands in for the CLI's own run and saves half the time.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
csae="${CSAE:-$root/build/release/app/csae}"
studio="${CSAE_STUDIO:-$root/build/release/app/csae-studio}"
steps="${1:-2000}"
cli_metrics="${2:-}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/session.json" <<JSON
{"data": {"test_limit": 1000}, "train": {"epochs": 3, "log_every": 100, "eval_every": 500}}
JSON
if [[ -z "$cli_metrics" ]]; then
    "$csae" train --config "$work/session.json" --max-steps "$steps" --out "$work/cli" > /dev/null
    cli_metrics="$work/cli/metrics.jsonl"
fi
python3 - "$cli_metrics" > "$work/cli.rss" <<'PY'
import json, sys
for row in map(json.loads, open(sys.argv[1])):
    if row.get("split") == "train" and "rss_mb" in row:
        print(row["step"], row["rss_mb"])
PY
run_studio=("$studio" --config "$work/session.json" --benchmark-steps "$steps")
if [[ -z "${DISPLAY:-}" && -z "${WAYLAND_DISPLAY:-}" ]]; then run_studio=(xvfb-run -a -s "-screen 0 1600x1000x24" "${run_studio[@]}"); fi
HOME="$work" "${run_studio[@]}" 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    try: row = json.loads(line)
    except ValueError: continue
    if "rss_mb" in row: print(row["step"], row["rss_mb"])' > "$work/studio.rss"
python3 - "$work/cli.rss" "$work/studio.rss" "$steps" <<'PY'
import sys
steps = int(sys.argv[3])
print(f"| program | RSS at step 200 (MB) | RSS at step {steps} (MB) | ratio | every 100 steps (MB) |")
print("|---|---|---|---|---|")
for name, path in (("csae train", sys.argv[1]), ("csae-studio, every view live", sys.argv[2])):
    rss = {int(s): float(m) for s, m in (line.split() for line in open(path))}
    if 200 not in rss or steps not in rss:
        print(f"| {name} | missing | missing | | |"); continue
    series = ", ".join(f"{rss[s]:.0f}" for s in sorted(rss))
    print(f"| {name} | {rss[200]:.1f} | {rss[steps]:.1f} | {rss[steps] / rss[200]:.3f} | {series} |")
PY
