// Tests of the headless `csae` command-line tool, run as a separate process: usage, help and
// version, `keys`, one-line reasons and exit status 2 for bad usage, `bench`, `events`, `info`
// and the bfloat16 check. Training runs themselves are in test_cli_runs.cpp.

#include "model/config/config.h"
#include "model/core/cpu_features.h"
#include "model/data/aedat.h"
#include "tests/support/cli_runner.h"
#include "tests/support/mnist_required.h"

#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QFileInfo>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <sys/types.h>
#include <utility>
#include <vector>

using namespace csae::testing;
using json = nlohmann::json;

class TestCli : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void helpAndVersion_data();
    void helpAndVersion();
    void keysListsEveryKey();
    void badUsage_data();
    void badUsage();
    void benchComparesBothImplementations_data();
    void benchComparesBothImplementations();
    void eventsSummarisesAFile();
    void infoPrintsWhatABugReportNeeds();
    void bfloat16NeedsNativeSupport_data();
    void bfloat16NeedsNativeSupport();
};

/// `csae events` prints exactly what was written: counts, ON/OFF, time range, packets, skipped
/// packets and invalid events; a truncated file exits 2 naming the file and the byte offset.
void TestCli::infoPrintsWhatABugReportNeeds()
{
    QTemporaryDir work;
    const CliResult result = runCli({QStringLiteral("info"), QStringLiteral("--json")}, work.path());
    QVERIFY2(result.finished && result.exitCode == 0, qPrintable(describe(result)));
    const json info = json::parse(result.out.toStdString(), nullptr, false);
    QVERIFY2(info.is_object(), qPrintable(result.out));
    for (const char* key :
         {"cpu", "cpu_features", "isa", "engine_kernels", "libtorch", "onednn", "blas", "gradient_precision"})
        QVERIFY2(info.contains(key) && !info[key].get<std::string>().empty(), key);
    QVERIFY(info.at("logical_cores").get<int>() >= 1);
    QVERIFY(info.at("threads").get<int>() >= 1);
    QVERIFY2(info.at("blas").get<std::string>().find("loaded: ") != std::string::npos, info.dump().c_str());
    const json& layers = info.at("layers");
    QVERIFY(layers.size() >= 5);
    QCOMPARE(QString::fromStdString(layers.front().at("layer").get<std::string>()), QStringLiteral("conv1"));
    for (const auto& layer : layers)
        QVERIFY2(layer.at("path").get<std::string>().find("event-driven") != std::string::npos, layer.dump().c_str());
    // CSAE_DATA points at the project's MNIST in the tests (initTestCase checked it is there).
    QVERIFY2(info.at("datasets").at("mnist").is_string(), info.at("datasets").dump().c_str());
    QVERIFY(info.at("datasets").contains("dvs-gesture"));

    const CliResult text = runCli({QStringLiteral("info")}, work.path());
    QVERIFY2(text.finished && text.exitCode == 0, qPrintable(describe(text)));
    for (const char* line : {"cpu: ", "cpu features: ", "threads used: ", "libtorch: ", "onednn: ", "blas: ",
                             "layers of the default sae:", "datasets:"})
        QVERIFY2(text.out.contains(QString::fromUtf8(line)), line);

    // Capped at AVX2, the engine reports that level and auto resolves to float32.
    qputenv("CSAE_MAX_ISA", "avx2");
    const CliResult capped = runCli({QStringLiteral("info"), QStringLiteral("--json")}, work.path());
    qunsetenv("CSAE_MAX_ISA");
    QVERIFY2(capped.finished && capped.exitCode == 0, qPrintable(describe(capped)));
    const json cappedInfo = json::parse(capped.out.toStdString(), nullptr, false);
    QCOMPARE(QString::fromStdString(cappedInfo.at("isa").get<std::string>()), QStringLiteral("avx2"));
    QVERIFY2(cappedInfo.at("gradient_precision").get<std::string>().find("float32") != std::string::npos,
             cappedInfo.dump().c_str());
}

void TestCli::bfloat16NeedsNativeSupport_data()
{
    QTest::addColumn<QByteArray>("cap");
    QTest::addColumn<QString>("precision");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("bfloat16 capped at avx2")
        << QByteArray("avx2") << QStringLiteral("bfloat16")
        << QStringList{QStringLiteral("train.gradient_precision"), QStringLiteral("AVX512-BF16"),
                       QStringLiteral("CSAE_MAX_ISA=avx2"), QStringLiteral("\"float32\"")};
    QTest::newRow("unknown cap") << QByteArray("avx9000") << QStringLiteral("auto")
                                 << QStringList{QStringLiteral("CSAE_MAX_ISA"), QStringLiteral("avx9000")};
}

