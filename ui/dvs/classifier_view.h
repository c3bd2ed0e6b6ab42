#pragma once
// A classifier's progress: training-batch and test accuracy over steps against the chance level,
// and beside it the confusion matrix of the latest test evaluation as a heat map.

#include "ui/common/snapshots.h"

#include <QImage>
#include <QSharedPointer>
#include <QWidget>

class QCPGraph;
class QCPItemStraightLine;
class QCPAxisTickerText;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace csae::ui {

class ConfusionCanvas;
class PlotUpdater;

/// Accuracy curves and confusion matrix. Adding points is O(1) amortised (in-order steps) and
/// only schedules a coalesced replot, so the controller may feed every step.
/// GUI thread only; child widgets are owned by the view.
class ClassifierView : public QWidget {
    Q_OBJECT
public:
    explicit ClassifierView(QWidget* parent = nullptr);
    ~ClassifierView() override;

    /// Appends the accuracy (0..1) of one training batch; NaN is kept as a gap.
    void addTrainingAccuracy(qint64 step, double accuracy);
    /// Appends the accuracy (0..1) of one test evaluation.
    void addTestAccuracy(qint64 step, double accuracy);
    /// Shows the confusion matrix of a test evaluation; its K (number of class names) sets the
    /// chance line at 1/K. An empty snapshot clears the matrix. An inconsistent one (counts not
    /// K x K, no classes, negative counts) is ignored: the previous matrix stays and a message
    /// says why.
    void setConfusion(const ClassifierSnapshot& snapshot);
    /// Removes all points, the matrix, the chance line and any message (e.g. on a new run).
    void clear();

    int trainingPoints() const;
    int testPoints() const;
    /// Test accuracy at the largest step so far; NaN when there is none.
    double latestTestAccuracy() const;

    /// K of the matrix shown or last shown; 0 before the first consistent snapshot.
    int classCount() const { return m_classCount; }
    /// The chance level 1/K; NaN while K is unknown.
    double chanceLevel() const;
    /// Whether the dashed chance line is drawn (once K is known).
    bool chanceLineVisible() const;

    /// Whether a confusion matrix is shown.
    bool hasConfusion() const { return !m_confusion.isEmpty(); }
    /// The snapshot shown (empty when none).
    const ClassifierSnapshot& confusion() const { return m_confusion; }
    /// Overall accuracy of the matrix shown (trace / total); NaN when none or no samples.
    double confusionAccuracy() const;
    /// The K x K cell colours of the heat map (row-normalised fractions), unscaled, RGB32;
    /// a null image when no matrix is shown.
    QImage confusionImage() const;
    /// The heat map's title as drawn (overall accuracy and step); empty when no matrix is shown.
    QString confusionTitle() const;
    /// Why the last snapshot was ignored; empty when it was accepted.
    QString message() const;

    /// The accuracy plot, e.g. for vector export (view_export.h). Owned by this view.
    QCustomPlot* plot() const { return m_plot; }
    /// The hover readout's current text.
    QString readoutText() const;

private:
    void showReadoutAt(QMouseEvent* event);
    void updateChanceLine();

    ClassifierSnapshot m_confusion;
    int m_classCount = 0;
    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_trainGraph = nullptr;
    QCPGraph* m_testGraph = nullptr;
    QCPItemStraightLine* m_chanceLine = nullptr;
    QSharedPointer<QCPAxisTickerText> m_chanceTicker; ///< the right axis: one tick naming the chance line
    PlotUpdater* m_updater = nullptr;
    QLabel* m_readout = nullptr;
    QLabel* m_message = nullptr;
    ConfusionCanvas* m_canvas = nullptr;
};

} // namespace csae::ui
