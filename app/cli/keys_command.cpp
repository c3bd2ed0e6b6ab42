// csae keys: every configuration key with its allowed values and meaning.

#include "app/cli/cli_common.h"

#include <iomanip>
#include <iostream>

namespace csae::cli {

CommandRunner add_keys_command(CLI::App& app)
{
    app.add_subcommand("keys", "List every configuration key with its allowed values.");
    return [] {
        for (const auto& spec : parameter_specs())
            std::cout << std::left << std::setw(24) << spec.key << ' ' << spec.range << "\n"
                      << std::string(25, ' ') << spec.help << '\n';
        return int{kDone};
    };
}

} // namespace csae::cli
