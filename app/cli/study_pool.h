#pragma once
// Runs a study's runs in worker processes: each run is `csae train` in a child process, which
// inherits the run's lock (model/study/study_directory.h), writes its output to the run's
// study.log and gets SIGTERM if this process dies, so that it checkpoints and stops. Owned and
// used by the main thread of `csae study run`.

#include "model/study/study_directory.h"

#include <filesystem>
#include <string>
#include <vector>

namespace csae::cli {

struct StudyPoolOptions {
    std::filesystem::path study_dir;
    std::vector<StudyRun> runs; ///< this process's share (a shard, or every run)
    std::size_t jobs = 1;
    std::size_t threads_per_job = 1; ///< OMP_NUM_THREADS of each child
    bool retry_failed = false;
    std::string csae_binary; ///< the executable the children run
};

/// Trains every run of `options.runs` that is not done, `jobs` at a time, printing the study's
/// progress (done, running, left, ETA). Ctrl-C or SIGTERM asks every child to checkpoint and
/// stop. Returns kDone, kFailed (some run failed) or kInterrupted.
int run_study_pool(const StudySpec& spec, const StudyPoolOptions& options);

/// Cores this process may use: its CPU affinity, capped by $SLURM_CPUS_PER_TASK under Slurm.
std::size_t usable_cores();

} // namespace csae::cli
