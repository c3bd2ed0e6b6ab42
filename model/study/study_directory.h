#pragma once
// The files of a study directory, shared by `csae study`, the studio and the tests:
//   study.json              the spec (normalised); a directory holds one study
//   runs/<id>/              an ordinary run directory per grid point and seed (run_directory.h)
//   runs/<id>/study.lock    held (flock) by the process training the run, while it trains
//   runs/<id>/study.log     that process's output, appended by every attempt
//   runs/<id>/outcome.json  written when an attempt ends: {"state": "done"|"failed", ...}
//   results.csv, summary.csv  written by `csae study report` (study_report.h)
// Plain C++; any thread. Several processes (shards) may use one directory at once: each run is
// claimed through its lock, which the kernel releases when its holder dies, even by kill -9.

#include "model/study/study_spec.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace csae {

inline constexpr const char* kStudySpecFileName = "study.json";
inline constexpr const char* kStudyLockFileName = "study.lock";
inline constexpr const char* kStudyLogFileName = "study.log";
inline constexpr const char* kStudyOutcomeFileName = "outcome.json";

enum class StudyRunState {
    Pending, ///< nothing trained yet
    Partial, ///< a checkpoint exists; an interrupted run that resumes from it
    Running, ///< a process holds its lock now
    Done,    ///< finished
    Failed,  ///< its last attempt failed (exit status and reason in outcome.json)
};
std::string state_name(StudyRunState state);

/// What a run directory says about one run.
struct StudyRunStatus {
    StudyRun run;
    StudyRunState state = StudyRunState::Pending;
    std::int64_t steps = 0;                                  ///< the last logged training step
    std::optional<nlohmann::json> test;                      ///< the last "split":"test" row, when there is one
    double wall_seconds = 0.0;                               ///< summed over every attempt's logged time
    std::vector<std::pair<std::int64_t, double>> train_loss; ///< (step, loss) of every logged step
    std::string failure;                                     ///< for Failed: the reason
    /// RUN/analysis/analysis.json (csae study report --embedding-quality, or csae analyse
    /// --out RUN/analysis), when present and readable.
    std::optional<nlohmann::json> analysis;
};

/// Where a run's embedding analysis lives, inside its run directory.
inline constexpr const char* kRunAnalysisDirectory = "analysis";

std::filesystem::path study_run_path(const std::filesystem::path& study_dir, const StudyRun& run);

/// Writes DIR/study.json, or checks that the one there describes the same study: a directory
/// holding a different study throws ConfigError naming it (runs are never mixed).
void prepare_study_directory(const std::filesystem::path& study_dir, const StudySpec& spec);

/// The spec stored in DIR/study.json; CheckpointError when DIR is not a study directory.
StudySpec load_study_directory(const std::filesystem::path& study_dir);

/// The state of every run of `spec` in `study_dir`, in the spec's order. Reads metrics.jsonl and
/// outcome.json, and probes each lock without taking it.
std::vector<StudyRunStatus> inspect_study(const std::filesystem::path& study_dir, const StudySpec& spec);
StudyRunStatus inspect_run(const std::filesystem::path& study_dir, const StudyRun& run);

/// Writes outcome.json for a run atomically.
void write_run_outcome(const std::filesystem::path& study_dir, const StudyRun& run, StudyRunState state, int exit_code,
                       const std::string& reason);

/// An exclusive claim on one run, through flock on its study.lock: released when the object
/// dies, or when the holding process (or a child that inherited the descriptor) exits.
class StudyRunLock {
public:
    /// Tries to claim the run; holds() says whether it succeeded. Creates the run directory.
    StudyRunLock(const std::filesystem::path& study_dir, const StudyRun& run);
    ~StudyRunLock();
    StudyRunLock(const StudyRunLock&) = delete;
    StudyRunLock& operator=(const StudyRunLock&) = delete;
    bool holds() const { return descriptor_ >= 0; }
    /// The descriptor, for a child process to inherit so that the claim lasts as long as it does.
    int descriptor() const { return descriptor_; }

private:
    int descriptor_ = -1;
};

} // namespace csae
