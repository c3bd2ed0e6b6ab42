// `csae train` run as a user would: a tiny real training run with its run directory, evaluation
// of that run, a rerun into the same directory, and an interrupted run (SIGINT) resumed to the
// same losses as an uninterrupted one.

#include "tests/support/cli_runner.h"
#include "tests/support/mnist_required.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QProcess>
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
#include <vector>

using namespace csae::testing;

namespace {

using json = nlohmann::json;

/// The settings of the tiny run: 128 training samples in batches of 32 (4 steps per epoch),
/// 64 test samples, T = 4, a small network; enough epochs that --max-steps decides the length.
QStringList tinyRunSettings()
{
    return {QStringLiteral("--set"), QStringLiteral("data.limit=128"),
            QStringLiteral("--set"), QStringLiteral("data.test_limit=64"),
            QStringLiteral("--set"), QStringLiteral("encoding.steps=4"),
            QStringLiteral("--set"), QStringLiteral("train.batch_size=32"),
            QStringLiteral("--set"), QStringLiteral("model.channels=[4,8]"),
            QStringLiteral("--set"), QStringLiteral("model.embedding_size=16"),
            QStringLiteral("--set"), QStringLiteral("train.epochs=100")};
}

QStringList tinyTrainArguments(const QString& outDir, int maxSteps, int logEvery)
{
    QStringList arguments{QStringLiteral("train"), QStringLiteral("--out"), outDir};
    arguments << tinyRunSettings();
    arguments << QStringLiteral("--max-steps") << QString::number(maxSteps) << QStringLiteral("--set")
              << QStringLiteral("train.log_every=%1").arg(logEvery);
    return arguments;
}

/// Every complete, parseable row of a metrics.jsonl file. A line still being written (no
/// newline yet, or not yet valid JSON) is skipped, so this is safe while the CLI appends.
std::vector<json> readMetricRows(const QString& path)
{
    std::vector<json> rows;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    const QByteArray contents = file.readAll();
    const qsizetype lastNewline = contents.lastIndexOf('\n');
    if (lastNewline < 0)
        return rows;
    for (const QByteArray& line : contents.left(lastNewline).split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        json row = json::parse(line.toStdString(), nullptr, /*allow_exceptions=*/false);
        if (!row.is_discarded() && row.is_object())
            rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<json> rowsOfSplit(const std::vector<json>& rows, const std::string& split)
{
    std::vector<json> selected;
    for (const auto& row : rows)
        if (row.value("split", std::string()) == split)
            selected.push_back(row);
    return selected;
}

std::int64_t maxTrainStep(const QString& metricsPath)
{
    std::int64_t highest = -1;
    for (const auto& row : rowsOfSplit(readMetricRows(metricsPath), "train"))
        if (row.contains("step") && row["step"].is_number_integer())
            highest = std::max(highest, row["step"].get<std::int64_t>());
    return highest;
}

std::optional<json> testRowAt(const std::vector<json>& rows, std::int64_t step)
{
    for (const auto& row : rowsOfSplit(rows, "test"))
        if (row.contains("step") && row["step"] == step)
            return row;
    return std::nullopt;
}

/// Train losses by step; fails (returns false) on a repeated step.
bool trainLossesByStep(const std::vector<json>& rows, std::map<std::int64_t, double>& losses, QString& problem)
{
    for (const auto& row : rowsOfSplit(rows, "train")) {
        if (!row.contains("step") || !row["step"].is_number_integer() || !row.contains("loss") ||
            !row["loss"].is_number()) {
            problem = QStringLiteral("malformed train row ") + QString::fromStdString(row.dump());
            return false;
        }
        const auto step = row["step"].get<std::int64_t>();
        if (!losses.emplace(step, row["loss"].get<double>()).second) {
            problem = QStringLiteral("train step %1 appears twice").arg(step);
            return false;
        }
    }
    return true;
}

} // namespace

class TestCliRuns : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QFile::exists(cliPath()), qPrintable(QStringLiteral("csae not found at ") + cliPath()));
        CSAE_REQUIRE_MNIST();
    }
    void trainEvalAndRerun();
    void interruptAndResume();
};

