#include "model/diagnostics/system_info.h"

#include "model/config/config.h"
#include "model/core/cpu_features.h"
#include "model/core/runtime.h"
#include "model/data/dataset_locator.h"
#include "model/data/event_dataset.h"
#include "model/kernels/gradient_precision.h"
#include "model/networks/network_factory.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>

#include <fstream>
#include <sstream>

namespace csae {

namespace {

/// The value of `key=` in ATen's build settings, e.g. BLAS_INFO or TORCH_VERSION.
std::string build_setting(const std::string& config, const std::string& key)
{
    const std::size_t at = config.find(key + "=");
    if (at == std::string::npos)
        return "unknown";
    const std::size_t begin = at + key.size() + 1;
    return config.substr(begin, config.find_first_of(",\n", begin) - begin);
}

/// The line of ATen's configuration that starts with `prefix`, without it.
std::string config_line(const std::string& config, const std::string& prefix)
{
    std::istringstream lines(config);
    for (std::string line; std::getline(lines, line);) {
        const std::size_t at = line.find(prefix);
        if (at != std::string::npos)
            return line.substr(at + prefix.size());
    }
    return "unknown";
}

/// The BLAS libraries mapped into this process, as the loader resolved them (Debian's
/// libblas.so.3 is an alternative that may point at OpenBLAS or the reference BLAS).
std::string loaded_blas()
{
    std::ifstream maps("/proc/self/maps");
    std::vector<std::string> found;
    for (std::string line; std::getline(maps, line);) {
        const std::size_t slash = line.find('/');
        if (slash == std::string::npos)
            continue;
        const std::string path = line.substr(slash);
        const std::string file = std::filesystem::path(path).filename().string();
        if ((file.find("blas") != std::string::npos || file.find("mkl_rt") != std::string::npos) &&
            std::find(found.begin(), found.end(), path) == found.end())
            found.push_back(path);
    }
    std::string list;
    for (const auto& path : found)
        list += (list.empty() ? "" : ", ") + path;
    return list.empty() ? "none loaded" : list;
}

std::string engine_kernel_level()
{
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
    switch (kernel_isa_level()) { // honours $CSAE_MAX_ISA
    case IsaLevel::Avx512:
        return "x86-64-v4 (AVX-512)";
    case IsaLevel::Avx2:
        return "x86-64-v3 (AVX2)";
    case IsaLevel::Baseline:
        break;
    }
    return "x86-64 baseline";
#else
    return "portable (one build of the kernels on this compiler or CPU)";
#endif
}

} // namespace

SystemInfo gather_system_info(const std::filesystem::path& project_data_dir)
{
    configure_runtime(0);
    SystemInfo info;
    info.csae_version = CSAE_VERSION;
    const CpuFeatures& cpu = cpu_features();
    info.cpu_model = cpu.model.empty() ? "unknown" : cpu.model;
    info.cpu_features = cpu.feature_list();
    info.isa = isa_name(cpu.level());
    info.isa_cap = cpu.cap;
    info.engine_kernels = engine_kernel_level();
    info.logical_cores = cpu.logical_cores;
    info.threads = at::get_num_threads();
    const std::string config = at::show_config();
    info.libtorch_version = build_setting(config, "TORCH_VERSION");
    info.onednn_version = at::get_mkldnn_version();
    info.aten_capability = config_line(config, "CPU capability usage: ");
    info.blas = build_setting(config, "BLAS_INFO") + "; loaded: " + loaded_blas();

    const Config defaults;
    try {
        info.gradient_precision = resolve_gradient_precision(defaults.train.gradient_precision).reason;
    } catch (const std::exception& failure) {
        info.gradient_precision = failure.what();
    }
    // Building the model draws its initial weights from the global generator; put it back, so
    // that asking for this report never changes what a later run draws.
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    const at::Tensor generator_state = generator.get_state();
    const auto network = make_network(defaults, {1, 28, 28, 10});
    generator.set_state(generator_state);
    if (const auto* sae = dynamic_cast<const Autoencoder*>(network.get()))
        info.layers = sae->kernel_paths();

    for (const Dataset dataset : {Dataset::Mnist, Dataset::FashionMnist}) {
        DatasetPresence presence{choice_name(dataset), ""};
        try {
            presence.where = locate_dataset(presence.dataset, {}, project_data_dir).train_images.parent_path().string();
        } catch (const std::exception&) {
        }
        info.datasets.push_back(presence);
    }
    DatasetPresence gestures{choice_name(Dataset::DvsGesture), ""};
    try {
        gestures.where = locate_gesture_dataset({}, project_data_dir).string();
    } catch (const std::exception&) {
    }
    info.datasets.push_back(gestures);
    info.datasets.push_back({choice_name(Dataset::SyntheticGestures), "generated on demand"});
    return info;
}

std::string format_system_info(const SystemInfo& info)
{
    std::ostringstream text;
    text << "csae: " << info.csae_version << '\n'
         << "cpu: " << info.cpu_model << '\n'
         << "cpu features: " << info.cpu_features << '\n'
         << "isa: " << info.isa << (info.isa_cap.empty() ? "" : " (CSAE_MAX_ISA=" + info.isa_cap + ")") << '\n'
         << "engine kernels: " << info.engine_kernels << '\n'
         << "cores: " << info.logical_cores << " logical; threads used: " << info.threads << '\n'
         << "libtorch: " << info.libtorch_version << '\n'
         << "onednn: " << info.onednn_version << '\n'
         << "aten vector kernels: " << info.aten_capability << '\n'
         << "blas: " << info.blas << '\n'
         << "gradient precision (defaults): " << info.gradient_precision << '\n'
         << "layers of the default sae:\n";
    for (const auto& layer : info.layers)
        text << "  " << layer.layer << ": " << layer.path << '\n';
    text << "datasets:\n";
    for (const auto& dataset : info.datasets)
        text << "  " << dataset.dataset << ": " << (dataset.where.empty() ? "not found" : dataset.where) << '\n';
    return text.str();
}

nlohmann::ordered_json to_json(const SystemInfo& info)
{
    nlohmann::ordered_json layers = nlohmann::ordered_json::array(), datasets = nlohmann::ordered_json::object();
    for (const auto& layer : info.layers)
        layers.push_back({{"layer", layer.layer}, {"path", layer.path}});
    for (const auto& dataset : info.datasets)
        datasets[dataset.dataset] =
            dataset.where.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(dataset.where);
    return {{"csae", info.csae_version},
            {"cpu", info.cpu_model},
            {"cpu_features", info.cpu_features},
            {"isa", info.isa},
            {"isa_cap", info.isa_cap},
            {"engine_kernels", info.engine_kernels},
            {"logical_cores", info.logical_cores},
            {"threads", info.threads},
            {"libtorch", info.libtorch_version},
            {"onednn", info.onednn_version},
            {"aten_capability", info.aten_capability},
            {"blas", info.blas},
            {"gradient_precision", info.gradient_precision},
            {"layers", layers},
            {"datasets", datasets}};
}

} // namespace csae
