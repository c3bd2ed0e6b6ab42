// MainWindow's runs and files: sessions, checkpoints (with the curves saved beside them),
// loading with its busy bar and Cancel, run directories, compared runs and the Open recent
// menu. Kept apart from main_window.cpp, which holds the window's layout, actions and run state.

#include "app/studio/main_window.h"

#include "app/bridge/study_launcher.h"
#include "app/bridge/study_monitor.h"
#include "app/studio/analysis_files.h"
#include "ui/analysis/embedding_view.h"
#include "ui/study/study_view.h"

#include "ui/dvs/classifier_view.h"
#include "ui/training/hidden_activity_view.h"
#include "ui/training/loss_curve_view.h"

#include <QAction>
#include <QThread>
#include <QSpinBox>
#include <QPushButton>
#include <QLineEdit>
#include <QHBoxLayout>
#include <QFormLayout>
#include <QDialogButtonBox>
#include <QDialog>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

namespace csae {

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const auto section = [this](const QString& title, RecentFiles& recent, bool runs) {
        const QStringList paths = recent.paths();
        if (paths.isEmpty())
            return;
        recentMenu_->addSection(title);
        for (const QString& path : paths) {
            QAction* action = recentMenu_->addAction(QDir::toNativeSeparators(path));
            action->setData(path);
            // Queued: opening rebuilds this menu, which deletes the action; it must not happen
            // inside the action's own triggered signal.
            connect(
                action, &QAction::triggered, this,
                [this, path, runs, &recent] {
                    const bool ok = runs ? openRunDirectoryPath(path) : openSessionFile(path);
                    if (!ok && !QFileInfo::exists(path)) { // moved or deleted: drop it from the list
                        recent.remove(path);
                        rebuildRecentMenu();
                    }
                },
                Qt::QueuedConnection);
        }
    };
    section(tr("Runs"), recentRuns_, true);
    section(tr("Sessions"), recentSessions_, false);
    recentMenu_->setEnabled(!recentMenu_->isEmpty());
    recentMenu_->addSeparator();
    QAction* clear = recentMenu_->addAction(tr("Clear the list"));
    connect(
        clear, &QAction::triggered, this,
        [this] {
            recentRuns_.clear();
            recentSessions_.clear();
            rebuildRecentMenu();
        },
        Qt::QueuedConnection);
}

bool MainWindow::openSessionFile(const QString& file)
{
    QString error;
    if (!controller_.openSession(file, &error)) {
        QMessageBox::warning(this, tr("Cannot open session"), error);
        return false;
    }
    statusBar()->showMessage(tr("Opened %1").arg(file), 5000);
    recentSessions_.add(file);
    rebuildRecentMenu();
    return true;
}

void MainWindow::openSession()
{
    const QString file = askOpenFileName(this, tr("Open session"), tr("Sessions (*.json)"));
    if (file.isEmpty())
        return;
    openSessionFile(file);
}

