// The seed's nRMSE and plain MSE against hand-computed values.

#include "model/networks/losses.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/tensor.h>

#include <QtTest/QtTest>

#include <cmath>

using namespace csae;

class TestLosses : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nrmseHandComputed()
    {
        // Input counts X = (0, 2, 4, 6): mean 3, sigma = sqrt((9 + 1 + 1 + 9) / 4) = sqrt(5).
        // Output counts (1, 2, 3, 6): squared errors 1, 0, 1, 0 -> RMSE = sqrt(0.5).
        const at::Tensor target = at::tensor({0.0f, 2.0f, 4.0f, 6.0f}).view({1, 1, 2, 2});
        const at::Tensor output = at::tensor({1.0f, 2.0f, 3.0f, 6.0f}).view({1, 1, 2, 2});
        const double expected = std::sqrt(0.5) / std::sqrt(5.0);
        QVERIFY(std::abs(nrmse_loss(output, target).item<double>() - expected) < 1e-6);
        QVERIFY(std::abs(mean_squared_error(output, target).item<double>() - 0.5) < 1e-7);
    }

    void nrmseAveragesSamples()
    {
        // Sample 2 is sample 1 scaled by 2: nRMSE is scale-free, so both give the same value.
        const at::Tensor target = at::tensor({0.0f, 2.0f, 4.0f, 6.0f, 0.0f, 4.0f, 8.0f, 12.0f}).view({2, 4});
        const at::Tensor output = at::tensor({1.0f, 2.0f, 3.0f, 6.0f, 2.0f, 4.0f, 6.0f, 12.0f}).view({2, 4});
        QVERIFY(std::abs(nrmse_loss(output, target).item<double>() - std::sqrt(0.1)) < 1e-6);
        // MSE is not: (0.5 + 2) / 2.
        QVERIFY(std::abs(mean_squared_error(output, target).item<double>() - 1.25) < 1e-6);
    }

    void perfectAndSilentReconstructions()
    {
        const at::Tensor target = at::tensor({1.0f, 3.0f, 0.0f, 4.0f}).view({1, 4});
        QVERIFY(nrmse_loss(target, target).item<double>() < 1e-5);
        // A silent output gives RMSE = sqrt(mean X^2) = sqrt(6.5); sigma = sqrt(2.5).
        const double silent = nrmse_loss(target * 0.0, target).item<double>();
        QVERIFY(std::abs(silent - std::sqrt(6.5 / 2.5)) < 1e-5);
    }

    void constantInputStaysFinite()
    {
        const at::Tensor target = at::tensor({2.0f, 2.0f, 2.0f, 2.0f}).view({1, 4});
        QVERIFY(std::isfinite(nrmse_loss(target * 0.5, target).item<double>()));
    }

    void shapeMismatchThrows()
    {
        QVERIFY_THROWS_EXCEPTION(std::exception, nrmse_loss(at::tensor({1.0f, 2.0f}).view({1, 2}),
                                                            at::tensor({1.0f, 2.0f, 3.0f}).view({1, 3})));
    }
};

QTEST_GUILESS_MAIN(TestLosses)
#include "test_losses.moc"
