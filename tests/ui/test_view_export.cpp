// Exports of the views: PNG and PDF (a plot as vector), the input-spike animation as GIF and
// Motion-JPEG video, and the GIF writer's round trip, quantisation and refusals.

#include "tests/support/view_fixtures.h"
#include "tests/support/view_test_support.h"
#include "ui/dvs/classifier_view.h"
#include "ui/export/animation_export.h"
#include "ui/export/gif_writer.h"
#include "ui/export/view_export.h"
#include "ui/training/hidden_activity_view.h"
#include "ui/training/input_spike_view.h"
#include "ui/training/kernel_view.h"
#include "ui/training/loss_curve_view.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QLabel>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include <opencv2/videoio.hpp>

using namespace csae::ui;
using namespace csae::ui::testing;

class TestViewExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exportPngAndPdf();
    void exportFailures();
    void exportSpikeAnimationWritesEveryStep();
    void gifRoundTrip_data();
    void gifRoundTrip();
    void gifQuantisesManyColours();
    void gifRejectsBadFrames();
};

void TestViewExport::exportPngAndPdf()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    LossCurveView loss;
    for (int step = 1; step <= 100; ++step) {
        loss.addTrainLoss(step, 1.0 / step);
    }
    KernelView kernels;
    kernels.setKernels({makeKernels(QStringLiteral("encoder.conv1"), 12, 1, 7, 1)});
    showAndWait(&loss, QSize(600, 400));
    kernels.resize(500, 300); // never shown: export must still lay it out and render it

    struct Case {
        QWidget* widget;
        QString name;
    };
    const Case cases[] = {{&loss, QStringLiteral("loss.png")},       {&loss, QStringLiteral("loss.pdf")},
                          {loss.plot(), QStringLiteral("plot.png")}, {loss.plot(), QStringLiteral("plot.PDF")},
                          {&kernels, QStringLiteral("kernels.png")}, {&kernels, QStringLiteral("kernels.pdf")}};
    for (const Case& c : cases) {
        const QString path = dir.filePath(c.name);
        QString error;
        QVERIFY2(exportWidget(c.widget, path, &error), qPrintable(c.name + QStringLiteral(": ") + error));
        QVERIFY2(QFileInfo(path).size() > 0, qPrintable(c.name));
    }
    QImage png(dir.filePath(QStringLiteral("kernels.png")));
    QVERIFY(!png.isNull());
    // The kernels alone, without the layer and channel pickers above them.
    QVERIFY(png.width() == int(kernels.width() * kernels.devicePixelRatioF()));
    QVERIFY(png.height() < kernels.height() * kernels.devicePixelRatioF());
    QFile pdf(dir.filePath(QStringLiteral("plot.PDF")));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    QVERIFY(pdf.read(5) == QByteArrayLiteral("%PDF-"));
    // The loss view exports its plot alone: the PNG is the plot's size, not the view's with its
    // controls, and the PDF is vector (no embedded image; QPdfWriter writes image XObjects so).
    QImage lossPng(dir.filePath(QStringLiteral("loss.png")));
    QCOMPARE(lossPng.size(), loss.plot()->size() * loss.plot()->devicePixelRatioF());
    QVERIFY(loss.plot()->height() < loss.height());
    QFile lossPdf(dir.filePath(QStringLiteral("loss.pdf")));
    QVERIFY(lossPdf.open(QIODevice::ReadOnly));
    const QByteArray lossBytes = lossPdf.readAll();
    QVERIFY(lossBytes.startsWith("%PDF-"));
    QVERIFY2(!lossBytes.contains("/Subtype /Image"), "the loss view's PDF embeds a raster image");
    // Views of several parts export the parts alone, without their controls, plots as vectors:
    // the classifier (its accuracy curves and the confusion matrix, cells and colour bar painted
    // as shapes), the hidden activity (raster, membrane, rates; the raster is a picture).
    ClassifierView classifier;
    ClassifierSnapshot confusion;
    confusion.step = 40;
    confusion.classNames = {QStringLiteral("hand clap"), QStringLiteral("arm roll"), QStringLiteral("other")};
    confusion.confusion = {8, 1, 1, 2, 7, 1, 0, 0, 10};
    classifier.addTestAccuracy(20, 0.5);
    classifier.addTestAccuracy(40, 0.8);
    classifier.setConfusion(confusion);
    showAndWait(&classifier, QSize(620, 360));
    const QString classifierPdf = dir.filePath(QStringLiteral("classifier.pdf"));
    QString error;
    QVERIFY2(exportWidget(&classifier, classifierPdf, &error), qPrintable(error));
    QFile classifierFile(classifierPdf);
    QVERIFY(classifierFile.open(QIODevice::ReadOnly));
    const QByteArray classifierBytes = classifierFile.readAll();
    QVERIFY(classifierBytes.startsWith("%PDF-"));
    QVERIFY2(!classifierBytes.contains("/Subtype /Image"), "the classifier's PDF embeds a raster image");
    QVERIFY(exportWidget(&classifier, dir.filePath(QStringLiteral("classifier.png")), nullptr));
    const QImage classifierPng(dir.filePath(QStringLiteral("classifier.png")));
    QVERIFY(!classifierPng.isNull());
    // The hover readout under the curves is a control, not part of the figure: where it sits,
    // the PNG is blank (the curves and the matrix span the view, so the PNG has the view's geometry).
    QCOMPARE(classifierPng.size(), classifier.size() * classifier.devicePixelRatioF());
    QLabel* readout = nullptr;
    for (QLabel* label : classifier.findChildren<QLabel*>()) {
        if (label->text().startsWith(QStringLiteral("Move the mouse"))) {
            readout = label;
        }
    }
    QVERIFY(readout && readout->isVisible());
    const QRect readoutArea(readout->mapTo(&classifier, QPoint(0, 0)), readout->size());
    QSet<QRgb> readoutColours;
    for (int y = readoutArea.top(); y <= readoutArea.bottom(); ++y) {
        for (int x = readoutArea.left(); x <= readoutArea.right(); ++x) {
            readoutColours.insert(classifierPng.pixel(x, y));
        }
    }
    QCOMPARE(readoutColours.size(), 1);

    HiddenActivityView activity;
    activity.setLayers({makeLayer(QStringLiteral("encoder.conv1"), 40, 400, 3)});
    activity.addFiringRates(10, {makeLayer(QStringLiteral("encoder.conv1"), 40, 400, 3)});
    showAndWait(&activity, QSize(600, 500));
    QVERIFY2(exportWidget(&activity, dir.filePath(QStringLiteral("activity.png")), &error), qPrintable(error));
    const QImage activityPng(dir.filePath(QStringLiteral("activity.png")));
    QVERIFY(!activityPng.isNull());
    QVERIFY(activityPng.height() < activity.height() * activity.devicePixelRatioF()); // no layer picker rows
    QVERIFY(activityPng.height() > activity.height() * activity.devicePixelRatioF() / 2);
    QVERIFY2(exportWidget(&activity, dir.filePath(QStringLiteral("activity.pdf")), &error), qPrintable(error));
    QFile kernelsPdf(dir.filePath(QStringLiteral("kernels.pdf"))); // kernels are pictures: the check sees them
    QVERIFY(kernelsPdf.open(QIODevice::ReadOnly));
    QVERIFY(kernelsPdf.readAll().contains("/Subtype /Image"));
}

