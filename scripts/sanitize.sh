#!/usr/bin/env bash
# Builds the `asan` preset (AddressSanitizer + UndefinedBehaviorSanitizer, RelWithDebInfo) in
# build/asan and runs the whole test suite under it. Not yet run to completion: reports from
# libraries outside this project (LibTorch, OpenMP, Qt) may need suppression files, each entry
# with its reason, added as they are met.
# Usage: scripts/sanitize.sh [CTEST ARGS...]    e.g. scripts/sanitize.sh -R test_config
# Long: a cold build is about 30 minutes on 2 cores and the suite runs 2-3 times slower than in
# the release build. CI does not run it; its result is recorded in the README.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" >/dev/null
cmake --preset asan -DCSAE_PROJECT_DATA_DIR="$root/data" >/dev/null
cmake --build --preset asan -j "${JOBS:-2}"
# Leaks are checked at exit; a UBSan finding stops the test, so none can pass unnoticed.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
ctest --preset asan --timeout 2400 "$@"
