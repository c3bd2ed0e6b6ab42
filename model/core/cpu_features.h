#pragma once
// What this CPU can do, as far as the engine's choices depend on it: read once from CPUID (not
// /proc/cpuinfo, which qemu-user passes through from the host), then capped by $CSAE_MAX_ISA.
// Thread-safe; the first call caches the answer for the process.

#include <string>
#include <vector>

namespace csae {

/// The instruction-set levels the engine distinguishes, lowest first.
enum class IsaLevel { Baseline, Avx2, Avx512 };

struct CpuFeatures {
    std::string model;        ///< brand string, e.g. "AMD EPYC 9654 96-Core Processor"
    bool avx2 = false;        ///< the x86-64-v3 set (AVX2, FMA, BMI1/2, F16C, LZCNT, MOVBE) and YMM state
    bool avx512f = false;     ///< the x86-64-v4 set (AVX-512 F, BW, CD, DQ, VL) and ZMM state
    bool avx512_bf16 = false; ///< AVX512-BF16 (Cooper Lake, Sapphire Rapids, Zen 4 and later)
    bool amx_bf16 = false;    ///< AMX-BF16 (Sapphire Rapids and later)
    int logical_cores = 0;    ///< std::thread::hardware_concurrency()
    std::string cap;          ///< $CSAE_MAX_ISA as given ("" when unset)

    /// The highest level all of whose features are present.
    IsaLevel level() const;
    /// Native BF16 arithmetic: AVX512-BF16 or AMX-BF16.
    bool native_bfloat16() const { return avx512_bf16 || amx_bf16; }
    /// "avx2 avx512f avx512_bf16" style list of the present features ("none" when empty).
    std::string feature_list() const;
};

/// The CPU as detected, with $CSAE_MAX_ISA applied (avx512, avx2 or baseline: features above
/// the named level are reported absent, and the engine's own dispatch avoids them).
/// Throws ConfigError for an unknown $CSAE_MAX_ISA value.
const CpuFeatures& cpu_features();

/// The level the engine's own kernels dispatch to (CSAE_KERNEL in model/kernels/simd_targets.h):
/// cpu_features().level(), so $CSAE_MAX_ISA lowers it. Cached; any thread.
IsaLevel kernel_isa_level();

/// Applies a cap ("avx512", "avx2", "baseline"; "" leaves it unchanged) to `features`.
/// Throws ConfigError naming CSAE_MAX_ISA for an unknown value.
CpuFeatures capped(CpuFeatures features, const std::string& cap);

/// "avx512", "avx2" or "baseline", as $CSAE_MAX_ISA names them.
std::string isa_name(IsaLevel level);

/// The name oneDNN's ONEDNN_MAX_CPU_ISA uses for a level ("AVX512_CORE_AMX", "AVX2", "SSE41").
std::string onednn_isa_name(IsaLevel level);

/// Hands a $CSAE_MAX_ISA cap on to oneDNN (ONEDNN_MAX_CPU_ISA, unless that is set already).
/// Effective only before oneDNN's first primitive; configure_runtime() calls it.
void apply_isa_cap_to_onednn();

} // namespace csae
