#pragma once
// The studio's main window: run controls, the config panel and the live views as docks the
// user can rearrange (layout kept in QSettings). GUI thread only. It sees the controller and
// the views, never LibTorch.

#include "app/bridge/training_controller.h"
#include "app/studio/curve_files.h"
#include "app/studio/recent_files.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QTemporaryDir>
#include <QVector>

#include <memory>
#include <array>
#include <optional>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;

namespace csae {

class ConfigPanel;
namespace ui {
class ClassifierView;
class EventView;
class HiddenActivityView;
class InputSpikeView;
class KernelView;
class LossCurveView;
class ReconstructionView;
class StudyView;
class EmbeddingView;
class ReceptiveFieldView;
} // namespace ui

class StudyLauncher;
class StudyMonitor;
class TeachWindow;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    /// `restoreLayout` false: the default size and dock layout, whatever QSettings holds (the
    /// headless export uses it so that figures do not depend on the user's last layout).
    explicit MainWindow(QWidget* parent = nullptr, bool restoreLayout = true);
    ~MainWindow() override;

    TrainingController& controller() { return controller_; }
    /// Opens a session file; shows an error and keeps the current session when it is bad.
    bool openSessionFile(const QString& file);
    /// Shows a `csae train` run directory: its metrics in the loss view, its checkpoint loaded
    /// (the other views fill when the worker's snapshot arrives). On failure a message box says
    /// why, or, when `error` is not null, the message goes there instead (headless use).
    bool openRunDirectoryPath(const QString& directory, QString* error = nullptr);
    /// Shows a study directory (csae study run) in the Studies dock and keeps it up to date while
    /// the CLI writes it. On failure a message box, or `error`, says why.
    bool openStudyDirectory(const QString& directory, QString* error = nullptr);
    /// What a file manager or the command line hands the studio: a study directory (it holds
    /// study.json), a run directory, a run's checkpoint.pt or config.json (the run opens), a
    /// checkpoint saved elsewhere (it loads), or a session file. On failure a message box, or
    /// `error`, says why.
    bool openPath(const QString& path, QString* error = nullptr);
    /// Starts `csae study run SPEC --out DIRECTORY --jobs JOBS` (SPEC a preset name or a spec
    /// file) in its own process and shows the study in the Studies dock as soon as csae has
    /// created it, refreshing while it runs. False, with `error` set (or a message box), when a
    /// study is already running or csae is missing; csae's own refusal arrives as a message.
    bool runStudy(const QString& spec, const QString& directory, int jobs, QString* error = nullptr);
    StudyLauncher* studyLauncher() const { return studyLauncher_; }
    ui::StudyView* studyView() const { return studyView_; }
    /// Shows what `csae analyse` wrote in `directory` in the Embedding dock. On failure a
    /// message box, or `error`, says why.
    bool openAnalysisDirectory(const QString& directory, QString* error = nullptr);
    ui::EmbeddingView* embeddingView() const { return embeddingView_; }
    ui::ReceptiveFieldView* receptiveFieldView() const { return receptiveFieldView_; }
    /// Asks the worker to write a checkpoint, and writes the curves shown beside it
    /// (curvesFileFor(file)) so that loading it later shows them again.
    void saveCheckpointTo(const QString& file);
    /// Loads a checkpoint (the run pauses at its step). The curves come from curvesFileFor(file),
    /// or from the metrics.jsonl of the run directory it sits in; without either they start empty
    /// and the status bar says so. They replace the views with the checkpoint's first snapshot;
    /// if the load fails, the views keep the current run.
    void loadCheckpointFrom(const QString& file);
    /// Overlays the loss curves of another run directory (its metrics.jsonl) on the loss view,
    /// each compared run in its own colour. On failure a message box, or `error`, says why.
    bool compareWithRun(const QString& directory, QString* error = nullptr);
    /// compareWithRun for each directory (a study's runs); the loss dock comes to the front and
    /// the status bar names what could not be compared. Returns how many were added.
    int compareWithRuns(const QStringList& directories);
    /// `<dir>/<name>.metrics.jsonl` beside `<dir>/<name>.pt`, in metrics.jsonl's row format.
    static QString curvesFileFor(const QString& checkpoint);
    /// True from opening a checkpoint until its first snapshot (or an error) arrives; the status
    /// bar shows a busy bar meanwhile.
    bool isLoadingModel() const;
    /// Abandons the checkpoint being loaded (the Cancel button beside the busy bar): the views
    /// and the run stay as they were.
    void cancelLoading();
    /// File → Open recent: runs, then sessions, then "Clear". Owned by the menu bar.
    QMenu* recentMenu() const { return recentMenu_; }

