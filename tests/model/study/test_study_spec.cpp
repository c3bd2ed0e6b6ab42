// Studies in the engine: spec parsing and validation, stable run ids, sharding, run states from
// a study directory, aggregation (n, mean, std, 95 % CI) and the Slurm script's text.

#include "model/core/errors.h"
#include "model/study/slurm_script.h"
#include "model/study/study_report.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <fstream>
#include <set>

using namespace csae;
using ordered_json = nlohmann::ordered_json;

namespace {

ordered_json kernelSpec()
{
    return ordered_json::parse(R"({
        "name": "kernel",
        "base": {"data": {"limit": 128}, "train": {"epochs": 1}},
        "grid": {"model.kernel_size": [3, 5, 7], "train.lr": [0.001, 0.004]},
        "seeds": [1, 2],
        "metric": "nrmse"})");
}

/// A finished run directory whose last test row has `nrmse`.
void writeFinishedRun(const std::filesystem::path& study, const StudyRun& run, double nrmse, double seconds)
{
    const auto dir = study_run_path(study, run);
    std::filesystem::create_directories(dir);
    std::ofstream metrics(dir / "metrics.jsonl");
    metrics << R"({"split":"run","step":0})" << '\n'
            << R"({"split":"test","step":0,"nrmse":1.1,"mse":0.2})" << '\n'
            << R"({"split":"train","step":10,"loss":0.5,"elapsed_s":)" << seconds / 2 << "}\n"
            << R"({"split":"run","step":10})" << '\n'
            << R"({"split":"train","step":20,"loss":0.4,"elapsed_s":)" << seconds / 2 << "}\n"
            << R"({"split":"test","step":20,"nrmse":)" << nrmse << R"(,"mse":0.1})" << '\n';
    metrics.close();
    write_run_outcome(study, run, StudyRunState::Done, 0, "");
}

} // namespace

class TestStudySpec : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void expandsTheGrid();
    void zipAxesVaryTogether();
    void badSpecs_data();
    void badSpecs();
    void runIdsAreStable();
    void shardsAreDisjointAndComplete_data();
    void shardsAreDisjointAndComplete();
    void badShardArguments_data();
    void badShardArguments();
    void studentQuantiles_data();
    void studentQuantiles();
    void aggregatesFinishedRuns();
    void runStatesFromTheDirectory();
    void refusesADifferentStudyInTheSameDirectory();
    void slurmScriptText();
    void everyPresetLoads();
};

void TestStudySpec::expandsTheGrid()
{
    const StudySpec spec = StudySpec::from_json(kernelSpec(), "spec.json");
    QCOMPARE(spec.points().size(), std::size_t(6));
    QCOMPARE(spec.runs().size(), std::size_t(12));
    QCOMPARE(spec.grid_keys(), (std::vector<std::string>{"model.kernel_size", "train.lr"}));
    // The last axis varies fastest; each point is run once per seed, seeds innermost.
    QCOMPARE(spec.points()[1].values[0].second.get<int>(), 3);
    QCOMPARE(spec.points()[1].values[1].second.get<double>(), 0.004);
    QCOMPARE(spec.points()[2].values[0].second.get<int>(), 5);
    QCOMPARE(spec.runs()[3].point, std::size_t(1));
    QCOMPARE(spec.runs()[3].seed, std::uint64_t(2));
    const Config config = spec.config_for(spec.runs()[3]);
    QCOMPARE(config.model.kernel_size, std::int64_t(3));
    QCOMPARE(config.train.learning_rate, 0.004);
    QCOMPARE(config.train.seed, std::uint64_t(2));
    QCOMPARE(config.data.limit, std::int64_t(128)); // from base
    QCOMPARE(spec.metric(), StudyMetric::Nrmse);
    // The normalised spec reads back as the same study.
    const StudySpec again = StudySpec::from_json(spec.to_json(), "again");
    QCOMPARE(again.to_json().dump(), spec.to_json().dump());
}