void TestViewExport::exportFailures()
{
    QTemporaryDir dir;
    LossCurveView loss;
    loss.resize(400, 300);
    QString error;
    QVERIFY(!exportWidget(&loss, dir.filePath(QStringLiteral("loss.bmpx")), &error));
    QVERIFY(!error.isEmpty());
    error.clear();
    QVERIFY(!exportWidget(nullptr, dir.filePath(QStringLiteral("x.png")), &error));
    QVERIFY(!error.isEmpty());
    for (const QString& name : {QStringLiteral("x.png"), QStringLiteral("x.pdf")}) {
        error.clear();
        const QString path = dir.filePath(QStringLiteral("missing/dir/") + name);
        const bool pdf = name.endsWith(QStringLiteral(".pdf"));
        if (pdf) {
            QTest::ignoreMessage(QtWarningMsg, "QPainter::begin(): Returned false");
        }
        QVERIFY2(!exportWidget(&loss, path, &error), qPrintable(name));
        QVERIFY(!error.isEmpty());
        error.clear();
        if (pdf) {
            QTest::ignoreMessage(QtWarningMsg, "QPainter::begin(): Returned false");
        }
        QVERIFY2(!exportWidget(loss.plot(), path, &error), qPrintable(name));
        QVERIFY(!error.isEmpty());
    }
    QVERIFY(exportWidget(&loss, dir.filePath(QStringLiteral("nowarning.pdf")), nullptr)); // null error is fine
}

