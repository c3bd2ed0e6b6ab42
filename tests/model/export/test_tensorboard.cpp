// TensorBoard logs: the CRC32C check values, and event files read back by a reader that shares
// nothing with the writer - its own bitwise CRC and Debian's protobuf library parsing each Event
// as an unknown message - down to the scalar counts of a real training run.
#include "model/export/png_encoder.h"
#include "model/export/tensorboard_log.h"
#include "model/export/tfevents.h"
#include "model/study/study_directory.h"
#include "model/study/study_spec.h"
#include "model/training/run_directory.h"
#include "tests/support/mnist_required.h"

#include <google/protobuf/unknown_field_set.h>

#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <fstream>
#include <map>
#include <memory>

using namespace csae;
using google::protobuf::UnknownField;
using google::protobuf::UnknownFieldSet;

namespace {

std::uint32_t bitwise_crc32c(const std::string& bytes)
{
    std::uint32_t crc = 0xFFFFFFFFU;
    for (const unsigned char byte : bytes) {
        crc ^= byte;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc >> 1) ^ (0x82F63B78U & (0U - (crc & 1U)));
    }
    return ~crc;
}

std::uint32_t bitwise_masked(const std::string& bytes)
{
    const std::uint32_t crc = bitwise_crc32c(bytes);
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8U;
}

/// Every record of a TFRecord file, each CRC checked; QFAIL-style errors through the bool.
std::vector<std::string> read_records(const std::filesystem::path& file, QString* problem)
{
    std::ifstream in(file, std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> records;
    std::size_t at = 0;
    while (at < all.size()) {
        if (all.size() - at < 12) {
            *problem = QStringLiteral("truncated header at byte %1").arg(at);
            return records;
        }
        const std::string length_bytes = all.substr(at, 8);
        std::uint64_t length = 0;
        for (int i = 7; i >= 0; --i)
            length = (length << 8) | static_cast<unsigned char>(length_bytes[static_cast<std::size_t>(i)]);
        std::uint32_t length_crc = 0;
        std::memcpy(&length_crc, all.data() + at + 8, 4);
        if (length_crc != bitwise_masked(length_bytes)) {
            *problem = QStringLiteral("bad length CRC at byte %1").arg(at);
            return records;
        }
        if (all.size() - at - 12 < length + 4) {
            *problem = QStringLiteral("truncated record at byte %1").arg(at);
            return records;
        }
        const std::string data = all.substr(at + 12, length);
        std::uint32_t data_crc = 0;
        std::memcpy(&data_crc, all.data() + at + 12 + length, 4);
        if (data_crc != bitwise_masked(data)) {
            *problem = QStringLiteral("bad data CRC at byte %1").arg(at);
            return records;
        }
        records.push_back(data);
        at += 12 + length + 4;
    }
    return records;
}

// A parsed message; UnknownFieldSet itself cannot be copied or moved.
using Message = std::shared_ptr<UnknownFieldSet>;

const UnknownField* field(const Message& set, int number)
{
    for (int i = 0; i < set->field_count(); ++i)
        if (set->field(i).number() == number)
            return &set->field(i);
    return nullptr;
}

std::vector<const UnknownField*> fields(const Message& set, int number)
{
    std::vector<const UnknownField*> found;
    for (int i = 0; i < set->field_count(); ++i)
        if (set->field(i).number() == number)
            found.push_back(&set->field(i));
    return found;
}

Message parse(const std::string& bytes)
{
    auto set = std::make_shared<UnknownFieldSet>();
    set->ParseFromString(bytes);
    return set;
}

/// One event as the reader sees it.
struct ReadEvent {
    std::int64_t step = 0;
    std::string file_version;
    std::string tag;
    bool has_scalar = false;
    float scalar = 0.0f;
    std::string png;
    int image_height = 0, image_width = 0;
    std::string plugin;
    std::string plugin_content;
};

ReadEvent decode(const std::string& record)
{
    ReadEvent event;
    const Message set = parse(record);
    if (const auto* step = field(set, 2))
        event.step = static_cast<std::int64_t>(step->varint());
    if (const auto* version = field(set, 3))
        event.file_version = version->length_delimited();
    if (const auto* summary = field(set, 5)) {
        const Message values = parse(summary->length_delimited());
        const Message value = parse(field(values, 1)->length_delimited());
        event.tag = field(value, 1)->length_delimited();
        if (const auto* simple = field(value, 2)) {
            event.has_scalar = true;
            const std::uint32_t bits = simple->fixed32();
            std::memcpy(&event.scalar, &bits, 4);
        }
        if (const auto* image = field(value, 4)) {
            const Message parts = parse(image->length_delimited());
            event.image_height = static_cast<int>(field(parts, 1)->varint());
            event.image_width = static_cast<int>(field(parts, 2)->varint());
            event.png = field(parts, 4)->length_delimited();
        }
        if (const auto* metadata = field(value, 9)) {
            const Message plugin_data = parse(field(parse(metadata->length_delimited()), 1)->length_delimited());
            event.plugin = field(plugin_data, 1)->length_delimited();
            event.plugin_content = field(plugin_data, 2)->length_delimited();
        }
    }
    return event;
}

std::vector<ReadEvent> read_events(const std::filesystem::path& directory, QString* problem)
{
    std::vector<ReadEvent> events;
    for (const auto& entry : std::filesystem::directory_iterator(directory))
        if (entry.path().filename().string().find("tfevents") != std::string::npos)
            for (const std::string& record : read_records(entry.path(), problem))
                events.push_back(decode(record));
    return events;
}

std::filesystem::path path_of(const QTemporaryDir& dir)
{
    return dir.path().toStdString();
}

} // namespace

