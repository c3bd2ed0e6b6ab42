// csae: the headless command-line tool. Links only the engine; runs without a display.
// Sub-commands are registered from their own files (app/cli/<name>_command.cpp).

#include "app/cli/cli_common.h"

#include <c10/util/Exception.h>

#include <iostream>
#include <map>

namespace {

constexpr const char* kFooter = R"(
Examples:
  csae train --set model.kind=sae --set encoding.steps=25 --out runs/mine
  csae train --preset seed --out runs/seed   the seed's own settings
  csae train --resume runs/mine
  csae eval --run runs/mine
  csae study run seed-kernel-mnist --out studies/kernel --jobs 1
  csae study report studies/kernel
  csae analyse --run runs/mine --out analysis/mine   embeddings: PCA, UMAP, probes
  csae export nir --run runs/mine --out mine.nir   the encoder for other SNN tools
  csae import nir --in mine.nir --out runs/imported
  csae info                   the machine and build, for a bug report
  csae <command> --help       options of one command

Exit status: 0 success, 1 training failed (e.g. NaN loss), 2 bad usage or bad input, 130 interrupted.)";

} // namespace

int main(int argc, char** argv)
{
    using namespace csae::cli;
    CLI::App app("csae: train, evaluate and benchmark convolutional spiking autoencoders", "csae");
    app.footer(kFooter);
    app.set_version_flag("--version", std::string("csae ") + CSAE_VERSION);
    app.require_subcommand(1);
    const std::map<std::string, CommandRunner> commands{
        {"train", add_train_command(app)},   {"eval", add_eval_command(app)},     {"bench", add_bench_command(app)},
        {"events", add_events_command(app)}, {"keys", add_keys_command(app)},     {"presets", add_presets_command(app)},
        {"info", add_info_command(app)},     {"study", add_study_command(app)},   {"analyse", add_analyse_command(app)},
        {"export", add_export_command(app)}, {"import", add_import_command(app)},
    };
    std::vector<std::string> arguments(argv + 1, argv + argc);
    if (arguments.size() == 1 && arguments.front() == "help")
        arguments.front() = "--help";
    // CLI11 reports an unknown first word only as a missing sub-command; name it instead.
    if (!arguments.empty() && !arguments.front().starts_with('-') && !commands.contains(arguments.front())) {
        std::string known;
        for (const auto& [name, runner] : commands)
            known += (known.empty() ? "" : ", ") + name;
        std::cerr << "csae: unknown command \"" << arguments.front() << "\" (commands: " << known
                  << "; see csae --help)\n";
        return kBadInput;
    }
    std::reverse(arguments.begin(), arguments.end()); // CLI11 takes them in reverse order
    try {
        app.parse(arguments);
    } catch (const CLI::CallForHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForAllHelp& help) {
        return app.exit(help);
    } catch (const CLI::CallForVersion& version) {
        return app.exit(version);
    } catch (const CLI::ParseError& error) {
        std::cerr << "csae: " << error.what() << " (see csae --help)" << '\n';
        return kBadInput;
    }
    try {
        return commands.at(app.get_subcommands().front()->get_name())();
    } catch (const csae::InputError& error) {
        end_progress_line();
        std::cerr << "csae: " << error.what() << '\n';
        return kBadInput;
    } catch (const c10::Error& error) {
        end_progress_line();
        std::cerr << "csae: internal tensor error: " << error.what_without_backtrace() << '\n';
        return kFailed;
    } catch (const std::exception& error) {
        end_progress_line();
        std::cerr << "csae: " << error.what() << '\n';
        return kFailed;
    }
}
