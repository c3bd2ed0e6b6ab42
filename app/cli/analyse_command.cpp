// csae analyse: the embeddings of a trained run, projected (PCA, UMAP) and scored (kNN and
// linear probes, trustworthiness, silhouette), written as CSV and JSON (model/analysis).

#include "app/cli/cli_common.h"

#include "model/analysis/embedding_analysis.h"
#include "model/analysis/receptive_fields.h"
#include "model/training/run_directory.h"

#include <iomanip>
#include <optional>
#include <iostream>

namespace csae::cli {
namespace {

struct AnalyseArguments {
    std::string run;
    std::string out;
    std::optional<std::int64_t> samples; ///< unset: 2000, or every test sample when the run has fewer
    std::string layer = kEmbeddingLayer;
    std::int64_t neighbors = 15;
    double min_dist = 0.1;
    std::uint64_t seed = 1;
    bool no_figures = false;
    std::string fields_layer = "conv1"; ///< "none": no receptive fields
    double ridge = 0.0;
};

} // namespace

CommandRunner add_analyse_command(CLI::App& app)
{
    auto arguments = std::make_shared<AnalyseArguments>();
    CLI::App* command = app.add_subcommand(
        "analyse", "Embed test samples with a run's checkpoint and write OUT/embeddings.csv, OUT/projection.csv "
                   "(PCA and UMAP) and OUT/analysis.json (kNN and linear probe accuracy, trustworthiness, "
                   "silhouette).");
    command->add_option("--run", arguments->run, "Run directory")->type_name("DIR")->required();
    command->add_option("--out", arguments->out, "Output directory")->type_name("DIR")->required();
    command
        ->add_option("--samples", arguments->samples,
                     "Test samples to embed (default 2000, or all the run's test samples when it has fewer)")
        ->type_name("N");
    command
        ->add_option("--layer", arguments->layer,
                     "\"embedding\" (the bottleneck, default) or a layer's name: its spike counts")
        ->type_name("NAME");
    command->add_option("--neighbors", arguments->neighbors, "UMAP's n_neighbors (default 15)")->type_name("K");
    command->add_option("--min-dist", arguments->min_dist, "UMAP's min_dist (default 0.1)")->type_name("D");
    command->add_option("--seed", arguments->seed, "UMAP's and the probes' seed (default 1)");
    command
        ->add_option("--fields", arguments->fields_layer,
                     "Layer whose spike-triggered averages go to OUT/receptive_fields.json (default conv1; "
                     "\"none\" skips them). Autoencoders also get OUT/projective_fields.json")
        ->type_name("NAME");
    command
        ->add_option("--ridge", arguments->ridge,
                     "0: plain STAs (default); above 0: ridge-whitened by the stimulus covariance (about 0.01-0.1)")
        ->type_name("R");
    command->add_flag("--no-figures", arguments->no_figures,
                      "Only the CSV and JSON files (the pictures pca.png/.pdf and umap.png/.pdf need csae-studio)");
    return [arguments] {
        if (arguments->samples && *arguments->samples < 1)
            throw UsageError("--samples: " + std::to_string(*arguments->samples) + " is out of range (at least 1)");
        if (arguments->neighbors < 2 || arguments->neighbors > 200)
            throw UsageError("--neighbors: " + std::to_string(arguments->neighbors) + " is out of range (2-200)");
        if (!(arguments->min_dist >= 0.0 && arguments->min_dist <= 3.0))
            throw UsageError("--min-dist: out of range ([0, 3])");
        if (!(arguments->ridge >= 0.0 && arguments->ridge <= 1e6))
            throw UsageError("--ridge: out of range (0, the plain STA, to 1e6)");
        const std::filesystem::path run_dir = arguments->run;
        if (!std::filesystem::exists(run_dir / kCheckpointFileName))
            throw CheckpointError(run_dir.string() + ": no " + kCheckpointFileName +
                                  " (analyse needs a trained run; csae train writes one)");
        auto trainer = resume_run(run_dir, CSAE_PROJECT_DATA_DIR);
        if (arguments->fields_layer != "none")
            check_receptive_field_layer(*trainer, arguments->fields_layer, "--fields");
        const std::int64_t samples =
            arguments->samples.value_or(std::min<std::int64_t>(2000, trainer->test_data().size()));
        std::cout << "Embedding " << samples << " test samples (layer " << arguments->layer
                  << ") with the checkpoint at step " << trainer->step() << "..." << std::endl;
        const CollectedEmbeddings collected = collect_embeddings(*trainer, samples, arguments->layer);
        UmapOptions options;
        options.n_neighbors = arguments->neighbors;
        options.min_dist = arguments->min_dist;
        options.seed = arguments->seed;
        const EmbeddingAnalysis analysis = analyse_embeddings(collected, options);
        write_embedding_analysis(arguments->out, collected, analysis, options);
        std::cout << std::fixed << std::setprecision(4) << collected.values.size(0) << " x " << collected.values.size(1)
                  << " embeddings: kNN probe " << analysis.knn_accuracy << ", linear probe "
                  << analysis.linear_probe_accuracy << ", trustworthiness PCA " << analysis.trustworthiness_pca
                  << " / UMAP " << analysis.trustworthiness_umap << ", silhouette " << analysis.silhouette
                  << "\nUMAP initialisation: " << analysis.umap.initialisation << "\nSeconds:";
        for (const auto& [part, seconds] : analysis.seconds)
            std::cout << ' ' << part << ' ' << std::setprecision(2) << seconds;
        std::cout << "\nWrote " << arguments->out << "/embeddings.csv, projection.csv, analysis.json" << std::endl;
        const std::filesystem::path out = arguments->out;
        if (arguments->fields_layer != "none") {
            ReceptiveFieldOptions field_options;
            field_options.layer(arguments->fields_layer).samples(samples).ridge(arguments->ridge);
            const ReceptiveFields fields = compute_receptive_fields(*trainer, field_options);
            write_receptive_fields(out / "receptive_fields.json", fields, "receptive");
            std::cout << "Wrote " << (out / "receptive_fields.json").string() << ": " << fields.fields.size(0)
                      << (fields.per_channel ? " channels of " : " neurons of ") << fields.layer << ", "
                      << fields.fields.size(2) << "x" << fields.fields.size(3) << std::endl;
            if (trainer->network().classes() == 0) {
                const ReceptiveFields projective = compute_projective_fields(*trainer, samples);
                write_receptive_fields(out / "projective_fields.json", projective, "projective");
                std::cout << "Wrote " << (out / "projective_fields.json").string() << ": " << projective.fields.size(0)
                          << " embedding neurons" << std::endl;
            }
        }
        if (!arguments->no_figures)
            draw_with_studio({"--analysis", arguments->out, "--export", "embedding-figures", "--out", arguments->out},
                             arguments->out);
        return int{kDone};
    };
}

} // namespace csae::cli
