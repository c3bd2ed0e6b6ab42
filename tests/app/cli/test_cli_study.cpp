// `csae study` as a user runs it: a tiny real study killed with SIGKILL mid-way and run again
// (no finished run repeats, no step is logged twice), the whole study killed at 20 random
// instants and still ending as an uninterrupted one, a shard, the report's files, the plan
// check, bad specs refused before anything runs, the Slurm script and the presets.

#include "tests/support/cli_runner.h"
#include "tests/support/metrics_rows.h"
#include "tests/support/mnist_required.h"

#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QRandomGenerator>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <csignal>
#include <map>
#include <set>

using namespace csae::testing;

namespace {

using json = nlohmann::json;

/// Two grid points x two seeds of a tiny SAE: 128 training samples in batches of 32 (4 steps
/// per epoch), 2 epochs, a checkpoint every step, so that a kill lands between checkpoints.
QByteArray tinyStudy(const QString& name)
{
    return QStringLiteral(R"({
  "name": "%1",
  "base": {"data": {"limit": 128, "test_limit": 64}, "encoding": {"steps": 4},
           "model": {"channels": [4, 8]},
           "train": {"batch_size": 32, "epochs": 2, "log_every": 1, "checkpoint_every": 1}},
  "grid": {"model.embedding_size": [8, 16]},
  "seeds": [1, 2],
  "metric": "nrmse"
})")
        .arg(name)
        .toUtf8();
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList runDirectories(const QString& studyDir)
{
    return QDir(QDir(studyDir).filePath(QStringLiteral("runs"))).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
}

int finishedRuns(const QString& studyDir)
{
    int done = 0;
    for (const QString& run : runDirectories(studyDir))
        done += readAll(QDir(studyDir).filePath(QStringLiteral("runs/%1/outcome.json").arg(run))).contains("\"done\"");
    return done;
}

/// Fails the test when any metrics.jsonl of the study logs a train or test step twice.
QString repeatedSteps(const QString& studyDir)
{
    for (const QString& run : runDirectories(studyDir)) {
        std::set<std::pair<std::string, std::int64_t>> seen;
        const QByteArray contents = readAll(QDir(studyDir).filePath(QStringLiteral("runs/%1/metrics.jsonl").arg(run)));
        for (const QByteArray& line : contents.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const json row = json::parse(line.toStdString(), nullptr, false);
            if (row.is_discarded())
                return run + QStringLiteral(": unparseable row ") + QString::fromUtf8(line);
            const std::string split = row.value("split", "");
            if (split != "run" && !seen.insert({split, row.value("step", std::int64_t(-1))}).second)
                return run + QStringLiteral(": %1 step %2 twice")
                                 .arg(QString::fromStdString(split))
                                 .arg(row.value("step", -1));
        }
    }
    return {};
}

} // namespace

class TestCliStudy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { CSAE_REQUIRE_MNIST(); }
    void killedStudyResumesWithoutRepeating();
    void studyKilledAtRandomInstants();
    void shardRunsItsShareOnly();
    void badSpecsAreRefusedBeforeAnythingRuns_data();
    void badSpecsAreRefusedBeforeAnythingRuns();
    void slurmScriptAndPresets();
};