void TestCliRuns::trainEvalAndRerun()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString runDir = QDir(work.path()).filePath(QStringLiteral("run"));
    const QString metricsPath = QDir(runDir).filePath(QStringLiteral("metrics.jsonl"));
    const QString configPath = QDir(runDir).filePath(QStringLiteral("config.json"));
    const QString checkpointPath = QDir(runDir).filePath(QStringLiteral("checkpoint.pt"));

    // Train six steps, logging every second one.
    const CliResult train = runCli(tinyTrainArguments(runDir, 6, 2), work.path(), kTrainTimeoutMs);
    QVERIFY2(train.finished && train.exitStatus == QProcess::NormalExit, qPrintable(describe(train)));
    QVERIFY2(train.exitCode == 0, qPrintable(describe(train)));

    QVERIFY(QFile::exists(checkpointPath));
    QVERIFY(QFile::exists(configPath));
    {
        std::ifstream stream(configPath.toStdString());
        const json config = json::parse(stream, nullptr, /*allow_exceptions=*/false);
        QVERIFY2(!config.is_discarded() && config.is_object(), "config.json is not a JSON object");
        QVERIFY(config.contains("train") && config["train"].is_object());
        QCOMPARE(config["train"].value("max_steps", std::int64_t(-1)), std::int64_t(6));
        QCOMPARE(config["train"].value("log_every", std::int64_t(-1)), std::int64_t(2));
        QCOMPARE(config["data"].value("limit", std::int64_t(-1)), std::int64_t(128));
        QCOMPARE(config["model"].value("embedding_size", std::int64_t(-1)), std::int64_t(16));
        QVERIFY(config["model"]["channels"] == json::array({4, 8}));
    }

    const std::vector<json> rows = readMetricRows(metricsPath);
    const std::vector<json> trainRows = rowsOfSplit(rows, "train");
    std::vector<std::int64_t> trainSteps;
    for (const auto& row : trainRows) {
        for (const char* key : {"step", "epoch", "loss", "samples_per_s"})
            QVERIFY2(row.contains(key) && row[key].is_number(), qPrintable(QString::fromStdString(row.dump())));
        QVERIFY(row["loss"].get<double>() > 0.0);
        QVERIFY(row["samples_per_s"].get<double>() > 0.0);
        trainSteps.push_back(row["step"].get<std::int64_t>());
    }
    QVERIFY2((trainSteps == std::vector<std::int64_t>{2, 4, 6}), "train rows are logged every train.log_every steps");
    // The first row says where training started and how train.gradient_precision resolved.
    QVERIFY(!rows.empty());
    QCOMPARE(QString::fromStdString(rows.front().value("split", std::string())), QStringLiteral("run"));
    QCOMPARE(rows.front().value("step", std::int64_t(-1)), std::int64_t(0));
    const std::string resolved = rows.front().value("gradient_precision", std::string());
    QVERIFY2(resolved == "bfloat16" || resolved == "float32", resolved.c_str());
    QVERIFY(!rows.front().value("gradient_precision_reason", std::string()).empty());
    QVERIFY2(train.out.section(QLatin1Char('\n'), 0, 0).contains(QStringLiteral("gradients ")), qPrintable(train.out));
    const std::optional<json> testAtStart = testRowAt(rows, 0);
    const std::optional<json> testAtEnd = testRowAt(rows, 6);
    QVERIFY2(testAtStart.has_value(), "no test row at step 0");
    QVERIFY2(testAtEnd.has_value(), "no test row at step 6");
    QVERIFY((*testAtEnd)["nrmse"].is_number() && (*testAtEnd)["mse"].is_number());
    QCOMPARE((*testAtEnd)["samples"].get<std::int64_t>(), std::int64_t(64));

    // Not a terminal: plain progress lines, no redrawn bar.
    QVERIFY2(!train.out.contains(QLatin1Char('\r')) && !train.out.contains(QLatin1Char('\x1b')), qPrintable(train.out));
    QVERIFY2(train.out.contains(QStringLiteral("step 2/6")), qPrintable(train.out));
    QVERIFY2(train.out.contains(QStringLiteral("step 6/6")), qPrintable(train.out));
    QVERIFY2(!train.out.contains(QStringLiteral("step 1/6")), qPrintable(train.out));
    QVERIFY2(train.out.contains(runDir), qPrintable(train.out));

    // eval prints one JSON object equal to the final test row: evaluation uses a fixed stream.
    const CliResult eval =
        runCli({QStringLiteral("eval"), QStringLiteral("--run"), runDir}, work.path(), kTrainTimeoutMs);
    QVERIFY2(eval.finished && eval.exitStatus == QProcess::NormalExit, qPrintable(describe(eval)));
    QVERIFY2(eval.exitCode == 0, qPrintable(describe(eval)));
    const QString evalLine = eval.out.trimmed();
    QVERIFY2(!evalLine.contains(QLatin1Char('\n')), qPrintable(eval.out));
    const json evaluation = json::parse(evalLine.toStdString(), nullptr, /*allow_exceptions=*/false);
    QVERIFY2(!evaluation.is_discarded() && evaluation.is_object(), qPrintable(eval.out));
    QVERIFY2(evaluation.contains("nrmse") && evaluation["nrmse"].is_number(), qPrintable(eval.out));
    QVERIFY2(evaluation.contains("mse") && evaluation["mse"].is_number(), qPrintable(eval.out));
    QVERIFY2(evaluation.contains("samples") && evaluation["samples"] == 64, qPrintable(eval.out));
    QVERIFY2(evaluation.value("step", std::int64_t(-1)) == 6, qPrintable(eval.out));
    QVERIFY2(!evaluation.contains("epoch") && evaluation.value("epochs_completed", 0.0) > 0.0, qPrintable(eval.out));
    QVERIFY2(eval.err.contains(QStringLiteral("evaluating the checkpoint at step 6 on 64 test samples")),
             qPrintable(eval.err));
    const double evalNrmse = evaluation["nrmse"].get<double>();
    const double evalMse = evaluation["mse"].get<double>();
    const double logNrmse = (*testAtEnd)["nrmse"].get<double>();
    const double logMse = (*testAtEnd)["mse"].get<double>();
    QVERIFY2(
        std::abs(evalNrmse - logNrmse) <= 1e-9,
        qPrintable(QStringLiteral("eval nrmse %1 vs logged %2").arg(evalNrmse, 0, 'g', 17).arg(logNrmse, 0, 'g', 17)));
    QVERIFY2(std::abs(evalMse - logMse) <= 1e-9,
             qPrintable(QStringLiteral("eval mse %1 vs logged %2").arg(evalMse, 0, 'g', 17).arg(logMse, 0, 'g', 17)));

    // Training into the same directory again is refused and leaves the run untouched.
    QFile metricsFile(metricsPath);
    QVERIFY(metricsFile.open(QIODevice::ReadOnly));
    const QByteArray metricsBefore = metricsFile.readAll();
    metricsFile.close();
    const CliResult again = runCli(tinyTrainArguments(runDir, 6, 2), work.path(), kTrainTimeoutMs);
    QVERIFY2(again.finished && again.exitStatus == QProcess::NormalExit, qPrintable(describe(again)));
    QVERIFY2(again.exitCode == 2, qPrintable(describe(again)));
    const QString againReason = again.err.trimmed();
    QVERIFY2(!againReason.isEmpty() && !againReason.contains(QLatin1Char('\n')), qPrintable(describe(again)));
    QVERIFY2(againReason.contains(runDir) && againReason.contains(QStringLiteral("--resume")), qPrintable(againReason));
    QVERIFY(metricsFile.open(QIODevice::ReadOnly));
    QCOMPARE(metricsFile.readAll(), metricsBefore);
    metricsFile.close();

    // Resuming a finished run does nothing and says so.
    const CliResult resume =
        runCli({QStringLiteral("train"), QStringLiteral("--resume"), runDir}, work.path(), kTrainTimeoutMs);
    QVERIFY2(resume.finished && resume.exitStatus == QProcess::NormalExit, qPrintable(describe(resume)));
    QVERIFY2(resume.exitCode == 0, qPrintable(describe(resume)));
    QVERIFY2(resume.out.contains(QStringLiteral("already finished")), qPrintable(resume.out));
    QVERIFY2(resume.out.contains(QStringLiteral("step 6")), qPrintable(resume.out));
    QVERIFY(metricsFile.open(QIODevice::ReadOnly));
    QCOMPARE(metricsFile.readAll(), metricsBefore);
}

