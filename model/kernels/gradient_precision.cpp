#include "model/kernels/gradient_precision.h"

#include "model/core/errors.h"

#include <ATen/ops/convolution_backward.h>
#include <ATen/ops/ones.h>

#include <mutex>

namespace csae {

namespace {

struct Probe {
    bool works = false;
    std::string error;
};

/// The bfloat16 products the stepwise execution runs, in miniature: a channels-last input
/// gradient of a convolution.
Probe probe_bfloat16_convolution()
{
    Probe probe;
    try {
        const auto options = at::TensorOptions().dtype(at::kBFloat16);
        const at::Tensor grad = at::ones({2, 8, 6, 6}, options).contiguous(at::MemoryFormat::ChannelsLast);
        const at::Tensor input = at::ones({2, 4, 6, 6}, options).contiguous(at::MemoryFormat::ChannelsLast);
        const at::Tensor weight = at::ones({8, 4, 3, 3}, options).contiguous(at::MemoryFormat::ChannelsLast);
        const at::Tensor grad_input = std::get<0>(at::convolution_backward(
            grad, input, weight, c10::nullopt, {1, 1}, {1, 1}, {1, 1}, false, {0, 0}, 1, {true, false, false}));
        // The centre of each map sees all 9 taps of all 8 output channels.
        probe.works = grad_input[0][0][3][3].item<float>() == 72.0f;
        if (!probe.works)
            probe.error = "wrong result";
    } catch (const std::exception& failure) {
        probe.error = failure.what();
        probe.error = probe.error.substr(0, probe.error.find('\n'));
    }
    return probe;
}

} // namespace

ResolvedPrecision decide_gradient_precision(GradientPrecision requested, const CpuFeatures& cpu,
                                            bool bfloat16_primitive_works, const std::string& probe_error)
{
    const std::string cpu_name = cpu.model.empty() ? std::string("this CPU") : cpu.model;
    const std::string capped = cpu.cap.empty() ? "" : " (CSAE_MAX_ISA=" + cpu.cap + ")";
    if (requested == GradientPrecision::Float32)
        return {GradientPrecision::Float32, "float32 as configured"};
    if (!cpu.native_bfloat16()) {
        if (requested == GradientPrecision::BFloat16)
            throw ConfigError("train.gradient_precision: \"bfloat16\" needs a CPU with AVX512-BF16 or AMX-BF16; " +
                              cpu_name + capped + " has neither (features: " + cpu.feature_list() +
                              "). Use \"auto\" or \"float32\".");
        return {GradientPrecision::Float32,
                "auto: float32, as " + cpu_name + capped + " lacks AVX512-BF16 and AMX-BF16"};
    }
    if (!bfloat16_primitive_works) {
        if (requested == GradientPrecision::BFloat16)
            throw ConfigError("train.gradient_precision: \"bfloat16\": oneDNN's bfloat16 convolution failed on " +
                              cpu_name + capped + ": " + probe_error + ". Use \"auto\" or \"float32\".");
        return {GradientPrecision::Float32, "auto: float32, as oneDNN's bfloat16 convolution failed: " + probe_error};
    }
    if (requested == GradientPrecision::BFloat16)
        return {GradientPrecision::BFloat16, "bfloat16 as configured"};
    return {GradientPrecision::BFloat16,
            std::string("auto: bfloat16, as ") + cpu_name + " has " + (cpu.avx512_bf16 ? "AVX512-BF16" : "AMX-BF16")};
}

ResolvedPrecision resolve_gradient_precision(GradientPrecision requested)
{
    const CpuFeatures& cpu = cpu_features();
    if (requested == GradientPrecision::Float32 || !cpu.native_bfloat16())
        return decide_gradient_precision(requested, cpu, false);
    static std::once_flag once;
    static Probe probe;
    std::call_once(once, [] { probe = probe_bfloat16_convolution(); });
    return decide_gradient_precision(requested, cpu, probe.works, probe.error);
}

} // namespace csae
