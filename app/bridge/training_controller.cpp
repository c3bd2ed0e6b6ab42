#include "app/bridge/training_controller.h"

#include "app/bridge/training_worker.h"
#include "model/core/errors.h"
#include "model/diagnostics/system_info.h"
#include "model/training/run_directory.h"
#include "model/core/runtime.h"

#include <QMetaObject>

namespace csae {

TrainingController::TrainingController(QObject* parent) : QObject(parent)
{
    qRegisterMetaType<csae::ui::TrainingSnapshot>();
    qRegisterMetaType<csae::ui::ClassifierSnapshot>();
    qRegisterMetaType<csae::ui::EmbeddingSnapshot>();
    qRegisterMetaType<csae::ui::ReceptiveFieldSnapshot>();
    // Before the training thread exists: it must allocate from the tuned main arena.
    tune_allocator();
    thread_.setObjectName(QStringLiteral("csae-training"));
    worker_ = new TrainingWorker(pendingLoad_);
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);

    // Results from a run that stop() or reset() ended carry an old generation and are dropped,
    // so no snapshot or metric arrives after stop().
    connect(worker_, &TrainingWorker::prepared, this, [this](quint64 generation, bool ok) {
        if (acceptsFromWorker(generation))
            hasTrainer_ = ok;
    });
    connect(worker_, &TrainingWorker::stepCompleted, this,
            [this](quint64 generation, qint64 step, qint64 total, qint64 perEpoch, double loss, double rate) {
                if (acceptsFromWorker(generation))
                    Q_EMIT stepCompleted(step, total, perEpoch, loss, rate);
            });
    connect(worker_, &TrainingWorker::evaluated, this,
            [this](quint64 generation, qint64 step, double nrmse, double mse) {
                if (acceptsFromWorker(generation))
                    Q_EMIT evaluated(step, nrmse, mse);
            });
    connect(worker_, &TrainingWorker::classifierEvaluated, this,
            [this](quint64 generation, double accuracy, const csae::ui::ClassifierSnapshot& snapshot) {
                if (acceptsFromWorker(generation))
                    Q_EMIT classifierEvaluated(accuracy, snapshot);
            });
    connect(worker_, &TrainingWorker::trainingAccuracy, this, [this](quint64 generation, qint64 step, double accuracy) {
        if (acceptsFromWorker(generation))
            Q_EMIT trainingAccuracy(step, accuracy);
    });
    connect(worker_, &TrainingWorker::snapshotReady, this,
            [this](quint64 generation, const csae::ui::TrainingSnapshot& snapshot) {
                if (acceptsFromWorker(generation))
                    Q_EMIT snapshotReady(snapshot);
            });
    connect(worker_, &TrainingWorker::embeddingsReady, this,
            [this](quint64 generation, const csae::ui::EmbeddingSnapshot& snapshot) {
                if (acceptsFromWorker(generation))
                    Q_EMIT embeddingsReady(snapshot);
            });
    connect(worker_, &TrainingWorker::fieldsReady, this,
            [this](quint64 generation, const csae::ui::ReceptiveFieldSnapshot& snapshot) {
                if (acceptsFromWorker(generation))
                    Q_EMIT fieldsReady(snapshot);
            });
    connect(worker_, &TrainingWorker::fieldsFailed, this, [this](quint64 generation, const QString& message) {
        if (acceptsFromWorker(generation))
            Q_EMIT fieldsFailed(message);
    });
    connect(worker_, &TrainingWorker::embeddingsFailed, this, [this](quint64 generation, const QString& message) {
        if (acceptsFromWorker(generation))
            Q_EMIT embeddingsFailed(message);
    });
    connect(worker_, &TrainingWorker::paused, this, [this](quint64 generation) {
        if (acceptsFromWorker(generation) && state_ != State::Failed)
            setState(State::Paused);
    });
    connect(worker_, &TrainingWorker::finished, this, [this](quint64 generation) {
        if (acceptsFromWorker(generation))
            setState(State::Finished);
    });
    connect(worker_, &TrainingWorker::failed, this, [this](quint64 generation, const QString& message) {
        if (!acceptsFromWorker(generation))
            return;
        // With a trainer the run is paused and can be saved; without one (bad config, no data) it failed.
        setState(hasTrainer_ ? State::Paused : State::Failed);
        Q_EMIT errorOccurred(message);
    });
    connect(worker_, &TrainingWorker::checkpointSaved, this,
            [this](quint64, const QString& file) { Q_EMIT checkpointSaved(file); });
    connect(worker_, &TrainingWorker::tensorboardLogStarted, this,
            [this](quint64, const QString& directory) { Q_EMIT tensorboardLogStarted(directory); });
    connect(worker_, &TrainingWorker::checkpointLoaded, this, [this](quint64 generation, const QString& configJson) {
        if (!acceptsFromWorker(generation))
            return;
        config_ = Config::from_json(nlohmann::json::parse(configJson.toStdString()));
        hasTrainer_ = true;
        Q_EMIT configChanged();
        setState(State::Paused);
    });
    connect(worker_, &TrainingWorker::positionRestored, this,
            [this](quint64 generation, qint64 step, qint64 total, qint64 perEpoch) {
                if (acceptsFromWorker(generation))
                    Q_EMIT positionRestored(step, total, perEpoch);
            });
    thread_.start();
}

