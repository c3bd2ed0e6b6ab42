#pragma once
// How well embeddings separate the classes, and how faithfully a projection keeps their
// neighbourhoods: the numbers behind "frequency disparity improved embedding quality".
// Plain LibTorch on the CPU; any thread; deterministic for a given seed.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace csae {

/// Cross-validated k-nearest-neighbour accuracy: the samples shuffled (seed), cut into `folds`
/// parts; each part's labels predicted by majority vote of its k nearest neighbours among the
/// other parts (ties: the class whose tied neighbours are nearer in sum). `labels` [N] int64.
double knn_probe_accuracy(const at::Tensor& embeddings, const at::Tensor& labels, std::int64_t k = 5,
                          std::int64_t folds = 5, std::uint64_t seed = 1);

/// Cross-validated accuracy of a linear probe: multinomial logistic regression on features
/// standardised with the training part's mean and deviation, fitted by full-batch Adam (500
/// steps, lr 0.05, L2 1e-4) from zero weights.
double linear_probe_accuracy(const at::Tensor& embeddings, const at::Tensor& labels, std::int64_t folds = 5,
                             std::uint64_t seed = 1);

/// Trustworthiness of `projection` [N, d] as a picture of `data` [N, D] (Venna and Kaski; van
/// der Maaten 2009): 1 - 2 / (N k (2N - 3k - 1)) sum_i sum_{j in U_i} (r(i, j) - k), with U_i
/// the k nearest neighbours of i in the projection that are not among its k nearest in the
/// data, and r(i, j) the rank of j among i's neighbours in the data. Requires k < N / 2.
double trustworthiness(const at::Tensor& data, const at::Tensor& projection, std::int64_t k = 10);

/// Mean silhouette by label, with Euclidean distances: s = (b - a) / max(a, b) per sample, a the
/// mean distance to its own class, b to the nearest other class; 0 for a class of one.
double silhouette(const at::Tensor& embeddings, const at::Tensor& labels);

} // namespace csae
