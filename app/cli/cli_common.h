#pragma once
// What the csae sub-commands share: the exit codes, the --config/--set options, the progress
// printer and Ctrl-C handling. Each sub-command lives in its own file (<name>_command.cpp) and
// registers itself with add_<name>_command().

#include "model/config/config.h"
#include "model/core/errors.h"
#include "model/training/trainer.h"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace csae::cli {

/// Exit codes of every sub-command.
enum ExitCode : int { kDone = 0, kFailed = 1, kBadInput = 2, kInterrupted = 130 };

/// Bad command-line usage: exit code 2 with a one-line reason.
class UsageError : public InputError {
public:
    using InputError::InputError;
};

/// A registered sub-command: what runs when it was given.
using CommandRunner = std::function<int()>;

/// --config FILE or --preset NAME, and --set KEY=VALUE (repeatable), shared by train and bench.
struct ConfigArguments {
    std::string file;
    std::string preset;
    std::vector<std::string> overrides;

    void add_to(CLI::App& command);
    bool given() const { return !file.empty() || !preset.empty() || !overrides.empty(); }
    /// The configuration: the file, the preset or the defaults, with the overrides applied, validated.
    Config build() const;
};

/// Prints progress: a redrawn bar on a terminal, plain lines (every train.log_every steps) otherwise.
class ProgressPrinter {
public:
    explicit ProgressPrinter(const Trainer& trainer);
    void step(const StepMetrics& m);
    void message(const std::string& text);

private:
    const Trainer& trainer_;
    bool terminal_;
    double window_samples_ = 0.0;
    double window_seconds_ = 0.0;
};

/// Ends a progress bar's line on the terminal, if one is open, so that what follows starts a line.
void end_progress_line();

/// While alive, SIGINT and SIGTERM ask `trainer` to stop after its current step.
class InterruptGuard {
public:
    explicit InterruptGuard(Trainer& trainer);
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
};

/// This executable's path (/proc/self/exe).
std::string own_executable();

/// Figures are drawn by the studio's views rendered headless, since csae links no GUI: runs
/// csae-studio (beside csae) with `arguments` under QT_QPA_PLATFORM=offscreen and prints the
/// files it lists. Without csae-studio it says so and returns false; a failure throws with
/// the studio's messages (kept meanwhile in `scratch_dir`/figures.log).
bool draw_with_studio(const std::vector<std::string>& arguments, const std::filesystem::path& scratch_dir);

CommandRunner add_train_command(CLI::App& app);
CommandRunner add_export_command(CLI::App& app);
CommandRunner add_import_command(CLI::App& app);
CommandRunner add_eval_command(CLI::App& app);
CommandRunner add_bench_command(CLI::App& app);
CommandRunner add_events_command(CLI::App& app);
CommandRunner add_keys_command(CLI::App& app);
CommandRunner add_info_command(CLI::App& app);
CommandRunner add_presets_command(CLI::App& app);
CommandRunner add_study_command(CLI::App& app);
CommandRunner add_analyse_command(CLI::App& app);

} // namespace csae::cli