void TestCli::bfloat16NeedsNativeSupport()
{
    QFETCH(QByteArray, cap);
    QFETCH(QString, precision);
    QFETCH(QStringList, expected);
    QTemporaryDir work;
    const QString runDir = QDir(work.path()).filePath(QStringLiteral("run"));
    qputenv("CSAE_MAX_ISA", cap);
    const CliResult result = runCli({QStringLiteral("train"), QStringLiteral("--out"), runDir, QStringLiteral("--set"),
                                     QStringLiteral("train.gradient_precision=") + precision},
                                    work.path());
    qunsetenv("CSAE_MAX_ISA");
    QVERIFY2(result.finished && result.exitCode == 2, qPrintable(describe(result)));
    for (const QString& text : expected)
        QVERIFY2(result.err.contains(text),
                 qPrintable(QStringLiteral("expected ") + text + QStringLiteral(" in ") + result.err));
    QVERIFY2(!QFileInfo::exists(runDir), "a refused run leaves no directory");
}

void TestCli::eventsSummarisesAFile()
{
    QTemporaryDir work;
    const std::string file = (std::filesystem::path(work.path().toStdString()) / "user01_lab.aedat").string();
    {
        csae::AedatWriter writer(file);
        writer.polarity_packet({{0, 0, true, true, 1000}, {127, 127, false, true, 2000}, {9, 9, true, false, 2500}});
        writer.other_packet(2, 16, 3);
        writer.polarity_packet({{64, 64, true, true, (std::int64_t{1} << 31) + 5}});
        writer.finish();
    }
    const CliResult json =
        runCli({QStringLiteral("events"), QString::fromStdString(file), QStringLiteral("--json")}, work.path());
    QVERIFY2(json.finished && json.exitCode == 0, qPrintable(describe(json)));
    const auto summary = nlohmann::json::parse(json.out.toStdString());
    QCOMPARE(summary["events"].get<std::int64_t>(), std::int64_t{3});
    QCOMPARE(summary["on_events"].get<std::int64_t>(), std::int64_t{2});
    QCOMPARE(summary["off_events"].get<std::int64_t>(), std::int64_t{1});
    QCOMPARE(summary["first_timestamp_us"].get<std::int64_t>(), std::int64_t{1000});
    QCOMPARE(summary["last_timestamp_us"].get<std::int64_t>(), (std::int64_t{1} << 31) + 5);
    QCOMPARE(summary["sensor_width"].get<std::int64_t>(), std::int64_t{128});
    QCOMPARE(summary["packets"].get<std::int64_t>(), std::int64_t{3});
    QCOMPARE(summary["skipped_packets"].get<std::int64_t>(), std::int64_t{1});
    QCOMPARE(summary["invalid_events"].get<std::int64_t>(), std::int64_t{1});

    const CliResult text = runCli({QStringLiteral("events"), QString::fromStdString(file)}, work.path());
    QVERIFY2(text.exitCode == 0 && text.out.contains(QStringLiteral("3 (ON 2, OFF 1)")), qPrintable(describe(text)));

    // Cut the file inside the last packet's header.
    const auto size = std::filesystem::file_size(file);
    std::filesystem::resize_file(file, size - 8 - 20);
    const CliResult truncated = runCli({QStringLiteral("events"), QString::fromStdString(file)}, work.path());
    QCOMPARE(truncated.exitCode, 2);
    QVERIFY2(truncated.err.contains(QString::fromStdString(file)) && truncated.err.contains(QStringLiteral("byte ")) &&
                 truncated.err.contains(QStringLiteral("truncated")),
             qPrintable(describe(truncated)));
}

void TestCli::initTestCase()
{
    QVERIFY2(QFile::exists(cliPath()), qPrintable(QStringLiteral("csae not found at ") + cliPath()));
    CSAE_REQUIRE_MNIST();
}

void TestCli::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expected");

    const QStringList usage{QStringLiteral("Usage:"), QStringLiteral("train"), QStringLiteral("eval"),
                            QStringLiteral("csae train --resume"), QStringLiteral("Exit status")};
    QTest::newRow("--help") << QStringList{QStringLiteral("--help")} << usage;
    QTest::newRow("-h") << QStringList{QStringLiteral("-h")} << usage;
    QTest::newRow("help") << QStringList{QStringLiteral("help")} << usage;
    QTest::newRow("train --help") << QStringList{QStringLiteral("train"), QStringLiteral("--help")}
                                  << QStringList{QStringLiteral("--resume"), QStringLiteral("--max-steps"),
                                                 QStringLiteral("--set"), QStringLiteral("KEY=VALUE")};
    QTest::newRow("--version") << QStringList{QStringLiteral("--version")}
                               << QStringList{QStringLiteral("csae ") + QString::fromUtf8(CSAE_VERSION)};
}

