// `csae analyse` as a user runs it: on a tiny trained run it writes the embeddings, the
// projections and the numbers; bad input (no checkpoint, --samples 0 or too many, an unknown
// layer) is refused with exit 2 and the reason.

#include "tests/support/cli_runner.h"
#include "tests/support/mnist_required.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QtTest>

#include <nlohmann/json.hpp>

using namespace csae::testing;

namespace {

QStringList lines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed().split(QLatin1Char('\n'));
}

} // namespace

namespace {

nlohmann::json readJson(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return nlohmann::json::object({{"missing", path.toStdString()}});
    return nlohmann::json::parse(file.readAll().toStdString());
}

} // namespace

class TestCliAnalyse : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void writesTheAnalysis();
    void spikeCountsOfANamedLayer();
    void badInputIsRefused_data();
    void badInputIsRefused();

private:
    QTemporaryDir m_work;
    QString m_run;
};

void TestCliAnalyse::initTestCase()
{
    CSAE_REQUIRE_MNIST();
    QVERIFY(m_work.isValid());
    m_run = QDir(m_work.path()).filePath(QStringLiteral("run"));
    const CliResult trained = runCli(
        {QStringLiteral("train"), QStringLiteral("--out"), m_run, QStringLiteral("--max-steps"), QStringLiteral("4"),
         QStringLiteral("--set"), QStringLiteral("data.limit=128"), QStringLiteral("--set"),
         QStringLiteral("data.test_limit=80"), QStringLiteral("--set"), QStringLiteral("encoding.steps=4"),
         QStringLiteral("--set"), QStringLiteral("train.batch_size=32"), QStringLiteral("--set"),
         QStringLiteral("model.channels=[4,8]"), QStringLiteral("--set"), QStringLiteral("model.embedding_size=16")},
        m_work.path(), kTrainTimeoutMs);
    QVERIFY2(trained.exitCode == 0, qPrintable(describe(trained)));
}

