// csae: the headless command-line trainer. Links only the engine; runs without a display.

#include "model/data/aedat.h"
#include "model/training/benchmark.h"
#include "model/config/config.h"
#include "model/core/errors.h"
#include "model/core/file_io.h"
#include "model/training/run_directory.h"
#include "model/training/trainer.h"

#include <ATen/Parallel.h>
#include <c10/util/Exception.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using csae::Config;

/// Bad command-line usage: exit code 2 with a one-line reason.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

constexpr const char* kUsage = R"(usage:
  csae train [--config FILE] [--set KEY=VALUE]... [--out DIR] [--max-steps N]
  csae train --resume DIR
  csae eval --run DIR
  csae bench [--config FILE] [--set KEY=VALUE]... [--steps N] [--warmup N]
  csae events FILE [--json]
  csae keys
  csae --help | --version

train     Trains an SAE, its non-spiking twin or the spiking classifier (model.kind) on
          images or DVS gestures (data.dataset) and writes DIR/config.json,
          DIR/metrics.jsonl and DIR/checkpoint.pt (DIR defaults to runs/<date-time>).
          Ctrl-C stops after the current step and saves a checkpoint.
  --config FILE      JSON configuration (defaults from the seed: batch 64, lr 1e-4, kernel 7)
  --set KEY=VALUE    override one key, e.g. --set model.kind=ae --set model.channels=[8,16]
  --max-steps N      stop after N optimisation steps (train.max_steps)
  --resume DIR       continue the run in DIR exactly where its checkpoint stopped
eval      Prints the test nRMSE and MSE (classifier: accuracy, cross-entropy and confusion
          matrix) of a run's checkpoint as one JSON object.
bench     Trains the production SAE (train.execution: stepwise, or folded) and the per-timestep reference from the same
          config, weights and batches in this process; prints JSON lines with samples/s
          (median of --steps steps, default 5, after --warmup, default 1), peak tensor
          memory, the speedup and the largest relative gradient difference (float32 with
          train.gradient_precision's input gradients, and float64: the exact-precision check).
events    Summarises an AEDAT 3.1 event file (DVS128): event count, ON and OFF counts, first and
          last timestamp (microseconds), sensor size, packets, skipped packets, invalid events.
  --json             one JSON object instead of text
keys      Lists every configuration key with its allowed values.

Exit status: 0 success, 1 training failed (e.g. NaN loss), 2 bad usage or bad input, 130 interrupted.
)";

std::atomic<csae::Trainer*> g_active_trainer{nullptr};

extern "C" void on_interrupt(int)
{
    if (csae::Trainer* trainer = g_active_trainer.load())
        trainer->cancel();
}

std::filesystem::path default_run_directory()
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    std::ostringstream name;
    name << std::put_time(&local, "%Y%m%d-%H%M%S");
    return std::filesystem::path("runs") / name.str();
}

/// Prints progress: a redrawn bar on a terminal, plain lines (every train.log_every steps) otherwise.
class ProgressPrinter {
public:
    ProgressPrinter(const csae::Trainer& trainer) : trainer_(trainer), terminal_(::isatty(STDOUT_FILENO) == 1) {}

    void step(const csae::StepMetrics& m)
    {
        // Throughput over a window of recent steps is steadier than one step's.
        window_samples_ += m.samples_per_s * m.step_seconds;
        window_seconds_ += m.step_seconds;
        if (window_seconds_ > 5.0) {
            window_samples_ *= 0.5;
            window_seconds_ *= 0.5;
        }
        const double rate = window_samples_ / std::max(window_seconds_, 1e-9);
        const double samples_left = static_cast<double>(trainer_.total_steps() - m.step) *
                                    static_cast<double>(trainer_.config().train.batch_size);
        std::ostringstream line;
        line << "step " << m.step << '/' << trainer_.total_steps() << "  epoch " << m.epoch + 1 << '/'
             << trainer_.config().train.epochs << "  loss " << std::fixed << std::setprecision(4) << m.loss << "  "
             << std::setprecision(1) << rate << " samples/s  ETA " << csae::format_duration(samples_left / rate);
        if (terminal_) {
            constexpr int width = 24;
            const int filled = static_cast<int>(width * m.step / std::max<std::int64_t>(1, trainer_.total_steps()));
            std::cout << "\r[" << std::string(filled, '#') << std::string(width - filled, '.') << "] " << line.str()
                      << "\x1b[K" << std::flush;
            bar_visible_ = true;
        } else if (m.step % trainer_.config().train.log_every == 0 || m.step == trainer_.total_steps()) {
            std::cout << line.str() << std::endl;
        }
    }

