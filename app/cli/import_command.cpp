// csae import nir: a NIR encoder or classifier as a new run directory that csae and the studio
// open, evaluate and train further (model/export/nir_network.h).

#include "app/cli/cli_common.h"

#include "model/export/nir_network.h"
#include "model/training/run_directory.h"

#include <iostream>

namespace csae::cli {

CommandRunner add_import_command(CLI::App& app)
{
    struct Arguments {
        std::string in, out;
        std::optional<double> dt;
        ConfigArguments config;
    };
    auto arguments = std::make_shared<Arguments>();
    CLI::App* command = app.add_subcommand("import", "Read a network written in another tool's format.");
    command->require_subcommand(1);
    CLI::App* nir = command->add_subcommand(
        "nir", "A NIR graph (Input, Conv2d, LIF or IF, Flatten, Affine, Output in a chain, as csae export nir writes "
               "it) as a new run directory: an SAE whose encoder comes from the file (its decoder freshly "
               "initialised) or a whole classifier. The data and training keys come from --config/--preset/--set.");
    nir->add_option("--in", arguments->in, "The NIR file")->type_name("FILE.nir")->required();
    nir->add_option("--out", arguments->out, "The run directory to create")->type_name("DIR")->required();
    nir->add_option("--dt", arguments->dt,
                    "Time step in seconds the LIF parameters are read at (default: the one csae recorded in the "
                    "file, else 0.001)")
        ->type_name("SECONDS");
    arguments->config.add_to(*nir);
    return [arguments] {
        const NirGraph graph = read_nir(arguments->in);
        const double dt = arguments->dt ? *arguments->dt : nir_time_step(graph, 1e-3);
        if (!(dt > 0.0 && dt <= 1.0))
            throw UsageError("--dt: " + std::to_string(dt) + " is out of range (allowed: (0, 1] seconds)");
        const Config config = config_from_nir(graph, arguments->config.build(), dt, arguments->in);
        auto trainer = start_run(config, arguments->out, CSAE_PROJECT_DATA_DIR);
        load_nir_parameters(graph, trainer->network(), dt, arguments->in);
        trainer->save_checkpoint(std::filesystem::path(arguments->out) / kCheckpointFileName);
        std::cout << "Imported " << arguments->in << " into " << arguments->out << " ("
                  << (config.model.kind == ModelKind::Classifier ? "classifier" : "SAE, encoder from the file")
                  << ", dt = " << dt << " s). Open it with csae-studio " << arguments->out
                  << ", or train it with csae train --resume " << arguments->out << std::endl;
        return int{kDone};
    };
}

} // namespace csae::cli
