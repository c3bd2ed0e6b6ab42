// The Studies dock, offscreen, on a study directory the test writes as `csae study run` would:
// the summary table (sortable, a row per grid point), the figures with error bars, the heat map,
// the loss curves, live refresh while runs finish, double-click to open a run, and the figures
// exported as PNG and vector PDF.

#include "app/bridge/study_launcher.h"
#include "app/bridge/study_monitor.h"
#include "tests/support/mnist_required.h"
#include "app/studio/main_window.h"
#include "model/study/study_directory.h"
#include "ui/study/study_view.h"
#include "ui/training/loss_curve_view.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QDockWidget>
#include <QPushButton>
#include <QtTest/QtTest>
#include <QTableWidget>

#include <qcustomplot.h>

#include <fstream>

using namespace csae;

namespace {

/// A study of kernel size x learning rate (2 x 2 points, 2 seeds).
StudySpec twoKeyStudy()
{
    return StudySpec::from_json(nlohmann::ordered_json::parse(R"({"name": "grid",
        "grid": {"model.kernel_size": [3, 7], "train.lr": [0.001, 0.004]}, "seeds": [1, 2]})"),
                                "grid.json");
}

void writeRun(const std::filesystem::path& study, const StudyRun& run, double nrmse, bool finished)
{
    const auto dir = study_run_path(study, run);
    std::filesystem::create_directories(dir);
    std::ofstream metrics(dir / "metrics.jsonl");
    metrics << R"({"split":"run","step":0})" << '\n';
    for (int step = 10; step <= 50; step += 10)
        metrics << R"({"split":"train","step":)" << step << R"(,"loss":)" << 1.0 - step * 0.01 + nrmse * 0.1
                << R"(,"elapsed_s":)" << step * 0.2 << "}\n";
    if (finished) {
        metrics << R"({"split":"test","step":50,"nrmse":)" << nrmse << R"(,"mse":0.05})" << '\n';
        metrics.close();
        write_run_outcome(study, run, StudyRunState::Done, 0, "");
    }
}

} // namespace

class TestStudyDock : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void showsTheStudy();
    void refreshesWhileRunsFinish();
    void doubleClickOpensARun();
    void exportsFiguresAsVectorPdf();
    void windowOpensAStudyInItsDock();
    void runsAStudyStopsAndResumesIt();
    void brokenPresetIsNamedNotHidden();

private:
    QTemporaryDir m_work;
    std::filesystem::path m_study;
    StudySpec m_spec = twoKeyStudy();
};

void TestStudyDock::initTestCase()
{
    QVERIFY(m_work.isValid());
    m_study = std::filesystem::path(m_work.path().toStdString()) / "study";
    prepare_study_directory(m_study, m_spec);
    // Everything finished but the last run of the last point (kernel 7, lr 0.004, seed 2).
    const double values[] = {0.40, 0.44, 0.30, 0.34, 0.35, 0.37, 0.25, 0.0};
    for (std::size_t i = 0; i + 1 < m_spec.runs().size(); ++i)
        writeRun(m_study, m_spec.runs()[i], values[i], true);
    writeRun(m_study, m_spec.runs().back(), 0.0, false);
}

