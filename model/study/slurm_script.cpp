#include "model/study/slurm_script.h"

#include <sstream>

namespace csae {

std::string shell_quote(const std::string& text)
{
    std::string quoted = "'";
    for (const char c : text)
        quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string slurm_batch_script(const SlurmOptions& options)
{
    std::ostringstream script;
    const std::string dir = options.study_dir;
    script << "#!/bin/bash\n"
           << "# The study \"" << options.study_name << "\" as a Slurm job array: " << options.tasks
           << " tasks, each one shard of the study.\n"
           << "# Submit: sbatch " << shell_quote(dir + "/study.sbatch") << "\n"
           << "# When the array has finished: csae study report " << shell_quote(dir) << "\n"
           << "# Resubmitting is safe: finished runs are skipped and interrupted ones resume.\n"
           << "#SBATCH --job-name=csae-" << options.study_name << "\n"
           << "#SBATCH --array=0-" << (options.tasks == 0 ? 0 : options.tasks - 1);
    if (options.max_parallel > 0)
        script << '%' << options.max_parallel;
    script << "\n#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=" << options.cpus << "\n";
    if (!options.partition.empty())
        script << "#SBATCH --partition=" << options.partition << "\n";
    if (!options.time_limit.empty())
        script << "#SBATCH --time=" << options.time_limit << "\n";
    script << "#SBATCH --output=" << dir << "/slurm/%A_%a.out\n"
           << "set -euo pipefail\n"
           << "export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-" << options.cpus << "}\"\n"
           << "exec " << shell_quote(options.csae_binary) << " study run " << shell_quote(dir + "/study.json")
           << " --out " << shell_quote(dir) << " --jobs 1 --shard \"$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\"\n";
    return script.str();
}

} // namespace csae
