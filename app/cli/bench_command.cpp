// csae bench: the production SAE against the per-timestep reference, in one process.

#include "app/cli/cli_common.h"

#include "model/core/cpu_features.h"
#include "model/kernels/gradient_precision.h"
#include "model/training/benchmark.h"

#include <ATen/Parallel.h>

#include <cstdlib>
#include <iostream>

namespace csae::cli {
namespace {

nlohmann::ordered_json to_json(const ImplementationResult& result)
{
    return {{"implementation", result.name},
            {"samples_per_s", result.samples_per_s},
            {"median_step_s", result.median_step_seconds},
            {"peak_memory_mb", result.peak_memory_mb},
            {"step_s", result.step_seconds}};
}

struct BenchArguments {
    ConfigArguments config;
    std::int64_t steps = 5;
    std::int64_t warmup = 1;
};

} // namespace

CommandRunner add_bench_command(CLI::App& app)
{
    auto arguments = std::make_shared<BenchArguments>();
    CLI::App* command = app.add_subcommand(
        "bench", "Train the production SAE (train.execution: stepwise or folded) and the per-timestep reference from "
                 "the same config, weights and batches in this process; print JSON lines with samples/s (median of "
                 "--steps steps after --warmup), peak tensor memory, the speedup and the largest relative gradient "
                 "difference (float32 with train.gradient_precision's input gradients, and float64).");
    arguments->config.add_to(*command);
    command->add_option("--steps", arguments->steps, "Measured steps")
        ->check(CLI::Range(1, 1000000))
        ->capture_default_str();
    command->add_option("--warmup", arguments->warmup, "Warm-up steps")
        ->check(CLI::Range(0, 1000000))
        ->capture_default_str();
    return [arguments] {
        const Config config = arguments->config.build();
        BenchmarkOptions options;
        options.measured_steps(arguments->steps).warmup_steps(arguments->warmup);
        const BenchmarkResult result = run_benchmark(config, options, CSAE_PROJECT_DATA_DIR);
        const ResolvedPrecision precision = resolve_gradient_precision(config.train.gradient_precision);
        std::cout << to_json(result.production).dump() << '\n' << to_json(result.reference).dump() << '\n';
        nlohmann::ordered_json summary{
            {"speedup", result.speedup},
            {"max_relative_grad_difference", result.max_relative_gradient_difference},
            {"max_relative_grad_difference_float64", result.max_relative_gradient_difference_float64},
            {"gradient_precision", choice_name(precision.precision)},
            {"gradient_precision_reason", precision.reason},
            {"isa", isa_name(kernel_isa_level())}, // the engine kernels' path
            {"onednn_max_cpu_isa", std::getenv("ONEDNN_MAX_CPU_ISA") ? std::getenv("ONEDNN_MAX_CPU_ISA") : "unset"},
            {"cpu_features", cpu_features().feature_list()},
            {"batch_size", config.train.batch_size},
            {"steps", config.encoding.steps},
            {"threads", at::get_num_threads()}};
        std::cout << summary.dump() << std::endl;
        return int{kDone};
    };
}

} // namespace csae::cli
