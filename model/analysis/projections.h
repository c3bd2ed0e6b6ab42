#pragma once
// Two-dimensional pictures of embeddings: PCA (exact, through LibTorch's SVD) and UMAP, written
// here after umap-learn's published algorithm (McInnes, Healy and Melville 2018; umap-learn
// 0.5): a kNN graph, smooth kNN distances, the fuzzy union, a spectral initialisation (random
// when the graph is not connected), a and b fitted from min_dist and spread, and SGD with
// negative sampling and a linearly decaying learning rate. Deterministic for a given seed.
// Plain LibTorch on the CPU; any thread; single-threaded SGD (so that results do not depend
// on the thread count).

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <utility>

namespace csae {

struct PcaResult {
    at::Tensor scores;          ///< [N, components], float64
    at::Tensor components;      ///< [components, D]: unit axes, each with its largest entry positive
    at::Tensor explained_ratio; ///< [components]: the variance each axis explains, as a fraction
};

/// PCA of `data` [N, D] (centred here). Requires 1 <= components <= min(N, D).
PcaResult pca(const at::Tensor& data, std::int64_t components);

struct UmapOptions {
    std::int64_t n_neighbors = 15; ///< the point itself included, as umap-learn counts
    double min_dist = 0.1;
    double spread = 1.0;
    std::int64_t epochs = 0; ///< 0: umap-learn's default, 500 up to 10,000 points, else 200
    double learning_rate = 1.0;
    double repulsion_strength = 1.0;
    std::int64_t negative_sample_rate = 5;
    std::uint64_t seed = 1;
};

struct UmapResult {
    at::Tensor embedding;       ///< [N, 2], float64
    std::string initialisation; ///< "spectral", or "random" and why
    std::int64_t epochs = 0;
    double a = 0.0, b = 0.0;
};

/// UMAP of `data` [N, D] to two dimensions. Requires N > n_neighbors >= 2.
UmapResult umap(const at::Tensor& data, const UmapOptions& options = {});

/// umap-learn's find_ab_params: a and b of 1 / (1 + a d^(2b)) fitted by least squares to
/// 1 below min_dist and exp(-(d - min_dist) / spread) above it, on 300 points of [0, 3 spread].
std::pair<double, double> fit_ab(double spread, double min_dist);

} // namespace csae