void TestStudySpec::zipAxesVaryTogether()
{
    const auto document = ordered_json::parse(R"({
        "name": "heat", "grid": {"model.kernel_size": [5, 7]},
        "zip": [{"encoding.f_on": [500, 1000], "encoding.f_off": [0, 100]}],
        "seeds": [3]})");
    const StudySpec spec = StudySpec::from_json(document, "heat.json");
    QCOMPARE(spec.points().size(), std::size_t(4));
    QCOMPARE(spec.grid_keys(), (std::vector<std::string>{"model.kernel_size", "encoding.f_on", "encoding.f_off"}));
    const Config last = spec.config_for(spec.runs().back());
    QCOMPARE(last.encoding.f_on, 1000.0);
    QCOMPARE(last.encoding.f_off, 100.0);
    QCOMPARE(last.model.kernel_size, std::int64_t(7));
    QCOMPARE(spec.metric(), StudyMetric::Nrmse); // the autoencoders' default
    QCOMPARE(QString::fromStdString(spec.to_json()["zip"].dump()),
             QStringLiteral(R"([{"encoding.f_on":[500,1000],"encoding.f_off":[0,100]}])"));
}

void TestStudySpec::badSpecs_data()
{
    QTest::addColumn<QString>("document");
    QTest::addColumn<QString>("expected");
    const QString grid = QStringLiteral(R"("grid": {"model.kernel_size": [3, 5]}, "seeds": [1])");
    QTest::newRow("not an object") << QStringLiteral("[1]") << QStringLiteral("a study spec is a JSON object");
    QTest::newRow("unknown top-level key")
        << QStringLiteral(R"({"name": "s", "gird": {}, "seeds": [1]})") << QStringLiteral("gird: unknown key");
    QTest::newRow("missing name") << QStringLiteral("{%1}").arg(grid) << QStringLiteral("name: missing");
    QTest::newRow("unknown grid key")
        << QStringLiteral(R"({"name": "s", "grid": {"model.kernal_size": [3]}, "seeds": [1]})")
        << QStringLiteral("model.kernal_size: unknown key; did you mean model.kernel_size?");
    QTest::newRow("out-of-range grid value")
        << QStringLiteral(R"({"name": "s", "grid": {"model.kernel_size": [3, 4]}, "seeds": [1]})")
        << QStringLiteral("grid point {model.kernel_size = 4}: model.kernel_size: 4 is out of range");
    QTest::newRow("wrong type") << QStringLiteral(R"({"name": "s", "grid": {"train.lr": ["fast"]}, "seeds": [1]})")
                                << QStringLiteral("train.lr: \"fast\" is not a number");
    QTest::newRow("empty axis") << QStringLiteral(R"({"name": "s", "grid": {"train.lr": []}, "seeds": [1]})")
                                << QStringLiteral("grid.train.lr: empty list");
    QTest::newRow("axis not a list") << QStringLiteral(R"({"name": "s", "grid": {"train.lr": 0.1}, "seeds": [1]})")
                                     << QStringLiteral("grid.train.lr: expected a list");
    QTest::newRow("repeated value") << QStringLiteral(
                                           R"({"name": "s", "grid": {"train.lr": [0.1, 0.1]}, "seeds": [1]})")
                                    << QStringLiteral("grid.train.lr: 0.1 is listed twice");
    QTest::newRow("empty grid") << QStringLiteral(R"({"name": "s", "grid": {}, "seeds": [1]})")
                                << QStringLiteral("grid: empty");
    QTest::newRow("missing seeds") << QStringLiteral(R"({"name": "s", "grid": {"train.lr": [0.1]}})")
                                   << QStringLiteral("seeds: missing");
    QTest::newRow("empty seeds") << QStringLiteral(R"({"name": "s", "grid": {"train.lr": [0.1]}, "seeds": []})")
                                 << QStringLiteral("seeds: expected a non-empty list");
    QTest::newRow("negative seed") << QStringLiteral(R"({"name": "s", "grid": {"train.lr": [0.1]}, "seeds": [-1]})")
                                   << QStringLiteral("seeds: -1 is not a non-negative integer");
    QTest::newRow("repeated seed") << QStringLiteral(R"({"name": "s", "grid": {"train.lr": [0.1]}, "seeds": [2, 2]})")
                                   << QStringLiteral("seeds: 2 is listed twice");
    QTest::newRow("seed as an axis") << QStringLiteral(R"({"name": "s", "grid": {"train.seed": [1, 2]}, "seeds": [1]})")
                                     << QStringLiteral("train.seed: set the seeds with \"seeds\"");
    QTest::newRow("unknown metric") << QStringLiteral(R"({"name": "s", %1, "metric": "loss"})").arg(grid)
                                    << QStringLiteral("metric: \"loss\" is not a test metric");
    QTest::newRow("accuracy of an autoencoder")
        << QStringLiteral(R"({"name": "s", %1, "metric": "accuracy"})").arg(grid)
        << QStringLiteral("metric: \"accuracy\" is not measured for model.kind \"sae\"");
    QTest::newRow("bad base") << QStringLiteral(R"({"name": "s", "base": {"model": {"kind": "vae"}}, %1})").arg(grid)
                              << QStringLiteral("base: model.kind");
    QTest::newRow("zip of unequal lengths")
        << QStringLiteral(R"({"name": "s", "zip": [{"encoding.f_on": [1, 2], "encoding.f_off": [0]}], "seeds": [1]})")
        << QStringLiteral("zip[0].encoding.f_off: 1 values, but encoding.f_on has 2");
    QTest::newRow("a key in grid and zip")
        << QStringLiteral(R"({"name": "s", "grid": {"encoding.f_on": [1]}, "zip": [{"encoding.f_on": [2]}], )"
                          R"("seeds": [1]})")
        << QStringLiteral("encoding.f_on: varied twice");
    QTest::newRow("cross-key check per point")
        << QStringLiteral(R"({"name": "s", "grid": {"encoding.f_on": [500, 5000]}, "seeds": [1]})")
        << QStringLiteral("grid point {encoding.f_on = 5000}: encoding.f_on: 5000.0 Hz is out of range");
    QTest::newRow("too many runs")
        << QStringLiteral(R"({"name": "s", "grid": {"train.lr": [%1], "train.epochs": [%1]}, "seeds": [1, 2]})")
               .arg(QStringLiteral("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,"
                                   "30,31,32,33,34,35,36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,"
                                   "56,57,58,59,60,61,62,63,64,65,66,67,68,69,70,71,72,73,74,75,76,77,78,79,80,81,"
                                   "82,83,84,85,86,87,88,89,90,91,92,93,94,95,96,97,98,99,100,101,102,103,104,105,"
                                   "106,107,108,109,110,111,112,113,114,115,116,117,118,119,120,121,122,123,124,125,"
                                   "126,127,128,129,130,131,132,133,134,135,136,137,138,139,140,141,142,143,144,145,"
                                   "146,147,148,149,150,151,152,153,154,155,156,157,158,159,160,161,162,163,164,165,"
                                   "166,167,168,169,170,171,172,173,174,175,176,177,178,179,180,181,182,183,184,185,"
                                   "186,187,188,189,190,191,192,193,194,195,196,197,198,199,200,201,202,203,204,205,"
                                   "206,207,208,209,210,211,212,213,214,215,216,217,218,219,220,221,222,223,224,225,"
                                   "226,227,228,229,230,231,232,233,234,235,236,237,238,239,240,241,242,243,244,245,"
                                   "246,247,248,249,250"))
        << QStringLiteral("grid: more than 100000 runs");
}

