#include "app/bridge/training_worker.h"

#include <ATen/ops/full.h>

#include "app/bridge/snapshot_builder.h"
#include "model/core/errors.h"

#include <QDateTime>
#include <QStandardPaths>

#include <QMetaObject>

#include <algorithm>

namespace csae {
namespace {

constexpr qint64 kSnapshotIntervalMs = 33; // ~30 snapshots a second at most
// A snapshot runs the network on one sample on the training thread (~1 % of its time at most
// with this factor), and each one makes the views redraw on the GUI thread, which competes with
// training for the cores: at this factor about two snapshots a second at the default config,
// where one per step had cost the studio a tenth of the CLI's throughput (docs/performance.md).
constexpr qint64 kSnapshotCostFactor = 100;
constexpr qint64 kReconstructionIntervalMs = 3000; // the test-sample grid costs a forward pass of its own
constexpr int kReconstructionSamples = 8;
constexpr int kRasterNeurons = 256;
constexpr std::uint64_t kSnapshotStream = 0x534e4150ULL; // "SNAP"

QString message_of(const std::exception& error)
{
    return QString::fromUtf8(error.what());
}

} // namespace

TrainingWorker::~TrainingWorker() = default;

void TrainingWorker::prepare(quint64 generation, const QString& configJson)
{
    running_ = false;
    trainer_.reset();
    try {
        const Config config = Config::from_json(nlohmann::json::parse(configJson.toStdString()));
        trainer_ = std::make_unique<Trainer>(config, CSAE_PROJECT_DATA_DIR);
        adoptTrainer();
        startTensorBoardLog(generation);
        evaluateAndReport(generation);
        publishSnapshot(generation, true);
    } catch (const std::exception& error) {
        trainer_.reset();
        Q_EMIT failed(generation, message_of(error));
        Q_EMIT prepared(generation, false);
        return;
    }
    Q_EMIT prepared(generation, true);
}

void TrainingWorker::adoptTrainer()
{
    tensorboard_.reset();
    lastReconstructions_ = {};
    sinceReconstruction_.invalidate();
    chosenTestSample_ = -1; // an index into the previous run's test set
    fieldLayers_.clear();
    for (const auto& layer : receptive_field_layers(*trainer_))
        fieldLayers_ << QString::fromStdString(layer);
}

void TrainingWorker::startTensorBoardLog(quint64 generation)
{
    if (!trainer_->config().train.tensorboard)
        return;
    // The studio has no run directory: its logs go under the user's data folder, one per run.
    const QString directory = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                              QStringLiteral("/tensorboard/") +
                              QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd_HH-mm-ss.zzz"));
    tensorboard_.emplace(std::filesystem::path(directory.toStdString()));
    Q_EMIT tensorboardLogStarted(generation, directory);
}

void TrainingWorker::run(quint64 generation)
{
    if (!trainer_)
        return;
    running_ = true;
    runGeneration_ = generation;
    QMetaObject::invokeMethod(
        this, [this, generation] { trainNext(generation); }, Qt::QueuedConnection);
}

void TrainingWorker::pause()
{
    const bool was_running = running_;
    running_ = false;
    if (!was_running || !trainer_)
        return;
    try {
        publishSnapshot(runGeneration_, true);
    } catch (const std::exception& error) {
        Q_EMIT failed(runGeneration_, message_of(error));
    }
}

void TrainingWorker::discard()
{
    running_ = false;
    trainer_.reset();
}

void TrainingWorker::stepOnce(quint64 generation)
{
    running_ = false;
    if (trainer_ && !trainer_->finished() && trainOne(generation))
        publishSnapshot(generation, true);
    Q_EMIT paused(generation);
}

void TrainingWorker::trainNext(quint64 generation)
{
    if (!running_ || !trainer_)
        return;
    if (trainer_->finished()) {
        running_ = false;
        publishSnapshot(generation, true);
        Q_EMIT finished(generation);
        return;
    }
    if (!trainOne(generation)) {
        running_ = false;
        return;
    }
    // Re-posting rather than looping lets queued pause/stop commands run between steps.
    QMetaObject::invokeMethod(
        this, [this, generation] { trainNext(generation); }, Qt::QueuedConnection);
}

bool TrainingWorker::trainOne(quint64 generation)
{
    try {
        const StepMetrics metrics = trainer_->train_step();
        if (tensorboard_ && metrics.step % trainer_->config().train.log_every == 0)
            tensorboard_->log_step(metrics);
        Q_EMIT stepCompleted(generation, metrics.step, trainer_->total_steps(), trainer_->steps_per_epoch(),
                             metrics.loss, metrics.samples_per_s);
        if (metrics.accuracy >= 0.0)
            Q_EMIT trainingAccuracy(generation, metrics.step, metrics.accuracy);
        if (trainer_->evaluation_due())
            evaluateAndReport(generation);
        publishSnapshot(generation, false);
        return true;
    } catch (const std::exception& error) {
        // The trainer leaves its weights as they were before a failed step: nothing is lost.
        Q_EMIT failed(generation, message_of(error));
        return false;
    }
}

void TrainingWorker::evaluateAndReport(quint64 generation)
{
    const EvalMetrics metrics = trainer_->evaluate();
    trainer_->observe_evaluation(metrics); // early stopping: finished() turns true when it says stop
    if (tensorboard_)
        tensorboard_->log_eval(metrics, *trainer_);
    if (metrics.classes > 0) {
        Q_EMIT evaluated(generation, metrics.step, metrics.cross_entropy, 0.0);
        Q_EMIT classifierEvaluated(generation, metrics.accuracy,
                                   make_classifier_snapshot(metrics, trainer_->test_data()));
    } else {
        Q_EMIT evaluated(generation, metrics.step, metrics.nrmse, metrics.mse);
    }
}

void TrainingWorker::publishSnapshot(quint64 generation, bool force)
{
    if (!force && sinceSnapshot_.isValid() &&
        sinceSnapshot_.elapsed() < std::max(kSnapshotIntervalMs, kSnapshotCostFactor * lastSnapshotCostMs_))
        return;
    sinceSnapshot_.start();
    torch::NoGradGuard no_grad;
    Trainer& trainer = *trainer_;
    ui::TrainingSnapshot snapshot;
    snapshot.step = trainer.step();
    // The sample on show follows training (a different training image every snapshot), unless
    // the user chose a test sample.
    const bool chosen = chosenTestSample_ >= 0 && chosenTestSample_ < trainer.test_data().size();
    const auto& data = chosen ? trainer.test_data() : trainer.train_data();
    const std::int64_t index = chosen ? chosenTestSample_ : trainer.step() % data.size();
    const at::Tensor image = data.images.narrow(0, index, 1);
    const at::Tensor input = trainer.input_of(data, at::full({1}, index, at::kLong),
                                              kSnapshotStream + static_cast<std::uint64_t>(trainer.step()));
    const bool spiking = trainer.network().spiking();
    snapshot.input = make_input_snapshot(image[0], spiking ? input.select(1, 0) : at::Tensor());
    const std::int64_t label = data.labels[index].item<std::int64_t>();
    const QString className = label >= 0 && label < std::int64_t(data.class_names.size())
                                  ? QString::fromStdString(data.class_names[std::size_t(label)])
                                  : QString::number(label);
    snapshot.input.source =
        (chosen ? tr("test sample %1: %2") : tr("training sample %1: %2")).arg(index).arg(className);
    snapshot.input.chosen = chosen;
    snapshot.layers =
        make_layer_activity(trainer.network().trace(input, 0), static_cast<float>(trainer.config().neuron.threshold),
                            kRasterNeurons, pinnedNeurons_);
    if (data.events()) {
        // The sample's frames as the network gets them, shown as events (a few per active bin).
        const double bin_us = static_cast<double>(data.durations_us[index].item<std::int64_t>()) /
                              static_cast<double>(data.spikes.size(1));
        snapshot.events = make_event_snapshot(data.spikes[index], bin_us, className.toStdString());
    }
    snapshot.fieldLayers = fieldLayers_;
    // The per-snapshot part; the occasional reconstructions below have their own interval.
    lastSnapshotCostMs_ = sinceSnapshot_.elapsed();
    if (force || !sinceReconstruction_.isValid() || sinceReconstruction_.elapsed() >= kReconstructionIntervalMs) {
        sinceReconstruction_.start();
        if (trainer.network().classes() == 0) // the autoencoders reconstruct; the chosen sample first
            lastReconstructions_ = make_reconstructions(trainer, kReconstructionSamples, chosen ? index : 0);
        snapshot.kernels = make_kernels(trainer.network().conv_kernels());
    }
    snapshot.reconstructions = lastReconstructions_;
    Q_EMIT snapshotReady(generation, snapshot);
}

void TrainingWorker::pinNeuron(quint64 generation, const QString& layer, int index)
{
    pinnedNeurons_.insert(layer, index);
    if (trainer_ && !running_) // while training, the next snapshot shows it anyway
        publishSnapshot(generation, true);
}

void TrainingWorker::retune(quint64 generation, const QString& configJson)
{
    if (!trainer_)
        return; // no run yet: the new config is used when one starts
    try {
        trainer_->retune(Config::from_json(nlohmann::json::parse(configJson.toStdString())));
    } catch (const std::exception& error) {
        Q_EMIT failed(generation, message_of(error));
        // The run kept its config: hand it back, as after loading a checkpoint, so the controller
        // and the panel show what the run uses.
        Q_EMIT checkpointLoaded(generation, QString::fromStdString(trainer_->config().to_json().dump()));
    }
}

void TrainingWorker::analyseEmbeddings(quint64 generation, int samples)
{
    if (!trainer_) {
        Q_EMIT embeddingsFailed(generation, tr("No model to embed: start or open a run first."));
        return;
    }
    try {
        Q_EMIT embeddingsReady(generation, make_embedding_snapshot(*trainer_, samples));
    } catch (const std::exception& error) {
        Q_EMIT embeddingsFailed(generation, message_of(error));
    }
}

void TrainingWorker::showTestSample(quint64 generation, int index)
{
    chosenTestSample_ = index;
    if (!trainer_)
        return;
    try {
        publishSnapshot(generation, true);
    } catch (const std::exception& error) {
        Q_EMIT failed(generation, message_of(error));
    }
}

void TrainingWorker::analyseFields(quint64 generation, const QString& layer, int samples, double ridge)
{
    if (!trainer_) {
        Q_EMIT fieldsFailed(generation, tr("No model to analyse: start or open a run first."));
        return;
    }
    try {
        const std::int64_t n = std::min<std::int64_t>(samples, trainer_->test_data().size());
        ReceptiveFieldOptions options;
        options.layer(layer.toStdString()).samples(n).ridge(ridge);
        ui::ReceptiveFieldSnapshot snapshot;
        snapshot.receptive = make_field_set(compute_receptive_fields(*trainer_, options));
        if (trainer_->network().classes() == 0)
            snapshot.projective = make_field_set(compute_projective_fields(*trainer_, n));
        Q_EMIT fieldsReady(generation, snapshot);
    } catch (const std::exception& error) {
        Q_EMIT fieldsFailed(generation, message_of(error));
    }
}

void TrainingWorker::saveCheckpoint(quint64 generation, const QString& file)
{
    if (!trainer_) {
        Q_EMIT failed(generation, tr("No run to save: start or load one first."));
        return;
    }
    try {
        trainer_->save_checkpoint(file.toStdString());
        Q_EMIT checkpointSaved(generation, file);
    } catch (const std::exception& error) {
        // A full disk, say: the run pauses (the controller says Paused) and the file is untouched.
        running_ = false;
        Q_EMIT failed(generation, message_of(error));
    }
}

void TrainingWorker::loadCheckpoint(quint64 generation, const QString& file)
{
    running_ = false;
    try {
        auto loaded = Trainer::from_checkpoint(file.toStdString(), CSAE_PROJECT_DATA_DIR);
        quint64 expected = generation;
        if (!pendingLoad_->compare_exchange_strong(expected, 0))
            return; // cancelled while it loaded: the run it would have replaced stays
        trainer_ = std::move(loaded);
        adoptTrainer();
        Q_EMIT checkpointLoaded(generation, QString::fromStdString(trainer_->config().to_json().dump()));
        Q_EMIT positionRestored(generation, trainer_->step(), trainer_->total_steps(), trainer_->steps_per_epoch());
    } catch (const std::exception& error) {
        // The current run stays as it was.
        Q_EMIT failed(generation, message_of(error));
        return;
    }
    try {
        startTensorBoardLog(generation);
        publishSnapshot(generation, true);
        // A classifier's confusion matrix is not in its metrics: evaluate the loaded model once
        // (without telling early stopping, which has seen this step already).
        if (trainer_->network().classes() > 0) {
            const EvalMetrics metrics = trainer_->evaluate();
            Q_EMIT classifierEvaluated(generation, metrics.accuracy,
                                       make_classifier_snapshot(metrics, trainer_->test_data()));
        }
    } catch (const std::exception& error) {
        // The checkpoint is loaded (the run is paused at its step); only showing it failed.
        Q_EMIT failed(generation,
                      tr("The checkpoint loaded, but evaluating it for the views failed: %1").arg(message_of(error)));
    }
}

} // namespace csae
