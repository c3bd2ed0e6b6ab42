#!/usr/bin/env bash
# Sets everything up, builds, and runs the main job: the studio training the spiking
# autoencoder on real MNIST, live. On a machine without a display it says so and runs the
# headless trainer on the same session instead (progress on the terminal, results in runs/).
# Extra arguments go to the studio (or to `csae train` when headless). Idempotent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "$root"
session="$root/resources/quickstart_session.json"
if [[ -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ]]; then
  exec build/release/app/csae-studio --config "$session" --start "$@"
fi
echo "run: no display (DISPLAY and WAYLAND_DISPLAY are unset), so the studio cannot open."
echo "run: training headless instead: build/release/app/csae train --config $session"
echo "run: (to see the studio without a screen: xvfb-run -a build/release/app/csae-studio --config $session --start)"
exec build/release/app/csae train --config "$session" "$@"
