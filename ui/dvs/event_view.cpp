#include "ui/dvs/event_view.h"
#include "ui/common/color_maps.h"

#include "ui/common/pixel_image_widget.h"
#include "ui/common/plot_updater.h"
#include "ui/export/view_export.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace csae::ui {

namespace {

constexpr int kFrameIntervalMs = 33;    // ~30 frames per second
constexpr qint64 kMaxTickUs = 200'000;  // a stalled GUI thread must not make the movie jump
constexpr qint64 kMaxRateBins = 20'000; // 1 ms bins up to 20 s, coarser beyond
const QColor kOnPlotColor(225, 160, 0); // the frame's yellow is unreadable on a white plot
const QColor kOffPlotColor(40, 110, 220);

bool sameSample(const EventSnapshot& a, const EventSnapshot& b)
{
    // QList's == returns at once for shared data, the common case of a repeated snapshot.
    return a.width == b.width && a.height == b.height && a.durationUs == b.durationUs && a.label == b.label &&
           a.timesUs == b.timesUs && a.xs == b.xs && a.ys == b.ys && a.polarities == b.polarities;
}

/// Reorders the events by time (stable, so simultaneous events keep their order).
void sortByTime(EventSnapshot& events)
{
    const qsizetype n = events.timesUs.size();
    QVector<qsizetype> order(n);
    std::iota(order.begin(), order.end(), qsizetype(0));
    const qint64* times = events.timesUs.constData();
    std::stable_sort(order.begin(), order.end(), [times](qsizetype a, qsizetype b) { return times[a] < times[b]; });
    auto permuted = [&order](const auto& values) {
        std::remove_cvref_t<decltype(values)> result(values.size());
        for (qsizetype i = 0; i < order.size(); ++i) {
            result[i] = values[order[i]];
        }
        return result;
    };
    events.timesUs = permuted(events.timesUs);
    events.xs = permuted(events.xs);
    events.ys = permuted(events.ys);
    events.polarities = permuted(events.polarities);
}

} // namespace