void TestCli::helpAndVersion()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);
    QTemporaryDir work;
    QVERIFY(work.isValid());

    const CliResult result = runCli(arguments, work.path());
    QVERIFY2(result.finished && result.exitStatus == QProcess::NormalExit, qPrintable(describe(result)));
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(describe(result)));
    for (const QString& text : expected)
        QVERIFY2(result.out.contains(text),
                 qPrintable(QStringLiteral("missing \"") + text + QStringLiteral("\" in\n") + result.out));
    if (arguments.first() == QStringLiteral("--version")) {
        static const QRegularExpression versionLine(QStringLiteral("^csae \\d+\\.\\d+\\.\\d+$"));
        QVERIFY2(versionLine.match(result.out.trimmed()).hasMatch(), qPrintable(result.out));
    }
}

void TestCli::keysListsEveryKey()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const CliResult result = runCli({QStringLiteral("keys")}, work.path());
    QVERIFY2(result.finished && result.exitStatus == QProcess::NormalExit, qPrintable(describe(result)));
    QCOMPARE(result.exitCode, 0);
    for (const char* key :
         {"data.limit", "model.kernel_size", "neuron.beta", "encoding.f_on", "train.max_steps", "train.log_every"})
        QVERIFY2(result.out.contains(QLatin1String(key)), key);
    QVERIFY(result.out.contains(QStringLiteral("odd integer 1-15")));
    // Each key's line ends with its default, as a fresh Config has it.
    const csae::Config defaults;
    int checked = 0;
    for (const QString& line : result.out.split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("train.batch_size "))) {
            QVERIFY2(line.endsWith(QStringLiteral("; default ") + QString::number(defaults.train.batch_size)),
                     qPrintable(line));
            ++checked;
        } else if (line.startsWith(QStringLiteral("model.kind "))) {
            QVERIFY2(line.endsWith(QStringLiteral("; default sae")), qPrintable(line));
            ++checked;
        }
    }
    QCOMPARE(checked, 2);
    QCOMPARE(result.out.count(QStringLiteral("; default ")), qsizetype(csae::parameter_specs().size()));
}