void TestViewExport::exportSpikeAnimationWritesEveryStep()
{
    QTemporaryDir dir;
    InputSpikeView view;
    view.resize(700, 300);
    QString error;
    const QString early = dir.filePath(QStringLiteral("early.avi"));
    QVERIFY(!exportSpikeAnimation(&view, early, 5, &error)); // no input yet
    QVERIFY2(error.contains(early), qPrintable(error));
    view.setInput(makeInput(12));
    view.setCursor(4);
    QVERIFY(!exportSpikeAnimation(&view, dir.filePath(QStringLiteral("clip.gifx")), 5, &error));
    const QString file = dir.filePath(QStringLiteral("clip.avi"));
    QVERIFY2(exportSpikeAnimation(&view, file, 5, &error), qPrintable(error));
    QCOMPARE(view.cursor(), 4); // restored
    cv::VideoCapture capture(file.toStdString());
    QVERIFY(capture.isOpened());
    int frames = 0;
    cv::Mat frame;
    while (capture.read(frame))
        ++frames;
    QCOMPARE(frames, 12); // one frame per time step

    const QString gif = dir.filePath(QStringLiteral("clip.gif"));
    view.setCursor(6);
    QVERIFY2(exportSpikeAnimation(&view, gif, 5, &error), qPrintable(error));
    QCOMPARE(view.cursor(), 6);
    QImageReader reader(gif, "gif");
    QCOMPARE(reader.imageCount(), 12);
    // The frames differ: the cursor and the frame at the cursor move.
    // The picture alone (original, spikes at t, their average, t label), not the view's controls.
    QCOMPARE(reader.size(), view.animationFrame(1, 8, true).size());
    QVERIFY(reader.size() != view.size());
    const QImage first = reader.read();
    QCOMPARE(reader.nextImageDelay(), 200); // 5 steps per second
    QImage last;
    for (int t = 2; t <= 12; ++t)
        QVERIFY(reader.read(&last));
    QVERIFY(last != first);
    // Each input pixel is a crisp scale x scale block; the label is optional.
    const QImage plain = view.animationFrame(3, 4, false), labelled = view.animationFrame(3, 4, true);
    QVERIFY(!plain.isNull() && labelled.height() > plain.height());
    QCOMPARE(plain.width(), labelled.width());
    QVERIFY(view.animationFrame(99, 4, false) == view.animationFrame(12, 4, false)); // t clamped to T
}

namespace {

/// A frame of `size` whose pixels come from `palette` (at most 256 colours, so GIF keeps them exactly).
QImage paletteFrame(QSize size, const QList<QRgb>& palette, quint32 seed)
{
    QImage image(size, QImage::Format_RGB32);
    QRandomGenerator random(seed);
    for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x)
            image.setPixel(x, y, palette.at(static_cast<int>(random.bounded(static_cast<quint32>(palette.size())))));
    return image;
}

QList<QImage> readGif(const QString& file, int* loopCount, int* delayMs)
{
    QImageReader reader(file, "gif");
    QList<QImage> frames;
    *loopCount = reader.loopCount();
    *delayMs = -2;
    QImage frame;
    while (reader.read(&frame)) {
        if (*delayMs == -2)
            *delayMs = reader.nextImageDelay();
        frames << frame.convertToFormat(QImage::Format_RGB32);
    }
    return frames;
}

} // namespace