    void message(const std::string& text)
    {
        if (bar_visible_)
            std::cout << '\n';
        bar_visible_ = false;
        std::cout << text << std::endl;
    }

private:
    const csae::Trainer& trainer_;
    bool terminal_;
    bool bar_visible_ = false;
    double window_samples_ = 0.0;
    double window_seconds_ = 0.0;
};

std::string next_value(const std::vector<std::string>& args, std::size_t& i)
{
    if (i + 1 >= args.size())
        throw UsageError(args[i] + " needs a value");
    return args[++i];
}

/// --config FILE and --set KEY=VALUE, shared by train and bench.
struct ConfigArguments {
    std::optional<std::filesystem::path> file;
    std::vector<std::string> overrides;

    /// Consumes args[i] (and its value) when it is one of ours.
    bool take(const std::vector<std::string>& args, std::size_t& i)
    {
        if (args[i] == "--config")
            file = next_value(args, i);
        else if (args[i] == "--set")
            overrides.push_back(next_value(args, i));
        else
            return false;
        return true;
    }

    bool given() const { return file || !overrides.empty(); }

    Config build() const
    {
        Config config = file ? Config::load(*file) : Config{};
        for (const std::string& assignment : overrides) {
            const auto equals = assignment.find('=');
            if (equals == std::string::npos || equals == 0)
                throw UsageError("--set expects KEY=VALUE, got \"" + assignment + "\"");
            config.set(assignment.substr(0, equals), assignment.substr(equals + 1));
        }
        config.validate();
        return config;
    }
};

/// The confusion matrix as a text table: rows are true classes, columns predictions.
std::string format_confusion(const csae::EvalMetrics& m, const std::vector<std::string>& names)
{
    std::ostringstream table;
    table << "confusion (rows: true class, columns: predicted)\n" << std::setw(28) << "";
    for (std::int64_t c = 0; c < m.classes; ++c)
        table << std::setw(5) << c + 1;
    for (std::int64_t row = 0; row < m.classes; ++row) {
        const std::string name = row < static_cast<std::int64_t>(names.size()) ? names[static_cast<std::size_t>(row)] : "";
        table << '\n' << std::setw(2) << row + 1 << ' ' << std::left << std::setw(25) << name.substr(0, 24) << std::right;
        for (std::int64_t c = 0; c < m.classes; ++c)
            table << std::setw(5) << m.confusion[static_cast<std::size_t>(row * m.classes + c)];
    }
    return table.str();
}

int run_training(csae::Trainer& trainer, const std::filesystem::path& run_dir, bool resumed)
{
    csae::MetricsLog log(run_dir / csae::kMetricsFileName,
                         resumed ? std::optional<std::int64_t>(trainer.step()) : std::nullopt);
    ProgressPrinter progress(trainer);
    const auto& config = trainer.config();
    std::ostringstream header;
    header << (resumed ? "Resuming " : "Training ") << config.model.kind << " on " << config.data.dataset << " ("
           << trainer.train_data().size() << " train / " << trainer.test_data().size() << " test samples, T="
           << config.encoding.steps << ", batch " << config.train.batch_size << ", " << at::get_num_threads()
           << " threads) from step " << trainer.step() << " of " << trainer.total_steps() << " into " << run_dir.string();
    if (config.data.events())
        header << "\nDVS samples: " << trainer.cache_report().hits << " recordings from the cache, "
               << trainer.cache_report().misses << " binned from AEDAT";
    progress.message(header.str());

    csae::TrainerCallbacks callbacks;
    const auto started = std::chrono::steady_clock::now();
    callbacks.on_step = [&](const csae::StepMetrics& m) {
        if (m.step % config.train.log_every == 0 || m.step == trainer.total_steps())
            log.append(m, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        progress.step(m);
    };
    callbacks.on_eval = [&](const csae::EvalMetrics& m) {
        log.append(m);
        std::ostringstream line;
        if (m.classes > 0) {
            line << "test at step " << m.step << ": accuracy " << std::fixed << std::setprecision(4) << m.accuracy
                 << "  cross-entropy " << m.cross_entropy << " (" << m.samples << " samples, chance "
                 << 1.0 / static_cast<double>(m.classes) << ")\n"
                 << format_confusion(m, trainer.test_data().class_names);
        } else {
            line << "test at step " << m.step << ": nRMSE " << std::fixed << std::setprecision(4) << m.nrmse << "  MSE "
                 << m.mse << " (" << m.samples << " samples)";
        }
        progress.message(line.str());
    };

    g_active_trainer.store(&trainer);
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);
    csae::RunOutcome outcome;
    try {
        outcome = trainer.run(callbacks, run_dir);
    } catch (...) {
        g_active_trainer.store(nullptr);
        throw;
    }
    g_active_trainer.store(nullptr);
    const auto checkpoint = run_dir / csae::kCheckpointFileName;
    if (outcome == csae::RunOutcome::Cancelled) {
        progress.message("Interrupted at step " + std::to_string(trainer.step()) + "; checkpoint saved to " +
                         checkpoint.string() + ". Continue with: csae train --resume " + run_dir.string());
        return 130;
    }
    progress.message("Done. Results in " + run_dir.string() + ": config.json, metrics.jsonl, checkpoint.pt");
    return 0;
}

