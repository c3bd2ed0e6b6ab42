#include "model/analysis/embedding_quality.h"

#include "model/analysis/neighbors.h"
#include "model/core/errors.h"

#include <ATen/ATen.h>
#include <torch/nn/functional/loss.h>
#include <torch/optim/adam.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>
#include <vector>

namespace csae {
namespace {

/// The fold of every sample: a seeded shuffle cut into `folds` nearly equal parts.
std::vector<std::int64_t> fold_of_samples(std::int64_t n, std::int64_t folds, std::uint64_t seed)
{
    if (folds < 2 || n < folds)
        throw ComputeError("cross-validation: " + std::to_string(n) + " samples cannot make " + std::to_string(folds) +
                           " folds");
    std::vector<std::int64_t> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 random(seed);
    std::shuffle(order.begin(), order.end(), random);
    std::vector<std::int64_t> fold(static_cast<std::size_t>(n));
    for (std::int64_t position = 0; position < n; ++position)
        fold[order[position]] = position * folds / n;
    return fold;
}

at::Tensor indices_where(const std::vector<std::int64_t>& fold, std::int64_t wanted, bool equal)
{
    std::vector<std::int64_t> chosen;
    for (std::size_t i = 0; i < fold.size(); ++i)
        if ((fold[i] == wanted) == equal)
            chosen.push_back(static_cast<std::int64_t>(i));
    return at::tensor(chosen, at::kLong);
}

void check_labelled(const at::Tensor& embeddings, const at::Tensor& labels, const char* what)
{
    if (embeddings.dim() != 2 || labels.dim() != 1 || labels.size(0) != embeddings.size(0))
        throw ComputeError(std::string(what) + ": embeddings [N, D] and labels [N] do not match");
}

} // namespace

double knn_probe_accuracy(const at::Tensor& embeddings, const at::Tensor& labels, std::int64_t k, std::int64_t folds,
                          std::uint64_t seed)
{
    check_labelled(embeddings, labels, "kNN probe");
    const at::Tensor x = embeddings.to(at::kDouble);
    const at::Tensor y = labels.to(at::kLong).contiguous();
    const auto fold = fold_of_samples(x.size(0), folds, seed);
    std::int64_t correct = 0;
    for (std::int64_t f = 0; f < folds; ++f) {
        const at::Tensor test = indices_where(fold, f, true), train = indices_where(fold, f, false);
        const std::int64_t neighbours = std::min<std::int64_t>(k, train.size(0));
        const Neighbors found = nearest_in(x.index_select(0, test), x.index_select(0, train), neighbours);
        const at::Tensor train_labels = y.index_select(0, train).contiguous();
        const auto* nearest = found.indices.data_ptr<std::int64_t>();
        const auto* distance = found.distances.data_ptr<double>();
        const auto* truth = y.data_ptr<std::int64_t>();
        const auto* test_index = test.data_ptr<std::int64_t>();
        const auto* train_label = train_labels.data_ptr<std::int64_t>();
        for (std::int64_t q = 0; q < test.size(0); ++q) {
            std::map<std::int64_t, std::pair<int, double>> votes; // label -> (count, distance sum)
            for (std::int64_t j = 0; j < neighbours; ++j) {
                auto& vote = votes[train_label[nearest[q * neighbours + j]]];
                ++vote.first;
                vote.second += distance[q * neighbours + j];
            }
            const auto best = std::max_element(votes.begin(), votes.end(), [](const auto& l, const auto& r) {
                return l.second.first != r.second.first ? l.second.first < r.second.first
                                                        : l.second.second > r.second.second;
            });
            correct += best->first == truth[test_index[q]] ? 1 : 0;
        }
    }
    return static_cast<double>(correct) / static_cast<double>(x.size(0));
}

double linear_probe_accuracy(const at::Tensor& embeddings, const at::Tensor& labels, std::int64_t folds,
                             std::uint64_t seed)
{
    check_labelled(embeddings, labels, "linear probe");
    const at::Tensor x = embeddings.to(at::kFloat);
    const at::Tensor y = labels.to(at::kLong);
    const std::int64_t classes = y.max().item<std::int64_t>() + 1;
    const auto fold = fold_of_samples(x.size(0), folds, seed);
    std::int64_t correct = 0;
    for (std::int64_t f = 0; f < folds; ++f) {
        const at::Tensor test = indices_where(fold, f, true), train = indices_where(fold, f, false);
        const at::Tensor train_x = x.index_select(0, train);
        const at::Tensor mean = train_x.mean(0, true);
        const at::Tensor deviation = train_x.std(0, /*unbiased=*/false, /*keepdim=*/true).clamp_min(1e-6);
        const at::Tensor features = (train_x - mean) / deviation;
        const at::Tensor targets = y.index_select(0, train);
        at::Tensor weight = at::zeros({x.size(1), classes}, at::kFloat).requires_grad_(true);
        at::Tensor bias = at::zeros({classes}, at::kFloat).requires_grad_(true);
        torch::optim::Adam optimiser({weight, bias}, torch::optim::AdamOptions(0.05));
        for (int iteration = 0; iteration < 500; ++iteration) {
            optimiser.zero_grad();
            const at::Tensor loss = torch::nn::functional::cross_entropy(at::addmm(bias, features, weight), targets) +
                                    1e-4 * (weight * weight).sum();
            loss.backward();
            optimiser.step();
        }
        at::NoGradGuard no_grad;
        const at::Tensor test_features = (x.index_select(0, test) - mean) / deviation;
        const at::Tensor predicted = at::addmm(bias, test_features, weight).argmax(1);
        correct += predicted.eq(y.index_select(0, test)).sum().item<std::int64_t>();
    }
    return static_cast<double>(correct) / static_cast<double>(x.size(0));
}

double trustworthiness(const at::Tensor& data, const at::Tensor& projection, std::int64_t k)
{
    const std::int64_t n = data.size(0);
    if (projection.size(0) != n || k < 1 || 2 * k >= n)
        throw ComputeError("trustworthiness: k = " + std::to_string(k) + " needs k < N / 2 (N = " + std::to_string(n) +
                           ") and as many projected points as data points");
    const Neighbors projected = nearest_neighbors(projection, k);
    const Neighbors original = nearest_neighbors(data, k);
    const auto* projected_index = projected.indices.data_ptr<std::int64_t>();
    const auto* original_index = original.indices.data_ptr<std::int64_t>();
    double penalty = 0.0;
    // Ranks in the data are needed only for the projected neighbours that are not data
    // neighbours; each row's full ranking comes from one stable sort of its distances.
    for_each_distance_chunk(data, [&](std::int64_t first, const at::Tensor& distances) {
        at::Tensor row_distances = distances.clone();
        for (std::int64_t r = 0; r < row_distances.size(0); ++r)
            row_distances[r][first + r] = -1.0; // itself: rank 0
        const at::Tensor order = std::get<1>(row_distances.sort(/*stable=*/true, 1, false)).contiguous();
        const auto* sorted = order.data_ptr<std::int64_t>();
        std::vector<std::int64_t> rank(static_cast<std::size_t>(n));
        for (std::int64_t r = 0; r < order.size(0); ++r) {
            const std::int64_t i = first + r;
            for (std::int64_t position = 0; position < n; ++position)
                rank[sorted[r * n + position]] = position;
            for (std::int64_t j = 0; j < k; ++j) {
                const std::int64_t neighbour = projected_index[i * k + j];
                const bool also_original = std::find(original_index + i * k, original_index + (i + 1) * k, neighbour) !=
                                           original_index + (i + 1) * k;
                if (!also_original)
                    penalty += static_cast<double>(rank[neighbour] - k);
            }
        }
    });
    const double nd = static_cast<double>(n), kd = static_cast<double>(k);
    return 1.0 - 2.0 / (nd * kd * (2.0 * nd - 3.0 * kd - 1.0)) * penalty;
}

double silhouette(const at::Tensor& embeddings, const at::Tensor& labels)
{
    check_labelled(embeddings, labels, "silhouette");
    const at::Tensor y = labels.to(at::kLong).contiguous();
    const std::int64_t n = y.size(0);
    const std::int64_t classes = y.max().item<std::int64_t>() + 1;
    const at::Tensor one_hot = at::zeros({n, classes}, at::kDouble).scatter_(1, y.unsqueeze(1), 1.0);
    const at::Tensor class_sizes = one_hot.sum(0);
    const auto* sizes = class_sizes.data_ptr<double>();
    const auto* label = y.data_ptr<std::int64_t>();
    double total = 0.0;
    for_each_distance_chunk(embeddings, [&](std::int64_t first, const at::Tensor& distances) {
        const at::Tensor sums = at::mm(distances, one_hot).contiguous(); // [rows, classes]
        const auto* sum = sums.data_ptr<double>();
        for (std::int64_t r = 0; r < sums.size(0); ++r) {
            const std::int64_t own = label[first + r];
            if (sizes[own] <= 1.0)
                continue; // s = 0 for a class of one
            const double a = sum[r * classes + own] / (sizes[own] - 1.0);
            double b = std::numeric_limits<double>::infinity();
            for (std::int64_t c = 0; c < classes; ++c)
                if (c != own && sizes[c] > 0.0)
                    b = std::min(b, sum[r * classes + c] / sizes[c]);
            if (std::isfinite(b) && std::max(a, b) > 0.0)
                total += (b - a) / std::max(a, b);
        }
    });
    return total / static_cast<double>(n);
}

} // namespace csae
