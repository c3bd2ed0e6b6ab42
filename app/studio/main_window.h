#pragma once
// The studio's main window: run controls, the config panel and the live views as docks the
// user can rearrange (layout kept in QSettings). GUI thread only. It sees the controller and
// the views, never LibTorch.

#include "app/bridge/training_controller.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QVector>

class QAction;
class QDockWidget;
class QLabel;
class QProgressBar;

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
} // namespace ui

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    TrainingController& controller() { return controller_; }
    /// Opens a session file; shows an error and keeps the current session when it is bad.
    bool openSessionFile(const QString& file);
    /// Shows a `csae train` run directory: its metrics in the loss view, its checkpoint loaded
    /// (the other views fill when the worker's snapshot arrives). On failure a message box says
    /// why, or, when `error` is not null, the message goes there instead (headless use).
    bool openRunDirectoryPath(const QString& directory, QString* error = nullptr);

    /// The views every run fills, for tests and exports.
    QList<QWidget*> views() const;
    /// The views for DVS input and the classifier: the event view and the classifier view.
    QList<QWidget*> dvsViews() const;
    /// The names `csae-studio --export VIEW` takes, in the order of views() then dvsViews().
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
    void onEvaluated(qint64 step, double nrmse, double mse);
    void onSnapshot(const ui::TrainingSnapshot& snapshot);
    void onError(const QString& message);
    void clearViews();
    void openSession();
    void saveSession();
    void saveCheckpoint();
    void loadCheckpoint();
    void openRunDirectory();
    void exportView();
    void exportAnimation();
    void exportMetrics();
    void showAbout();

    TrainingController controller_;
    ConfigPanel* configPanel_ = nullptr;
    ui::LossCurveView* lossView_ = nullptr;
    ui::InputSpikeView* inputView_ = nullptr;
    ui::ReconstructionView* reconstructionView_ = nullptr;
    ui::KernelView* kernelView_ = nullptr;
    ui::HiddenActivityView* activityView_ = nullptr;
    ui::EventView* eventView_ = nullptr;
    ui::ClassifierView* classifierView_ = nullptr;

    /// Which of the DVS-only docks (Events, Classifier) the current config needs; -1 before the first.
    int dvsDocksShown_ = -1;
    bool defaultLayout_ = false; ///< no saved layout: size the docks on the first show
    bool stopped_ = false;       ///< a run was stopped and not reset (the state label says so)
    QHash<QWidget*, QDockWidget*> docks_;

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
    /// step, training loss; and step, test nRMSE, test MSE: for CSV export.
    QVector<std::pair<qint64, double>> trainRows_;
    QVector<std::tuple<qint64, double, double>> testRows_;
};

} // namespace csae
