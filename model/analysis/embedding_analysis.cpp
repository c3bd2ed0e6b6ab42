#include "model/analysis/embedding_analysis.h"

#include "model/analysis/embedding_quality.h"
#include "model/core/errors.h"
#include "model/core/file_io.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iomanip>
#include <sstream>

namespace csae {
namespace {

constexpr std::int64_t kTrustworthinessNeighbours = 10;

template <class F>
auto timed(std::vector<std::pair<std::string, double>>& seconds, const std::string& part, F&& work)
{
    const auto start = std::chrono::steady_clock::now();
    auto result = work();
    seconds.emplace_back(part, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return result;
}

} // namespace

EmbeddingAnalysis analyse_embeddings(const CollectedEmbeddings& collected, const UmapOptions& umap_options)
{
    const std::int64_t n = collected.values.size(0);
    const std::int64_t needed =
        std::max<std::int64_t>(2 * kTrustworthinessNeighbours + 1, umap_options.n_neighbors + 1);
    if (n < needed)
        throw ConfigError("--samples: " + std::to_string(n) + " is too few for the analysis (at least " +
                          std::to_string(needed) + ": UMAP's neighbours and trustworthiness at k = 10)");
    EmbeddingAnalysis analysis;
    const at::Tensor& x = collected.values;
    analysis.pca = timed(analysis.seconds, "pca", [&] { return pca(x, std::min<std::int64_t>(2, x.size(1))); });
    analysis.umap = timed(analysis.seconds, "umap", [&] { return umap(x, umap_options); });
    analysis.knn_accuracy =
        timed(analysis.seconds, "knn_probe", [&] { return knn_probe_accuracy(x, collected.labels); });
    analysis.linear_probe_accuracy =
        timed(analysis.seconds, "linear_probe", [&] { return linear_probe_accuracy(x, collected.labels); });
    analysis.trustworthiness_pca = timed(analysis.seconds, "trustworthiness_pca", [&] {
        return trustworthiness(x, analysis.pca.scores, kTrustworthinessNeighbours);
    });
    analysis.trustworthiness_umap = timed(analysis.seconds, "trustworthiness_umap", [&] {
        return trustworthiness(x, analysis.umap.embedding, kTrustworthinessNeighbours);
    });
    analysis.silhouette = timed(analysis.seconds, "silhouette", [&] { return silhouette(x, collected.labels); });
    return analysis;
}

void write_embedding_analysis(const std::filesystem::path& directory, const CollectedEmbeddings& collected,
                              const EmbeddingAnalysis& analysis, const UmapOptions& umap_options)
{
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error)
        throw CheckpointError(directory.string() + ": cannot create output directory: " + error.message());
    const std::int64_t n = collected.values.size(0), d = collected.values.size(1);
    const at::Tensor values = collected.values.contiguous();
    const auto* value = values.data_ptr<float>();
    const auto* label = collected.labels.data_ptr<std::int64_t>();

    std::ostringstream embeddings;
    embeddings << std::setprecision(7) << "label";
    for (std::int64_t j = 0; j < d; ++j)
        embeddings << ",e" << j;
    embeddings << '\n';
    for (std::int64_t i = 0; i < n; ++i) {
        embeddings << label[i];
        for (std::int64_t j = 0; j < d; ++j)
            embeddings << ',' << value[i * d + j];
        embeddings << '\n';
    }
    write_file_atomically(directory / "embeddings.csv", embeddings.str());

    const at::Tensor pca_scores = analysis.pca.scores.contiguous();
    const at::Tensor umap_scores = analysis.umap.embedding.contiguous();
    const std::int64_t pca_columns = pca_scores.size(1);
    const auto* p = pca_scores.data_ptr<double>();
    const auto* u = umap_scores.data_ptr<double>();
    std::ostringstream projection;
    projection << std::setprecision(8) << "label,pca_x,pca_y,umap_x,umap_y\n";
    for (std::int64_t i = 0; i < n; ++i)
        projection << label[i] << ',' << p[i * pca_columns] << ',' << (pca_columns > 1 ? p[i * pca_columns + 1] : 0.0)
                   << ',' << u[i * 2] << ',' << u[i * 2 + 1] << '\n';
    write_file_atomically(directory / "projection.csv", projection.str());

    nlohmann::ordered_json report = {
        {"layer", collected.layer},
        {"samples", n},
        {"dimensions", d},
        {"knn_accuracy", analysis.knn_accuracy},
        {"linear_probe_accuracy", analysis.linear_probe_accuracy},
        {"trustworthiness_pca", analysis.trustworthiness_pca},
        {"trustworthiness_umap", analysis.trustworthiness_umap},
        {"silhouette", analysis.silhouette},
        {"class_names", collected.class_names},
        {"pca_explained_ratio",
         std::vector<double>(analysis.pca.explained_ratio.data_ptr<double>(),
                             analysis.pca.explained_ratio.data_ptr<double>() + analysis.pca.explained_ratio.numel())},
        {"umap",
         {{"n_neighbors", umap_options.n_neighbors},
          {"min_dist", umap_options.min_dist},
          {"spread", umap_options.spread},
          {"epochs", analysis.umap.epochs},
          {"a", analysis.umap.a},
          {"b", analysis.umap.b},
          {"seed", umap_options.seed},
          {"initialisation", analysis.umap.initialisation}}},
        {"knn_probe", {{"k", 5}, {"folds", 5}}},
        {"trustworthiness_k", kTrustworthinessNeighbours},
    };
    nlohmann::ordered_json seconds = nlohmann::ordered_json::object();
    for (const auto& [part, time] : analysis.seconds)
        seconds[part] = time;
    report["seconds"] = seconds;
    write_file_atomically(directory / "analysis.json", report.dump(2) + "\n");
}

} // namespace csae
