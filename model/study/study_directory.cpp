#include "model/study/study_directory.h"

#include "model/core/errors.h"
#include "model/core/file_io.h"
#include "model/export/tensorboard_log.h"
#include "model/training/run_directory.h"

#include <algorithm>
#include <fstream>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace csae {
namespace {

nlohmann::json read_json_file(const std::filesystem::path& file)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw CheckpointError(file.string() + ": cannot open");
    nlohmann::json document = nlohmann::json::parse(stream, nullptr, false);
    if (document.is_discarded() || !document.is_object())
        throw CheckpointError(file.string() + ": not a JSON object");
    return document;
}

bool locked_by_another_process(const std::filesystem::path& lock_file)
{
    const int descriptor = ::open(lock_file.c_str(), O_RDONLY | O_CLOEXEC);
    if (descriptor < 0)
        return false;
    const bool locked = ::flock(descriptor, LOCK_SH | LOCK_NB) != 0;
    ::close(descriptor); // releases the probe's own lock, if it took one
    return locked;
}

} // namespace

std::string state_name(StudyRunState state)
{
    switch (state) {
    case StudyRunState::Pending:
        return "pending";
    case StudyRunState::Partial:
        return "partial";
    case StudyRunState::Running:
        return "running";
    case StudyRunState::Done:
        return "done";
    case StudyRunState::Failed:
        return "failed";
    }
    return "pending";
}

std::filesystem::path study_run_path(const std::filesystem::path& study_dir, const StudyRun& run)
{
    return study_dir / "runs" / run.id;
}

void prepare_study_directory(const std::filesystem::path& study_dir, const StudySpec& spec)
{
    const auto file = study_dir / kStudySpecFileName;
    const std::string text = spec.to_json().dump(2) + "\n";
    if (std::filesystem::exists(file)) {
        std::ifstream stream(file, std::ios::binary);
        const std::string existing((std::istreambuf_iterator<char>(stream)), std::istreambuf_iterator<char>());
        if (existing != text) {
            std::string name = "another study";
            const auto stored = nlohmann::json::parse(existing, nullptr, false);
            if (stored.is_object() && stored.contains("name") && stored["name"].is_string())
                name = "the study \"" + stored["name"].get<std::string>() + "\"";
            throw ConfigError(study_dir.string() + ": holds " + name + " with a different spec (" + file.string() +
                              "); choose another --out, or run that spec there");
        }
        return;
    }
    std::error_code error;
    std::filesystem::create_directories(study_dir / "runs", error);
    if (error)
        throw CheckpointError(study_dir.string() + ": cannot create study directory: " + error.message());
    if (spec.config_for(spec.runs().front()).train.tensorboard)
        write_study_hparams_experiment(study_dir, spec);
    write_file_atomically(file, text);
}

StudySpec load_study_directory(const std::filesystem::path& study_dir)
{
    const auto file = study_dir / kStudySpecFileName;
    if (!std::filesystem::is_regular_file(file))
        throw CheckpointError(study_dir.string() + ": not a study directory (no " + kStudySpecFileName + ")");
    return StudySpec::load(file);
}

StudyRunStatus inspect_run(const std::filesystem::path& study_dir, const StudyRun& run)
{
    StudyRunStatus status{run};
    const auto dir = study_run_path(study_dir, run);
    const auto metrics_file = dir / kMetricsFileName;
    if (std::filesystem::exists(metrics_file)) {
        // Each attempt's train rows count their time from its own start ("split":"run" rows).
        double segment_seconds = 0.0;
        for (const auto& row : read_metrics(metrics_file)) {
            const std::string split = row.value("split", "");
            if (split == "run") {
                status.wall_seconds += segment_seconds;
                segment_seconds = 0.0;
            } else if (split == "train") {
                status.steps = std::max(status.steps, row["step"].get<std::int64_t>());
                if (row.contains("loss") && row["loss"].is_number())
                    status.train_loss.emplace_back(row["step"].get<std::int64_t>(), row["loss"].get<double>());
                segment_seconds = std::max(segment_seconds, row.value("elapsed_s", 0.0));
            } else if (split == "test") {
                status.test = row;
            }
        }
        status.wall_seconds += segment_seconds;
    }
    const auto analysis_file = dir / kRunAnalysisDirectory / "analysis.json";
    if (std::filesystem::is_regular_file(analysis_file)) {
        std::ifstream stream(analysis_file, std::ios::binary);
        auto analysis = nlohmann::json::parse(stream, nullptr, false);
        // A damaged file reads as no analysis: the report leaves its cells empty, and
        // --embedding-quality computes it again.
        if (analysis.is_object())
            status.analysis = std::move(analysis);
    }
    const auto outcome_file = dir / kStudyOutcomeFileName;
    if (locked_by_another_process(dir / kStudyLockFileName)) {
        status.state = StudyRunState::Running;
    } else if (std::filesystem::exists(outcome_file)) {
        const auto outcome = read_json_file(outcome_file);
        const std::string state = outcome.value("state", "");
        if (state == "done") {
            status.state = StudyRunState::Done;
        } else {
            status.state = StudyRunState::Failed;
            status.failure = outcome.value("reason", "exit status " + std::to_string(outcome.value("exit_code", -1)));
        }
    } else if (std::filesystem::exists(dir / kCheckpointFileName)) {
        status.state = StudyRunState::Partial;
    }
    return status;
}

std::vector<StudyRunStatus> inspect_study(const std::filesystem::path& study_dir, const StudySpec& spec)
{
    std::vector<StudyRunStatus> statuses;
    for (const auto& run : spec.runs())
        statuses.push_back(inspect_run(study_dir, run));
    return statuses;
}

void write_run_outcome(const std::filesystem::path& study_dir, const StudyRun& run, StudyRunState state, int exit_code,
                       const std::string& reason)
{
    nlohmann::ordered_json outcome = {{"state", state_name(state)}, {"exit_code", exit_code}};
    if (!reason.empty())
        outcome["reason"] = reason;
    write_file_atomically(study_run_path(study_dir, run) / kStudyOutcomeFileName, outcome.dump() + "\n");
}

StudyRunLock::StudyRunLock(const std::filesystem::path& study_dir, const StudyRun& run)
{
    const auto dir = study_run_path(study_dir, run);
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error)
        throw CheckpointError(dir.string() + ": cannot create run directory: " + error.message());
    // O_CLOEXEC: only the child that trains this run receives the descriptor (as its fd 3), so
    // no other child keeps this claim alive.
    descriptor_ = ::open((dir / kStudyLockFileName).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (descriptor_ < 0)
        throw CheckpointError((dir / kStudyLockFileName).string() + ": cannot open lock file");
    if (::flock(descriptor_, LOCK_EX | LOCK_NB) != 0) {
        ::close(descriptor_);
        descriptor_ = -1;
    }
}

StudyRunLock::~StudyRunLock()
{
    if (descriptor_ >= 0)
        ::close(descriptor_);
}

} // namespace csae
