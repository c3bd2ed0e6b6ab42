// `csae train` killed with SIGKILL again and again: at seeded random instants and, through the
// engine's test hook, in the middle of its writes (an empty and a complete but unrenamed
// checkpoint, a torn metrics row, config.json before its rename). After every kill the run
// directory resumes from its last complete checkpoint (or starts over when it had none), and the
// run that was killed 24 times ends with exactly the losses and test metrics of an uninterrupted
// run, no step logged twice and no temporary file left.

#include "tests/support/cli_runner.h"
#include "tests/support/metrics_rows.h"
#include "tests/support/mnist_required.h"

#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QProcessEnvironment>
#include <QtCore/QRandomGenerator>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <csignal>
#include <map>
#include <set>
#include <utility>

using namespace csae::testing;

namespace {

using json = nlohmann::json;

constexpr int kMaxSteps = 60;

/// 128 samples in batches of 32, T = 4, a small network; a checkpoint every 3 steps and a test
/// evaluation every 6, so kills land between, during and right after checkpoints.
QStringList trainArguments(const QString& runDir)
{
    QStringList arguments{QStringLiteral("train"), QStringLiteral("--out"), runDir};
    for (const char* setting : {"data.limit=128", "data.test_limit=64", "encoding.steps=4", "train.batch_size=32",
                                "model.channels=[4,8]", "model.embedding_size=16", "train.epochs=100",
                                "train.log_every=1", "train.eval_every=6", "train.checkpoint_every=3"})
        arguments << QStringLiteral("--set") << QString::fromLatin1(setting);
    arguments << QStringLiteral("--max-steps") << QString::number(kMaxSteps);
    return arguments;
}

QStringList temporaries(const QString& runDir)
{
    return QDir(runDir)
        .entryList(QDir::Files | QDir::Hidden)
        .filter(QRegularExpression(QStringLiteral("^\\..*\\.tmp")));
}

} // namespace

class TestCrashConsistency : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killedAtAnyInstant();
    void fullDiskKeepsThePreviousCheckpoint_data();
    void fullDiskKeepsThePreviousCheckpoint();

private:
    /// The run ended as an uninterrupted one: the same losses, rates and test metrics, no row
    /// twice, no temporary file.
    void compareWithReference(const QString& runDir);

    QTemporaryDir m_work;
    QString m_referenceDir;
};

void TestCrashConsistency::initTestCase()
{
    CSAE_REQUIRE_MNIST();
    QVERIFY(m_work.isValid());
    m_referenceDir = QDir(m_work.path()).filePath(QStringLiteral("reference"));
    const CliResult reference = runCli(trainArguments(m_referenceDir), m_work.path(), kTrainTimeoutMs);
    QVERIFY2(reference.finished && reference.exitCode == 0, qPrintable(describe(reference)));
}

void TestCrashConsistency::compareWithReference(const QString& runDir)
{
    const std::vector<json> rows = metricsRows(QDir(runDir).filePath(QStringLiteral("metrics.jsonl")));
    std::set<std::pair<std::string, std::int64_t>> seen;
    for (const json& row : rows) {
        const std::pair<std::string, std::int64_t> key{row.value("split", ""), row["step"].get<std::int64_t>()};
        QVERIFY2(seen.insert(key).second, qPrintable(QStringLiteral("%1 row of step %2 appears twice")
                                                         .arg(QString::fromStdString(key.first))
                                                         .arg(key.second)));
    }
    const auto expected =
        comparableMetrics(metricsRows(QDir(m_referenceDir).filePath(QStringLiteral("metrics.jsonl"))));
    const auto actual = comparableMetrics(rows);
    QCOMPARE(actual.size(), expected.size());
    for (const auto& [key, values] : expected) {
        QVERIFY2(
            actual.count(key) == 1,
            qPrintable(QStringLiteral("no %1 row of step %2").arg(QString::fromStdString(key.first)).arg(key.second)));
        QVERIFY2(
            actual.at(key) == values,
            qPrintable(
                QStringLiteral("%1 row of step %2 differs").arg(QString::fromStdString(key.first)).arg(key.second)));
    }
    QVERIFY2(temporaries(runDir).isEmpty(), qPrintable(temporaries(runDir).join(QLatin1Char(' '))));
}