void TestStudyDock::showsTheStudy()
{
    ui::StudyView view;
    view.resize(1000, 800);
    view.show();
    view.setSnapshot(StudyMonitor::read(QString::fromStdString(m_study.string())));
    QVERIFY2(view.headline().contains(QStringLiteral("grid")) &&
                 view.headline().contains(QStringLiteral("7 of 8 runs done")),
             qPrintable(view.headline()));

    // A row per grid point: keys, n, mean, std, CI.
    QTableWidget* summary = view.summaryTable();
    QCOMPARE(summary->rowCount(), 4);
    QCOMPARE(summary->columnCount(), 6);
    QCOMPARE(summary->horizontalHeaderItem(0)->text(), QStringLiteral("model.kernel_size"));
    // Sorting by the mean puts kernel 7 / lr 0.004 (one run, 0.25) first.
    summary->sortItems(3, Qt::AscendingOrder);
    QCOMPARE(summary->item(0, 0)->text(), QStringLiteral("7"));
    QCOMPARE(summary->item(0, 2)->text(), QStringLiteral("1/2"));
    QCOMPARE(summary->item(3, 3)->data(Qt::UserRole + 1).toDouble(), 0.42); // kernel 3, lr 0.001
    QCOMPARE(summary->item(3, 3)->text(), QLocale().toString(0.42, 'f', 4));

    // The metric against kernel size: one series per learning rate, each with error bars.
    QCustomPlot* metric = view.metricPlot();
    QCOMPARE(view.plottedKey(), 0);
    QCOMPARE(metric->graphCount(), 2);
    QCOMPARE(metric->graph(0)->data()->size(), 2);
    QCOMPARE(metric->graph(0)->name(), QStringLiteral("train.lr=0.001"));
    int errorBars = 0;
    for (int i = 0; i < metric->plottableCount(); ++i)
        errorBars += qobject_cast<QCPErrorBars*>(metric->plottable(i)) ? 1 : 0;
    QCOMPARE(errorBars, 2);
    // Against the learning rate instead: a log axis (0.001 to 0.004 is not 50-fold: linear).
    view.setPlottedKey(1);
    QCOMPARE(metric->xAxis->label(), QStringLiteral("train.lr"));
    QCOMPARE(metric->graph(0)->name(), QStringLiteral("model.kernel_size=3"));

    // The heat map: a rectangle per point, with its mean written in it.
    QCustomPlot* heatmap = view.heatmapPlot();
    int cells = 0;
    for (int i = 0; i < heatmap->itemCount(); ++i)
        cells += qobject_cast<QCPItemRect*>(heatmap->item(i)) ? 1 : 0;
    QCOMPARE(cells, 4);

    // Loss curves: every run that logged steps, one legend entry per grid point.
    QCOMPARE(view.lossPlot()->graphCount(), 8);
    QCOMPARE(view.lossPlot()->legend->itemCount(), 4);

    // The runs with their state.
    QCOMPARE(view.runTable()->rowCount(), 8);
}

void TestStudyDock::refreshesWhileRunsFinish()
{
    QTemporaryDir work;
    QVERIFY(work.isValid());
    const std::filesystem::path study = std::filesystem::path(work.path().toStdString()) / "live";
    prepare_study_directory(study, m_spec);
    ui::StudyView view;
    StudyMonitor monitor(nullptr, 50);
    connect(&monitor, &StudyMonitor::snapshotReady, &view, &ui::StudyView::setSnapshot);
    QSignalSpy spy(&monitor, &StudyMonitor::snapshotReady);
    monitor.open(QString::fromStdString(study.string()));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(view.snapshot().count(QStringLiteral("done")), 0);
    QCOMPARE(view.metricPlot()->graphCount(), 0);
    writeRun(study, m_spec.runs()[0], 0.5, true);
    writeRun(study, m_spec.runs()[1], 0.4, true);
    QTRY_COMPARE_WITH_TIMEOUT(view.snapshot().count(QStringLiteral("done")), 2, 5000);
    QCOMPARE(view.metricPlot()->graphCount(), 1);
    QCOMPARE(view.summaryTable()->item(0, 2)->text(), QStringLiteral("2/2"));
    const int columns = view.summaryTable()->columnCount();
    // csae study report --embedding-quality analyses a run: the table gains its quality columns.
    const auto analysis = study_run_path(study, m_spec.runs()[0]) / kRunAnalysisDirectory;
    std::filesystem::create_directories(analysis);
    std::ofstream(analysis / "analysis.json") << R"({"knn_accuracy": 0.875, "trustworthiness_umap": 0.95})";
    QTRY_COMPARE_WITH_TIMEOUT(view.summaryTable()->columnCount(), columns + 2, 5000);
    QCOMPARE(view.summaryTable()->horizontalHeaderItem(columns)->text(), QStringLiteral("kNN probe"));
    QCOMPARE(view.summaryTable()->item(0, columns)->text(), QLocale().toString(0.875, 'f', 4));
    monitor.close();
    QVERIFY(view.snapshot().isEmpty());
}

