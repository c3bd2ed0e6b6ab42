#!/usr/bin/env bash
# Configures and builds the release preset (after scripts/setup.sh). Incremental and idempotent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
[[ -f build/release/CMakeCache.txt ]] || cmake --preset release
# Two jobs: each LibTorch translation unit needs ~1 GiB and there are two cores.
cmake --build --preset release -j "${CSAE_BUILD_JOBS:-2}"
