// csae-studio --run DIR --export VIEW --out FILE [--size WxH]: a view of a trained run written to
// a file without a window, also where no display exists at all; bad requests exit 2 saying why.
// Runs the real binaries; needs data/mnist for the small run it exports from.

#include "tests/support/mnist_required.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest/QtTest>

namespace {

struct Result {
    int exitCode = -1;
    QString output;
};

Result execute(const QString& program, const QStringList& arguments, bool withoutDisplay = false)
{
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    if (withoutDisplay) {
        for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            environment.remove(QString::fromLatin1(name));
    }
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(240000))
        return {-1, QStringLiteral("timed out: ") + QString::fromUtf8(process.readAll())};
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2,
            QString::fromUtf8(process.readAll())};
}

Result studio(const QStringList& arguments, bool withoutDisplay = false)
{
    return execute(QStringLiteral(CSAE_STUDIO_PATH), arguments, withoutDisplay);
}

} // namespace

class TestHeadlessExport : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString run_;

private Q_SLOTS:
    void initTestCase()
    {
        CSAE_REQUIRE_MNIST();
        QVERIFY(dir_.isValid());
        run_ = dir_.filePath(QStringLiteral("run"));
        const Result train = execute(
            QStringLiteral(CSAE_CLI_PATH),
            {QStringLiteral("train"), QStringLiteral("--out"), run_, QStringLiteral("--set"),
             QStringLiteral("data.limit=128"), QStringLiteral("--set"), QStringLiteral("data.test_limit=64"),
             QStringLiteral("--set"), QStringLiteral("encoding.steps=8"), QStringLiteral("--set"),
             QStringLiteral("train.batch_size=32"), QStringLiteral("--set"), QStringLiteral("train.eval_every=2")});
        QVERIFY2(train.exitCode == 0, qPrintable(train.output));
    }

    void writesTheView_data()
    {
        QTest::addColumn<QString>("view");
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("withoutDisplay");
        QTest::addColumn<QSize>("size");
        const QSize small(640, 480);
        QTest::newRow("loss as vector PDF") << QStringLiteral("loss") << QStringLiteral("loss.pdf") << false << small;
        QTest::newRow("loss as PNG, no display at all")
            << QStringLiteral("loss") << QStringLiteral("loss.png") << true << small;
        QTest::newRow("reconstructions") << QStringLiteral("reconstructions") << QStringLiteral("rec.png") << false
                                         << small;
        QTest::newRow("kernels") << QStringLiteral("kernels") << QStringLiteral("kernels.png") << false << small;
        QTest::newRow("input spikes as GIF")
            << QStringLiteral("input-spikes") << QStringLiteral("input.gif") << false << small;
        QTest::newRow("the whole window, no display at all")
            << QStringLiteral("window") << QStringLiteral("window.png") << true << QSize(1280, 800);
    }

    void writesTheView()
    {
        QFETCH(QString, view);
        QFETCH(QString, file);
        QFETCH(bool, withoutDisplay);
        QFETCH(QSize, size);
        const QString path = dir_.filePath(file);
        const Result result =
            studio({QStringLiteral("--run"), run_, QStringLiteral("--export"), view, QStringLiteral("--out"), path,
                    QStringLiteral("--size"), QStringLiteral("%1x%2").arg(size.width()).arg(size.height())},
                   withoutDisplay);
        QVERIFY2(result.exitCode == 0, qPrintable(result.output));
        QFile written(path);
        QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(path));
        const QByteArray bytes = written.readAll();
        QVERIFY(bytes.size() > 100);
        if (file.endsWith(QLatin1String(".png"))) {
            QImage image;
            QVERIFY(image.loadFromData(bytes, "PNG"));
            QCOMPARE(image.size(), size);
            // Drawn, not blank: more than a handful of distinct colours.
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 4)
                for (int x = 0; x < image.width(); x += 4)
                    colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() > 8, qPrintable(QString::number(colours.size())));
        } else if (file.endsWith(QLatin1String(".pdf"))) {
            QVERIFY(bytes.startsWith("%PDF"));
            QVERIFY2(!bytes.contains("/Subtype /Image"), "the loss plot's PDF holds a raster image");
        } else {
            QVERIFY(bytes.startsWith("GIF89a"));
        }
    }

    void refusesBadRequests_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QString out = dir_.filePath(QStringLiteral("x.png"));
        QTest::newRow("unknown view") << QStringList{QStringLiteral("--run"),    run_,
                                                     QStringLiteral("--export"), QStringLiteral("losses"),
                                                     QStringLiteral("--out"),    out}
                                      << QStringLiteral("unknown view \"losses\"");
        QTest::newRow("bad size") << QStringList{QStringLiteral("--run"),    run_,
                                                 QStringLiteral("--export"), QStringLiteral("loss"),
                                                 QStringLiteral("--out"),    out,
                                                 QStringLiteral("--size"),   QStringLiteral("640by480")}
                                  << QStringLiteral("--size");
        QTest::newRow("no --out") << QStringList{QStringLiteral("--run"), run_, QStringLiteral("--export"),
                                                 QStringLiteral("loss")}
                                  << QStringLiteral("--out FILE");
        QTest::newRow("GIF of a still view")
            << QStringList{QStringLiteral("--run"),    run_,
                           QStringLiteral("--export"), QStringLiteral("kernels"),
                           QStringLiteral("--out"),    dir_.filePath(QStringLiteral("k.gif"))}
            << QStringLiteral("only the input-spikes view exports as GIF");
        QTest::newRow("the window as PDF")
            << QStringList{QStringLiteral("--run"),    run_,
                           QStringLiteral("--export"), QStringLiteral("window"),
                           QStringLiteral("--out"),    dir_.filePath(QStringLiteral("w.pdf"))}
            << QStringLiteral("the whole window exports as PNG only");
        QTest::newRow("not a run") << QStringList{QStringLiteral("--run"),    dir_.filePath(QStringLiteral("nothing")),
                                                  QStringLiteral("--export"), QStringLiteral("loss"),
                                                  QStringLiteral("--out"),    out}
                                   << QStringLiteral("config.json");
    }

    void refusesBadRequests()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Result result = studio(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.output.contains(message), qPrintable(result.output));
        QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("x.png"))));
    }
    void exportsEmbeddingFigures_data()
    {
        QTest::addColumn<QByteArray>("projection");
        QTest::addColumn<QByteArray>("analysis");
        QTest::addColumn<QByteArray>("fields");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QByteArray fields(R"({"kind": "receptive", "layer": "conv1", "per_channel": true, "samples": 60,)"
                                R"( "ridge": 0, "channels": ["intensity"], "height": 3, "width": 3, "neurons": [)"
                                R"({"index": 1, "rate": 0.2, "spikes": 90, "field": [1,0,-1,1,0,-1,1,0,-1]},)"
                                R"({"index": 0, "rate": 0.1, "spikes": 45, "field": [0,1,0,1,-2,1,0,1,0]}]})");
        QByteArray good("label,pca_x,pca_y,umap_x,umap_y\n");
        for (int i = 0; i < 60; ++i)
            good += QByteArray::number(i % 3) + ',' + QByteArray::number(i * 0.5) + ',' + QByteArray::number(i % 7) +
                    ',' + QByteArray::number(10 * (i % 3) + i * 0.01) + ',' + QByteArray::number(i % 5) + '\n';
        const QByteArray analysis(R"({"layer": "embedding", "knn_accuracy": 0.9, "linear_probe_accuracy": 0.8,)"
                                  R"( "trustworthiness_pca": 0.7, "trustworthiness_umap": 0.95, "silhouette": 0.1,)"
                                  R"( "class_names": ["a", "b", "c"]})");
        const QByteArray none;
        QTest::newRow("written, with receptive fields") << good << analysis << fields << 0 << QString();
        QTest::newRow("no analysis.json is fine") << good << none << none << 0 << QString();
        QTest::newRow("wrong header") << QByteArray("label,x,y\n0,1,2\n") << analysis << none << 2
                                      << QStringLiteral("projection.csv:1: expected the header");
        QTest::newRow("short row") << QByteArray("label,pca_x,pca_y,umap_x,umap_y\n0,1,2,3,4\n1,2,3\n") << analysis
                                   << none << 2 << QStringLiteral("projection.csv:3:");
        QTest::newRow("NaN coordinate") << QByteArray("label,pca_x,pca_y,umap_x,umap_y\n0,1,nan,3,4\n") << analysis
                                        << none << 2 << QStringLiteral("projection.csv:2:");
        QTest::newRow("negative label") << QByteArray("label,pca_x,pca_y,umap_x,umap_y\n-1,1,2,3,4\n") << analysis
                                        << none << 2 << QStringLiteral("projection.csv:2:");
        QTest::newRow("corrupt analysis.json") << good << QByteArray("{\"knn_accuracy\": 0.") << none << 2
                                               << QStringLiteral("analysis.json: not a JSON object");
        QTest::newRow("missing projection.csv")
            << none << analysis << none << 2 << QStringLiteral("projection.csv: cannot open");
        QByteArray shortField = fields;
        shortField.replace("[0,1,0,1,-2,1,0,1,0]", "[0,1,0]");
        QTest::newRow("a field of the wrong size")
            << good << analysis << shortField << 2 << QStringLiteral("\"neurons[1].field\" has 3 values, not 9");
        QTest::newRow("corrupt receptive_fields.json") << good << analysis << QByteArray("{\"layer\": ") << 2
                                                       << QStringLiteral("receptive_fields.json: not a JSON object");
    }

    void exportsEmbeddingFigures()
    {
        QFETCH(QByteArray, projection);
        QFETCH(QByteArray, analysis);
        QFETCH(QByteArray, fields);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto write = [&](const QString& name, const QByteArray& bytes) {
            if (bytes.isEmpty())
                return;
            QFile file(dir.filePath(name));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        write(QStringLiteral("projection.csv"), projection);
        write(QStringLiteral("analysis.json"), analysis);
        write(QStringLiteral("receptive_fields.json"), fields);
        const QString out = dir.filePath(QStringLiteral("figures"));
        const Result result = studio({QStringLiteral("--export"), QStringLiteral("embedding-figures"),
                                      QStringLiteral("--analysis"), dir.path(), QStringLiteral("--out"), out},
                                     true);
        QVERIFY2(result.exitCode == exitCode, qPrintable(result.output));
        if (exitCode != 0) {
            QVERIFY2(result.output.contains(message), qPrintable(result.output));
            QVERIFY(!QFile::exists(QDir(out).filePath(QStringLiteral("umap.png"))));
            return;
        }
        for (const char* name : {"pca.png", "pca.pdf", "umap.png", "umap.pdf"})
            QVERIFY2(QFile::exists(QDir(out).filePath(QLatin1String(name))), name);
        QImage umap(QDir(out).filePath(QStringLiteral("umap.png")));
        QVERIFY(!umap.isNull());
        QFile pdf(QDir(out).filePath(QStringLiteral("pca.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly));
        QVERIFY(!pdf.readAll().contains("/Subtype /Image"));
        // The receptive fields are drawn where their file is; projective fields only where theirs is.
        QCOMPARE(QFile::exists(QDir(out).filePath(QStringLiteral("receptive_fields.png"))), !fields.isEmpty());
        QVERIFY(!QFile::exists(QDir(out).filePath(QStringLiteral("projective_fields.png"))));
    }
};

QTEST_MAIN(TestHeadlessExport)
#include "test_headless_export.moc"