    /// Below this window height the default layout stacks the right column's docks as tabs.
    static constexpr int kCompactLayoutHeight = 1200;
    /// The views every run fills, for tests and exports.
    QList<QWidget*> views() const;
    /// The views for DVS input and the classifier: the event view and the classifier view.
    QList<QWidget*> dvsViews() const;
    /// The names `csae-studio --export VIEW` takes for a single view, in the order of views() then
    /// dvsViews(). (`window`, the whole window, is handled by the export itself.)
    static QStringList viewKeys();
    /// The view named by one of viewKeys(), or null.
    QWidget* viewByKey(const QString& key) const;
    /// The dock that holds a view (or the configuration panel); owned by the window.
    QDockWidget* dockOf(QWidget* view) const;

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void createActions();
    void createDocks();
    void updateActions();
    void showDocksForConfig();
    /// Bit 0: the config's run needs the Events dock; bit 1: the Classifier dock.
    int dvsDocksNeeded() const;
    void onStep(qint64 step, qint64 totalSteps, qint64 stepsPerEpoch, double loss, double samplesPerSecond);
    /// The run and epoch progress bars at `step` (after a step, or when a loaded run restores it).
    void showPosition(qint64 step, qint64 totalSteps, qint64 stepsPerEpoch);
    /// Whether the run shown has trained all its steps (the run progress bar is full).
    bool runComplete() const;
    void onEvaluated(qint64 step, double nrmse, double mse);
    void onSnapshot(const ui::TrainingSnapshot& snapshot);
    void onError(const QString& message);
    void clearViews();
    void showHistory(const TrainingController::RunHistory& history);
    void beginLoading();
    void endLoading();
    void rebuildRecentMenu();
    void openSession();
    void saveSession();
    void saveCheckpoint();
    void loadCheckpoint();
    void openRunDirectory();
    void openStudy();
    void askRunStudy();
    void openAnalysis();
    void exportView();
    void exportAnimation();
    void exportMetrics();
    void showAbout();
    /// Hands the network lesson `window` a checkpoint of the model being trained.
    void walkLiveModel(TeachWindow* window);

    TrainingController controller_;
    ConfigPanel* configPanel_ = nullptr;
    ui::LossCurveView* lossView_ = nullptr;
    ui::InputSpikeView* inputView_ = nullptr;
    ui::ReconstructionView* reconstructionView_ = nullptr;
    ui::KernelView* kernelView_ = nullptr;
    ui::HiddenActivityView* activityView_ = nullptr;
    ui::EventView* eventView_ = nullptr;
    ui::ClassifierView* classifierView_ = nullptr;
    ui::StudyView* studyView_ = nullptr;
    StudyMonitor* studyMonitor_ = nullptr;
    StudyLauncher* studyLauncher_ = nullptr;
    QAction* stopStudyAction_ = nullptr;
    ui::EmbeddingView* embeddingView_ = nullptr;
    ui::ReceptiveFieldView* receptiveFieldView_ = nullptr;
    bool embeddingsComputing_ = false;
    bool fieldsComputing_ = false;
    std::unique_ptr<QTemporaryDir> liveWalkDirectory_; ///< checkpoints of the live model for the network lesson
    int liveWalkCount_ = 0;
    /// Test samples the Embedding dock's "Compute from the model" embeds: about 5 s on 2 cores.
    static constexpr int kEmbeddingSamples = 2000;

    /// Which of the DVS-only docks (Events, Classifier) the current config needs; -1 before the first.
    int dvsDocksShown_ = -1;
    bool defaultLayout_ = false; ///< no saved layout: size the docks on the first show
    bool stopped_ = false;       ///< a run was stopped and not reset (the state label says so)
    QHash<QWidget*, QDockWidget*> docks_;
    QMenu* recentMenu_ = nullptr;
    RecentFiles recentRuns_{QStringLiteral("recent/runs")};
    RecentFiles recentSessions_{QStringLiteral("recent/sessions")};
    QProgressBar* loadingBar_ = nullptr;         ///< busy while a checkpoint loads and is evaluated
    QToolButton* cancelLoadingButton_ = nullptr; ///< beside loadingBar_, shown with it
    /// The curves (or the note why there are none) of the checkpoint being loaded, shown with
    /// its first snapshot and dropped if the load fails.
    struct PendingLoad {
        TrainingController::RunHistory history;
        QString note;
        /// Where the loaded run stands (step, total steps, steps per epoch), once the worker says.
        std::optional<std::array<qint64, 3>> position;
    };
    std::optional<PendingLoad> pendingLoad_;

    QAction* startAction_ = nullptr;
    QAction* pauseAction_ = nullptr;
    QAction* resumeAction_ = nullptr;
    QAction* stopAction_ = nullptr;
    QAction* stepAction_ = nullptr;
    QAction* resetAction_ = nullptr;

    QProgressBar* epochProgress_ = nullptr;
    QProgressBar* runProgress_ = nullptr;
    QLabel* rateLabel_ = nullptr;
    QLabel* stateLabel_ = nullptr; ///< "Running", "Paused", "Stopped", ...
    QString lastElapsed_;          ///< the elapsed time at the last step, kept when the run stops
    QLabel* learningRateLabel_ = nullptr;
    QLabel* timeLabel_ = nullptr;

    QElapsedTimer runClock_;
    qint64 lastEpoch_ = -1;
    CurveRows rows_; ///< what the loss view shows, for CSV export and beside saved checkpoints
};

} // namespace csae