void MainWindow::saveSession()
{
    const QString file =
        askSaveFileName(this, tr("Save session"), QStringLiteral("session.json"), tr("Sessions (*.json)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!controller_.saveSession(file, &error))
        QMessageBox::warning(this, tr("Cannot save session"), error);
    else {
        recentSessions_.add(file);
        rebuildRecentMenu();
    }
}

QString MainWindow::curvesFileFor(const QString& checkpoint)
{
    const QFileInfo info(checkpoint);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral(".metrics.jsonl"));
}

void MainWindow::saveCheckpointTo(const QString& file)
{
    controller_.saveCheckpoint(file);
    QString error;
    if (!writeCurvesJsonl(rows_, curvesFileFor(file), &error))
        QMessageBox::warning(this, tr("Cannot save the curves beside the checkpoint"), error);
}

void MainWindow::saveCheckpoint()
{
    const QString file =
        askSaveFileName(this, tr("Save checkpoint"), QStringLiteral("checkpoint.pt"), tr("Checkpoints (*.pt)"));
    if (file.isEmpty())
        return;
    saveCheckpointTo(file);
}

void MainWindow::loadCheckpointFrom(const QString& file)
{
    // The curves saved with it, else those of the `csae train` run directory it belongs to. They
    // wait for the first snapshot: a checkpoint that fails to load leaves the current run's
    // views as they are.
    const QFileInfo info(file);
    QString curves = curvesFileFor(file);
    if (!QFileInfo::exists(curves) && QFileInfo::exists(info.dir().filePath(QStringLiteral("config.json"))))
        curves = info.dir().filePath(QStringLiteral("metrics.jsonl"));
    pendingLoad_ = PendingLoad{};
    QString error;
    if (!QFileInfo::exists(curves))
        pendingLoad_->note = tr("No curves beside %1 (looked for %2): the curves start at its step")
                                 .arg(info.fileName(), QFileInfo(curvesFileFor(file)).fileName());
    else if (!TrainingController::readRunHistory(curves, &pendingLoad_->history, &error))
        pendingLoad_->note = tr("Curves not shown: %1").arg(error);
    beginLoading();
    controller_.loadCheckpoint(file);
}

void MainWindow::loadCheckpoint()
{
    const QString file = askOpenFileName(this, tr("Load checkpoint"), tr("Checkpoints (*.pt);;All files (*)"));
    if (file.isEmpty())
        return;
    loadCheckpointFrom(file);
}

bool MainWindow::isLoadingModel() const
{
    return !loadingBar_->isHidden();
}

void MainWindow::beginLoading()
{
    loadingBar_->show();
    cancelLoadingButton_->show();
    updateActions();
    stateLabel_->setText(tr("Loading"));
}

void MainWindow::cancelLoading()
{
    if (!isLoadingModel())
        return;
    if (!controller_.cancelLoading()) {
        statusBar()->showMessage(tr("The model has loaded; its views are on their way"), 5000);
        return;
    }
    endLoading(); // the state label goes back to the run's state
    statusBar()->showMessage(tr("Loading cancelled"), 5000);
}

void MainWindow::endLoading()
{
    pendingLoad_.reset(); // after an error the curves of the checkpoint that failed are dropped
    if (loadingBar_->isHidden())
        return;
    loadingBar_->hide();
    cancelLoadingButton_->hide();
    updateActions();
}

void MainWindow::showHistory(const TrainingController::RunHistory& history)
{
    for (const auto& [step, loss] : history.trainLoss) {
        lossView_->addTrainLoss(step, loss);
        rows_.train.push_back({step, loss});
    }
    for (const auto& [step, nrmse, mse] : history.testLoss) {
        lossView_->addTestLoss(step, nrmse);
        rows_.test.push_back({step, nrmse, mse});
    }
    for (const auto& [step, rates] : history.firingRates)
        activityView_->addFiringRates(step, rates);
    for (const auto& [step, accuracy] : history.trainAccuracy)
        classifierView_->addTrainingAccuracy(step, accuracy);
    for (const auto& [step, accuracy] : history.testAccuracy)
        classifierView_->addTestAccuracy(step, accuracy);
}

bool MainWindow::openRunDirectoryPath(const QString& directory, QString* error)
{
    TrainingController::RunHistory history;
    QString message;
    if (!controller_.openRunDirectory(directory, &history, &message)) {
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("Cannot open run directory"), message);
        return false;
    }
    clearViews();
    showHistory(history);
    if (QFileInfo::exists(QDir(directory).filePath(QStringLiteral("checkpoint.pt"))))
        beginLoading(); // the controller loads it on the worker; the snapshot ends this
    recentRuns_.add(directory);
    rebuildRecentMenu();
    statusBar()->showMessage(tr("Opened run %1 (%2 training rows, %3 evaluations)")
                                 .arg(directory)
                                 .arg(history.trainLoss.size())
                                 .arg(history.testLoss.size()),
                             5000);
    return true;
}

