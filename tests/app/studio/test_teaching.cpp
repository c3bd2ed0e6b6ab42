// The rate-coding lesson: the engine's numbers through the bridge (counts that follow the
// binomial, the engine's refusal of f above 1/dt), the explorer offscreen (a slider answered
// within a frame, the seed's t = 10, 50, 80, a clicked pixel's histogram, the GIF for slides)
// and the presenter window (--teach, text size). Needs no dataset.

#include "app/bridge/convolution_bridge.h"
#include "app/bridge/lif_bridge.h"
#include "app/bridge/network_walk_bridge.h"
#include "app/bridge/rate_coding_bridge.h"
#include "app/bridge/surrogate_bridge.h"
#include "app/studio/teach_window.h"
#include "ui/teaching/convolution_view.h"
#include "ui/teaching/lif_playground_view.h"
#include "ui/teaching/network_walk_view.h"
#include "ui/teaching/rate_coding_view.h"
#include "ui/teaching/surrogate_view.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

using namespace csae;

namespace {

ui::RateCodingRequest uniformRequest(float intensity, int steps)
{
    ui::RateCodingRequest request;
    request.image = QVector<float>(28 * 28, intensity);
    request.setting = {1000.0, 100.0, 0.001, steps};
    request.comparison = request.setting;
    request.pixel = 100;
    request.seed = 7;
    return request;
}

} // namespace

