// The receptive-field view: a grid of fields sorted by rate on the diverging map, kernels beside
// conv1's STAs, DVS channels, a click selecting a field for the large view, inconsistent sets
// refused, and the export of both kinds. Hand-made snapshots, offscreen, no LibTorch.

#include "tests/support/view_test_support.h"
#include "ui/analysis/receptive_field_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest/QtTest>

using namespace csae::ui;
using namespace csae::ui::testing;

namespace {

// `count` fields of `channels` channels, each a signed ramp, with rates falling with the index.
FieldSet makeSet(int count, QStringList channels, int side, bool perChannel)
{
    FieldSet set;
    set.layer = perChannel ? QStringLiteral("conv1") : QStringLiteral("embedding");
    set.perChannel = perChannel;
    set.channels = channels;
    set.width = set.height = side;
    set.samples = 500;
    for (int n = 0; n < count; ++n) {
        FieldSet::Neuron neuron;
        neuron.index = count - 1 - n;
        neuron.rate = 0.5 / (n + 1);
        neuron.spikes = 1000.0 / (n + 1);
        for (int c = 0; c < channels.size(); ++c)
            for (int i = 0; i < side * side; ++i)
                neuron.values << float((i % side) - side / 2) * float(c == 1 ? -1 : 1) * float(n + 1);
        set.neurons << neuron;
    }
    return set;
}

} // namespace

