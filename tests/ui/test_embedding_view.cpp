// The embedding view (PCA or UMAP scatter coloured by label), fed hand-made snapshots and drawn
// offscreen: one graph per class named in the legend, the hovered point named, inconsistent
// snapshots refused, both projections exported as PNG and vector PDF. No LibTorch.

#include "tests/support/view_test_support.h"
#include "ui/analysis/embedding_view.h"

#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

#include <qcustomplot.h>

using namespace csae::ui;
using namespace csae::ui::testing;

namespace {

// Three well separated clusters of `perClass` points; PCA and UMAP differ so that switching shows.
EmbeddingSnapshot makeClusters(int perClass, const QStringList& names = {})
{
    EmbeddingSnapshot snapshot;
    for (int label = 0; label < 3; ++label)
        for (int i = 0; i < perClass; ++i) {
            snapshot.labels << label;
            snapshot.pca << QPointF(10.0 * label + 0.1 * i, -5.0 * label + 0.05 * i);
            snapshot.umap << QPointF(-3.0 * label + 0.02 * i, 4.0 * label);
        }
    snapshot.classNames = names;
    snapshot.summary = QStringLiteral("kNN probe 0.900");
    return snapshot;
}

} // namespace

class TestEmbeddingView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptyViewSaysWhereEmbeddingsComeFrom()
    {
        EmbeddingView view;
        showAndWait(&view, QSize(500, 400));
        QCOMPARE(view.plot()->graphCount(), 0);
        QVERIFY2(view.readoutText().contains(QStringLiteral("csae analyse")), qPrintable(view.readoutText()));
    }

    void drawsOneGraphPerClass_data()
    {
        QTest::addColumn<QStringList>("names");
        QTest::addColumn<QStringList>("legend");
        QTest::newRow("numbers") << QStringList{}
                                 << QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")};
        QTest::newRow("class names") << QStringList{QStringLiteral("zero"), QStringLiteral("one"),
                                                    QStringLiteral("two")}
                                     << QStringList{QStringLiteral("zero"), QStringLiteral("one"),
                                                    QStringLiteral("two")};
    }

    void drawsOneGraphPerClass()
    {
        QFETCH(QStringList, names);
        QFETCH(QStringList, legend);
        EmbeddingView view;
        view.setSnapshot(makeClusters(20, names));
        showAndWait(&view, QSize(500, 400));
        QCOMPARE(view.plot()->graphCount(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(view.plot()->graph(i)->name(), legend[i]);
            QCOMPARE(view.plot()->graph(i)->dataCount(), 20);
        }
        QVERIFY(view.plot()->legend->visible());
        // Colours differ between classes: the scatter pens are distinct.
        QVERIFY(view.plot()->graph(0)->scatterStyle().pen().color() !=
                view.plot()->graph(1)->scatterStyle().pen().color());
        QVERIFY(distinctColours(&view) > 6);
        saveScreenshot(&view, QStringLiteral("embedding_view"));
    }

    void switchesProjection()
    {
        EmbeddingView view;
        view.setSnapshot(makeClusters(10));
        showAndWait(&view, QSize(500, 400));
        QCOMPARE(view.projection(), EmbeddingView::Projection::Umap);
        QCOMPARE(view.plot()->xAxis->label(), QStringLiteral("UMAP 1"));
        view.setProjection(EmbeddingView::Projection::Pca);
        QCOMPARE(view.plot()->xAxis->label(), QStringLiteral("PCA 1"));
        // The PCA layout spans x in [0, 20.9]: the axes follow the projection shown.
        QVERIFY(view.plot()->xAxis->range().upper > 20.0);
    }

    void hoverNamesThePoint()
    {
        EmbeddingView view;
        view.setSnapshot(makeClusters(5, {QStringLiteral("zero"), QStringLiteral("one"), QStringLiteral("two")}));
        showAndWait(&view, QSize(500, 400));
        const QPointF point = view.snapshot().umap[7];
        const QPointF target(view.plot()->xAxis->coordToPixel(point.x()), view.plot()->yAxis->coordToPixel(point.y()));
        QCOMPARE(view.pointAt(target), 7);
        QTest::mouseMove(view.plot(), target.toPoint());
        QTRY_VERIFY2(view.readoutText().contains(QStringLiteral("test sample 7")), qPrintable(view.readoutText()));
        QVERIFY(view.readoutText().contains(QStringLiteral("one")));
        // Far from every point: nothing is named.
        QCOMPARE(view.pointAt(QPointF(-100, -100)), -1);
    }

    void clickSelectsAndShowsThePictures()
    {
        EmbeddingSnapshot snapshot =
            makeClusters(5, {QStringLiteral("zero"), QStringLiteral("one"), QStringLiteral("two")});
        for (int i = 0; i < snapshot.labels.size(); ++i) {
            QImage sample(28, 28, QImage::Format_Grayscale8);
            sample.fill(i * 10);
            snapshot.samples << sample;
            snapshot.reconstructions << sample.mirrored();
        }
        EmbeddingView view;
        view.setSnapshot(snapshot);
        showAndWait(&view, QSize(500, 400));
        QSignalSpy selected(&view, &EmbeddingView::pointSelected);
        const QPointF point = view.snapshot().pca.isEmpty() ? QPointF() : view.snapshot().umap[12];
        const QPoint target(int(view.plot()->xAxis->coordToPixel(point.x())),
                            int(view.plot()->yAxis->coordToPixel(point.y())));
        const int graphs = view.plot()->graphCount();
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, target);
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected.first().at(0).toInt(), 12);
        QCOMPARE(view.selectedPoint(), 12);
        QCOMPARE(view.plot()->graphCount(), graphs + 1); // the ring around it, not in the legend
        QCOMPARE(view.plot()->legend->itemCount(), 3);
        QTRY_VERIFY(view.readoutText().contains(QStringLiteral("test sample 12")));
        // A click away from every point keeps the selection.
        QTest::mouseClick(view.plot(), Qt::LeftButton, {}, QPoint(2, 2));
        QCOMPARE(selected.count(), 1);
        // A snapshot with pictures of the wrong count keeps its points and drops the pictures.
        snapshot.samples.removeLast();
        view.setSnapshot(snapshot);
        QVERIFY(view.snapshot().samples.isEmpty());
        QCOMPARE(view.snapshot().reconstructions.size(), snapshot.labels.size());
        QCOMPARE(view.selectedPoint(), -1);
    }

    void computeButtonAsksForTheCurrentModel()
    {
        EmbeddingView view;
        QSignalSpy requested(&view, &EmbeddingView::computeRequested);
        QVERIFY(!view.computeButton()->isEnabled());
        view.setComputeAvailable(true);
        QVERIFY(view.computeButton()->isEnabled());
        view.computeButton()->click();
        QCOMPARE(requested.count(), 1);
        // Until the result arrives the button waits.
        QVERIFY(!view.computeButton()->isEnabled());
        view.setSnapshot(makeClusters(3));
        QVERIFY(view.computeButton()->isEnabled());
    }

    void refusesInconsistentSnapshots()
    {
        EmbeddingView view;
        view.setSnapshot(makeClusters(4));
        EmbeddingSnapshot broken = makeClusters(4);
        broken.umap.removeLast();
        view.setSnapshot(broken);
        QVERIFY(view.snapshot().isEmpty());
        QCOMPARE(view.plot()->graphCount(), 0);
        QVERIFY2(view.readoutText().contains(QStringLiteral("Inconsistent")), qPrintable(view.readoutText()));
    }

    void exportsBothProjections()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        EmbeddingView view;
        view.setSnapshot(makeClusters(30));
        view.setProjection(EmbeddingView::Projection::Pca);
        QString error;
        const QStringList files = view.exportFigures(dir.filePath(QStringLiteral("figures")), &error);
        QVERIFY2(files.size() == 4, qPrintable(error));
        for (const QString& file : files) {
            QFile written(file);
            QVERIFY2(written.open(QIODevice::ReadOnly), qPrintable(file));
            const QByteArray bytes = written.readAll();
            if (file.endsWith(QLatin1String(".pdf"))) {
                QVERIFY(bytes.startsWith("%PDF"));
                QVERIFY2(!bytes.contains("/Subtype /Image"), qPrintable(file + QStringLiteral(" holds a raster")));
            } else {
                QImage image;
                QVERIFY(image.loadFromData(bytes, "PNG"));
                QVERIFY(colourSet(image).size() > 6);
            }
        }
        // The projection the user had chosen is the one shown afterwards.
        QCOMPARE(view.projection(), EmbeddingView::Projection::Pca);
        QVERIFY(view.exportFigures(QStringLiteral("/proc/none/figures"), &error).isEmpty());
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(TestEmbeddingView)
#include "test_embedding_view.moc"