EventView::EventView(QWidget* parent) : QWidget(parent)
{
    m_frame = new PixelImageWidget(this);
    m_frame->setMinimumSize(96, 96);
    m_frame->setToolTip(tr("Events in the window ending at the cursor: ON yellow, OFF blue, both white"));
    m_caption = new QLabel(this);
    m_caption->setAlignment(Qt::AlignHCenter);
    m_caption->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_play = new QPushButton(tr("Play"), this);
    connect(m_play, &QPushButton::clicked, this, [this] { setPlaying(!isPlaying()); });
    m_playTimer.setInterval(kFrameIntervalMs);
    connect(&m_playTimer, &QTimer::timeout, this, &EventView::advance);

    m_scrub = new QSlider(Qt::Horizontal, this);
    m_scrub->setRange(0, 0);
    m_scrub->setToolTip(tr("Cursor time (ms)"));
    connect(m_scrub, &QSlider::valueChanged, this, [this](int ms) { setCursorUs(qint64(ms) * 1000); });
    m_timeLabel = new QLabel(this);
    m_timeLabel->setMinimumWidth(
        m_timeLabel->fontMetrics().horizontalAdvance(tr("%L1 / %L2 ms").arg(8888.8, 0, 'f', 1).arg(8888.8, 0, 'f', 1)));

    m_window = new QSpinBox(this);
    m_window->setRange(int(kMinWindowUs / 1000), int(kMaxWindowUs / 1000));
    m_window->setValue(int(kDefaultWindowUs / 1000));
    m_window->setSuffix(tr(" ms"));
    m_window->setToolTip(tr("Length of the time window whose events the frame accumulates"));
    connect(m_window, &QSpinBox::valueChanged, this, [this](int ms) { setWindowUs(qint64(ms) * 1000); });

    m_speed = new QDoubleSpinBox(this);
    m_speed->setRange(kMinSpeed, kMaxSpeed);
    m_speed->setDecimals(1);
    m_speed->setSingleStep(0.1);
    m_speed->setValue(1.0);
    m_speed->setSuffix(tr("×"));
    m_speed->setToolTip(tr("Playback speed, in multiples of real time"));
    // The spin boxes keep their full width; the slider gives way in a narrow dock.
    m_speed->setMinimumWidth(m_speed->sizeHint().width());
    m_window->setMinimumWidth(m_window->sizeHint().width());

    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(200, 110);
    m_plot->xAxis->setLabel(tr("Time (ms)"));
    m_plot->yAxis->setLabel(tr("Events per ms"));
    m_plot->legend->setVisible(true);
    placeLegendAbove(m_plot); // never over the curves
    m_plot->setToolTip(tr("Click to move the cursor"));
    m_onGraph = m_plot->addGraph();
    m_onGraph->setName(tr("ON"));
    m_onGraph->setPen(QPen(kOnPlotColor, 1.2));
    m_onGraph->setLineStyle(QCPGraph::lsStepLeft);
    m_offGraph = m_plot->addGraph();
    m_offGraph->setName(tr("OFF"));
    m_offGraph->setPen(QPen(kOffPlotColor, 1.2));
    m_offGraph->setLineStyle(QCPGraph::lsStepLeft);

    // x in plot coordinates, y as a fraction of the axis rect: both span the plot's height at
    // any range. The window is shaded so one sees which part of the trace the frame shows.
    m_windowRect = new QCPItemRect(m_plot);
    m_windowRect->setPen(Qt::NoPen);
    m_windowRect->setBrush(QColor(220, 30, 30, 40));
    m_windowRect->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
    m_windowRect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_windowRect->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
    m_windowRect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    m_cursorLine = new QCPItemStraightLine(m_plot);
    m_cursorLine->setPen(QPen(palette::highlight(), 1.5));
    for (QCPItemPosition* point : {m_cursorLine->point1, m_cursorLine->point2}) {
        point->setTypeX(QCPItemPosition::ptPlotCoords);
        point->setTypeY(QCPItemPosition::ptAxisRectRatio);
    }

    m_updater = new PlotUpdater(m_plot);
    // The axes always show the whole sample: the cursor moves, the ranges do not.
    m_updater->setRescale([this](QCustomPlot* plot) {
        plot->xAxis->setRange(0.0, std::max(1.0, m_durationUs / 1000.0));
        plot->yAxis->setRange(0.0, std::max(1.0, m_maxRate * 1.1));
    });
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent* event) {
        if (event->button() == Qt::LeftButton && m_durationUs > 0) {
            setCursorUs(std::llround(m_plot->xAxis->pixelToCoord(event->position().x()) * 1000.0));
        }
    });

    // Two short rows rather than one long one, so that a narrow dock keeps the slider usable and
    // never needs a horizontal scroll bar.
    auto* controls = new QVBoxLayout;
    auto* playback = new QHBoxLayout;
    playback->addWidget(m_play);
    playback->addWidget(m_scrub, 1);
    playback->addWidget(m_timeLabel);
    auto* settings = new QHBoxLayout;
    settings->addWidget(new QLabel(tr("Window:"), this));
    settings->addWidget(m_window);
    settings->addWidget(new QLabel(tr("Speed:"), this));
    settings->addWidget(m_speed);
    settings->addStretch(1);
    controls->addLayout(playback);
    controls->addLayout(settings);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_frame, 3);
    layout->addWidget(m_caption);
    layout->addLayout(controls);
    layout->addWidget(m_plot, 2);
    for (QWidget* part :
         {static_cast<QWidget*>(m_frame), static_cast<QWidget*>(m_caption), static_cast<QWidget*>(m_plot)}) {
        markExportPart(part); // the figure: the frame, its caption and the rates, not the controls
    }

    updateControls();
    rebuildRates();
    updateCursorViews();
}

EventView::~EventView() = default;

