#pragma once
// The engine is built for the baseline x86-64 so that one binary runs on any machine; its few
// hand-written kernels are compiled again for AVX2 and AVX-512 (CSAE_KERNEL), and each call
// dispatches on kernel_isa_level(): the best level the CPU has, capped by $CSAE_MAX_ISA.

#include "model/core/cpu_features.h"

#include <cstdint>
#include <cstring>
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#include <immintrin.h>
#endif

// CSAE_KERNEL(Ret, name, (params), (args)) { body } defines `Ret name(params)`: the body is
// compiled once per level (x86-64-v4, -v3 and the baseline; it is forced inline into each) and
// every call picks one by kernel_isa_level(). Unlike GCC's target_clones, whose loader-time
// choice cannot be overridden, this honours $CSAE_MAX_ISA and lets a test run every path.
// In the body, kVectorBytes is the level's register width (64, 32, 16): GCC vectors wider than
// the target's registers live in memory, piece by piece (an AVX2 build with 512-bit vectors ran
// the event-driven convolution 14 times slower). Define each kernel in exactly one source;
// callers elsewhere see a plain declaration.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CSAE_KERNEL(Ret, name, params, args)                                                                           \
    template <int kVectorBytes>                                                                                        \
    static __attribute__((always_inline)) inline Ret name##_any_level params;                                          \
    __attribute__((target("arch=x86-64-v4"))) static Ret name##_avx512 params                                          \
    {                                                                                                                  \
        return name##_any_level<64> args;                                                                              \
    }                                                                                                                  \
    __attribute__((target("arch=x86-64-v3"))) static Ret name##_avx2 params                                            \
    {                                                                                                                  \
        return name##_any_level<32> args;                                                                              \
    }                                                                                                                  \
    static Ret name##_baseline params                                                                                  \
    {                                                                                                                  \
        return name##_any_level<16> args;                                                                              \
    }                                                                                                                  \
    Ret name params                                                                                                    \
    {                                                                                                                  \
        switch (::csae::kernel_isa_level()) {                                                                          \
        case ::csae::IsaLevel::Avx512:                                                                                 \
            return name##_avx512 args;                                                                                 \
        case ::csae::IsaLevel::Avx2:                                                                                   \
            return name##_avx2 args;                                                                                   \
        default:                                                                                                       \
            return name##_baseline args;                                                                               \
        }                                                                                                              \
    }                                                                                                                  \
    template <int kVectorBytes>                                                                                        \
    static __attribute__((always_inline)) inline Ret name##_any_level params
#else
#define CSAE_KERNEL(Ret, name, params, args) Ret name params
/// The register width the kernel bodies assume where CSAE_KERNEL compiles them only once.
constexpr int kVectorBytes = 16;
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
    constexpr int kWide = 64 / sizeof(T); // one 512-bit register
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

/// N values of T in registers of Bytes each (a CSAE_KERNEL body's kVectorBytes), with the memory
/// layout of VectorOf<T, N>: for buffers laid out in 512-bit rows, computed in AVX2 or SSE
/// registers at those levels. GCC keeps a vector type wider than the target's registers in
/// memory, which made the AVX2 build of the output convolution several times slower.
template <class T, int N, int Bytes>
struct WideVector {
    static constexpr int kPart = N < Bytes / static_cast<int>(sizeof(T)) ? N : Bytes / static_cast<int>(sizeof(T));
    static_assert(kPart > 0 && N % kPart == 0);
    typedef typename VectorOf<T, kPart>::type Part;
    Part part[N / kPart];

    // Part by part: a memcpy of the whole struct went through the stack in 16-byte pieces, and
    // the wider loads after them stalled on store forwarding.
    __attribute__((always_inline)) void load(const T* p)
    {
        for (int i = 0; i < N / kPart; ++i)
            std::memcpy(&part[i], p + i * kPart, sizeof(Part));
    }
    __attribute__((always_inline)) void store(T* p) const
    {
        for (int i = 0; i < N / kPart; ++i)
            std::memcpy(p + i * kPart, &part[i], sizeof(Part));
    }

    __attribute__((always_inline)) WideVector& operator+=(const WideVector& other)
    {
        for (int i = 0; i < N / kPart; ++i)
            part[i] += other.part[i];
        return *this;
    }
    __attribute__((always_inline)) friend WideVector operator+(WideVector v, T scalar)
    {
        for (int i = 0; i < N / kPart; ++i)
            v.part[i] += scalar;
        return v;
    }
    __attribute__((always_inline)) friend WideVector operator*(WideVector v, T scalar)
    {
        for (int i = 0; i < N / kPart; ++i)
            v.part[i] *= scalar;
        return v;
    }
    __attribute__((always_inline)) friend WideVector operator*(T scalar, WideVector v) { return v * scalar; }
    __attribute__((always_inline)) friend WideVector operator*(WideVector v, const WideVector& other)
    {
        for (int i = 0; i < N / kPart; ++i)
            v.part[i] *= other.part[i];
        return v;
    }
};

constexpr std::int64_t kCompactSlack = 16;

/// compact_row writes the positions and values of the nonzeros of row[0, k) to index/value, in
/// increasing order, without branches; index/value need room for their count plus kCompactSlack
/// (whole vectors are stored, the zeros' entries overwritten by the next store).
template <class T>
std::int64_t compact_row_portable(const T* row, std::int64_t k, std::int32_t* index, T* value)
{
    std::int64_t n = 0;
    for (std::int64_t i = 0; i < k; ++i) {
        index[n] = static_cast<std::int32_t>(i);
        value[n] = row[i];
        n += row[i] != T(0);
    }
    return n;
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
// AVX-512 compresses 16 values and their indices per instruction, in registers (the
// compress-to-memory form is microcoded and slow on AMD's Zen 4), then stores them whole.
__attribute__((target("avx512f,popcnt"))) inline std::int64_t compact_row_avx512(const float* row, std::int64_t k,
                                                                                 std::int32_t* index, float* value)
{
    std::int64_t n = 0, i = 0;
    __m512i indices = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i sixteen = _mm512_set1_epi32(16);
    for (; i + 16 <= k; i += 16) {
        const __m512 v = _mm512_loadu_ps(row + i);
        const __mmask16 nonzero = _mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_NEQ_UQ);
        _mm512_storeu_si512(index + n, _mm512_maskz_compress_epi32(nonzero, indices));
        _mm512_storeu_ps(value + n, _mm512_maskz_compress_ps(nonzero, v));
        n += __builtin_popcount(nonzero);
        indices = _mm512_add_epi32(indices, sixteen);
    }
    for (; i < k; ++i) {
        index[n] = static_cast<std::int32_t>(i);
        value[n] = row[i];
        n += row[i] != 0.0f;
    }
    return n;
}
#endif

/// Returns the count of nonzeros.
inline std::int64_t compact_row(const float* row, std::int64_t k, std::int32_t* index, float* value)
{
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    if (kernel_isa_level() == IsaLevel::Avx512)
        return compact_row_avx512(row, k, index, value);
#endif
    return compact_row_portable(row, k, index, value);
}
inline std::int64_t compact_row(const double* row, std::int64_t k, std::int32_t* index, double* value)
{
    return compact_row_portable(row, k, index, value);
}

} // namespace csae