class TestTensorBoard : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void crc32cCheckValues_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<quint32>("expected");
        QTest::newRow("123456789") << QByteArray("123456789") << quint32(0xE3069283U);
        QTest::newRow("32 zeros (RFC 3720)") << QByteArray(32, '\0') << quint32(0x8A9136AAU);
        QTest::newRow("32 0xFF (RFC 3720)") << QByteArray(32, '\xFF') << quint32(0x62A8AB43U);
        QTest::newRow("empty") << QByteArray() << quint32(0U);
    }

    void crc32cCheckValues()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(quint32, expected);
        QCOMPARE(crc32c(bytes.constData(), static_cast<std::size_t>(bytes.size())), expected);
        QCOMPARE(masked_crc32c(bytes.constData(), static_cast<std::size_t>(bytes.size())),
                 bitwise_masked(bytes.toStdString()));
    }

    void recordsReadBackByAnIndependentReader()
    {
        QTemporaryDir dir;
        std::filesystem::path file;
        {
            EventFileWriter writer(path_of(dir));
            file = writer.file();
            writer.add_scalar("train/loss", 10, 0.5);
            writer.add_scalar("lr", 10, 4e-3);
            const std::uint8_t pixels[6] = {0, 50, 100, 150, 200, 250};
            writer.add_image("reconstructions", 20, encode_png(pixels, 3, 2, 1), 2, 3, 1);
        }
        QVERIFY(file.filename().string().starts_with("events.out.tfevents."));
        QString problem;
        const auto events = read_events(path_of(dir), &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(events.size(), std::size_t(4));
        QCOMPARE(events[0].file_version, std::string("brain.Event:2"));
        QCOMPARE(events[1].tag, std::string("train/loss"));
        QCOMPARE(events[1].step, std::int64_t(10));
        QVERIFY(events[1].has_scalar);
        QCOMPARE(events[1].scalar, 0.5f);
        QCOMPARE(events[2].scalar, 4e-3f);
        QCOMPARE(events[3].tag, std::string("reconstructions"));
        QCOMPARE(events[3].image_height, 2);
        QCOMPARE(events[3].image_width, 3);
        QVERIFY(events[3].png.starts_with(std::string("\x89PNG\r\n\x1a\n", 8)));
        // The PNG's own header says 3 x 2, 8-bit grey.
        const std::string& png = events[3].png;
        QCOMPARE(png.substr(12, 4), std::string("IHDR"));
        QCOMPARE(static_cast<int>(static_cast<unsigned char>(png[19])), 3);
        QCOMPARE(static_cast<int>(static_cast<unsigned char>(png[23])), 2);
        QCOMPARE(static_cast<int>(png[24]), 8);
        QCOMPARE(static_cast<int>(png[25]), 0);
    }

    void aCorruptedByteFailsTheReadersCrc()
    {
        QTemporaryDir dir;
        std::filesystem::path file;
        {
            EventFileWriter writer(path_of(dir));
            file = writer.file();
            writer.add_scalar("train/loss", 1, 1.0);
        }
        std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
        stream.seekp(-6, std::ios::end);
        stream.put('\x55');
        stream.close();
        QString problem;
        read_records(file, &problem);
        QVERIFY2(problem.contains(QStringLiteral("bad data CRC")), qPrintable(problem));
    }

    void trainingRunScalarsMatchTheMetricsRows()
    {
        CSAE_REQUIRE_MNIST();
        QTemporaryDir dir;
        const auto run_dir = path_of(dir) / "run";
        Config config;
        config.data.limit = 256;
        config.data.test_limit = 64;
        config.encoding.steps = 6;
        config.train.batch_size = 32;
        config.train.max_steps = 12;
        config.train.log_every = 5;
        config.train.eval_every = 6;
        config.train.tensorboard = true;
        auto trainer = start_run(config, run_dir, CSAE_PROJECT_DATA_DIR);
        QCOMPARE(train_into(*trainer, run_dir, {}), RunOutcome::Finished);

        std::map<std::string, int> rows;
        for (const auto& row : read_metrics(run_dir / kMetricsFileName))
            rows[row.value("split", std::string())] += 1;
        QString problem;
        const auto events = read_events(run_dir / kTensorBoardFolder, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        std::map<std::string, int> scalars;
        int images = 0;
        for (const ReadEvent& event : events) {
            if (event.has_scalar)
                scalars[event.tag] += 1;
            if (!event.png.empty()) {
                ++images;
                QCOMPARE(event.image_width, 8 * 28 + 7 * 2);
                QCOMPARE(event.image_height, 3 * 28 + 2 * 2);
            }
        }
        QVERIFY(rows["train"] > 0);
        QVERIFY(rows["test"] > 0);
        QCOMPARE(scalars["train/loss"], rows["train"]);
        QCOMPARE(scalars["train/samples_per_s"], rows["train"]);
        QCOMPARE(scalars["lr"], rows["train"]);
        QCOMPARE(scalars["test/nrmse"], rows["test"]);
        QCOMPARE(scalars["test/mse"], rows["test"]);
        QCOMPARE(images, rows["test"]);
        QCOMPARE(events.front().file_version, std::string("brain.Event:2"));
    }

    void aStudyRecordsItsGridForTheHParamsTab()
    {
        QTemporaryDir dir;
        const auto study_dir = path_of(dir) / "study";
        const auto spec = StudySpec::from_json(nlohmann::ordered_json::parse(R"({
            "name": "kernels", "base": {"train": {"tensorboard": true, "max_steps": 1}},
            "grid": {"model.kernel_size": [3, 5], "neuron.surrogate": ["arctan", "fast_sigmoid"]},
            "seeds": [1, 2], "metric": "nrmse"})"),
                                               "spec");
        prepare_study_directory(study_dir, spec);
        QString problem;
        const auto experiment = read_events(study_dir / kTensorBoardFolder, &problem);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(experiment.size(), std::size_t(2));
        QCOMPARE(experiment[1].tag, std::string("_hparams_/experiment"));
        QCOMPARE(experiment[1].plugin, std::string("hparams"));
        const Message plugin_data = parse(experiment[1].plugin_content);
        const Message message = parse(field(plugin_data, 2)->length_delimited());
        std::vector<std::string> names;
        for (const auto* info : fields(message, 4))
            names.push_back(field(parse(info->length_delimited()), 1)->length_delimited());
        QCOMPARE(names, (std::vector<std::string>{"model.kernel_size", "neuron.surrogate", "train.seed"}));
        const auto kernel_domain =
            parse(field(parse(fields(message, 4)[0]->length_delimited()), 5)->length_delimited());
        QCOMPARE(kernel_domain->field_count(), 2);
        const auto metric = parse(field(parse(field(message, 5)->length_delimited()), 1)->length_delimited());
        QCOMPARE(field(metric, 2)->length_delimited(), std::string("test/nrmse"));

        const StudyRun& run = spec.runs().back();
        const auto run_dir = path_of(dir) / "run";
        write_study_run_hparams(run_dir, spec, run);
        const auto session = read_events(run_dir / kTensorBoardFolder, &problem);
        QCOMPARE(session.size(), std::size_t(2));
        QCOMPARE(session[1].tag, std::string("_hparams_/session_start_info"));
        const Message start = parse(field(parse(session[1].plugin_content), 3)->length_delimited());
        std::map<std::string, std::string> hparams; // key -> the Value's serialised bytes
        for (const auto* entry : fields(start, 1)) {
            const Message pair = parse(entry->length_delimited());
            hparams[field(pair, 1)->length_delimited()] = field(pair, 2)->length_delimited();
        }
        QCOMPARE(hparams.size(), std::size_t(3));
        const Message surrogate = parse(hparams["neuron.surrogate"]);
        QCOMPARE(field(surrogate, 3)->length_delimited(), std::string("fast_sigmoid"));
        const Message seed = parse(hparams["train.seed"]);
        double seed_value = 0.0;
        const std::uint64_t bits = field(seed, 2)->fixed64();
        std::memcpy(&seed_value, &bits, 8);
        QCOMPARE(seed_value, 2.0);
        QVERIFY(field(start, 4)->length_delimited().find("model.kernel_size=5") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestTensorBoard)
#include "test_tensorboard.moc"