bool MainWindow::compareWithRun(const QString& directory, QString* error)
{
    TrainingController::RunHistory history;
    QString message;
    const QString metrics = QDir(directory).filePath(QStringLiteral("metrics.jsonl"));
    bool ok = TrainingController::readRunHistory(metrics, &history, &message);
    if (ok && history.trainLoss.isEmpty() && history.testLoss.isEmpty()) {
        message = tr("%1: no training or test rows to compare").arg(metrics);
        ok = false;
    }
    if (!ok) {
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("Cannot compare with run"), message);
        return false;
    }
    QVector<QPair<qint64, double>> test;
    for (const auto& [step, nrmse, mse] : history.testLoss)
        test.append({step, nrmse});
    lossView_->addComparison(QDir(directory).dirName(), history.trainLoss, test);
    return true;
}

int MainWindow::compareWithRuns(const QStringList& directories)
{
    int added = 0;
    QStringList problems;
    for (const QString& directory : directories) {
        QString error;
        if (compareWithRun(directory, &error))
            ++added;
        else
            problems << error;
    }
    if (QDockWidget* dock = dockOf(lossView_)) {
        dock->show();
        dock->raise();
    }
    statusBar()->showMessage(
        problems.isEmpty()
            ? tr("Comparing %n run(s) in the loss view", nullptr, added)
            : tr("Comparing %n run(s); not compared: %1", nullptr, added).arg(problems.join(QStringLiteral("; "))),
        problems.isEmpty() ? 5000 : 15000);
    return added;
}

bool MainWindow::openPath(const QString& path, QString* error)
{
    const QFileInfo info(path);
    const auto holds = [](const QDir& folder, const char* name) {
        return QFileInfo::exists(folder.filePath(QString::fromLatin1(name)));
    };
    if (info.isDir())
        return holds(QDir(path), "study.json") ? openStudyDirectory(path, error) : openRunDirectoryPath(path, error);
    if (info.isFile()) {
        const QDir folder = info.absoluteDir();
        if (info.fileName() == QLatin1String("study.json"))
            return openStudyDirectory(folder.absolutePath(), error);
        if (info.suffix() == QLatin1String("pt")) {
            if (holds(folder, "config.json"))
                return openRunDirectoryPath(folder.absolutePath(), error);
            loadCheckpointFrom(info.absoluteFilePath());
            return true;
        }
        if (info.fileName() == QLatin1String("config.json") &&
            (holds(folder, "checkpoint.pt") || holds(folder, "metrics.jsonl")))
            return openRunDirectoryPath(folder.absolutePath(), error);
        if (info.suffix() == QLatin1String("json"))
            return openSessionFile(info.absoluteFilePath());
    }
    const QString message = info.exists()
                                ? tr("%1: not a run directory, study directory, checkpoint or session file").arg(path)
                                : tr("%1: no such file or directory").arg(path);
    if (error)
        *error = message;
    else
        QMessageBox::warning(this, tr("Cannot open"), message);
    return false;
}

bool MainWindow::openStudyDirectory(const QString& directory, QString* error)
{
    const ui::StudySnapshot snapshot = StudyMonitor::read(directory);
    if (!snapshot.error.isEmpty()) {
        if (error)
            *error = snapshot.error;
        else
            QMessageBox::warning(this, tr("Cannot open study"), snapshot.error);
        return false;
    }
    studyMonitor_->open(directory);
    QDockWidget* dock = dockOf(studyView_);
    dock->show();
    dock->raise();
    // A table beside figures needs room: give the bottom docks half the window's height.
    resizeDocks({dock}, {height() / 2}, Qt::Vertical);
    statusBar()->showMessage(
        tr("Opened study %1: %2 runs; double-click a run to open it").arg(snapshot.name).arg(snapshot.runs.size()),
        5000);
    return true;
}