class TestReceptiveFieldView : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void emptySaysWhereFieldsComeFrom()
    {
        ReceptiveFieldView view;
        showAndWait(&view, QSize(700, 450));
        QCOMPARE(view.selectedField(), -1);
        view.setKind(ReceptiveFieldView::Kind::Projective);
        QVERIFY(view.detailText().isEmpty());
    }

    /// "Compute from the model": disabled without a model or layers (saying why), the layer
    /// choice kept across snapshots, the request carrying layer, samples and ridge, and a failure
    /// shown above the grid with the button back.
    void computeFromTheModel()
    {
        ReceptiveFieldView view;
        showAndWait(&view, QSize(900, 450));
        QPushButton* compute = nullptr;
        for (QPushButton* button : view.findChildren<QPushButton*>())
            if (button->text() == QStringLiteral("Compute from the model"))
                compute = button;
        QVERIFY(compute);
        QVERIFY(!compute->isEnabled());
        QVERIFY(compute->toolTip().contains(QStringLiteral("No model")));
        view.setComputeAvailable(true);
        QVERIFY(!compute->isEnabled()); // no layers known yet
        const QStringList layers{QStringLiteral("embedding"), QStringLiteral("conv1"), QStringLiteral("conv2")};
        view.setFieldLayers(layers);
        QCOMPARE(view.fieldLayers(), layers);
        QVERIFY(compute->isEnabled());
        auto* layerChoice = view.findChildren<QComboBox*>().last();
        QCOMPARE(layerChoice->currentText(), QStringLiteral("conv1")); // the default layer
        layerChoice->setCurrentIndex(2);
        view.setFieldLayers(layers); // a later snapshot with the same layers keeps the choice
        QCOMPARE(layerChoice->currentText(), QStringLiteral("conv2"));
        view.findChild<QDoubleSpinBox*>()->setValue(0.05);

        QSignalSpy requests(&view, &ReceptiveFieldView::computeRequested);
        QTest::mouseClick(compute, Qt::LeftButton);
        QCOMPARE(requests.count(), 1);
        QCOMPARE(requests.first().at(0).toString(), QStringLiteral("conv2"));
        QCOMPARE(requests.first().at(1).toInt(), 2000);
        QCOMPARE(requests.first().at(2).toDouble(), 0.05);
        QVERIFY(!compute->isEnabled()); // computing
        QCOMPARE(compute->text(), QStringLiteral("Computing…"));

        view.setComputeFailed(QStringLiteral("--layer: \"conv2\" is broken"));
        QVERIFY(compute->isEnabled());
        QVERIFY2(view.infoText().contains(QStringLiteral("is broken")), qPrintable(view.infoText()));

        ReceptiveFieldSnapshot snapshot;
        snapshot.receptive = makeSet(4, {QStringLiteral("intensity")}, 13, true);
        QTest::mouseClick(compute, Qt::LeftButton);
        view.setSnapshot(snapshot); // the result ends "Computing…"
        QVERIFY(compute->isEnabled());
        QCOMPARE(view.selectedField(), 0);

        view.setFieldLayers({QStringLiteral("embedding"), QStringLiteral("conv1")}); // another network
        QCOMPARE(layerChoice->currentText(), QStringLiteral("conv1"));
    }

    void gridWithKernelsAndSelection()
    {
        ReceptiveFieldSnapshot snapshot;
        snapshot.receptive = makeSet(12, {QStringLiteral("intensity")}, 7, true);
        snapshot.receptive.kernels = {QStringLiteral("conv1"), 12, 1, 7, QVector<float>(12 * 49, 0.25f)};
        snapshot.projective = makeSet(16, {QStringLiteral("intensity")}, 28, false);
        ReceptiveFieldView view;
        view.setSnapshot(snapshot);
        showAndWait(&view, QSize(900, 500));
        QVERIFY2(view.infoText().contains(QStringLiteral("7×7")), qPrintable(view.infoText()));
        QVERIFY2(view.infoText().contains(QStringLiteral("kernel")), qPrintable(view.infoText()));
        QVERIFY(distinctColours(view.canvas()) > 8);
        // The first field is selected; a click on the third cell selects it.
        QCOMPARE(view.selectedField(), 0);
        QPoint third;
        for (int x = 0; x < view.canvas()->width() && third.isNull(); x += 2)
            for (int y = 0; y < view.canvas()->height() && third.isNull(); y += 2)
                if (view.fieldAt(QPoint(x, y)) == 2)
                    third = QPoint(x, y);
        QVERIFY(!third.isNull());
        QTest::mouseClick(view.canvas(), Qt::LeftButton, {}, third);
        QCOMPARE(view.selectedField(), 2);
        // Rates are sorted highest first: the third has rate 0.5 / 3 and index 9.
        QVERIFY2(view.detailText().contains(QStringLiteral("channel 9")), qPrintable(view.detailText()));
        QVERIFY2(view.detailText().contains(QStringLiteral("0.1667")), qPrintable(view.detailText()));
        saveScreenshot(&view, QStringLiteral("receptive_fields"));
        view.setKind(ReceptiveFieldView::Kind::Projective);
        QCOMPARE(view.selectedField(), 0);
        QVERIFY2(view.infoText().contains(QStringLiteral("16 embedding neurons")), qPrintable(view.infoText()));
        QCOMPARE(view.fieldAt(QPoint(-5, -5)), -1);
    }

    void dvsChannels()
    {
        ReceptiveFieldSnapshot snapshot;
        snapshot.receptive =
            makeSet(4, {QStringLiteral("ON"), QStringLiteral("OFF"), QStringLiteral("ON - OFF")}, 13, true);
        ReceptiveFieldView view;
        view.setSnapshot(snapshot);
        showAndWait(&view, QSize(700, 450));
        const QImage on = view.canvas()->grab().toImage();
        view.setChannel(1);
        QCOMPARE(view.channel(), 1);
        // OFF is the mirror of ON here: the picture changes.
        QVERIFY(view.canvas()->grab().toImage() != on);
        view.setChannel(7);
        QCOMPARE(view.channel(), 2);
        // The caption says which polarity the pictures show.
        QVERIFY2(view.infoText().contains(QStringLiteral("input ON - OFF")), qPrintable(view.infoText()));
    }

    // A DVS run's figures come once per polarity, each different, beside the one on show.
    void dvsExportsEveryPolarity()
    {
        QTemporaryDir dir;
        ReceptiveFieldSnapshot snapshot;
        snapshot.receptive =
            makeSet(4, {QStringLiteral("ON"), QStringLiteral("OFF"), QStringLiteral("ON - OFF")}, 13, true);
        ReceptiveFieldView view;
        view.setSnapshot(snapshot);
        showAndWait(&view, QSize(700, 450));
        QString error;
        const QStringList files = view.exportFigures(dir.path(), &error);
        QVERIFY2(files.size() == 8, qPrintable(error + files.join(QLatin1Char(' '))));
        const QImage on(dir.filePath(QStringLiteral("receptive_fields_on.png")));
        const QImage off(dir.filePath(QStringLiteral("receptive_fields_off.png")));
        QVERIFY(!on.isNull() && !off.isNull());
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("receptive_fields_on_minus_off.pdf"))));
        QVERIFY(on != off);
        QCOMPARE(QImage(dir.filePath(QStringLiteral("receptive_fields.png"))), on); // the channel on show
        QCOMPARE(view.channel(), 0);
    }

    void inconsistentSetsAreDropped()
    {
        ReceptiveFieldSnapshot snapshot;
        snapshot.receptive = makeSet(3, {QStringLiteral("intensity")}, 7, true);
        snapshot.receptive.neurons[1].values.removeLast();
        snapshot.projective = makeSet(2, {QStringLiteral("intensity")}, 28, false);
        ReceptiveFieldView view;
        view.setSnapshot(snapshot);
        // The broken set is gone, the good one shown in its place.
        QCOMPARE(view.kind(), ReceptiveFieldView::Kind::Projective);
        view.setKind(ReceptiveFieldView::Kind::Receptive);
        QCOMPARE(view.selectedField(), -1);
        QVERIFY2(view.infoText().contains(QStringLiteral("dropped")), qPrintable(view.infoText()));
    }

    void exportsBothKinds()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ReceptiveFieldSnapshot snapshot;
        snapshot.receptive = makeSet(8, {QStringLiteral("intensity")}, 7, true);
        snapshot.projective = makeSet(8, {QStringLiteral("intensity")}, 28, false);
        ReceptiveFieldView view;
        view.setSnapshot(snapshot);
        showAndWait(&view, QSize(800, 500));
        QString error;
        const QStringList files = view.exportFigures(dir.path(), &error);
        QVERIFY2(files.size() == 4, qPrintable(error));
        QImage png(dir.filePath(QStringLiteral("projective_fields.png")));
        QVERIFY(!png.isNull() && colourSet(png).size() > 8);
        QFile pdf(dir.filePath(QStringLiteral("receptive_fields.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly) && pdf.read(5) == QByteArrayLiteral("%PDF-"));
        QCOMPARE(view.kind(), ReceptiveFieldView::Kind::Receptive);
    }
};

QTEST_MAIN(TestReceptiveFieldView)
#include "test_receptive_field_view.moc"