void TestStudySpec::badSpecs()
{
    QFETCH(QString, document);
    QFETCH(QString, expected);
    const auto parsed = ordered_json::parse(document.toStdString());
    try {
        StudySpec::from_json(parsed, "bad.json");
        QFAIL("accepted");
    } catch (const ConfigError& error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.startsWith(QStringLiteral("bad.json: ")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }
}

void TestStudySpec::runIdsAreStable()
{
    const StudySpec spec = StudySpec::from_json(kernelSpec(), "spec.json");
    QCOMPARE(QString::fromStdString(spec.runs()[3].id), QStringLiteral("kernel_size-3_lr-0.004_seed-2"));
    std::set<std::string> ids;
    for (const auto& run : spec.runs())
        ids.insert(run.id);
    QCOMPARE(ids.size(), spec.runs().size());

    // The same point and seed keep their id when the grid is reordered or extended.
    auto extended = ordered_json::parse(R"({"name": "kernel", "base": {"data": {"limit": 128}},
        "grid": {"train.lr": [0.0001, 0.004], "model.kernel_size": [7, 3, 9]}, "seeds": [5, 2]})");
    const StudySpec other = StudySpec::from_json(extended, "other.json");
    const bool found = std::any_of(other.runs().begin(), other.runs().end(),
                                   [](const StudyRun& run) { return run.id == "kernel_size-3_lr-0.004_seed-2"; });
    QVERIFY(found);

    // Lists and strings are spelt out; names shared by two sections keep their section.
    const std::string listId =
        study_run_id({{"model.channels", nlohmann::json::array({8, 16})}, {"model.recurrence", "implicit1"}}, 1);
    QCOMPARE(QString::fromStdString(listId), QStringLiteral("channels-8x16_recurrence-implicit1_seed-1"));
    const std::string shared = study_run_id({{"model.kind", "ae"}, {"data.kind", "x"}}, 1);
    QCOMPARE(QString::fromStdString(shared), QStringLiteral("data-kind-x_model-kind-ae_seed-1"));
    // Long ids are cut and end in a hash of the whole, so two long ids still differ.
    const std::string longA = study_run_id({{"data.root", std::string(200, 'a') + "1"}}, 1);
    const std::string longB = study_run_id({{"data.root", std::string(200, 'a') + "2"}}, 1);
    QVERIFY(longA.size() <= 96);
    QVERIFY(longA != longB);
    QCOMPARE(longA, study_run_id({{"data.root", std::string(200, 'a') + "1"}}, 1));
}

