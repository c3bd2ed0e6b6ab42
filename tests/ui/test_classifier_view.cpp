// The classifier view (accuracy curves with the chance line, the confusion matrix), fed
// hand-made snapshots and rendered offscreen (QT_QPA_PLATFORM=offscreen). No LibTorch. Built
// without QT_NO_KEYWORDS because it includes qcustomplot.h, which uses the `signals` keyword.

#include "tests/support/view_test_support.h"
#include "ui/dvs/classifier_view.h"

#include <QDir>
#include <QLabel>
#include <QRandomGenerator>
#include <QSet>
#include <QtTest/QtTest>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

using namespace csae::ui;
using namespace csae::ui::testing;

namespace {

ClassifierSnapshot makeConfusion(int k, qint64 step, quint32 seed)
{
    // Mostly correct, some confusion with the next class: a diagonal-dominant matrix.
    QRandomGenerator random(seed);
    ClassifierSnapshot snapshot;
    snapshot.step = step;
    for (int i = 0; i < k; ++i) {
        snapshot.classNames << QStringLiteral("class %1").arg(i);
    }
    snapshot.confusion.resize(qsizetype(k) * k);
    for (int r = 0; r < k; ++r) {
        for (int c = 0; c < k; ++c) {
            qint64 n = random.bounded(3);
            if (c == r) {
                n = 60 + random.bounded(30);
            } else if (c == (r + 1) % k) {
                n = 10 + random.bounded(10);
            }
            snapshot.confusion[qsizetype(r) * k + c] = n;
        }
    }
    return snapshot;
}

QCPItemStraightLine* findChanceLine(QCustomPlot* plot)
{
    for (int i = 0; i < plot->itemCount(); ++i) {
        if (auto* line = qobject_cast<QCPItemStraightLine*>(plot->item(i))) {
            return line;
        }
    }
    return nullptr;
}

} // namespace

class TestClassifierView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void classifierCountsPoints();
    void chanceLine_data();
    void chanceLine();
    void confusionRendering();
    void inconsistentConfusionIgnored_data();
    void inconsistentConfusionIgnored();
    void classifierRenders();
};

void TestClassifierView::classifierCountsPoints()
{
    ClassifierView view;
    QCOMPARE(view.trainingPoints(), 0);
    QCOMPARE(view.testPoints(), 0);
    QVERIFY(std::isnan(view.latestTestAccuracy()));
    for (int step = 1; step <= 300; ++step) {
        view.addTrainingAccuracy(step, 0.1 + 0.8 * (1.0 - std::exp(-step / 80.0)));
    }
    for (int step = 50; step <= 300; step += 50) {
        view.addTestAccuracy(step, 0.1 + step / 400.0);
    }
    QCOMPARE(view.trainingPoints(), 300);
    QCOMPARE(view.testPoints(), 6);
    QCOMPARE(view.latestTestAccuracy(), 0.1 + 300 / 400.0);
    view.addTestAccuracy(10, 0.05); // an earlier step is not the latest
    QCOMPARE(view.testPoints(), 7);
    QCOMPARE(view.latestTestAccuracy(), 0.1 + 300 / 400.0);
    view.addTrainingAccuracy(301, std::numeric_limits<double>::quiet_NaN()); // a gap, not a crash
    QCOMPARE(view.trainingPoints(), 301);

    // Percent labels on the accuracy axis, which stays 0..1.
    view.plot()->replot();
    QCOMPARE(view.plot()->yAxis->range().lower, 0.0);
    QCOMPARE(view.plot()->yAxis->range().upper, 1.0);
    const QVector<QString> labels = view.plot()->yAxis->tickVectorLabels();
    QVERIFY(!labels.isEmpty());
    for (const QString& label : labels) {
        QVERIFY2(label.endsWith(QLatin1Char('%')), qPrintable(label));
    }
    QVERIFY(labels.contains(QStringLiteral("100 %")));

    view.setConfusion(makeConfusion(4, 300, 1));
    view.clear();
    QCOMPARE(view.trainingPoints(), 0);
    QCOMPARE(view.testPoints(), 0);
    QVERIFY(std::isnan(view.latestTestAccuracy()));
    QVERIFY(!view.hasConfusion());
    QVERIFY(view.confusionImage().isNull());
    QCOMPARE(view.classCount(), 0);
    QVERIFY(!view.chanceLineVisible());
}

void TestClassifierView::chanceLine_data()
{
    QTest::addColumn<int>("classes");
    QTest::newRow("binary") << 2;
    QTest::newRow("DVS gesture") << 11;
    QTest::newRow("CIFAR-100-like") << 100;
}

