#include "model/analysis/neighbors.h"

#include "model/core/errors.h"

#include <ATen/ATen.h>
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>
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

Neighbors approximate_nearest_neighbors(const at::Tensor& points, std::int64_t k)
{
    const std::int64_t n = points.size(0), d = points.size(1);
    if (k < 1 || k >= n)
        throw ComputeError("nearest neighbours: k = " + std::to_string(k) + " with " + std::to_string(n) + " points");
    const at::Tensor x = points.to(at::kFloat).contiguous();
    const float* data = x.data_ptr<float>();
    hnswlib::L2Space space(static_cast<std::size_t>(d));
    hnswlib::HierarchicalNSW<float> index(&space, static_cast<std::size_t>(n), 16, 200, /*random_seed=*/100);
    for (std::int64_t i = 0; i < n; ++i)
        index.addPoint(data + i * d, static_cast<hnswlib::labeltype>(i));
    index.setEf(static_cast<std::size_t>(std::max<std::int64_t>(200, 2 * k)));
    Neighbors result{at::empty({n, k}, at::kLong), at::empty({n, k}, at::kDouble)};
    auto* indices = result.indices.data_ptr<std::int64_t>();
    auto* distances = result.distances.data_ptr<double>();
    std::vector<std::pair<float, hnswlib::labeltype>> found;
    for (std::int64_t i = 0; i < n; ++i) {
        auto queue = index.searchKnn(data + i * d, static_cast<std::size_t>(k + 1));
        found.clear();
        while (!queue.empty()) { // farthest first
            found.push_back(queue.top());
            queue.pop();
        }
        std::sort(found.begin(), found.end());
        std::int64_t written = 0;
        for (const auto& [squared, label] : found) {
            if (static_cast<std::int64_t>(label) == i || written == k)
                continue;
            indices[i * k + written] = static_cast<std::int64_t>(label);
            distances[i * k + written] = std::sqrt(static_cast<double>(squared));
            ++written;
        }
        for (; written < k; ++written) { // duplicates of i may have crowded it out: repeat the last
            indices[i * k + written] = written > 0 ? indices[i * k + written - 1] : i;
            distances[i * k + written] = written > 0 ? distances[i * k + written - 1] : 0.0;
        }
    }
    return result;
}

Neighbors nearest_neighbors(const at::Tensor& points, std::int64_t k)
{
    const std::int64_t n = points.size(0);
    if (k < 1 || k >= n)
        throw ComputeError("nearest neighbours: k = " + std::to_string(k) + " with " + std::to_string(n) + " points");
    if (n > kExactNeighborsLimit)
        return approximate_nearest_neighbors(points, k);
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