void TestCliStudy::killedStudyResumesWithoutRepeating()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString spec = QDir(work.path()).filePath(QStringLiteral("tiny.json"));
    const QString studyDir = QDir(work.path()).filePath(QStringLiteral("study"));
    QVERIFY(writeFile(spec, tinyStudy(QStringLiteral("tiny"))));

    // Kill the study with SIGKILL once one run has finished and the next has checkpointed.
    QProcess process;
    process.setWorkingDirectory(work.path());
    process.start(cliPath(), {QStringLiteral("study"), QStringLiteral("run"), spec, QStringLiteral("--out"), studyDir});
    QVERIFY(process.waitForStarted(kQuickTimeoutMs));
    const auto secondRunCheckpointed = [&] {
        if (finishedRuns(studyDir) < 1)
            return false;
        for (const QString& run : runDirectories(studyDir))
            if (!readAll(QDir(studyDir).filePath(QStringLiteral("runs/%1/outcome.json").arg(run))).contains("done") &&
                QFile::exists(QDir(studyDir).filePath(QStringLiteral("runs/%1/checkpoint.pt").arg(run))))
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(secondRunCheckpointed() || process.state() == QProcess::NotRunning, 180000);
    QVERIFY2(process.state() == QProcess::Running,
             qPrintable(QStringLiteral("the study ended before it could be killed:\n") +
                        QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError())));
    process.kill(); // SIGKILL
    QVERIFY(process.waitForFinished(kQuickTimeoutMs));
    const int doneBefore = finishedRuns(studyDir);
    QVERIFY(doneBefore >= 1 && doneBefore < 4);
    std::map<QString, QByteArray> finishedMetrics;
    for (const QString& run : runDirectories(studyDir))
        if (readAll(QDir(studyDir).filePath(QStringLiteral("runs/%1/outcome.json").arg(run))).contains("done"))
            finishedMetrics[run] = readAll(QDir(studyDir).filePath(QStringLiteral("runs/%1/metrics.jsonl").arg(run)));

    // The status sees the interrupted study as it is.
    const CliResult status = runCli({QStringLiteral("study"), QStringLiteral("status"), studyDir}, work.path());
    QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    QVERIFY2(status.out.contains(QStringLiteral("Study tiny")) &&
                 status.out.contains(QStringLiteral("%1 done").arg(doneBefore)),
             qPrintable(status.out));

    // Run it again: it finishes, finished runs are not redone, and no step is logged twice.
    const CliResult again =
        runCli({QStringLiteral("study"), QStringLiteral("run"), spec, QStringLiteral("--out"), studyDir}, work.path(),
               kTrainTimeoutMs);
    QVERIFY2(again.finished && again.exitCode == 0, qPrintable(describe(again)));
    QVERIFY2(again.out.contains(QStringLiteral("resumed from its checkpoint")), qPrintable(again.out));
    QCOMPARE(finishedRuns(studyDir), 4);
    for (const auto& [run, metrics] : finishedMetrics) {
        QCOMPARE(readAll(QDir(studyDir).filePath(QStringLiteral("runs/%1/metrics.jsonl").arg(run))), metrics);
        QVERIFY2(!again.out.contains(run + QStringLiteral(": started")), qPrintable(again.out));
    }
    const QString repeated = repeatedSteps(studyDir);
    QVERIFY2(repeated.isEmpty(), qPrintable(repeated));
    QVERIFY2(again.out.contains(QStringLiteral("study tiny: 4/4 done, 0 running, 0 left")), qPrintable(again.out));

    // A third run has nothing to do.
    const CliResult third =
        runCli({QStringLiteral("study"), QStringLiteral("run"), spec, QStringLiteral("--out"), studyDir}, work.path());
    QVERIFY2(third.exitCode == 0 && !third.out.contains(QStringLiteral(": started")) &&
                 !third.out.contains(QStringLiteral(": resumed")),
             qPrintable(describe(third)));

    // The report: a row per run and per point, every run counted.
    const CliResult report = runCli({QStringLiteral("study"), QStringLiteral("report"), studyDir}, work.path());
    QVERIFY2(report.exitCode == 0, qPrintable(describe(report)));
    const QStringList results = QString::fromUtf8(readAll(QDir(studyDir).filePath(QStringLiteral("results.csv"))))
                                    .trimmed()
                                    .split(QLatin1Char('\n'));
    QCOMPARE(results.size(), 5);
    QVERIFY(results[0].startsWith(QStringLiteral("run_id,model.embedding_size,seed,state,steps,")));
    for (int row = 1; row < results.size(); ++row)
        QVERIFY2(results[row].contains(QStringLiteral(",done,8,8,")), qPrintable(results[row])); // 2 epochs x 4 steps
    const QStringList summary = QString::fromUtf8(readAll(QDir(studyDir).filePath(QStringLiteral("summary.csv"))))
                                    .trimmed()
                                    .split(QLatin1Char('\n'));
    QCOMPARE(summary.size(), 3);
    QVERIFY2(summary[1].startsWith(QStringLiteral("8,2,2,")) && summary[2].startsWith(QStringLiteral("16,2,2,")),
             qPrintable(summary.join(QLatin1Char('\n'))));

    // The same directory refuses a different study.
    const QString other = QDir(work.path()).filePath(QStringLiteral("other.json"));
    QVERIFY(writeFile(other, tinyStudy(QStringLiteral("other"))));
    const CliResult refused =
        runCli({QStringLiteral("study"), QStringLiteral("run"), other, QStringLiteral("--out"), studyDir}, work.path());
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("holds the study \"tiny\" with a different spec")),
             qPrintable(refused.err));
}

