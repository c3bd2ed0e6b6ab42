// From events to spikes: binning conserves events and maps the sensor's corners, the gesture
// dataset is assembled from trial lists and labels and cached on disk under a key that changes
// with every parameter and source file, and the synthetic-gesture generator writes valid,
// deterministic recordings.

#include "model/data/event_dataset.h"
#include "model/core/errors.h"

#include <ATen/ops/ones.h>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>
#include <random>

using namespace csae;

namespace {

std::filesystem::path dirPath(const QTemporaryDir& dir)
{
    return std::filesystem::path(dir.path().toStdString());
}

EventStream randomEvents(std::size_t count, std::int64_t span_us, std::uint64_t seed)
{
    std::mt19937_64 random(seed);
    std::vector<std::int64_t> times(count);
    for (auto& t : times)
        t = static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(span_us));
    std::sort(times.begin(), times.end());
    EventStream events;
    for (const std::int64_t t : times)
        events.push_back(t, static_cast<std::uint16_t>(random() % 128), static_cast<std::uint16_t>(random() % 128),
                         random() % 2 == 0);
    return events;
}

/// Writes one recording of `events` and `labels` plus trial lists naming it for both splits.
void writeDataset(const std::filesystem::path& root, const EventStream& events, const std::vector<GestureLabel>& labels)
{
    std::filesystem::create_directories(root);
    AedatWriter writer(root / "user01_lab.aedat");
    writer.polarity_events(events);
    writer.finish();
    write_gesture_labels(root / "user01_lab_labels.csv", labels);
    std::ofstream(root / "trials_to_train.txt") << "user01_lab.aedat\n";
    std::ofstream(root / "trials_to_test.txt") << "user01_lab.aedat\n";
}

} // namespace

