#include "model/analysis/projections.h"

#include "model/analysis/neighbors.h"
#include "model/core/errors.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <unordered_map>
#include <vector>

namespace csae {
namespace {

struct Graph {
    std::vector<std::int64_t> heads, tails;
    std::vector<double> weights;
};

/// umap-learn's smooth_knn_dist and compute_membership_strengths, then the fuzzy union
/// P = W + W^T - W o W^T, as a list of directed edges holding both directions.
Graph fuzzy_simplicial_set(const Neighbors& neighbors, std::int64_t n_neighbors)
{
    const std::int64_t n = neighbors.indices.size(0), k = neighbors.indices.size(1);
    const auto* distances = neighbors.distances.data_ptr<double>();
    const auto* indices = neighbors.indices.data_ptr<std::int64_t>();
    const double target = std::log2(static_cast<double>(n_neighbors));
    const double mean_all = neighbors.distances.mean().item<double>();
    constexpr double kMinScale = 1e-3, kTolerance = 1e-5;

    std::unordered_map<std::uint64_t, double> directed;
    directed.reserve(static_cast<std::size_t>(n * k * 2));
    const auto key = [n](std::int64_t i, std::int64_t j) { return static_cast<std::uint64_t>(i * n + j); };
    for (std::int64_t i = 0; i < n; ++i) {
        const double* row = distances + i * k;
        double rho = 0.0, row_mean = 0.0;
        for (std::int64_t j = 0; j < k; ++j) {
            row_mean += row[j];
            if (rho == 0.0 && row[j] > 0.0)
                rho = row[j]; // local connectivity 1: the nearest non-zero distance
        }
        row_mean /= static_cast<double>(k);
        double lo = 0.0, hi = std::numeric_limits<double>::infinity(), mid = 1.0;
        for (int iteration = 0; iteration < 64; ++iteration) {
            double psum = 0.0;
            for (std::int64_t j = 0; j < k; ++j) {
                const double d = row[j] - rho;
                psum += d > 0.0 ? std::exp(-d / mid) : 1.0;
            }
            if (std::fabs(psum - target) < kTolerance)
                break;
            if (psum > target) {
                hi = mid;
                mid = (lo + hi) / 2.0;
            } else {
                lo = mid;
                mid = std::isinf(hi) ? mid * 2.0 : (lo + hi) / 2.0;
            }
        }
        const double sigma = std::max(mid, kMinScale * (rho > 0.0 ? row_mean : mean_all));
        for (std::int64_t j = 0; j < k; ++j) {
            const double d = row[j] - rho;
            directed[key(i, indices[i * k + j])] = d <= 0.0 || sigma == 0.0 ? 1.0 : std::exp(-d / sigma);
        }
    }
    std::vector<std::tuple<std::int64_t, std::int64_t, double>> edges;
    edges.reserve(directed.size() * 2);
    for (const auto& [code, w] : directed) {
        const auto i = static_cast<std::int64_t>(code / static_cast<std::uint64_t>(n));
        const auto j = static_cast<std::int64_t>(code % static_cast<std::uint64_t>(n));
        const auto back = directed.find(key(j, i));
        const double w_back = back == directed.end() ? 0.0 : back->second;
        const double united = w + w_back - w * w_back;
        edges.emplace_back(i, j, united);
        if (back == directed.end())
            edges.emplace_back(j, i, united);
    }
    // A fixed edge order (hash-map order is not) keeps the SGD deterministic.
    std::sort(edges.begin(), edges.end());
    Graph graph;
    for (const auto& [i, j, w] : edges) {
        graph.heads.push_back(i);
        graph.tails.push_back(j);
        graph.weights.push_back(w);
    }
    return graph;
}

std::int64_t connected_components(const Graph& graph, std::int64_t n)
{
    std::vector<std::int64_t> parent(static_cast<std::size_t>(n));
    std::iota(parent.begin(), parent.end(), 0);
    const auto find = [&](std::int64_t x) {
        while (parent[x] != x)
            x = parent[x] = parent[parent[x]];
        return x;
    };
    std::int64_t components = n;
    for (std::size_t e = 0; e < graph.heads.size(); ++e) {
        const std::int64_t a = find(graph.heads[e]), b = find(graph.tails[e]);
        if (a != b) {
            parent[a] = b;
            --components;
        }
    }
    return components;
}

/// The two eigenvectors of the normalised Laplacian after the trivial one (the largest
/// eigenvalues of D^-1/2 P D^-1/2 below 1), by subspace iteration on the shifted matrix
/// (I + D^-1/2 P D^-1/2) / 2 with the trivial vector projected out. Empty when it fails.
at::Tensor spectral_layout(const Graph& graph, std::int64_t n, std::mt19937_64& random)
{
    std::vector<double> degree(static_cast<std::size_t>(n), 0.0);
    for (std::size_t e = 0; e < graph.heads.size(); ++e)
        degree[graph.heads[e]] += graph.weights[e];
    std::vector<double> trivial(static_cast<std::size_t>(n));
    double trivial_norm = 0.0;
    for (std::int64_t i = 0; i < n; ++i) {
        if (degree[i] <= 0.0)
            return {};
        trivial[i] = std::sqrt(degree[i]);
        trivial_norm += degree[i];
    }
    trivial_norm = std::sqrt(trivial_norm);
    for (double& v : trivial)
        v /= trivial_norm;
    std::vector<double> scaled(graph.weights.size());
    for (std::size_t e = 0; e < graph.heads.size(); ++e)
        scaled[e] = graph.weights[e] / std::sqrt(degree[graph.heads[e]] * degree[graph.tails[e]]);

    std::normal_distribution<double> normal;
    std::vector<double> q(static_cast<std::size_t>(n * 2)), next(q.size());
    for (double& v : q)
        v = normal(random);
    const auto orthonormalise = [&](std::vector<double>& m) {
        for (int c = 0; c < 2; ++c) {
            double along = 0.0;
            for (std::int64_t i = 0; i < n; ++i)
                along += m[i * 2 + c] * trivial[i];
            for (std::int64_t i = 0; i < n; ++i)
                m[i * 2 + c] -= along * trivial[i];
        }
        double norm0 = 0.0;
        for (std::int64_t i = 0; i < n; ++i)
            norm0 += m[i * 2] * m[i * 2];
        norm0 = std::sqrt(norm0);
        if (!(norm0 > 1e-300))
            return false;
        double dot = 0.0;
        for (std::int64_t i = 0; i < n; ++i) {
            m[i * 2] /= norm0;
            dot += m[i * 2] * m[i * 2 + 1];
        }
        double norm1 = 0.0;
        for (std::int64_t i = 0; i < n; ++i) {
            m[i * 2 + 1] -= dot * m[i * 2];
            norm1 += m[i * 2 + 1] * m[i * 2 + 1];
        }
        norm1 = std::sqrt(norm1);
        if (!(norm1 > 1e-300))
            return false;
        for (std::int64_t i = 0; i < n; ++i)
            m[i * 2 + 1] /= norm1;
        return true;
    };
    if (!orthonormalise(q))
        return {};
    for (int iteration = 0; iteration < 300; ++iteration) {
        for (std::int64_t i = 0; i < n * 2; ++i)
            next[i] = 0.5 * q[i];
        for (std::size_t e = 0; e < graph.heads.size(); ++e)
            for (int c = 0; c < 2; ++c)
                next[graph.heads[e] * 2 + c] += 0.5 * scaled[e] * q[graph.tails[e] * 2 + c];
        if (!orthonormalise(next))
            return {};
        std::swap(q, next);
    }
    return at::from_blob(q.data(), {n, 2}, at::kDouble).clone();
}

/// Scales each column of `layout` to [0, 10], as umap-learn does with its initialisation.
at::Tensor normalise_layout(const at::Tensor& layout)
{
    const at::Tensor low = std::get<0>(layout.min(0, true)), high = std::get<0>(layout.max(0, true));
    return 10.0 * (layout - low) / (high - low).clamp_min(1e-12);
}

double clip(double value)
{
    return std::clamp(value, -4.0, 4.0);
}

} // namespace

PcaResult pca(const at::Tensor& data, std::int64_t components)
{
    const at::Tensor x = data.to(at::kDouble);
    if (x.dim() != 2 || components < 1 || components > std::min(x.size(0), x.size(1)))
        throw ComputeError("PCA: " + std::to_string(components) + " components of a " + std::to_string(x.size(0)) +
                           " x " + std::to_string(x.dim() == 2 ? x.size(1) : 0) + " matrix");
    const at::Tensor centred = x - x.mean(0, true);
    const auto [u, s, vh] = at::linalg_svd(centred, /*full_matrices=*/false);
    at::Tensor axes = vh.narrow(0, 0, components).clone();
    for (std::int64_t c = 0; c < components; ++c) {
        const std::int64_t largest = axes[c].abs().argmax().item<std::int64_t>();
        if (axes[c][largest].item<double>() < 0.0)
            axes[c].neg_();
    }
    const at::Tensor variance = s * s;
    return {at::mm(centred, axes.t()), axes,
            variance.narrow(0, 0, components) / variance.sum().clamp_min(std::numeric_limits<double>::min())};
}

std::pair<double, double> fit_ab(double spread, double min_dist)
{
    constexpr int kPoints = 300;
    std::vector<double> xs(kPoints), ys(kPoints);
    for (int i = 0; i < kPoints; ++i) {
        xs[i] = 3.0 * spread * i / (kPoints - 1);
        ys[i] = xs[i] < min_dist ? 1.0 : std::exp(-(xs[i] - min_dist) / spread);
    }
    const auto cost = [&](double a, double b) {
        double sum = 0.0;
        for (int i = 0; i < kPoints; ++i) {
            const double r = 1.0 / (1.0 + a * std::pow(xs[i], 2.0 * b)) - ys[i];
            sum += r * r;
        }
        return sum;
    };
    // Levenberg-Marquardt from (1, 1), as scipy's curve_fit starts.
    double a = 1.0, b = 1.0, lambda = 1e-3, current = cost(a, b);
    for (int iteration = 0; iteration < 500; ++iteration) {
        double jaa = 0.0, jab = 0.0, jbb = 0.0, ga = 0.0, gb = 0.0;
        for (int i = 0; i < kPoints; ++i) {
            const double power = xs[i] > 0.0 ? std::pow(xs[i], 2.0 * b) : 0.0;
            const double f = 1.0 / (1.0 + a * power);
            const double r = f - ys[i];
            const double da = -power * f * f;
            const double db = xs[i] > 0.0 ? -a * power * 2.0 * std::log(xs[i]) * f * f : 0.0;
            jaa += da * da;
            jab += da * db;
            jbb += db * db;
            ga += da * r;
            gb += db * r;
        }
        const double maa = jaa * (1.0 + lambda), mbb = jbb * (1.0 + lambda);
        const double det = maa * mbb - jab * jab;
        if (!(std::fabs(det) > 0.0))
            break;
        const double step_a = -(mbb * ga - jab * gb) / det, step_b = -(maa * gb - jab * ga) / det;
        const double trial = cost(a + step_a, b + step_b);
        if (trial < current) {
            a += step_a;
            b += step_b;
            const bool converged = current - trial < 1e-15 * std::max(1.0, current);
            current = trial;
            lambda = std::max(lambda / 10.0, 1e-12);
            if (converged)
                break;
        } else {
            lambda *= 10.0;
            if (lambda > 1e12)
                break;
        }
    }
    return {a, b};
}

UmapResult umap(const at::Tensor& data, const UmapOptions& options)
{
    const std::int64_t n = data.size(0);
    if (data.dim() != 2 || options.n_neighbors < 2 || n <= options.n_neighbors)
        throw ComputeError("UMAP: " + std::to_string(n) + " points for n_neighbors " +
                           std::to_string(options.n_neighbors) + " (it needs more points than neighbours)");
    UmapResult result;
    std::tie(result.a, result.b) = fit_ab(options.spread, options.min_dist);
    result.epochs = options.epochs > 0 ? options.epochs : (n <= 10000 ? 500 : 200);
    std::mt19937_64 random(options.seed);

    Graph graph = fuzzy_simplicial_set(nearest_neighbors(data, options.n_neighbors - 1), options.n_neighbors);
    // Edges too weak to be sampled once in the whole optimisation are dropped, as in umap-learn.
    const double max_weight = *std::max_element(graph.weights.begin(), graph.weights.end());
    Graph kept;
    for (std::size_t e = 0; e < graph.weights.size(); ++e)
        if (graph.weights[e] >= max_weight / static_cast<double>(result.epochs)) {
            kept.heads.push_back(graph.heads[e]);
            kept.tails.push_back(graph.tails[e]);
            kept.weights.push_back(graph.weights[e]);
        }

    at::Tensor layout;
    const std::int64_t components = connected_components(kept, n);
    if (components == 1) {
        layout = spectral_layout(kept, n, random);
        result.initialisation = layout.defined() ? "spectral" : "random (the spectral layout did not converge)";
    } else {
        result.initialisation = "random (the kNN graph has " + std::to_string(components) + " components)";
    }
    if (!layout.defined()) {
        std::uniform_real_distribution<double> uniform(-10.0, 10.0);
        std::vector<double> values(static_cast<std::size_t>(n * 2));
        for (double& v : values)
            v = uniform(random);
        layout = at::from_blob(values.data(), {n, 2}, at::kDouble).clone();
    }
    layout = normalise_layout(layout).contiguous();
    double* y = layout.data_ptr<double>();

    const std::size_t edges = kept.weights.size();
    std::vector<double> per_sample(edges), next_sample(edges), per_negative(edges), next_negative(edges);
    for (std::size_t e = 0; e < edges; ++e) {
        per_sample[e] = max_weight / kept.weights[e];
        next_sample[e] = per_sample[e];
        per_negative[e] = per_sample[e] / static_cast<double>(options.negative_sample_rate);
        next_negative[e] = per_negative[e];
    }
    const double a = result.a, b = result.b, gamma = options.repulsion_strength;
    double alpha = options.learning_rate;
    std::uniform_int_distribution<std::int64_t> vertex(0, n - 1);
    for (std::int64_t epoch = 0; epoch < result.epochs; ++epoch) {
        const double now = static_cast<double>(epoch);
        for (std::size_t e = 0; e < edges; ++e) {
            if (next_sample[e] > now)
                continue;
            double* current = y + kept.heads[e] * 2;
            double* other = y + kept.tails[e] * 2;
            double dx = current[0] - other[0], dy = current[1] - other[1];
            double d2 = dx * dx + dy * dy;
            if (d2 > 0.0) {
                const double coefficient = -2.0 * a * b * std::pow(d2, b - 1.0) / (a * std::pow(d2, b) + 1.0);
                const double gx = clip(coefficient * dx) * alpha, gy = clip(coefficient * dy) * alpha;
                current[0] += gx;
                current[1] += gy;
                other[0] -= gx;
                other[1] -= gy;
            }
            next_sample[e] += per_sample[e];
            const auto negatives = static_cast<std::int64_t>((now - next_negative[e]) / per_negative[e]);
            for (std::int64_t p = 0; p < negatives; ++p) {
                const std::int64_t k = vertex(random);
                other = y + k * 2;
                dx = current[0] - other[0];
                dy = current[1] - other[1];
                d2 = dx * dx + dy * dy;
                double coefficient = 0.0;
                if (d2 > 0.0)
                    coefficient = 2.0 * gamma * b / ((0.001 + d2) * (a * std::pow(d2, b) + 1.0));
                else if (k == kept.heads[e])
                    continue;
                current[0] += (coefficient > 0.0 ? clip(coefficient * dx) : 4.0) * alpha;
                current[1] += (coefficient > 0.0 ? clip(coefficient * dy) : 4.0) * alpha;
            }
            next_negative[e] += static_cast<double>(negatives) * per_negative[e];
        }
        alpha = options.learning_rate * (1.0 - now / static_cast<double>(result.epochs)); // as umap-learn
    }
    result.embedding = layout;
    return result;
}

} // namespace csae
