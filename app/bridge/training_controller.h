#pragma once
// The studio's handle on a training run. Lives in the GUI thread and owns a worker QObject
// moved to its own QThread; the worker owns the engine's Trainer. Commands go to the worker
// as queued calls, results come back as signals carrying plain values and immutable
// snapshots. Nothing here exposes LibTorch, so widgets (which cannot see LibTorch) include it.

#include "model/config/config.h"
#include "ui/common/snapshots.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <QVector>

#include <tuple>

#include <atomic>
#include <memory>

namespace csae {

class TrainingWorker;

class TrainingController : public QObject {
    Q_OBJECT

public:
    enum class State { Idle, Running, Paused, Finished, Failed };
    Q_ENUM(State)

    /// GUI thread only. Starts the worker thread (idle until start() or step()).
    explicit TrainingController(QObject* parent = nullptr);
    /// Stops training, waits for the current step to end and joins the thread.
    ~TrainingController() override;

    State state() const { return state_; }
    /// Whether the worker holds a model (a run started, stepped or loaded, not reset since).
    bool hasModel() const { return hasTrainer_; }
    const Config& config() const { return config_; }
    /// Replaces the configuration; takes effect at the next start() after reset() or when idle.
    void setConfig(const Config& config);
    /// Paused: changes the run's live keys (ParameterSpec::live: learning rate and schedule,
    /// clipping, intervals, encoding rates) from the next step on. Another key that differs is
    /// refused by the engine (errorOccurred names it) and the run keeps its config. Otherwise
    /// the same as setConfig().
    void retune(const Config& config);

    /// Reads a session (the CLI's JSON config). On error returns false with a message naming the
    /// file, and the current session is left as it was.
    bool openSession(const QString& file, QString* error);
    bool saveSession(const QString& file, QString* error) const;

    /// Metrics of a run directory written by `csae train`.
    struct RunHistory {
        QVector<QPair<qint64, double>> trainLoss;             ///< step, loss
        QVector<std::tuple<qint64, double, double>> testLoss; ///< step, nRMSE, MSE
        /// step, and each layer's firing rate at that evaluation (spiking networks)
        QVector<QPair<qint64, QVector<QPair<QString, double>>>> firingRates;
        /// The classifier: step and accuracy of the training rows and of the test evaluations.
        QVector<QPair<qint64, double>> trainAccuracy, testAccuracy;
    };
    /// Opens a CLI run directory: its config.json becomes the session, its metrics.jsonl is
    /// returned for the views, and its checkpoint.pt (when present) is loaded, paused. On error
    /// returns false with a message naming the file; the current session is left as it was.
    bool openRunDirectory(const QString& directory, RunHistory* history, QString* error);
    /// Reads a metrics.jsonl (the CLI's, or the one the studio writes beside a checkpoint). On
    /// error returns false with a message naming the file. Any thread.
    static bool readRunHistory(const QString& metricsFile, RunHistory* history, QString* error);