int command_train(const std::vector<std::string>& args)
{
    ConfigArguments config_args;
    std::optional<std::filesystem::path> out_dir, resume_dir;
    std::optional<std::string> max_steps;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (config_args.take(args, i))
            continue;
        if (arg == "--out")
            out_dir = next_value(args, i);
        else if (arg == "--max-steps")
            max_steps = next_value(args, i);
        else if (arg == "--resume")
            resume_dir = next_value(args, i);
        else
            throw UsageError("train: unknown argument " + arg);
    }
    const std::filesystem::path data_dir = CSAE_PROJECT_DATA_DIR;

    if (resume_dir) {
        if (config_args.given() || out_dir || max_steps)
            throw UsageError("train --resume DIR continues the run as configured; it takes no other options");
        auto trainer = csae::Trainer::from_checkpoint(*resume_dir / csae::kCheckpointFileName, data_dir);
        if (trainer->finished()) {
            std::cout << "The run in " << resume_dir->string() << " already finished at step " << trainer->step() << ".\n";
            return 0;
        }
        return run_training(*trainer, *resume_dir, true);
    }

    Config config = config_args.build();
    if (max_steps)
        config.set("train.max_steps", *max_steps);
    config.validate();

    const std::filesystem::path run_dir = out_dir.value_or(default_run_directory());
    if (std::filesystem::exists(run_dir / csae::kCheckpointFileName))
        throw UsageError(run_dir.string() + " already holds a run; continue it with --resume or choose another --out");
    // Built before the directory exists, so missing data or a bad config leaves nothing behind.
    csae::Trainer trainer(config, data_dir);
    std::error_code error;
    std::filesystem::create_directories(run_dir, error);
    if (error || !std::filesystem::is_directory(run_dir))
        throw csae::CheckpointError(run_dir.string() + ": cannot create run directory: " + error.message());
    config.save(run_dir / csae::kConfigFileName);
    std::filesystem::remove(run_dir / csae::kMetricsFileName);
    return run_training(trainer, run_dir, false);
}

int command_eval(const std::vector<std::string>& args)
{
    std::optional<std::filesystem::path> run_dir;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--run")
            run_dir = next_value(args, i);
        else
            throw UsageError("eval: unknown argument " + args[i]);
    }
    if (!run_dir)
        throw UsageError("eval needs --run DIR");
    auto trainer = csae::Trainer::from_checkpoint(*run_dir / csae::kCheckpointFileName, CSAE_PROJECT_DATA_DIR);
    const csae::EvalMetrics metrics = trainer->evaluate();
    nlohmann::ordered_json result = csae::to_json(metrics);
    result.erase("split");
    result.erase("loss");
    result["run"] = run_dir->string();
    std::cout << result.dump() << std::endl;
    return 0;
}

std::int64_t parse_count(const std::string& flag, const std::string& text)
{
    try {
        std::size_t used = 0;
        const long long value = std::stoll(text, &used);
        if (used == text.size() && value >= 0 && value <= 1000000)
            return value;
    } catch (const std::exception&) {
    }
    throw UsageError(flag + " expects a whole number 0-1000000, got \"" + text + "\"");
}

nlohmann::ordered_json to_json(const csae::ImplementationResult& result)
{
    return {{"implementation", result.name},
            {"samples_per_s", result.samples_per_s},
            {"median_step_s", result.median_step_seconds},
            {"peak_memory_mb", result.peak_memory_mb},
            {"step_s", result.step_seconds}};
}

