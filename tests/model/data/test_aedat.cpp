// AEDAT 3.1 reading and writing, gesture labels and trial lists: round trips on crafted files
// (several packets, a timestamp overflow, a packet of another type, invalid events, events at
// the sensor's edges) and one clear error, naming the file and the place, per malformed input.

#include "model/data/aedat.h"
#include "model/core/errors.h"

#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <cstring>
#include <fstream>

using namespace csae;

namespace {

std::filesystem::path pathIn(const QTemporaryDir& dir, const char* name)
{
    return std::filesystem::path(dir.path().toStdString()) / name;
}

void writeBytes(const std::filesystem::path& file, const std::string& bytes)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

template <class T>
void append(std::string& bytes, T value)
{
    for (std::size_t i = 0; i < sizeof(T); ++i)
        bytes.push_back(static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xff));
}

const std::string kHeader = "#!AER-DAT3.1\r\n#Format: RAW\r\n#!END-HEADER\r\n";

/// A packet header as the format lays it out.
std::string packetHeader(std::int16_t type, std::int32_t size, std::int32_t tsOffset, std::int32_t overflow,
                         std::int32_t capacity, std::int32_t number, std::int32_t valid)
{
    std::string bytes;
    append<std::int16_t>(bytes, type);
    append<std::int16_t>(bytes, 1);
    for (const std::int32_t value : {size, tsOffset, overflow, capacity, number, valid})
        append<std::int32_t>(bytes, value);
    return bytes;
}

std::string polarityEvent(std::uint32_t x, std::uint32_t y, bool on, bool valid, std::int32_t timestamp)
{
    std::string bytes;
    append<std::uint32_t>(bytes, (valid ? 1u : 0u) | (on ? 2u : 0u) | (y << 2) | (x << 17));
    append<std::int32_t>(bytes, timestamp);
    return bytes;
}

/// Runs `body`, which must throw DataError whose message contains every string in `parts`.
template <class Body>
void expectDataError(Body body, const QStringList& parts)
{
    try {
        body();
        QFAIL("no DataError was thrown");
    } catch (const DataError& error) {
        const QString message = QString::fromStdString(error.what());
        for (const QString& part : parts)
            QVERIFY2(message.contains(part), qPrintable(QStringLiteral("\"%1\" lacks \"%2\"").arg(message, part)));
    }
}

} // namespace