void TestCli::badUsage_data()
{
    // "{tmp}" in arguments and expected texts stands for the test's temporary directory, which
    // holds: invalid.json, embedding.json, empty_run/, garbage_run/checkpoint.pt, no_data/.
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QStringList>("expected");

    const auto row = [](const char* name, QStringList arguments, QStringList expected) {
        QTest::newRow(name) << arguments << expected;
    };
    const auto s = [](const char* text) { return QString::fromUtf8(text); };

    row("no command", {}, {s("subcommand is required")});
    row("unknown command", {s("frobnicate")}, {s("unknown command"), s("frobnicate"), s("presets, study, train")});
    row("train --bogus", {s("train"), s("--bogus")}, {s("not expected"), s("--bogus")});
    row("eval --bogus", {s("eval"), s("--run"), s("x"), s("--bogus")}, {s("not expected"), s("--bogus")});
    row("--set without value", {s("train"), s("--set")}, {s("--set"), s("missing")});
    row("--max-steps without value", {s("train"), s("--max-steps")}, {s("--max-steps"), s("missing")});
    row("bench --steps 0", {s("bench"), s("--steps"), s("0")}, {s("--steps"), s("0")});
    row("--set without =", {s("train"), s("--set"), s("nokey")}, {s("nokey"), s("KEY=VALUE")});
    row("--set =value", {s("train"), s("--set"), s("=3")}, {s("=3"), s("KEY=VALUE")});
    row("even kernel", {s("train"), s("--set"), s("model.kernel_size=8")}, {s("model.kernel_size"), s("8"), s("odd")});
    row("unknown key", {s("train"), s("--set"), s("model.bogus=1")}, {s("model.bogus"), s("unknown")});
    row("misspelt key", {s("train"), s("--set"), s("train.lrate=0.1")},
        {s("train.lrate: unknown key; did you mean train.lr?"), s("csae keys")});
    row("f_on above 1/dt", {s("train"), s("--set"), s("encoding.f_on=5000")},
        {s("encoding.f_on"), s("5000"), s("out of range")});
    row("beta zero", {s("train"), s("--set"), s("neuron.beta=0")}, {s("neuron.beta"), s("out of range")});
    row("kind not a choice", {s("train"), s("--set"), s("model.kind=cnn")}, {s("model.kind"), s("cnn")});
    row("max-steps not an integer", {s("train"), s("--max-steps"), s("lots")}, {s("train.max_steps"), s("lots")});
    row("strides and channels differ", {s("train"), s("--set"), s("model.channels=[4,8,16]")},
        {s("model.strides"), s("model.channels")});
    row("missing config file", {s("train"), s("--config"), s("{tmp}/missing.json")},
        {s("{tmp}/missing.json"), s("cannot open")});
    row("invalid JSON config", {s("train"), s("--config"), s("{tmp}/invalid.json")},
        {s("{tmp}/invalid.json"), s("JSON")});
    row("out-of-range config", {s("train"), s("--config"), s("{tmp}/embedding.json")},
        {s("{tmp}/embedding.json"), s("model.embedding_size")});
    row("resume with options", {s("train"), s("--resume"), s("{tmp}/empty_run"), s("--max-steps"), s("5")},
        {s("--resume"), s("no other options")});
    row("resume without checkpoint", {s("train"), s("--resume"), s("{tmp}/empty_run")},
        {s("{tmp}/empty_run/checkpoint.pt")});
    row("eval without --run", {s("eval")}, {s("--run")});
    row("unknown preset", {s("train"), s("--preset"), s("nope")}, {s("--preset"), s("nope"), s("bad, broken")});
    row("preset with unknown key", {s("train"), s("--preset"), s("bad")},
        {s("bad.json"), s("train.bogus"), s("unknown key")});
    row("preset not JSON", {s("train"), s("--preset"), s("broken")}, {s("broken.json"), s("not valid JSON")});
    row("preset and config", {s("train"), s("--preset"), s("seed"), s("--config"), s("{tmp}/invalid.json")},
        {s("--preset"), s("--config")});
    row("eval without checkpoint", {s("eval"), s("--run"), s("{tmp}/empty_run")},
        {s("{tmp}/empty_run/checkpoint.pt"), s("no checkpoint")});
    row("eval garbage checkpoint", {s("eval"), s("--run"), s("{tmp}/garbage_run")},
        {s("{tmp}/garbage_run/checkpoint.pt")});
    row("no dataset in data.root", {s("train"), s("--out"), s("{tmp}/out"), s("--set"), s("data.root={tmp}/no_data")},
        {s("looked in"), s("{tmp}/no_data"), s("train-images-idx3-ubyte")});
}

void TestCli::badUsage()
{
    QFETCH(QStringList, arguments);
    QFETCH(QStringList, expected);

    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString tmp = work.path();
    QDir root(tmp);
    QVERIFY(writeFile(root.filePath(QStringLiteral("invalid.json")), "{\"model\": {\"kernel_size\": 7,}\n"));
    QVERIFY(writeFile(root.filePath(QStringLiteral("embedding.json")), "{\"model\":{\"embedding_size\":1}}\n"));
    QVERIFY(root.mkdir(QStringLiteral("empty_run")));
    QVERIFY(root.mkdir(QStringLiteral("garbage_run")));
    QVERIFY(writeFile(root.filePath(QStringLiteral("garbage_run/checkpoint.pt")), "this is not a checkpoint\n"));
    QVERIFY(root.mkdir(QStringLiteral("no_data")));
    // Presets come from $CSAE_PRESETS here: one with an unknown key, one that is not JSON.
    QVERIFY(root.mkdir(QStringLiteral("presets")));
    QVERIFY(writeFile(root.filePath(QStringLiteral("presets/bad.json")),
                      "{\"description\": \"x\", \"config\": {\"train\": {\"bogus\": 1}}}\n"));
    QVERIFY(writeFile(root.filePath(QStringLiteral("presets/broken.json")), "{\"description\": \n"));
    qputenv("CSAE_PRESETS", root.filePath(QStringLiteral("presets")).toUtf8());

    const QString placeholder = QStringLiteral("{tmp}");
    for (QString& argument : arguments)
        argument.replace(placeholder, tmp);

    const CliResult result = runCli(arguments, tmp);
    QVERIFY2(result.finished, qPrintable(describe(result)));
    QVERIFY2(result.exitStatus == QProcess::NormalExit, qPrintable(describe(result)));
    QVERIFY2(result.exitCode == 2, qPrintable(describe(result)));

    const QString reason = result.err.trimmed();
    QVERIFY2(!reason.isEmpty(), qPrintable(describe(result)));
    QVERIFY2(!reason.contains(QLatin1Char('\n')), qPrintable(QStringLiteral("more than one line:\n") + result.err));
    // One line, not preceded by a blank one.
    QVERIFY2(result.err.startsWith(QStringLiteral("csae: ")), qPrintable(result.err));
    for (QString text : expected) {
        text.replace(placeholder, tmp);
        QVERIFY2(reason.contains(text),
                 qPrintable(QStringLiteral("expected \"") + text + QStringLiteral("\" in: ") + reason));
    }
    QVERIFY2(result.out.isEmpty(), qPrintable(describe(result)));
    // Bad usage trains nothing: no run files appear anywhere in the work directory.
    const QString garbageCheckpoint = root.filePath(QStringLiteral("garbage_run/checkpoint.pt"));
    QDirIterator files(tmp, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString file = files.next();
        const QString name = QFileInfo(file).fileName();
        const bool runFile = name == QStringLiteral("checkpoint.pt") || name == QStringLiteral("config.json") ||
                             name == QStringLiteral("metrics.jsonl");
        QVERIFY2(!runFile || file == garbageCheckpoint, qPrintable(QStringLiteral("unexpected run file ") + file));
    }
}