void EventView::setEvents(const EventSnapshot& events)
{
    if (sameSample(events, m_source)) {
        return;
    }
    m_source = events;
    m_events = events;
    m_message.clear();
    const qsizetype n = events.timesUs.size();
    if (n > 0 && (events.width <= 0 || events.height <= 0 || events.xs.size() != n || events.ys.size() != n ||
                  events.polarities.size() != n)) {
        m_message = tr("Ignored inconsistent event data: %1 times, %2 x, %3 y and %4 polarities on a %5 × %6 grid")
                        .arg(n)
                        .arg(events.xs.size())
                        .arg(events.ys.size())
                        .arg(events.polarities.size())
                        .arg(events.width)
                        .arg(events.height);
        m_events = EventSnapshot{};
    } else if (!std::is_sorted(events.timesUs.cbegin(), events.timesUs.cend())) {
        sortByTime(m_events); // the window's binary search needs time order
    }

    m_onCount =
        int(std::count_if(m_events.polarities.cbegin(), m_events.polarities.cend(), [](quint8 p) { return p != 0; }));
    m_offCount = int(m_events.polarities.size()) - m_onCount;
    m_durationUs = m_events.isEmpty() ? 0 : std::max(m_events.durationUs, m_events.timesUs.constLast() + 1);

    const qint64 previous = m_cursorUs;
    m_cursorUs = startUs();
    if (isPlaying()) {
        m_clock.restart(); // the new sample starts now, not one tick ago
    }
    updateControls();
    rebuildRates();
    updateCursorViews();
    if (previous != m_cursorUs) {
        Q_EMIT cursorChanged(m_cursorUs);
    }
}

void EventView::setCursorUs(qint64 us)
{
    us = std::clamp(us, qint64(0), m_durationUs);
    if (us == m_cursorUs) {
        return;
    }
    m_cursorUs = us;
    updateCursorViews();
    Q_EMIT cursorChanged(m_cursorUs);
}

void EventView::setWindowUs(qint64 us)
{
    us = std::clamp(us, kMinWindowUs, kMaxWindowUs);
    {
        QSignalBlocker blocker(m_window);
        m_window->setValue(int((us + 500) / 1000));
    }
    if (us == m_windowUs) {
        return;
    }
    m_windowUs = us;
    updateCursorViews();
}

double EventView::speed() const
{
    return m_speed->value();
}

void EventView::setSpeed(double speed)
{
    m_speed->setValue(std::isfinite(speed) ? std::clamp(speed, kMinSpeed, kMaxSpeed) : 1.0);
}

bool EventView::isPlaying() const
{
    return m_playTimer.isActive();
}

void EventView::setPlaying(bool playing)
{
    if (playing && !m_playTimer.isActive()) {
        m_clock.start();
        m_playTimer.start();
    } else if (!playing) {
        m_playTimer.stop();
    }
    m_play->setText(playing ? tr("Pause") : tr("Play"));
}

std::pair<qsizetype, qsizetype> EventView::windowEventRange() const
{
    const qint64* begin = m_events.timesUs.constData();
    const qint64* end = begin + m_events.timesUs.size();
    // (cursor - window, cursor]: upper bounds on both ends.
    const qint64* first = std::upper_bound(begin, end, m_cursorUs - m_windowUs);
    const qint64* last = std::upper_bound(first, end, m_cursorUs);
    return {first - begin, last - begin};
}

QImage EventView::frameImage() const
{
    if (m_events.isEmpty()) {
        return {};
    }
    const int width = m_events.width;
    const int height = m_events.height;
    // One bit per polarity and pixel: bit 0 ON, bit 1 OFF, so the index picks the colour.
    QVector<quint8> seen(qsizetype(width) * height, 0);
    const auto [first, last] = windowEventRange();
    const quint16* xs = m_events.xs.constData();
    const quint16* ys = m_events.ys.constData();
    const quint8* polarities = m_events.polarities.constData();
    for (qsizetype i = first; i < last; ++i) {
        if (xs[i] < width && ys[i] < height) { // the engine's grid; skip anything outside it
            seen[qsizetype(ys[i]) * width + xs[i]] |= polarities[i] != 0 ? 1 : 2;
        }
    }
    static constexpr QRgb colours[4] = {kBackgroundColor, kOnColor, kOffColor, kBothColor};
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
        const quint8* row = seen.constData() + qsizetype(y) * width;
        for (int x = 0; x < width; ++x) {
            line[x] = colours[row[x]];
        }
    }
    return image;
}

QString EventView::captionText() const
{
    return m_caption->text();
}