// A power cut, twenty times over: the whole study - the pool and its worker processes - killed
// with SIGKILL at seeded random instants. After every kill the directory loads (study status);
// in the end every run's losses and test metrics equal those of an uninterrupted study, no step
// is logged twice and no temporary file is left.
void TestCliStudy::studyKilledAtRandomInstants()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    QByteArray document = tinyStudy(QStringLiteral("tiny"));
    document.replace("\"epochs\": 2", "\"epochs\": 5");
    const QString spec = QDir(work.path()).filePath(QStringLiteral("tiny.json"));
    QVERIFY(writeFile(spec, document));
    const QString referenceDir = QDir(work.path()).filePath(QStringLiteral("reference"));
    const QString studyDir = QDir(work.path()).filePath(QStringLiteral("killed"));
    const CliResult reference =
        runCli({QStringLiteral("study"), QStringLiteral("run"), spec, QStringLiteral("--out"), referenceDir,
                QStringLiteral("--jobs"), QStringLiteral("2")}, // the same threads per run as below
               work.path(), kTrainTimeoutMs);
    QVERIFY2(reference.finished && reference.exitCode == 0, qPrintable(describe(reference)));

    QRandomGenerator random(20261203);
    int kills = 0, attempts = 0;
    bool finished = false;
    while (!finished && attempts < 45) {
        ++attempts;
        QProcess process;
        process.setWorkingDirectory(work.path());
        process.setProcessChannelMode(QProcess::MergedChannels);
        // Its own process group, so that one kill takes the pool and every worker, as a power cut would.
        process.setChildProcessModifier([] { ::setpgid(0, 0); });
        process.start(cliPath(), {QStringLiteral("study"), QStringLiteral("run"), spec, QStringLiteral("--out"),
                                  studyDir, QStringLiteral("--jobs"), QStringLiteral("2")});
        QVERIFY(process.waitForStarted(kQuickTimeoutMs));
        QByteArray said;
        bool killed = false;
        if (kills < 20) {
            QElapsedTimer waited;
            waited.start();
            while (!said.contains(": started") && !said.contains(": resumed") && process.state() == QProcess::Running &&
                   waited.elapsed() < kTrainTimeoutMs) {
                process.waitForReadyRead(50);
                said += process.readAll();
            }
            QTest::qWait(int(random.bounded(1500)));
            if (process.state() == QProcess::Running) {
                QCOMPARE(::kill(-pid_t(process.processId()), SIGKILL), 0);
                killed = true;
                ++kills;
            }
        }
        QVERIFY(process.waitForFinished(kTrainTimeoutMs));
        said += process.readAll();
        if (!killed) {
            QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0, said.constData());
            finished = true;
        }
        const CliResult status = runCli({QStringLiteral("study"), QStringLiteral("status"), studyDir}, work.path());
        QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    }
    QVERIFY2(finished, "the study never finished");
    QVERIFY2(kills >= 20, qPrintable(QStringLiteral("only %1 kills landed").arg(kills)));

    QCOMPARE(finishedRuns(studyDir), 4);
    const QString repeated = repeatedSteps(studyDir);
    QVERIFY2(repeated.isEmpty(), qPrintable(repeated));
    for (const QString& run : runDirectories(referenceDir)) {
        const QString runDir = QDir(studyDir).filePath(QStringLiteral("runs/") + run);
        const auto expected = comparableMetrics(
            metricsRows(QDir(referenceDir).filePath(QStringLiteral("runs/%1/metrics.jsonl").arg(run))));
        const auto actual = comparableMetrics(metricsRows(QDir(runDir).filePath(QStringLiteral("metrics.jsonl"))));
        QString difference;
        for (const auto& [key, values] : expected)
            if (!actual.count(key) || actual.at(key) != values) {
                difference = QStringLiteral("%1 row of step %2").arg(QString::fromStdString(key.first)).arg(key.second);
                break;
            }
        QVERIFY2(!expected.empty() && actual.size() == expected.size() && difference.isEmpty(),
                 qPrintable(run + QStringLiteral(": metrics differ from the uninterrupted study's (") + difference +
                            QStringLiteral(")")));
        const QStringList temporaries = QDir(runDir)
                                            .entryList(QDir::Files | QDir::Hidden)
                                            .filter(QRegularExpression(QStringLiteral("^\\..*\\.tmp")));
        QVERIFY2(temporaries.isEmpty(), qPrintable(run + QStringLiteral(": ") + temporaries.join(QLatin1Char(' '))));
    }
}

