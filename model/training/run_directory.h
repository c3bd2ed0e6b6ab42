#pragma once
// The files of a run directory, shared by the CLI and the studio:
//   config.json     the fully resolved configuration
//   metrics.jsonl   one JSON object per logged training step ("split":"train"), per test
//                   evaluation ("split":"test") and per start or resume ("split":"run")
//   checkpoint.pt   the latest checkpoint (Trainer::save_checkpoint)

#include "model/training/trainer.h"

#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>

namespace csae {

inline constexpr const char* kConfigFileName = "config.json";
inline constexpr const char* kMetricsFileName = "metrics.jsonl";
inline constexpr const char* kCheckpointFileName = "checkpoint.pt";

nlohmann::ordered_json to_json(const StepMetrics& metrics);
nlohmann::ordered_json to_json(const EvalMetrics& metrics);

/// Appends metric rows to a metrics.jsonl file, flushing each row so a crash loses nothing
/// already reported. Not thread-safe; owned by the thread that trains.
class MetricsLog {
public:
    /// Opens `file` for appending. With `keep_through_step`, rows of later steps are removed
    /// first: after a resume they were logged past the checkpoint and will be logged again.
    explicit MetricsLog(const std::filesystem::path& file, std::optional<std::int64_t> keep_through_step = {});
    /// `elapsed_seconds`: wall-clock time since the (resumed) run started, for throughput over
    /// whole steps including evaluation and snapshot work.
    void append(const StepMetrics& metrics, double elapsed_seconds);
    void append(const EvalMetrics& metrics);
    /// A "split":"run" row: where training (re)starts, the resolved gradient precision and why,
    /// the CPU and the thread count.
    void append_run_start(const Trainer& trainer);

private:
    void write(const nlohmann::ordered_json& row);
    std::filesystem::path file_;
    std::ofstream stream_;
};

/// Every row of a metrics.jsonl file; malformed lines throw DataError naming the line, except
/// an unterminated last line that does not parse: a row torn by a kill, which is skipped.
std::vector<nlohmann::json> read_metrics(const std::filesystem::path& file);

/// runs/<local date-time>, the CLI's default run directory.
std::filesystem::path default_run_directory();

/// A new run in `run_dir`: refuses a directory that already holds a run (CheckpointError), builds
/// the trainer before creating anything (so missing data or a bad config leaves nothing behind),
/// then creates the directory, writes config.json and starts metrics.jsonl afresh.
std::unique_ptr<Trainer> start_run(const Config& config, const std::filesystem::path& run_dir,
                                   const std::filesystem::path& project_data_dir);

/// A run killed before its first checkpoint, started over from its config.json (metrics.jsonl
/// removed, a dead writer's temporary files too). CheckpointError when it has a checkpoint (resume
/// it) or no config.json.
std::unique_ptr<Trainer> restart_run(const std::filesystem::path& run_dir,
                                     const std::filesystem::path& project_data_dir);

/// The run in `run_dir`, restored from its checkpoint to continue exactly where it stopped; the
/// temporary files of a killed earlier attempt are removed first.
std::unique_ptr<Trainer> resume_run(const std::filesystem::path& run_dir,
                                    const std::filesystem::path& project_data_dir);

/// Trains `trainer` into `run_dir` until it finishes or is cancelled: metric rows to
/// metrics.jsonl (every train.log_every steps and every evaluation; rows logged after the
/// trainer's current step by an interrupted earlier attempt are dropped first, so no step
/// appears twice) and checkpoints to checkpoint.pt. `callbacks` see every step, evaluation
/// and checkpoint as well. The CLI, the studio's tests and the engine's tests all train this way.
RunOutcome train_into(Trainer& trainer, const std::filesystem::path& run_dir, const TrainerCallbacks& callbacks = {});

} // namespace csae
