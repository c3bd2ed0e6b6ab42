// csae analyse: the embeddings of a trained run, projected (PCA, UMAP) and scored (kNN and
// linear probes, trustworthiness, silhouette), written as CSV and JSON (model/analysis).

#include "app/cli/cli_common.h"

#include "model/analysis/embedding_analysis.h"
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
    return [arguments] {
        if (arguments->samples && *arguments->samples < 1)
            throw UsageError("--samples: " + std::to_string(*arguments->samples) + " is out of range (at least 1)");
        if (arguments->neighbors < 2 || arguments->neighbors > 200)
            throw UsageError("--neighbors: " + std::to_string(arguments->neighbors) + " is out of range (2-200)");
        if (!(arguments->min_dist >= 0.0 && arguments->min_dist <= 3.0))
            throw UsageError("--min-dist: out of range ([0, 3])");
        const std::filesystem::path run_dir = arguments->run;
        if (!std::filesystem::exists(run_dir / kCheckpointFileName))
            throw CheckpointError(run_dir.string() + ": no " + kCheckpointFileName +
                                  " (analyse needs a trained run; csae train writes one)");
        auto trainer = resume_run(run_dir, CSAE_PROJECT_DATA_DIR);
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
        return int{kDone};
    };
}

} // namespace csae::cli
