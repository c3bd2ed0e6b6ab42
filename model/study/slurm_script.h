#pragma once
// A Slurm batch script for a study: a job array whose every task runs one shard of it
// (`csae study run DIR/study.json --out DIR --shard I/N`). Plain C++; any thread.

#include <cstddef>
#include <string>

namespace csae {

struct SlurmOptions {
    std::string study_name;
    std::string csae_binary;      ///< absolute path of csae on the cluster's nodes
    std::string study_dir;        ///< absolute; holds study.json, which every task reads
    std::size_t tasks = 1;        ///< array tasks, one shard each
    std::size_t max_parallel = 0; ///< tasks at once (the array's %K); 0: no limit
    std::size_t cpus = 1;         ///< cores per task; each task trains one run with this many threads
    std::string partition;        ///< empty: the cluster's default
    std::string time_limit;       ///< per task, Slurm's format (e.g. 2:00:00); empty: the partition's default
};

/// The text of DIR/study.sbatch. Paths are shell-quoted.
std::string slurm_batch_script(const SlurmOptions& options);

/// `text` quoted for a POSIX shell ('...', with embedded quotes escaped).
std::string shell_quote(const std::string& text);

} // namespace csae
