#!/usr/bin/env bash
# Sets everything up, builds, and runs the main job: a short headless training run of the
# spiking autoencoder on real MNIST that prints progress and where its results went.
# Extra arguments go to `csae train` (e.g. --set train.epochs=5). Idempotent: each call
# writes a new run directory under runs/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "$root"
exec build/release/app/csae train \
  --set data.limit=4096 --set data.test_limit=1000 --set train.log_every=4 "$@"
