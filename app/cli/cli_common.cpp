#include "app/cli/cli_common.h"

#include "model/config/presets.h"
#include "model/core/file_io.h"
#include "model/study/slurm_script.h"

#include <atomic>
#include <cstdio>
#include <fstream>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace csae::cli {
namespace {

std::atomic<Trainer*> g_active_trainer{nullptr};

extern "C" void on_interrupt(int)
{
    if (Trainer* trainer = g_active_trainer.load())
        trainer->cancel();
}

} // namespace

void ConfigArguments::add_to(CLI::App& command)
{
    auto* config =
        command.add_option("--config", file, "JSON configuration (as config.json; unset keys take the defaults)");
    command.add_option("--preset", preset, "Start from a named preset (csae presets lists them), e.g. seed")
        ->type_name("NAME")
        ->excludes(config);
    command.add_option("--set", overrides, "Override one key, e.g. --set model.kind=ae --set model.channels=[8,16]")
        ->type_name("KEY=VALUE")
        ->allow_extra_args(false);
}

Config ConfigArguments::build() const
{
    Config config = !file.empty() ? Config::load(file) : !preset.empty() ? load_preset(preset).config : Config{};
    for (const std::string& assignment : overrides) {
        const auto equals = assignment.find('=');
        if (equals == std::string::npos || equals == 0)
            throw UsageError("--set expects KEY=VALUE, got \"" + assignment + "\"");
        config.set(assignment.substr(0, equals), assignment.substr(equals + 1));
    }
    config.validate();
    return config;
}

namespace {
// A progress bar drawn with '\r' and no newline yet; shared so that an error ends its line first.
bool g_bar_visible = false;
} // namespace

void end_progress_line()
{
    if (g_bar_visible)
        std::cout << '\n' << std::flush;
    g_bar_visible = false;
}

ProgressPrinter::ProgressPrinter(const Trainer& trainer) : trainer_(trainer), terminal_(::isatty(STDOUT_FILENO) == 1) {}

void ProgressPrinter::step(const StepMetrics& m)
{
    // Throughput over a window of recent steps is steadier than one step's.
    window_samples_ += m.samples_per_s * m.step_seconds;
    window_seconds_ += m.step_seconds;
    if (window_seconds_ > 5.0) {
        window_samples_ *= 0.5;
        window_seconds_ *= 0.5;
    }
    const double rate = window_samples_ / std::max(window_seconds_, 1e-9);
    const double samples_left =
        static_cast<double>(trainer_.total_steps() - m.step) * static_cast<double>(trainer_.config().train.batch_size);
    std::ostringstream line;
    line << "step " << m.step << '/' << trainer_.total_steps() << "  epoch " << m.epoch + 1 << '/'
         << trainer_.config().train.epochs << "  loss " << std::fixed << std::setprecision(4) << m.loss << "  "
         << std::setprecision(1) << rate << " samples/s  ETA " << format_duration(samples_left / rate);
    if (terminal_) {
        constexpr int width = 24;
        const int filled = static_cast<int>(width * m.step / std::max<std::int64_t>(1, trainer_.total_steps()));
        std::cout << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << line.str()
                  << "\x1b[K" << std::flush;
        g_bar_visible = true;
    } else if (m.step % trainer_.config().train.log_every == 0 || m.step == trainer_.total_steps()) {
        std::cout << line.str() << std::endl;
    }
}

void ProgressPrinter::message(const std::string& text)
{
    end_progress_line();
    std::cout << text << std::endl;
}

InterruptGuard::InterruptGuard(Trainer& trainer)
{
    g_active_trainer.store(&trainer);
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
}

InterruptGuard::~InterruptGuard()
{
    g_active_trainer.store(nullptr);
}

std::string own_executable()
{
    std::error_code error;
    const auto path = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error)
        throw std::runtime_error("cannot find the csae executable (/proc/self/exe): " + error.message());
    return path.string();
}

bool draw_with_studio(const std::vector<std::string>& arguments, const std::filesystem::path& scratch_dir)
{
    const auto studio = std::filesystem::path(own_executable()).parent_path() / "csae-studio";
    if (!std::filesystem::exists(studio)) {
        std::cout << "Figures not written: they are drawn by csae-studio, which is not installed beside csae ("
                  << studio.string() << ").\n";
        return false;
    }
    // Qt's own warnings go to a file, shown only when the figures fail.
    const auto messages = scratch_dir / "figures.log";
    std::string command = "QT_QPA_PLATFORM=offscreen " + shell_quote(studio.string());
    for (const auto& argument : arguments)
        command += " " + shell_quote(argument);
    command += " 2>" + shell_quote(messages.string());
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        throw std::runtime_error("cannot start " + studio.string() + " for the figures");
    std::string output;
    char buffer[512];
    while (std::fgets(buffer, sizeof buffer, pipe))
        output += buffer;
    const int status = ::pclose(pipe);
    std::ifstream log(messages);
    const std::string errors((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
    std::filesystem::remove(messages);
    if (status != 0)
        throw std::runtime_error("the figures could not be drawn (" + studio.string() + "): " + output + errors);
    std::cout << "Figures (PNG and vector PDF):\n" << output;
    return true;
}

} // namespace csae::cli
