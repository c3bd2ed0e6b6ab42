#pragma once
// Coalesced redraws for QCustomPlot. Training adds points hundreds of times a second; replotting
// on each would starve the GUI thread, so adding only marks the plot dirty and a single-shot
// timer replots at most ~30 times a second (as PlotJuggler does).

#include <QObject>
#include <QSize>
#include <QTimer>

#include <functional>

class QCPGraph;
class QCustomPlot;

namespace csae::ui {

/// Moves the plot's legend out of the axis rect into a row above it, entries side by side and
/// wrapping after `columns`, so it never covers curves or spikes and never cuts an entry off.
void placeLegendAbove(QCustomPlot* plot, int columns = 3);

/// Sets each axis's approximate tick count from the room it has (one label per ~30 px of height
/// for vertical axes, per ~70 px of width for horizontal ones; 2 to 5), so that the labels of a
/// small plot do not run into each other. `size`: the plot's size to fit, when a resize is not yet
/// laid out (default: its current size).
void fitTickCounts(QCustomPlot* plot, QSize size = QSize());

/// Index of the data point of `graph` whose key is nearest to `key` (hover readouts), or -1
/// when the graph is empty.
int nearestPointIndex(const QCPGraph* graph, double key);

/// Replots one QCustomPlot on a coalescing timer and, while "following" the data, rescales its
/// axes before each replot. Following stops when the user drags or zooms the plot and resumes
/// with resetView(). GUI thread only; it is a child of the plot and dies with it.
class PlotUpdater : public QObject {
    Q_OBJECT
public:
    /// The updater becomes a child of `plot` (the plot owns it).
    explicit PlotUpdater(QCustomPlot* plot, int intervalMs = 33);

    /// Cheap: requests a replot within intervalMs; calls in between are merged.
    void markDirty();
    /// Replots now if a replot is pending.
    void flush();
    bool isDirty() const { return m_dirty; }

    /// Whether axes are rescaled to the data before each replot.
    void setFollowData(bool follow);
    bool followsData() const { return m_follow; }

    /// Follows the data again, rescales and replots now.
    void resetView();

    /// Replaces the default rescaling (QCustomPlot::rescaleAxes) used while following.
    void setRescale(std::function<void(QCustomPlot*)> rescale);

    /// Replots made so far (for tests of the coalescing).
    int replotCount() const { return m_replots; }

protected:
    /// Refits the tick counts when the plot is resized.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void replotNow();

    QCustomPlot* m_plot;
    QTimer m_timer;
    std::function<void(QCustomPlot*)> m_rescale;
    int m_replots = 0;
    bool m_dirty = false;
    bool m_follow = true;
};

} // namespace csae::ui