void TestCliRuns::interruptAndResume()
{
    constexpr int maxSteps = 40;
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString referenceDir = QDir(work.path()).filePath(QStringLiteral("reference"));
    const QString runDir = QDir(work.path()).filePath(QStringLiteral("interrupted"));
    const QString metricsPath = QDir(runDir).filePath(QStringLiteral("metrics.jsonl"));

    // The uninterrupted reference run.
    const CliResult reference = runCli(tinyTrainArguments(referenceDir, maxSteps, 1), work.path(), kTrainTimeoutMs);
    QVERIFY2(reference.finished && reference.exitStatus == QProcess::NormalExit, qPrintable(describe(reference)));
    QVERIFY2(reference.exitCode == 0, qPrintable(describe(reference)));

    // The same run, interrupted with SIGINT once it has logged step 3.
    QProcess process;
    process.setWorkingDirectory(work.path());
    process.start(cliPath(), tinyTrainArguments(runDir, maxSteps, 1));
    QVERIFY(process.waitForStarted(kQuickTimeoutMs));
    QTRY_VERIFY_WITH_TIMEOUT(maxTrainStep(metricsPath) >= 3 || process.state() == QProcess::NotRunning, 120000);
    QVERIFY2(process.state() == QProcess::Running,
             qPrintable(QStringLiteral("csae ended before it could be interrupted:\n") +
                        QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError())));
    QCOMPARE(::kill(static_cast<pid_t>(process.processId()), SIGINT), 0);
    QVERIFY(process.waitForFinished(kTrainTimeoutMs));
    const QString interruptedOut = QString::fromUtf8(process.readAllStandardOutput());
    const QString interruptedErr = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit, qPrintable(interruptedOut + interruptedErr));
    QVERIFY2(process.exitCode() == 130,
             qPrintable(QStringLiteral("exit %1\n").arg(process.exitCode()) + interruptedOut + interruptedErr));
    QVERIFY2(interruptedOut.contains(QStringLiteral("--resume")) && interruptedOut.contains(runDir),
             qPrintable(interruptedOut));
    static const QRegularExpression interruptedAt(QStringLiteral("Interrupted at step (\\d+)"));
    const QRegularExpressionMatch match = interruptedAt.match(interruptedOut);
    QVERIFY2(match.hasMatch(), qPrintable(interruptedOut));
    const std::int64_t stoppedAt = match.captured(1).toLongLong();
    QVERIFY2(stoppedAt >= 3 && stoppedAt < maxSteps, qPrintable(interruptedOut));
    QCOMPARE(maxTrainStep(metricsPath), stoppedAt);
    QVERIFY(QFile::exists(QDir(runDir).filePath(QStringLiteral("checkpoint.pt"))));

    // Resume to the end.
    const CliResult resumed =
        runCli({QStringLiteral("train"), QStringLiteral("--resume"), runDir}, work.path(), kTrainTimeoutMs);
    QVERIFY2(resumed.finished && resumed.exitStatus == QProcess::NormalExit, qPrintable(describe(resumed)));
    QVERIFY2(resumed.exitCode == 0, qPrintable(describe(resumed)));
    QVERIFY2(resumed.out.contains(QStringLiteral("Resuming")), qPrintable(resumed.out));
    QVERIFY2(resumed.out.contains(QStringLiteral("from step %1").arg(stoppedAt)), qPrintable(resumed.out));

    // Step by step, the interrupted-and-resumed run logged exactly the reference's losses.
    const std::vector<json> referenceRows =
        readMetricRows(QDir(referenceDir).filePath(QStringLiteral("metrics.jsonl")));
    const std::vector<json> resumedRows = readMetricRows(metricsPath);
    std::map<std::int64_t, double> referenceLosses, resumedLosses;
    QString problem;
    QVERIFY2(trainLossesByStep(referenceRows, referenceLosses, problem), qPrintable(problem));
    QVERIFY2(trainLossesByStep(resumedRows, resumedLosses, problem), qPrintable(problem));
    QCOMPARE(referenceLosses.size(), std::size_t(maxSteps));
    QCOMPARE(resumedLosses.size(), std::size_t(maxSteps));
    QCOMPARE(rowsOfSplit(resumedRows, "train").size(), std::size_t(maxSteps));
    for (std::int64_t step = 1; step <= maxSteps; ++step) {
        QVERIFY2(referenceLosses.count(step) == 1 && resumedLosses.count(step) == 1,
                 qPrintable(QStringLiteral("no train row at step %1").arg(step)));
        const double expected = referenceLosses[step];
        const double actual = resumedLosses[step];
        QVERIFY2(actual == expected, qPrintable(QStringLiteral("step %1: resumed loss %2, uninterrupted %3")
                                                    .arg(step)
                                                    .arg(actual, 0, 'g', 17)
                                                    .arg(expected, 0, 'g', 17)));
    }

    // Test rows: one per evaluated step, the same steps and values as the reference.
    const auto testRows = rowsOfSplit(resumedRows, "test");
    const auto referenceTestRows = rowsOfSplit(referenceRows, "test");
    QSet<qint64> testSteps;
    for (const auto& row : testRows) {
        const auto step = row["step"].get<qint64>();
        QVERIFY2(!testSteps.contains(step), qPrintable(QStringLiteral("duplicate test row at step %1").arg(step)));
        testSteps.insert(step);
    }
    QCOMPARE(testRows.size(), referenceTestRows.size());
    for (const auto& expectedRow : referenceTestRows) {
        const auto step = expectedRow["step"].get<std::int64_t>();
        const std::optional<json> actualRow = testRowAt(resumedRows, step);
        QVERIFY2(actualRow.has_value(), qPrintable(QStringLiteral("no test row at step %1").arg(step)));
        QVERIFY2((*actualRow)["nrmse"].get<double>() == expectedRow["nrmse"].get<double>(),
                 qPrintable(QStringLiteral("test nrmse differs at step %1").arg(step)));
        QVERIFY2((*actualRow)["mse"].get<double>() == expectedRow["mse"].get<double>(),
                 qPrintable(QStringLiteral("test mse differs at step %1").arg(step)));
    }
}

QTEST_GUILESS_MAIN(TestCliRuns)
#include "test_cli_runs.moc"
