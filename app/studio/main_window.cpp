#include "app/studio/main_window.h"

#include "app/bridge/study_launcher.h"
#include "app/bridge/study_monitor.h"
#include "app/studio/config_panel.h"
#include "model/config/presets.h"
#include "model/core/file_io.h"
#include "model/training/schedule.h"
#include "ui/dvs/classifier_view.h"
#include "ui/dvs/event_view.h"
#include "ui/training/hidden_activity_view.h"
#include "ui/training/input_spike_view.h"
#include "ui/training/kernel_view.h"
#include "ui/training/loss_curve_view.h"
#include "app/studio/teach_window.h"
#include "ui/analysis/embedding_view.h"
#include "ui/analysis/receptive_field_view.h"
#include "ui/study/study_view.h"
#include "ui/training/reconstruction_view.h"

#include <QAction>
#include <QPointer>
#include <QTemporaryDir>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>

#include <array>

namespace csae {

MainWindow::MainWindow(QWidget* parent, bool restoreLayout) : QMainWindow(parent)
{
    setWindowTitle(tr("csae-studio"));
    setDockNestingEnabled(true);
    lossView_ = new ui::LossCurveView(this);
    setCentralWidget(lossView_);
    createDocks();
    createActions();

    epochProgress_ = new QProgressBar(this);
    epochProgress_->setFormat(tr("epoch %p%"));
    runProgress_ = new QProgressBar(this);
    runProgress_->setObjectName(QStringLiteral("runProgress"));
    runProgress_->setFormat(tr("run %p%"));
    rateLabel_ = new QLabel(this);
    learningRateLabel_ = new QLabel(this);
    learningRateLabel_->setToolTip(tr("Learning rate of the last step (train.lr, train.schedule, train.warmup_steps)"));
    timeLabel_ = new QLabel(this);
    stateLabel_ = new QLabel(this);
    stateLabel_->setObjectName(QStringLiteral("runState"));
    loadingBar_ = new QProgressBar(this);
    loadingBar_->setObjectName(QStringLiteral("loadingModel"));
    loadingBar_->setRange(0, 0); // busy: loading the data and evaluating the model has no known length
    loadingBar_->setFormat(tr("Loading the model…"));
    loadingBar_->setTextVisible(true);
    loadingBar_->setToolTip(tr("Loading the checkpoint and its data, then evaluating it for the views"));
    loadingBar_->hide();
    statusBar()->addPermanentWidget(loadingBar_);
    cancelLoadingButton_ = new QToolButton(this);
    cancelLoadingButton_->setObjectName(QStringLiteral("cancelLoading"));
    cancelLoadingButton_->setText(tr("Cancel"));
    cancelLoadingButton_->setToolTip(tr("Stop loading: the views and the run stay as they were"));
    cancelLoadingButton_->hide();
    connect(cancelLoadingButton_, &QToolButton::clicked, this, &MainWindow::cancelLoading);
    statusBar()->addPermanentWidget(cancelLoadingButton_);
    statusBar()->addPermanentWidget(stateLabel_);
    statusBar()->addPermanentWidget(learningRateLabel_);
    statusBar()->addPermanentWidget(rateLabel_);
    statusBar()->addPermanentWidget(timeLabel_);
    statusBar()->addPermanentWidget(epochProgress_);
    statusBar()->addPermanentWidget(runProgress_);

    connect(&controller_, &TrainingController::stepCompleted, this, &MainWindow::onStep);
    connect(&controller_, &TrainingController::positionRestored, this, &MainWindow::showPosition);
    connect(&controller_, &TrainingController::evaluated, this, &MainWindow::onEvaluated);
    connect(&controller_, &TrainingController::snapshotReady, this, &MainWindow::onSnapshot);
    connect(&controller_, &TrainingController::trainingAccuracy, this,
            [this](qint64 step, double accuracy) { classifierView_->addTrainingAccuracy(step, accuracy); });
    connect(&controller_, &TrainingController::classifierEvaluated, this,
            [this](double accuracy, const ui::ClassifierSnapshot& snapshot) {
                classifierView_->addTestAccuracy(snapshot.step, accuracy);
                classifierView_->setConfusion(snapshot);
                statusBar()->showMessage(
                    tr("Test accuracy %L1 % at step %2").arg(100.0 * accuracy, 0, 'f', 1).arg(snapshot.step), 5000);
            });
    connect(activityView_, &ui::HiddenActivityView::neuronRequested, &controller_, &TrainingController::pinNeuron);
    connect(&controller_, &TrainingController::errorOccurred, this, &MainWindow::onError);
    connect(&controller_, &TrainingController::stateChanged, this, &MainWindow::updateActions);
    connect(&controller_, &TrainingController::stateChanged, this, [this](TrainingController::State state) {
        if (state == TrainingController::State::Failed)
            endLoading();
    });
    connect(&controller_, &TrainingController::configChanged, this, [this] {
        configPanel_->setConfig(controller_.config());
        showDocksForConfig();
    });
    connect(&controller_, &TrainingController::checkpointSaved, this,
            [this](const QString& file) { statusBar()->showMessage(tr("Checkpoint saved to %1").arg(file), 5000); });
    connect(&controller_, &TrainingController::tensorboardLogStarted, this, [this](const QString& directory) {
        statusBar()->showMessage(tr("TensorBoard log: %1").arg(QDir::toNativeSeparators(directory)), 10000);
    });
    // Paused, the panel edits only live keys, which the paused run takes from its next step.
    connect(configPanel_, &ConfigPanel::configEdited, this, [this] { controller_.retune(configPanel_->config()); });
    connect(configPanel_, &ConfigPanel::validityChanged, this, &MainWindow::updateActions);

    QSettings settings;
    if (restoreLayout)
        restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    defaultLayout_ = !restoreLayout || !restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    // Never larger than the screen's free area, also when restored from a larger screen.
    const QSize available = screen()->availableGeometry().size();
    if (!restoreLayout || !settings.contains(QStringLiteral("window/geometry")))
        resize(QSize(1400, 900).boundedTo(available));
    else if (width() > available.width() || height() > available.height())
        resize(size().boundedTo(available));
    updateActions();
    // A restored layout keeps the docks as the user left them; a new one opens those the run needs.
    if (!defaultLayout_)
        dvsDocksShown_ = dvsDocksNeeded();
    showDocksForConfig();
}

MainWindow::~MainWindow() = default;

int MainWindow::dvsDocksNeeded() const
{
    const Config& config = controller_.config();
    return (config.data.events() ? 1 : 0) | (config.model.kind == ModelKind::Classifier ? 2 : 0);
}

void MainWindow::showDocksForConfig()
{
    // Only when the kind of run changes, so that a dock the user showed by hand stays.
    const int needed = dvsDocksNeeded();
    const bool events = (needed & 1) != 0, classifier = (needed & 2) != 0;
    if (needed == dvsDocksShown_)
        return;
    dvsDocksShown_ = needed;
    dockOf(eventView_)->setVisible(events);
    dockOf(classifierView_)->setVisible(classifier);
    if (events)
        dockOf(eventView_)->raise();
    if (classifier)
        dockOf(classifierView_)->raise();
}

void MainWindow::createDocks()
{
    const auto dock = [this](QWidget* widget, const QString& title, const QString& name, Qt::DockWidgetArea area) {
        auto* container = new QDockWidget(title, this);
        container->setObjectName(name); // saveState() needs stable names
        // A view's minimum size must not become the window's: below it the view scrolls, so the
        // window fits 1280 x 800 (and 1366 x 768) with every dock open.
        auto* scroll = new QScrollArea(container);
        scroll->setWidget(widget);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        container->setWidget(scroll);
        addDockWidget(area, container);
        docks_.insert(widget, container);
        return container;
    };
    configPanel_ = new ConfigPanel(this);
    dock(configPanel_, tr("Configuration"), QStringLiteral("configDock"), Qt::LeftDockWidgetArea);
    inputView_ = new ui::InputSpikeView(this);
    reconstructionView_ = new ui::ReconstructionView(this);
    kernelView_ = new ui::KernelView(this);
    activityView_ = new ui::HiddenActivityView(this);
    auto* input = dock(inputView_, tr("Input spikes"), QStringLiteral("inputDock"), Qt::RightDockWidgetArea);
    auto* reconstructions = dock(reconstructionView_, tr("Reconstructions"), QStringLiteral("reconstructionDock"),
                                 Qt::BottomDockWidgetArea);
    auto* kernels = dock(kernelView_, tr("Kernels"), QStringLiteral("kernelDock"), Qt::RightDockWidgetArea);
    auto* activity =
        dock(activityView_, tr("Hidden activity"), QStringLiteral("activityDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(kernels, activity);
    eventView_ = new ui::EventView(this);
    classifierView_ = new ui::ClassifierView(this);
    auto* events = dock(eventView_, tr("Events"), QStringLiteral("eventDock"), Qt::RightDockWidgetArea);
    auto* classifier =
        dock(classifierView_, tr("Classifier"), QStringLiteral("classifierDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(input, events);
    tabifyDockWidget(reconstructions, classifier);
    // Studies: hidden until a study is opened (File > Open study), then tabbed with the
    // reconstructions, where a table and figures have the width they need.
    studyView_ = new ui::StudyView(this);
    auto* studies = dock(studyView_, tr("Studies"), QStringLiteral("studyDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(reconstructions, studies);
    studies->hide();
    embeddingView_ = new ui::EmbeddingView(this);
    auto* embedding = dock(embeddingView_, tr("Embedding"), QStringLiteral("embeddingDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(reconstructions, embedding);
    embedding->hide();
    connect(embeddingView_, &ui::EmbeddingView::computeRequested, this, [this] {
        embeddingsComputing_ = true;
        statusBar()->showMessage(tr("Embedding test samples with the current model…"));
        controller_.analyseEmbeddings(kEmbeddingSamples);
    });
    connect(&controller_, &TrainingController::embeddingsReady, this, [this](const ui::EmbeddingSnapshot& snapshot) {
        embeddingsComputing_ = false;
        embeddingView_->setSnapshot(snapshot);
        updateActions();
        statusBar()->showMessage(
            tr("Embedded %1 test samples at step %2").arg(snapshot.labels.size()).arg(snapshot.step), 5000);
    });
    connect(&controller_, &TrainingController::embeddingsFailed, this, [this](const QString& message) {
        embeddingsComputing_ = false;
        updateActions();
        statusBar()->showMessage(tr("Embedding failed: %1").arg(message), 10000);
    });
    receptiveFieldView_ = new ui::ReceptiveFieldView(this);
    auto* fields = dock(receptiveFieldView_, tr("Receptive fields"), QStringLiteral("receptiveFieldsDock"),
                        Qt::BottomDockWidgetArea);
    tabifyDockWidget(reconstructions, fields);
    fields->hide();
    connect(receptiveFieldView_, &ui::ReceptiveFieldView::computeRequested, this,
            [this](const QString& layer, int samples, double ridge) {
                fieldsComputing_ = true;
                statusBar()->showMessage(tr("Computing the receptive fields of %1 with the current model…").arg(layer));
                controller_.analyseFields(layer, samples, ridge);
            });
    connect(&controller_, &TrainingController::fieldsReady, this, [this](const ui::ReceptiveFieldSnapshot& snapshot) {
        fieldsComputing_ = false;
        receptiveFieldView_->setSnapshot(snapshot);
        updateActions();
        statusBar()->showMessage(tr("Receptive fields of %1 over %2 test samples")
                                     .arg(snapshot.receptive.layer)
                                     .arg(snapshot.receptive.samples),
                                 5000);
    });
    connect(&controller_, &TrainingController::fieldsFailed, this, [this](const QString& message) {
        fieldsComputing_ = false;
        receptiveFieldView_->setComputeFailed(message);
        updateActions();
        statusBar()->showMessage(tr("Receptive fields failed: %1").arg(message), 10000);
    });
    // A point clicked in the Embedding view becomes the sample the other views show.
    connect(embeddingView_, &ui::EmbeddingView::pointSelected, this, [this](int index) {
        controller_.showTestSample(index);
        statusBar()->showMessage(tr("Showing test sample %1 in the other views").arg(index), 5000);
    });
    connect(inputView_, &ui::InputSpikeView::followTrainingRequested, this, [this] {
        controller_.showTestSample(-1);
        embeddingView_->selectPoint(-1);
    });
    studyMonitor_ = new StudyMonitor(this);
    studyLauncher_ = new StudyLauncher(this);
    connect(studyLauncher_, &StudyLauncher::directoryReady, this, [this](const QString& directory) {
        QString error;
        if (!openStudyDirectory(directory, &error))
            statusBar()->showMessage(error, 10000);
    });
    connect(studyLauncher_, &StudyLauncher::progress, this,
            [this](const QString& line) { statusBar()->showMessage(tr("Study: %1").arg(line), 10000); });
    connect(studyLauncher_, &StudyLauncher::finished, this, [this](int code, const QString& message) {
        if (stopStudyAction_)
            stopStudyAction_->setEnabled(false);
        studyMonitor_->open(studyLauncher_->directory()); // one last read: the final state
        if (code == 0)
            statusBar()->showMessage(tr("The study has finished"), 10000);
        else if (code == 130)
            statusBar()->showMessage(tr("The study stopped; Run a study again with the same folder resumes it"), 10000);
        else
            QMessageBox::warning(this, tr("The study failed"),
                                 message.isEmpty() ? tr("csae study run ended with status %1").arg(code) : message);
    });
    connect(studyMonitor_, &StudyMonitor::snapshotReady, studyView_, &ui::StudyView::setSnapshot);
    connect(studyView_, &ui::StudyView::runActivated, this,
            [this](const QString& directory) { openRunDirectoryPath(directory); });
    connect(studyView_, &ui::StudyView::compareRequested, this, &MainWindow::compareWithRuns);
    input->raise();
    reconstructions->raise();
}

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open session…"), this, &MainWindow::openSession);
    open->setShortcut(QKeySequence::Open);
    QAction* save = file->addAction(tr("&Save session…"), this, &MainWindow::saveSession);
    save->setShortcut(QKeySequence::Save);
    // Presets (resources/presets): the same files `csae train --preset NAME` reads.
    QMenu* presets = file->addMenu(tr("Start from &preset"));
    try {
        for (const auto& preset : list_presets()) {
            QAction* action = presets->addAction(QString::fromStdString(preset.name));
            action->setToolTip(QString::fromStdString(preset.description));
            action->setStatusTip(QString::fromStdString(preset.description));
            connect(action, &QAction::triggered, this,
                    [this, config = preset.config] { controller_.setConfig(config); });
        }
    } catch (const std::exception& error) {
        presets->addAction(tr("(cannot read presets: %1)").arg(QString::fromUtf8(error.what())))->setEnabled(false);
    }
    presets->setToolTipsVisible(true);
    file->addSeparator();
    file->addAction(tr("Save &checkpoint…"), this, &MainWindow::saveCheckpoint)->setShortcut(tr("Ctrl+Shift+S"));
    file->addAction(tr("&Load checkpoint…"), this, &MainWindow::loadCheckpoint)->setShortcut(tr("Ctrl+Shift+O"));
    file->addAction(tr("Open &run directory…"), this, &MainWindow::openRunDirectory)->setShortcut(tr("Ctrl+Shift+D"));
    file->addAction(tr("Co&mpare with run…"), this, [this] {
        const QString directory = askExistingDirectory(this, tr("Compare with run directory"));
        if (directory.isEmpty())
            return;
        compareWithRun(directory);
    });
    file->addAction(tr("Clear compared runs"), lossView_, &ui::LossCurveView::clearComparisons);
    file->addAction(tr("Open s&tudy…"), this, &MainWindow::openStudy)->setShortcut(tr("Ctrl+Shift+Y"));
    file->addAction(tr("&Run a study…"), this, &MainWindow::askRunStudy);
    stopStudyAction_ = file->addAction(tr("Stop the study"), this, [this] { studyLauncher_->stop(); });
    stopStudyAction_->setEnabled(false);
    file->addAction(tr("Open &analysis (csae analyse)…"), this, &MainWindow::openAnalysis);
    recentMenu_ = file->addMenu(tr("Open r&ecent"));
    recentMenu_->setObjectName(QStringLiteral("recentMenu"));
    rebuildRecentMenu();
    file->addSeparator();
    file->addAction(tr("&Export view as PNG or PDF…"), this, &MainWindow::exportView)->setShortcut(tr("Ctrl+E"));
    file->addAction(tr("Export input-spike &animation (GIF or video)…"), this, &MainWindow::exportAnimation);
    file->addAction(tr("Export &metrics as CSV…"), this, &MainWindow::exportMetrics);
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    QToolBar* toolbar = addToolBar(tr("Run"));
    toolbar->setObjectName(QStringLiteral("runToolbar"));
    const auto add = [&](const QString& text, const QKeySequence& shortcut, const QString& tip, auto slot) {
        QAction* action = run->addAction(text);
        action->setShortcut(shortcut);
        action->setToolTip(tip + QStringLiteral(" (") + shortcut.toString(QKeySequence::NativeText) + QLatin1Char(')'));
        connect(action, &QAction::triggered, this, [this, slot] {
            // A fresh run (not a resume) starts with empty views.
            using State = TrainingController::State;
            const State state = controller_.state();
            // A loaded run that trained all its steps has nothing to resume: Start and Step train
            // a new run, as they do after a run finished here.
            const bool atEnd = state == State::Paused && runComplete() && !isLoadingModel();
            if (atEnd && (slot == &TrainingController::start || slot == &TrainingController::step))
                controller_.reset();
            const bool fresh = state == State::Idle || state == State::Failed || state == State::Finished || atEnd;
            if (fresh && (slot == &TrainingController::start || slot == &TrainingController::step))
                clearViews();
            (controller_.*slot)();
        });
        toolbar->addAction(action);
        return action;
    };
    startAction_ = add(tr("Start"), QKeySequence(tr("Ctrl+R")), tr("Train with the current configuration"),
                       &TrainingController::start);
    pauseAction_ =
        add(tr("Pause"), QKeySequence(tr("Ctrl+P")), tr("Pause after the current step"), &TrainingController::pause);
    resumeAction_ =
        add(tr("Resume"), QKeySequence(tr("Ctrl+Shift+R")), tr("Continue the paused run"), &TrainingController::resume);
    stopAction_ = add(tr("Stop"), QKeySequence(tr("Ctrl+.")), tr("End the run after the current step"),
                      &TrainingController::stop);
    stepAction_ =
        add(tr("Step"), QKeySequence(tr("Ctrl+T")), tr("Train on exactly one batch"), &TrainingController::step);
    resetAction_ = add(tr("Reset"), QKeySequence(tr("Ctrl+Shift+X")), tr("Discard the run; the next start is fresh"),
                       &TrainingController::reset);
    startAction_->setObjectName(QStringLiteral("startAction"));
    resetAction_->setObjectName(QStringLiteral("resetAction"));
    resumeAction_->setObjectName(QStringLiteral("resumeAction"));
    stepAction_->setObjectName(QStringLiteral("stepAction"));
    connect(resetAction_, &QAction::triggered, this, &MainWindow::clearViews);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dockWidget : findChildren<QDockWidget*>())
        view->addAction(dockWidget->toggleViewAction());

    // Lessons that stand on their own: no dataset, no training, each in its own window.
    QMenu* teach = menuBar()->addMenu(tr("&Teach"));
    const std::pair<QString, QString> lessons[] = {
        {QStringLiteral("rate-coding"), tr("&Rate coding: from floats to spikes")},
        {QStringLiteral("lif"), tr("The &LIF neuron")},
        {QStringLiteral("surrogate"), tr("&Surrogate gradients")},
        {QStringLiteral("convolution"), tr("&Convolution, step by step")},
        {QStringLiteral("network"), tr("One digit through the &network")}};
    for (const auto& [lesson, title] : lessons) {
        QAction* action = teach->addAction(title, this, [this, lesson] {
            QString error;
            if (TeachWindow* window = TeachWindow::create(lesson, &error, this)) {
                window->setWindowFlag(Qt::Window);
                if (lesson == QLatin1String("network")) {
                    window->setLiveModelOffered(true);
                    connect(window, &TeachWindow::liveModelRequested, this, [this, window] { walkLiveModel(window); });
                    if (controller_.hasModel())
                        walkLiveModel(window); // the model on screen, rather than an untrained one
                }
                window->show();
            }
        });
        action->setObjectName(QStringLiteral("teach-") + lesson);
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About csae-studio"), this, &MainWindow::showAbout);
}

void MainWindow::walkLiveModel(TeachWindow* window)
{
    if (!controller_.hasModel()) {
        window->statusBar()->showMessage(tr("The studio has no model yet: start or open a run"), 8000);
        return;
    }
    if (!liveWalkDirectory_)
        liveWalkDirectory_ = std::make_unique<QTemporaryDir>();
    // The model lives on the training thread: it reaches the lesson as a checkpoint, written
    // between two steps, so training goes on while the class looks at the copy.
    const QString file = QDir(liveWalkDirectory_->path()).filePath(QStringLiteral("walk-%1.pt").arg(++liveWalkCount_));
    QPointer<TeachWindow> target(window);
    // Two one-off connections: the save's success or its failure ends both, so a refused save
    // (a full disk) leaves nothing connected behind.
    auto connections = std::make_shared<std::array<QMetaObject::Connection, 2>>();
    const auto finish = [connections] {
        for (const QMetaObject::Connection& connection : *connections)
            disconnect(connection);
    };
    (*connections)[0] = connect(&controller_, &TrainingController::checkpointSaved, this,
                                [this, target, file, finish](const QString& saved) {
                                    if (saved != file)
                                        return;
                                    finish();
                                    if (target) {
                                        QString error;
                                        if (!target->openCheckpoint(file, tr("the studio's model"), &error))
                                            target->statusBar()->showMessage(error, 10000);
                                    }
                                    QFile::remove(file);
                                });
    (*connections)[1] =
        connect(&controller_, &TrainingController::errorOccurred, this, [target, file, finish](const QString& message) {
            finish();
            if (target)
                target->statusBar()->showMessage(message, 10000);
            QFile::remove(file);
        });
    window->statusBar()->showMessage(tr("Taking the studio's model…"), 3000);
    controller_.saveCheckpoint(file);
}

void MainWindow::showAbout()
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const QString report = TrainingController::systemReport();
    QApplication::restoreOverrideCursor();
    QMessageBox box(this);
    box.setWindowTitle(tr("About csae-studio"));
    box.setText(tr("<b>csae-studio %1</b><br>Trains, watches and characterises convolutional spiking "
                   "autoencoders.<br>This machine and build (the same as <tt>csae info</tt>; copy it into a bug "
                   "report):")
                    .arg(QStringLiteral(CSAE_VERSION)));
    box.setInformativeText(QStringLiteral("<pre>%1</pre>").arg(report.toHtmlEscaped()));
    box.setTextInteractionFlags(Qt::TextSelectableByMouse);
    box.exec();
}

QDockWidget* MainWindow::dockOf(QWidget* view) const
{
    return docks_.value(view);
}

QList<QWidget*> MainWindow::views() const
{
    return {lossView_, inputView_, reconstructionView_, kernelView_, activityView_};
}

QList<QWidget*> MainWindow::dvsViews() const
{
    return {eventView_, classifierView_};
}

QStringList MainWindow::viewKeys()
{
    return {QStringLiteral("loss"),      QStringLiteral("input-spikes"),    QStringLiteral("reconstructions"),
            QStringLiteral("kernels"),   QStringLiteral("hidden-activity"), QStringLiteral("events"),
            QStringLiteral("classifier")};
}

QWidget* MainWindow::viewByKey(const QString& key) const
{
    const int index = viewKeys().indexOf(key);
    return index < 0 ? nullptr : (views() + dvsViews()).at(index);
}

void MainWindow::updateActions()
{
    using State = TrainingController::State;
    const State state = controller_.state();
    // A refused edit in the configuration panel blocks a new run until it is fixed (the panel says why).
    const bool valid = configPanel_->isValid();
    // While a checkpoint loads, the run controls wait for it (or for Cancel): a command now would
    // start or stop a run the load is about to replace.
    const bool loading = isLoadingModel();
    startAction_->setEnabled(state != State::Running && valid && !loading);
    pauseAction_->setEnabled(state == State::Running && !loading);
    const bool pausedAtEnd = state == State::Paused && !loading && runComplete();
    resumeAction_->setEnabled(state == State::Paused && !loading && !pausedAtEnd);
    stopAction_->setEnabled((state == State::Running || state == State::Paused) && !loading);
    stepAction_->setEnabled(state != State::Running && valid && !loading);
    resetAction_->setEnabled(!loading);
    configPanel_->setEnabled(state != State::Running);
    configPanel_->setRunLock(state != State::Paused ? ConfigPanel::RunLock::Unlocked
                             : pausedAtEnd          ? ConfigPanel::RunLock::PausedAtEnd
                                                    : ConfigPanel::RunLock::Paused);
    if (embeddingView_ && !embeddingsComputing_)
        embeddingView_->setComputeAvailable(controller_.hasModel() && !loading,
                                            loading ? tr("A model is loading")
                                                    : tr("No model yet: start or open a run"));
    if (receptiveFieldView_ && !fieldsComputing_)
        receptiveFieldView_->setComputeAvailable(controller_.hasModel() && !loading,
                                                 loading ? tr("A model is loading")
                                                         : tr("No model yet: start or open a run"));
    // What the run is doing, in words; outside a running run no speed or ETA that would go stale.
    if (state == State::Idle && runClock_.isValid())
        stopped_ = true;
    else if (state != State::Idle)
        stopped_ = false;
    switch (state) {
    case State::Running:
        stateLabel_->setText(tr("Running"));
        break;
    case State::Paused:
        stateLabel_->setText(runComplete() ? tr("Finished") : tr("Paused"));
        break;
    case State::Finished:
        stateLabel_->setText(tr("Finished"));
        break;
    case State::Failed:
        stateLabel_->setText(tr("Failed"));
        break;
    case State::Idle:
        stateLabel_->setText(stopped_ ? tr("Stopped") : tr("Ready"));
        break;
    }
    if (isLoadingModel())
        stateLabel_->setText(tr("Loading"));
    if (state != State::Running) {
        rateLabel_->clear();
        timeLabel_->setText(lastElapsed_.isEmpty() ? QString() : tr("elapsed %1").arg(lastElapsed_));
    }
    if (state == State::Running && !runClock_.isValid())
        runClock_.start();
    if (state == State::Idle || state == State::Failed)
        runClock_.invalidate();
    if (state == State::Finished)
        statusBar()->showMessage(tr("Run finished."));
}

void MainWindow::clearViews()
{
    // Every view at once, so that no picture of the previous run stays beside the new one's.
    inputView_->setInput({});
    reconstructionView_->setReconstructions({});
    kernelView_->setKernels({});
    activityView_->setLayers({});
    eventView_->setEvents({});
    lossView_->clear();
    activityView_->clearFiringRates();
    classifierView_->clear();
    rows_.clear();
    lastEpoch_ = -1;
    lastElapsed_.clear();
    rateLabel_->clear();
    timeLabel_->clear();
    learningRateLabel_->clear();
    epochProgress_->reset();
    runProgress_->reset();
    stopped_ = false;
    if (controller_.state() == TrainingController::State::Idle)
        stateLabel_->setText(tr("Ready"));
    runClock_.invalidate();
}

void MainWindow::showPosition(qint64 step, qint64 totalSteps, qint64 stepsPerEpoch)
{
    if (pendingLoad_) { // the load's first snapshot clears the old run's views, then shows this
        pendingLoad_->position = std::array<qint64, 3>{step, totalSteps, stepsPerEpoch};
        return;
    }
    runProgress_->setRange(0, static_cast<int>(std::max<qint64>(1, totalSteps)));
    runProgress_->setValue(static_cast<int>(std::min(step, totalSteps)));
    // Step 0 of a run is the start of epoch 1; the last step of an epoch shows it full.
    const qint64 perEpoch = std::max<qint64>(1, stepsPerEpoch);
    const qint64 epoch = step > 0 ? (step - 1) / perEpoch : 0;
    epochProgress_->setRange(0, static_cast<int>(perEpoch));
    epochProgress_->setValue(static_cast<int>(step - epoch * perEpoch));
    // A loaded run that had trained all its steps is paused at its end: say it is finished.
    if (controller_.state() == TrainingController::State::Paused && !isLoadingModel())
        updateActions(); // Finished or Paused, and what the panel and Resume allow, follow the position
}

bool MainWindow::runComplete() const
{
    return runProgress_->maximum() > 0 && runProgress_->value() >= runProgress_->maximum();
}

void MainWindow::onStep(qint64 step, qint64 totalSteps, qint64 stepsPerEpoch, double loss, double samplesPerSecond)
{
    if (!runClock_.isValid())
        runClock_.start();
    const qint64 epoch = (step - 1) / std::max<qint64>(1, stepsPerEpoch);
    if (epoch != lastEpoch_) {
        if (lastEpoch_ >= 0)
            lossView_->addEpochMarker(epoch * stepsPerEpoch, static_cast<int>(epoch + 1));
        lastEpoch_ = epoch;
    }
    lossView_->addTrainLoss(step, loss);
    rows_.train.push_back({step, loss});
    showPosition(step, totalSteps, stepsPerEpoch);
    const double elapsed = runClock_.elapsed() / 1000.0;
    const double perStep = elapsed / std::max<qint64>(1, static_cast<qint64>(rows_.train.size()));
    lastElapsed_ = QString::fromStdString(format_duration(elapsed));
    // A step that ends after Pause or Stop was pressed: no speed or ETA under a paused run.
    const bool running = controller_.state() == TrainingController::State::Running;
    rateLabel_->setText(running ? tr("%L1 samples/s").arg(samplesPerSecond, 0, 'f', 1) : QString());
    // The engine's own schedule function, so the label shows exactly the rate the step used.
    learningRateLabel_->setText(
        tr("lr %L1").arg(learning_rate_at(controller_.config().train, step - 1, totalSteps), 0, 'g', 3));
    timeLabel_->setText(running ? tr("elapsed %1, ETA %2")
                                      .arg(lastElapsed_, QString::fromStdString(format_duration(
                                                             perStep * static_cast<double>(totalSteps - step))))
                                : tr("elapsed %1").arg(lastElapsed_));
}

void MainWindow::onEvaluated(qint64 step, double nrmse, double mse)
{
    lossView_->addTestLoss(step, nrmse);
    rows_.test.push_back({step, nrmse, mse});
    if (controller_.config().model.kind != csae::ModelKind::Classifier)
        statusBar()->showMessage(tr("Test nRMSE %L1 at step %2").arg(nrmse, 0, 'f', 4).arg(step), 5000);
}

void MainWindow::onSnapshot(const ui::TrainingSnapshot& snapshot)
{
    if (pendingLoad_) { // the first snapshot of a loaded checkpoint: its curves replace the old run's
        const PendingLoad loaded = std::move(*pendingLoad_);
        pendingLoad_.reset();
        clearViews();
        showHistory(loaded.history);
        if (loaded.position)
            showPosition((*loaded.position)[0], (*loaded.position)[1], (*loaded.position)[2]);
        if (!loaded.note.isEmpty())
            statusBar()->showMessage(loaded.note);
    }
    endLoading();
    inputView_->setInput(snapshot.input);
    reconstructionView_->setReconstructions(snapshot.reconstructions);
    if (!snapshot.kernels.isEmpty())
        kernelView_->setKernels(snapshot.kernels);
    activityView_->setLayers(snapshot.layers);
    activityView_->addFiringRates(snapshot.step, snapshot.layers);
    receptiveFieldView_->setFieldLayers(snapshot.fieldLayers);
    if (!snapshot.events.isEmpty())
        eventView_->setEvents(snapshot.events);
}

void MainWindow::onError(const QString& message)
{
    endLoading();
    statusBar()->showMessage(message);
    QMessageBox::warning(this, tr("Training stopped"), message);
}

void MainWindow::showEvent(QShowEvent* event)
{
    QMainWindow::showEvent(event);
    if (!defaultLayout_)
        return;
    defaultLayout_ = false;
    // Under 1200 px of height two docks stacked on the right got 200-280 px each (40-px input
    // images, no room for the activity's rates): there the right column is one tab group, each
    // view with the column's full height.
    if (height() < kCompactLayoutHeight) {
        QDockWidget* input = dockOf(inputView_);
        for (QWidget* view : {static_cast<QWidget*>(kernelView_), static_cast<QWidget*>(activityView_)})
            tabifyDockWidget(input, dockOf(view));
        input->raise();
    }
    // The reconstructions are the headline picture: give their dock room for all three rows
    // (original, input spikes, output spikes) rather than the bottom area's minimum.
    resizeDocks({dockOf(reconstructionView_)}, {std::max(230, height() / 3)}, Qt::Vertical);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    controller_.stop();
    event->accept();
}

} // namespace csae
