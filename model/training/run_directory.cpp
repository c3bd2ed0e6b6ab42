#include "model/training/run_directory.h"

#include "model/core/cpu_features.h"
#include "model/core/errors.h"
#include "model/core/file_io.h"
#include "model/core/memory_meter.h"
#include "model/export/tensorboard_log.h"

#include <ATen/Parallel.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <iomanip>
#include <sstream>
#include <system_error>

namespace csae {

nlohmann::ordered_json to_json(const StepMetrics& metrics)
{
    nlohmann::ordered_json row = {
        {"split", "train"},     {"step", metrics.step},        {"epoch", metrics.epoch},
        {"loss", metrics.loss}, {"lr", metrics.learning_rate}, {"samples_per_s", metrics.samples_per_s}};
    if (metrics.accuracy >= 0.0)
        row["accuracy"] = metrics.accuracy;
    return row;
}

nlohmann::ordered_json to_json(const EvalMetrics& metrics)
{
    nlohmann::ordered_json row = {{"split", "test"}, {"step", metrics.step}, {"epoch", metrics.epoch}};
    if (metrics.classes > 0) {
        nlohmann::ordered_json confusion = nlohmann::ordered_json::array();
        for (std::int64_t line = 0; line < metrics.classes; ++line)
            confusion.push_back(std::vector<std::int64_t>(metrics.confusion.begin() + line * metrics.classes,
                                                          metrics.confusion.begin() + (line + 1) * metrics.classes));
        row["loss"] = metrics.cross_entropy;
        row["cross_entropy"] = metrics.cross_entropy;
        row["accuracy"] = metrics.accuracy;
        row["confusion"] = confusion;
    } else {
        row["loss"] = metrics.nrmse;
        row["nrmse"] = metrics.nrmse;
        row["mse"] = metrics.mse;
    }
    row["samples"] = metrics.samples;
    if (!metrics.firing_rates.empty()) {
        nlohmann::ordered_json rates = nlohmann::ordered_json::object();
        for (const auto& [layer, rate] : metrics.firing_rates)
            rates[layer] = rate;
        row["firing_rates"] = rates;
    }
    return row;
}

std::vector<nlohmann::json> read_metrics(const std::filesystem::path& file)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw DataError(file.string() + ": cannot open metrics file");
    const std::string contents{std::istreambuf_iterator<char>(stream), std::istreambuf_iterator<char>()};
    std::vector<nlohmann::json> rows;
    std::size_t begin = 0;
    for (std::int64_t number = 1; begin < contents.size(); ++number) {
        const std::size_t end = contents.find('\n', begin);
        const bool terminated = end != std::string::npos;
        const std::string line = contents.substr(begin, terminated ? end - begin : std::string::npos);
        begin = terminated ? end + 1 : contents.size();
        if (line.empty())
            continue;
        nlohmann::json row = nlohmann::json::parse(line, nullptr, false);
        if (row.is_discarded() || !row.is_object() || !row.contains("step")) {
            if (!terminated)
                break; // the last row, torn by a kill while it was written: it never was a row
            throw DataError(file.string() + ":" + std::to_string(number) + ": not a metrics row");
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

MetricsLog::MetricsLog(const std::filesystem::path& file, std::optional<std::int64_t> keep_through_step) : file_(file)
{
    if (keep_through_step && std::filesystem::exists(file)) {
        std::ostringstream kept;
        for (const auto& row : read_metrics(file)) {
            const std::int64_t step = row["step"].get<std::int64_t>();
            // A "run" row at the step resumed from belongs to an earlier attempt from the same
            // checkpoint, killed before the next one: the attempt starting now writes its own.
            if (step < *keep_through_step || (step == *keep_through_step && row.value("split", "") != "run"))
                kept << row.dump() << '\n';
        }
        write_file_atomically(file, kept.str());
    }
    stream_.open(file, std::ios::app);
    if (!stream_)
        throw CheckpointError(file.string() + ": cannot open for appending");
}

void MetricsLog::append(const StepMetrics& metrics, double elapsed_seconds)
{
    auto row = to_json(metrics);
    row["elapsed_s"] = elapsed_seconds;
    if (const std::int64_t resident = resident_set_bytes(); resident > 0)
        row["rss_mb"] = std::round(static_cast<double>(resident) / (1 << 20) * 10.0) / 10.0;
    write(row);
}

void MetricsLog::append_run_start(const Trainer& trainer)
{
    const CpuFeatures& cpu = cpu_features();
    write({{"split", "run"},
           {"step", trainer.step()},
           {"gradient_precision", choice_name(trainer.gradient_precision().precision)},
           {"gradient_precision_reason", trainer.gradient_precision().reason},
           {"cpu", cpu.model},
           {"cpu_features", cpu.feature_list()},
           {"threads", at::get_num_threads()},
           {"version", CSAE_VERSION}});
}

void MetricsLog::append(const EvalMetrics& metrics)
{
    write(to_json(metrics));
}

void MetricsLog::write(const nlohmann::ordered_json& row)
{
    if (std::getenv("CSAE_TEST_PAUSE_WRITE")) {
        const std::string text = row.dump();
        stream_ << text.substr(0, text.size() / 2) << std::flush;
        pause_here_for_tests(file_, "torn");
        stream_ << text.substr(text.size() / 2) << '\n';
        stream_.flush();
        if (!stream_)
            throw CheckpointError(file_.string() + ": write failed");
        return;
    }
    stream_ << row.dump() << '\n';
    stream_.flush();
    const bool injected = injected_write_failure(file_);
    if (!stream_ || injected)
        throw CheckpointError(file_.string() +
                              ": cannot append a row: " + std::generic_category().message(injected ? ENOSPC : errno) +
                              "; checkpoint.pt beside it holds the last complete checkpoint");
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

std::unique_ptr<Trainer> start_run(const Config& config, const std::filesystem::path& run_dir,
                                   const std::filesystem::path& project_data_dir)
{
    if (std::filesystem::exists(run_dir / kCheckpointFileName))
        throw CheckpointError(run_dir.string() +
                              " already holds a run; continue it with --resume or choose another --out");
    auto trainer = std::make_unique<Trainer>(config, project_data_dir);
    std::error_code error;
    std::filesystem::create_directories(run_dir, error);
    if (error || !std::filesystem::is_directory(run_dir))
        throw CheckpointError(run_dir.string() + ": cannot create run directory: " + error.message());
    remove_stale_temporaries(run_dir); // an attempt killed while it wrote config.json
    trainer->config().save(run_dir / kConfigFileName);
    std::filesystem::remove(run_dir / kMetricsFileName);
    return trainer;
}

std::unique_ptr<Trainer> restart_run(const std::filesystem::path& run_dir,
                                     const std::filesystem::path& project_data_dir)
{
    if (std::filesystem::exists(run_dir / kCheckpointFileName))
        throw CheckpointError(run_dir.string() + " has a checkpoint; resume it instead of starting over");
    if (!std::filesystem::is_regular_file(run_dir / kConfigFileName))
        throw CheckpointError(run_dir.string() + ": no " + std::string(kConfigFileName) +
                              " and no checkpoint: not a run directory");
    auto trainer = std::make_unique<Trainer>(Config::load(run_dir / kConfigFileName), project_data_dir);
    remove_stale_temporaries(run_dir);
    std::filesystem::remove(run_dir / kMetricsFileName);
    return trainer;
}

std::unique_ptr<Trainer> resume_run(const std::filesystem::path& run_dir, const std::filesystem::path& project_data_dir)
{
    remove_stale_temporaries(run_dir); // a killed run's half-written checkpoint or metrics
    return Trainer::from_checkpoint(run_dir / kCheckpointFileName, project_data_dir);
}

RunOutcome train_into(Trainer& trainer, const std::filesystem::path& run_dir, const TrainerCallbacks& callbacks)
{
    MetricsLog log(run_dir / kMetricsFileName, trainer.step());
    log.append_run_start(trainer);
    const auto started = std::chrono::steady_clock::now();
    const std::int64_t log_every = trainer.config().train.log_every;
    std::optional<TensorBoardLog> tensorboard;
    if (trainer.config().train.tensorboard)
        tensorboard.emplace(run_dir / kTensorBoardFolder);
    TrainerCallbacks logging = callbacks;
    logging.on_step = [&](const StepMetrics& m) {
        if (m.step % log_every == 0 || m.step == trainer.total_steps()) {
            log.append(m, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
            if (tensorboard)
                tensorboard->log_step(m);
        }
        if (callbacks.on_step)
            callbacks.on_step(m);
    };
    logging.on_eval = [&](const EvalMetrics& m) {
        log.append(m);
        if (tensorboard)
            tensorboard->log_eval(m, trainer);
        if (callbacks.on_eval)
            callbacks.on_eval(m);
    };
    return trainer.run(logging, run_dir);
}

} // namespace csae
