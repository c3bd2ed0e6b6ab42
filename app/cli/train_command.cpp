// csae train: trains into a run directory (model/training/run_directory), or resumes one.

#include "app/cli/cli_common.h"

#include "model/training/run_directory.h"

#include <ATen/Parallel.h>

#include <iomanip>
#include <iostream>
#include <sstream>

namespace csae::cli {
namespace {

/// The confusion matrix as a text table: rows are true classes, columns predictions.
std::string format_confusion(const EvalMetrics& m, const std::vector<std::string>& names)
{
    std::ostringstream table;
    table << "confusion (rows: true class, columns: predicted)\n" << std::setw(28) << "";
    for (std::int64_t c = 0; c < m.classes; ++c)
        table << std::setw(5) << c + 1;
    for (std::int64_t row = 0; row < m.classes; ++row) {
        const std::string name =
            row < static_cast<std::int64_t>(names.size()) ? names[static_cast<std::size_t>(row)] : "";
        table << '\n'
              << std::setw(2) << row + 1 << ' ' << std::left << std::setw(25) << name.substr(0, 24) << std::right;
        for (std::int64_t c = 0; c < m.classes; ++c)
            table << std::setw(5) << m.confusion[static_cast<std::size_t>(row * m.classes + c)];
    }
    return table.str();
}

int train(Trainer& trainer, const std::filesystem::path& run_dir, bool resumed)
{
    ProgressPrinter progress(trainer);
    const auto& config = trainer.config();
    std::ostringstream header;
    header << (resumed ? "Resuming " : "Training ") << choice_name(config.model.kind) << " on "
           << choice_name(config.data.dataset) << " (" << trainer.train_data().size() << " train / "
           << trainer.test_data().size() << " test samples, T=" << config.encoding.steps << ", batch "
           << config.train.batch_size << ", " << at::get_num_threads() << " threads) from step " << trainer.step()
           << " of " << trainer.total_steps() << " into " << run_dir.string() << "; gradients "
           << trainer.gradient_precision().reason;
    if (config.data.events())
        header << "\nDVS samples: " << trainer.cache_report().hits << " recordings from the cache, "
               << trainer.cache_report().misses << " binned from AEDAT";
    progress.message(header.str());

    TrainerCallbacks callbacks;
    callbacks.on_step = [&](const StepMetrics& m) { progress.step(m); };
    callbacks.on_eval = [&](const EvalMetrics& m) {
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

    RunOutcome outcome;
    {
        InterruptGuard interrupts(trainer);
        outcome = train_into(trainer, run_dir, callbacks);
    }
    if (outcome == RunOutcome::Cancelled) {
        progress.message("Interrupted at step " + std::to_string(trainer.step()) + "; checkpoint saved to " +
                         (run_dir / kCheckpointFileName).string() + ". Continue with: csae train --resume " +
                         run_dir.string());
        return kInterrupted;
    }
    if (outcome == RunOutcome::StoppedEarly) {
        const auto& best = trainer.early_stopping().state();
        std::ostringstream line;
        line << "Stopped early at step " << trainer.step() << ": the test metric did not improve by more than "
             << config.train.early_stop_min_delta << " in " << config.train.early_stop_patience << " evaluations (best "
             << std::setprecision(4) << best.best << " at step " << best.best_step << ").";
        progress.message(line.str());
    }
    progress.message("Done. Results in " + run_dir.string() + ": config.json, metrics.jsonl, checkpoint.pt" +
                     (trainer.config().train.tensorboard ? ", tensorboard/" : ""));
    return kDone;
}

struct TrainArguments {
    ConfigArguments config;
    std::string out;
    std::string max_steps;
    std::string resume;
};

} // namespace

CommandRunner add_train_command(CLI::App& app)
{
    auto arguments = std::make_shared<TrainArguments>();
    CLI::App* command = app.add_subcommand(
        "train", "Train an SAE, its non-spiking twin or the spiking classifier (model.kind) on images or DVS "
                 "gestures (data.dataset); writes DIR/config.json, DIR/metrics.jsonl and DIR/checkpoint.pt. Ctrl-C "
                 "stops after the current step and saves a checkpoint.");
    arguments->config.add_to(*command);
    command->add_option("--out", arguments->out, "Run directory (default: runs/<date-time>)");
    command->add_option("--max-steps", arguments->max_steps, "Stop after N optimisation steps (train.max_steps)")
        ->type_name("N");
    command->add_option("--resume", arguments->resume, "Continue the run in DIR exactly where its checkpoint stopped")
        ->type_name("DIR");
    return [arguments] {
        const std::filesystem::path data_dir = CSAE_PROJECT_DATA_DIR;
        if (!arguments->resume.empty()) {
            if (arguments->config.given() || !arguments->out.empty() || !arguments->max_steps.empty())
                throw UsageError("train --resume DIR continues the run as configured; it takes no other options");
            const std::filesystem::path run_dir = arguments->resume;
            if (!std::filesystem::exists(run_dir / kCheckpointFileName) &&
                std::filesystem::is_regular_file(run_dir / kConfigFileName)) {
                // Killed before its first checkpoint: nothing to continue, so the run starts over.
                std::cout << "No checkpoint in " << run_dir.string()
                          << " yet (the run stopped before its first): starting it over from its config.json\n";
                auto trainer = restart_run(run_dir, data_dir);
                return train(*trainer, run_dir, false);
            }
            auto trainer = resume_run(run_dir, data_dir);
            if (trainer->finished()) {
                std::cout << "The run in " << run_dir.string() << " already finished at step " << trainer->step()
                          << ".\n";
                return int{kDone};
            }
            return train(*trainer, run_dir, true);
        }
        Config config = arguments->config.build();
        if (!arguments->max_steps.empty())
            config.set("train.max_steps", arguments->max_steps);
        config.validate();
        const std::filesystem::path run_dir =
            arguments->out.empty() ? default_run_directory() : std::filesystem::path(arguments->out);
        auto trainer = start_run(config, run_dir, data_dir);
        return train(*trainer, run_dir, false);
    };
}

} // namespace csae::cli
