#include "ui/common/plot_updater.h"

#include <QResizeEvent>

#include <qcustomplot.h>

#include <algorithm>

namespace csae::ui {

void placeLegendAbove(QCustomPlot* plot, int columns)
{
    // QCustomPlot's recipe: the legend as its own layout element in a thin top row.
    auto* row = new QCPLayoutGrid;
    plot->plotLayout()->insertRow(0);
    plot->plotLayout()->addElement(0, 0, row);
    plot->axisRect()->insetLayout()->take(plot->legend);
    row->addElement(0, 0, plot->legend);
    row->setMargins(QMargins(0, 0, 0, 0));
    plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    plot->legend->setWrap(std::max(1, columns));
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setMargins(QMargins(4, 2, 4, 0));
    plot->plotLayout()->setRowStretchFactor(0, 0.001); // as tall as the legend needs, no more
    plot->plotLayout()->setRowSpacing(0);
}

void fitTickCounts(QCustomPlot* plot, QSize size)
{
    if (!size.isValid())
        size = plot->size();
    // The margins around each axis rect (axes, labels, legend) as of the last layout, which
    // the viewport still describes while a resize is under way.
    const QRect laidOut = plot->viewport();
    for (QCPAxisRect* rect : plot->axisRects()) {
        const int height = size.height() - (laidOut.height() - rect->height());
        const int width = size.width() - (laidOut.width() - rect->width());
        for (QCPAxis* axis : rect->axes()) {
            const bool vertical = axis->orientation() == Qt::Vertical;
            const int room = vertical ? height / 30 : width / 70;
            axis->ticker()->setTickCount(std::clamp(room, 2, 5));
        }
    }
}

int nearestPointIndex(const QCPGraph* graph, double key)
{
    const auto data = graph->data();
    if (data->isEmpty())
        return -1;
    auto it = data->findBegin(key, false); // first point with key >= `key`, or end
    if (it == data->constEnd())
        return int(data->size()) - 1;
    if (it != data->constBegin()) {
        const auto before = it - 1;
        if (key - before->key < it->key - key)
            it = before;
    }
    return int(it - data->constBegin());
}

PlotUpdater::PlotUpdater(QCustomPlot* plot, int intervalMs) : QObject(plot), m_plot(plot)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &PlotUpdater::replotNow);
    // Any drag or wheel zoom means the user wants this view: stop pulling it to the data.
    connect(plot, &QCustomPlot::mousePress, this, [this](QMouseEvent*) { m_follow = false; });
    connect(plot, &QCustomPlot::mouseWheel, this, [this](QWheelEvent*) { m_follow = false; });
    connect(plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) { resetView(); });
    plot->installEventFilter(this);
}

bool PlotUpdater::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_plot && event->type() == QEvent::Resize) {
        fitTickCounts(m_plot, static_cast<QResizeEvent*>(event)->size());
    }
    return QObject::eventFilter(watched, event);
}

void PlotUpdater::markDirty()
{
    m_dirty = true;
    if (!m_timer.isActive()) {
        m_timer.start();
    }
}

void PlotUpdater::flush()
{
    if (m_dirty) {
        m_timer.stop();
        replotNow();
    }
}

void PlotUpdater::setFollowData(bool follow)
{
    m_follow = follow;
    if (follow) {
        markDirty();
    }
}

void PlotUpdater::resetView()
{
    m_follow = true;
    m_dirty = true;
    m_timer.stop();
    replotNow();
}

void PlotUpdater::setRescale(std::function<void(QCustomPlot*)> rescale)
{
    m_rescale = std::move(rescale);
}

void PlotUpdater::replotNow()
{
    m_dirty = false;
    if (m_follow) {
        if (m_rescale) {
            m_rescale(m_plot);
        } else {
            m_plot->rescaleAxes();
        }
    }
    ++m_replots;
    fitTickCounts(m_plot);
    m_plot->replot(QCustomPlot::rpQueuedRefresh);
}

} // namespace csae::ui
