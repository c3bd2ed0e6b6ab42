#!/usr/bin/env bash
# Fuzzes every parser of a file the program reads: builds the `fuzz` preset (clang, libFuzzer,
# AddressSanitizer + UndefinedBehaviorSanitizer; build/fuzz) and runs each target of tests/fuzz
# for SECONDS, starting from its committed corpus (copied to build/fuzz/corpus/, which grows).
# Prints one line per target: executions, crashes (and leaks, timeouts, out-of-memory inputs,
# kept in build/fuzz/findings/), and the coverage at start and end. A crash's input belongs in
# tests/fuzz/corpus/<target>/ once fixed: the ordinary test suite runs every corpus file.
# Usage: scripts/fuzz.sh SECONDS [TARGET...]   (needs clang and libomp-dev: apt-get install clang libomp-dev)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}"
shift
targets=("$@")
((${#targets[@]})) || targets=(idx aedat gesture_labels trial_list config study_spec)
command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing (apt-get install clang libomp-dev)" >&2; exit 2; }
cd "$root"
cmake --preset fuzz -DCSAE_PROJECT_DATA_DIR="$root/data" >/dev/null
cmake --build --preset fuzz -j "${JOBS:-2}"
findings="$root/build/fuzz/findings"
mkdir -p "$findings"
for target in "${targets[@]}"; do
    corpus="$root/build/fuzz/corpus/$target"
    mkdir -p "$corpus"
    cp -n "$root/tests/fuzz/corpus/$target/"* "$corpus/" 2>/dev/null || true
    # Specs and configs expand into grids and configurations: small inputs reach every branch.
    max_len=65536
    [[ $target == study_spec || $target == config || $target == trial_list || $target == gesture_labels ]] && max_len=4096
    log="$findings/$target.log"
    ASAN_OPTIONS="detect_leaks=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
        "$root/build/fuzz/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -max_len="$max_len" \
        -rss_limit_mb=4096 -timeout=30 -print_final_stats=1 -artifact_prefix="$findings/$target-" "$corpus" \
        >"$log" 2>&1 || true
    executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    start=$(grep -m1 'INITED' "$log" | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || echo "?")
    end=$(grep -E '^#[0-9]+' "$log" | tail -1 | grep -o 'cov: [0-9]*' | grep -o '[0-9]*' || echo "?")
    found=$(find "$findings" -name "$target-*" -type f | wc -l)
    echo "$target: $executions executions, $found crashes, coverage $start -> $end edges ($log)"
done