void TestCrashConsistency::killedAtAnyInstant()
{
    const QString runDir = QDir(m_work.path()).filePath(QStringLiteral("killed"));
    const QString metrics = QDir(runDir).filePath(QStringLiteral("metrics.jsonl"));

    // The hooks first (each pauses the first write of that kind in its process), then random
    // instants after the process has loaded its data and said so.
    const QStringList hooks{QStringLiteral("config.json:written"), QStringLiteral("checkpoint.pt:opened"),
                            QStringLiteral("metrics.jsonl:torn"),  QStringLiteral("checkpoint.pt:written"),
                            QStringLiteral("metrics.jsonl:torn"),  QStringLiteral("checkpoint.pt:written")};
    constexpr int kKills = 24;
    QRandomGenerator random(20261203);
    std::int64_t lastCheckpointStep = 0;
    int kills = 0, attempts = 0;
    bool finished = false;
    while (!finished && attempts < kKills + 8) {
        ++attempts;
        const bool hasRun = QFile::exists(QDir(runDir).filePath(QStringLiteral("config.json")));
        const QStringList arguments =
            hasRun ? QStringList{QStringLiteral("train"), QStringLiteral("--resume"), runDir} : trainArguments(runDir);
        const QString hook = kills < hooks.size() ? hooks[kills] : QString();
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        if (!hook.isEmpty())
            environment.insert(QStringLiteral("CSAE_TEST_PAUSE_WRITE"), hook);
        process.setProcessEnvironment(environment);
        process.setWorkingDirectory(m_work.path());
        process.start(cliPath(), arguments);
        QVERIFY(process.waitForStarted(kQuickTimeoutMs));
        QByteArray out, err;
        const auto collect = [&] {
            out += process.readAllStandardOutput();
            err += process.readAllStandardError();
        };
        bool killed = false;
        if (kills < kKills) {
            QElapsedTimer waited;
            waited.start();
            if (!hook.isEmpty()) {
                while (!err.contains("csae test hook: paused") && process.state() == QProcess::Running &&
                       waited.elapsed() < kTrainTimeoutMs) {
                    process.waitForReadyRead(100);
                    collect();
                }
                QVERIFY2(err.contains("csae test hook: paused at"),
                         qPrintable(QStringLiteral("hook %1 never paused:\n%2%3")
                                        .arg(hook, QString::fromUtf8(out), QString::fromUtf8(err))));
            } else {
                while (!out.contains(" from step ") && process.state() == QProcess::Running &&
                       waited.elapsed() < kTrainTimeoutMs) {
                    process.waitForReadyRead(50);
                    collect();
                }
                QTest::qWait(int(random.bounded(150)));
            }
            if (process.state() == QProcess::Running) {
                QCOMPARE(::kill(pid_t(process.processId()), SIGKILL), 0);
                killed = true;
                ++kills;
            }
        }
        if (process.state() != QProcess::NotRunning)
            QVERIFY(process.waitForFinished(kTrainTimeoutMs));
        collect();
        const QString said = QString::fromUtf8(out + err);
        if (!killed) {
            QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, qPrintable(said));
            finished = true;
        }
        // Each attempt continued from the last complete checkpoint, never from an earlier one.
        static const QRegularExpression fromStep(QStringLiteral("from step (\\d+)"));
        const QRegularExpressionMatch resumedAt = fromStep.match(said);
        if (hasRun && resumedAt.hasMatch() && said.contains(QStringLiteral("Resuming"))) {
            QVERIFY2(resumedAt.captured(1).toLongLong() >= lastCheckpointStep, qPrintable(said));
            lastCheckpointStep = resumedAt.captured(1).toLongLong();
        }
        // Whatever the kill interrupted, the metrics read as rows (a torn last one is no row).
        for (const json& row : metricsRows(metrics))
            QVERIFY2(row.is_object() && row.contains("step"), qPrintable(said));
    }
    QVERIFY2(finished, "the run never finished");
    QVERIFY2(kills >= 20, qPrintable(QStringLiteral("only %1 kills landed").arg(kills)));

    compareWithReference(runDir);
}

void TestCrashConsistency::fullDiskKeepsThePreviousCheckpoint_data()
{
    QTest::addColumn<QString>("failingWrite");
    QTest::addColumn<QString>("file");
    QTest::newRow("third checkpoint") << QStringLiteral("checkpoint.pt:3") << QStringLiteral("checkpoint.pt");
    QTest::newRow("twentieth metrics row") << QStringLiteral("metrics.jsonl:20") << QStringLiteral("metrics.jsonl");
}

/// A write refused as by a full disk (the engine's injected ENOSPC): csae stops with the file and
/// the reason named, the previous checkpoint loads, and a resume once there is space ends as an
/// uninterrupted run.
void TestCrashConsistency::fullDiskKeepsThePreviousCheckpoint()
{
    QFETCH(QString, failingWrite);
    QFETCH(QString, file);
    const QString runDir = QDir(m_work.path()).filePath(QStringLiteral("full-") + file);
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("CSAE_TEST_FAIL_WRITE"), failingWrite);
    process.setProcessEnvironment(environment);
    process.setWorkingDirectory(m_work.path());
    process.start(cliPath(), trainArguments(runDir));
    QVERIFY(process.waitForFinished(kTrainTimeoutMs));
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY2(process.exitCode() != 0, qPrintable(err));
    QVERIFY2(err.contains(QDir(runDir).filePath(file)) && err.contains(QStringLiteral("No space left on device")),
             qPrintable(err));
    QVERIFY2(QFile::exists(QDir(runDir).filePath(QStringLiteral("checkpoint.pt"))), qPrintable(err));
    if (file == QLatin1String("checkpoint.pt")) // the third failed: the second (step 6) is intact
        QVERIFY2(err.contains(QStringLiteral("still holds step 6")) && err.contains(QStringLiteral("--resume")),
                 qPrintable(err));

    const CliResult resumed =
        runCli({QStringLiteral("train"), QStringLiteral("--resume"), runDir}, m_work.path(), kTrainTimeoutMs);
    QVERIFY2(resumed.finished && resumed.exitCode == 0, qPrintable(describe(resumed)));
    QVERIFY2(resumed.out.contains(QStringLiteral("Resuming")), qPrintable(resumed.out));
    compareWithReference(runDir);
}

QTEST_GUILESS_MAIN(TestCrashConsistency)
#include "test_crash_consistency.moc"