void EventView::advance()
{
    if (m_durationUs <= 0) {
        return;
    }
    // Advance by the real time that passed, not by the nominal interval: timers run late
    // under load, and the movie should still play at the chosen speed.
    const qint64 elapsedUs = std::min(m_clock.nsecsElapsed() / 1000, kMaxTickUs);
    m_clock.restart();
    if (m_cursorUs >= m_durationUs) {
        setCursorUs(startUs()); // loop
        return;
    }
    const qint64 step = std::max<qint64>(1, std::llround(double(elapsedUs) * speed()));
    setCursorUs(std::min(m_cursorUs + step, m_durationUs));
}

void EventView::rebuildRates()
{
    m_onGraph->data()->clear();
    m_offGraph->data()->clear();
    m_maxRate = 0.0;
    if (!m_events.isEmpty()) {
        // Whole milliseconds per bin, so the trace reads directly as events per ms.
        const qint64 durationMs = (m_durationUs + 999) / 1000;
        const qint64 binMs = std::max<qint64>(1, (durationMs + kMaxRateBins - 1) / kMaxRateBins);
        const qint64 binUs = binMs * 1000;
        const qsizetype bins = qsizetype((m_durationUs + binUs - 1) / binUs);
        QVector<int> on(bins, 0);
        QVector<int> off(bins, 0);
        const qint64* times = m_events.timesUs.constData();
        const quint8* polarities = m_events.polarities.constData();
        for (qsizetype i = 0; i < m_events.timesUs.size(); ++i) {
            const qsizetype bin = qsizetype(std::clamp(times[i] / binUs, qint64(0), qint64(bins - 1)));
            ++(polarities[i] != 0 ? on : off)[bin];
        }
        auto toData = [&](const QVector<int>& counts) {
            QVector<QCPGraphData> data;
            data.reserve(bins + 1);
            for (qsizetype b = 0; b < bins; ++b) {
                const double rate = double(counts[b]) / double(binMs);
                m_maxRate = std::max(m_maxRate, rate);
                data.append(QCPGraphData(double(b * binMs), rate));
            }
            // Step lines end at their point: one more closes the last bin.
            data.append(QCPGraphData(double(bins * binMs), data.constLast().value));
            return data;
        };
        m_onGraph->data()->set(toData(on), true);
        m_offGraph->data()->set(toData(off), true);
    }
    m_windowRect->setVisible(!m_events.isEmpty());
    m_cursorLine->setVisible(!m_events.isEmpty());
    m_updater->resetView();
}

void EventView::updateControls()
{
    const bool hasEvents = !m_events.isEmpty();
    {
        QSignalBlocker blocker(m_scrub);
        m_scrub->setRange(0, int((m_durationUs + 999) / 1000));
    }
    m_scrub->setEnabled(hasEvents);
    m_play->setEnabled(hasEvents || isPlaying());
    if (!m_message.isEmpty()) {
        m_frame->setPlaceholderText(m_message);
        m_caption->setText(QString());
    } else if (hasEvents) {
        const QString label = m_events.label.isEmpty() ? tr("Unlabelled sample") : m_events.label;
        m_caption->setText(tr("%1 — %2 ON / %3 OFF events in %L4 ms")
                               .arg(label)
                               .arg(m_onCount)
                               .arg(m_offCount)
                               .arg(m_durationUs / 1000.0, 0, 'f', 1));
    } else {
        m_frame->setPlaceholderText(tr("No events: the input is not a DVS recording"));
        m_caption->setText(QString());
    }
}

void EventView::updateCursorViews()
{
    {
        QSignalBlocker blocker(m_scrub);
        m_scrub->setValue(int(m_cursorUs / 1000));
    }
    m_timeLabel->setText(tr("%L1 / %L2 ms").arg(m_cursorUs / 1000.0, 0, 'f', 1).arg(m_durationUs / 1000.0, 0, 'f', 1));
    m_frame->setImage(frameImage());
    const double cursorMs = m_cursorUs / 1000.0;
    const double windowStartMs = std::max(qint64(0), m_cursorUs - m_windowUs) / 1000.0;
    m_cursorLine->point1->setCoords(cursorMs, 0.0);
    m_cursorLine->point2->setCoords(cursorMs, 1.0);
    m_windowRect->topLeft->setCoords(windowStartMs, 0.0);
    m_windowRect->bottomRight->setCoords(cursorMs, 1.0);
    m_updater->markDirty();
}

} // namespace csae::ui
