#include "model/analysis/neighbors.h"

#include "model/core/errors.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <limits>

namespace csae {
namespace {

// Rows per chunk: 512 x N doubles is 40 MB at N = 10,000.
constexpr std::int64_t kChunkRows = 512;

/// Squared distances between the rows of a [R, D] and b [M, D], clamped at 0 (rounding).
at::Tensor squared_distances(const at::Tensor& a, const at::Tensor& b, const at::Tensor& b_norms)
{
    const at::Tensor a_norms = (a * a).sum(1, /*keepdim=*/true);
    return (a_norms + b_norms.unsqueeze(0) - 2.0 * at::mm(a, b.t())).clamp_min_(0.0);
}

} // namespace

void for_each_distance_chunk(const at::Tensor& points,
                             const std::function<void(std::int64_t, const at::Tensor&)>& visit)
{
    const at::Tensor x = points.to(at::kDouble).contiguous();
    const at::Tensor norms = (x * x).sum(1);
    const std::int64_t n = x.size(0);
    for (std::int64_t begin = 0; begin < n; begin += kChunkRows) {
        const std::int64_t rows = std::min(kChunkRows, n - begin);
        at::Tensor d = squared_distances(x.narrow(0, begin, rows), x, norms).sqrt_();
        // The diagonal is exactly 0, whatever the rounding of |a|^2 + |a|^2 - 2 a.a.
        for (std::int64_t r = 0; r < rows; ++r)
            d[r][begin + r] = 0.0;
        visit(begin, d);
    }
}

Neighbors nearest_in(const at::Tensor& queries, const at::Tensor& reference, std::int64_t k)
{
    if (k < 1 || k > reference.size(0))
        throw ComputeError("nearest neighbours: k = " + std::to_string(k) + " with " +
                           std::to_string(reference.size(0)) + " reference points");
    const at::Tensor q = queries.to(at::kDouble).contiguous();
    const at::Tensor r = reference.to(at::kDouble).contiguous();
    const at::Tensor norms = (r * r).sum(1);
    Neighbors result{at::empty({q.size(0), k}, at::kLong), at::empty({q.size(0), k}, at::kDouble)};
    for (std::int64_t begin = 0; begin < q.size(0); begin += kChunkRows) {
        const std::int64_t rows = std::min(kChunkRows, q.size(0) - begin);
        const at::Tensor d = squared_distances(q.narrow(0, begin, rows), r, norms);
        // Sorting ties by index keeps results deterministic (topk's order among ties is not).
        const auto [values, order] = d.sort(/*stable=*/true, /*dim=*/1, /*descending=*/false);
        result.indices.narrow(0, begin, rows).copy_(order.narrow(1, 0, k));
        result.distances.narrow(0, begin, rows).copy_(values.narrow(1, 0, k).sqrt());
    }
    return result;
}

Neighbors nearest_neighbors(const at::Tensor& points, std::int64_t k)
{
    const std::int64_t n = points.size(0);
    if (k < 1 || k >= n)
        throw ComputeError("nearest neighbours: k = " + std::to_string(k) + " with " + std::to_string(n) + " points");
    const at::Tensor x = points.to(at::kDouble).contiguous();
    const at::Tensor norms = (x * x).sum(1);
    Neighbors result{at::empty({n, k}, at::kLong), at::empty({n, k}, at::kDouble)};
    for (std::int64_t begin = 0; begin < n; begin += kChunkRows) {
        const std::int64_t rows = std::min(kChunkRows, n - begin);
        at::Tensor d = squared_distances(x.narrow(0, begin, rows), x, norms);
        for (std::int64_t r = 0; r < rows; ++r)
            d[r][begin + r] = std::numeric_limits<double>::infinity(); // never its own neighbour
        const auto [values, order] = d.sort(/*stable=*/true, /*dim=*/1, /*descending=*/false);
        result.indices.narrow(0, begin, rows).copy_(order.narrow(1, 0, k));
        result.distances.narrow(0, begin, rows).copy_(values.narrow(1, 0, k).sqrt());
    }
    return result;
}

} // namespace csae
