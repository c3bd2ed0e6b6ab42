#pragma once
// Measures the production (fused) SAE against the per-timestep reference: same config, same
// initial weights, same batches, one process. Used by `csae bench`.

#include "model/config/config.h"

#include <torch/arg.h>

#include <filesystem>
#include <string>
#include <vector>

namespace csae {

struct BenchmarkOptions {
    /// Training steps run and discarded before measuring (allocator and oneDNN warm-up).
    TORCH_ARG(std::int64_t, warmup_steps) = 1;
    /// Training steps measured; the median is reported.
    TORCH_ARG(std::int64_t, measured_steps) = 5;
};

struct ImplementationResult {
    std::string name;           ///< "fused" or "per_timestep"
    double samples_per_s = 0.0; ///< batch size / median step time
    double median_step_seconds = 0.0;
    double peak_memory_mb = 0.0; ///< peak CPU tensor memory during the measured steps (MemoryMeter)
    std::vector<double> step_seconds;
};

struct BenchmarkResult {
    ImplementationResult production;
    ImplementationResult reference;
    double speedup = 0.0; ///< production samples/s over reference samples/s
    /// Over all parameters: max |g_fused - g_reference| / max |g_reference| on one batch from equal weights.
    double max_relative_gradient_difference = 0.0;
    /// The same comparison in float64 (the exact-precision mode) on the batch's first 8 samples.
    double max_relative_gradient_difference_float64 = 0.0;
};

/// Runs the comparison for an SAE config (model.kind must be "sae"). Full training steps
/// (encoding, forward, backward, Adam) on real data. Throws ConfigError / DataError.
BenchmarkResult run_benchmark(const Config& config, const BenchmarkOptions& options,
                              const std::filesystem::path& project_data_dir);

} // namespace csae
