// Views fed synthetic snapshots, rendered offscreen (QT_QPA_PLATFORM=offscreen). No LibTorch:
// the views only know ui/snapshots.h. Built without QT_NO_KEYWORDS because it includes
// qcustomplot.h, which uses the `signals` keyword.

#include "ui/common/pixel_image_widget.h"
#include "ui/common/plot_updater.h"
#include "ui/training/hidden_activity_view.h"
#include "ui/training/input_spike_view.h"
#include "ui/training/kernel_view.h"
#include "ui/training/loss_curve_view.h"
#include "ui/training/reconstruction_view.h"
#include "tests/support/view_fixtures.h"
#include "tests/support/view_test_support.h"

#include <QDir>
#include <QPushButton>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSet>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include <cmath>

using namespace csae::ui;
using namespace csae::ui::testing;

namespace {

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
    void lossCurveLegendAndEpochLabelsStayClear();
    void smallPlotsThinTheirTicks();
    void inputSpikeCursorAndPlayback();
    void inputSpikeNeuronSelection();
    void inputSpikeChosenSample();
    void reconstructionGrid();
    void kernelViewKeepsLayerAndRenders();
    void kernelViewRejectsInconsistentData();
    void hiddenActivity();
    void hiddenActivityPicksNeuronByPosition();
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

// A plot squeezed into a short dock keeps its tick labels apart (the DVS event-rate trace used to
// stack seven labels into 90 px); given room, it shows the usual five or so again.
void TestViews::smallPlotsThinTheirTicks()
{
    QCustomPlot plot;
    PlotUpdater updater(&plot);
    QCPGraph* graph = plot.addGraph();
    for (int i = 0; i <= 1000; ++i)
        graph->addData(i, 33.0 * (i % 50) / 50.0);
    plot.yAxis->setRange(0.0, 33.0);
    plot.xAxis->setRange(0.0, 1000.0);
    const auto visibleTicks = [](QCPAxis* axis) {
        int n = 0;
        for (double tick : axis->tickVector())
            n += axis->range().contains(tick) ? 1 : 0;
        return n;
    };
    showAndWait(&plot, QSize(240, 110));
    plot.replot();       // the first layout: the margins around the axis rect are known from here on
    updater.resetView(); // refits the ticks, as every coalesced replot does
    QVERIFY2(visibleTicks(plot.yAxis) <= 3, qPrintable(QString::number(visibleTicks(plot.yAxis))));
    plot.resize(600, 420); // the resize alone refits them
    QTest::qWait(10);
    plot.replot();
    QVERIFY2(visibleTicks(plot.yAxis) >= 4, qPrintable(QString::number(visibleTicks(plot.yAxis))));
    QVERIFY2(visibleTicks(plot.xAxis) >= 4, qPrintable(QString::number(visibleTicks(plot.xAxis))));
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
    const QSize minimumBefore = view.minimumSizeHint();
    const QPoint at(int(plot->xAxis->coordToPixel(120)), int(plot->yAxis->coordToPixel(0.7)));
    QMouseEvent move(QEvent::MouseMove, QPointF(at), plot->mapToGlobal(QPointF(at)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(plot, &move);
    QVERIFY2(view.readoutText().contains(QStringLiteral("120")), qPrintable(view.readoutText()));
    QVERIFY2(view.readoutText().contains(QStringLiteral("0.7")), qPrintable(view.readoutText()));
    QCOMPARE(view.minimumSizeHint().width(), minimumBefore.width()); // the readout never widens the view
}

// The legend sits above the plot, never over the curves; twenty epoch labels in a narrow plot
// thin out instead of smearing into each other, and all show again when there is room.
void TestViews::lossCurveLegendAndEpochLabelsStayClear()
{
    LossCurveView view;
    showAndWait(&view, QSize(420, 320));
    for (int step = 1; step <= 1000; ++step)
        view.addTrainLoss(step, 1.0 / std::sqrt(double(step)));
    for (int epoch = 1; epoch <= 20; ++epoch)
        view.addEpochMarker(epoch * 50, epoch + 1);
    view.resetView(); // fits the data and replots now
    QCustomPlot* plot = view.plot();
    QVERIFY(!plot->axisRect()->outerRect().intersects(plot->legend->outerRect()));
    QVERIFY2(plot->legend->outerRect().bottom() <= plot->axisRect()->outerRect().top() + 1,
             "the legend is not above the plot");
    const int shown = view.visibleEpochLabelCount();
    QVERIFY2(shown >= 2 && shown < 20, qPrintable(QString::number(shown)));
    QCOMPARE(view.epochMarkerCount(), 20);
    view.resize(1800, 320); // wider: more labels fit
    QTest::qWait(50);
    view.resetView();
    QVERIFY2(view.visibleEpochLabelCount() > shown, qPrintable(QString::number(view.visibleEpochLabelCount())));
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

/// A test sample chosen in the Embedding view: named above the raster, with "Follow training"
/// offered, which asks to go back; a training sample offers nothing.
void TestViews::inputSpikeChosenSample()
{
    InputSpikeView view;
    InputSnapshot input = makeInput();
    input.source = QStringLiteral("training sample 12: 3");
    view.setInput(input);
    showAndWait(&view);
    QCOMPARE(view.sourceText(), input.source);
    QVERIFY(!view.offersFollowTraining());
    input.source = QStringLiteral("test sample 7: 9");
    input.chosen = true;
    view.setInput(input);
    QCOMPARE(view.sourceText(), input.source);
    QVERIFY(view.offersFollowTraining());
    QSignalSpy follow(&view, &InputSpikeView::followTrainingRequested);
    QPushButton* button = nullptr;
    for (QPushButton* candidate : view.findChildren<QPushButton*>())
        if (candidate->text() == QStringLiteral("Follow training"))
            button = candidate;
    QVERIFY(button);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(follow.count(), 1);
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

    // The headers are the test samples' indices: the chosen sample's first.
    QCOMPARE(view.columnLabel(0), QStringLiteral("#0"));
    snapshot.first = 40;
    view.setReconstructions(snapshot);
    QCOMPARE(view.columnLabel(0), QStringLiteral("#40"));
    QCOMPARE(view.columnLabel(2), QStringLiteral("#42"));

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

// A neuron is picked by channel and position, or by clicking its raster row; one outside the
// sampled rows is requested and shown once a snapshot brings it.
void TestViews::hiddenActivityPicksNeuronByPosition()
{
    HiddenActivityView view;
    LayerActivity layer = makeLayer(QStringLiteral("encoder.lif1"), 64, 2 * 14 * 14, 3); // every 6th neuron
    layer.shape = {2, 14, 14};
    view.setLayers({layer});
    showAndWait(&view, QSize(900, 700));
    QSignalSpy requests(&view, &HiddenActivityView::neuronRequested);

    QVERIFY(view.selectNeuronAt(0, 0, 12)); // index 12 = row 2 of the raster
    QCOMPARE(view.neuronIndex(), 12);
    QCOMPARE(view.neuron(), 2);
    QCOMPARE(requests.count(), 0);

    const int wanted = (1 * 14 + 5) * 14 + 3; // 283, not a multiple of 6
    QVERIFY(view.selectNeuronAt(1, 5, 3));
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests.at(0).at(0).toString(), QStringLiteral("encoder.lif1"));
    QCOMPARE(requests.at(0).at(1).toInt(), wanted);
    QVERIFY(!view.selectNeuronAt(2, 0, 0)); // no channel 2
    QVERIFY(!view.selectNeuronAt(0, 14, 0));
    // The next snapshot holds it (the bridge puts it in place of the nearest sampled neuron).
    LayerActivity withIt = layer;
    withIt.neuronIndices[47] = wanted; // 282 -> 283
    view.setLayers({withIt});
    QCOMPARE(view.neuronIndex(), wanted);
    QCOMPARE(view.neuron(), 47);

    // Clicking a raster row shows that neuron.
    auto* raster = view.findChild<PixelImageWidget*>();
    QVERIFY(raster);
    const QPoint row10(raster->width() / 2, int((10 + 0.5) * raster->height() / 64.0));
    QCOMPARE(raster->imagePixelAt(row10).y(), 10);
    QTest::mouseClick(raster, Qt::LeftButton, {}, row10);
    QCOMPARE(view.neuron(), 10);
    QCOMPARE(view.neuronIndex(), 60);
}

QTEST_MAIN(TestViews)
#include "test_views.moc"
