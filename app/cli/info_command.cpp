// csae info: what a bug report needs (CPU, threads, LibTorch, oneDNN, BLAS, kernel paths, data).

#include "app/cli/cli_common.h"

#include "model/diagnostics/system_info.h"

#include <iostream>

namespace csae::cli {

CommandRunner add_info_command(CLI::App& app)
{
    auto json = std::make_shared<bool>(false);
    CLI::App* command = app.add_subcommand(
        "info", "Print what a bug report needs: the CPU and its features that matter (AVX2, AVX-512F, AVX512-BF16, "
                "AMX), cores and threads, the LibTorch, oneDNN and BLAS versions and the BLAS loaded, the kernel each "
                "layer of the default SAE takes, and the datasets found.");
    command->add_flag("--json", *json, "One JSON object instead of text");
    return [json] {
        const SystemInfo info = gather_system_info(CSAE_PROJECT_DATA_DIR);
        if (*json)
            std::cout << to_json(info).dump(2) << '\n';
        else
            std::cout << format_system_info(info);
        return int{kDone};
    };
}

} // namespace csae::cli