void TestCliStudy::shardRunsItsShareOnly()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString spec = QDir(work.path()).filePath(QStringLiteral("tiny.json"));
    const QString studyDir = QDir(work.path()).filePath(QStringLiteral("study"));
    QByteArray document = tinyStudy(QStringLiteral("tiny"));
    document.replace("\"epochs\": 2", "\"epochs\": 1");
    QVERIFY(writeFile(spec, document));
    const CliResult shard = runCli({QStringLiteral("study"), QStringLiteral("run"), spec, QStringLiteral("--out"),
                                    studyDir, QStringLiteral("--shard"), QStringLiteral("1/2")},
                                   work.path(), kTrainTimeoutMs);
    QVERIFY2(shard.exitCode == 0, qPrintable(describe(shard)));
    QVERIFY2(shard.out.contains(QStringLiteral("shard 1/2 holds 2 of them")), qPrintable(shard.out));
    // Runs 1 and 3 of the expansion: the second seed of each point.
    QCOMPARE(finishedRuns(studyDir), 2);
    QVERIFY(
        readAll(QDir(studyDir).filePath(QStringLiteral("runs/embedding_size-8_seed-2/outcome.json"))).contains("done"));
    QVERIFY(readAll(QDir(studyDir).filePath(QStringLiteral("runs/embedding_size-16_seed-2/outcome.json")))
                .contains("done"));
    const CliResult report = runCli({QStringLiteral("study"), QStringLiteral("report"), studyDir}, work.path());
    QVERIFY2(report.exitCode == 0 && report.out.contains(QStringLiteral("(1 of 2 runs)")) &&
                 report.out.contains(QStringLiteral("Partly finished")),
             qPrintable(describe(report)));

    // Embedding quality per run: computed for the finished runs only, kept while the run is
    // unchanged, as columns of results.csv and mean and std per point in summary.csv.
    const QStringList qualityReport{QStringLiteral("study"), QStringLiteral("report"), studyDir,
                                    QStringLiteral("--embedding-quality"), QStringLiteral("--no-figures")};
    const CliResult quality = runCli(qualityReport, work.path(), kTrainTimeoutMs);
    QVERIFY2(quality.exitCode == 0 && quality.out.count(QStringLiteral("Embedding quality ")) == 2,
             qPrintable(describe(quality)));
    QVERIFY(
        QFile::exists(QDir(studyDir).filePath(QStringLiteral("runs/embedding_size-8_seed-2/analysis/analysis.json"))));
    QVERIFY(!QDir(QDir(studyDir).filePath(QStringLiteral("runs/embedding_size-8_seed-1/analysis"))).exists());
    const QStringList results = QString::fromUtf8(readAll(QDir(studyDir).filePath(QStringLiteral("results.csv"))))
                                    .trimmed()
                                    .split(QLatin1Char('\n'));
    QVERIFY2(results[0].endsWith(QStringLiteral(
                 ",knn_accuracy,linear_probe_accuracy,trustworthiness_pca,trustworthiness_umap,silhouette")),
             qPrintable(results[0]));
    for (int row = 1; row < results.size(); ++row) {
        const QStringList cells = results[row].split(QLatin1Char(','));
        const bool done = results[row].contains(QStringLiteral(",done,"));
        const double knn = cells[cells.size() - 5].toDouble();
        QVERIFY2(done ? knn > 0.0 && knn <= 1.0 : cells[cells.size() - 5].isEmpty(), qPrintable(results[row]));
    }
    const QString summary = QString::fromUtf8(readAll(QDir(studyDir).filePath(QStringLiteral("summary.csv"))));
    QVERIFY2(summary.startsWith(QStringLiteral("model.embedding_size,runs_planned,n,mean,std,ci95_low,ci95_high,"
                                               "knn_accuracy_n,knn_accuracy_mean,knn_accuracy_std,")),
             qPrintable(summary));
    const CliResult again = runCli(qualityReport, work.path(), kTrainTimeoutMs);
    QVERIFY2(again.exitCode == 0 && !again.out.contains(QStringLiteral("Embedding quality ")),
             qPrintable(describe(again)));
    const CliResult tooFew =
        runCli(qualityReport + QStringList{QStringLiteral("--samples"), QStringLiteral("3")}, work.path());
    QCOMPARE(tooFew.exitCode, 2);
    QVERIFY2(tooFew.err.contains(QStringLiteral("--samples: 3 is out of range")), qPrintable(tooFew.err));

    // More jobs than cores is refused, saying why.
    const CliResult tooMany = runCli({QStringLiteral("study"), QStringLiteral("run"), spec, QStringLiteral("--out"),
                                      studyDir, QStringLiteral("--jobs"), QStringLiteral("4096")},
                                     work.path());
    QCOMPARE(tooMany.exitCode, 2);
    QVERIFY2(tooMany.err.contains(QStringLiteral("refused")), qPrintable(tooMany.err));
}

