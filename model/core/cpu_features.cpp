#include "model/core/cpu_features.h"

#include "model/core/errors.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace csae {

namespace {

#if defined(__x86_64__) || defined(__i386__)
std::uint64_t xgetbv0()
{
    std::uint32_t eax = 0, edx = 0;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (static_cast<std::uint64_t>(edx) << 32) | eax;
}

CpuFeatures detect()
{
    CpuFeatures f;
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid_max(0x80000000, nullptr) >= 0x80000004) {
        char brand[49] = {};
        for (unsigned leaf = 0; leaf < 3; ++leaf) {
            __get_cpuid(0x80000002 + leaf, &a, &b, &c, &d);
            const unsigned words[4] = {a, b, c, d};
            std::memcpy(brand + 16 * leaf, words, 16);
        }
        f.model = brand;
        f.model.erase(0, f.model.find_first_not_of(' '));
        f.model.erase(f.model.find_last_not_of(' ') + 1);
    }
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return f;
    const bool osxsave = c & bit_OSXSAVE, fma = c & bit_FMA, avx = c & bit_AVX;
    const bool f16c = c & bit_F16C, movbe = c & bit_MOVBE;
    const std::uint64_t xcr0 = osxsave ? xgetbv0() : 0;
    const bool ymm_state = (xcr0 & 0x6) == 0x6, zmm_state = (xcr0 & 0xe6) == 0xe6;
    if (__get_cpuid_max(0, nullptr) < 7)
        return f;
    unsigned ea = 0, eb = 0, ec = 0, ed = 0;
    const bool lzcnt = __get_cpuid(0x80000001, &ea, &eb, &ec, &ed) && (ec & bit_LZCNT);
    __cpuid_count(7, 0, a, b, c, d);
    // The whole x86-64-v3 and -v4 sets, which the kernels' AVX2 and AVX-512 builds may use.
    f.avx2 = avx && fma && f16c && movbe && lzcnt && ymm_state && (b & bit_AVX2) && (b & bit_BMI) && (b & bit_BMI2);
    f.avx512f = f.avx2 && zmm_state && (b & bit_AVX512F) && (b & bit_AVX512BW) && (b & bit_AVX512CD) &&
                (b & bit_AVX512DQ) && (b & bit_AVX512VL);
    f.amx_bf16 = d & (1u << 22); // oneDNN asks the kernel for the AMX tile state itself
    const unsigned max_subleaf = a;
    if (max_subleaf >= 1) {
        __cpuid_count(7, 1, a, b, c, d);
        f.avx512_bf16 = f.avx512f && (a & (1u << 5));
    }
    return f;
}
#else
CpuFeatures detect()
{
    return {};
}
#endif

} // namespace

IsaLevel CpuFeatures::level() const
{
    if (avx512f)
        return IsaLevel::Avx512;
    return avx2 ? IsaLevel::Avx2 : IsaLevel::Baseline;
}

std::string CpuFeatures::feature_list() const
{
    std::string list;
    for (const auto& [present, name] : {std::pair{avx2, "avx2"}, std::pair{avx512f, "avx512f"},
                                        std::pair{avx512_bf16, "avx512_bf16"}, std::pair{amx_bf16, "amx_bf16"}})
        if (present)
            list += (list.empty() ? "" : " ") + std::string(name);
    return list.empty() ? "none" : list;
}

CpuFeatures capped(CpuFeatures features, const std::string& cap)
{
    features.cap = cap;
    if (cap.empty() || cap == "avx512")
        return features;
    if (cap != "avx2" && cap != "baseline")
        throw ConfigError("CSAE_MAX_ISA: \"" + cap + "\" is not one of avx512, avx2, baseline");
    features.avx512f = features.avx512_bf16 = features.amx_bf16 = false;
    if (cap == "baseline")
        features.avx2 = false;
    return features;
}

const CpuFeatures& cpu_features()
{
    static const CpuFeatures features = [] {
        CpuFeatures f = detect();
        f.logical_cores = static_cast<int>(std::thread::hardware_concurrency());
        const char* cap = std::getenv("CSAE_MAX_ISA");
        return capped(std::move(f), cap ? cap : "");
    }();
    return features;
}

IsaLevel kernel_isa_level()
{
    static const IsaLevel level = cpu_features().level();
    return level;
}

std::string isa_name(IsaLevel level)
{
    switch (level) {
    case IsaLevel::Baseline:
        return "baseline";
    case IsaLevel::Avx2:
        return "avx2";
    case IsaLevel::Avx512:
        return "avx512";
    }
    return "baseline";
}

std::string onednn_isa_name(IsaLevel level)
{
    switch (level) {
    case IsaLevel::Baseline:
        return "SSE41";
    case IsaLevel::Avx2:
        return "AVX2";
    case IsaLevel::Avx512:
        return "AVX512_CORE_AMX";
    }
    return "SSE41";
}

void apply_isa_cap_to_onednn()
{
    const CpuFeatures& cpu = cpu_features();
    if (cpu.cap.empty() || cpu.cap == "avx512" || std::getenv("ONEDNN_MAX_CPU_ISA"))
        return;
    const std::string name = onednn_isa_name(cpu.level());
    ::setenv("ONEDNN_MAX_CPU_ISA", name.c_str(), 0);
    ::setenv("DNNL_MAX_CPU_ISA", name.c_str(), 0);
}

} // namespace csae
