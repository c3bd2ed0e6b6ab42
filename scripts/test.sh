#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite. Idempotent. Usage: scripts/test.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "$root"
# Tests run one at a time: each already uses both cores, and oversubscribed OpenMP threads
# spin against each other (measured: a 65 s test took over 300 s when two ran at once).
ctest --preset release --output-on-failure
