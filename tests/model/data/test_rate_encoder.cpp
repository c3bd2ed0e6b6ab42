// Rate coding: spike probabilities follow the seed's equation, mean counts stay within
// binomial bounds, encoding is reproducible, and out-of-range options are rejected.

#include "model/core/errors.h"
#include "model/data/rate_encoder.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/full.h>
#include <ATen/ops/linspace.h>

#include <QtTest/QtTest>

#include <cmath>

using namespace csae;

class TestRateEncoder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void probabilityFollowsEquation()
    {
        RateEncoderOptions options;
        options.f_on(400).f_off(50).dt(2e-3).steps(10);
        const at::Tensor x = at::linspace(0.0, 1.0, 11);
        const at::Tensor p = spike_probability(x, options);
        for (int i = 0; i <= 10; ++i) {
            const double expected = 2e-3 * ((400.0 - 50.0) * (i / 10.0) + 50.0);
            QVERIFY(std::abs(p[i].item<double>() - expected) < 1e-6);
        }
    }

    // Each neuron's count over T steps is Binomial(T, p); the mean over n neurons has standard
    // deviation sqrt(T p (1 - p) / n). The bound is 5 of those (a false failure ~ 1 in 10^6).
    void meanCountsWithinBinomialBounds_data()
    {
        QTest::addColumn<double>("f_on");
        QTest::addColumn<double>("f_off");
        QTest::addColumn<double>("dt");
        QTest::addColumn<int>("steps");
        QTest::newRow("snntorch-like f_on=1/dt") << 1000.0 << 0.0 << 1e-3 << 25;
        QTest::newRow("f_on=200 f_off=20") << 200.0 << 20.0 << 1e-3 << 50;
        QTest::newRow("dt=5ms f_on=100") << 100.0 << 10.0 << 5e-3 << 100;
        QTest::newRow("inverted contrast") << 10.0 << 300.0 << 1e-3 << 40;
        QTest::newRow("one step") << 500.0 << 0.0 << 1e-3 << 1;
    }
    void meanCountsWithinBinomialBounds()
    {
        QFETCH(double, f_on);
        QFETCH(double, f_off);
        QFETCH(double, dt);
        QFETCH(int, steps);
        RateEncoderOptions options;
        options.f_on(f_on).f_off(f_off).dt(dt).steps(steps);
        auto generator = at::make_generator<at::CPUGeneratorImpl>(1234);
        for (const double x : {0.0, 0.3, 1.0}) {
            const at::Tensor intensities = at::full({4, 1, 50, 50}, x);
            const at::Tensor spikes = rate_encode(intensities, options, generator);
            QCOMPARE(spikes.sizes().vec(), (std::vector<std::int64_t>{steps, 4, 1, 50, 50}));
            QVERIFY(((spikes == 0) | (spikes == 1)).all().item<bool>());
            const double p = dt * ((f_on - f_off) * x + f_off);
            const double n = 4 * 50 * 50;
            const double mean_count = spikes.sum(0).mean().item<double>();
            const double bound = 5.0 * std::sqrt(steps * p * (1.0 - p) / n) + 1e-9;
            QVERIFY2(std::abs(mean_count - steps * p) <= bound,
                     qPrintable(QStringLiteral("x=%1: mean count %2, expected %3 +- %4")
                                    .arg(x)
                                    .arg(mean_count)
                                    .arg(steps * p)
                                    .arg(bound)));
        }
    }

    void sameSeedSameSpikes()
    {
        RateEncoderOptions options;
        const at::Tensor x = at::full({2, 1, 8, 8}, 0.5);
        auto a = at::make_generator<at::CPUGeneratorImpl>(9);
        auto b = at::make_generator<at::CPUGeneratorImpl>(9);
        auto c = at::make_generator<at::CPUGeneratorImpl>(10);
        const at::Tensor first = rate_encode(x, options, a);
        QVERIFY(first.equal(rate_encode(x, options, b)));
        QVERIFY(!first.equal(rate_encode(x, options, c)));
    }

    void rejectsOutOfRangeOptions_data()
    {
        QTest::addColumn<double>("f_on");
        QTest::addColumn<double>("f_off");
        QTest::addColumn<double>("dt");
        QTest::addColumn<QString>("key");
        QTest::newRow("f_on above 1/dt") << 1001.0 << 0.0 << 1e-3 << QStringLiteral("encoding.f_on");
        QTest::newRow("negative f_off") << 100.0 << -1.0 << 1e-3 << QStringLiteral("encoding.f_off");
        QTest::newRow("f_off above 1/dt") << 40.0 << 60.0 << 2e-2 << QStringLiteral("encoding.f_off");
        QTest::newRow("zero dt") << 100.0 << 0.0 << 0.0 << QStringLiteral("encoding.dt");
    }
    void rejectsOutOfRangeOptions()
    {
        QFETCH(double, f_on);
        QFETCH(double, f_off);
        QFETCH(double, dt);
        QFETCH(QString, key);
        RateEncoderOptions options;
        options.f_on(f_on).f_off(f_off).dt(dt);
        try {
            validate(options);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(key), error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestRateEncoder)
#include "test_rate_encoder.moc"
