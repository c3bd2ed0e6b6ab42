// Receptive fields against planted answers: a linear-nonlinear-Poisson neuron fed white noise
// gives back its filter through the STA; fed correlated noise, only the ridge-whitened STA does;
// a convolution's per-channel STA recovers its kernel from the patches; the windows' geometry.

#include "model/analysis/receptive_fields.h"
#include "model/core/errors.h"

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include <cmath>

using namespace csae;

namespace {

double correlation(const at::Tensor& a, const at::Tensor& b)
{
    const at::Tensor x = a.reshape({-1}).to(at::kDouble), y = b.reshape({-1}).to(at::kDouble);
    const at::Tensor xc = x - x.mean(), yc = y - y.mean();
    return (xc * yc).sum().item<double>() / std::sqrt((xc * xc).sum().item<double>() * (yc * yc).sum().item<double>());
}

// A 7x7 oriented edge with a centre, unit norm.
at::Tensor plantedFilter()
{
    const at::Tensor grid = at::arange(-3, 4, at::kDouble);
    const at::Tensor y = grid.view({7, 1}).expand({7, 7}), x = grid.view({1, 7}).expand({7, 7});
    const at::Tensor filter = at::exp(-(x * x + y * y) / 6.0) * at::cos(1.2 * (x + 0.5 * y));
    return filter / filter.norm();
}

// Poisson counts of an exponential nonlinearity on the filter's drive.
at::Tensor lnpCounts(const at::Tensor& drive)
{
    return at::poisson(at::exp(0.8 * drive - 0.5));
}

} // namespace

