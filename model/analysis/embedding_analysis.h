#pragma once
// The whole embedding analysis of `csae analyse`: PCA and UMAP pictures, the probes, the
// trustworthiness of each picture and the silhouette, timed; and its files:
//   embeddings.csv   label, then one column per embedding neuron
//   projection.csv   label, pca_x, pca_y, umap_x, umap_y
//   analysis.json    the numbers, the settings and the seconds each part took
// Plain LibTorch on the CPU; any thread.

#include "model/analysis/embeddings.h"
#include "model/analysis/projections.h"

#include <filesystem>

namespace csae {

struct EmbeddingAnalysis {
    PcaResult pca;
    UmapResult umap;
    double knn_accuracy = 0.0;
    double linear_probe_accuracy = 0.0;
    double trustworthiness_pca = 0.0;
    double trustworthiness_umap = 0.0;
    double silhouette = 0.0;
    std::vector<std::pair<std::string, double>> seconds; ///< per part, in the order computed
};

/// Analyses `collected` (at least 10 samples, for the 5-fold probes and k = 10 trustworthiness
/// with N > 2k; fewer throw ConfigError naming --samples).
EmbeddingAnalysis analyse_embeddings(const CollectedEmbeddings& collected, const UmapOptions& umap_options);

/// Writes the three files into `directory` (created if needed; each written atomically).
void write_embedding_analysis(const std::filesystem::path& directory, const CollectedEmbeddings& collected,
                              const EmbeddingAnalysis& analysis, const UmapOptions& umap_options);

} // namespace csae
