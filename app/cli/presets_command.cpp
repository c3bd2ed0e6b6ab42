// csae presets: the named configurations in resources/presets, one line each.

#include "app/cli/cli_common.h"

#include "model/config/presets.h"

#include <iomanip>
#include <iostream>

namespace csae::cli {

CommandRunner add_presets_command(CLI::App& app)
{
    app.add_subcommand("presets", "List the named presets (csae train --preset NAME) with a one-line description.");
    return [] {
        for (const auto& preset : list_presets())
            std::cout << std::left << std::setw(12) << preset.name << ' ' << preset.description << '\n';
        std::cout << "(in " << presets_directory().string() << ")\n";
        return int{kDone};
    };
}

} // namespace csae::cli
