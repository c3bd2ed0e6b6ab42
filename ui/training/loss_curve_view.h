#pragma once
// Training and test loss over training steps: raw training loss (light), an exponentially
// smoothed curve on top, test loss as markers, epoch boundaries, hover readout, zoom and pan.

#include <QPair>
#include <QVector>
#include <QWidget>

class QCheckBox;
class QCPGraph;
class QCPItemText;
class QCPItemTracer;
class QCustomPlot;
class QLabel;
class QMouseEvent;
class QSlider;

namespace csae::ui {

class PlotUpdater;

/// Loss curves. Adding points is O(1) amortised and only schedules a coalesced replot, so the
/// controller may feed every step. GUI thread only; child widgets are owned by the view.
class LossCurveView : public QWidget {
    Q_OBJECT
public:
    explicit LossCurveView(QWidget* parent = nullptr);
    ~LossCurveView() override;

    /// Appends one training-loss sample (steps normally increase; out-of-order steps are
    /// inserted in order). NaN is kept as a gap in the raw curve and skipped by the smoothing.
    void addTrainLoss(qint64 step, double loss);
    /// Appends one test-loss sample.
    void addTestLoss(qint64 step, double loss);
    /// Draws a dashed vertical line labelled "epoch N" at `step`.
    void addEpochMarker(qint64 step, int epoch);
    /// Removes all points and markers (e.g. on a new run); the view follows data again. Compared
    /// runs stay.
    void clear();

    /// Overlays another run for comparison: its training loss smoothed like the current run's,
    /// and its test loss as markers, in a colour of its own, named `name` in the legend.
    void addComparison(const QString& name, const QVector<QPair<qint64, double>>& trainLoss,
                       const QVector<QPair<qint64, double>>& testLoss);
    /// Removes every compared run.
    void clearComparisons();
    int comparisonCount() const { return int(m_comparisons.size()); }

    /// Smoothing factor of the exponential moving average, 0 (none) to 0.99; clamped.
    void setSmoothing(double factor);
    double smoothing() const;
    /// Logarithmic (true) or linear y axis.
    void setLogScale(bool log);
    bool logScale() const;
    /// Rescales the axes to all data and follows new data again.
    void resetView();

    int trainPointCount() const;
    int smoothedPointCount() const;
    int testPointCount() const;
    int epochMarkerCount() const { return m_epochMarkers; }
    /// Epoch labels drawn at the last replot: they thin out so that none overlaps another.
    int visibleEpochLabelCount() const;
    /// The plot, e.g. for vector export (view_export.h). Owned by this view.
    QCustomPlot* plot() const { return m_plot; }
    /// The hover readout's current text.
    QString readoutText() const;

private:
    struct Comparison {
        QCPGraph* smoothed = nullptr;
        QCPGraph* test = nullptr;
        QVector<QPair<qint64, double>> trainLoss;
    };
    void rebuildSmoothed();
    void smoothComparison(Comparison& comparison) const;
    void appendSmoothed(qint64 step, double loss);
    void showReadoutAt(QMouseEvent* event);
    void updateSmoothingLabel();
    void thinEpochLabels();

    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_rawGraph = nullptr;
    QCPGraph* m_smoothGraph = nullptr;
    QCPGraph* m_testGraph = nullptr;
    QVector<Comparison> m_comparisons;
    QCPItemTracer* m_tracer = nullptr;
    PlotUpdater* m_updater = nullptr;
    QSlider* m_smoothingSlider = nullptr;
    QLabel* m_smoothingLabel = nullptr;
    QCheckBox* m_logCheck = nullptr;
    QLabel* m_readout = nullptr;
    double m_smoothing = 0.6;
    double m_ema = 0.0; // biased running average, as in TensorBoard
    int m_emaCount = 0; // finite samples folded into m_ema, for the bias correction
    int m_epochMarkers = 0;
    QVector<QCPItemText*> m_epochLabels; ///< in step order; owned by the plot
};

} // namespace csae::ui
