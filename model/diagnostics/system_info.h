#pragma once
// What a bug report needs to know about this machine and this build: the CPU and its features
// that matter, threads, LibTorch, oneDNN and BLAS, the kernel each layer of the default SAE
// takes, and which datasets are found. `csae info` prints it; the studio's About dialog shows it.

#include "model/networks/autoencoder.h"

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace csae {

struct DatasetPresence {
    std::string dataset; ///< choice name, e.g. "mnist"
    std::string where;   ///< the directory found, or "" when not found
};

struct SystemInfo {
    std::string csae_version;
    std::string cpu_model;
    std::string cpu_features;   ///< present features among avx2 avx512f avx512_bf16 amx_bf16
    std::string isa;            ///< the engine's level after $CSAE_MAX_ISA: avx512, avx2, baseline
    std::string isa_cap;        ///< $CSAE_MAX_ISA ("" unset)
    std::string engine_kernels; ///< the build of the engine's own kernels each call dispatches to
    int logical_cores = 0;
    int threads = 0; ///< LibTorch's intra-op threads after configure_runtime(0)
    std::string libtorch_version;
    std::string onednn_version;
    std::string aten_capability;    ///< ATen's own vectorised kernels (e.g. "AVX2")
    std::string blas;               ///< LibTorch's BLAS_INFO and the BLAS library loaded, with its path
    std::string gradient_precision; ///< the defaults' train.gradient_precision, resolved, with why
    std::vector<LayerPath> layers;  ///< the default SAE's layers
    std::vector<DatasetPresence> datasets;
};

/// Gathers SystemInfo. Configures the runtime (threads, $CSAE_MAX_ISA) as training would and
/// builds the default SAE once; takes about a second. Call from any thread.
SystemInfo gather_system_info(const std::filesystem::path& project_data_dir);

/// Plain text, one "name: value" line each, for the terminal and the About dialog.
std::string format_system_info(const SystemInfo& info);
nlohmann::ordered_json to_json(const SystemInfo& info);

} // namespace csae
