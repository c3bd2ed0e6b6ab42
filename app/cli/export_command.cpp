// csae export nir: a run's spiking encoder or classifier as a NIR file (model/export/nir_network.h).

#include "app/cli/cli_common.h"

#include "model/export/nir_network.h"
#include "model/training/run_directory.h"

#include <iostream>

namespace csae::cli {

CommandRunner add_export_command(CLI::App& app)
{
    struct Arguments {
        std::string run, out, part;
    };
    auto arguments = std::make_shared<Arguments>();
    CLI::App* command = app.add_subcommand("export", "Write a trained network in another tool's format.");
    command->require_subcommand(1);
    CLI::App* nir = command->add_subcommand(
        "nir", "The run's spiking encoder (SAE) or classifier as a NIR 1.0 graph in HDF5, for snnTorch, Norse, Lava "
               "and neuromorphic hardware. The SAE's decoder cannot be exported: NIR has no transposed convolution.");
    nir->add_option("--run", arguments->run, "Run directory")->type_name("DIR")->required();
    nir->add_option("--out", arguments->out, "The NIR file to write")->type_name("FILE.nir")->required();
    nir->add_option("--part", arguments->part,
                    "encoder (the SAE's default), classifier (the classifier's default) or all")
        ->type_name("PART");
    return [arguments] {
        auto trainer = resume_run(arguments->run, CSAE_PROJECT_DATA_DIR);
        const Config& config = trainer->config();
        const NirPart part = !arguments->part.empty()                     ? nir_part_from_name(arguments->part)
                             : config.model.kind == ModelKind::Classifier ? NirPart::Classifier
                                                                          : NirPart::Encoder;
        const at::Tensor& images = trainer->test_data().images;
        const NirExport exported =
            export_nir(trainer->network(), config, {images.size(1), images.size(2), images.size(3)}, part);
        for (const std::string& warning : exported.warnings)
            std::cerr << "csae: warning: " << warning << '\n';
        write_nir(arguments->out, exported.graph);
        std::string chain;
        for (const NirNode& node : exported.graph.nodes)
            chain += (chain.empty() ? "" : " -> ") + node.name;
        std::cout << "Wrote " << arguments->out << ": " << chain << " (LIF parameters at dt = " << exported.dt
                  << " s, step " << trainer->step() << ")" << std::endl;
        return int{kDone};
    };
}

} // namespace csae::cli
