// The DVS event view, fed hand-made snapshots and rendered offscreen
// (QT_QPA_PLATFORM=offscreen). No LibTorch. Built without QT_NO_KEYWORDS because it includes
// qcustomplot.h, which uses the `signals` keyword.

#include "ui/dvs/event_view.h"
#include "tests/support/view_test_support.h"

#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QLabel>
#include <QRandomGenerator>
#include <QSet>
#include <QSlider>
#include <QSpinBox>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

using namespace csae::ui;
using namespace csae::ui::testing;

namespace {

struct Event {
    qint64 t;
    int x;
    int y;
    bool on;
};

EventSnapshot makeEvents(int width, int height, qint64 durationUs, const QVector<Event>& events,
                         const QString& label = QStringLiteral("wave"))
{
    EventSnapshot snapshot;
    snapshot.width = width;
    snapshot.height = height;
    snapshot.durationUs = durationUs;
    snapshot.label = label;
    for (const Event& e : events) {
        snapshot.timesUs.append(e.t);
        snapshot.xs.append(quint16(e.x));
        snapshot.ys.append(quint16(e.y));
        snapshot.polarities.append(e.on ? 1 : 0);
    }
    return snapshot;
}

/// Eight hand-placed events on an 8 x 4 grid over 100 ms, some exactly on window edges.
EventSnapshot handMadeEvents()
{
    return makeEvents(8, 4, 100'000,
                      {{0, 0, 0, true},
                       {10'000, 1, 0, false},
                       {20'000, 2, 0, true},
                       {20'000, 2, 0, false}, // same pixel, same time, other polarity: "both"
                       {30'000, 3, 1, true},
                       {50'000, 4, 1, false},
                       {60'000, 5, 2, true},
                       {99'999, 7, 3, false}});
}

/// Random events, sorted by time, as a DVS camera delivers them.
EventSnapshot randomEvents(int width, int height, qint64 durationUs, int count, quint32 seed)
{
    QRandomGenerator random(seed);
    EventSnapshot snapshot;
    snapshot.width = width;
    snapshot.height = height;
    snapshot.durationUs = durationUs;
    snapshot.label = QStringLiteral("random");
    snapshot.timesUs.resize(count);
    snapshot.xs.resize(count);
    snapshot.ys.resize(count);
    snapshot.polarities.resize(count);
    for (int i = 0; i < count; ++i) {
        snapshot.timesUs[i] = qint64(random.bounded(quint64(durationUs)));
        snapshot.xs[i] = quint16(random.bounded(width));
        snapshot.ys[i] = quint16(random.bounded(height));
        snapshot.polarities[i] = quint8(random.bounded(2));
    }
    std::sort(snapshot.timesUs.begin(), snapshot.timesUs.end());
    return snapshot;
}

/// The frame computed the slow, obvious way: every event tested against (cursor - window, cursor].
QImage bruteForceFrame(const EventSnapshot& events, qint64 cursor, qint64 window)
{
    QImage image(events.width, events.height, QImage::Format_RGB32);
    image.fill(EventView::kBackgroundColor);
    QVector<int> seen(qsizetype(events.width) * events.height, 0);
    for (qsizetype i = 0; i < events.timesUs.size(); ++i) {
        const qint64 t = events.timesUs[i];
        if (t > cursor - window && t <= cursor) {
            seen[qsizetype(events.ys[i]) * events.width + events.xs[i]] |= events.polarities[i] != 0 ? 1 : 2;
        }
    }
    const QRgb colours[4] = {EventView::kBackgroundColor, EventView::kOnColor, EventView::kOffColor,
                             EventView::kBothColor};
    for (int y = 0; y < events.height; ++y) {
        for (int x = 0; x < events.width; ++x) {
            image.setPixel(x, y, colours[seen[qsizetype(y) * events.width + x]]);
        }
    }
    return image;
}

} // namespace

class TestEventViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void frameHoldsExactlyTheWindowsEvents_data();
    void frameHoldsExactlyTheWindowsEvents();
    void frameMatchesBruteForce();
    void unsortedAndOutOfGridEvents();
    void manyEventsStayFast();
    void cursorScrubAndLimits();
    void playbackAdvancesAndLoops();
    void newSampleRestartsPlayback();
    void emptyAndInconsistentSnapshots();
    void captionAndRateTrace();
    void eventViewRenders();
};

void TestEventViews::frameHoldsExactlyTheWindowsEvents_data()
{
    QTest::addColumn<qint64>("cursor");
    QTest::addColumn<qint64>("window");
    QTest::addColumn<QStringList>("pixels"); // "x,y,on|off|both"; every other pixel is background
    QTest::addColumn<int>("eventsInWindow");

    // The window is (cursor - window, cursor]: an event at the cursor counts, one at
    // cursor - window does not.
    QTest::newRow("both polarities, left edge excluded")
        << qint64(30'000) << qint64(20'000) << QStringList{QStringLiteral("2,0,both"), QStringLiteral("3,1,on")} << 3;
    QTest::newRow("event at cursor in, event at cursor-window out")
        << qint64(10'000) << qint64(10'000) << QStringList{QStringLiteral("1,0,off")} << 1;
    QTest::newRow("cursor at start") << qint64(0) << qint64(50'000) << QStringList{QStringLiteral("0,0,on")} << 1;
    QTest::newRow("only the later of two")
        << qint64(60'000) << qint64(10'000) << QStringList{QStringLiteral("5,2,on")} << 1;
    QTest::newRow("last event at the end")
        << qint64(100'000) << qint64(1'000) << QStringList{QStringLiteral("7,3,off")} << 1;
    QTest::newRow("nothing in the window") << qint64(45'000) << qint64(5'000) << QStringList{} << 0;
    QTest::newRow("window ending 1 us before an event") << qint64(29'999) << qint64(1'000) << QStringList{} << 0;
    QTest::newRow("whole sample") << qint64(100'000) << qint64(1'000'000)
                                  << QStringList{QStringLiteral("0,0,on"),   QStringLiteral("1,0,off"),
                                                 QStringLiteral("2,0,both"), QStringLiteral("3,1,on"),
                                                 QStringLiteral("4,1,off"),  QStringLiteral("5,2,on"),
                                                 QStringLiteral("7,3,off")}
                                  << 8;
}

void TestEventViews::frameHoldsExactlyTheWindowsEvents()
{
    QFETCH(qint64, cursor);
    QFETCH(qint64, window);
    QFETCH(QStringList, pixels);
    QFETCH(int, eventsInWindow);

    EventView view;
    view.setEvents(handMadeEvents());
    view.setWindowUs(window);
    view.setCursorUs(cursor);
    QCOMPARE(view.windowUs(), std::min(window, EventView::kMaxWindowUs));
    QCOMPARE(view.cursorUs(), cursor);
    const auto [first, last] = view.windowEventRange();
    QCOMPARE(int(last - first), eventsInWindow);

    QImage expected(8, 4, QImage::Format_RGB32);
    expected.fill(EventView::kBackgroundColor);
    for (const QString& pixel : pixels) {
        const QStringList parts = pixel.split(QLatin1Char(','));
        const QString kind = parts[2];
        const QRgb colour = kind == QLatin1String("on")    ? EventView::kOnColor
                            : kind == QLatin1String("off") ? EventView::kOffColor
                                                           : EventView::kBothColor;
        expected.setPixel(parts[0].toInt(), parts[1].toInt(), colour);
    }
    const QImage frame = view.frameImage();
    QCOMPARE(frame.size(), QSize(8, 4));
    for (int y = 0; y < 4; ++y) {
        for (int x = 0; x < 8; ++x) {
            QVERIFY2(frame.pixel(x, y) == expected.pixel(x, y),
                     qPrintable(QStringLiteral("pixel (%1, %2): %3, expected %4")
                                    .arg(x)
                                    .arg(y)
                                    .arg(frame.pixel(x, y), 8, 16)
                                    .arg(expected.pixel(x, y), 8, 16)));
        }
    }
}

void TestEventViews::frameMatchesBruteForce()
{
    const EventSnapshot events = randomEvents(48, 32, 2'000'000, 60'000, 3);
    EventView view;
    view.setEvents(events);
    QCOMPARE(view.durationUs(), qint64(2'000'000));
    QRandomGenerator random(5);
    const int n = int(events.timesUs.size());
    for (int trial = 0; trial < 60; ++trial) {
        qint64 window = 1'000 + qint64(random.bounded(300'000));
        qint64 cursor = qint64(random.bounded(2'000'001));
        if (trial % 3 == 1) {
            cursor = events.timesUs[random.bounded(n)]; // an event on the inclusive edge
        } else if (trial % 3 == 2) {
            // Events on both edges: the one at cursor - window must be left out.
            const int last = 1'000 + random.bounded(n - 1'000);
            cursor = events.timesUs[last];
            window = std::max(EventView::kMinWindowUs, cursor - events.timesUs[last - 1 - random.bounded(900)]);
        }
        view.setWindowUs(window);
        view.setCursorUs(cursor);
        QVERIFY2(view.frameImage() == bruteForceFrame(events, cursor, window),
                 qPrintable(QStringLiteral("cursor %1, window %2").arg(cursor).arg(window)));
    }
}

void TestEventViews::unsortedAndOutOfGridEvents()
{
    // Out of time order: the view sorts (its binary search needs order) rather than miss events.
    EventView view;
    view.setEvents(makeEvents(4, 4, 10'000, {{9'000, 3, 3, true}, {1'000, 0, 0, false}, {5'000, 1, 1, true}}));
    QCOMPARE(view.events().timesUs, (QVector<qint64>{1'000, 5'000, 9'000}));
    QCOMPARE(view.events().xs, (QVector<quint16>{0, 1, 3}));
    view.setWindowUs(2'000);
    view.setCursorUs(5'500);
    QImage frame = view.frameImage();
    QCOMPARE(frame.pixel(1, 1), EventView::kOnColor);
    QCOMPARE(frame.pixel(0, 0), EventView::kBackgroundColor);
    QCOMPARE(frame.pixel(3, 3), EventView::kBackgroundColor);

    // Coordinates outside the grid are skipped, not written out of bounds.
    view.setEvents(makeEvents(4, 4, 10'000, {{1'000, 4, 0, true}, {1'000, 0, 9, false}, {1'000, 2, 2, false}}));
    view.setCursorUs(1'000);
    frame = view.frameImage();
    QCOMPARE(colourSet(frame), (QSet<QRgb>{EventView::kBackgroundColor, EventView::kOffColor}));
    QCOMPARE(frame.pixel(2, 2), EventView::kOffColor);

    // The last event defines the span when the stated duration is too short.
    view.setEvents(makeEvents(4, 4, 0, {{7'000, 1, 1, true}}));
    QCOMPARE(view.durationUs(), qint64(7'001));
}

void TestEventViews::manyEventsStayFast()
{
    // A long gesture at full camera rate: two million events. The frame's cost depends on the
    // window, not the sample, so sweeping the cursor stays cheap.
    const EventSnapshot events = randomEvents(128, 128, 6'000'000, 2'000'000, 9);
    EventView view;
    QElapsedTimer clock;
    clock.start();
    view.setEvents(events);
    QCOMPARE(view.onEventCount() + view.offEventCount(), 2'000'000);
    for (qint64 cursor = 0; cursor <= 6'000'000; cursor += 20'000) {
        view.setCursorUs(cursor);
        QVERIFY(!view.frameImage().isNull());
    }
    const auto [first, last] = view.windowEventRange();
    QVERIFY(last - first > 1'000 && last - first < 40'000); // ~16 700 events in 50 ms
    QVERIFY2(clock.elapsed() < 20'000, qPrintable(QStringLiteral("%1 ms").arg(clock.elapsed())));
}

void TestEventViews::cursorScrubAndLimits()
{
    EventView view;
    view.setEvents(handMadeEvents());
    QCOMPARE(view.windowUs(), EventView::kDefaultWindowUs);
    // A new sample opens one window in: the first frame shows a full window, not a black one.
    QCOMPARE(view.cursorUs(), EventView::kDefaultWindowUs);
    QCOMPARE(view.startUs(), EventView::kDefaultWindowUs);
    QVERIFY(view.windowEventRange().second > view.windowEventRange().first);

    view.setCursorUs(42'000);
    QCOMPARE(view.cursorUs(), qint64(42'000));
    view.setCursorUs(1'000'000);
    QCOMPARE(view.cursorUs(), view.durationUs());
    view.setCursorUs(-5);
    QCOMPARE(view.cursorUs(), qint64(0));

    auto* slider = view.findChild<QSlider*>();
    QVERIFY(slider != nullptr);
    QCOMPARE(slider->maximum(), 100); // ms
    QSignalSpy moved(&view, &EventView::cursorChanged);
    slider->setValue(37); // scrubbing
    QCOMPARE(view.cursorUs(), qint64(37'000));
    QCOMPARE(moved.count(), 1);
    QCOMPARE(moved.first().first().toLongLong(), qint64(37'000));
    const QList<QLabel*> labels = view.findChildren<QLabel*>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
                        [](QLabel* l) { return l->text() == QStringLiteral("37.0 / 100.0 ms"); }));
    view.setCursorUs(12'000);
    QCOMPARE(slider->value(), 12);

    auto* window = view.findChild<QSpinBox*>();
    QVERIFY(window != nullptr);
    QCOMPARE(window->value(), 50);
    window->setValue(20);
    QCOMPARE(view.windowUs(), qint64(20'000));
    view.setWindowUs(5);
    QCOMPARE(view.windowUs(), EventView::kMinWindowUs);
    QCOMPARE(window->value(), 1);
    view.setWindowUs(5'000'000);
    QCOMPARE(view.windowUs(), EventView::kMaxWindowUs);
    QCOMPARE(window->value(), 1000);

    view.setSpeed(10.0);
    QCOMPARE(view.speed(), EventView::kMaxSpeed);
    view.setSpeed(0.0);
    QCOMPARE(view.speed(), EventView::kMinSpeed);
    view.setSpeed(2.5);
    QCOMPARE(view.findChild<QDoubleSpinBox*>()->value(), 2.5);
}

void TestEventViews::playbackAdvancesAndLoops()
{
    EventView view;
    view.setEvents(randomEvents(16, 16, 150'000, 3'000, 1)); // 150 ms: loops within the test
    view.setSpeed(4.0);
    QVERIFY(!view.isPlaying());
    bool reachedEnd = false;
    bool looped = false;
    connect(&view, &EventView::cursorChanged, this, [&](qint64 us) {
        reachedEnd = reachedEnd || us == view.durationUs();
        looped = looped || (reachedEnd && us == view.startUs());
    });
    view.setPlaying(true);
    QVERIFY(view.isPlaying());
    QTRY_VERIFY(view.cursorUs() > view.startUs());
    QTRY_VERIFY(looped);

    view.setPlaying(false);
    QVERIFY(!view.isPlaying());
    const qint64 paused = view.cursorUs();
    QTest::qWait(150);
    QCOMPARE(view.cursorUs(), paused);

    // Real-time speed: ~100 ms of playing moves the cursor by about 100 ms of sample time.
    view.setEvents(randomEvents(16, 16, 10'000'000, 3'000, 2));
    view.setSpeed(1.0);
    QElapsedTimer clock;
    const qint64 from = view.cursorUs();
    view.setPlaying(true);
    clock.start();
    QTRY_VERIFY(view.cursorUs() >= from + 100'000);
    view.setPlaying(false);
    QVERIFY2(clock.elapsed() >= 80, qPrintable(QStringLiteral("%1 ms").arg(clock.elapsed())));
}

void TestEventViews::newSampleRestartsPlayback()
{
    EventView view;
    view.setEvents(randomEvents(16, 16, 2'000'000, 5'000, 1));
    view.setWindowUs(80'000);
    view.setSpeed(2.0);

    // Paused: the new sample starts one window (80 ms) into its beginning.
    view.setCursorUs(700'000);
    view.setEvents(randomEvents(16, 16, 2'000'000, 5'000, 2));
    QCOMPARE(view.cursorUs(), qint64(80'000));
    QVERIFY(!view.isPlaying());

    // Playing: it restarts there and goes on playing.
    view.setPlaying(true);
    QTRY_VERIFY(view.cursorUs() > 200'000);
    view.setEvents(randomEvents(16, 16, 2'000'000, 5'000, 3));
    QCOMPARE(view.cursorUs(), qint64(80'000));
    QVERIFY(view.isPlaying());
    QCOMPARE(view.windowUs(), qint64(80'000));
    QCOMPARE(view.speed(), 2.0);
    QTRY_VERIFY(view.cursorUs() > 80'000);

    // The same sample again (every training snapshot repeats it) does not restart the movie.
    view.setPlaying(false);
    view.setCursorUs(500'000);
    view.setEvents(randomEvents(16, 16, 2'000'000, 5'000, 3)); // equal, not shared
    QCOMPARE(view.cursorUs(), qint64(500'000));
    const EventSnapshot shared = view.events();
    view.setEvents(shared);
    QCOMPARE(view.cursorUs(), qint64(500'000));
}

void TestEventViews::emptyAndInconsistentSnapshots()
{
    EventView view;
    QVERIFY(view.frameImage().isNull());
    view.setEvents(EventSnapshot{});
    QVERIFY(view.frameImage().isNull());
    QCOMPARE(view.durationUs(), qint64(0));
    view.setCursorUs(1'000);
    QCOMPARE(view.cursorUs(), qint64(0));
    showAndWait(&view);
    view.setPlaying(true); // nothing to play: no crash, the cursor stays
    QTest::qWait(100);
    QCOMPARE(view.cursorUs(), qint64(0));
    view.setPlaying(false);
    QVERIFY(!view.grab().isNull());

    // A sample, then an empty one: back to the placeholder, cursor 0.
    view.setEvents(handMadeEvents());
    view.setCursorUs(50'000);
    QVERIFY(!view.frameImage().isNull());
    view.setEvents(EventSnapshot{});
    QVERIFY(view.frameImage().isNull());
    QCOMPARE(view.cursorUs(), qint64(0));
    QVERIFY(view.captionText().isEmpty());

    // Vectors of different lengths are refused, not read past their end.
    EventSnapshot broken = handMadeEvents();
    broken.xs.removeLast();
    view.setEvents(broken);
    QVERIFY(view.events().isEmpty());
    QVERIFY(view.frameImage().isNull());
    broken = handMadeEvents();
    broken.width = 0;
    view.setEvents(broken);
    QVERIFY(view.events().isEmpty());
    QVERIFY(!view.grab().isNull());
    // A good sample afterwards is shown again.
    view.setEvents(handMadeEvents());
    QCOMPARE(view.events().timesUs.size(), qsizetype(8));
}

void TestEventViews::captionAndRateTrace()
{
    EventView view;
    view.setEvents(handMadeEvents());
    QCOMPARE(view.onEventCount(), 4);
    QCOMPARE(view.offEventCount(), 4);
    QVERIFY2(view.captionText().contains(QStringLiteral("wave")), qPrintable(view.captionText()));
    QVERIFY2(view.captionText().contains(QStringLiteral("4 ON / 4 OFF")), qPrintable(view.captionText()));

    view.setEvents(makeEvents(2, 2, 5'000, {{0, 0, 0, true}, {1'500, 1, 1, true}, {1'600, 1, 0, false}}, QString()));
    QVERIFY2(view.captionText().contains(QStringLiteral("2 ON / 1 OFF")), qPrintable(view.captionText()));
    QVERIFY(!view.captionText().contains(QStringLiteral("wave")));

    // 1 ms bins over 5 ms, plus the point that closes the last step; counts per ms.
    QCustomPlot* plot = view.ratePlot();
    QCOMPARE(plot->graphCount(), 2);
    const auto on = plot->graph(0)->data();
    const auto off = plot->graph(1)->data();
    QCOMPARE(on->size(), 6);
    QCOMPARE(off->size(), 6);
    QCOMPARE(on->at(0)->value, 1.0);
    QCOMPARE(on->at(1)->value, 1.0);
    QCOMPARE(on->at(2)->value, 0.0);
    QCOMPARE(off->at(0)->value, 0.0);
    QCOMPARE(off->at(1)->value, 1.0);
    QCOMPARE(plot->xAxis->range().upper, 5.0);

    // The cursor line follows the cursor, in ms.
    view.setCursorUs(3'000);
    QCPItemStraightLine* cursorLine = nullptr;
    for (int i = 0; i < plot->itemCount(); ++i) {
        cursorLine = cursorLine != nullptr ? cursorLine : qobject_cast<QCPItemStraightLine*>(plot->item(i));
    }
    QVERIFY(cursorLine != nullptr);
    QCOMPARE(cursorLine->point1->coords().x(), 3.0);
    QCOMPARE(cursorLine->point2->coords().x(), 3.0);
}

void TestEventViews::eventViewRenders()
{
    EventView view;
    view.setEvents(randomEvents(32, 32, 1'000'000, 50'000, 4));
    view.setCursorUs(500'000);
    showAndWait(&view, QSize(700, 700));
    QTest::qWait(100);
    const QSet<QRgb> colours = colourSet(view.grab().toImage());
    QVERIFY(colours.size() > 20);
    // The frame is enlarged with nearest neighbour: its exact colours appear on screen.
    QVERIFY(colours.contains(EventView::kOnColor));
    QVERIFY(colours.contains(EventView::kOffColor));
    QVERIFY(colours.contains(EventView::kBackgroundColor));
    saveScreenshot(&view, QStringLiteral("event_view"));
}

QTEST_MAIN(TestEventViews)
#include "test_event_views.moc"
