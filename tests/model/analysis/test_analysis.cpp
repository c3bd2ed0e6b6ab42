// The embedding analyses against known answers: PCA's axes, umap-learn's a and b, UMAP on
// separated clusters, trustworthiness and silhouette computed by hand, and the probes.

#include "model/analysis/embedding_quality.h"
#include "model/analysis/neighbors.h"
#include "model/analysis/projections.h"
#include "model/core/errors.h"

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include <cmath>

using namespace csae;

namespace {

/// `per_cluster` points around each of `clusters` centres 20 apart in `dims` dimensions
/// (unit Gaussian noise), labelled by cluster.
std::pair<at::Tensor, at::Tensor> clusters(std::int64_t clusters, std::int64_t per_cluster, std::int64_t dims,
                                           std::uint64_t seed)
{
    at::manual_seed(seed);
    std::vector<at::Tensor> points, labels;
    for (std::int64_t c = 0; c < clusters; ++c) {
        at::Tensor centre = at::zeros({dims}, at::kDouble);
        centre[c % dims] = 20.0 * static_cast<double>(c / dims + 1);
        points.push_back(centre + at::randn({per_cluster, dims}, at::kDouble));
        labels.push_back(at::full({per_cluster}, c, at::kLong));
    }
    return {at::cat(points), at::cat(labels)};
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void pcaFindsKnownAxes();
    void abFitMatchesUmapLearn_data();
    void abFitMatchesUmapLearn();
    void umapKeepsClustersApart();
    void umapIsDeterministicAndSpectralWhenConnected();
    void trustworthinessByHand();
    void silhouetteByHand();
    void probesSeparateClusters();
    void nearestNeighboursExcludeThemselves();
    void approximateNeighboursAgreeWithExact();
    void badArgumentsAreRefused();
};

void TestAnalysis::pcaFindsKnownAxes()
{
    // Variance 100 along (1, 1, 0)/sqrt 2, 1 along (1, -1, 0)/sqrt 2, none along z.
    at::manual_seed(3);
    const at::Tensor along = at::randn({2000, 1}, at::kDouble) * 10.0;
    const at::Tensor across = at::randn({2000, 1}, at::kDouble);
    const double h = 1.0 / std::sqrt(2.0);
    const at::Tensor axis1 = at::tensor({h, h, 0.0}, at::kDouble), axis2 = at::tensor({h, -h, 0.0}, at::kDouble);
    const at::Tensor data = along * axis1 + across * axis2 + at::tensor({5.0, -3.0, 2.0}, at::kDouble);
    const PcaResult result = pca(data, 2);
    QVERIFY(at::allclose(result.components[0], axis1, 0, 0.01));
    QVERIFY(at::allclose(result.components[1], axis2, 0, 0.05));
    const double ratio = result.explained_ratio[0].item<double>();
    QVERIFY2(std::abs(ratio - 100.0 / 101.0) < 0.01, qPrintable(QString::number(ratio)));
    // The scores are the centred data on the axes.
    QVERIFY(std::abs(result.scores.mean(0)[0].item<double>()) < 1e-9);
    QVERIFY(std::abs(result.scores.select(1, 0).std().item<double>() - along.std().item<double>()) < 0.05);
}

void TestAnalysis::abFitMatchesUmapLearn_data()
{
    QTest::addColumn<double>("minDist");
    QTest::addColumn<double>("a");
    QTest::addColumn<double>("b");
    // umap.umap_.find_ab_params(1.0, min_dist) in umap-learn 0.5.
    QTest::newRow("min_dist 0.1") << 0.1 << 1.5769434 << 0.8950609;
    QTest::newRow("min_dist 0.5") << 0.5 << 0.5830300 << 1.3341669;
}

void TestAnalysis::abFitMatchesUmapLearn()
{
    QFETCH(double, minDist);
    QFETCH(double, a);
    QFETCH(double, b);
    const auto [fittedA, fittedB] = fit_ab(1.0, minDist);
    QVERIFY2(std::abs(fittedA - a) < 2e-3 && std::abs(fittedB - b) < 2e-3,
             qPrintable(QStringLiteral("a %1 b %2").arg(fittedA, 0, 'f', 7).arg(fittedB, 0, 'f', 7)));
}

void TestAnalysis::umapKeepsClustersApart()
{
    const auto [data, labels] = clusters(4, 60, 8, 5);
    UmapOptions options;
    options.epochs = 200;
    const UmapResult result = umap(data, options);
    QCOMPARE(result.embedding.sizes(), (at::IntArrayRef{240, 2}));
    const double trust = trustworthiness(data, result.embedding, 10);
    QVERIFY2(trust > 0.9, qPrintable(QString::number(trust)));
    // Every cluster is apart from the others: each point's nearest projected neighbours share its
    // label, and the clusters' silhouette in the picture is high.
    QCOMPARE(knn_probe_accuracy(result.embedding, labels), 1.0);
    const double separation = silhouette(result.embedding, labels);
    QVERIFY2(separation > 0.7, qPrintable(QString::number(separation)));
    QVERIFY2(QString::fromStdString(result.initialisation).startsWith(QStringLiteral("random (the kNN graph has 4")),
             result.initialisation.c_str());
}

void TestAnalysis::umapIsDeterministicAndSpectralWhenConnected()
{
    at::manual_seed(9);
    const at::Tensor data = at::randn({150, 5}, at::kDouble);
    UmapOptions options;
    options.epochs = 50;
    const UmapResult first = umap(data, options);
    const UmapResult second = umap(data, options);
    QCOMPARE(first.initialisation, std::string("spectral"));
    QVERIFY(at::equal(first.embedding, second.embedding));
    options.seed = 2;
    QVERIFY(!at::equal(first.embedding, umap(data, options).embedding));
    QVERIFY(at::isfinite(first.embedding).all().item<bool>());
}

void TestAnalysis::trustworthinessByHand()
{
    // Points 0..5 at 0, 1, 3, 6.4, 10, 15 on a line, pictured at 0, 10, 3, 6, 1, 15. With k = 1
    // the picture's nearest neighbours are 4, 3, 4, 2, 0, 1; in the data they are 1, 0, 1, 2, 3,
    // 4, and the misplaced ones rank 4, 3, 4, -, 5, 4 in the data: penalties 3 + 2 + 3 + 0 + 4 + 3
    // = 15, so T = 1 - 2 / (6 * 1 * (12 - 3 - 1)) * 15 = 0.375.
    const at::Tensor data = at::tensor({0.0, 1.0, 3.0, 6.4, 10.0, 15.0}, at::kDouble).unsqueeze(1);
    const at::Tensor picture = at::tensor({0.0, 10.0, 3.0, 6.0, 1.0, 15.0}, at::kDouble).unsqueeze(1);
    QVERIFY(std::abs(trustworthiness(data, picture, 1) - 0.375) < 1e-12);
    QVERIFY(std::abs(trustworthiness(data, data * 2.0 + 1.0, 2) - 1.0) < 1e-12);
}

void TestAnalysis::silhouetteByHand()
{
    // Class 0 at 0 and 1, class 1 at 4 and 5: s = 7/9 at the outer points, 5/7 at the inner.
    const at::Tensor points = at::tensor({0.0, 1.0, 4.0, 5.0}, at::kDouble).unsqueeze(1);
    const at::Tensor labels = at::tensor({0, 0, 1, 1}, at::kLong);
    QVERIFY(std::abs(silhouette(points, labels) - (7.0 / 9.0 + 5.0 / 7.0) / 2.0) < 1e-12);
    // A class of one contributes 0.
    const at::Tensor lone = at::tensor({0, 0, 1, 2}, at::kLong);
    QVERIFY(std::abs(silhouette(points, lone) - (1.0 - 1.0 / 4.0 + 1.0 - 1.0 / 3.0) / 4.0) < 1e-12);
}

void TestAnalysis::probesSeparateClusters()
{
    const auto [data, labels] = clusters(3, 40, 6, 11);
    QCOMPARE(knn_probe_accuracy(data, labels), 1.0);
    QCOMPARE(linear_probe_accuracy(data, labels), 1.0);
    // Labels unrelated to the points: near chance (1/3), far from 1.
    at::manual_seed(4);
    const at::Tensor shuffled = labels.index_select(0, at::randperm(labels.size(0), at::kLong));
    QVERIFY(knn_probe_accuracy(data, shuffled) < 0.6);
    QCOMPARE(knn_probe_accuracy(data, labels, 5, 5, 7), knn_probe_accuracy(data, labels, 5, 5, 7));
}

void TestAnalysis::nearestNeighboursExcludeThemselves()
{
    const at::Tensor points = at::tensor({0.0, 1.0, 3.0, 7.0}, at::kDouble).unsqueeze(1);
    const Neighbors found = nearest_neighbors(points, 2);
    QCOMPARE(found.indices[0][0].item<std::int64_t>(), std::int64_t(1));
    QCOMPARE(found.indices[0][1].item<std::int64_t>(), std::int64_t(2));
    QCOMPARE(found.indices[3][0].item<std::int64_t>(), std::int64_t(2));
    QCOMPARE(found.distances[3][0].item<double>(), 4.0);
    QCOMPARE(found.distances[1][1].item<double>(), 2.0);
}

void TestAnalysis::approximateNeighboursAgreeWithExact()
{
    // HNSW's recall on well-spread data is near 1: nearly every exact neighbour is found.
    at::manual_seed(12);
    const at::Tensor points = at::randn({3000, 16}, at::kDouble);
    const Neighbors exact = nearest_neighbors(points, 10);
    const Neighbors approximate = approximate_nearest_neighbors(points, 10);
    const at::Tensor hits = (exact.indices.unsqueeze(2) == approximate.indices.unsqueeze(1)).any(2);
    const double recall = hits.to(at::kDouble).mean().item<double>();
    QVERIFY2(recall > 0.95, qPrintable(QString::number(recall)));
    QVERIFY(at::equal(approximate.indices, approximate_nearest_neighbors(points, 10).indices)); // deterministic
}

void TestAnalysis::badArgumentsAreRefused()
{
    const at::Tensor few = at::randn({10, 3}, at::kDouble);
    QVERIFY_THROWS_EXCEPTION(ComputeError, umap(few, UmapOptions{}));     // 10 points, 15 neighbours
    QVERIFY_THROWS_EXCEPTION(ComputeError, trustworthiness(few, few, 5)); // k must be < N / 2
    QVERIFY_THROWS_EXCEPTION(ComputeError, pca(few, 4));                  // more components than dims
    QVERIFY_THROWS_EXCEPTION(ComputeError, knn_probe_accuracy(few.narrow(0, 0, 3), at::zeros({3}, at::kLong)));
}

QTEST_GUILESS_MAIN(TestAnalysis)
#include "test_analysis.moc"
