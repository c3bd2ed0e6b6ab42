// The trainer on real MNIST: a short run lowers the test nRMSE (SAE and AE), checkpoints round
// trip bit for bit, and a cancelled run resumed from its checkpoint reproduces an uninterrupted
// run's metrics exactly. Needs data/mnist (scripts/setup.sh puts it there).

#include "model/config/presets.h"
#include "model/core/errors.h"
#include "model/core/runtime.h"
#include "model/training/run_directory.h"
#include "model/training/trainer.h"
#include "tests/support/mnist_required.h"

#include <ATen/TensorOperators.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <ATen/ops/arange.h>
#include <ATen/ops/zeros.h>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cmath>
#include <fstream>
#include <numeric>

using namespace csae;

namespace {

Config small_config(const std::string& kind)
{
    Config config;
    config.set("model.kind", kind);
    config.data.limit = 512;
    config.data.test_limit = 128;
    config.encoding.steps = 8;
    config.train.batch_size = 32;
    config.train.learning_rate = 1e-3;
    config.train.epochs = 2;
    config.train.seed = 11;
    return config;
}

std::filesystem::path project_data()
{
    return CSAE_PROJECT_DATA_DIR;
}

struct Recorded {
    std::vector<double> losses;
    std::vector<EvalMetrics> evals;
};

TrainerCallbacks recorder(Recorded& recorded)
{
    TrainerCallbacks callbacks;
    callbacks.on_step = [&](const StepMetrics& m) { recorded.losses.push_back(m.loss); };
    callbacks.on_eval = [&](const EvalMetrics& m) { recorded.evals.push_back(m); };
    return callbacks;
}

} // namespace

class TestTrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { CSAE_REQUIRE_MNIST(); }

    /// A step that LibTorch cannot compute (here: a layer's weight replaced by one of the wrong
    /// shape) is reported with the step, the pass and the layer, never as LibTorch's bare text,
    /// and the run is checkpointed with the weights it had.
    void failedStepSaysWhereAndCheckpoints()
    {
        Config config = small_config("sae");
        config.train.max_steps = 3;
        Trainer trainer(config, project_data());
        QTemporaryDir run;
        QVERIFY(run.isValid());
        {
            torch::NoGradGuard no_grad;
            for (auto& item : trainer.network().named_parameters())
                if (item.key().find("weight") != std::string::npos && item.key().find("encoder") != std::string::npos &&
                    item.value().dim() == 4) {
                    auto sizes = item.value().sizes().vec();
                    sizes[1] += 3; // input channels that the layer's input does not have
                    item.value().set_data(at::zeros(sizes));
                    break;
                }
        }
        const auto message_of = [](const auto& work) {
            try {
                work();
            } catch (const ComputeError& failure) {
                return QString::fromUtf8(failure.what());
            }
            return QString();
        };
        const QString step = message_of([&] { trainer.train_step(); });
        QVERIFY2(step.startsWith(QStringLiteral("training step 1, forward pass, layer conv1: ")), qPrintable(step));
        QVERIFY2(!step.contains(QLatin1Char('\n')), qPrintable(step));
        // A run evaluates first: that fails the same way, and the run is checkpointed.
        const QString run_message =
            message_of([&] { trainer.run({}, std::filesystem::path(run.path().toStdString())); });
        QVERIFY2(run_message.startsWith(QStringLiteral("test evaluation after step 0, layer conv1: ")),
                 qPrintable(run_message));
        QVERIFY2(run_message.endsWith(QStringLiteral("checkpoint.pt")), qPrintable(run_message));
        QVERIFY(QFile::exists(run.filePath(QStringLiteral("checkpoint.pt"))));
    }

    /// Training with the production (stepwise) path reaches the reference (per-timestep) path's test
    /// nRMSE after the same steps on real MNIST, within run-to-run noise: the difference between
    /// two seeds of the production path (with a floor, since one pair of seeds can land close).
    void productionTrainsLikeReference()
    {
        const auto train = [](std::uint64_t seed, Execution execution) {
            Config config = small_config("sae");
            config.encoding.steps = 10;
            config.train.seed = seed;
            config.train.max_steps = 24;
            Trainer trainer(config, project_data());
            trainer.model().set_execution(execution);
            const double before = trainer.evaluate().nrmse;
            while (!trainer.finished())
                trainer.train_step();
            const double after = trainer.evaluate().nrmse;
            return std::pair{before, after};
        };
        const auto [fused_before, fused] = train(11, Execution::Stepwise);
        const auto [reference_before, reference] = train(11, Execution::PerTimestep);
        const auto [other_before, other_seed] = train(12, Execution::Stepwise);
        const double noise = std::abs(fused - other_seed);
        const double tolerance = std::max(2.0 * noise, 0.02);
        qInfo("test nRMSE after 24 steps: stepwise %.4f, per-timestep %.4f (both from %.4f); other seed %.4f; "
              "tolerance %.4f",
              fused, reference, fused_before, other_seed, tolerance);
        // Same weights, same test spikes; float32 convolutions in the two layouts round differently.
        QVERIFY(std::abs(fused_before - reference_before) < 1e-3);
        QVERIFY(fused < fused_before - 0.01); // it learnt something
        QVERIFY2(std::abs(fused - reference) <= tolerance,
                 qPrintable(QStringLiteral("stepwise %1 vs per-timestep %2").arg(fused).arg(reference)));
    }

    void shortRunLowersTestLoss_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sae") << QStringLiteral("sae");
        QTest::newRow("ae") << QStringLiteral("ae");
    }
    void shortRunLowersTestLoss()
    {
        QFETCH(QString, kind);
        Trainer trainer(small_config(kind.toStdString()), project_data());
        QCOMPARE(trainer.train_data().size(), 512);
        QCOMPARE(trainer.test_data().size(), 128);
        Recorded recorded;
        QCOMPARE(trainer.run(recorder(recorded), std::nullopt), RunOutcome::Finished);
        QCOMPARE(trainer.step(), 32);
        QCOMPARE(recorded.losses.size(), std::size_t(32));
        QVERIFY(recorded.evals.size() >= 2);
        const double first = recorded.evals.front().nrmse, last = recorded.evals.back().nrmse;
        qInfo("%s test nRMSE: %.4f -> %.4f", qPrintable(kind), first, last);
        QVERIFY2(last < 0.93 * first, qPrintable(QStringLiteral("test nRMSE %1 -> %2").arg(first).arg(last)));
    }

    /// A rate target changes what the network is trained against, not how it is tested: a model
    /// trained one step against the expected counts is scored on the sampled counts, exactly as
    /// the same weights are scored under the counts target (the test metric of the seed).
    void rateTargetTestsOnTheSampledCounts()
    {
        Config config = small_config("sae");
        config.set("train.target", "expected_counts");
        Trainer trained(config, project_data());
        trained.train_step();
        const EvalMetrics rate_scored = trained.evaluate();
        config.set("train.target", "counts");
        Trainer counted(config, project_data());
        {
            torch::NoGradGuard no_grad;
            auto from = trained.model().named_parameters(), to = counted.model().named_parameters();
            QCOMPARE(from.size(), to.size());
            for (const auto& item : from)
                to[item.key()].copy_(item.value());
            auto from_buffers = trained.model().named_buffers(), to_buffers = counted.model().named_buffers();
            for (const auto& item : from_buffers)
                to_buffers[item.key()].copy_(item.value());
        }
        const EvalMetrics count_scored = counted.evaluate();
        QCOMPARE(rate_scored.nrmse, count_scored.nrmse);
        QCOMPARE(rate_scored.mse, count_scored.mse);
    }

    /// The defaults exist to learn faster than the seed's own recipe: after the same 100 steps
    /// on real MNIST both seeds' test nRMSE must be lower by a margin that the seed-to-seed
    /// noise (a few hundredths at this length) cannot reach.
    void defaultsLearnFasterThanTheSeedPreset()
    {
        const auto test_nrmse = [](Config config, std::uint64_t seed) {
            config.data.limit = 6400;
            config.data.test_limit = 500;
            config.train.seed = seed;
            config.train.max_steps = 100;
            config.train.epochs = 1;
            Trainer trainer(config, project_data());
            while (!trainer.finished())
                trainer.train_step();
            return trainer.evaluate().nrmse;
        };
        const Config seed_preset = load_preset("seed", CSAE_PRESETS_DIR).config;
        for (const std::uint64_t seed : {1, 2}) {
            const double defaults = test_nrmse(Config{}, seed), seed_recipe = test_nrmse(seed_preset, seed);
            qInfo("seed %d: test nRMSE after 100 steps: defaults %.4f, seed preset %.4f", int(seed), defaults,
                  seed_recipe);
            QVERIFY2(
                defaults < seed_recipe - 0.1,
                qPrintable(QStringLiteral("defaults %1 against the seed preset's %2").arg(defaults).arg(seed_recipe)));
        }
    }

    void learningRateFollowsTheSchedule()
    {
        Config config = small_config("sae");
        config.set("train.schedule", "cosine");
        config.train.warmup_steps = 3;
        config.train.max_steps = 8;
        Trainer trainer(config, project_data());
        while (!trainer.finished()) {
            const double expected = learning_rate_at(config.train, trainer.step(), trainer.total_steps());
            QCOMPARE(trainer.learning_rate(), expected);
            QCOMPARE(trainer.train_step().learning_rate, expected);
        }
    }

    // A paused run takes new live keys (learning rate, encoding rates) at its next step and
    // refuses the others, naming the key, without changing anything.
    void retuneChangesOnlyLiveKeys()
    {
        Config config = small_config("sae");
        config.train.max_steps = 4;
        Trainer trainer(config, project_data());
        trainer.train_step();
        Config changed = trainer.config();
        changed.train.learning_rate = 5e-4;
        changed.encoding.f_on = 0.0;
        changed.encoding.f_off = 0.0;
        trainer.retune(changed);
        QCOMPARE(trainer.learning_rate(), learning_rate_at(changed.train, trainer.step(), trainer.total_steps()));
        const at::Tensor silent = trainer.input_of(trainer.train_data(), at::arange(2, at::kLong), 1);
        QCOMPARE(silent.sum().item<double>(), 0.0); // f_on = f_off = 0 Hz: no input spike at all

        Config fixed = trainer.config();
        fixed.model.kernel_size = 5;
        fixed.train.learning_rate = 1e-2;
        try {
            trainer.retune(fixed);
            QFAIL("model.kernel_size changed in a paused run");
        } catch (const ConfigError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(QStringLiteral("model.kernel_size: fixed")),
                     error.what());
        }
        QCOMPARE(trainer.config().model.kernel_size, config.model.kernel_size);
        QCOMPARE(trainer.config().train.learning_rate, 5e-4); // nothing of the refused config applied
        Config tooFast = trainer.config();
        tooFast.encoding.f_on = 2.0 / tooFast.encoding.dt;
        QVERIFY_THROWS_EXCEPTION(ConfigError, trainer.retune(tooFast));
        QCOMPARE(trainer.config().encoding.f_on, 0.0);
        QVERIFY(std::isfinite(trainer.train_step().loss));
    }

    void checkpointRoundTripIsBitIdentical()
    {
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.path().toStdString()) / "checkpoint.pt";
        Config config = small_config("sae");
        config.train.max_steps = 3;
        Trainer trainer(config, project_data());
        trainer.run({}, std::nullopt);
        trainer.save_checkpoint(file);
        auto restored = Trainer::from_checkpoint(file, project_data());
        QCOMPARE(restored->step(), 3);
        QCOMPARE(restored->config().to_json().dump(), trainer.config().to_json().dump());
        torch::NoGradGuard no_grad;
        const at::Tensor input = trainer.encode(trainer.test_data().images.narrow(0, 0, 16), 99);
        QVERIFY(input.equal(restored->encode(restored->test_data().images.narrow(0, 0, 16), 99)));
        QVERIFY(trainer.model().forward(input).equal(restored->model().forward(input)));
        const auto a = trainer.model().named_parameters(), b = restored->model().named_parameters();
        QCOMPARE(a.size(), b.size());
        for (const auto& item : a)
            QVERIFY2(item.value().equal(b[item.key()]), item.key().c_str());
    }

    /// Through the run directory, as `csae train` and `csae train --resume` do it.
    void resumeAfterCancelReproducesUninterruptedRun()
    {
        Config config = small_config("sae");
        config.train.max_steps = 12;
        config.train.eval_every = 4;
        config.train.log_every = 1;
        Recorded straight;
        Trainer(config, project_data()).run(recorder(straight), std::nullopt);

        QTemporaryDir dir;
        const std::filesystem::path run_dir = std::filesystem::path(dir.path().toStdString()) / "run";
        Recorded resumed;
        {
            auto first = start_run(config, run_dir, project_data());
            TrainerCallbacks callbacks = recorder(resumed);
            callbacks.on_step = [&](const StepMetrics& m) {
                resumed.losses.push_back(m.loss);
                if (m.step == 5)
                    first->cancel(); // as another thread would; honoured before the next step
            };
            QCOMPARE(train_into(*first, run_dir, callbacks), RunOutcome::Cancelled);
            QCOMPARE(first->step(), 5);
        }
        auto second = resume_run(run_dir, project_data());
        QCOMPARE(second->step(), 5);
        QCOMPARE(train_into(*second, run_dir, recorder(resumed)), RunOutcome::Finished);

        // metrics.jsonl holds every step once, in order, and the evaluations of both attempts.
        std::vector<std::int64_t> logged_steps;
        int evaluations = 0;
        for (const auto& row : read_metrics(run_dir / "metrics.jsonl")) {
            if (row.value("split", "") == "train")
                logged_steps.push_back(row.at("step").get<std::int64_t>());
            evaluations += row.value("split", "") == "test";
        }
        std::vector<std::int64_t> expected_steps(12);
        std::iota(expected_steps.begin(), expected_steps.end(), 1);
        QCOMPARE(logged_steps, expected_steps);
        QCOMPARE(evaluations, static_cast<int>(straight.evals.size()));
        QCOMPARE(resumed.losses, straight.losses); // exact, step by step
        QCOMPARE(resumed.evals.size(), straight.evals.size());
        for (std::size_t i = 0; i < straight.evals.size(); ++i) {
            QCOMPARE(resumed.evals[i].step, straight.evals[i].step);
            QCOMPARE(resumed.evals[i].nrmse, straight.evals[i].nrmse);
        }
    }

    void missingDataSaysWhereItLooked()
    {
        QTemporaryDir empty;
        Config config = small_config("sae");
        config.data.root = empty.path().toStdString();
        try {
            Trainer trainer(config, project_data());
            QFAIL("expected DataError");
        } catch (const DataError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.contains(empty.path()) && message.contains(QStringLiteral("setup")), error.what());
        }
    }

    void corruptCheckpointIsRejected_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("garbage") << QByteArray("this is not a checkpoint at all");
        QTest::newRow("zip header only") << QByteArray("PK\x03\x04\x00\x00\x00\x00", 8);
    }
    void corruptCheckpointIsRejected()
    {
        QFETCH(QByteArray, content);
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.path().toStdString()) / "checkpoint.pt";
        std::ofstream(file, std::ios::binary).write(content.constData(), content.size());
        try {
            Trainer::from_checkpoint(file, project_data());
            QFAIL("expected CheckpointError");
        } catch (const CheckpointError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(QString::fromStdString(file.string())), error.what());
        }
    }

    void unavailableDeviceIsAConfigError()
    {
        if (resolve_device(DeviceChoice::Auto).is_cuda())
            QSKIP("a CUDA device is visible here; the error path needs a CPU-only LibTorch");
        QVERIFY(resolve_device(DeviceChoice::Auto).is_cpu());
        Config config = small_config("sae");
        config.train.device = DeviceChoice::Cuda;
        try {
            Trainer trainer(config, project_data());
            QFAIL("expected ConfigError");
        } catch (const ConfigError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).startsWith(QStringLiteral("train.device")), error.what());
        }
    }

    void threadCount()
    {
        QCOMPARE(resolve_thread_count(3), 3);
        qputenv("OMP_NUM_THREADS", "5");
        QCOMPARE(resolve_thread_count(0), 5);
        qunsetenv("OMP_NUM_THREADS");
        QVERIFY(resolve_thread_count(0) >= 1);
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "test_trainer.moc"
