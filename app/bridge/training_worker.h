#pragma once
// Runs the engine's Trainer in the worker thread. One training step per event-loop turn, so
// queued pause/stop commands are seen between steps; a producer that never waits for the view.
// Every signal carries the generation of the command that caused it, so the controller can
// drop results of a run it has already stopped.

#include "model/export/tensorboard_log.h"
#include "model/training/trainer.h"
#include "ui/common/snapshots.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>

#include <atomic>
#include <memory>
#include <optional>

namespace csae {

class TrainingWorker : public QObject {
    Q_OBJECT

public:
    /// `pendingLoad` is shared with the controller: it holds the generation of a load that may
    /// still be cancelled. Whoever swaps it to 0 first decides: the worker commits the load, or
    /// the controller cancels it (then the run it would have replaced stays).
    explicit TrainingWorker(std::shared_ptr<std::atomic<quint64>> pendingLoad = {})
        : pendingLoad_(pendingLoad ? std::move(pendingLoad) : std::make_shared<std::atomic<quint64>>(0))
    {}
    ~TrainingWorker() override;

public Q_SLOTS:
    /// Builds a trainer from `config_json` (the resolved config as JSON text).
    void prepare(quint64 generation, const QString& configJson);
    /// Trains until finished, pause() or stop().
    void run(quint64 generation);
    /// Stops after the step in progress and publishes a snapshot of the weights as they are
    /// (the throttled snapshots may have skipped the last steps).
    void pause();
    /// Drops the trainer (stop and reset).
    void discard();
    /// One step, then idle.
    void stepOnce(quint64 generation);
    void saveCheckpoint(quint64 generation, const QString& file);
    void loadCheckpoint(quint64 generation, const QString& file);
    /// Shows neuron `index` of `layer` in the snapshots' rasters from now on (and at once, in a
    /// fresh snapshot, when a run exists but is not training).
    void pinNeuron(quint64 generation, const QString& layer, int index);
    /// Applies a paused run's live keys (Trainer::retune); `failed` says why when refused.
    void retune(quint64 generation, const QString& configJson);
    /// Embeds the first `samples` test samples (or all, when fewer) with the current model,
    /// projects and scores them, and sends embeddingsReady; embeddingsFailed when there is no
    /// model or the analysis refuses. Training, if running, waits for it.
    void analyseEmbeddings(quint64 generation, int samples);
    /// Shows test sample `index` in the snapshots' input, hidden activity and (as the first
    /// column) reconstructions from now on, at once in a fresh snapshot; -1 (or an index past the
    /// test set) goes back to the sample training is on.
    void showTestSample(quint64 generation, int index);
    /// Computes `layer`'s receptive fields over the first `samples` test samples (ridge-whitened
    /// when `ridge` > 0) and, for an autoencoder, the projective fields; fieldsReady or
    /// fieldsFailed follows. Training, if running, waits for it.
    void analyseFields(quint64 generation, const QString& layer, int samples, double ridge);

Q_SIGNALS:
    void prepared(quint64 generation, bool ok);
    void stepCompleted(quint64 generation, qint64 step, qint64 totalSteps, qint64 stepsPerEpoch, double loss,
                       double samplesPerSecond);
    /// Autoencoders: the test nRMSE and MSE. Classifier: the test cross-entropy as `nrmse`, MSE 0.
    void evaluated(quint64 generation, qint64 step, double nrmse, double mse);
    /// Classifier only: the test accuracy and confusion matrix of an evaluation.
    void classifierEvaluated(quint64 generation, double accuracy, const csae::ui::ClassifierSnapshot& snapshot);
    /// Classifier only: the accuracy of the batch a step trained on.
    void trainingAccuracy(quint64 generation, qint64 step, double accuracy);
    void snapshotReady(quint64 generation, const csae::ui::TrainingSnapshot& snapshot);
    void paused(quint64 generation);
    void finished(quint64 generation);
    void failed(quint64 generation, const QString& message);
    void checkpointSaved(quint64 generation, const QString& file);
    /// train.tensorboard: the folder the run's TensorBoard log goes to.
    void tensorboardLogStarted(quint64 generation, const QString& directory);
    void checkpointLoaded(quint64 generation, const QString& configJson);
    /// After a load: where the loaded run stands, for the progress bars.
    void positionRestored(quint64 generation, qint64 step, qint64 totalSteps, qint64 stepsPerEpoch);
    void embeddingsReady(quint64 generation, const csae::ui::EmbeddingSnapshot& snapshot);
    void embeddingsFailed(quint64 generation, const QString& message);
    void fieldsReady(quint64 generation, const csae::ui::ReceptiveFieldSnapshot& snapshot);
    void fieldsFailed(quint64 generation, const QString& message);

private:
    std::shared_ptr<std::atomic<quint64>> pendingLoad_;
    void trainNext(quint64 generation);
    bool trainOne(quint64 generation);
    void publishSnapshot(quint64 generation, bool force);
    void evaluateAndReport(quint64 generation);
    /// With train.tensorboard: a new log for the run just prepared or loaded.
    void startTensorBoardLog(quint64 generation);

    std::unique_ptr<Trainer> trainer_;
    std::optional<TensorBoardLog> tensorboard_; ///< with train.tensorboard, from prepare() on
    bool running_ = false;
    QElapsedTimer sinceSnapshot_;
    qint64 lastSnapshotCostMs_ = 0; ///< what building the last snapshot took on this thread
    quint64 runGeneration_ = 0;     ///< the generation run() was last given
    QElapsedTimer sinceReconstruction_;
    ui::ReconstructionSnapshot lastReconstructions_;
    QHash<QString, int> pinnedNeurons_; ///< layer name -> neuron the user picked
    int chosenTestSample_ = -1;         ///< the test sample the user chose; -1: follow training
    QStringList fieldLayers_;           ///< the current network's layers with receptive fields
    void adoptTrainer();                ///< resets what belonged to the previous trainer's data and network
};

} // namespace csae