class TestAedat : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writerReaderRoundTrip()
    {
        QTemporaryDir dir;
        const auto file = pathIn(dir, "user01_fluorescent.aedat");
        const std::int64_t overflowTime = (std::int64_t{1} << 31) + 17; // needs eventTSOverflow = 1
        {
            AedatWriter writer(file, {"#Source 1: DVS128"});
            writer.polarity_packet({{0, 0, true, true, 10}, {127, 127, false, true, 20}, {5, 6, true, false, 25}}, 3);
            writer.other_packet(2, 12, 4); // e.g. special events: skipped
            writer.polarity_packet({{127, 0, false, true, 30}, {0, 127, true, true, 40}});
            writer.polarity_packet({{64, 32, true, true, overflowTime}, {1, 2, false, false, overflowTime + 1}});
            writer.finish();
        }
        QVERIFY(!std::filesystem::exists(file.string() + ".partial"));
        const AedatFile read = read_aedat(file);
        QCOMPARE(read.header.front(), std::string("#!AER-DAT3.1"));
        QCOMPARE(read.header.back(), std::string("#!END-HEADER"));
        QCOMPARE(read.header[1], std::string("#Source 1: DVS128"));
        const AedatSummary& s = read.summary;
        QCOMPARE(s.events, std::int64_t{5});
        QCOMPARE(s.on_events, std::int64_t{3});
        QCOMPARE(s.off_events, std::int64_t{2});
        QCOMPARE(s.invalid_events, std::int64_t{2});
        QCOMPARE(s.packets, std::int64_t{4});
        QCOMPARE(s.skipped_packets, std::int64_t{1});
        QCOMPARE(s.first_timestamp_us, std::int64_t{10});
        QCOMPARE(s.last_timestamp_us, overflowTime);
        const EventStream& e = read.events;
        QCOMPARE(e.size(), std::size_t{5});
        // The sensor's corners survive with x and y in the right bits.
        QCOMPARE(e.x[0], std::uint16_t{0});
        QCOMPARE(e.y[0], std::uint16_t{0});
        QCOMPARE(e.polarity[0], std::uint8_t{1});
        QCOMPARE(e.x[1], std::uint16_t{127});
        QCOMPARE(e.y[1], std::uint16_t{127});
        QCOMPARE(e.polarity[1], std::uint8_t{0});
        QCOMPARE(e.x[2], std::uint16_t{127});
        QCOMPARE(e.y[2], std::uint16_t{0});
        QCOMPARE(e.x[3], std::uint16_t{0});
        QCOMPARE(e.y[3], std::uint16_t{127});
        QCOMPARE(e.timestamps_us[4], overflowTime);
        QCOMPARE(e.x[4], std::uint16_t{64});
        QCOMPARE(e.y[4], std::uint16_t{32});
    }

    void streamWriterSplitsPackets()
    {
        QTemporaryDir dir;
        const auto file = pathIn(dir, "many.aedat");
        EventStream events;
        for (int i = 0; i < 1000; ++i)
            events.push_back(i * 1000 + (i > 600 ? (std::int64_t{1} << 31) : 0), static_cast<std::uint16_t>(i % 128),
                             static_cast<std::uint16_t>((i * 7) % 128), i % 3 == 0);
        AedatWriter writer(file);
        writer.polarity_events(events, 256);
        writer.finish();
        const AedatFile read = read_aedat(file);
        QCOMPARE(read.summary.events, std::int64_t{1000});
        QVERIFY(read.summary.packets >= 5); // 256 per packet and a new one at the overflow
        QCOMPARE(read.events.timestamps_us, events.timestamps_us);
        QCOMPARE(read.events.x, events.x);
        QCOMPARE(read.events.y, events.y);
        QCOMPARE(read.events.polarity, events.polarity);
    }

    void abandonedWriterLeavesNoFile()
    {
        QTemporaryDir dir;
        const auto file = pathIn(dir, "abandoned.aedat");
        {
            AedatWriter writer(file);
            writer.polarity_packet({{1, 1, true, true, 5}});
        }
        QVERIFY(!std::filesystem::exists(file));
        QVERIFY(!std::filesystem::exists(file.string() + ".partial"));
    }

    void malformedFiles_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QStringList>("expected");
        const auto bytes = [](const std::string& s) { return QByteArray(s.data(), static_cast<qsizetype>(s.size())); };
        const std::string event = polarityEvent(3, 4, true, true, 100);
        QTest::newRow("empty file") << QByteArray()
                                    << QStringList{QStringLiteral("byte 0"), QStringLiteral("empty file")};
        QTest::newRow("wrong version") << bytes("#!AER-DAT2.0\r\n#!END-HEADER\r\n")
                                       << QStringList{QStringLiteral("byte 0"), QStringLiteral("#!AER-DAT3.1")};
        QTest::newRow("no end of header") << bytes("#!AER-DAT3.1\r\n#Format: RAW\r\n")
                                          << QStringList{QStringLiteral("byte 28"), QStringLiteral("#!END-HEADER")};
        QTest::newRow("data before end of header") << bytes("#!AER-DAT3.1\r\nXYZ\r\n#!END-HEADER\r\n")
                                                   << QStringList{QStringLiteral("byte 14"), QStringLiteral("'#'")};
        QTest::newRow("header line without CR") << bytes("#!AER-DAT3.1\n#!END-HEADER\r\n")
                                                << QStringList{QStringLiteral("byte 0"), QStringLiteral("CR LF")};
        QTest::newRow("truncated packet header")
            << bytes(kHeader + packetHeader(1, 8, 4, 0, 1, 1, 1).substr(0, 20))
            << QStringList{QStringLiteral("byte 42"), QStringLiteral("truncated packet header (20 of 28 bytes)")};
        QTest::newRow("eventSize zero") << bytes(kHeader + packetHeader(1, 0, 4, 0, 1, 1, 1) + event)
                                        << QStringList{QStringLiteral("byte 42"),
                                                       QStringLiteral("eventSize 0 does not fit")};
        QTest::newRow("eventSize huge") << bytes(kHeader + packetHeader(7, 2000000000, 4, 0, 1, 1, 1) + event)
                                        << QStringList{QStringLiteral("byte 42"),
                                                       QStringLiteral("eventSize 2000000000")};
        QTest::newRow("polarity eventSize 12")
            << bytes(kHeader + packetHeader(1, 12, 4, 0, 1, 1, 1) + event + "xxxx")
            << QStringList{QStringLiteral("byte 42"), QStringLiteral("eventSize 12")};
        QTest::newRow("capacity past the end")
            << bytes(kHeader + packetHeader(1, 8, 4, 0, 1000000, 1, 1) + event)
            << QStringList{QStringLiteral("byte 42"), QStringLiteral("past the end of the file")};
        QTest::newRow("capacity of a skipped packet past the end")
            << bytes(kHeader + packetHeader(5, 16, 4, 0, 3, 3, 3) + std::string(20, '\0'))
            << QStringList{QStringLiteral("byte 42"), QStringLiteral("past the end of the file")};
        QTest::newRow("eventNumber above capacity")
            << bytes(kHeader + packetHeader(1, 8, 4, 0, 1, 2, 1) + event)
            << QStringList{QStringLiteral("byte 42"), QStringLiteral("eventNumber 2")};
        QTest::newRow("x outside the sensor")
            << bytes(kHeader + packetHeader(1, 8, 4, 0, 2, 2, 2) + event + polarityEvent(128, 5, true, true, 200))
            << QStringList{QStringLiteral("byte 78"), QStringLiteral("x 128, y 5 is outside the 128 x 128 sensor")};
        QTest::newRow("y outside the sensor")
            << bytes(kHeader + packetHeader(1, 8, 4, 0, 1, 1, 1) + polarityEvent(0, 300, false, true, 200))
            << QStringList{QStringLiteral("byte 70"), QStringLiteral("y 300")};
    }

    void malformedFiles()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const auto file = pathIn(dir, "bad.aedat");
        writeBytes(file, bytes.toStdString());
        QStringList parts = expected;
        parts << QString::fromStdString(file.string());
        expectDataError([&] { read_aedat(file); }, parts);
    }

    void missingFileIsAnError()
    {
        QTemporaryDir dir;
        const auto file = pathIn(dir, "absent.aedat");
        expectDataError([&] { read_aedat(file); },
                        {QString::fromStdString(file.string()), QStringLiteral("cannot open")});
    }

    void invalidEventsAreSkippedNotRejected()
    {
        // An invalid event may hold garbage coordinates: it is counted, not checked.
        QTemporaryDir dir;
        const auto file = pathIn(dir, "invalid.aedat");
        writeBytes(file, kHeader + packetHeader(1, 8, 4, 0, 2, 2, 1) + polarityEvent(5000, 9000, true, false, 1) +
                             polarityEvent(1, 1, true, true, 2));
        const AedatFile read = read_aedat(file);
        QCOMPARE(read.summary.events, std::int64_t{1});
        QCOMPARE(read.summary.invalid_events, std::int64_t{1});
    }

    void labelsRoundTrip()
    {
        QTemporaryDir dir;
        const auto file = pathIn(dir, "user01_fluorescent_labels.csv");
        const std::vector<GestureLabel> labels{{1, 100, 2000}, {11, 3000, 9000000000LL}};
        write_gesture_labels(file, labels);
        const auto read = read_gesture_labels(file);
        QCOMPARE(read.size(), labels.size());
        for (std::size_t i = 0; i < labels.size(); ++i) {
            QCOMPARE(read[i].gesture, labels[i].gesture);
            QCOMPARE(read[i].start_us, labels[i].start_us);
            QCOMPARE(read[i].end_us, labels[i].end_us);
        }
        QCOMPARE(gesture_names().size(), std::size_t{11});
        QCOMPARE(gesture_names().front(), std::string("hand clapping"));
        QCOMPARE(gesture_names().back(), std::string("other gestures"));
    }

    void malformedLabels_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        const QString header = QStringLiteral("class,startTime_usec,endTime_usec\n");
        QTest::newRow("empty") << QString() << QStringList{QStringLiteral("empty labels file")};
        QTest::newRow("wrong header") << QStringLiteral("label,start,end\n1,2,3\n")
                                      << QStringList{QStringLiteral("line 1"), QStringLiteral("expected the header")};
        QTest::newRow("two columns") << header + QStringLiteral("1,2,3\n4,5\n")
                                     << QStringList{QStringLiteral("line 3"), QStringLiteral("expected 3 columns")};
        QTest::newRow("four columns") << header + QStringLiteral("1,2,3,4\n")
                                      << QStringList{QStringLiteral("line 2"), QStringLiteral("got 4")};
        QTest::newRow("not a number") << header + QStringLiteral("1,abc,3\n")
                                      << QStringList{QStringLiteral("line 2"),
                                                     QStringLiteral("\"abc\" is not an integer")};
        QTest::newRow("class 0") << header + QStringLiteral("0,2,3\n")
                                 << QStringList{QStringLiteral("line 2"), QStringLiteral("class 0 is outside 1-11")};
        QTest::newRow("class 12") << header + QStringLiteral("12,2,3\n") << QStringList{QStringLiteral("class 12")};
        QTest::newRow("end before start")
            << header + QStringLiteral("3,500,400\n")
            << QStringList{QStringLiteral("line 2"), QStringLiteral("start 500 and end 400")};
        QTest::newRow("negative start") << header + QStringLiteral("3,-5,400\n")
                                        << QStringList{QStringLiteral("start -5")};
    }

    void malformedLabels()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QTemporaryDir dir;
        const auto file = pathIn(dir, "bad_labels.csv");
        writeBytes(file, text.toStdString());
        QStringList parts = expected;
        parts << QString::fromStdString(file.string());
        expectDataError([&] { read_gesture_labels(file); }, parts);
    }

    void trialLists()
    {
        QTemporaryDir dir;
        const auto file = pathIn(dir, "trials_to_train.txt");
        writeBytes(file, "user01_fluorescent.aedat\r\n\nuser02_lab.aedat  \n");
        const auto names = read_trial_list(file);
        QCOMPARE(names, (std::vector<std::string>{"user01_fluorescent.aedat", "user02_lab.aedat"}));
        writeBytes(file, "user01_fluorescent.aedat\n../secret.aedat\n");
        expectDataError([&] { read_trial_list(file); },
                        {QString::fromStdString(file.string()), QStringLiteral("line 2")});
        writeBytes(file, "user01_fluorescent.txt\n");
        expectDataError([&] { read_trial_list(file); },
                        {QStringLiteral("line 1"), QStringLiteral("not an .aedat file name")});
    }
};

QTEST_GUILESS_MAIN(TestAedat)
#include "test_aedat.moc"
