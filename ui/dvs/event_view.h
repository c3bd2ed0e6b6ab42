#pragma once
// A DVS gesture's events as a playable movie: the ON and OFF events of a sliding time window
// ending at a cursor, drawn in two colours on the input grid, with the event rate over the whole
// sample below (ON and OFF, a cursor line and the window shaded).

#include "ui/common/snapshots.h"

#include <QElapsedTimer>
#include <QImage>
#include <QTimer>
#include <QVector>
#include <QWidget>

#include <algorithm>
#include <utility>

class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace csae::ui {

class PixelImageWidget;
class PlotUpdater;

/// Event movie of one DVS sample. The cursor runs over 0..durationUs(); the frame shows the
/// events with time t in the half-open window (cursor - window, cursor], so an event exactly at
/// the cursor is shown and one exactly a window length before it is not (consecutive frames
/// one window apart never count an event twice). Frames cost O(log n + events in the window):
/// samples may hold millions of events. GUI thread only; child widgets are owned by the view.
class EventView : public QWidget {
    Q_OBJECT
public:
    /// Frame colours (opaque RGB32): no event, only ON, only OFF, both ON and OFF in the window.
    static constexpr QRgb kBackgroundColor = 0xff14141cu;
    static constexpr QRgb kOnColor = 0xffffdc3cu;
    static constexpr QRgb kOffColor = 0xff3c8cffu;
    static constexpr QRgb kBothColor = 0xfff5f5f5u;

    /// Window length limits and default, in microseconds.
    static constexpr qint64 kMinWindowUs = 1'000;
    static constexpr qint64 kMaxWindowUs = 1'000'000;
    static constexpr qint64 kDefaultWindowUs = 50'000;
    /// Playback speed limits (multiples of real time).
    static constexpr double kMinSpeed = 0.1;
    static constexpr double kMaxSpeed = 4.0;

    explicit EventView(QWidget* parent = nullptr);
    ~EventView() override;

    /// Shows a new sample (copied; its vectors are implicitly shared). The cursor goes back to
    /// the start and playback goes on if it was playing; window length and speed are kept. The
    /// same sample sent again (as every training snapshot repeats it) changes nothing, so the
    /// movie is not restarted by a stream of snapshots. Inconsistent data (vector sizes that
    /// differ, no grid) is ignored with a message; events out of time order are sorted.
    void setEvents(const EventSnapshot& events);
    /// The sample shown (empty when none or when the last one was rejected).
    const EventSnapshot& events() const { return m_events; }
    /// Span the cursor runs over: the snapshot's duration, extended to cover its last event.
    qint64 durationUs() const { return m_durationUs; }

    /// Cursor time in microseconds, 0..durationUs().
    qint64 cursorUs() const { return m_cursorUs; }
    /// Where a new sample and each loop of playback put the cursor: one window into the sample
    /// (or its end, if shorter), so that the first frame already holds a full window of events
    /// instead of the black frame of the window ending at 0.
    qint64 startUs() const { return std::min(m_windowUs, m_durationUs); }
    /// Moves the cursor, clamped to 0..durationUs().
    void setCursorUs(qint64 us);

    /// Length of the accumulation window in microseconds.
    qint64 windowUs() const { return m_windowUs; }
    /// Sets the window length, clamped to kMinWindowUs..kMaxWindowUs.
    void setWindowUs(qint64 us);

    /// Playback speed as a multiple of real time.
    double speed() const;
    /// Sets the playback speed, clamped to kMinSpeed..kMaxSpeed.
    void setSpeed(double speed);

    bool isPlaying() const;
    /// Starts or pauses playback (~30 frames/s; it loops from the end back to the start).
    void setPlaying(bool playing);

    /// The unscaled width x height RGB32 frame at the cursor (see the k...Color constants);
    /// a null image without events.
    QImage frameImage() const;
    /// Indices [first, last) of the events inside the window at the cursor.
    std::pair<qsizetype, qsizetype> windowEventRange() const;

    int onEventCount() const { return m_onCount; }
    int offEventCount() const { return m_offCount; }
    /// The caption under the frame (label, ON / OFF counts), as shown.
    QString captionText() const;
    /// The event-rate plot, e.g. for vector export (view_export.h). Owned by this view.
    QCustomPlot* ratePlot() const { return m_plot; }

Q_SIGNALS:
    /// The cursor moved (by playback, the slider, a click on the rate plot or setCursorUs).
    void cursorChanged(qint64 us);

private:
    void advance();
    void rebuildRates();
    void updateCursorViews();
    void updateControls();

    EventSnapshot m_source; // as last given, to recognise the same sample sent again
    EventSnapshot m_events; // m_source validated and in time order: what is drawn
    qint64 m_durationUs = 0;
    qint64 m_cursorUs = 0;
    qint64 m_windowUs = kDefaultWindowUs;
    int m_onCount = 0;
    int m_offCount = 0;
    QString m_message; // why the last snapshot was rejected, else empty
    QTimer m_playTimer;
    QElapsedTimer m_clock; // real time since the last playback tick

    PixelImageWidget* m_frame = nullptr;
    QLabel* m_caption = nullptr;
    QPushButton* m_play = nullptr;
    QSlider* m_scrub = nullptr;
    QLabel* m_timeLabel = nullptr;
    QSpinBox* m_window = nullptr;
    QDoubleSpinBox* m_speed = nullptr;
    QCustomPlot* m_plot = nullptr;
    QCPGraph* m_onGraph = nullptr;
    QCPGraph* m_offGraph = nullptr;
    QCPItemStraightLine* m_cursorLine = nullptr;
    QCPItemRect* m_windowRect = nullptr;
    PlotUpdater* m_updater = nullptr;
    double m_maxRate = 0.0; // largest ON or OFF rate, events per ms, for the y range
};

} // namespace csae::ui