    /// `csae info` as text: the CPU and its features, threads, LibTorch, oneDNN, BLAS, each
    /// layer's kernel and the datasets found. Takes about a second; any thread.
    static QString systemReport();

public Q_SLOTS:
    /// Builds the trainer from the config when idle, then trains until the run ends or pause/stop.
    void start();
    /// Takes effect after the step in progress.
    void pause();
    void resume();
    /// Ends the run after the step in progress; no snapshot or metric is emitted after this call.
    void stop();
    /// Runs exactly one batch (builds the trainer first when idle), then pauses.
    void step();
    /// Drops the trainer; the next start() begins a fresh run from the config.
    void reset();
    /// Puts neuron `index` (flat, as LayerActivity::neuronIndices counts) of `layer` into the
    /// hidden-activity rasters of the following snapshots; a paused run sends one at once.
    void pinNeuron(const QString& layer, int index);
    /// Writes a checkpoint of the current run (queued to the worker; checkpointSaved or errorOccurred follows).
    void saveCheckpoint(const QString& file);
    /// Loads a checkpoint, replacing the run and the config; the run is paused afterwards.
    void loadCheckpoint(const QString& file);
    /// Abandons the load in progress: nothing it produces arrives, and the run it would have
    /// replaced stays (paused) on the worker. The worker finishes reading the file first, so a
    /// command given now runs after that. Cancelling the load of a run directory keeps that
    /// directory's config but no model (Idle): the old model does not belong to it. False when it
    /// was too late (the load had completed, its results are on their way) or no load was under way.
    /// Start, Stop, Step and Reset also drop a load under way.
    bool cancelLoading();
    /// Embeds up to `samples` test samples with the current model on the worker thread (between
    /// training steps); embeddingsReady or embeddingsFailed follows.
    void analyseEmbeddings(int samples);
    /// Shows test sample `index` in the following snapshots (input, hidden activity, first
    /// reconstruction column); -1 goes back to the sample training is on. A paused run sends a
    /// snapshot at once.
    void showTestSample(int index);
    /// Computes `layer`'s receptive fields (and an autoencoder's projective fields) from the
    /// current model on the worker thread over up to `samples` test samples; fieldsReady or
    /// fieldsFailed follows.
    void analyseFields(const QString& layer, int samples, double ridge);

Q_SIGNALS:
    void stateChanged(csae::TrainingController::State state);
    /// After every training step.
    void stepCompleted(qint64 step, qint64 totalSteps, qint64 stepsPerEpoch, double loss, double samplesPerSecond);
    /// After a checkpoint or run directory loaded: the step it stands at, for the progress bars.
    void positionRestored(qint64 step, qint64 totalSteps, qint64 stepsPerEpoch);
    /// After every test evaluation.
    void evaluated(qint64 step, double nrmse, double mse);
    /// Classifier runs: test accuracy and confusion matrix after each evaluation.
    void classifierEvaluated(double accuracy, const csae::ui::ClassifierSnapshot& snapshot);
    /// Classifier runs: accuracy on the batch of each training step.
    void trainingAccuracy(qint64 step, double accuracy);
    /// At most ~30 times a second while training.
    void snapshotReady(const csae::ui::TrainingSnapshot& snapshot);
    /// Missing data, NaN loss, bad file: training pauses and nothing is lost.
    void errorOccurred(const QString& message);
    void checkpointSaved(const QString& file);
    /// train.tensorboard: where this run's TensorBoard log goes.
    void tensorboardLogStarted(const QString& directory);
    /// The config changed underneath (e.g. a loaded checkpoint brought its own).
    void configChanged();
    /// The result of analyseEmbeddings(); a failure does not pause training.
    void embeddingsReady(const csae::ui::EmbeddingSnapshot& snapshot);
    void embeddingsFailed(const QString& message);
    /// The result of analyseFields(); a failure does not pause training.
    void fieldsReady(const csae::ui::ReceptiveFieldSnapshot& snapshot);
    void fieldsFailed(const QString& message);

private:
    void setState(State state);
    bool acceptsFromWorker(quint64 generation) const { return generation == generation_; }

    Config config_;
    State state_ = State::Idle;
    QThread thread_;
    TrainingWorker* worker_ = nullptr; // owned by thread_ (deleted on its finished())
    /// Incremented by stop() and reset(): results from an older generation are dropped.
    quint64 generation_ = 0;
    quint64 loadGeneration_ = 0;      ///< the generation of the last loadCheckpoint()
    bool loadReplacedConfig_ = false; ///< that load opened a run directory, whose config is already set
    /// Shared with the worker (see TrainingWorker's constructor): the load that can still be cancelled.
    std::shared_ptr<std::atomic<quint64>> pendingLoad_ = std::make_shared<std::atomic<quint64>>(0);
    bool hasTrainer_ = false;
};

} // namespace csae
