#pragma once
// train.gradient_precision resolved for this machine. bfloat16 products pay only where the CPU
// has native BF16 arithmetic; elsewhere oneDNN emulates them and they ran slower than float32
// (docs/performance.md, "Portable CPUs").

#include "model/config/choices.h"
#include "model/core/cpu_features.h"

#include <string>

namespace csae {

struct ResolvedPrecision {
    GradientPrecision precision = GradientPrecision::Float32; ///< BFloat16 or Float32, never Auto
    std::string reason;                                       ///< one line, for the run's header and metrics
    bool bfloat16() const { return precision == GradientPrecision::BFloat16; }
};

/// The decision alone, for given CPU features and probe result (tests inject both). `auto`
/// picks bfloat16 only with native BF16 and a working probe; an explicit `bfloat16` without
/// them throws ConfigError naming the key, the missing feature and the alternative.
ResolvedPrecision decide_gradient_precision(GradientPrecision requested, const CpuFeatures& cpu,
                                            bool bfloat16_primitive_works, const std::string& probe_error = {});

/// decide_gradient_precision() for this process's CPU (cpu_features()) and oneDNN. The probe,
/// one small bfloat16 convolution backward pass, runs once per process, on the first call
/// that needs it. Thread-safe.
ResolvedPrecision resolve_gradient_precision(GradientPrecision requested);

} // namespace csae