void TestViewExport::gifRoundTrip_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<int>("colours");
    QTest::addColumn<int>("frames");
    QTest::newRow("one pixel") << QSize(1, 1) << 1 << 1;
    QTest::newRow("two colours, odd size") << QSize(33, 7) << 2 << 3;
    // Random noise over 256 colours fills LZW's 4096-entry table many times (clear codes).
    QTest::newRow("256-colour noise") << QSize(320, 240) << 256 << 2;
    QTest::newRow("16-colour noise, wide") << QSize(1000, 40) << 16 << 4;
}

/// Frames of at most 256 colours come back from Qt's GIF reader pixel for pixel, in order, with
/// the delay and infinite looping.
void TestViewExport::gifRoundTrip()
{
    QFETCH(QSize, size);
    QFETCH(int, colours);
    QFETCH(int, frames);
    QList<QRgb> palette;
    QRandomGenerator random(7);
    for (int i = 0; i < colours; ++i)
        palette << (random.generate() | 0xff000000u);
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("clip.gif"));
    GifWriter writer;
    QString error;
    QVERIFY2(writer.open(file, size, 200, &error), qPrintable(error));
    QList<QImage> written;
    for (int i = 0; i < frames; ++i) {
        written << paletteFrame(size, palette, static_cast<quint32>(100 + i));
        QVERIFY2(writer.addFrame(written.back(), &error), qPrintable(error));
    }
    QVERIFY2(writer.finish(&error), qPrintable(error));

    int loopCount = 0, delayMs = 0;
    const QList<QImage> read = readGif(file, &loopCount, &delayMs);
    QCOMPARE(read.size(), frames);
    QCOMPARE(delayMs, 200);
    QCOMPARE(loopCount, -1); // Qt's word for "forever"
    for (int i = 0; i < frames; ++i) {
        QCOMPARE(read[i].size(), size);
        QVERIFY2(read[i] == written[i], qPrintable(QStringLiteral("frame %1 differs").arg(i)));
    }
}

/// A smooth gradient of 65536 colours is reduced to 256 without large errors.
void TestViewExport::gifQuantisesManyColours()
{
    QImage gradient(256, 256, QImage::Format_RGB32);
    for (int y = 0; y < 256; ++y)
        for (int x = 0; x < 256; ++x)
            gradient.setPixel(x, y, qRgb(x, y, (x + y) / 2));
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("gradient.gif"));
    GifWriter writer;
    QString error;
    QVERIFY(writer.open(file, gradient.size(), 100, &error));
    QVERIFY(writer.addFrame(gradient, &error));
    QVERIFY(writer.finish(&error));
    int loopCount = 0, delayMs = 0;
    const QList<QImage> read = readGif(file, &loopCount, &delayMs);
    QCOMPARE(read.size(), 1);
    double totalError = 0;
    for (int y = 0; y < 256; ++y)
        for (int x = 0; x < 256; ++x) {
            const QRgb a = gradient.pixel(x, y), b = read[0].pixel(x, y);
            totalError += std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b));
        }
    const double meanError = totalError / (256.0 * 256.0 * 3.0);
    QVERIFY2(meanError < 12.0, qPrintable(QString::number(meanError)));
}

void TestViewExport::gifRejectsBadFrames()
{
    QTemporaryDir dir;
    QString error;
    GifWriter writer;
    QVERIFY(!writer.open(dir.filePath(QStringLiteral("empty.gif")), QSize(0, 5), 100, &error));
    QVERIFY2(error.contains(QStringLiteral("empty.gif")), qPrintable(error));
    const QString missing = dir.filePath(QStringLiteral("no/such/dir/clip.gif"));
    QVERIFY(!writer.open(missing, QSize(4, 4), 100, &error));
    QVERIFY2(error.contains(missing), qPrintable(error));
    const QString file = dir.filePath(QStringLiteral("clip.gif"));
    QVERIFY(writer.open(file, QSize(4, 4), 100, &error));
    QVERIFY(!writer.addFrame(QImage(5, 4, QImage::Format_RGB32), &error));
    QVERIFY2(error.contains(file) && error.contains(QStringLiteral("5 x 4")), qPrintable(error));
}

QTEST_MAIN(TestViewExport)
#include "test_view_export.moc"
