// The studio's training controller and worker thread: start, pause, resume, stop and step with
// QSignalSpy; stop during a step returns at once and nothing arrives after it; bad sessions and
// missing data give clear errors and leave the session intact; checkpoints round trip.

#include "app/bridge/snapshot_builder.h"
#include "app/bridge/training_controller.h"
#include "model/training/run_directory.h"
#include "tests/support/synthetic_gestures_config.h"
#include "tests/support/mnist_required.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <algorithm>
#include <filesystem>

using csae::TrainingController;
using State = csae::TrainingController::State;

namespace {

csae::Config small_config()
{
    csae::Config config;
    config.data.limit = 256;
    config.data.test_limit = 32;
    config.encoding.steps = 4;
    config.model.channels = {4, 8};
    config.model.embedding_size = 16;
    config.train.batch_size = 16;
    config.train.epochs = 100;
    config.train.learning_rate = 1e-3;
    return config;
}

/// Test sample `index` of `trainer` as the snapshots draw it.
QImage csae_test_image(csae::Trainer& trainer, std::int64_t index)
{
    return csae::to_grayscale(trainer.test_data().images[index][0]);
}

} // namespace

class TestTrainingController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { CSAE_REQUIRE_MNIST(); }

    void startPauseResumeStop()
    {
        TrainingController controller;
        controller.setConfig(small_config());
        QSignalSpy steps(&controller, &TrainingController::stepCompleted);
        QSignalSpy snapshots(&controller, &TrainingController::snapshotReady);
        QSignalSpy evaluations(&controller, &TrainingController::evaluated);
        QSignalSpy errors(&controller, &TrainingController::errorOccurred);

        controller.start();
        QCOMPARE(controller.state(), State::Running);
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 3, 60000);
        QVERIFY(evaluations.count() >= 1); // the step-0 evaluation
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 1, 10000);

        controller.pause();
        QCOMPARE(controller.state(), State::Paused);
        QTest::qWait(300); // the step in progress may still report
        const int pausedAt = steps.count();
        QTest::qWait(700);
        QCOMPARE(steps.count(), pausedAt);
        // Snapshots are throttled while training; pausing publishes the weights as they are.
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.last().at(0).value<csae::ui::TrainingSnapshot>().step,
                                  steps.last().at(0).value<qint64>(), 5000);

        controller.resume();
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= pausedAt + 2, 30000);

        QElapsedTimer timer;
        timer.start();
        controller.stop();
        QVERIFY2(timer.elapsed() < 1000, "stop() must return at once");
        QCOMPARE(controller.state(), State::Idle);
        const int stepsAtStop = steps.count();
        const int snapshotsAtStop = snapshots.count();
        QTest::qWait(1500);
        QCOMPARE(steps.count(), stepsAtStop);
        QCOMPARE(snapshots.count(), snapshotsAtStop);
        QCOMPARE(errors.count(), 0);
    }

    void stepRunsExactlyOneBatch()
    {
        TrainingController controller;
        controller.setConfig(small_config());
        QSignalSpy steps(&controller, &TrainingController::stepCompleted);
        controller.step();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 1, 60000);
        QTRY_COMPARE(controller.state(), State::Paused);
        QTest::qWait(500);
        QCOMPARE(steps.count(), 1);
        QCOMPARE(steps.first().at(0).toLongLong(), 1);
        controller.step();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 2, 30000);
        QCOMPARE(steps.last().at(0).toLongLong(), 2);
    }

    /// The Embedding dock's "Compute from the model": refused without a model; with one, the
    /// worker sends every test sample's two projections, its picture and its reconstruction.
    void embeddingsOfTheCurrentModel()
    {
        TrainingController controller;
        controller.setConfig(small_config());
        QSignalSpy ready(&controller, &TrainingController::embeddingsReady);
        QSignalSpy failed(&controller, &TrainingController::embeddingsFailed);
        QSignalSpy errors(&controller, &TrainingController::errorOccurred);
        controller.analyseEmbeddings(2000);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("No model")),
                 qPrintable(failed.first().at(0).toString()));
        QSignalSpy steps(&controller, &TrainingController::stepCompleted);
        controller.step();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 1, 60000);
        QVERIFY(controller.hasModel());
        controller.analyseEmbeddings(2000); // more than the 32 test samples: all of them
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60000);
        const auto snapshot = ready.first().at(0).value<csae::ui::EmbeddingSnapshot>();
        QCOMPARE(snapshot.labels.size(), 32);
        QCOMPARE(snapshot.pca.size(), 32);
        QCOMPARE(snapshot.umap.size(), 32);
        QCOMPARE(snapshot.samples.size(), 32);
        QCOMPARE(snapshot.reconstructions.size(), 32);
        QCOMPARE(snapshot.samples.front().size(), QSize(28, 28));
        QCOMPARE(snapshot.step, 1);
        QCOMPARE(snapshot.classNames.size(), 10);
        QVERIFY2(snapshot.summary.contains(QStringLiteral("kNN probe")), qPrintable(snapshot.summary));
        QCOMPARE(errors.count(), 0);
        QCOMPARE(controller.state(), State::Paused); // a paused run stays paused
    }

    /// A point clicked in the Embedding view: the snapshots show that test sample (its image in
    /// the input, its index as the first reconstruction column) until -1 goes back to training's.
    void chosenTestSampleInTheSnapshots()
    {
        TrainingController controller;
        controller.setConfig(small_config());
        QSignalSpy snapshots(&controller, &TrainingController::snapshotReady);
        QSignalSpy steps(&controller, &TrainingController::stepCompleted);
        controller.step();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 1, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 1, 10000);
        const auto following = snapshots.last().at(0).value<csae::ui::TrainingSnapshot>();
        QVERIFY2(following.input.source.startsWith(QStringLiteral("training sample")),
                 qPrintable(following.input.source));
        QVERIFY(!following.input.chosen);
        QCOMPARE(following.reconstructions.first, 0);
        QCOMPARE(following.fieldLayers.first(), QStringLiteral("embedding"));
        QVERIFY(following.fieldLayers.contains(QStringLiteral("conv1")));
        QVERIFY(!following.fieldLayers.contains(QStringLiteral("output"))); // a decoder layer has no receptive field

        // The test set's sample 20, as the engine holds it (the same config's data).
        csae::Trainer reference(small_config(), CSAE_PROJECT_DATA_DIR);
        const QImage expected = csae_test_image(reference, 20);

        // The step's own snapshots may still be on their way: wait for the one that answers.
        const auto lastSnapshot = [&] { return snapshots.last().at(0).value<csae::ui::TrainingSnapshot>(); };
        controller.showTestSample(20);
        QTRY_VERIFY_WITH_TIMEOUT(lastSnapshot().input.chosen, 10000); // a paused run answers at once
        const auto chosen = lastSnapshot();
        QVERIFY2(chosen.input.source.startsWith(QStringLiteral("test sample 20: ")), qPrintable(chosen.input.source));
        QCOMPARE(chosen.input.original, expected);
        QCOMPARE(chosen.reconstructions.first, 20);
        QCOMPARE(chosen.reconstructions.originals.size(), 8);
        QCOMPARE(chosen.reconstructions.originals.front(), expected);

        // Near the end of the test set the columns stop at its last sample.
        controller.showTestSample(29);
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.last().at(0).value<csae::ui::TrainingSnapshot>().reconstructions.first == 29,
                                 10000);
        QCOMPARE(snapshots.last().at(0).value<csae::ui::TrainingSnapshot>().reconstructions.originals.size(), 3);

        controller.showTestSample(-1);
        QTRY_VERIFY_WITH_TIMEOUT(!lastSnapshot().input.chosen, 10000);
        const auto back = lastSnapshot();
        QCOMPARE(back.reconstructions.first, 0);
    }

    /// The Receptive fields dock's "Compute from the model": refused without a model; with one,
    /// conv1's per-channel fields with its kernels and the projective fields of every embedding
    /// neuron, highest rate first; a decoder layer is refused with the engine's message.
    void receptiveFieldsOfTheCurrentModel()
    {
        TrainingController controller;
        controller.setConfig(small_config());
        QSignalSpy ready(&controller, &TrainingController::fieldsReady);
        QSignalSpy failed(&controller, &TrainingController::fieldsFailed);
        controller.analyseFields(QStringLiteral("conv1"), 100, 0.0);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY2(failed.first().at(0).toString().contains(QStringLiteral("No model")),
                 qPrintable(failed.first().at(0).toString()));
        QSignalSpy steps(&controller, &TrainingController::stepCompleted);
        controller.step();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 1, 60000);

        controller.analyseFields(QStringLiteral("conv1"), 100, 0.05); // more than the 32 test samples: all
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60000);
        const auto fields = ready.first().at(0).value<csae::ui::ReceptiveFieldSnapshot>();
        QCOMPARE(fields.receptive.layer, QStringLiteral("conv1"));
        QVERIFY(fields.receptive.perChannel);
        QCOMPARE(fields.receptive.neurons.size(), 4); // small_config's 4 channels
        QCOMPARE(fields.receptive.samples, 32);
        QCOMPARE(fields.receptive.ridge, 0.05);
        QCOMPARE(fields.receptive.width, 7);
        QCOMPARE(fields.receptive.neurons.front().values.size(), 7 * 7);
        for (int i = 1; i < fields.receptive.neurons.size(); ++i)
            QVERIFY(fields.receptive.neurons[i - 1].rate >= fields.receptive.neurons[i].rate);
        QCOMPARE(fields.receptive.kernels.outChannels, 4);
        QCOMPARE(fields.projective.neurons.size(), 16); // the embedding's 16 neurons
        QCOMPARE(fields.projective.width, 28);

        controller.analyseFields(QStringLiteral("output"), 32, 0.0);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 30000);
        QVERIFY2(failed.last().at(0).toString().contains(QStringLiteral("decoder layer")),
                 qPrintable(failed.last().at(0).toString()));
        QCOMPARE(controller.state(), State::Paused);
    }

    /// A checkpoint the disk refuses (the engine's injected ENOSPC) while training: the run
    /// pauses with the engine's message naming the file, and the earlier checkpoint is untouched.
    void fullDiskPausesTheRun()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath(QStringLiteral("full.pt"));
        qputenv("CSAE_TEST_FAIL_WRITE", "full.pt:2"); // the second save of full.pt fails
        TrainingController controller;
        controller.setConfig(small_config());
        QSignalSpy steps(&controller, &TrainingController::stepCompleted);
        QSignalSpy saved(&controller, &TrainingController::checkpointSaved);
        QSignalSpy errors(&controller, &TrainingController::errorOccurred);
        controller.start();
        QTRY_VERIFY_WITH_TIMEOUT(steps.count() >= 2, 60000);
        controller.saveCheckpoint(file);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30000);
        QFile first(file);
        QVERIFY(first.open(QIODevice::ReadOnly));
        const QByteArray before = first.readAll();
        first.close();
        controller.saveCheckpoint(file);
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 30000);
        qunsetenv("CSAE_TEST_FAIL_WRITE");
        const QString message = errors.first().at(0).toString();
        QVERIFY2(message.contains(file) && message.contains(QStringLiteral("No space left on device")),
                 qPrintable(message));
        QCOMPARE(controller.state(), State::Paused);
        QTest::qWait(300); // the step in progress may still report
        const int pausedAt = int(steps.count());
        QTest::qWait(700);
        QCOMPARE(int(steps.count()), pausedAt); // the worker paused too
        QVERIFY(first.open(QIODevice::ReadOnly));
        QCOMPARE(first.readAll(), before);
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size() == 1); // no temporary left
        controller.stop();
    }

    /// An SAE on DVS gestures: the snapshot carries the sample's events, an input raster of the
    /// binned spikes (T rows) and reconstructions of the time-averaged frames.
    void dvsSaeSnapshots()
    {
        QTemporaryDir data;
        csae::Config config = csae::testing::synthetic_gestures_config(data, 10);
        config.model.channels = {6, 12};
        config.train.batch_size = 8;
        csae::TrainingController controller;
        controller.setConfig(config);
        QSignalSpy snapshots(&controller, &csae::TrainingController::snapshotReady);
        controller.step();
        QTRY_VERIFY_WITH_TIMEOUT(snapshots.count() >= 1, 60000);
        const auto snapshot = snapshots.last().at(0).value<csae::ui::TrainingSnapshot>();
        QVERIFY(!snapshot.events.isEmpty());
        QCOMPARE(snapshot.events.width, 28);
        QCOMPARE(snapshot.events.durationUs, qint64{1000000}); // the whole 1 s gesture in 10 bins
        QVERIFY(std::is_sorted(snapshot.events.timesUs.begin(), snapshot.events.timesUs.end()));
        QCOMPARE(snapshot.input.spikes.steps, 10);
        QCOMPARE(snapshot.input.spikes.neurons, 28 * 28);
        QVERIFY(snapshot.input.spikes.spikes.contains(1));
        QCOMPARE(snapshot.reconstructions.originals.size(), 8);
        QCOMPARE(snapshot.reconstructions.outputs.size(), 8);
        QVERIFY(!snapshot.layers.isEmpty());
        controller.stop();
    }

    void badSessionLeavesCurrentIntact()
    {
        QTemporaryDir dir;
        TrainingController controller;
        csae::Config config = small_config();
        config.model.kernel_size = 5;
        controller.setConfig(config);
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"model": {"kernel_size": 4}})");
        file.close();
        QString error;
        QVERIFY(!controller.openSession(bad, &error));
        QVERIFY2(error.contains(bad) && error.contains(QStringLiteral("model.kernel_size")), qPrintable(error));
        QCOMPARE(controller.config().model.kernel_size, 5);

        const QString good = dir.filePath(QStringLiteral("session.json"));
        QVERIFY(controller.saveSession(good, &error));
        TrainingController other;
        QVERIFY(other.openSession(good, &error));
        QCOMPARE(other.config().to_json().dump(), controller.config().to_json().dump());
    }

    void missingDataIsAClearError()
    {
        QTemporaryDir empty;
        TrainingController controller;
        csae::Config config = small_config();
        config.data.root = empty.path().toStdString();
        controller.setConfig(config);
        QSignalSpy errors(&controller, &TrainingController::errorOccurred);
        controller.start();
        QTRY_COMPARE_WITH_TIMEOUT(errors.count(), 1, 30000);
        QVERIFY(errors.first().at(0).toString().contains(empty.path()));
        QCOMPARE(controller.state(), State::Failed);
    }

    // A directory written the way `csae train` writes it opens with its metrics and checkpoint.
    void opensCliRunDirectory()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        csae::Config config = small_config();
        config.train.max_steps = 3;
        config.train.eval_every = 3;
        config.train.log_every = 1;
        {
            auto trainer = csae::start_run(config, root / "run", CSAE_PROJECT_DATA_DIR);
            QCOMPARE(csae::train_into(*trainer, root / "run"), csae::RunOutcome::Finished);
        }
        TrainingController controller;
        QSignalSpy changed(&controller, &TrainingController::configChanged);
        TrainingController::RunHistory history;
        QString error;
        QVERIFY2(controller.openRunDirectory(dir.filePath(QStringLiteral("run")), &history, &error), qPrintable(error));
        QCOMPARE(history.trainLoss.size(), 3);
        QCOMPARE(history.testLoss.size(), 2); // steps 0 and 3
        // Each evaluation logged every layer's firing rate, so a loaded run's rate plot fills.
        QCOMPARE(history.firingRates.size(), 2);
        QStringList layers;
        for (const auto& [name, rate] : history.firingRates.last().second) {
            layers.push_back(name);
            QVERIFY2(rate >= 0.0 && rate <= 1.0, qPrintable(name));
        }
        QCOMPARE(layers.first(), QStringLiteral("conv1"));
        QCOMPARE(layers.last(), QStringLiteral("output"));
        QCOMPARE(controller.config().train.max_steps, 3);
        QTRY_COMPARE_WITH_TIMEOUT(controller.state(), State::Paused, 60000);

        QTemporaryDir empty;
        QVERIFY(!controller.openRunDirectory(empty.path(), &history, &error));
        QVERIFY2(error.contains(QStringLiteral("config.json")), qPrintable(error));
    }

    // A classifier's run directory opens with its training and test accuracies, and the loaded
    // model is evaluated once for the confusion matrix, which metrics.jsonl does not name by class.
    void opensClassifierRunDirectory()
    {
        QTemporaryDir dir;
        csae::Config config = csae::testing::synthetic_gestures_config(dir, 8);
        config.model.kind = csae::ModelKind::Classifier;
        config.model.channels = {4, 8};
        config.train.batch_size = 16;
        config.train.max_steps = 4;
        config.train.eval_every = 2;
        config.train.log_every = 1;
        const std::filesystem::path run = std::filesystem::path(dir.path().toStdString()) / "run";
        {
            auto trainer = csae::start_run(config, run, CSAE_PROJECT_DATA_DIR);
            QCOMPARE(csae::train_into(*trainer, run), csae::RunOutcome::Finished);
        }
        TrainingController controller;
        QSignalSpy evaluations(&controller, &TrainingController::classifierEvaluated);
        TrainingController::RunHistory history;
        QString error;
        QVERIFY2(controller.openRunDirectory(QString::fromStdString(run.string()), &history, &error),
                 qPrintable(error));
        QCOMPARE(history.trainAccuracy.size(), 4);
        QCOMPARE(history.testAccuracy.size(), 3); // steps 0, 2 and 4
        QCOMPARE(history.testAccuracy.last().first, qint64{4});
        for (const auto& [step, accuracy] : history.trainAccuracy + history.testAccuracy)
            QVERIFY(accuracy >= 0.0 && accuracy <= 1.0);
        QTRY_COMPARE_WITH_TIMEOUT(evaluations.count(), 1, 60000);
        const auto snapshot = evaluations.first().at(1).value<csae::ui::ClassifierSnapshot>();
        QCOMPARE(snapshot.step, qint64{4});
        QCOMPARE(snapshot.classNames.size(), 11);
        qint64 total = 0;
        for (qint64 count : snapshot.confusion)
            total += count;
        QVERIFY(total > 0);
        // The same accuracy as the run's last evaluation: the loaded model is the trained one.
        QCOMPARE(evaluations.first().at(0).toDouble(), history.testAccuracy.last().second);
    }

    // Cancelling the load of a run directory keeps the directory's config, which opening it
    // already took, but neither its model (not loaded) nor the old run's (it does not belong to
    // that config): the next step starts a fresh run from the directory's config.
    void cancellingARunDirectoryKeepsItsConfigOnly()
    {
        QTemporaryDir dir;
        const std::filesystem::path run = std::filesystem::path(dir.path().toStdString()) / "run";
        csae::Config saved = small_config();
        saved.model.embedding_size = 24;
        saved.train.max_steps = 2;
        saved.train.eval_every = 2;
        {
            auto trainer = csae::start_run(saved, run, CSAE_PROJECT_DATA_DIR);
            QCOMPARE(csae::train_into(*trainer, run), csae::RunOutcome::Finished);
        }
        TrainingController controller;
        controller.setConfig(small_config());
        QSignalSpy steps(&controller, &TrainingController::stepCompleted);
        controller.step();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 1, 60000);
        QSignalSpy snapshots(&controller, &TrainingController::snapshotReady);
        TrainingController::RunHistory history;
        QString error;
        QVERIFY2(controller.openRunDirectory(QString::fromStdString(run.string()), &history, &error),
                 qPrintable(error));
        QVERIFY(controller.cancelLoading());
        QVERIFY(!controller.cancelLoading()); // nothing left to cancel
        QCOMPARE(controller.state(), State::Idle);
        QCOMPARE(controller.config().model.embedding_size, 24);
        steps.clear();
        controller.step(); // queued on the worker behind the cancelled load
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 1, 60000);
        QCOMPARE(steps.first().at(0).toLongLong(), 1); // a fresh run, not the checkpoint's step 2 + 1
        QCOMPARE(controller.config().model.embedding_size, 24);
    }

    void checkpointRoundTrip()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("checkpoint.pt"));
        TrainingController controller;
        controller.setConfig(small_config());
        QSignalSpy steps(&controller, &TrainingController::stepCompleted);
        QSignalSpy saved(&controller, &TrainingController::checkpointSaved);
        controller.step();
        QTRY_COMPARE_WITH_TIMEOUT(steps.count(), 1, 60000);
        controller.saveCheckpoint(file);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 30000);
        QVERIFY(QFile::exists(file));

        TrainingController restored;
        QSignalSpy changed(&restored, &TrainingController::configChanged);
        QSignalSpy restoredSteps(&restored, &TrainingController::stepCompleted);
        restored.loadCheckpoint(file);
        QTRY_VERIFY_WITH_TIMEOUT(changed.count() >= 1, 60000);
        QTRY_COMPARE(restored.state(), State::Paused);
        QCOMPARE(restored.config().to_json().dump(), controller.config().to_json().dump());
        restored.step(); // continues from step 1
        QTRY_COMPARE_WITH_TIMEOUT(restoredSteps.count(), 1, 30000);
        QCOMPARE(restoredSteps.first().at(0).toLongLong(), 2);
    }
};

QTEST_GUILESS_MAIN(TestTrainingController)
#include "test_training_controller.moc"
