#pragma once
// A study at a glance: a sortable table with a row per grid point (n, mean, std, 95 % CI of the
// test metric), the metric against each numeric grid key with error bars, a heat map for a
// two-key grid (the seed's f_on x f_off), the loss curves of every run coloured by grid point,
// and the runs with their state. Double-clicking a run asks to open it in the training views.

#include "ui/study/study_snapshot.h"

#include <QWidget>

class QComboBox;
class QCustomPlot;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableWidget;

namespace csae::ui {

/// GUI thread only; child widgets are owned by the view. setSnapshot() redraws everything from
/// the snapshot; it is cheap enough to call on every refresh of a study being written.
class StudyView : public QWidget {
    Q_OBJECT
public:
    explicit StudyView(QWidget* parent = nullptr);

    void setSnapshot(const StudySnapshot& snapshot);
    const StudySnapshot& snapshot() const { return m_snapshot; }

    /// The grid key the metric plot uses as its x axis; -1 when no key is numeric.
    int plottedKey() const { return m_plottedKey; }
    /// Chooses the metric plot's x axis among the numeric grid keys (index into gridKeys).
    void setPlottedKey(int key);

    QCustomPlot* metricPlot() const { return m_metricPlot; }
    QCustomPlot* heatmapPlot() const { return m_heatmapPlot; }
    QCustomPlot* lossPlot() const { return m_lossPlot; }
    /// A row per grid point; numeric cells sort by their number (Qt::UserRole + 1).
    QTableWidget* summaryTable() const { return m_summary; }
    QTableWidget* runTable() const { return m_runs; }
    /// The runs "Compare in the loss view" overlays: the selected rows of the run table, or,
    /// with none selected, every run that has logged training steps. Ordered as the table is.
    QStringList comparedRuns() const;
    /// The header line as shown (name, metric, runs done, running and left).
    QString headline() const;

    /// Writes every figure of the study into `directory` as PNG and vector PDF:
    /// metric_vs_<key> for each numeric grid key, heatmap (two-key grids) and loss_curves.
    /// Returns the files written; on failure an empty list and `error` says why.
    QStringList exportFigures(const QString& directory, QString* error);

Q_SIGNALS:
    /// A run was double-clicked: its run directory.
    void runActivated(const QString& runDirectory);
    /// "Compare in the loss view": the run directories to overlay (see comparedRuns()).
    void compareRequested(const QStringList& runDirectories);

private:
    void fillTables();
    void drawMetricPlot();
    void drawHeatmap();
    void drawLossCurves();

    StudySnapshot m_snapshot;
    int m_plottedKey = -1;
    QLabel* m_headline = nullptr;
    QComboBox* m_axisChoice = nullptr;
    QTabWidget* m_figures = nullptr;
    QCustomPlot* m_metricPlot = nullptr;
    QCustomPlot* m_heatmapPlot = nullptr;
    QCustomPlot* m_lossPlot = nullptr;
    QTableWidget* m_summary = nullptr;
    QTableWidget* m_runs = nullptr;
    QPushButton* m_compare = nullptr;
};

} // namespace csae::ui