void TestStudySpec::shardsAreDisjointAndComplete_data()
{
    QTest::addColumn<int>("shards");
    QTest::newRow("one") << 1;
    QTest::newRow("two") << 2;
    QTest::newRow("five") << 5;
    QTest::newRow("more shards than runs") << 20;
}

void TestStudySpec::shardsAreDisjointAndComplete()
{
    QFETCH(int, shards);
    const StudySpec spec = StudySpec::from_json(kernelSpec(), "spec.json");
    std::multiset<std::string> seen;
    for (int shard = 0; shard < shards; ++shard)
        for (const auto& run :
             study_shard(spec.runs(), static_cast<std::size_t>(shard), static_cast<std::size_t>(shards)))
            seen.insert(run.id);
    QCOMPARE(seen.size(), spec.runs().size());
    for (const auto& run : spec.runs())
        QCOMPARE(seen.count(run.id), std::size_t(1));
}

void TestStudySpec::badShardArguments_data()
{
    QTest::addColumn<QString>("text");
    for (const char* text : {"", "1", "2/2", "-1/2", "0/0", "a/b", "1/2/3", " 0/2", "99999999999/1"})
        QTest::newRow(text) << QString::fromUtf8(text);
}

void TestStudySpec::badShardArguments()
{
    QFETCH(QString, text);
    QVERIFY_THROWS_EXCEPTION(ConfigError, parse_shard(text.toStdString()));
    QCOMPARE(parse_shard("3/4"), (std::pair<std::size_t, std::size_t>{3, 4}));
}

void TestStudySpec::studentQuantiles_data()
{
    QTest::addColumn<int>("degrees");
    QTest::addColumn<double>("expected");
    QTest::newRow("1") << 1 << 12.7062;
    QTest::newRow("2") << 2 << 4.3027;
    QTest::newRow("30") << 30 << 2.0423;
    QTest::newRow("40") << 40 << 2.0211;
    QTest::newRow("120") << 120 << 1.9799;
}

void TestStudySpec::studentQuantiles()
{
    QFETCH(int, degrees);
    QFETCH(double, expected);
    QVERIFY2(std::abs(student_t_975(static_cast<std::size_t>(degrees)) - expected) < 2e-4,
             qPrintable(QString::number(student_t_975(static_cast<std::size_t>(degrees)), 'f', 5)));
}

