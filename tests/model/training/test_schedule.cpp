// The learning-rate schedule against its formula, and early stopping on scripted metric
// sequences (model/training/schedule.h).

#include "model/training/schedule.h"

#include <QtTest/QtTest>

#include <cmath>
#include <numbers>
#include <vector>

using namespace csae;

class TestSchedule : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void learningRateFollowsItsFormula_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<qint64>("warmup");
        QTest::addColumn<double>("finalFraction");
        QTest::addColumn<qint64>("step");
        QTest::addColumn<double>("expected");
        const qint64 total = 110; // 10 warm-up steps, then 100 steps of decay: the last is step 109
        const double lr = 2e-3;
        const auto cosine = [&](double progress, double floor) {
            return lr * floor + (lr - lr * floor) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
        };
        QTest::newRow("warm-up, first step") << QStringLiteral("cosine") << qint64{10} << 0.0 << qint64{0} << lr / 10.0;
        QTest::newRow("warm-up, fifth step")
            << QStringLiteral("cosine") << qint64{10} << 0.0 << qint64{4} << lr * 5.0 / 10.0;
        QTest::newRow("peak after warm-up") << QStringLiteral("cosine") << qint64{10} << 0.0 << qint64{10} << lr;
        QTest::newRow("cosine, a quarter") << QStringLiteral("cosine") << qint64{10} << 0.0 << qint64{10 + 99 / 4}
                                           << cosine(double(99 / 4) / 99.0, 0.0);
        QTest::newRow("cosine, half way") << QStringLiteral("cosine") << qint64{10} << 0.0 << qint64{10 + 99 / 2}
                                          << cosine(double(99 / 2) / 99.0, 0.0);
        QTest::newRow("cosine, last step") << QStringLiteral("cosine") << qint64{10} << 0.0 << qint64{total - 1} << 0.0;
        QTest::newRow("cosine, last step, floor")
            << QStringLiteral("cosine") << qint64{10} << 0.05 << qint64{total - 1} << lr * 0.05;
        QTest::newRow("cosine, no warm-up") << QStringLiteral("cosine") << qint64{0} << 0.0 << qint64{0} << lr;
        QTest::newRow("constant after warm-up") << QStringLiteral("constant") << qint64{10} << 0.0 << qint64{80} << lr;
        QTest::newRow("constant, warm-up")
            << QStringLiteral("constant") << qint64{10} << 0.0 << qint64{1} << lr * 2.0 / 10.0;
    }

    void learningRateFollowsItsFormula()
    {
        QFETCH(QString, schedule);
        QFETCH(qint64, warmup);
        QFETCH(double, finalFraction);
        QFETCH(qint64, step);
        QFETCH(double, expected);
        Config config;
        config.set("train.schedule", schedule.toStdString());
        config.train.learning_rate = 2e-3;
        config.train.warmup_steps = warmup;
        config.train.lr_final_fraction = finalFraction;
        const double rate = learning_rate_at(config.train, step, 110);
        QVERIFY2(std::abs(rate - expected) <= 1e-12 * std::max(1.0, expected),
                 qPrintable(QStringLiteral("%1 != %2").arg(rate, 0, 'g', 17).arg(expected, 0, 'g', 17)));
    }

    void warmupLongerThanTheRunStillReachesThePeak()
    {
        Config config;
        config.train.learning_rate = 1e-3;
        config.train.warmup_steps = 1000;
        QCOMPARE(learning_rate_at(config.train, 9, 10), 1e-3);
        QVERIFY(learning_rate_at(config.train, 0, 10) > 0.0);
    }

    void earlyStoppingStopsAtTheRightEvaluation_data()
    {
        QTest::addColumn<std::vector<double>>("metrics");
        QTest::addColumn<qint64>("patience");
        QTest::addColumn<double>("minDelta");
        QTest::addColumn<bool>("higherIsBetter");
        QTest::addColumn<int>("stopsAt"); // index of the evaluation that stops; -1: never
        QTest::addColumn<int>("bestAt");
        QTest::newRow("nRMSE plateaus") << std::vector<double>{1.0, 0.8, 0.6, 0.61, 0.62, 0.6} << qint64{3} << 0.0
                                        << false << 5 << 2;
        QTest::newRow("improvement resets patience")
            << std::vector<double>{1.0, 0.9, 0.95, 0.85, 0.9, 0.9, 0.9} << qint64{3} << 0.0 << false << 6 << 3;
        QTest::newRow("gains below min_delta do not count")
            << std::vector<double>{1.0, 0.99, 0.98, 0.97} << qint64{2} << 0.05 << false << 2 << 0;
        QTest::newRow("accuracy rises: no stop")
            << std::vector<double>{0.1, 0.2, 0.3, 0.4} << qint64{1} << 0.0 << true << -1 << 3;
        QTest::newRow("accuracy falls") << std::vector<double>{0.5, 0.4, 0.3} << qint64{2} << 0.0 << true << 2 << 0;
        QTest::newRow("patience 0 never stops")
            << std::vector<double>{1.0, 2.0, 3.0, 4.0} << qint64{0} << 0.0 << false << -1 << -1;
    }

    void earlyStoppingStopsAtTheRightEvaluation()
    {
        QFETCH(std::vector<double>, metrics);
        QFETCH(qint64, patience);
        QFETCH(double, minDelta);
        QFETCH(bool, higherIsBetter);
        QFETCH(int, stopsAt);
        QFETCH(int, bestAt);
        EarlyStopping stopping(patience, minDelta, higherIsBetter);
        int stopped = -1;
        for (int i = 0; i < int(metrics.size()); ++i) {
            const bool stop = stopping.observe(metrics[std::size_t(i)], std::int64_t{100} * i);
            if (stop && stopped < 0)
                stopped = i;
        }
        QCOMPARE(stopped, stopsAt);
        QCOMPARE(stopping.stopped(), stopsAt >= 0);
        QCOMPARE(stopping.state().best_step, bestAt < 0 ? std::int64_t{-1} : std::int64_t{100} * bestAt);
    }

    void earlyStoppingStateRestores()
    {
        EarlyStopping first(2, 0.0, false), second(2, 0.0, false);
        first.observe(1.0, 10);
        first.observe(1.1, 20);
        second.restore(first.state());
        QCOMPARE(second.observe(1.2, 30), true); // the third evaluation without gain
        QCOMPARE(first.observe(1.2, 30), true);
    }
};

QTEST_GUILESS_MAIN(TestSchedule)
#include "test_schedule.moc"