void TestStudyDock::doubleClickOpensARun()
{
    ui::StudyView view;
    view.resize(1000, 800);
    view.show();
    view.setSnapshot(StudyMonitor::read(QString::fromStdString(m_study.string())));
    QSignalSpy activated(&view, &ui::StudyView::runActivated);
    QTableWidget* runs = view.runTable();
    runs->sortItems(0, Qt::AscendingOrder);
    QTableWidgetItem* item = runs->item(2, 1); // any cell of the row
    const QRect cell = runs->visualItemRect(item);
    // A double-click is a press and release, then the double-click event on the same cell.
    QTest::mouseClick(runs->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(runs->viewport(), Qt::LeftButton, {}, cell.center());
    QCOMPARE(activated.count(), 1);
    const QString directory = activated.takeFirst().at(0).toString();
    QCOMPARE(directory,
             QString::fromStdString((m_study / "runs").string()) + QLatin1Char('/') + runs->item(2, 0)->text());
    QVERIFY(QFileInfo::exists(QDir(directory).filePath(QStringLiteral("metrics.jsonl"))));
}

void TestStudyDock::exportsFiguresAsVectorPdf()
{
    ui::StudyView view;
    view.resize(1000, 800);
    view.show();
    view.setSnapshot(StudyMonitor::read(QString::fromStdString(m_study.string())));
    QTemporaryDir out;
    QVERIFY(out.isValid());
    QString error;
    const QStringList files = view.exportFigures(out.path(), &error);
    QVERIFY2(!files.isEmpty(), qPrintable(error));
    QStringList names;
    for (const QString& file : files)
        names << QFileInfo(file).fileName();
    QCOMPARE(names, (QStringList{QStringLiteral("metric_vs_model_kernel_size.png"),
                                 QStringLiteral("metric_vs_model_kernel_size.pdf"),
                                 QStringLiteral("metric_vs_train_lr.png"), QStringLiteral("metric_vs_train_lr.pdf"),
                                 QStringLiteral("heatmap.png"), QStringLiteral("heatmap.pdf"),
                                 QStringLiteral("loss_curves.png"), QStringLiteral("loss_curves.pdf")}));
    for (const QString& file : files) {
        QFile stream(file);
        QVERIFY(stream.open(QIODevice::ReadOnly));
        const QByteArray contents = stream.readAll();
        QVERIFY2(contents.size() > 1000, qPrintable(file));
        if (file.endsWith(QLatin1String(".pdf")))
            QVERIFY2(!contents.contains("/Subtype /Image"), qPrintable(file + QStringLiteral(" holds a raster image")));
        else
            QVERIFY(!QImage(file).isNull());
    }
    QCOMPARE(view.plottedKey(), 0); // restored after the export
}

void TestStudyDock::windowOpensAStudyInItsDock()
{
    MainWindow window(nullptr, false);
    window.show();
    QString error;
    QVERIFY(!window.openStudyDirectory(m_work.path(), &error)); // the parent of the study: not one
    QVERIFY2(error.contains(QStringLiteral("not a study directory")), qPrintable(error));
    QVERIFY2(window.openStudyDirectory(QString::fromStdString(m_study.string()), &error), qPrintable(error));
    QVERIFY(window.dockOf(window.studyView())->isVisible());
    QCOMPARE(window.studyView()->summaryTable()->rowCount(), 4);

    // Its runs overlaid on the loss view: all that have training steps, or the selected ones.
    auto* loss = window.findChild<ui::LossCurveView*>();
    QVERIFY(loss);
    QPushButton* compare = nullptr;
    for (QPushButton* button : window.studyView()->findChildren<QPushButton*>())
        if (button->text() == QStringLiteral("Compare in the loss view"))
            compare = button;
    QVERIFY(compare);
    int withSteps = 0;
    for (const auto& run : window.studyView()->snapshot().runs)
        withSteps += run.trainLoss.isEmpty() ? 0 : 1;
    QVERIFY(withSteps >= 2);
    QCOMPARE(window.studyView()->comparedRuns().size(), withSteps);
    QTest::mouseClick(compare, Qt::LeftButton);
    QCOMPARE(loss->comparisonCount(), withSteps);
    QVERIFY(loss->isVisible());
    loss->clearComparisons();
    window.studyView()->runTable()->selectRow(1);
    QCOMPARE(window.studyView()->comparedRuns().size(), 1);
    QTest::mouseClick(compare, Qt::LeftButton);
    QCOMPARE(loss->comparisonCount(), 1);
}

// File > Run a study: csae study run in its own process, the Studies dock filling as soon as the
// study exists; stopped as Ctrl-C stops it, then run again into the same folder to finish.
void TestStudyDock::runsAStudyStopsAndResumesIt()
{
    CSAE_REQUIRE_MNIST();
    const QString spec = m_work.filePath(QStringLiteral("tiny.json"));
    QFile file(spec);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "tiny", "base": {"data": {"limit": 256, "test_limit": 32},
        "encoding": {"steps": 4}, "train": {"batch_size": 16, "max_steps": 400, "log_every": 10,
        "checkpoint_every": 5}},
        "grid": {"model.kernel_size": [3, 5]}, "seeds": [1], "metric": "nrmse"})");
    file.close();
    const QString folder = m_work.filePath(QStringLiteral("launched"));

    MainWindow window;
    window.studyLauncher()->setCsaeBinary(QStringLiteral(CSAE_CLI_PATH));
    QSignalSpy ready(window.studyLauncher(), &StudyLauncher::directoryReady);
    QSignalSpy finished(window.studyLauncher(), &StudyLauncher::finished);
    QString error;
    QVERIFY2(window.runStudy(spec, folder, 1, &error), qPrintable(error));
    QString refused;
    QVERIFY(!window.runStudy(spec, folder, 1, &refused)); // one study at a time
    QVERIFY(refused.contains(QStringLiteral("already running")));
    QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(window.studyView()->snapshot().runs.size() == 2, 10000);
    // Some training first, so that the stop has a run to checkpoint.
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(QDir(folder).filePath(QStringLiteral("runs"))) &&
                                 window.studyLauncher()->lastLine().contains(QStringLiteral("started")),
                             60000);
    window.studyLauncher()->stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QCOMPARE(finished.first().at(0).toInt(), 130);

    // Run again into the same folder: the interrupted runs resume from their checkpoints.
    QVERIFY2(window.runStudy(QDir(folder).filePath(QStringLiteral("study.json")), folder, 1, &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 240000);
    QVERIFY2(finished.last().at(0).toInt() == 0, qPrintable(finished.last().at(1).toString()));
    QTRY_VERIFY_WITH_TIMEOUT(window.studyView()->snapshot().runs.size() == 2, 10000);
    for (const auto& run : window.studyView()->snapshot().runs)
        QVERIFY2(run.state == QStringLiteral("done"), qPrintable(run.id + QStringLiteral(": ") + run.state));
}

// The Run a study dialog's preset list: a broken preset file is named, not silently an empty list.
void TestStudyDock::brokenPresetIsNamedNotHidden()
{
    QTemporaryDir presets;
    QFile broken(presets.filePath(QStringLiteral("broken.json")));
    QVERIFY(broken.open(QIODevice::WriteOnly));
    broken.write("{\"name\": ");
    broken.close();
    const QByteArray previous = qgetenv("CSAE_STUDIES");
    qputenv("CSAE_STUDIES", presets.path().toUtf8());
    QString error;
    const auto found = StudyLauncher::presets(&error);
    qputenv("CSAE_STUDIES", previous);
    QVERIFY(found.empty());
    QVERIFY2(error.contains(QStringLiteral("broken.json")), qPrintable(error));
    QVERIFY(!StudyLauncher::presets().empty()); // the shipped presets read
}

QTEST_MAIN(TestStudyDock)
#include "test_study_dock.moc"
