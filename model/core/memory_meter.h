#pragma once
// Counts the bytes LibTorch's CPU allocator hands out, with a resettable peak, so a benchmark
// can compare the peak tensor memory of two implementations in one process.
//
// It covers every CPU tensor; scratch space that oneDNN or OpenBLAS allocate themselves is
// not counted. Installing wraps the current CPU allocator for the rest of the process.

#include <cstdint>

namespace csae {

class MemoryMeter {
public:
    /// Installs the counting allocator (once per process); thread-safe.
    static void install();
    /// Bytes currently held by CPU tensors allocated since install().
    static std::int64_t current_bytes();
    /// Highest current_bytes() since the last reset_peak().
    static std::int64_t peak_bytes();
    /// Sets the peak to the current value.
    static void reset_peak();
};

/// The process's resident set size in bytes (Linux /proc/self/statm), or -1 where it cannot be
/// read: what the operating system holds for the process, allocator caches included.
std::int64_t resident_set_bytes();

} // namespace csae