void TestCli::benchComparesBothImplementations_data()
{
    QTest::addColumn<QString>("precision");
    QTest::addColumn<double>("tolerance");
    // Float32 products: the executions differ only in the order of float additions.
    QTest::newRow("float32") << QStringLiteral("float32") << 1e-3;
    // Bfloat16 input gradients (the default): operands rounded to 8 significant bits, relative
    // error <= 2^-9 each, float32 sums; the default config measured 4.6e-3.
    QTest::newRow("bfloat16") << QStringLiteral("bfloat16") << 2e-2;
}

void TestCli::benchComparesBothImplementations()
{
    QFETCH(QString, precision);
    QFETCH(double, tolerance);
    if (precision == QStringLiteral("bfloat16") && !csae::cpu_features().native_bfloat16())
        QSKIP("this CPU has no native bfloat16; an explicit bfloat16 is refused here (bfloat16NeedsNativeSupport)");
    QTemporaryDir dir;
    const CliResult result =
        runCli({QStringLiteral("bench"), QStringLiteral("--set"), QStringLiteral("model.channels=[4,8]"),
                QStringLiteral("--set"), QStringLiteral("model.embedding_size=16"), QStringLiteral("--set"),
                QStringLiteral("encoding.steps=4"), QStringLiteral("--set"), QStringLiteral("train.batch_size=16"),
                QStringLiteral("--set"), QStringLiteral("train.gradient_precision=") + precision,
                QStringLiteral("--steps"), QStringLiteral("2"), QStringLiteral("--warmup"), QStringLiteral("1")},
               dir.path(), kTrainTimeoutMs);
    QVERIFY2(result.finished && result.exitStatus == QProcess::NormalExit && result.exitCode == 0,
             qPrintable(describe(result)));
    const QStringList lines = result.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 3);
    QStringList implementations;
    for (int i = 0; i < 2; ++i) {
        const json row = json::parse(lines[i].toStdString());
        implementations << QString::fromStdString(row.at("implementation").get<std::string>());
        QVERIFY(row.at("samples_per_s").get<double>() > 0.0);
        QVERIFY(row.at("peak_memory_mb").get<double>() > 0.0);
        QCOMPARE(row.at("step_s").size(), std::size_t(2));
    }
    QCOMPARE(implementations, (QStringList{QStringLiteral("stepwise"), QStringLiteral("per_timestep")}));
    const json summary = json::parse(lines[2].toStdString());
    QVERIFY(summary.at("speedup").get<double>() > 0.0);
    QCOMPARE(QString::fromStdString(summary.at("gradient_precision").get<std::string>()), precision);
    // Same weights and batch: the two executions' gradients agree to the products' rounding,
    // and exactly in float64.
    QVERIFY2(summary.at("max_relative_grad_difference").get<double>() < tolerance, lines[2].toUtf8().constData());
    QVERIFY2(summary.at("max_relative_grad_difference_float64").get<double>() < 1e-4, lines[2].toUtf8().constData());
    // An AE has no per-timestep reference: a clear error, exit 2.
    const CliResult ae =
        runCli({QStringLiteral("bench"), QStringLiteral("--set"), QStringLiteral("model.kind=ae")}, dir.path());
    QCOMPARE(ae.exitCode, 2);
    QVERIFY2(ae.err.contains(QStringLiteral("model.kind")), qPrintable(describe(ae)));
}

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