TrainingController::~TrainingController()
{
    ++generation_;
    QMetaObject::invokeMethod(
        worker_, [worker = worker_] { worker->discard(); }, Qt::QueuedConnection);
    thread_.quit();
    thread_.wait();
}

void TrainingController::setState(State state)
{
    if (state_ == state)
        return;
    state_ = state;
    Q_EMIT stateChanged(state);
}

void TrainingController::setConfig(const Config& config)
{
    config_ = config;
    Q_EMIT configChanged();
}

void TrainingController::pinNeuron(const QString& layer, int index)
{
    QMetaObject::invokeMethod(
        worker_,
        [worker = worker_, generation = generation_, layer, index] { worker->pinNeuron(generation, layer, index); },
        Qt::QueuedConnection);
}

void TrainingController::analyseEmbeddings(int samples)
{
    QMetaObject::invokeMethod(
        worker_,
        [worker = worker_, generation = generation_, samples] { worker->analyseEmbeddings(generation, samples); },
        Qt::QueuedConnection);
}

void TrainingController::showTestSample(int index)
{
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, generation = generation_, index] { worker->showTestSample(generation, index); },
        Qt::QueuedConnection);
}

void TrainingController::analyseFields(const QString& layer, int samples, double ridge)
{
    QMetaObject::invokeMethod(
        worker_,
        [worker = worker_, generation = generation_, layer, samples, ridge] {
            worker->analyseFields(generation, layer, samples, ridge);
        },
        Qt::QueuedConnection);
}

void TrainingController::retune(const Config& config)
{
    if (state_ != State::Paused || !hasTrainer_) {
        setConfig(config);
        return;
    }
    config_ = config;
    const QString json = QString::fromStdString(config.to_json().dump());
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, generation = generation_, json] { worker->retune(generation, json); },
        Qt::QueuedConnection);
}

bool TrainingController::openSession(const QString& file, QString* error)
{
    try {
        setConfig(Config::load(file.toStdString()));
        return true;
    } catch (const std::exception& failure) {
        if (error)
            *error = QString::fromUtf8(failure.what());
        return false;
    }
}

bool TrainingController::saveSession(const QString& file, QString* error) const
{
    try {
        config_.save(file.toStdString());
        return true;
    } catch (const std::exception& failure) {
        if (error)
            *error = QString::fromUtf8(failure.what());
        return false;
    }
}

QString TrainingController::systemReport()
{
    try {
        return QString::fromStdString(format_system_info(gather_system_info(CSAE_PROJECT_DATA_DIR)));
    } catch (const std::exception& failure) {
        return QString::fromUtf8(failure.what());
    }
}

bool TrainingController::readRunHistory(const QString& metricsFile, RunHistory* history, QString* error)
{
    try {
        RunHistory loaded;
        for (const auto& row : read_metrics(metricsFile.toStdString())) {
            const qint64 step = row.at("step").get<qint64>();
            const std::string split = row.value("split", std::string("train"));
            if (split == "run")
                continue; // where training started, and on what CPU
            if (split == "test") {
                loaded.testLoss.push_back({step, row.value("nrmse", row.value("loss", 0.0)), row.value("mse", 0.0)});
                if (row.contains("accuracy") && row["accuracy"].is_number())
                    loaded.testAccuracy.push_back({step, row["accuracy"].get<double>()});
                QVector<QPair<QString, double>> rates;
                if (row.contains("firing_rates") && row["firing_rates"].is_object())
                    for (const auto& [layer, rate] : row["firing_rates"].items())
                        if (rate.is_number())
                            rates.push_back({QString::fromStdString(layer), rate.get<double>()});
                if (!rates.isEmpty())
                    loaded.firingRates.push_back({step, rates});
            } else {
                loaded.trainLoss.push_back({step, row.at("loss").get<double>()});
                if (row.contains("accuracy") && row["accuracy"].is_number())
                    loaded.trainAccuracy.push_back({step, row["accuracy"].get<double>()});
            }
        }
        if (history)
            *history = std::move(loaded);
        return true;
    } catch (const InputError& failure) { // already names the file and line
        if (error)
            *error = QString::fromUtf8(failure.what());
    } catch (const std::exception& failure) { // a row without its fields
        if (error)
            *error = QStringLiteral("%1: %2").arg(metricsFile, QString::fromUtf8(failure.what()));
    }
    return false;
}

