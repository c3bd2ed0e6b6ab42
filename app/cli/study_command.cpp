// csae study: grids of runs over configuration keys and seeds (model/study), run by a pool of
// worker processes (study_pool.h), resumable, shardable, summarised with confidence intervals.

#include "app/cli/cli_common.h"
#include "app/cli/study_pool.h"

#include "model/core/file_io.h"
#include "model/study/slurm_script.h"
#include "model/study/study_report.h"
#include "model/analysis/embedding_analysis.h"
#include "model/training/run_directory.h"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>

#include <cstdio>

#include <unistd.h>

namespace csae::cli {
namespace {

struct StudyArguments {
    std::string spec;
    std::string out;
    std::size_t jobs = 1;
    std::string shard;
    bool retry_failed = false;
    std::string dir;
    bool no_figures = false;
    bool embedding_quality = false;
    std::int64_t quality_samples = 1000;
    // slurm
    std::string partition, time_limit;
    std::size_t max_parallel = 0;
    std::size_t cpus = 0;
    std::string csae_binary;
};

std::string point_label(const StudyPoint& point)
{
    std::string label;
    for (const auto& [key, value] : point.values)
        label += (label.empty() ? "" : "  ") + key + "=" + study_value_text(value);
    return label;
}

int run_study(const StudyArguments& arguments)
{
    const StudySpec spec = load_study(arguments.spec);
    if (arguments.out.empty())
        throw UsageError("study run: --out DIR is required (the study directory)");
    const std::filesystem::path dir = arguments.out;
    auto [shard_index, shard_count] =
        arguments.shard.empty() ? std::pair<std::size_t, std::size_t>{0, 1} : parse_shard(arguments.shard);
    if (arguments.jobs == 0)
        throw UsageError("--jobs: 0 is out of range (at least 1)");

    // A plan that oversubscribes the cores is refused when the spec fixes the threads, and
    // adjusted (threads per run = cores / jobs) when it leaves them to the machine.
    const std::size_t cores = usable_cores();
    if (arguments.jobs > cores)
        throw UsageError("--jobs " + std::to_string(arguments.jobs) + " is more than the " + std::to_string(cores) +
                         " cores this process may use; refused (each run needs at least one core)");
    std::int64_t fixed_threads = 0;
    for (const auto& run : spec.runs())
        fixed_threads = std::max(fixed_threads, spec.config_for(run).train.threads);
    std::size_t threads_per_job = std::max<std::size_t>(1, cores / arguments.jobs);
    std::string plan;
    if (fixed_threads > 0) {
        if (arguments.jobs * static_cast<std::size_t>(fixed_threads) > cores)
            throw UsageError(
                "--jobs " + std::to_string(arguments.jobs) + " x train.threads " + std::to_string(fixed_threads) +
                " = " + std::to_string(arguments.jobs * static_cast<std::size_t>(fixed_threads)) + " threads on " +
                std::to_string(cores) + " cores would oversubscribe them; refused (lower --jobs or train.threads)");
        threads_per_job = static_cast<std::size_t>(fixed_threads);
        plan = std::to_string(arguments.jobs) + " job(s) x " + std::to_string(threads_per_job) +
               " thread(s) (train.threads) on " + std::to_string(cores) + " cores";
    } else {
        plan = std::to_string(arguments.jobs) + " job(s) x " + std::to_string(threads_per_job) + " thread(s) on " +
               std::to_string(cores) + " cores (threads per run set to cores / jobs)";
    }

    prepare_study_directory(dir, spec);
    StudyPoolOptions options;
    options.study_dir = dir;
    options.runs = study_shard(spec.runs(), shard_index, shard_count);
    options.jobs = arguments.jobs;
    options.threads_per_job = threads_per_job;
    options.retry_failed = arguments.retry_failed;
    options.csae_binary = own_executable();
    std::cout << "Study " << spec.name() << ": " << spec.points().size() << " grid points x " << spec.seeds().size()
              << " seeds = " << spec.runs().size() << " runs in " << dir.string();
    if (shard_count > 1)
        std::cout << "; shard " << shard_index << '/' << shard_count << " holds " << options.runs.size() << " of them";
    std::cout << "\nPlan: " << plan << std::endl;
    const int code = run_study_pool(spec, options);
    if (code == kDone)
        std::cout << "Done. Summarise with: csae study report " << dir.string() << std::endl;
    return code;
}

int study_status(const StudyArguments& arguments)
{
    const std::filesystem::path dir = arguments.dir;
    const StudySpec spec = load_study_directory(dir);
    const auto statuses = inspect_study(dir, spec);
    std::map<StudyRunState, std::size_t> counts;
    for (const auto& status : statuses)
        ++counts[status.state];
    std::cout << "Study " << spec.name() << " in " << dir.string() << ": " << statuses.size()
              << " runs: " << counts[StudyRunState::Done] << " done, " << counts[StudyRunState::Running] << " running, "
              << counts[StudyRunState::Partial] << " interrupted (resume from a checkpoint), "
              << counts[StudyRunState::Pending] << " not started, " << counts[StudyRunState::Failed] << " failed\n";
    for (const auto& status : statuses) {
        if (status.state == StudyRunState::Done || status.state == StudyRunState::Pending)
            continue;
        std::cout << "  " << std::left << std::setw(9) << state_name(status.state) << std::right << status.run.id
                  << "  step " << status.steps;
        if (!status.failure.empty())
            std::cout << "  " << status.failure;
        std::cout << '\n';
    }
    std::cout << "Per grid point (test " << study_metric_name(spec.metric()) << " of the finished runs):\n";
    for (const auto& summary : summarise_study(spec, statuses)) {
        std::cout << "  " << summary.n << '/' << summary.planned << "  ";
        if (summary.n > 0)
            std::cout << std::fixed << std::setprecision(4) << summary.mean << " +- " << summary.std << "  ";
        std::cout << point_label(*summary.point) << '\n';
    }
    return kDone;
}

// Embeds each finished run's first test samples into RUN/analysis (as csae analyse --no-figures
// does) unless an analysis newer than its checkpoint is there already.
void analyse_finished_runs(const std::filesystem::path& dir, const std::vector<StudyRunStatus>& statuses,
                           std::int64_t samples)
{
    std::size_t done = 0, total = 0;
    for (const auto& status : statuses)
        total += status.state == StudyRunState::Done ? 1 : 0;
    for (const auto& status : statuses) {
        if (status.state != StudyRunState::Done)
            continue;
        ++done;
        const auto run_dir = study_run_path(dir, status.run);
        const auto out = run_dir / kRunAnalysisDirectory;
        std::error_code error;
        const auto analysed = std::filesystem::last_write_time(out / "analysis.json", error);
        if (!error && status.analysis && analysed >= std::filesystem::last_write_time(run_dir / kCheckpointFileName))
            continue;
        auto trainer = resume_run(run_dir, CSAE_PROJECT_DATA_DIR);
        const std::int64_t n = std::min<std::int64_t>(samples, trainer->test_data().size());
        const CollectedEmbeddings collected = collect_embeddings(*trainer, n, kEmbeddingLayer);
        const UmapOptions options;
        const EmbeddingAnalysis analysis = analyse_embeddings(collected, options);
        write_embedding_analysis(out, collected, analysis, options);
        std::cout << "Embedding quality " << done << "/" << total << ": " << status.run.id << ": kNN probe "
                  << std::fixed << std::setprecision(4) << analysis.knn_accuracy << ", trustworthiness UMAP "
                  << analysis.trustworthiness_umap << std::endl;
    }
}

int study_report(const StudyArguments& arguments)
{
    const std::filesystem::path dir = arguments.dir;
    const StudySpec spec = load_study_directory(dir);
    if (arguments.quality_samples < 10)
        throw UsageError("--samples: " + std::to_string(arguments.quality_samples) +
                         " is out of range (at least 10, for the 5-fold probes)");
    if (arguments.embedding_quality)
        analyse_finished_runs(dir, inspect_study(dir, spec), arguments.quality_samples);
    const auto statuses = inspect_study(dir, spec);
    const auto summaries = summarise_study(spec, statuses);
    write_results_csv(dir / "results.csv", spec, statuses);
    write_summary_csv(dir / "summary.csv", spec, summaries);
    std::size_t complete = 0;
    for (const auto& summary : summaries)
        complete += summary.n == summary.planned ? 1 : 0;
    std::cout << "Study " << spec.name() << ": test " << study_metric_name(spec.metric())
              << ", mean +- std [95 % confidence interval] over seeds\n";
    for (const auto& summary : summaries) {
        std::cout << "  " << std::left << std::setw(40) << point_label(*summary.point) << std::right << "  ";
        if (summary.n > 0)
            std::cout << std::fixed << std::setprecision(4) << summary.mean << " +- " << summary.std << " ["
                      << summary.ci_low << ", " << summary.ci_high << "]";
        else
            std::cout << "no finished run";
        std::cout << "  (" << summary.n << " of " << summary.planned << " runs)\n";
    }
    if (complete < summaries.size())
        std::cout << "Partly finished: " << complete << " of " << summaries.size()
                  << " grid points have all their runs; the others count only their finished runs.\n";
    std::cout << "Wrote " << (dir / "results.csv").string() << " and " << (dir / "summary.csv").string() << '\n';
    if (!arguments.no_figures)
        draw_with_studio({"--study", dir.string(), "--export", "study-figures", "--out", (dir / "figures").string()},
                         dir);
    return kDone;
}

int study_slurm(const StudyArguments& arguments)
{
    const StudySpec spec = load_study(arguments.spec);
    if (arguments.out.empty())
        throw UsageError("study slurm: --out DIR is required (the study directory, on storage every node sees)");
    const std::filesystem::path dir = std::filesystem::absolute(arguments.out);
    prepare_study_directory(dir, spec);
    std::filesystem::create_directories(dir / "slurm");
    SlurmOptions options;
    options.study_name = spec.name();
    options.csae_binary = arguments.csae_binary.empty() ? own_executable() : arguments.csae_binary;
    options.study_dir = dir.string();
    options.tasks = spec.runs().size();
    options.max_parallel = arguments.max_parallel;
    options.cpus = arguments.cpus == 0 ? 2 : arguments.cpus;
    options.partition = arguments.partition;
    options.time_limit = arguments.time_limit;
    const auto file = dir / "study.sbatch";
    write_file_atomically(file, slurm_batch_script(options));
    std::filesystem::permissions(file, std::filesystem::perms::owner_exec, std::filesystem::perm_options::add);
    std::cout << "Wrote " << file.string() << ": a job array of " << options.tasks
              << " tasks, one run each. Submit with: sbatch " << file.string()
              << "\nWhen it has finished: csae study report " << dir.string() << '\n';
    return kDone;
}

int study_presets()
{
    for (const auto& [name, spec] : list_study_presets()) {
        std::cout << std::left << std::setw(28) << name << ' ' << spec.runs().size() << " runs";
        if (!spec.budget().empty())
            std::cout << ", " << spec.budget();
        std::cout << "\n" << std::string(29, ' ') << spec.description() << '\n';
    }
    return kDone;
}

} // namespace

CommandRunner add_study_command(CLI::App& app)
{
    auto arguments = std::make_shared<StudyArguments>();
    CLI::App* study = app.add_subcommand(
        "study", "Studies: a grid of configurations x seeds, each an ordinary run directory, resumable and "
                 "summarised with confidence intervals. See csae study <command> --help.");
    study->require_subcommand(1);

    CLI::App* run = study->add_subcommand(
        "run", "Run a study (a spec file or a preset from csae study presets) into DIR; resumable after any "
               "interruption: finished runs are kept, interrupted ones resume from their checkpoint.");
    run->add_option("spec", arguments->spec, "Study spec file (JSON) or preset name")->required();
    run->add_option("--out", arguments->out, "Study directory")->required();
    run->add_option("--jobs", arguments->jobs, "Runs trained at once, each in its own process (default 1)");
    run->add_option("--shard", arguments->shard, "Run only part I of N (0-based), e.g. 0/4")->type_name("I/N");
    run->add_flag("--retry-failed", arguments->retry_failed, "Train failed runs again (from their checkpoint)");

    CLI::App* status = study->add_subcommand("status", "Runs done, running, interrupted, failed and left");
    status->add_option("dir", arguments->dir, "Study directory")->required();

    CLI::App* report = study->add_subcommand(
        "report", "Write DIR/results.csv (a row per run), DIR/summary.csv (per grid point: n, mean, std, 95 % "
                  "confidence interval) and DIR/figures/ (PNG and PDF, drawn by csae-studio)");
    report->add_option("dir", arguments->dir, "Study directory")->required();
    report->add_flag("--no-figures", arguments->no_figures, "Only the CSV files (the figures need csae-studio)");
    report->add_flag("--embedding-quality", arguments->embedding_quality,
                     "First embed each finished run's test samples into RUN/analysis (kNN and linear probes, "
                     "trustworthiness, silhouette; kept until the run changes) and add the numbers as columns");
    report
        ->add_option("--samples", arguments->quality_samples,
                     "Test samples per run for --embedding-quality (default 1000, or all the run has)")
        ->type_name("N");

    CLI::App* slurm = study->add_subcommand(
        "slurm", "Write DIR/study.sbatch: a Slurm job array whose tasks each run one shard of the study");
    slurm->add_option("spec", arguments->spec, "Study spec file (JSON) or preset name")->required();
    slurm->add_option("--out", arguments->out, "Study directory, on storage every node sees")->required();
    slurm->add_option("--partition", arguments->partition, "Slurm partition (default: the cluster's)");
    slurm->add_option("--time", arguments->time_limit, "Time limit per task, e.g. 2:00:00");
    slurm->add_option("--max-parallel", arguments->max_parallel, "Tasks running at once (the array's %K)");
    slurm->add_option("--cpus", arguments->cpus, "Cores per task (default 2)");
    slurm->add_option("--csae", arguments->csae_binary, "csae's path on the nodes (default: this executable)");

    study->add_subcommand("presets", "List the study presets (resources/studies) with their size and budget");

    return [arguments, study] {
        const std::string name = study->get_subcommands().front()->get_name();
        if (name == "run")
            return run_study(*arguments);
        if (name == "status")
            return study_status(*arguments);
        if (name == "report")
            return study_report(*arguments);
        if (name == "slurm")
            return study_slurm(*arguments);
        return study_presets();
    };
}

} // namespace csae::cli
