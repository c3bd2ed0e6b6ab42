#pragma once
// The engine is built for the baseline x86-64 so that one binary runs on any machine; its few
// hand-written kernels are compiled again for AVX2 and AVX-512, and the loader picks the best
// the CPU has when the program starts (GCC function multi-versioning).

#include <cstdint>
#include <cstring>

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CSAE_KERNEL_TARGETS __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define CSAE_KERNEL_TARGETS
#endif

namespace csae {

/// The kernels' weight gradients are summed over fixed chunks of this many samples, one partial
/// sum each, added in order at the end: the same bits on any thread count.
constexpr std::int64_t kWeightGradientChunk = 8;

/// dst[0..N) += v * src[0..N) as one vector operation (GCC's vector extension; the compiler
/// lowers it to whatever the function's target has, e.g. one AVX-512 or four SSE instructions).
template <class T, int N>
__attribute__((always_inline)) inline void add_scaled_block(T* dst, const T* src, T v)
{
    typedef T Vector __attribute__((vector_size(N * sizeof(T))));
    Vector d, s;
    std::memcpy(&d, dst, sizeof d);
    std::memcpy(&s, src, sizeof s);
    d += s * v;
    std::memcpy(dst, &d, sizeof d);
}

/// dst[0..n) += v * src[0..n). With n fixed at compile time (Fixed > 0) it becomes a few vector
/// operations with no remainder loop; left to the auto-vectoriser, short fixed loops stayed scalar.
template <class T, int Fixed>
__attribute__((always_inline)) inline void add_scaled(T* __restrict dst, const T* __restrict src, T v, std::int64_t n)
{
    constexpr int kWide = 64 / sizeof(T);  // one 512-bit register
    if constexpr (Fixed > 0) {
        int i = 0;
        for (; i + kWide <= Fixed; i += kWide)
            add_scaled_block<T, kWide>(dst + i, src + i, v);
        if constexpr (Fixed % kWide >= kWide / 2) {
            add_scaled_block<T, kWide / 2>(dst + i, src + i, v);
            i += kWide / 2;
        }
        if constexpr (Fixed % (kWide / 2) >= kWide / 4) {
            add_scaled_block<T, kWide / 4>(dst + i, src + i, v);
            i += kWide / 4;
        }
        for (; i < Fixed; ++i)
            dst[i] += v * src[i];
    } else {
#pragma GCC ivdep
        for (std::int64_t i = 0; i < n; ++i)
            dst[i] += v * src[i];
    }
}

/// A GCC vector of N elements of T (N a power of two).
template <class T, int N>
struct VectorOf {
    typedef T type __attribute__((vector_size(N * sizeof(T))));
};

} // namespace csae