void TestClassifierView::chanceLine()
{
    QFETCH(int, classes);
    ClassifierView view;
    QCPItemStraightLine* line = findChanceLine(view.plot());
    QVERIFY(line != nullptr);
    QVERIFY(!view.chanceLineVisible());
    QVERIFY(!line->visible());
    QVERIFY(std::isnan(view.chanceLevel()));
    QVERIFY(!view.plot()->yAxis2->visible());

    view.setConfusion(makeConfusion(classes, 10, 2));
    QCOMPARE(view.classCount(), classes);
    QCOMPARE(view.chanceLevel(), 1.0 / classes);
    QVERIFY(view.chanceLineVisible());
    QCOMPARE(line->point1->coords().y(), 1.0 / classes);
    QCOMPARE(line->point2->coords().y(), 1.0 / classes);
    QCOMPARE(line->pen().style(), Qt::DashLine);
    // Its name is a tick label of the right axis, outside the plot, not a text over the first
    // points (which lie near chance).
    QVERIFY(view.plot()->yAxis2->visible());
    const auto names = view.plot()->yAxis2->ticker().dynamicCast<QCPAxisTickerText>();
    QVERIFY(names);
    QCOMPARE(names->ticks().size(), 1);
    QCOMPARE(names->ticks().firstKey(), 1.0 / classes);
    QVERIFY(names->ticks().first().contains(QStringLiteral("1/%1").arg(classes)));
    for (int i = 0; i < view.plot()->itemCount(); ++i)
        QVERIFY(!qobject_cast<QCPItemText*>(view.plot()->item(i)));
}

void TestClassifierView::confusionRendering()
{
    ClassifierView view;
    QVERIFY(view.confusionImage().isNull());
    QVERIFY(view.confusionTitle().isEmpty());

    // Row 0: 90 / 10; row 1: 9 / 1 (same fractions, ten times fewer samples); row 2: all wrong.
    ClassifierSnapshot snapshot;
    snapshot.step = 1234;
    snapshot.classNames = {QStringLiteral("cat"), QStringLiteral("dog"), QStringLiteral("bird")};
    snapshot.confusion = {90, 10, 0, //
                          1,  9,  0, //
                          0,  20, 0};
    view.setConfusion(snapshot);
    QVERIFY(view.hasConfusion());
    QCOMPARE(view.confusionAccuracy(), 99.0 / 130.0);
    const QImage cells = view.confusionImage();
    QCOMPARE(cells.size(), QSize(3, 3));
    QVERIFY(colourSet(cells).size() >= 3); // not a single colour
    // Row-normalised: equal fractions give equal colours whatever the row's size.
    QCOMPARE(cells.pixel(0, 0), cells.pixel(1, 1));
    QCOMPARE(cells.pixel(1, 0), cells.pixel(0, 1));
    // A larger fraction is darker.
    QVERIFY(qGray(cells.pixel(0, 0)) < qGray(cells.pixel(1, 0)));
    QVERIFY(qGray(cells.pixel(1, 0)) < qGray(cells.pixel(2, 0)));
    QVERIFY(qGray(cells.pixel(1, 2)) <= qGray(cells.pixel(0, 0))); // 100 % of row 2
    QVERIFY2(view.confusionTitle().contains(QStringLiteral("1234")), qPrintable(view.confusionTitle()));
    QVERIFY2(view.confusionTitle().contains(QStringLiteral("76.2 %")), qPrintable(view.confusionTitle()));

    // A bigger diagonal-dominant matrix: the diagonal is the darkest cell of each row.
    view.setConfusion(makeConfusion(10, 2000, 3));
    const QImage big = view.confusionImage();
    QCOMPARE(big.size(), QSize(10, 10));
    QVERIFY(colourSet(big).size() > 3);
    for (int r = 0; r < 10; ++r) {
        for (int c = 0; c < 10; ++c) {
            if (c != r) {
                QVERIFY(qGray(big.pixel(r, r)) < qGray(big.pixel(c, r)));
            }
        }
    }

    // An empty snapshot clears the matrix (K stays known).
    view.setConfusion(ClassifierSnapshot{});
    QVERIFY(!view.hasConfusion());
    QVERIFY(view.confusionImage().isNull());
    QCOMPARE(view.classCount(), 10);
}

