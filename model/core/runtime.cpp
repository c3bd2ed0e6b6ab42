#include "model/core/runtime.h"

#include "model/core/cpu_features.h"
#include "model/core/errors.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>

#include <algorithm>
#include <cstdlib>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace csae {

int resolve_thread_count(std::int64_t configured)
{
    if (configured > 0)
        return static_cast<int>(configured);
    if (const char* omp = std::getenv("OMP_NUM_THREADS")) {
        const int value = std::atoi(omp);
        if (value > 0)
            return value;
    }
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void tune_allocator()
{
#if defined(__GLIBC__)
    static const bool tuned = [] {
        mallopt(M_MMAP_THRESHOLD, 1 << 30);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        mallopt(M_ARENA_MAX, 1);
        return true;
    }();
    (void)tuned;
#endif
}

void configure_runtime(std::int64_t threads)
{
    tune_allocator();
    apply_isa_cap_to_onednn();
    at::set_num_threads(resolve_thread_count(threads));
}

c10::Device resolve_device(DeviceChoice choice)
{
    const bool available = choice != DeviceChoice::Cpu && torch::cuda::is_available();
    if (choice == DeviceChoice::Cuda && !available)
        throw ConfigError("train.device: \"cuda\" is not available (this LibTorch was built without CUDA, as "
                          "Debian's is, or no GPU is visible); use \"cpu\" or \"auto\"");
    return available ? c10::Device(c10::kCUDA) : c10::Device(c10::kCPU);
}

} // namespace csae