bool TrainingController::openRunDirectory(const QString& directory, RunHistory* history, QString* error)
{
    const std::filesystem::path root = directory.toStdString();
    RunHistory loaded;
    try {
        const Config config = Config::load(root / kConfigFileName);
        const QString metrics = QString::fromStdString((root / kMetricsFileName).string());
        if (std::filesystem::exists(root / kMetricsFileName) && !readRunHistory(metrics, &loaded, error))
            return false;
        setConfig(config);
    } catch (const std::exception& failure) {
        if (error)
            *error = QString::fromUtf8(failure.what());
        return false;
    }
    if (history)
        *history = std::move(loaded);
    if (std::filesystem::exists(root / kCheckpointFileName)) {
        loadCheckpoint(QString::fromStdString((root / kCheckpointFileName).string()));
        loadReplacedConfig_ = true; // set after loadCheckpoint(), which clears it
    }
    return true;
}

void TrainingController::start()
{
    if (state_ == State::Paused && hasTrainer_) {
        resume();
        return;
    }
    if (state_ == State::Running)
        return;
    pendingLoad_->store(0); // a load still under way is dropped, not committed under this run
    const quint64 generation = ++generation_;
    hasTrainer_ = false;
    const QString json = QString::fromStdString(config_.to_json().dump());
    QMetaObject::invokeMethod(
        worker_,
        [worker = worker_, generation, json] {
            worker->prepare(generation, json);
            worker->run(generation);
        },
        Qt::QueuedConnection);
    setState(State::Running);
}

void TrainingController::pause()
{
    if (state_ != State::Running)
        return;
    QMetaObject::invokeMethod(
        worker_, [worker = worker_] { worker->pause(); }, Qt::QueuedConnection);
    setState(State::Paused);
}

void TrainingController::resume()
{
    if (state_ != State::Paused || !hasTrainer_)
        return;
    const quint64 generation = generation_;
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, generation] { worker->run(generation); }, Qt::QueuedConnection);
    setState(State::Running);
}

void TrainingController::stop()
{
    if (state_ == State::Idle)
        return;
    pendingLoad_->store(0);
    ++generation_;
    // The trainer is kept (paused) so the stopped run can still be saved as a checkpoint.
    QMetaObject::invokeMethod(
        worker_, [worker = worker_] { worker->pause(); }, Qt::QueuedConnection);
    setState(State::Idle);
}

void TrainingController::step()
{
    if (state_ == State::Running)
        return;
    if (!hasTrainer_ || state_ == State::Idle || state_ == State::Failed || state_ == State::Finished) {
        pendingLoad_->store(0);
        const quint64 generation = ++generation_;
        const QString json = QString::fromStdString(config_.to_json().dump());
        QMetaObject::invokeMethod(
            worker_,
            [worker = worker_, generation, json] {
                worker->prepare(generation, json);
                worker->stepOnce(generation);
            },
            Qt::QueuedConnection);
    } else {
        const quint64 generation = generation_;
        QMetaObject::invokeMethod(
            worker_, [worker = worker_, generation] { worker->stepOnce(generation); }, Qt::QueuedConnection);
    }
    setState(State::Paused);
}

void TrainingController::reset()
{
    pendingLoad_->store(0);
    ++generation_;
    hasTrainer_ = false;
    QMetaObject::invokeMethod(
        worker_, [worker = worker_] { worker->discard(); }, Qt::QueuedConnection);
    setState(State::Idle);
}

void TrainingController::saveCheckpoint(const QString& file)
{
    const quint64 generation = generation_;
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, generation, file] { worker->saveCheckpoint(generation, file); },
        Qt::QueuedConnection);
}

void TrainingController::loadCheckpoint(const QString& file)
{
    if (state_ == State::Running)
        pause();
    const quint64 generation = ++generation_;
    loadGeneration_ = generation;
    loadReplacedConfig_ = false;
    pendingLoad_->store(generation);
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, generation, file] { worker->loadCheckpoint(generation, file); },
        Qt::QueuedConnection);
}

bool TrainingController::cancelLoading()
{
    quint64 expected = loadGeneration_;
    if (loadGeneration_ != generation_ || !pendingLoad_->compare_exchange_strong(expected, 0))
        return false;
    // A new generation: the cancelled load's failure, if any, is dropped, and a resumed run is the old one.
    ++generation_;
    if (loadReplacedConfig_) {
        // Opening a run directory already took its config: the old run's model does not belong
        // to it, so it goes too, and the next start begins a fresh run from that config.
        hasTrainer_ = false;
        QMetaObject::invokeMethod(
            worker_, [worker = worker_] { worker->discard(); }, Qt::QueuedConnection);
        setState(State::Idle);
    }
    return true;
}

} // namespace csae
