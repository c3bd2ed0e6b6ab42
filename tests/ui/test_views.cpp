// Views fed synthetic snapshots, rendered offscreen (QT_QPA_PLATFORM=offscreen). No LibTorch:
// the views only know ui/snapshots.h. Built without QT_NO_KEYWORDS because it includes
// qcustomplot.h, which uses the `signals` keyword.

#include "ui/dvs/classifier_view.h"
#include "ui/export/animation_export.h"
#include "ui/export/gif_writer.h"
#include "ui/training/hidden_activity_view.h"
#include "ui/training/input_spike_view.h"
#include "ui/training/kernel_view.h"
#include "ui/training/loss_curve_view.h"
#include "ui/training/reconstruction_view.h"
#include "ui/export/view_export.h"
#include "tests/support/view_test_support.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QRandomGenerator>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include <cmath>

#include <opencv2/videoio.hpp>

using namespace csae::ui;
using namespace csae::ui::testing;

namespace {

SpikeRaster randomRaster(int steps, int neurons, double probability, quint32 seed)
{
    QRandomGenerator random(seed);
    SpikeRaster raster;
    raster.steps = steps;
    raster.neurons = neurons;
    raster.spikes.resize(qsizetype(steps) * neurons);
    for (quint8& spike : raster.spikes) {
        spike = random.generateDouble() < probability ? 1 : 0;
    }
    return raster;
}

QImage digitImage(int size, quint32 seed)
{
    // A bright disc with noise: something with structure, like a digit.
    QRandomGenerator random(seed);
    QImage image(size, size, QImage::Format_Grayscale8);
    for (int y = 0; y < size; ++y) {
        for (int x = 0; x < size; ++x) {
            const double r = std::hypot(x - size / 2.0, y - size / 2.0) / (size / 2.0);
            const double value = std::clamp(1.2 - r * 1.3 + 0.2 * random.generateDouble(), 0.0, 1.0);
            image.scanLine(y)[x] = uchar(value * 255);
        }
    }
    return image;
}

InputSnapshot makeInput(int steps = 25)
{
    InputSnapshot input;
    input.width = 28;
    input.height = 28;
    input.original = digitImage(28, 7);
    // Rate coding, as the engine does: each pixel spikes with probability = its intensity.
    QRandomGenerator random(11);
    input.spikes.steps = steps;
    input.spikes.neurons = 28 * 28;
    input.spikes.spikes.resize(qsizetype(steps) * 28 * 28);
    for (int t = 0; t < steps; ++t) {
        for (int n = 0; n < 28 * 28; ++n) {
            const double p = input.original.pixelColor(n % 28, n / 28).valueF();
            input.spikes.spikes[qsizetype(t) * 28 * 28 + n] = random.generateDouble() < p ? 1 : 0;
        }
    }
    return input;
}

KernelLayer makeKernels(const QString& name, int out, int in, int size, quint32 seed)
{
    QRandomGenerator random(seed);
    KernelLayer layer;
    layer.name = name;
    layer.outChannels = out;
    layer.inChannels = in;
    layer.size = size;
    layer.weights.resize(qsizetype(out) * in * size * size);
    for (float& w : layer.weights) {
        w = float(random.generateDouble() * 2.0 - 1.0) * 0.3f; // positive and negative
    }
    return layer;
}

LayerActivity makeLayer(const QString& name, int rows, int layerNeurons, quint32 seed)
{
    LayerActivity layer;
    layer.name = name;
    layer.spikes = randomRaster(25, rows, 0.1, seed);
    layer.layerNeurons = layerNeurons;
    for (int i = 0; i < rows; ++i) {
        layer.neuronIndices.append(i * (layerNeurons / rows));
    }
    layer.firingRate = 0.1;
    QRandomGenerator random(seed + 1);
    layer.membrane.resize(qsizetype(25) * rows);
    for (float& v : layer.membrane) {
        v = float(random.generateDouble() * 1.4);
    }
    layer.threshold = 1.0f;
    return layer;
}

bool containsColour(QWidget* widget, bool (*predicate)(QRgb))
{
    const QImage image = widget->grab().toImage().convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            if (predicate(line[x])) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

class TestViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lossCurveCountsAndToggles();
    void lossCurveCoalescesReplots();
    void lossCurveRendersAndHovers();
    void inputSpikeCursorAndPlayback();
    void inputSpikeNeuronSelection();
    void reconstructionGrid();
    void kernelViewKeepsLayerAndRenders();
    void kernelViewRejectsInconsistentData();
    void hiddenActivity();
    void exportPngAndPdf();
    void exportFailures();
    void exportSpikeAnimationWritesEveryStep();
    void gifRoundTrip_data();
    void gifRoundTrip();
    void gifQuantisesManyColours();
    void gifRejectsBadFrames();
};

void TestViews::lossCurveCountsAndToggles()
{
    LossCurveView view;
    for (int step = 1; step <= 500; ++step) {
        view.addTrainLoss(step, 1.0 / step + 0.01 * std::sin(step));
    }
    for (int step = 50; step <= 500; step += 50) {
        view.addTestLoss(step, 1.2 / step);
    }
    view.addEpochMarker(250, 1);
    view.addEpochMarker(500, 2);
    QCOMPARE(view.trainPointCount(), 500);
    QCOMPARE(view.smoothedPointCount(), 500);
    QCOMPARE(view.testPointCount(), 10);
    QCOMPARE(view.epochMarkerCount(), 2);

    view.setSmoothing(0.95);
    QCOMPARE(view.smoothing(), 0.95);
    QCOMPARE(view.trainPointCount(), 500);
    QCOMPARE(view.smoothedPointCount(), 500);
    // The smoothed curve is flatter than the raw one but starts at the first sample (debiased).
    const auto smoothed = view.plot()->graph(1)->data();
    QCOMPARE(smoothed->at(0)->value, 1.0 + 0.01 * std::sin(1.0));
    view.setSmoothing(0.0);
    for (int i = 0; i < 500; i += 37) {
        QCOMPARE(view.plot()->graph(1)->data()->at(i)->value, view.plot()->graph(0)->data()->at(i)->value);
    }
    view.setSmoothing(5.0); // clamped
    QCOMPARE(view.smoothing(), 0.99);

    view.setLogScale(true);
    QVERIFY(view.logScale());
    QCOMPARE(view.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(view.trainPointCount(), 500);
    QCOMPARE(view.testPointCount(), 10);
    view.setLogScale(false);
    QCOMPARE(view.plot()->yAxis->scaleType(), QCPAxis::stLinear);
    QCOMPARE(view.trainPointCount(), 500);

    view.addTrainLoss(501, std::numeric_limits<double>::quiet_NaN()); // a gap, not a crash
    QCOMPARE(view.trainPointCount(), 501);
    QCOMPARE(view.smoothedPointCount(), 501);

    view.clear();
    QCOMPARE(view.trainPointCount(), 0);
    QCOMPARE(view.smoothedPointCount(), 0);
    QCOMPARE(view.testPointCount(), 0);
    QCOMPARE(view.epochMarkerCount(), 0);
    view.addEpochMarker(10, 1);
    QCOMPARE(view.epochMarkerCount(), 1);
}

void TestViews::lossCurveCoalescesReplots()
{
    LossCurveView view;
    showAndWait(&view);
    int replots = 0;
    connect(view.plot(), &QCustomPlot::afterReplot, this, [&replots] { ++replots; });
    QTest::qWait(100);
    replots = 0;
    for (int step = 1; step <= 5000; ++step) {
        view.addTrainLoss(step, 1.0 / step);
    }
    QCOMPARE(replots, 0); // adding only marks dirty
    QTRY_VERIFY(replots >= 1);
    QTest::qWait(100);
    QVERIFY2(replots <= 3, qPrintable(QStringLiteral("replots: %1").arg(replots)));
    // The view followed the data.
    QVERIFY(view.plot()->xAxis->range().upper >= 4999);
}

void TestViews::lossCurveRendersAndHovers()
{
    LossCurveView view;
    showAndWait(&view);
    for (int step = 1; step <= 300; ++step) {
        view.addTrainLoss(step, 0.5 + 0.4 * std::exp(-step / 60.0) + 0.05 * std::sin(step * 0.7));
    }
    view.addTestLoss(100, 0.7);
    view.addTestLoss(200, 0.6);
    view.addEpochMarker(150, 1);
    QTest::qWait(100);
    QVERIFY(distinctColours(&view) > 20);
    saveScreenshot(&view, QStringLiteral("loss_curve_view"));

    QCustomPlot* plot = view.plot();
    const QPoint at(int(plot->xAxis->coordToPixel(120)), int(plot->yAxis->coordToPixel(0.7)));
    QMouseEvent move(QEvent::MouseMove, QPointF(at), plot->mapToGlobal(QPointF(at)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(plot, &move);
    QVERIFY2(view.readoutText().contains(QStringLiteral("120")), qPrintable(view.readoutText()));
    QVERIFY2(view.readoutText().contains(QStringLiteral("0.7")), qPrintable(view.readoutText()));
}

void TestViews::inputSpikeCursorAndPlayback()
{
    InputSpikeView view;
    QCOMPARE(view.cursor(), 0);
    view.setInput(makeInput());
    showAndWait(&view);
    QCOMPARE(view.steps(), 25);
    QVERIFY(view.cursor() >= 1);

    view.setCursor(10);
    QCOMPARE(view.cursor(), 10);
    view.setCursor(100);
    QCOMPARE(view.cursor(), 25);
    view.setCursor(-3);
    QCOMPARE(view.cursor(), 1);
    QVERIFY(view.findChild<QSlider*>() != nullptr);
    QCOMPARE(view.findChild<QSlider*>()->value(), 1);
    view.findChild<QSlider*>()->setValue(7); // scrubbing moves the cursor
    QCOMPARE(view.cursor(), 7);

    const QList<QLabel*> labels = view.findChildren<QLabel*>();
    const bool hasTimeLabel =
        std::any_of(labels.begin(), labels.end(), [](QLabel* l) { return l->text() == QStringLiteral("t = 7 / 25"); });
    QVERIFY(hasTimeLabel);

    QTest::qWait(50);
    QVERIFY(distinctColours(&view) > 10);
    saveScreenshot(&view, QStringLiteral("input_spike_view"));

    // Watch every cursor move: polling could miss the instant the cursor sits at T.
    bool reachedEnd = false;
    bool wrapped = false;
    connect(&view, &InputSpikeView::cursorChanged, this, [&](int t) {
        reachedEnd = reachedEnd || t == 25;
        wrapped = wrapped || (reachedEnd && t == 1);
    });
    view.setStepsPerSecond(100);
    QCOMPARE(view.stepsPerSecond(), 100);
    const int start = view.cursor();
    view.setPlaying(true);
    QVERIFY(view.isPlaying());
    QTRY_VERIFY(view.cursor() != start);
    QTRY_VERIFY(wrapped); // plays through to T, then starts again at 1
    view.setPlaying(false);
    QVERIFY(!view.isPlaying());
    const int paused = view.cursor();
    QTest::qWait(100);
    QCOMPARE(view.cursor(), paused);

    // A new sample keeps the cursor and clamps it to the new T.
    view.setCursor(20);
    view.setInput(makeInput(12));
    QCOMPARE(view.cursor(), 12);
    view.setInput(InputSnapshot{});
    QCOMPARE(view.cursor(), 0);
}

void TestViews::inputSpikeNeuronSelection()
{
    InputSpikeView view;
    view.setInput(makeInput());
    QCOMPARE(view.rasterRowCount(), 784);
    view.setNeuronSelection(InputSpikeView::NeuronSelection::ImageRow, 14);
    QCOMPARE(view.neuronSelection(), InputSpikeView::NeuronSelection::ImageRow);
    QCOMPARE(view.rasterRowCount(), 28);
    view.setNeuronSelection(InputSpikeView::NeuronSelection::EveryKth, 4);
    QCOMPARE(view.rasterRowCount(), 196);
    view.setInput(makeInput()); // the choice survives new samples
    QCOMPARE(view.rasterRowCount(), 196);
    view.setNeuronSelection(InputSpikeView::NeuronSelection::All, 0);
    QCOMPARE(view.rasterRowCount(), 784);

    // Inconsistent data (fewer spikes than steps*neurons) is ignored, not read out of bounds.
    InputSnapshot broken = makeInput();
    broken.spikes.spikes.resize(100);
    view.setInput(broken);
    QCOMPARE(view.rasterRowCount(), 0);
    QCOMPARE(view.cursor(), 0);
}

void TestViews::reconstructionGrid()
{
    ReconstructionView view;
    ReconstructionSnapshot snapshot;
    for (int i = 0; i < 3; ++i) {
        snapshot.originals.append(digitImage(28, 100 + i));
        snapshot.inputAverages.append(digitImage(28, 200 + i));
        snapshot.outputs.append(digitImage(28, 300 + i));
    }
    view.setReconstructions(snapshot);
    showAndWait(&view, QSize(500, 400));
    QCOMPARE(view.sampleCount(), 3);
    QVERIFY(view.rowLabel(0).contains(QStringLiteral("Original")));
    QVERIFY(view.rowLabel(2).contains(QStringLiteral("Output spikes")));
    QVERIFY(distinctColours(&view) > 50);
    saveScreenshot(&view, QStringLiteral("reconstruction_view"));

    snapshot.spiking = false;
    snapshot.outputs.removeLast(); // a missing image leaves an empty cell
    view.setReconstructions(snapshot);
    QCOMPARE(view.rowLabel(2), QStringLiteral("Output"));
    QCOMPARE(view.sampleCount(), 3);

    view.setReconstructions(ReconstructionSnapshot{});
    QCOMPARE(view.sampleCount(), 0);
}

void TestViews::kernelViewKeepsLayerAndRenders()
{
    KernelView view;
    view.setKernels({makeKernels(QStringLiteral("encoder.conv1"), 12, 1, 7, 1),
                     makeKernels(QStringLiteral("encoder.conv2"), 8, 12, 3, 2)});
    showAndWait(&view, QSize(600, 400));
    QCOMPARE(view.currentLayer(), QStringLiteral("encoder.conv1"));
    QCOMPARE(view.kernelImageCount(), 12);
    QVERIFY(view.colorRange() > 0.2 && view.colorRange() <= 0.3);
    QTest::qWait(20);
    QVERIFY(distinctColours(&view) > 30);
    saveScreenshot(&view, QStringLiteral("kernel_view"));
    // Diverging map: both signs show up.
    QVERIFY(containsColour(&view, [](QRgb c) { return qRed(c) > 120 && qBlue(c) < 100 && qGreen(c) < 100; }));
    QVERIFY(containsColour(&view, [](QRgb c) { return qBlue(c) > 120 && qRed(c) < 100; }));

    QVERIFY(view.setCurrentLayer(QStringLiteral("encoder.conv2")));
    QCOMPARE(view.kernelImageCount(), 8);
    QCOMPARE(view.inputChannel(), -1); // mean over the 12 input channels
    view.setInputChannel(5);
    QCOMPARE(view.inputChannel(), 5);

    // A new snapshot (changed weights, same names) keeps layer and channel.
    view.setKernels({makeKernels(QStringLiteral("encoder.conv1"), 12, 1, 7, 3),
                     makeKernels(QStringLiteral("encoder.conv2"), 8, 12, 3, 4)});
    QCOMPARE(view.currentLayer(), QStringLiteral("encoder.conv2"));
    QCOMPARE(view.inputChannel(), 5);
    QCOMPARE(view.kernelImageCount(), 8);

    QVERIFY(!view.setCurrentLayer(QStringLiteral("no such layer")));
    QCOMPARE(view.currentLayer(), QStringLiteral("encoder.conv2"));

    // When the selected layer disappears, the first one is shown.
    view.setKernels({makeKernels(QStringLiteral("decoder.deconv1"), 4, 2, 5, 5)});
    QCOMPARE(view.currentLayer(), QStringLiteral("decoder.deconv1"));
    QCOMPARE(view.kernelImageCount(), 4);
    QCOMPARE(view.inputChannel(), 1); // clamped to the layer's 2 channels

    view.setKernels({});
    QCOMPARE(view.currentLayer(), QString());
    QCOMPARE(view.kernelImageCount(), 0);
}

void TestViews::kernelViewRejectsInconsistentData()
{
    KernelView view;
    KernelLayer broken = makeKernels(QStringLiteral("bad"), 4, 1, 5, 1);
    broken.weights.resize(10);
    view.setKernels({broken});
    QCOMPARE(view.kernelImageCount(), 0);
}

void TestViews::hiddenActivity()
{
    HiddenActivityView view;
    const QVector<LayerActivity> layers = {makeLayer(QStringLiteral("encoder.lif1"), 200, 3136, 1),
                                           makeLayer(QStringLiteral("encoder.lif2"), 150, 1568, 2)};
    view.setLayers(layers);
    for (int step = 1; step <= 20; ++step) {
        QVector<LayerActivity> rates = layers;
        rates[0].firingRate = 0.1 + 0.005 * step;
        rates[1].firingRate = 0.05 + 0.002 * step;
        view.addFiringRates(step * 10, rates);
    }
    showAndWait(&view, QSize(900, 700));
    QCOMPARE(view.currentLayer(), QStringLiteral("encoder.lif1"));
    QCOMPARE(view.rasterRowCount(), 200);
    QCOMPARE(view.rateGraphCount(), 2);
    QCOMPARE(view.ratePlot()->graphCount(), 2);
    QCOMPARE(view.ratePlot()->graph(0)->dataCount(), 20);
    QCOMPARE(view.ratePlot()->graph(1)->dataCount(), 20);
    // A loaded run's logged rates join the same graphs by layer name.
    view.addFiringRates(300, QVector<QPair<QString, double>>{{QStringLiteral("encoder.lif2"), 0.2}});
    QCOMPARE(view.rateGraphCount(), 2);
    QCOMPARE(view.ratePlot()->graph(1)->dataCount(), 21);
    QCOMPARE(view.ratePlot()->graph(1)->data()->at(20)->value, 0.2);
    QCOMPARE(view.membranePointCount(), 25);

    view.setNeuron(42);
    QCOMPARE(view.neuron(), 42);
    QCOMPARE(view.membranePlot()->graph(0)->data()->at(4)->value, double(layers[0].membrane[4 * 200 + 42]));
    // The threshold line is in view.
    QTRY_VERIFY(view.membranePlot()->yAxis->range().contains(1.0));

    QVERIFY(view.setCurrentLayer(QStringLiteral("encoder.lif2")));
    QCOMPARE(view.rasterRowCount(), 150);
    QCOMPARE(view.neuron(), 42);
    view.setLayers(layers); // keeps the layer across snapshots
    QCOMPARE(view.currentLayer(), QStringLiteral("encoder.lif2"));
    view.setNeuron(1000);
    QCOMPARE(view.neuron(), 149); // clamped to the raster

    QTest::qWait(100);
    QVERIFY(distinctColours(&view) > 30);
    saveScreenshot(&view, QStringLiteral("hidden_activity_view"));

    view.clearFiringRates();
    QCOMPARE(view.rateGraphCount(), 0);
    QCOMPARE(view.ratePlot()->graphCount(), 0);
}

void TestViews::exportPngAndPdf()
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
    QCOMPARE(png.size(), kernels.size() * kernels.devicePixelRatioF());
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
    // A view with one plot beside other content (the classifier's confusion matrix) exports whole.
    ClassifierView classifier;
    classifier.resize(520, 360);
    QVERIFY(exportWidget(&classifier, dir.filePath(QStringLiteral("classifier.png")), nullptr));
    QCOMPARE(QImage(dir.filePath(QStringLiteral("classifier.png"))).size(),
             classifier.size() * classifier.devicePixelRatioF());
    QFile kernelsPdf(dir.filePath(QStringLiteral("kernels.pdf"))); // kernels are pictures: the check sees them
    QVERIFY(kernelsPdf.open(QIODevice::ReadOnly));
    QVERIFY(kernelsPdf.readAll().contains("/Subtype /Image"));
}

void TestViews::exportFailures()
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

void TestViews::exportSpikeAnimationWritesEveryStep()
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
    const QImage first = reader.read();
    QCOMPARE(reader.nextImageDelay(), 200); // 5 steps per second
    QImage last;
    for (int t = 2; t <= 12; ++t)
        QVERIFY(reader.read(&last));
    QVERIFY(last != first);
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

void TestViews::gifRoundTrip_data()
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
void TestViews::gifRoundTrip()
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
void TestViews::gifQuantisesManyColours()
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

void TestViews::gifRejectsBadFrames()
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

QTEST_MAIN(TestViews)
#include "test_views.moc"