class TestReceptiveFields : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void staRecoversAPlantedFilterFromWhiteNoise()
    {
        at::manual_seed(11);
        const at::Tensor filter = plantedFilter().reshape({1, 49});
        const at::Tensor stimuli = at::randn({20000, 49}, at::kDouble);
        const at::Tensor counts = lnpCounts(at::matmul(stimuli, filter.t())); // [N, 1]
        const at::Tensor sta = spike_triggered_average(stimuli, counts);
        QCOMPARE(sta.sizes().vec(), (std::vector<std::int64_t>{1, 49}));
        const double r = correlation(sta, filter);
        QVERIFY2(r > 0.9, qPrintable(QString::number(r)));
    }

    void ridgeWhiteningUndoesCorrelatedStimuli()
    {
        // Neighbouring pixels correlated, as in images: white noise smoothed by a 3x3 box.
        at::manual_seed(12);
        const at::Tensor white = at::randn({30000, 1, 9, 9}, at::kDouble);
        const at::Tensor smooth =
            at::conv2d(white, at::ones({1, 1, 3, 3}, at::kDouble) / 3.0).reshape({30000, 49}); // 7x7 out
        const at::Tensor filter = plantedFilter().reshape({1, 49});
        const at::Tensor counts = lnpCounts(at::matmul(smooth, filter.t()));
        const at::Tensor plain = spike_triggered_average(smooth, counts);
        const at::Tensor centred = smooth - smooth.mean(0, true);
        const at::Tensor covariance = at::matmul(centred.t(), centred) / double(centred.size(0) - 1);
        const at::Tensor whitened = ridge_whiten(plain, covariance, 0.01);
        const double rPlain = correlation(plain, filter), rWhitened = correlation(whitened, filter);
        QVERIFY2(rWhitened > 0.9, qPrintable(QString::number(rWhitened)));
        QVERIFY2(rWhitened > rPlain + 0.05, qPrintable(QStringLiteral("%1 vs %2").arg(rWhitened).arg(rPlain)));
        QVERIFY_THROWS_EXCEPTION(ConfigError, ridge_whiten(plain, covariance, 0.0));
        QVERIFY_THROWS_EXCEPTION(ConfigError, ridge_whiten(plain, covariance, std::nan("")));
    }

    void silentNeuronsHaveEmptyFields()
    {
        const at::Tensor stimuli = at::rand({50, 4});
        at::Tensor counts = at::zeros({50, 2});
        counts.select(1, 0).fill_(1.0);
        counts[0][0] = 5.0;
        const at::Tensor sta = spike_triggered_average(stimuli, counts);
        QCOMPARE(sta[1].abs().sum().item<double>(), 0.0);
        // By hand: the count-weighted mean minus the mean.
        const at::Tensor expected = (stimuli.sum(0) + 4.0 * stimuli[0]) / 54.0 - stimuli.mean(0);
        QVERIFY(at::allclose(sta[0], expected, 1e-5, 1e-6));
    }

    void windowGeometry_data()
    {
        QTest::addColumn<qint64>("kernel");
        QTest::addColumn<QList<qint64>>("strides");
        QTest::addColumn<qint64>("layer");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<qint64>("jump");
        QTest::addColumn<qint64>("padding");
        QTest::newRow("conv1, kernel 7") << qint64(7) << QList<qint64>{1, 2} << qint64(0) << qint64(7) << qint64(1)
                                         << qint64(3);
        QTest::newRow("conv2, kernel 7") << qint64(7) << QList<qint64>{1, 2} << qint64(1) << qint64(13) << qint64(2)
                                         << qint64(6);
        QTest::newRow("conv3 after two strides")
            << qint64(3) << QList<qint64>{2, 2, 1} << qint64(2) << qint64(15) << qint64(4) << qint64(7);
    }

    void windowGeometry()
    {
        QFETCH(qint64, kernel);
        QFETCH(QList<qint64>, strides);
        QFETCH(qint64, layer);
        const PatchGeometry geometry =
            patch_geometry(kernel, std::vector<std::int64_t>(strides.begin(), strides.end()), layer);
        QTEST(qint64(geometry.size), "size");
        QTEST(qint64(geometry.jump), "jump");
        QTEST(qint64(geometry.padding), "padding");
        // The windows line up with the layer: as many as its output positions on 28x28.
        std::int64_t side = 28;
        for (qint64 i = 0; i <= layer; ++i)
            side = (side + 2 * (kernel / 2) - kernel) / strides[i] + 1;
        const at::Tensor windows = at::im2col(at::zeros({1, 1, 28, 28}), {geometry.size, geometry.size}, {1, 1},
                                              {geometry.padding, geometry.padding}, {geometry.jump, geometry.jump});
        QCOMPARE(windows.size(2), side * side);
    }

    void patchStaRecoversAConvolutionKernel()
    {
        // A convolution channel whose neurons are LNP units with the planted kernel, 'same' padding.
        at::manual_seed(13);
        const at::Tensor images = at::randn({600, 1, 20, 20}, at::kDouble);
        const at::Tensor kernel = plantedFilter().view({1, 1, 7, 7});
        const at::Tensor drive = at::conv2d(images, at::cat({kernel, -kernel}), {}, 1, 3); // two channels
        const at::Tensor counts = lnpCounts(drive);
        at::Tensor covariance;
        const at::Tensor fields = patch_spike_triggered_average(images, counts, patch_geometry(7, {1}, 0), &covariance);
        QCOMPARE(fields.sizes().vec(), (std::vector<std::int64_t>{2, 1, 7, 7}));
        const double r0 = correlation(fields[0], kernel), r1 = correlation(fields[1], -kernel);
        QVERIFY2(r0 > 0.9 && r1 > 0.9, qPrintable(QStringLiteral("%1 %2").arg(r0).arg(r1)));
        QCOMPARE(covariance.sizes().vec(), (std::vector<std::int64_t>{49, 49}));
        // White noise: the window's centre is never padding, so its variance is about 1.
        QVERIFY(std::abs(covariance[24][24].item<double>() - 1.0) < 0.1);
        QVERIFY(std::abs(covariance[24][25].item<double>()) < 0.1);
    }

    void mismatchedShapesAreRefused()
    {
        QVERIFY_THROWS_EXCEPTION(c10::Error, spike_triggered_average(at::rand({5, 3}), at::rand({4, 2})));
        QVERIFY_THROWS_EXCEPTION(
            c10::Error,
            patch_spike_triggered_average(at::rand({2, 1, 10, 10}), at::rand({2, 3, 9, 9}), patch_geometry(7, {1}, 0)));
    }
};

QTEST_GUILESS_MAIN(TestReceptiveFields)
#include "test_receptive_fields.moc"