class TestEventDataset : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void binningConservesEvents_data()
    {
        QTest::addColumn<qint64>("binUs");
        QTest::addColumn<bool>("split");
        QTest::addColumn<qint64>("outputSize");
        QTest::newRow("whole window, split, 28") << qint64{0} << true << qint64{28};
        QTest::newRow("whole window, merged, 32") << qint64{0} << false << qint64{32};
        QTest::newRow("1 ms bins, split, 28") << qint64{1000} << true << qint64{28};
        QTest::newRow("wide bins past the end, merged, 128") << qint64{100000} << false << qint64{128};
    }

    /// Without clipping, the frames sum to the events inside the sample's window, per polarity.
    void binningConservesEvents()
    {
        QFETCH(qint64, binUs);
        QFETCH(bool, split);
        QFETCH(qint64, outputSize);
        const EventStream events = randomEvents(20000, 200000, 5);
        const std::int64_t start = 30000, end = 170000, bins = 20;
        const auto options =
            EventBinningOptions().bins(bins).bin_us(binUs).split_polarity(split).clip(false).output_size(outputSize);
        const at::Tensor frames = bin_events(events, 0, events.size(), start, end, options);
        QCOMPARE(frames.sizes().vec(), (std::vector<std::int64_t>{bins, split ? 2 : 1, outputSize, outputSize}));
        const std::int64_t window_end = binUs > 0 ? std::min<std::int64_t>(end, start + bins * binUs) : end;
        std::int64_t on = 0, off = 0;
        for (std::size_t i = 0; i < events.size(); ++i)
            if (events.timestamps_us[i] >= start && events.timestamps_us[i] < window_end)
                ++(events.polarity[i] ? on : off);
        QVERIFY(on + off > 1000);
        QCOMPARE(frames.sum().item<double>(), static_cast<double>(on + off));
        if (split) {
            QCOMPARE(frames.select(1, 0).sum().item<double>(), static_cast<double>(on));
            QCOMPARE(frames.select(1, 1).sum().item<double>(), static_cast<double>(off));
        }
        // Clipping turns counts into spikes.
        const at::Tensor spikes =
            bin_events(events, 0, events.size(), start, end, EventBinningOptions(options).clip(true));
        QCOMPARE(spikes.max().item<float>(), 1.0f);
        QCOMPARE(spikes.gt(0).sum().item<std::int64_t>(), frames.gt(0).sum().item<std::int64_t>());
    }

    void binsFollowTime()
    {
        EventStream events;
        events.push_back(1000, 0, 0, true);  // first bin (start)
        events.push_back(1999, 0, 0, true);  // still the first 1 ms bin
        events.push_back(2000, 0, 0, false); // second bin
        events.push_back(10999, 0, 0, true); // last of 10 bins
        events.push_back(11000, 0, 0, true); // after bins x bin_us: outside
        events.push_back(999, 0, 0, true);   // before the start: outside
        const at::Tensor frames =
            bin_events(events, 0, events.size(), 1000, 50000, EventBinningOptions().bins(10).bin_us(1000).clip(false));
        QCOMPARE(frames[0][0][0][0].item<float>(), 2.0f);
        QCOMPARE(frames[1][1][0][0].item<float>(), 1.0f);
        QCOMPARE(frames[9][0][0][0].item<float>(), 1.0f);
        QCOMPARE(frames.sum().item<float>(), 4.0f);
        // bin_us 0: the window [1000, 11000) in 10 equal bins; the end itself is outside.
        const at::Tensor equal =
            bin_events(events, 0, events.size(), 1000, 11000, EventBinningOptions().bins(10).bin_us(0).clip(false));
        QCOMPARE(equal[0][0][0][0].item<float>(), 2.0f);
        QCOMPARE(equal[1][1][0][0].item<float>(), 1.0f);
        QCOMPARE(equal[9][0][0][0].item<float>(), 1.0f);
        QCOMPARE(equal.sum().item<float>(), 4.0f);
    }

    void downsamplingMapsCorners_data()
    {
        QTest::addColumn<int>("x");
        QTest::addColumn<int>("y");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<int>("expectedX");
        QTest::addColumn<int>("expectedY");
        QTest::newRow("top left, 28") << 0 << 0 << qint64{28} << 0 << 0;
        QTest::newRow("bottom right, 28") << 127 << 127 << qint64{28} << 27 << 27;
        QTest::newRow("top right, 28") << 127 << 0 << qint64{28} << 27 << 0;
        QTest::newRow("bottom left, 28") << 0 << 127 << qint64{28} << 0 << 27;
        QTest::newRow("bottom right, 32") << 127 << 127 << qint64{32} << 31 << 31;
        QTest::newRow("block edge, 32") << 3 << 4 << qint64{32} << 0 << 1;
        QTest::newRow("identity, 128") << 127 << 5 << qint64{128} << 127 << 5;
    }

    void downsamplingMapsCorners()
    {
        QFETCH(int, x);
        QFETCH(int, y);
        QFETCH(qint64, size);
        QFETCH(int, expectedX);
        QFETCH(int, expectedY);
        EventStream events;
        events.push_back(0, static_cast<std::uint16_t>(x), static_cast<std::uint16_t>(y), true);
        const at::Tensor frames = bin_events(
            events, 0, 1, 0, 10, EventBinningOptions().bins(1).bin_us(0).output_size(size).split_polarity(false));
        QCOMPARE(frames.sum().item<float>(), 1.0f);
        QCOMPARE(frames[0][0][expectedY][expectedX].item<float>(), 1.0f);
    }

    void badOptionsNameTheKey()
    {
        EventStream events;
        try {
            bin_events(events, 0, 0, 0, 10, EventBinningOptions().output_size(200));
            QFAIL("no ConfigError");
        } catch (const ConfigError& error) {
            QVERIFY(QString::fromStdString(error.what()).contains(QStringLiteral("data.input_size")));
        }
        try {
            bin_events(events, 0, 0, 0, 10, EventBinningOptions().bin_us(-1));
            QFAIL("no ConfigError");
        } catch (const ConfigError& error) {
            QVERIFY(QString::fromStdString(error.what()).contains(QStringLiteral("data.bin_us")));
        }
    }

    void datasetFromFilesAndCache()
    {
        QTemporaryDir dir;
        const auto root = dirPath(dir) / "DvsGesture";
        const auto cache = dirPath(dir) / "cache";
        const EventStream events = randomEvents(30000, 3'000'000, 9);
        writeDataset(root, events, {{3, 100000, 900000}, {7, 1000000, 2500000}});
        const auto options = EventBinningOptions().bins(8).bin_us(0).clip(false);

        EventCacheReport first;
        const ImageDataset train = load_gesture_split(root, Split::Train, options, 0, cache, &first);
        QCOMPARE(first.misses, std::int64_t{1});
        QCOMPARE(first.hits, std::int64_t{0});
        QCOMPARE(train.spikes.sizes().vec(), (std::vector<std::int64_t>{2, 8, 2, 28, 28}));
        QCOMPARE(train.labels[0].item<std::int64_t>(), std::int64_t{2}); // class 3, 0-based
        QCOMPARE(train.labels[1].item<std::int64_t>(), std::int64_t{6});
        QCOMPARE(train.class_names.size(), std::size_t{11});
        QCOMPARE(train.images.sizes().vec(), (std::vector<std::int64_t>{2, 2, 28, 28}));
        QCOMPARE(train.durations_us[0].item<std::int64_t>(), std::int64_t{800000});
        QCOMPARE(train.durations_us[1].item<std::int64_t>(), std::int64_t{1500000});
        std::int64_t inside = 0;
        for (const std::int64_t t : events.timestamps_us)
            inside += t >= 100000 && t < 900000;
        QCOMPARE(train.spikes[0].sum().item<double>(), static_cast<double>(inside));

        // A second load reads the cache and gives the same tensors.
        EventCacheReport second;
        const ImageDataset again = load_gesture_split(root, Split::Test, options, 0, cache, &second);
        QCOMPARE(second.hits, std::int64_t{1});
        QCOMPARE(second.misses, std::int64_t{0});
        QVERIFY(again.spikes.equal(train.spikes));

        // Any changed parameter misses.
        EventCacheReport changed;
        const ImageDataset merged = load_gesture_split(
            root, Split::Train, EventBinningOptions(options).split_polarity(false), 0, cache, &changed);
        QCOMPARE(changed.misses, std::int64_t{1});
        QCOMPARE(merged.spikes.size(2), std::int64_t{1});
        EventCacheReport clipped;
        load_gesture_split(root, Split::Train, EventBinningOptions(options).clip(true), 0, cache, &clipped);
        QCOMPARE(clipped.misses, std::int64_t{1});

        // A rewritten labels file misses too (its size and time are part of the key).
        write_gesture_labels(root / "user01_lab_labels.csv", {{3, 100000, 900000}});
        EventCacheReport relabelled;
        const ImageDataset fewer = load_gesture_split(root, Split::Train, options, 0, cache, &relabelled);
        QCOMPARE(relabelled.misses, std::int64_t{1});
        QCOMPARE(fewer.size(), std::int64_t{1});

        // A corrupt cache entry is rebuilt, not trusted.
        for (const auto& entry : std::filesystem::directory_iterator(cache))
            std::ofstream(entry.path(), std::ios::trunc) << "garbage";
        EventCacheReport corrupt;
        const ImageDataset rebuilt = load_gesture_split(root, Split::Train, options, 0, cache, &corrupt);
        QCOMPARE(corrupt.misses, std::int64_t{1});
        QVERIFY(rebuilt.spikes.equal(fewer.spikes));
    }

    void datasetErrorsNameTheFile()
    {
        QTemporaryDir dir;
        const auto root = dirPath(dir);
        const auto cache = root / "cache";
        try {
            load_gesture_split(root, Split::Train, {}, 0, cache);
            QFAIL("no DataError");
        } catch (const DataError& error) {
            QVERIFY(QString::fromStdString(error.what()).contains(QStringLiteral("trials_to_train.txt")));
        }
        std::ofstream(root / "trials_to_train.txt") << "user09_missing.aedat\n";
        try {
            load_gesture_split(root, Split::Train, {}, 0, cache);
            QFAIL("no DataError");
        } catch (const DataError& error) {
            QVERIFY(QString::fromStdString(error.what()).contains(QStringLiteral("user09_missing.aedat")));
        }
        try {
            locate_gesture_dataset({}, root / "nowhere");
            QFAIL("no DataError");
        } catch (const DataError& error) {
            QVERIFY(QString::fromStdString(error.what()).contains(QStringLiteral("synthetic-gestures")));
        }
    }

    void syntheticGestures()
    {
        QTemporaryDir dir;
        const auto root = dirPath(dir) / "synthetic";
        const auto options = SyntheticGestureOptions().subjects(3).test_subjects(1).gesture_ms(200);
        ensure_synthetic_gestures(root, options);
        QCOMPARE(read_trial_list(root / "trials_to_train.txt").size(), std::size_t{2});
        QCOMPARE(read_trial_list(root / "trials_to_test.txt").size(), std::size_t{1});
        const AedatFile file = read_aedat(root / "user01_synthetic.aedat");
        QVERIFY(file.summary.on_events > 1000);
        QVERIFY(file.summary.off_events > 1000);
        const auto labels = read_gesture_labels(root / "user01_synthetic_labels.csv");
        QCOMPARE(labels.size(), std::size_t{11});
        for (std::size_t i = 0; i < labels.size(); ++i) {
            QCOMPARE(labels[i].gesture, static_cast<int>(i) + 1);
            QCOMPARE(labels[i].end_us - labels[i].start_us, std::int64_t{200000});
        }
        // A second call with equal options keeps the files; equal seeds give equal files.
        const auto written = std::filesystem::last_write_time(root / "user01_synthetic.aedat");
        ensure_synthetic_gestures(root, options);
        QCOMPARE(std::filesystem::last_write_time(root / "user01_synthetic.aedat"), written);
        const auto other = dirPath(dir) / "again";
        ensure_synthetic_gestures(other, options);
        const AedatFile twin = read_aedat(other / "user01_synthetic.aedat");
        QCOMPARE(twin.events.timestamps_us, file.events.timestamps_us);
        QCOMPARE(twin.events.x, file.events.x);
        // Classes differ: the mean event position of each gesture is not the same for all.
        const ImageDataset data =
            load_gesture_split(root, Split::Train, EventBinningOptions().bins(4).bin_us(0), 0, dirPath(dir) / "cache");
        QCOMPARE(data.size(), std::int64_t{22});
        const at::Tensor perClass = data.spikes.narrow(0, 0, 11).sum({1, 2}); // [11, H, W]
        QVERIFY(!perClass[1].equal(perClass[2]));
        QVERIFY((perClass[1] - perClass[2]).abs().sum().item<double>() > 0.5 * perClass[1].sum().item<double>());
        // Bad generator options are refused.
        QVERIFY_THROWS_EXCEPTION(ConfigError, ensure_synthetic_gestures(root, SyntheticGestureOptions().subjects(1)));
    }
};

QTEST_GUILESS_MAIN(TestEventDataset)
#include "test_event_dataset.moc"