void TestCliAnalyse::writesTheAnalysis()
{
    const QString out = QDir(m_work.path()).filePath(QStringLiteral("analysis"));
    const CliResult result = runCli({QStringLiteral("analyse"), QStringLiteral("--run"), m_run, QStringLiteral("--out"),
                                     out, QStringLiteral("--samples"), QStringLiteral("80")},
                                    m_work.path(), kTrainTimeoutMs);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(result)));
    const QStringList embeddings = lines(QDir(out).filePath(QStringLiteral("embeddings.csv")));
    QCOMPARE(embeddings.size(), 81);
    QVERIFY2(embeddings[0].startsWith(QStringLiteral("label,e0,e1,")) && embeddings[0].endsWith(QStringLiteral(",e15")),
             qPrintable(embeddings[0]));
    QCOMPARE(embeddings[1].split(QLatin1Char(',')).size(), 17);
    const QStringList projection = lines(QDir(out).filePath(QStringLiteral("projection.csv")));
    QCOMPARE(projection.size(), 81);
    QCOMPARE(projection[0], QStringLiteral("label,pca_x,pca_y,umap_x,umap_y"));
    QFile json(QDir(out).filePath(QStringLiteral("analysis.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const auto analysis = nlohmann::json::parse(json.readAll().toStdString());
    for (const char* key : {"knn_accuracy", "linear_probe_accuracy", "trustworthiness_pca", "trustworthiness_umap"}) {
        QVERIFY2(analysis.contains(key), key);
        const double value = analysis[key].get<double>();
        QVERIFY2(value >= 0.0 && value <= 1.0, key);
    }
    const double silhouette = analysis["silhouette"].get<double>();
    QVERIFY(silhouette >= -1.0 && silhouette <= 1.0);
    QCOMPARE(analysis["samples"].get<int>(), 80);
    QCOMPARE(analysis["layer"].get<std::string>(), std::string("embedding"));
    // The labels are MNIST's first test labels: 7 2 1 0 4.
    QVERIFY2(projection[1].startsWith(QStringLiteral("7,")) && projection[2].startsWith(QStringLiteral("2,")),
             qPrintable(projection[1]));

    // conv1's STAs by default: one 7x7 field per channel, beside its kernels, sorted by rate.
    const auto fields = readJson(QDir(out).filePath(QStringLiteral("receptive_fields.json")));
    QCOMPARE(fields["layer"].get<std::string>(), std::string("conv1"));
    QVERIFY(fields["per_channel"].get<bool>());
    QCOMPARE(fields["height"].get<int>(), 7);
    QCOMPARE(fields["neurons"].size(), std::size_t(4));
    QCOMPARE(fields["neurons"][0]["field"].size(), std::size_t(49));
    QCOMPARE(fields["kernel_shape"].get<std::vector<int>>(), (std::vector<int>{4, 1, 7, 7}));
    for (std::size_t i = 1; i < fields["neurons"].size(); ++i)
        QVERIFY(fields["neurons"][i - 1]["rate"].get<double>() >= fields["neurons"][i]["rate"].get<double>());
    // The SAE's projective fields: a 28x28 output per embedding neuron.
    const auto projective = readJson(QDir(out).filePath(QStringLiteral("projective_fields.json")));
    QCOMPARE(projective["neurons"].size(), std::size_t(16));
    QCOMPARE(projective["neurons"][0]["field"].size(), std::size_t(28 * 28));
}

void TestCliAnalyse::spikeCountsOfANamedLayer()
{
    const QString out = QDir(m_work.path()).filePath(QStringLiteral("conv2"));
    const CliResult result = runCli({QStringLiteral("analyse"), QStringLiteral("--run"), m_run, QStringLiteral("--out"),
                                     out, QStringLiteral("--samples"), QStringLiteral("40"), QStringLiteral("--layer"),
                                     QStringLiteral("conv2"), QStringLiteral("--fields"), QStringLiteral("conv2"),
                                     QStringLiteral("--ridge"), QStringLiteral("0.05"), QStringLiteral("--no-figures")},
                                    m_work.path(), kTrainTimeoutMs);
    QVERIFY2(result.exitCode == 0, qPrintable(describe(result)));
    const QStringList embeddings = lines(QDir(out).filePath(QStringLiteral("embeddings.csv")));
    QCOMPARE(embeddings.size(), 41);
    // conv2: 8 channels at stride 2 on 28 x 28: 8 x 14 x 14 neurons, each a spike count 0..4.
    const QStringList first = embeddings[1].split(QLatin1Char(','));
    QCOMPARE(first.size(), 1 + 8 * 14 * 14);
    for (int i = 1; i < first.size(); ++i) {
        const double count = first[i].toDouble();
        QVERIFY2(count >= 0.0 && count <= 4.0 && count == std::floor(count), qPrintable(first[i]));
    }
    // conv2's fields are cut to its 13x13 window (kernel 7, conv1 at stride 1), ridge-whitened.
    const auto fields = readJson(QDir(out).filePath(QStringLiteral("receptive_fields.json")));
    QCOMPARE(fields["width"].get<int>(), 13);
    QCOMPARE(fields["neurons"].size(), std::size_t(8));
    QCOMPARE(fields["ridge"].get<double>(), 0.05);
    QVERIFY(!fields.contains("kernels"));
}

void TestCliAnalyse::badInputIsRefused_data()
{
    QTest::addColumn<QStringList>("extra");
    QTest::addColumn<bool>("withoutCheckpoint");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no checkpoint") << QStringList{} << true << QStringLiteral("no checkpoint.pt");
    QTest::newRow("no samples") << QStringList{QStringLiteral("--samples"), QStringLiteral("0")} << false
                                << QStringLiteral("--samples: 0 is out of range");
    QTest::newRow("more samples than the run tests")
        << QStringList{QStringLiteral("--samples"), QStringLiteral("500")} << false
        << QStringLiteral("--samples: 500 is out of range (allowed: 1-80");
    QTest::newRow("too few samples for the analysis")
        << QStringList{QStringLiteral("--samples"), QStringLiteral("12")} << false << QStringLiteral("too few");
    QTest::newRow("unknown layer") << QStringList{QStringLiteral("--layer"), QStringLiteral("conv9")} << false
                                   << QStringLiteral(
                                          "\"conv9\" is not a layer of this network (layers: embedding, conv1");
    QTest::newRow("fields of a decoder layer") << QStringList{QStringLiteral("--fields"), QStringLiteral("output")}
                                               << false << QStringLiteral("--fields: \"output\" is a decoder layer");
    QTest::newRow("fields of an unknown layer")
        << QStringList{QStringLiteral("--fields"), QStringLiteral("conv9")} << false
        << QStringLiteral("--fields: \"conv9\" is not a layer of this network");
    QTest::newRow("negative ridge") << QStringList{QStringLiteral("--ridge"), QStringLiteral("-1")} << false
                                    << QStringLiteral("--ridge: out of range");
}

void TestCliAnalyse::badInputIsRefused()
{
    QFETCH(QStringList, extra);
    QFETCH(bool, withoutCheckpoint);
    QFETCH(QString, expected);
    const QString run = withoutCheckpoint ? m_work.path() : m_run;
    const QString out = QDir(m_work.path()).filePath(QStringLiteral("refused"));
    const CliResult result = runCli(
        QStringList{QStringLiteral("analyse"), QStringLiteral("--run"), run, QStringLiteral("--out"), out} + extra,
        m_work.path(), kTrainTimeoutMs);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(expected), qPrintable(result.err));
    QVERIFY(!QFile::exists(QDir(out).filePath(QStringLiteral("analysis.json"))));
}

QTEST_GUILESS_MAIN(TestCliAnalyse)
#include "test_cli_analyse.moc"
