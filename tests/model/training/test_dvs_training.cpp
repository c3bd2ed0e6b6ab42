// Training on DVS input, on synthetic gestures written to a temporary directory: the classifier
// beats chance clearly within a short run, the SAE's nRMSE falls on two-channel event input,
// every train.target works, and the classifier's checkpoints resume exactly.

#include "model/core/errors.h"
#include "model/training/run_directory.h"
#include "model/training/trainer.h"
#include "tests/support/synthetic_gestures_config.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace csae;

namespace {

std::filesystem::path project_data()
{
    return CSAE_PROJECT_DATA_DIR;
}

/// Synthetic gestures at a size that trains in seconds: 10 subjects (88 train, 22 test samples),
/// the whole gesture in 16 bins, 28 x 28, ON and OFF as two channels.
Config dvs_config(const QTemporaryDir& dir, const std::string& kind)
{
    Config config = testing::synthetic_gestures_config(dir, 16);
    config.set("model.kind", kind);
    config.model.channels = {8, 16};
    config.model.embedding_size = 64;
    config.train.batch_size = 16;
    config.train.learning_rate = 1e-3;
    config.train.seed = 3;
    return config;
}

} // namespace

class TestDvsTraining : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void classifierBeatsChance()
    {
        QTemporaryDir dir;
        Config config = dvs_config(dir, "classifier");
        config.train.epochs = 6; // 36 steps
        Trainer trainer(config, project_data());
        QCOMPARE(trainer.network().classes(), std::int64_t{11});
        QCOMPARE(trainer.train_data().size(), std::int64_t{88});
        QCOMPARE(trainer.test_data().size(), std::int64_t{22});
        QCOMPARE(trainer.train_data().spikes.size(2), std::int64_t{2});
        const EvalMetrics before = trainer.evaluate();
        QCOMPARE(before.classes, std::int64_t{11});
        QCOMPARE(static_cast<std::int64_t>(before.confusion.size()), std::int64_t{121});
        std::int64_t total = 0;
        for (const auto count : before.confusion)
            total += count;
        QCOMPARE(total, std::int64_t{22});
        while (!trainer.finished())
            trainer.train_step();
        const EvalMetrics after = trainer.evaluate();
        qInfo("test accuracy %.3f after %lld steps (chance %.3f), cross-entropy %.3f -> %.3f", after.accuracy,
              static_cast<long long>(trainer.step()), 1.0 / 11.0, before.cross_entropy, after.cross_entropy);
        QVERIFY2(after.accuracy >= 3.0 / 11.0, qPrintable(QString::number(after.accuracy)));
        QVERIFY(after.cross_entropy < before.cross_entropy);
        // The metrics row carries the confusion matrix as K rows of K counts.
        const auto row = to_json(after);
        QCOMPARE(row["confusion"].size(), std::size_t{11});
        QCOMPARE(row["confusion"][0].size(), std::size_t{11});
        QCOMPARE(row["accuracy"].get<double>(), after.accuracy);
    }

    void saeLearnsEvents_data()
    {
        QTest::addColumn<QString>("target");
        QTest::newRow("per-polarity counts") << QStringLiteral("counts");
        QTest::newRow("merged count image") << QStringLiteral("merged_counts");
        QTest::newRow("binned spikes") << QStringLiteral("spikes");
    }

    void saeLearnsEvents()
    {
        QFETCH(QString, target);
        QTemporaryDir dir;
        Config config = dvs_config(dir, "sae");
        config.set("train.target", target.toStdString());
        config.train.max_steps = 20;
        Trainer trainer(config, project_data());
        const at::Tensor input = trainer.input_of(trainer.train_data(), at::arange(4, at::kLong), 0);
        QCOMPARE(input.sizes().vec(), (std::vector<std::int64_t>{16, 4, 2, 28, 28}));
        const auto [reconstruction, expected] = trainer.model().reconstruction_and_target(input, config.train.target);
        QCOMPARE(reconstruction.sizes(), expected.sizes());
        if (target == QLatin1String("merged_counts"))
            QCOMPARE(expected.size(1), std::int64_t{1});
        if (target == QLatin1String("spikes"))
            QCOMPARE(expected.size(1), std::int64_t{16}); // [B, T, C, H, W]
        const EvalMetrics before = trainer.evaluate();
        while (!trainer.finished())
            trainer.train_step();
        const EvalMetrics after = trainer.evaluate();
        qInfo("%s: test nRMSE %.4f -> %.4f", qPrintable(target), before.nrmse, after.nrmse);
        QVERIFY(std::isfinite(after.nrmse));
        QVERIFY2(after.nrmse < before.nrmse - 0.01,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before.nrmse).arg(after.nrmse)));
    }

    void aeSeesTimeAveragedFrames()
    {
        QTemporaryDir dir;
        Config config = dvs_config(dir, "ae");
        Trainer trainer(config, project_data());
        const at::Tensor input = trainer.input_of(trainer.test_data(), at::arange(3, at::kLong), 0);
        QCOMPARE(input.sizes().vec(), (std::vector<std::int64_t>{3, 2, 28, 28}));
        QVERIFY(input.equal(trainer.test_data().spikes.narrow(0, 0, 3).mean(1).clamp(0, 1)));
        config.train.target = Target::Spikes;
        QVERIFY_THROWS_EXCEPTION(ConfigError, config.validate());
    }

    void classifierCheckpointResumesExactly()
    {
        QTemporaryDir dir;
        Config config = dvs_config(dir, "classifier");
        config.train.max_steps = 4;
        const auto file = std::filesystem::path(dir.path().toStdString()) / "checkpoint.pt";
        Trainer first(config, project_data());
        first.train_step();
        first.train_step();
        first.save_checkpoint(file);
        auto resumed = Trainer::from_checkpoint(file, project_data());
        QCOMPARE(resumed->network().classes(), std::int64_t{11});
        QCOMPARE(resumed->step(), std::int64_t{2});
        const double a = first.train_step().loss, b = resumed->train_step().loss;
        QCOMPARE(a, b);
        QCOMPARE(first.evaluate().confusion, resumed->evaluate().confusion);
    }

    void realDatasetMissingSaysWhere()
    {
        QTemporaryDir dir;
        Config config = dvs_config(dir, "sae");
        config.data.dataset = Dataset::DvsGesture;
        config.data.root = dir.path().toStdString();
        try {
            Trainer trainer(config, project_data());
            QFAIL("no DataError");
        } catch (const DataError& error) {
            const QString message = QString::fromStdString(error.what());
            QVERIFY2(message.contains(dir.path()) && message.contains(QStringLiteral("trials_to_train.txt")),
                     qPrintable(message));
        }
    }
};

QTEST_GUILESS_MAIN(TestDvsTraining)
#include "test_dvs_training.moc"
