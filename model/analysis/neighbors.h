#pragma once
// Exact nearest neighbours and pairwise distances for the embedding analyses, computed in row
// chunks so that memory stays at chunk x N whatever N is. Plain LibTorch on the CPU; any thread.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>

namespace csae {

/// The k nearest other points of every row of `points` [N, D] (itself excluded), nearest first:
/// indices [N, k] (int64) and Euclidean distances [N, k] (float64). Requires 1 <= k < N. Exact
/// up to kExactNeighborsLimit points; above, approximate through an HNSW index (Debian's
/// hnswlib; M 16, ef 200, single-threaded, so deterministic).
inline constexpr std::int64_t kExactNeighborsLimit = 20000;

struct Neighbors {
    at::Tensor indices;
    at::Tensor distances;
};
Neighbors nearest_neighbors(const at::Tensor& points, std::int64_t k);
/// The approximate search alone, whatever N (for tests and measurements).
Neighbors approximate_nearest_neighbors(const at::Tensor& points, std::int64_t k);

/// The k nearest rows of `reference` [M, D] to each row of `queries` [Q, D]: indices [Q, k]
/// into `reference`, distances [Q, k]. Requires 1 <= k <= M.
Neighbors nearest_in(const at::Tensor& queries, const at::Tensor& reference, std::int64_t k);

/// Calls `visit(first_row, distances)` for consecutive chunks of rows of the N x N Euclidean
/// distance matrix of `points` [N, D] (distances [rows, N], float64; the diagonal is 0).
void for_each_distance_chunk(const at::Tensor& points,
                             const std::function<void(std::int64_t, const at::Tensor&)>& visit);

} // namespace csae