int command_bench(const std::vector<std::string>& args)
{
    ConfigArguments config_args;
    csae::BenchmarkOptions options;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (config_args.take(args, i))
            continue;
        if (args[i] == "--steps")
            options.measured_steps(parse_count("--steps", next_value(args, i)));
        else if (args[i] == "--warmup")
            options.warmup_steps(parse_count("--warmup", next_value(args, i)));
        else
            throw UsageError("bench: unknown argument " + args[i]);
    }
    const Config config = config_args.build();
    const csae::BenchmarkResult result = csae::run_benchmark(config, options, CSAE_PROJECT_DATA_DIR);
    std::cout << to_json(result.production).dump() << '\n' << to_json(result.reference).dump() << '\n';
    nlohmann::ordered_json summary{{"speedup", result.speedup},
                                   {"max_relative_grad_difference", result.max_relative_gradient_difference},
                                   {"max_relative_grad_difference_float64", result.max_relative_gradient_difference_float64},
                                   {"gradient_precision", config.train.gradient_precision},
                                   {"batch_size", config.train.batch_size},
                                   {"steps", config.encoding.steps},
                                   {"threads", at::get_num_threads()}};
    std::cout << summary.dump() << std::endl;
    return 0;
}

int command_events(const std::vector<std::string>& args)
{
    std::optional<std::filesystem::path> file;
    bool json = false;
    for (const auto& arg : args) {
        if (arg == "--json")
            json = true;
        else if (!arg.empty() && arg[0] == '-')
            throw UsageError("events: unknown option " + arg);
        else if (file)
            throw UsageError("events takes one FILE");
        else
            file = arg;
    }
    if (!file)
        throw UsageError("events needs an AEDAT FILE");
    const csae::AedatSummary s = csae::read_aedat(*file).summary;
    if (json) {
        std::cout << nlohmann::ordered_json{{"file", file->string()},
                                            {"events", s.events},
                                            {"on_events", s.on_events},
                                            {"off_events", s.off_events},
                                            {"first_timestamp_us", s.first_timestamp_us},
                                            {"last_timestamp_us", s.last_timestamp_us},
                                            {"sensor_width", s.sensor_width},
                                            {"sensor_height", s.sensor_height},
                                            {"packets", s.packets},
                                            {"skipped_packets", s.skipped_packets},
                                            {"invalid_events", s.invalid_events}}
                         .dump()
                  << std::endl;
        return 0;
    }
    std::cout << file->string() << '\n'
              << "  events            " << s.events << " (ON " << s.on_events << ", OFF " << s.off_events << ")\n"
              << "  time              " << s.first_timestamp_us << " .. " << s.last_timestamp_us << " us ("
              << std::fixed << std::setprecision(3) << static_cast<double>(s.last_timestamp_us - s.first_timestamp_us) / 1e6
              << " s)\n"
              << "  sensor            " << s.sensor_width << " x " << s.sensor_height << '\n'
              << "  packets           " << s.packets << " (" << s.skipped_packets << " of other event types skipped)\n"
              << "  invalid events    " << s.invalid_events << '\n';
    return 0;
}

int command_keys()
{
    for (const auto& spec : csae::parameter_specs())
        std::cout << std::left << std::setw(24) << spec.key << ' ' << spec.range << "\n" << std::string(25, ' ')
                  << spec.help << '\n';
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    const std::vector<std::string> all(argv + 1, argv + argc);
    try {
        if (all.empty())
            throw UsageError("missing command (train, eval, bench, events, keys); see csae --help");
        const std::string& command = all.front();
        const std::vector<std::string> rest(all.begin() + 1, all.end());
        if (command == "--help" || command == "-h" || command == "help") {
            std::cout << kUsage;
            return 0;
        }
        if (command == "--version") {
            std::cout << "csae " << CSAE_VERSION << '\n';
            return 0;
        }
        if (command == "train")
            return command_train(rest);
        if (command == "eval")
            return command_eval(rest);
        if (command == "keys")
            return command_keys();
        if (command == "events")
            return command_events(rest);
        if (command == "bench")
            return command_bench(rest);
        throw UsageError("unknown command \"" + command + "\"; see csae --help");
    } catch (const UsageError& error) {
        std::cerr << "csae: " << error.what() << '\n';
        return 2;
    } catch (const csae::DataError& error) {
        std::cerr << "\ncsae: " << error.what() << '\n';
        return 2;
    } catch (const csae::ConfigError& error) {
        std::cerr << "\ncsae: " << error.what() << '\n';
        return 2;
    } catch (const csae::CheckpointError& error) {
        std::cerr << "\ncsae: " << error.what() << '\n';
        return 2;
    } catch (const c10::Error& error) {
        std::cerr << "\ncsae: internal tensor error: " << error.what_without_backtrace() << '\n';
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "\ncsae: " << error.what() << '\n';
        return 1;
    }
}