void TestClassifierView::inconsistentConfusionIgnored_data()
{
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QVector<qint64>>("counts");

    QTest::newRow("too few counts") << QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}
                                    << QVector<qint64>{1, 2, 3, 4, 5, 6, 7, 8};
    QTest::newRow("too many counts") << QStringList{QStringLiteral("a"), QStringLiteral("b")}
                                     << QVector<qint64>{1, 2, 3, 4, 5};
    QTest::newRow("no class names") << QStringList{} << QVector<qint64>{1, 2, 3, 4};
    QTest::newRow("names without counts") << QStringList{QStringLiteral("a"), QStringLiteral("b")} << QVector<qint64>{};
    QTest::newRow("negative count") << QStringList{QStringLiteral("a"), QStringLiteral("b")}
                                    << QVector<qint64>{5, -1, 0, 4};
}

void TestClassifierView::inconsistentConfusionIgnored()
{
    QFETCH(QStringList, names);
    QFETCH(QVector<qint64>, counts);

    ClassifierView view;
    showAndWait(&view);
    const ClassifierSnapshot good = makeConfusion(4, 100, 7);
    view.setConfusion(good);
    const QImage before = view.confusionImage();
    const QString titleBefore = view.confusionTitle();
    QVERIFY(view.message().isEmpty());

    ClassifierSnapshot bad;
    bad.step = 200;
    bad.classNames = names;
    bad.confusion = counts;
    view.setConfusion(bad);
    QVERIFY(!view.message().isEmpty());
    const auto messageLabels = view.findChildren<QLabel*>();
    QVERIFY(std::any_of(messageLabels.begin(), messageLabels.end(),
                        [&view](QLabel* l) { return l->isVisible() && l->text() == view.message(); }));
    QCOMPARE(view.confusionImage(), before);
    QCOMPARE(view.confusionTitle(), titleBefore);
    QCOMPARE(view.confusion().step, qint64(100));
    QCOMPARE(view.classCount(), 4);
    QCOMPARE(view.chanceLevel(), 0.25);
    QVERIFY(!view.grab().isNull());

    // The next good snapshot is shown and the message goes.
    view.setConfusion(makeConfusion(3, 300, 8));
    QVERIFY(view.message().isEmpty());
    QCOMPARE(view.classCount(), 3);
    QCOMPARE(view.confusion().step, qint64(300));
}

void TestClassifierView::classifierRenders()
{
    ClassifierView view;
    showAndWait(&view, QSize(900, 450));
    QTest::qWait(50);
    const int blank = distinctColours(&view);
    for (int step = 1; step <= 400; ++step) {
        view.addTrainingAccuracy(
            step, std::clamp(0.09 + 0.7 * (1.0 - std::exp(-step / 90.0)) + 0.05 * std::sin(step), 0.0, 1.0));
    }
    for (int step = 50; step <= 400; step += 50) {
        view.addTestAccuracy(step, 0.09 + step / 600.0);
    }
    view.setConfusion(makeConfusion(11, 400, 9));
    QTest::qWait(100);
    const int drawn = distinctColours(&view);
    QVERIFY2(drawn > 20 && drawn > blank, qPrintable(QStringLiteral("%1 colours, %2 blank").arg(drawn).arg(blank)));
    QCOMPARE(view.plot()->xAxis->range().upper, 400.0); // follows the steps
    saveScreenshot(&view, QStringLiteral("classifier_view"));

    // Long names (turned upright under the matrix) and a large K still draw.
    ClassifierSnapshot wide = makeConfusion(20, 500, 10);
    for (QString& name : wide.classNames) {
        name = QStringLiteral("a rather long class name ") + name;
    }
    view.setConfusion(wide);
    QTest::qWait(50);
    QVERIFY(distinctColours(&view) > 20);
    saveScreenshot(&view, QStringLiteral("classifier_view_long_names"));

    // Hovering the plot reads the nearest values.
    QCustomPlot* plot = view.plot();
    const QPoint at(int(plot->xAxis->coordToPixel(200)), int(plot->yAxis->coordToPixel(0.5)));
    QMouseEvent move(QEvent::MouseMove, QPointF(at), plot->mapToGlobal(QPointF(at)), Qt::NoButton, Qt::NoButton,
                     Qt::NoModifier);
    QCoreApplication::sendEvent(plot, &move);
    QVERIFY2(view.readoutText().contains(QStringLiteral("step 200")), qPrintable(view.readoutText()));
    QVERIFY2(view.readoutText().contains(QStringLiteral("at step 200")), qPrintable(view.readoutText()));
}

QTEST_MAIN(TestClassifierView)
#include "test_classifier_view.moc"