void TestStudySpec::aggregatesFinishedRuns()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const std::filesystem::path dir = work.path().toStdString();
    const auto document = ordered_json::parse(
        R"({"name": "agg", "grid": {"model.kernel_size": [3, 5]}, "seeds": [1, 2, 3], "metric": "nrmse"})");
    const StudySpec spec = StudySpec::from_json(document, "agg.json");
    prepare_study_directory(dir, spec);
    // Kernel 3: all three seeds, 0.3, 0.5, 0.4. Kernel 5: one of three finished.
    writeFinishedRun(dir, spec.runs()[0], 0.3, 10.0);
    writeFinishedRun(dir, spec.runs()[1], 0.5, 12.0);
    writeFinishedRun(dir, spec.runs()[2], 0.4, 14.0);
    writeFinishedRun(dir, spec.runs()[3], 0.25, 8.0);
    const auto statuses = inspect_study(dir, spec);
    QCOMPARE(statuses[0].steps, std::int64_t(20));
    QCOMPARE(statuses[0].wall_seconds, 10.0); // summed over the two attempts
    QCOMPARE(statuses[4].state, StudyRunState::Pending);
    const auto summaries = summarise_study(spec, statuses);
    QCOMPARE(summaries.size(), std::size_t(2));
    QCOMPARE(summaries[0].n, std::size_t(3));
    QCOMPARE(summaries[0].planned, std::size_t(3));
    QVERIFY(std::abs(summaries[0].mean - 0.4) < 1e-12);
    QVERIFY(std::abs(summaries[0].std - 0.1) < 1e-12);
    const double half = 4.3027 * 0.1 / std::sqrt(3.0); // t(0.975, 2) s / sqrt(n)
    QVERIFY(std::abs(summaries[0].ci_low - (0.4 - half)) < 1e-4);
    QVERIFY(std::abs(summaries[0].ci_high - (0.4 + half)) < 1e-4);
    QCOMPARE(summaries[1].n, std::size_t(1));
    QCOMPARE(summaries[1].planned, std::size_t(3));
    QCOMPARE(summaries[1].std, 0.0);
    QCOMPARE(summaries[1].ci_low, 0.25);

    write_summary_csv(dir / "summary.csv", spec, summaries);
    write_results_csv(dir / "results.csv", spec, statuses);
    QFile summary(QString::fromStdString((dir / "summary.csv").string()));
    QVERIFY(summary.open(QIODevice::ReadOnly));
    const QStringList summaryLines = QString::fromUtf8(summary.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(summaryLines[0], QStringLiteral("model.kernel_size,runs_planned,n,mean,std,ci95_low,ci95_high"));
    QVERIFY2(summaryLines[1].startsWith(QStringLiteral("3,3,3,0.4,0.1,0.151")), qPrintable(summaryLines[1]));
    QCOMPARE(summaryLines[2], QStringLiteral("5,3,1,0.25,0,0.25,0.25"));
    QFile results(QString::fromStdString((dir / "results.csv").string()));
    QVERIFY(results.open(QIODevice::ReadOnly));
    const QStringList resultLines = QString::fromUtf8(results.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(resultLines.size(), 7);
    QCOMPARE(resultLines[0], QStringLiteral("run_id,model.kernel_size,seed,state,steps,test_step,nrmse,mse,accuracy,"
                                            "cross_entropy,wall_s,knn_accuracy,linear_probe_accuracy,"
                                            "trustworthiness_pca,trustworthiness_umap,silhouette"));
    QCOMPARE(resultLines[1], QStringLiteral("kernel_size-3_seed-1,3,1,done,20,20,0.3,0.1,,,10,,,,,"));
    QCOMPARE(resultLines[6], QStringLiteral("kernel_size-5_seed-3,5,3,pending,0,,,,,,0,,,,,"));

    // Embedding quality (csae study report --embedding-quality): two analysed runs of kernel 3
    // (kNN 0.8 and 0.9), a damaged analysis that counts as none, a pending run's ignored.
    const auto writeAnalysis = [&](const StudyRun& run, const std::string& text) {
        std::filesystem::create_directories(study_run_path(dir, run) / kRunAnalysisDirectory);
        std::ofstream(study_run_path(dir, run) / kRunAnalysisDirectory / "analysis.json") << text;
    };
    writeAnalysis(spec.runs()[0], R"({"knn_accuracy": 0.8, "linear_probe_accuracy": 0.7, "silhouette": 0.1})");
    writeAnalysis(spec.runs()[1], R"({"knn_accuracy": 0.9, "linear_probe_accuracy": 0.75, "silhouette": -0.1})");
    writeAnalysis(spec.runs()[2], R"({"knn_accuracy": 0.)");
    writeAnalysis(spec.runs()[4], R"({"knn_accuracy": 0.1})");
    const auto analysed = inspect_study(dir, spec);
    QVERIFY(analysed[0].analysis && !analysed[2].analysis);
    const auto withQuality = summarise_study(spec, analysed);
    QCOMPARE(withQuality[0].quality[0].n, std::size_t(2));
    QVERIFY(std::abs(withQuality[0].quality[0].mean - 0.85) < 1e-12);
    QVERIFY(std::abs(withQuality[0].quality[0].std - std::sqrt(0.005)) < 1e-12);
    QCOMPARE(withQuality[0].quality[2].n, std::size_t(0)); // trustworthiness_pca: in neither file
    QCOMPARE(withQuality[1].quality[0].n, std::size_t(0)); // the pending run's analysis does not count
    write_summary_csv(dir / "summary.csv", spec, withQuality);
    write_results_csv(dir / "results.csv", spec, analysed);
    QFile qualitySummary(QString::fromStdString((dir / "summary.csv").string()));
    QVERIFY(qualitySummary.open(QIODevice::ReadOnly));
    const QStringList qualityLines = QString::fromUtf8(qualitySummary.readAll()).trimmed().split(QLatin1Char('\n'));
    QVERIFY2(qualityLines[0].endsWith(QStringLiteral(",silhouette_n,silhouette_mean,silhouette_std")),
             qPrintable(qualityLines[0]));
    QVERIFY2(qualityLines[1].contains(QStringLiteral(",2,0.85,0.0707")), qPrintable(qualityLines[1]));
    QFile qualityResults(QString::fromStdString((dir / "results.csv").string()));
    QVERIFY(qualityResults.open(QIODevice::ReadOnly));
    const QStringList qualityRows = QString::fromUtf8(qualityResults.readAll()).trimmed().split(QLatin1Char('\n'));
    QCOMPARE(qualityRows[1], QStringLiteral("kernel_size-3_seed-1,3,1,done,20,20,0.3,0.1,,,10,0.8,0.7,,,0.1"));
}

void TestStudySpec::runStatesFromTheDirectory()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const std::filesystem::path dir = work.path().toStdString();
    const StudySpec spec = StudySpec::from_json(kernelSpec(), "spec.json");
    prepare_study_directory(dir, spec);
    const StudyRun& run = spec.runs()[0];
    QCOMPARE(inspect_run(dir, run).state, StudyRunState::Pending);
    {
        StudyRunLock lock(dir, run);
        QVERIFY(lock.holds());
        StudyRunLock second(dir, run); // another claim, as another process would make
        QVERIFY(!second.holds());
        QCOMPARE(inspect_run(dir, run).state, StudyRunState::Running);
    }
    { // released with its holder
        StudyRunLock lock(dir, run);
        QVERIFY(lock.holds());
    }
    std::ofstream(study_run_path(dir, run) / "checkpoint.pt") << "x";
    QCOMPARE(inspect_run(dir, run).state, StudyRunState::Partial);
    write_run_outcome(dir, run, StudyRunState::Failed, 1, "exit status 1: NaN loss");
    const auto failed = inspect_run(dir, run);
    QCOMPARE(failed.state, StudyRunState::Failed);
    QCOMPARE(QString::fromStdString(failed.failure), QStringLiteral("exit status 1: NaN loss"));
    write_run_outcome(dir, run, StudyRunState::Done, 0, "");
    QCOMPARE(inspect_run(dir, run).state, StudyRunState::Done);
}

