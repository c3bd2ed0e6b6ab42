// csae eval: the test metrics of a run's checkpoint, as one JSON object.

#include "app/cli/cli_common.h"

#include "model/training/run_directory.h"

#include <iostream>

namespace csae::cli {

CommandRunner add_eval_command(CLI::App& app)
{
    auto run_dir = std::make_shared<std::string>();
    CLI::App* command = app.add_subcommand("eval", "Print the test nRMSE and MSE (classifier: accuracy, cross-entropy "
                                                   "and confusion matrix) of a run's checkpoint as one JSON object.");
    command->add_option("--run", *run_dir, "Run directory")->type_name("DIR")->required();
    return [run_dir] {
        auto trainer = resume_run(*run_dir, CSAE_PROJECT_DATA_DIR);
        // On stderr, so that stdout stays one JSON object.
        std::cerr << "csae: evaluating the checkpoint at step " << trainer->step() << " on "
                  << trainer->test_data().size() << " test samples..." << std::endl;
        nlohmann::ordered_json result = to_json(trainer->evaluate());
        result.erase("split");
        result.erase("loss");
        // metrics.jsonl's "epoch" is the 0-based epoch a step belongs to; here, finished epochs
        // read better: 1 after a one-epoch run, not 0.
        result.erase("epoch");
        result["epochs_completed"] =
            static_cast<double>(trainer->step()) / static_cast<double>(trainer->steps_per_epoch());
        result["run"] = *run_dir;
        std::cout << result.dump() << std::endl;
        return int{kDone};
    };
}

} // namespace csae::cli