class TestTeaching : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void countsFollowTheBinomial_data()
    {
        QTest::addColumn<float>("intensity");
        QTest::addColumn<int>("steps");
        QTest::newRow("x 0.3, T 100") << 0.3f << 100;
        QTest::newRow("x 1, T 25") << 1.0f << 25;
        QTest::newRow("x 0, T 80 (f_off only)") << 0.0f << 80;
    }

    void countsFollowTheBinomial()
    {
        QFETCH(float, intensity);
        QFETCH(int, steps);
        const ui::RateCodingSnapshot snapshot = compute_rate_coding(uniformRequest(intensity, steps));
        QVERIFY2(snapshot.error.isEmpty(), qPrintable(snapshot.error));
        const double p = 0.001 * ((1000.0 - 100.0) * intensity + 100.0);
        QVERIFY(std::abs(snapshot.probabilities[0] - p) < 1e-6);
        // 784 pixels, each Binomial(T, p): their mean count within 4 standard errors of Tp.
        double sum = 0.0, squares = 0.0;
        for (const int count : snapshot.counts) {
            sum += count;
            squares += double(count) * count;
        }
        const double n = snapshot.counts.size(), mean = sum / n, variance = squares / n - mean * mean;
        const double expected = steps * p, spread = std::sqrt(steps * p * (1 - p));
        QVERIFY2(std::abs(mean - expected) < 4.0 * spread / std::sqrt(n) + 1e-9,
                 qPrintable(QStringLiteral("mean %1, Tp %2").arg(mean).arg(expected)));
        QVERIFY2(std::abs(variance - spread * spread) < 0.25 * spread * spread + 1e-9,
                 qPrintable(QStringLiteral("variance %1, Tp(1-p) %2").arg(variance).arg(spread * spread)));
        // The clicked pixel's 2000 re-draws against the binomial: their mean within 4 standard
        // errors of Tp, and a total variation distance below 0.1 (sampling noise alone gives
        // about 0.045 at T = 100, p = 0.37).
        QCOMPARE(snapshot.histogram.size(), steps + 1);
        QCOMPARE(snapshot.binomial.size(), steps + 1);
        double total = 0.0, binomialSum = 0.0, drawn = 0.0, countSum = 0.0;
        for (int k = 0; k <= steps; ++k) {
            total += std::abs(double(snapshot.histogram[k]) / snapshot.redraws - snapshot.binomial[k]);
            binomialSum += snapshot.binomial[k];
            drawn += double(snapshot.histogram[k]);
            countSum += double(k) * double(snapshot.histogram[k]);
        }
        QCOMPARE(drawn, double(snapshot.redraws));
        QVERIFY(std::abs(binomialSum - 1.0) < 1e-9);
        QVERIFY2(std::abs(countSum / drawn - expected) < 4.0 * spread / std::sqrt(drawn) + 1e-9,
                 qPrintable(QString::number(countSum / drawn)));
        QVERIFY2(total / 2.0 < 0.1, qPrintable(QString::number(total / 2.0)));
        // The running average ends at the pixel's own count / T.
        QCOMPARE(snapshot.runningAverage.size(), steps);
        QVERIFY(std::abs(snapshot.runningAverage.last() - double(snapshot.counts[100]) / steps) < 1e-12);
        // The same seed gives the same spikes; another seed others.
        QCOMPARE(compute_rate_coding(uniformRequest(intensity, steps)).spikes, snapshot.spikes);
    }

    void refusesRatesAboveOneOverDt()
    {
        ui::RateCodingRequest request = uniformRequest(0.5f, 50);
        request.setting.fOn = 5000.0;
        const ui::RateCodingSnapshot refused = compute_rate_coding(request);
        QVERIFY2(refused.error.contains(QStringLiteral("encoding.f_on")) &&
                     refused.error.contains(QStringLiteral("1/dt")),
                 qPrintable(refused.error));
        QVERIFY(refused.spikes.isEmpty());
        request.image.removeLast();
        QVERIFY(!compute_rate_coding(request).error.isEmpty());
    }

    void explorerAnswersWithinAFrame()
    {
        ui::RateCodingView view;
        view.setComputer(&compute_rate_coding);
        view.resize(1400, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy redrawn(&view, &ui::RateCodingView::redrawn);
        const QList<QSlider*> sliders = view.findChildren<QSlider*>();
        QSlider* fOn = nullptr;
        for (QSlider* slider : sliders)
            if (slider->maximum() == 2000 && !fOn)
                fOn = slider;
        QVERIFY(fOn);
        QElapsedTimer engine;
        engine.start();
        for (int i = 0; i < 20; ++i)
            compute_rate_coding(view.request());
        qInfo("rate-coding engine alone: %.1f ms per request", engine.nsecsElapsed() / 20e6);
        // From a change to the redraw (the engine's numbers, the pictures, both plots), 100 times.
        QVector<qint64> nanoseconds;
        for (int i = 0; i < 100; ++i) {
            QElapsedTimer timer;
            timer.start();
            fOn->setValue(300 + (i * 7) % 700);
            QCoreApplication::processEvents();
            nanoseconds << timer.nsecsElapsed();
        }
        QCOMPARE(redrawn.count(), 100);
        std::sort(nanoseconds.begin(), nanoseconds.end());
        const double p99 = nanoseconds[98] / 1e6;
        qInfo("rate-coding explorer: slider to redraw p50 %.1f ms, p99 %.1f ms", nanoseconds[49] / 1e6, p99);
        QVERIFY2(p99 < 50.0, qPrintable(QStringLiteral("p99 %1 ms").arg(p99)));
    }

    void explorerShowsTheSeedsFramesAndThePixel()
    {
        ui::RateCodingView view;
        view.setComputer(&compute_rate_coding);
        view.resize(1400, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.showBuiltInDigit(7);
        QVERIFY(view.snapshot().error.isEmpty());
        // A built-in digit has ink: some pixels near 1, most near 0.
        const auto& image = view.request().image;
        QVERIFY(*std::max_element(image.begin(), image.end()) > 0.9f);
        QVERIFY(std::count_if(image.begin(), image.end(), [](float v) { return v < 0.05f; }) > 500);
        for (const char* label : {"t = 10", "t = 50", "t = 80"}) {
            QPushButton* button = nullptr;
            for (QPushButton* candidate : view.findChildren<QPushButton*>())
                if (candidate->text() == QLatin1String(label))
                    button = candidate;
            QVERIFY2(button, label);
            button->click();
            QCOMPARE(view.frameStep(), QString::fromLatin1(label).mid(4).toInt());
        }
        // T below 80: the frame is clamped to the last step.
        view.setSetting({1000.0, 0.0, 0.001, 40});
        QCOMPARE(view.frameStep(), 40);
        // A refused setting: the engine's message at the constraint, in place of the pictures.
        view.setSetting({5000.0, 0.0, 0.001, 40});
        QVERIFY2(view.constraintText().contains(QStringLiteral("encoding.f_on")), qPrintable(view.constraintText()));
        view.setSetting({1000.0, 0.0, 0.001, 60});
        QVERIFY(view.snapshot().error.isEmpty());
        // Ctrl+click on the canvas picks a pixel: its running average and histogram are drawn.
        ui::DrawingCanvas* canvas = view.canvas();
        QPoint target;
        for (int x = 0; x < canvas->width() && target.isNull(); ++x)
            for (int y = 0; y < canvas->height() && target.isNull(); ++y)
                if (canvas->pixelAt(QPointF(x, y)) == 14 * 28 + 10)
                    target = QPoint(x, y);
        QVERIFY(!target.isNull());
        QTest::mouseClick(canvas, Qt::LeftButton, Qt::ControlModifier, target);
        QCOMPARE(view.snapshot().pixel, 14 * 28 + 10);
        QCOMPARE(view.averagePlot()->graphCount(), 2);
        QCOMPARE(view.histogramPlot()->plottableCount(), 2); // the bars and the binomial
        // Drawing without Ctrl adds ink and recomputes.
        const float before = view.request().image[5 * 28 + 5];
        QPoint corner;
        for (int x = 0; x < canvas->width() && corner.isNull(); ++x)
            for (int y = 0; y < canvas->height() && corner.isNull(); ++y)
                if (canvas->pixelAt(QPointF(x, y)) == 5 * 28 + 5)
                    corner = QPoint(x + 1, y + 1);
        QVERIFY(!corner.isNull());
        QTest::mouseClick(canvas, Qt::LeftButton, {}, corner);
        QVERIFY2(view.request().image[5 * 28 + 5] > before,
                 qPrintable(QString::number(view.request().image[5 * 28 + 5])));
    }

    void lifPlaygroundAnswersAndDraws()
    {
        ui::LifPlaygroundView view;
        view.setComputer(&compute_lif);
        view.resize(1400, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY2(view.snapshot().error.isEmpty(), qPrintable(view.snapshot().error));
        // The default: a step input, A subtracts (no closed form with leak), B resets to zero.
        QCOMPARE(view.snapshot().current.size(), 200);
        QVERIFY(view.snapshot().rateA > 0.0);
        QVERIFY2(view.messageText().contains(QStringLiteral("No closed form")), qPrintable(view.messageText()));
        QCOMPARE(view.membranePlot()->graphCount(), 6); // per neuron: membrane, threshold, spikes
        QVERIFY(view.ratePlot()->graphCount() >= 3);    // A and B simulated, B's closed form
        // A slider is answered within a frame: p99 of 100 changes below 50 ms.
        QSlider* beta = nullptr;
        for (QSlider* slider : view.findChildren<QSlider*>())
            if (slider->maximum() == 100 && !beta)
                beta = slider;
        QVERIFY(beta);
        QSignalSpy redrawn(&view, &ui::TeachingView::redrawn);
        QVector<qint64> nanoseconds;
        for (int i = 0; i < 100; ++i) {
            QElapsedTimer timer;
            timer.start();
            beta->setValue(20 + (i * 13) % 80);
            QCoreApplication::processEvents();
            nanoseconds << timer.nsecsElapsed();
        }
        QCOMPARE(redrawn.count(), 100);
        std::sort(nanoseconds.begin(), nanoseconds.end());
        qInfo("LIF playground: slider to redraw p50 %.1f ms, p99 %.1f ms", nanoseconds[49] / 1e6,
              nanoseconds[98] / 1e6);
        QVERIFY2(nanoseconds[98] / 1e6 < 50.0, qPrintable(QString::number(nanoseconds[98] / 1e6)));
        // Both neurons with a closed form: the message goes.
        ui::LifRequest request = view.request();
        request.a.resetToZero = true;
        view.setRequest(request);
        QVERIFY(view.messageText().isEmpty());
        QCOMPARE(view.ratePlot()->graphCount(), 4);
        // A drawn current: dragging over the input plot sets it where the mouse is.
        request.waveform = ui::LifWaveform::Drawn;
        request.drawn = QVector<double>(200, 0.0);
        view.setRequest(request);
        QCustomPlot* input = view.inputPlot();
        input->yAxis->setRange(-1, 4);
        input->replot();
        const QPoint at(int(input->xAxis->coordToPixel(100)), int(input->yAxis->coordToPixel(3.0)));
        QTest::mousePress(input, Qt::LeftButton, {}, at);
        QTest::mouseRelease(input, Qt::LeftButton, {}, at);
        QVERIFY2(std::abs(view.snapshot().current[99] - 3.0) < 0.1,
                 qPrintable(QString::number(view.snapshot().current[99])));
        QCOMPARE(view.snapshot().current[10], 0.0);
        // The engine refuses a drawn current of the wrong length, and the view says so.
        request.drawn.removeLast();
        view.setRequest(request);
        QVERIFY2(view.messageText().contains(QStringLiteral("199 values")), qPrintable(view.messageText()));
    }

    void surrogateLessonAnswersAndDraws()
    {
        ui::SurrogateView view;
        view.setComputer(&compute_surrogate);
        view.resize(1400, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const ui::SurrogateSnapshot& snapshot = view.snapshot();
        QVERIFY2(snapshot.error.isEmpty(), qPrintable(snapshot.error));
        QCOMPARE(snapshot.names, (QStringList{QStringLiteral("fast_sigmoid"), QStringLiteral("arctan"),
                                              QStringLiteral("sigmoid"), QStringLiteral("straight_through")}));
        // The step, and per surrogate its derivative and its integral; a loss curve each.
        QCOMPARE(view.curvePlot()->graphCount(), 1 + 2 * 4);
        QCOMPARE(view.lossPlot()->graphCount(), 4);
        // At x = 0 the sigmoid's derivative is slope / 4 (the default slope, 5).
        const int middle = int(snapshot.x.size() / 2);
        QVERIFY(std::abs(snapshot.derivative[2][middle] - view.request().slope / 4.0) < 1e-6);
        // A slider is answered within a frame: p99 of 40 changes below 50 ms. The curves are
        // redrawn at once; the four trainings follow at the next event-loop turn, once per burst.
        QSlider* slope = nullptr;
        for (QSlider* slider : view.findChildren<QSlider*>())
            if (slider->maximum() == 300)
                slope = slider;
        QVERIFY(slope);
        QVector<qint64> nanoseconds;
        for (int i = 0; i < 40; ++i) {
            QElapsedTimer timer;
            timer.start();
            slope->setValue(50 + (i * 17) % 200);
            nanoseconds << timer.nsecsElapsed();
            QVERIFY(view.trainingPending());
            QCoreApplication::processEvents(); // the training
            QVERIFY(!view.trainingPending());
            QCOMPARE(view.lossPlot()->graphCount(), 4);
        }
        std::sort(nanoseconds.begin(), nanoseconds.end());
        qInfo("surrogates: slider to redraw p50 %.1f ms, p99 %.1f ms", nanoseconds[19] / 1e6, nanoseconds[39] / 1e6);
        QVERIFY2(nanoseconds[39] / 1e6 < 50.0, qPrintable(QString::number(nanoseconds[39] / 1e6)));
        // A silent start (weight 0): the straight-through gradient still moves it, the loss falls.
        ui::SurrogateRequest request = view.request();
        request.initialWeight = 0.0;
        // setRequest() trains at once; the coalesced training must not run a second time.
        int trainings = 0;
        view.setComputer([&trainings](const ui::SurrogateRequest& r) {
            trainings += r.withTraining ? 1 : 0;
            return compute_surrogate(r);
        });
        QCoreApplication::processEvents();
        trainings = 0;
        view.setRequest(request);
        QCoreApplication::processEvents();
        QCOMPARE(trainings, 1);
        QVERIFY(view.snapshot().loss[3].last() < view.snapshot().loss[3].first());
        const QString shots = qEnvironmentVariable("CSAE_UI_SCREENSHOTS");
        if (!shots.isEmpty())
            view.grab().save(QDir(shots).filePath(QStringLiteral("teach_surrogate.png")));
    }

    void convolutionStepperFillsTheSeedsY()
    {
        ui::ConvolutionView view;
        view.setComputer(&compute_convolution);
        view.setRequest(seed_convolution_request());
        view.resize(1000, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.position(), 0);
        QVERIFY(view.outputTable()->item(0, 0)->text().isEmpty());
        view.step();
        QCOMPARE(view.outputTable()->item(0, 0)->text(), QStringLiteral("12"));
        QVERIFY(view.outputTable()->item(0, 1)->text().isEmpty());
        QVERIFY2(view.sumText().contains(QStringLiteral("1·1 + 2·1 + 3·0")) &&
                     view.sumText().endsWith(QStringLiteral("= 12")),
                 qPrintable(view.sumText()));
        // The window's cells are marked on X.
        QVERIFY(view.inputTable()->item(2, 2)->background().style() != Qt::NoBrush);
        QVERIFY(view.inputTable()->item(3, 3)->background().style() == Qt::NoBrush);
        // Playing fills every cell: the seed's Y.
        view.setPlaying(true);
        QTRY_COMPARE_WITH_TIMEOUT(view.position(), 16, 20000);
        const QStringList seedY{QStringLiteral("12"), QStringLiteral("7"),  QStringLiteral("9"),  QStringLiteral("7"),
                                QStringLiteral("11"), QStringLiteral("15"), QStringLiteral("13"), QStringLiteral("6"),
                                QStringLiteral("18"), QStringLiteral("19"), QStringLiteral("12"), QStringLiteral("13"),
                                QStringLiteral("15"), QStringLiteral("7"),  QStringLiteral("14"), QStringLiteral("7")};
        for (int i = 0; i < 16; ++i)
            QCOMPARE(view.outputTable()->item(i / 4, i % 4)->text(), seedY[i]);
        view.setPlaying(false);
        // Editing X recomputes Y; a cell that is not a number is refused with the engine's message.
        view.inputTable()->item(0, 0)->setText(QStringLiteral("2"));
        QCOMPARE(view.snapshot().y.value(0), 13.0);
        view.inputTable()->item(0, 0)->setText(QStringLiteral("abc"));
        QVERIFY(!view.snapshot().error.isEmpty());
        // The spiking frames are there and scrub.
        view.setRequest(seed_convolution_request());
        QCOMPARE(view.snapshot().steps, 20);
        view.setFrame(5);
        QCOMPARE(view.snapshot().currents.size(), 20);
        const QString shots = qEnvironmentVariable("CSAE_UI_SCREENSHOTS");
        if (!shots.isEmpty()) {
            view.setPosition(6);
            view.grab().save(QDir(shots).filePath(QStringLiteral("teach_convolution.png")));
        }
    }

    void networkWalkShowsEveryLayer()
    {
        NetworkWalker walker;
        ui::NetworkWalkView view;
        view.setComputer([&walker](const QVector<float>& image, quint64 seed) { return walker.walk(image, seed); });
        view.resize(1200, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY2(view.snapshot().error.isEmpty(), qPrintable(view.snapshot().error));
        QCOMPARE(view.snapshot().steps, 25); // the default T
        // Every layer of the default SAE: conv1, conv2, embedding, decoder_linear, deconv1, output.
        QCOMPARE(view.layerPictureCount(), 6);
        QCOMPARE(view.snapshot().layers.first().channels, 12);
        QVERIFY(!view.layerPicture(0).isNull());
        view.setStep(25);
        QCOMPARE(view.step(), 25);
        QVERIFY(!view.reconstructionPicture().isNull());
        // A run directory that is not one: refused, naming the file; the untrained walk stays.
        QString error;
        QVERIFY(!walker.loadRun(QStringLiteral("/nonexistent/run"), &error));
        QVERIFY2(error.contains(QStringLiteral("checkpoint.pt")), qPrintable(error));
        view.refresh();
        QVERIFY(view.snapshot().error.isEmpty());
        const QString shots = qEnvironmentVariable("CSAE_UI_SCREENSHOTS");
        if (!shots.isEmpty()) {
            view.setStep(12);
            view.grab().save(QDir(shots).filePath(QStringLiteral("teach_network.png")));
        }
    }

    void presenterWindow()
    {
        QString error;
        QVERIFY(!TeachWindow::create(QStringLiteral("chemistry"), &error));
        QVERIFY2(error.contains(QStringLiteral("rate-coding")), qPrintable(error));
        TeachWindow* window = TeachWindow::create(QStringLiteral("rate-coding"), &error);
        QVERIFY(window);
        window->setAttribute(Qt::WA_DeleteOnClose, false);
        std::unique_ptr<TeachWindow> owner(window);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        const double before = window->rateCodingView()->font().pointSizeF();
        QTest::keyClick(window, Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(window->fontScale() > 1.0);
        QVERIFY(window->rateCodingView()->font().pointSizeF() > before);
        QTest::keyClick(window, Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(window->fontScale(), 1.0);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString gif = dir.filePath(QStringLiteral("rate.gif"));
        QVERIFY2(window->exportAnimation(gif, &error), qPrintable(error));
        QFile file(gif);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.startsWith("GIF89a"));
        QVERIFY(bytes.endsWith(";")); // the trailer: the animation is complete
        std::unique_ptr<TeachWindow> lif(TeachWindow::create(QStringLiteral("lif"), &error));
        QVERIFY(lif && lif->lifPlaygroundView());
        lif->setAttribute(Qt::WA_DeleteOnClose, false);
        lif->show();
        QVERIFY(QTest::qWaitForWindowExposed(lif.get()));
        const QString lifGif = dir.filePath(QStringLiteral("lif.gif"));
        QVERIFY2(lif->exportAnimation(lifGif, &error), qPrintable(error));
        QVERIFY(QFileInfo(lifGif).size() > 1000);
        const QString shots = qEnvironmentVariable("CSAE_UI_SCREENSHOTS");
        if (!shots.isEmpty()) {
            window->resize(1400, 820);
            window->rateCodingView()->selectPixel(14 * 28 + 12);
            window->grab().save(QDir(shots).filePath(QStringLiteral("teach_rate_coding.png")));
            lif->resize(1400, 820);
            lif->grab().save(QDir(shots).filePath(QStringLiteral("teach_lif.png")));
        }
    }
};

QTEST_MAIN(TestTeaching)
#include "test_teaching.moc"