void TestStudySpec::refusesADifferentStudyInTheSameDirectory()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const std::filesystem::path dir = work.path().toStdString();
    const StudySpec spec = StudySpec::from_json(kernelSpec(), "spec.json");
    prepare_study_directory(dir, spec);
    prepare_study_directory(dir, spec); // the same study again: fine
    QCOMPARE(load_study_directory(dir).to_json().dump(), spec.to_json().dump());
    auto changed = kernelSpec();
    changed["seeds"] = {1, 2, 3};
    try {
        prepare_study_directory(dir, StudySpec::from_json(changed, "changed.json"));
        QFAIL("accepted a different study");
    } catch (const ConfigError& error) {
        QVERIFY2(QString::fromUtf8(error.what())
                     .contains(QStringLiteral("holds the study \"kernel\" with a different spec")),
                 error.what());
    }
    QVERIFY_THROWS_EXCEPTION(CheckpointError, load_study_directory(dir / "runs"));
}

void TestStudySpec::slurmScriptText()
{
    SlurmOptions options;
    options.study_name = "kernel";
    options.csae_binary = "/opt/csae/bin/csae";
    options.study_dir = "/scratch/it's/kernel";
    options.tasks = 12;
    options.max_parallel = 4;
    options.cpus = 2;
    options.partition = "short";
    options.time_limit = "0:30:00";
    const QString script = QString::fromStdString(slurm_batch_script(options));
    QVERIFY(script.startsWith(QStringLiteral("#!/bin/bash\n")));
    for (const QString& line :
         {QStringLiteral("#SBATCH --array=0-11%4\n"), QStringLiteral("#SBATCH --cpus-per-task=2\n"),
          QStringLiteral("#SBATCH --partition=short\n"), QStringLiteral("#SBATCH --time=0:30:00\n"),
          QStringLiteral("#SBATCH --job-name=csae-kernel\n"),
          QStringLiteral("exec '/opt/csae/bin/csae' study run '/scratch/it'\\''s/kernel/study.json' "
                         "--out '/scratch/it'\\''s/kernel' --jobs 1 --shard "
                         "\"$SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT\"\n")})
        QVERIFY2(script.contains(line), qPrintable(QStringLiteral("missing: ") + line + QStringLiteral("\n") + script));
    options.max_parallel = 0;
    options.partition.clear();
    options.time_limit.clear();
    const QString unlimited = QString::fromStdString(slurm_batch_script(options));
    QVERIFY(unlimited.contains(QStringLiteral("#SBATCH --array=0-11\n")));
    QVERIFY(!unlimited.contains(QStringLiteral("--partition")));
    QVERIFY(!unlimited.contains(QStringLiteral("--time")));
}

void TestStudySpec::everyPresetLoads()
{
    const auto presets = list_study_presets();
    std::set<std::string> names;
    for (const auto& [name, spec] : presets) {
        names.insert(name);
        QCOMPARE(QString::fromStdString(spec.name()), QString::fromStdString(name));
        QVERIFY2(!spec.description().empty() && !spec.budget().empty(), name.c_str());
    }
    for (const char* expected : {"seed-hparams", "seed-kernel-mnist", "seed-kernel-dvs", "seed-encoding-frequency",
                                 "seed-encoding-heatmap", "seed-recurrence-mnist", "seed-recurrence-dvs",
                                 "seed-embedding-size", "seed-dvs-targets", "seed-dvs-classifier-kernel"})
        QVERIFY2(names.contains(expected), expected);
    QCOMPARE(load_study("seed-kernel-mnist").name(), std::string("seed-kernel-mnist"));
    try {
        load_study("no-such-study");
        QFAIL("accepted");
    } catch (const ConfigError& error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("seed-hparams")), error.what());
    }
}

QTEST_GUILESS_MAIN(TestStudySpec)
#include "test_study_spec.moc"
