// csae keys: every configuration key with its allowed values, default and meaning.

#include "app/cli/cli_common.h"

#include <iomanip>
#include <iostream>

namespace csae::cli {

CommandRunner add_keys_command(CLI::App& app)
{
    app.add_subcommand("keys", "List every configuration key with its allowed values, its default and its meaning.");
    return [] {
        const auto defaults = Config{}.to_json();
        for (const auto& spec : parameter_specs()) {
            const auto dot = spec.key.find('.');
            const auto& value = defaults.at(spec.key.substr(0, dot)).at(spec.key.substr(dot + 1));
            std::cout << std::left << std::setw(24) << spec.key << ' ' << spec.range << "; default "
                      << (value.is_string() && !value.get<std::string>().empty() ? value.get<std::string>()
                                                                                 : value.dump())
                      << "\n"
                      << std::string(25, ' ') << spec.help << '\n';
        }
        return int{kDone};
    };
}

} // namespace csae::cli