bool MainWindow::openAnalysisDirectory(const QString& directory, QString* error)
{
    QString message;
    const ui::EmbeddingSnapshot snapshot = readAnalysisDirectory(directory, &message);
    ui::ReceptiveFieldSnapshot fields;
    if (message.isEmpty())
        readFieldDirectory(directory, &fields, &message);
    if (!message.isEmpty()) {
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("Cannot open analysis"), message);
        return false;
    }
    embeddingView_->setSnapshot(snapshot);
    receptiveFieldView_->setSnapshot(fields);
    if (!fields.receptive.isEmpty() || !fields.projective.isEmpty())
        dockOf(receptiveFieldView_)->show();
    QDockWidget* dock = dockOf(embeddingView_);
    dock->show();
    dock->raise();
    resizeDocks({dock}, {height() / 2}, Qt::Vertical);
    return true;
}

void MainWindow::openAnalysis()
{
    const QString directory = askExistingDirectory(this, tr("Open analysis directory"));
    if (!directory.isEmpty())
        openAnalysisDirectory(directory);
}

void MainWindow::openStudy()
{
    const QString directory = askExistingDirectory(this, tr("Open study directory"));
    if (!directory.isEmpty())
        openStudyDirectory(directory);
}

bool MainWindow::runStudy(const QString& spec, const QString& directory, int jobs, QString* error)
{
    QString message;
    if (!studyLauncher_->start(spec, directory, jobs, &message)) {
        if (error)
            *error = message;
        else
            QMessageBox::warning(this, tr("Cannot run the study"), message);
        return false;
    }
    stopStudyAction_->setEnabled(true);
    statusBar()->showMessage(tr("Starting the study in %1…").arg(directory), 10000);
    return true;
}

void MainWindow::askRunStudy()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Run a study"));
    auto* form = new QFormLayout(&dialog);
    auto* spec = new QComboBox(&dialog);
    QString presetError;
    for (const auto& [name, description] : StudyLauncher::presets(&presetError)) {
        spec->addItem(name, name);
        spec->setItemData(spec->count() - 1, description, Qt::ToolTipRole);
    }
    spec->addItem(tr("A spec file…"), QString());
    auto* folder = new QLineEdit(QDir(lastDialogDirectory()).filePath(QStringLiteral("study")), &dialog);
    auto* browse = new QPushButton(tr("Choose…"), &dialog);
    connect(browse, &QPushButton::clicked, &dialog, [this, folder] {
        const QString chosen = askExistingDirectory(this, tr("Study folder"));
        if (!chosen.isEmpty())
            folder->setText(chosen);
    });
    auto* folderRow = new QHBoxLayout;
    folderRow->addWidget(folder, 1);
    folderRow->addWidget(browse);
    auto* jobs = new QSpinBox(&dialog);
    jobs->setRange(1, std::max(1, QThread::idealThreadCount()));
    jobs->setValue(1);
    jobs->setToolTip(tr("Worker processes; csae refuses or adjusts a plan that oversubscribes the cores"));
    form->addRow(tr("Study"), spec);
    if (!presetError.isEmpty()) {
        auto* problem = new QLabel(tr("The study presets cannot be read: %1").arg(presetError), &dialog);
        problem->setWordWrap(true);
        form->addRow(problem);
    }
    form->addRow(tr("Folder (an existing study there resumes)"), folderRow);
    form->addRow(tr("Jobs"), jobs);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Run"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    QString chosen = spec->currentData().toString();
    if (chosen.isEmpty()) {
        chosen = askOpenFileName(this, tr("Study spec"), tr("Study specs (*.json)"));
        if (chosen.isEmpty())
            return;
    }
    runStudy(chosen, folder->text(), jobs->value());
}

void MainWindow::openRunDirectory()
{
    const QString directory = askExistingDirectory(this, tr("Open run directory"));
    if (directory.isEmpty())
        return;
    openRunDirectoryPath(directory);
}

} // namespace csae
