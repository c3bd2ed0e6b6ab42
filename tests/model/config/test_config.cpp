// The JSON configuration: defaults from the seed, round trip, --set parsing, and clear
// errors naming the key, the value and the allowed range.

#include "model/config/config.h"
#include "model/config/presets.h"
#include "model/core/errors.h"
#include "model/core/file_io.h"

#include <QtTest/QtTest>

#include <cmath>
#include <fstream>

using namespace csae;

namespace {
QString message_of(const std::function<void()>& action)
{
    try {
        action();
    } catch (const ConfigError& error) {
        return QString::fromUtf8(error.what());
    }
    return {};
}
} // namespace

class TestConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void shippedPresetsLoad()
    {
        const auto presets = list_presets(CSAE_PRESETS_DIR);
        QVERIFY(presets.size() >= 2);
        for (const auto& preset : presets)
            QVERIFY2(!preset.description.empty() && preset.description.find('\n') == std::string::npos,
                     preset.name.c_str());
        // The seed preset is the study's own recipe, whatever the defaults become.
        const Config seed = load_preset("seed", CSAE_PRESETS_DIR).config;
        QCOMPARE(seed.neuron.surrogate, Surrogate::FastSigmoid);
        QCOMPARE(seed.resolved_slope(), 25.0);
        QCOMPARE(seed.train.learning_rate, 1e-4);
        QCOMPARE(seed.train.batch_size, std::int64_t{64});
        QCOMPARE(seed.model.kernel_size, std::int64_t{7});
        QCOMPARE(seed.train.schedule, LrSchedule::Constant);
    }

    void badPresetsNameTheFileAndKey()
    {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        write_file_atomically(root / "typo.json", R"({"description": "d", "config": {"neuron": {"betta": 0.5}}})");
        write_file_atomically(root / "extra.json", R"({"description": "d", "config": {}, "notes": 1})");
        write_file_atomically(root / "nodesc.json", R"({"config": {}})");
        const auto message = [&](const std::string& name) {
            try {
                load_preset(name, root);
            } catch (const ConfigError& error) {
                return QString::fromUtf8(error.what());
            }
            return QString();
        };
        QVERIFY(message("typo").contains(QStringLiteral("typo.json")));
        QVERIFY(message("typo").contains(QStringLiteral("neuron.betta")));
        QVERIFY(message("extra").contains(QStringLiteral("notes")));
        QVERIFY(message("nodesc").contains(QStringLiteral("description")));
        QVERIFY(message("missing").contains(QStringLiteral("extra, nodesc, typo")));
        QVERIFY(message("../typo").contains(QStringLiteral("is not a preset")));
    }

    /// The seed's topology and batch, with the training recipe that learns (README, "A recipe
    /// that reconstructs"): arctan surrogate (slope 2), lr 4e-3, gradients clipped at norm 1,
    /// each layer's beta and threshold learnt.
    void defaultsKeepTheSeedsTopology()
    {
        const Config config;
        QCOMPARE(config.train.batch_size, 64);
        QCOMPARE(config.model.kernel_size, 7);
        QCOMPARE(config.model.channels, (std::vector<std::int64_t>{12, 32}));
        QCOMPARE(config.model.embedding_size, 64);
        QCOMPARE(config.encoding.steps, 25);
        QCOMPARE(config.neuron.surrogate, Surrogate::ArcTan);
        QCOMPARE(config.resolved_slope(), 2.0);
        QCOMPARE(config.train.learning_rate, 4e-3);
        QVERIFY(config.neuron.learn_beta && config.neuron.learn_threshold);
        QCOMPARE(config.train.grad_clip, 1.0);
        config.validate();
    }

    void roundTripThroughFile()
    {
        QTemporaryDir dir;
        Config config;
        config.set("model.kind", "ae");
        config.set("model.channels", "[8,16,24]");
        config.set("model.strides", "[1,2,2]");
        config.set("neuron.surrogate", "arctan");
        config.set("train.lr", "3e-4");
        config.set("data.root", "/some/where");
        config.set("neuron.learn_beta", "false"); // not the default
        const auto file = std::filesystem::path(dir.path().toStdString()) / "config.json";
        config.save(file);
        const Config loaded = Config::load(file);
        QCOMPARE(loaded.to_json().dump(), config.to_json().dump());
        QCOMPARE(loaded.model.channels, (std::vector<std::int64_t>{8, 16, 24}));
        QCOMPARE(loaded.resolved_slope(), 2.0); // arctan's default alpha, resolved into the file
        QCOMPARE(loaded.train.learning_rate, 3e-4);
        QCOMPARE(loaded.data.root, std::string("/some/where"));
        QVERIFY(!loaded.neuron.learn_beta);
        // Every key the specs list appears in the resolved document.
        const auto document = config.to_json();
        for (const auto& spec : parameter_specs()) {
            const auto dot = spec.key.find('.');
            QVERIFY2(document[spec.key.substr(0, dot)].contains(spec.key.substr(dot + 1)), spec.key.c_str());
        }
    }

    void partialDocumentKeepsDefaults()
    {
        const Config config = Config::from_json(nlohmann::json::parse(R"({"encoding": {"steps": 100}})"));
        QCOMPARE(config.encoding.steps, 100);
        QCOMPARE(config.train.batch_size, 64);
    }

    void rejectsBadValues_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("fragment");
        const auto row = [](const char* name, const char* key, const char* value, const char* fragment) {
            QTest::newRow(name) << QString::fromUtf8(key) << QString::fromUtf8(value) << QString::fromUtf8(fragment);
        };
        row("even kernel", "model.kernel_size", "8", "odd integer 1-15");
        row("kernel too big", "model.kernel_size", "17", "odd integer 1-15");
        row("embedding 1", "model.embedding_size", "1", "2-1000");
        row("embedding 1001", "model.embedding_size", "1001", "2-1000");
        row("unknown kind", "model.kind", "vae", "sae | ae");
        row("empty channels", "model.channels", "[]", "list of 1-8 integers");
        row("zero channel", "model.channels", "[0,4]", "list of 1-8 integers");
        row("beta 0", "neuron.beta", "0", "(0, 1]");
        row("beta 1.5", "neuron.beta", "1.5", "(0, 1]");
        row("threshold negative", "neuron.threshold", "-1", "(0, 100]");
        row("surrogate", "neuron.surrogate", "relu", "fast_sigmoid");
        row("reset", "neuron.reset", "none", "subtract | zero");
        row("gradient precision", "train.gradient_precision", "float16", "bfloat16 | float32");
        row("slope 0", "neuron.slope", "0", "(0, 1000]");
        row("f_on negative", "encoding.f_on", "-5", "[0, 1e+06]");
        row("steps 0", "encoding.steps", "0", "1-1000");
        row("steps text", "encoding.steps", "many", "not an integer");
        row("batch 0", "train.batch_size", "0", "1-4096");
        row("lr 0", "train.lr", "0", "(0, 1]");
        row("lr text", "train.lr", "fast", "not a number");
        row("epochs fractional", "train.epochs", "1.5", "not an integer");
        row("limit negative", "data.limit", "-3", "0-100000000");
        row("dataset", "data.dataset", "cifar", "mnist | fashion-mnist");
        row("learn_beta", "neuron.learn_beta", "1", "true | false");
    }
    void rejectsBadValues()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, fragment);
        Config config;
        const QString message = message_of([&] { config.set(key.toStdString(), value.toStdString()); });
        QVERIFY2(message.startsWith(key + QStringLiteral(":")), qPrintable(message));
        QVERIFY2(message.contains(value), qPrintable(message));
        QVERIFY2(message.contains(fragment), qPrintable(message));
    }

    void rejectsUnknownKeys()
    {
        Config config;
        QVERIFY(
            message_of([&] { config.set("model.depth", "3"); }).contains(QStringLiteral("model.depth: unknown key")));
        const QString nested =
            message_of([] { Config::from_json(nlohmann::json::parse(R"({"train": {"lrate": 1}})")); });
        QVERIFY2(nested.contains(QStringLiteral("train.lrate: unknown key")), qPrintable(nested));
        const QString section = message_of([] { Config::from_json(nlohmann::json::parse(R"({"optimizer": 3})")); });
        QVERIFY2(section.contains(QStringLiteral("optimizer")), qPrintable(section));
    }

    // An unknown key's message names the nearest key when one is close, and always `csae keys`.
    void suggestsTheClosestKey_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("suggestion");
        QTest::addRow("misspelt") << QStringLiteral("train.lrate") << QStringLiteral("train.lr");
        QTest::addRow("bare name") << QStringLiteral("batch_size") << QStringLiteral("train.batch_size");
        QTest::addRow("wrong section") << QStringLiteral("model.steps") << QStringLiteral("encoding.steps");
        QTest::addRow("typo") << QStringLiteral("encoding.f_offf") << QStringLiteral("encoding.f_off");
        QTest::addRow("prefix") << QStringLiteral("model.kernel") << QStringLiteral("model.kernel_size");
        QTest::addRow("nothing close") << QStringLiteral("model.depth") << QString();
        QTest::addRow("gibberish") << QStringLiteral("zzzzzzzz") << QString();
    }
    void suggestsTheClosestKey()
    {
        QFETCH(QString, key);
        QFETCH(QString, suggestion);
        Config config;
        const QString message = message_of([&] { config.set(key.toStdString(), "1"); });
        QVERIFY2(message.startsWith(key + QStringLiteral(": unknown key")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("csae keys")), qPrintable(message));
        if (suggestion.isEmpty())
            QVERIFY2(!message.contains(QStringLiteral("did you mean")), qPrintable(message));
        else
            QVERIFY2(message.contains(QStringLiteral("did you mean ") + suggestion + QStringLiteral("?")),
                     qPrintable(message));
    }

    void crossKeyChecks()
    {
        Config config;
        config.set("encoding.dt", "0.01"); // 1/dt = 100 Hz, below the default f_on
        QVERIFY(message_of([&] { config.validate(); }).contains(QStringLiteral("encoding.f_on")));
        Config strides;
        strides.set("model.strides", "[1,2,2]");
        QVERIFY(message_of([&] { strides.validate(); }).contains(QStringLiteral("model.strides")));
        Config ae;
        ae.set("model.kind", "ae");
        ae.set("model.recurrence", "explicit1");
        QVERIFY(message_of([&] { ae.validate(); }).contains(QStringLiteral("explicit1")));
        // Expected counts come from the rate encoder, so only the SAE on images can train against them.
        Config expected;
        expected.set("train.target", "expected_counts");
        expected.validate();
        Config expected_ae = expected;
        expected_ae.set("model.kind", "ae");
        QVERIFY(message_of([&] { expected_ae.validate(); }).contains(QStringLiteral("train.target")));
        Config expected_events = expected;
        expected_events.set("data.dataset", "synthetic-gestures");
        QVERIFY(message_of([&] { expected_events.validate(); }).contains(QStringLiteral("image dataset")));
    }

    void durationsForProgress()
    {
        QCOMPARE(format_duration(0.0), std::string("00:00"));
        QCOMPARE(format_duration(59.6), std::string("01:00"));
        QCOMPARE(format_duration(3725.0), std::string("1:02:05"));
        QCOMPARE(format_duration(-1.0), std::string("--:--"));
        QCOMPARE(format_duration(std::nan("")), std::string("--:--"));
    }

    // A writer that fails leaves the previous file as it was and no temporary behind.
    void failedReplaceKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const auto file = std::filesystem::path(dir.path().toStdString()) / "config.json";
        write_file_atomically(file, "old");
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 replace_file_atomically(file, [](const std::filesystem::path& temporary) {
                                     std::ofstream(temporary) << "half";
                                     throw std::runtime_error("disk full");
                                 }));
        std::ifstream in(file);
        std::string content;
        in >> content;
        QCOMPARE(content, std::string("old"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }

    void fileErrorsNameTheFile()
    {
        QTemporaryDir dir;
        const auto bad = std::filesystem::path(dir.path().toStdString()) / "bad.json";
        std::ofstream(bad) << "{ not json";
        QVERIFY(message_of([&] { Config::load(bad); }).startsWith(QString::fromStdString(bad.string())));
        const auto range = std::filesystem::path(dir.path().toStdString()) / "range.json";
        std::ofstream(range) << R"({"model": {"kernel_size": 4}})";
        const QString message = message_of([&] { Config::load(range); });
        QVERIFY2(message.startsWith(QString::fromStdString(range.string())) &&
                     message.contains(QStringLiteral("model.kernel_size")),
                 qPrintable(message));
        QVERIFY(message_of([&] {
                    Config::load(std::filesystem::path(dir.path().toStdString()) / "missing.json");
                }).contains(QStringLiteral("missing.json")));
    }
};

QTEST_GUILESS_MAIN(TestConfig)
#include "test_config.moc"