void TestCliStudy::badSpecsAreRefusedBeforeAnythingRuns_data()
{
    QTest::addColumn<QByteArray>("document");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key") << QByteArray(R"({"name": "s", "grid": {"model.kernal": [3]}, "seeds": [1]})")
                                 << QStringLiteral("model.kernal: unknown key");
    QTest::newRow("bad value") << QByteArray(R"({"name": "s", "grid": {"model.kernel_size": [3, 16]}, "seeds": [1]})")
                               << QStringLiteral("model.kernel_size: 16 is out of range");
    QTest::newRow("empty grid") << QByteArray(R"({"name": "s", "grid": {}, "seeds": [1]})")
                                << QStringLiteral("grid: empty");
    QTest::newRow("not JSON") << QByteArray("{\"name\": ") << QStringLiteral("not valid JSON");
}

void TestCliStudy::badSpecsAreRefusedBeforeAnythingRuns()
{
    QFETCH(QByteArray, document);
    QFETCH(QString, expected);
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString spec = QDir(work.path()).filePath(QStringLiteral("bad.json"));
    QVERIFY(writeFile(spec, document));
    const QString studyDir = QDir(work.path()).filePath(QStringLiteral("study"));
    const CliResult result =
        runCli({QStringLiteral("study"), QStringLiteral("run"), spec, QStringLiteral("--out"), studyDir}, work.path());
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(spec) && result.err.contains(expected), qPrintable(result.err));
    QVERIFY(!QFile::exists(studyDir));
}

void TestCliStudy::slurmScriptAndPresets()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const QString studyDir = QDir(work.path()).filePath(QStringLiteral("kernel"));
    const CliResult slurm =
        runCli({QStringLiteral("study"), QStringLiteral("slurm"), QStringLiteral("seed-kernel-mnist"),
                QStringLiteral("--out"), studyDir, QStringLiteral("--max-parallel"), QStringLiteral("3"),
                QStringLiteral("--time"), QStringLiteral("1:00:00")},
               work.path());
    QVERIFY2(slurm.exitCode == 0, qPrintable(describe(slurm)));
    const QString script = QString::fromUtf8(readAll(QDir(studyDir).filePath(QStringLiteral("study.sbatch"))));
    QVERIFY2(script.contains(QStringLiteral("#SBATCH --array=0-11%3\n")), qPrintable(script)); // 4 kernels x 3 seeds
    QVERIFY2(script.contains(QStringLiteral("--shard \"$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\"")),
             qPrintable(script));
    QVERIFY2(script.contains(QStringLiteral("#SBATCH --time=1:00:00\n")), qPrintable(script));
    QVERIFY(QFile::exists(QDir(studyDir).filePath(QStringLiteral("study.json"))));
    QVERIFY(QDir(studyDir).exists(QStringLiteral("slurm")));

    const CliResult presets = runCli({QStringLiteral("study"), QStringLiteral("presets")}, work.path());
    QVERIFY2(presets.exitCode == 0, qPrintable(describe(presets)));
    for (const char* name : {"seed-hparams", "seed-kernel-mnist", "seed-kernel-dvs", "seed-encoding-frequency",
                             "seed-encoding-heatmap", "seed-recurrence-mnist", "seed-recurrence-dvs",
                             "seed-embedding-size", "seed-dvs-targets", "seed-dvs-classifier-kernel"})
        QVERIFY2(presets.out.contains(QString::fromUtf8(name)), name);
    QVERIFY2(presets.out.contains(QStringLiteral("54 runs")), qPrintable(presets.out)); // seed-hparams: 27 x 2
}

QTEST_GUILESS_MAIN(TestCliStudy)
#include "test_cli_study.moc"
