#include "ui/study/study_view.h"

#include "ui/common/color_maps.h"
#include "ui/export/view_export.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSet>
#include <QLocale>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace csae::ui {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

QString number(double value, int decimals = 4)
{
    return std::isfinite(value) ? QLocale().toString(value, 'f', decimals) : QStringLiteral("–");
}

QString durationText(double seconds)
{
    const auto total = qint64(std::llround(std::max(0.0, seconds)));
    return total >= 3600 ? QStringLiteral("%1:%2:%3")
                               .arg(total / 3600)
                               .arg((total / 60) % 60, 2, 10, QLatin1Char('0'))
                               .arg(total % 60, 2, 10, QLatin1Char('0'))
                         : QStringLiteral("%1:%2").arg(total / 60).arg(total % 60, 2, 10, QLatin1Char('0'));
}

/// The role holding a cell's number for sorting (its text is formatted for reading).
constexpr int kSortRole = Qt::UserRole + 1;

/// A table cell shown as text and sorted by its number where it has one (cells without a
/// number sort after those with one).
class SortableCell : public QTableWidgetItem {
public:
    using QTableWidgetItem::QTableWidgetItem;
    bool operator<(const QTableWidgetItem& other) const override
    {
        const QVariant mine = data(kSortRole), theirs = other.data(kSortRole);
        if (mine.isValid() && theirs.isValid())
            return mine.toDouble() < theirs.toDouble();
        if (mine.isValid() != theirs.isValid())
            return mine.isValid();
        return QTableWidgetItem::operator<(other);
    }
};

QTableWidgetItem* cell(const QString& text, double sortValue = kNaN)
{
    auto* item = new SortableCell(text);
    if (std::isfinite(sortValue))
        item->setData(kSortRole, sortValue);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

void showPlaceholder(QCustomPlot* plot, const QString& text)
{
    auto* label = new QCPItemText(plot);
    label->position->setType(QCPItemPosition::ptAxisRectRatio);
    label->position->setCoords(0.5, 0.5);
    label->setText(text);
    label->setColor(palette::guideText());
}

void resetPlot(QCustomPlot* plot)
{
    plot->clearPlottables();
    plot->clearItems();
    plot->legend->setVisible(false);
    plot->xAxis->setScaleType(QCPAxis::stLinear);
    plot->xAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new QCPAxisTicker));
    plot->xAxis->setLabel(QString());
    plot->yAxis->setLabel(QString());
}

QCustomPlot* makePlot(QWidget* parent)
{
    auto* plot = new QCustomPlot(parent);
    plot->setMinimumSize(240, 180);
    plot->legend->setFont(plot->font());
    plot->legend->setBrush(QBrush(QColor(255, 255, 255, 210)));
    plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    return plot;
}

QString fileStem(const QString& key)
{
    QString stem = key;
    for (QChar& c : stem)
        if (!c.isLetterOrNumber())
            c = QLatin1Char('_');
    return stem;
}

} // namespace

StudyView::StudyView(QWidget* parent) : QWidget(parent)
{
    m_headline = new QLabel(tr("No study open. File ▸ Open study… opens a study directory (csae study run)."), this);
    m_headline->setWordWrap(true);
    m_headline->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_summary = new QTableWidget(this);
    m_summary->setSortingEnabled(true);
    m_summary->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_summary->verticalHeader()->setVisible(false);
    m_summary->horizontalHeader()->setStretchLastSection(true);

    m_metricPlot = makePlot(this);
    m_heatmapPlot = makePlot(this);
    m_lossPlot = makePlot(this);
    m_axisChoice = new QComboBox(this);
    m_axisChoice->setToolTip(tr("The grid key on the x axis; the other keys make one series each"));
    connect(m_axisChoice, &QComboBox::activated, this,
            [this](int index) { setPlottedKey(m_axisChoice->itemData(index).toInt()); });
    auto* metricPage = new QWidget(this);
    auto* metricLayout = new QVBoxLayout(metricPage);
    metricLayout->setContentsMargins(0, 0, 0, 0);
    auto* axisRow = new QHBoxLayout;
    axisRow->addWidget(new QLabel(tr("x axis:"), metricPage));
    axisRow->addWidget(m_axisChoice);
    axisRow->addStretch(1);
    metricLayout->addLayout(axisRow);
    metricLayout->addWidget(m_metricPlot, 1);
    m_figures = new QTabWidget(this);
    m_figures->addTab(metricPage, tr("Metric vs key"));
    m_figures->addTab(m_heatmapPlot, tr("Heat map"));
    m_figures->addTab(m_lossPlot, tr("Loss curves"));

    m_runs = new QTableWidget(this);
    m_runs->setSortingEnabled(true);
    m_runs->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_runs->verticalHeader()->setVisible(false);
    m_runs->horizontalHeader()->setStretchLastSection(true);
    m_runs->setToolTip(tr("Double-click a run to open it in the training views"));
    connect(m_runs, &QTableWidget::itemDoubleClicked, this, [this](QTableWidgetItem* item) {
        const QTableWidgetItem* first = m_runs->item(item->row(), 0);
        if (first)
            Q_EMIT runActivated(first->data(Qt::UserRole).toString());
    });

    m_compare = new QPushButton(tr("Compare in the loss view"), this);
    m_compare->setToolTip(tr("Overlay the loss curves of the selected runs (all runs with training steps when none "
                             "is selected) on the Loss dock, each in its own colour"));
    connect(m_compare, &QPushButton::clicked, this, [this] {
        const QStringList runs = comparedRuns();
        if (!runs.isEmpty())
            Q_EMIT compareRequested(runs);
    });
    auto* runsPane = new QWidget(this);
    auto* runsLayout = new QVBoxLayout(runsPane);
    runsLayout->setContentsMargins(0, 0, 0, 0);
    runsLayout->addWidget(m_runs, 1);
    auto* runsButtons = new QHBoxLayout;
    runsButtons->addWidget(m_compare);
    runsButtons->addStretch(1);
    runsLayout->addLayout(runsButtons);

    // Tables on the left, figures on the right: the dock is wide and short below the plots.
    auto* tables = new QSplitter(Qt::Vertical, this);
    tables->addWidget(m_summary);
    tables->addWidget(runsPane);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(tables);
    splitter->addWidget(m_figures);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(splitter, 1);
    setSnapshot({});
}

QStringList StudyView::comparedRuns() const
{
    QSet<int> selectedRows;
    for (const QTableWidgetItem* item : m_runs->selectedItems())
        selectedRows.insert(item->row());
    QStringList directories;
    for (int row = 0; row < m_runs->rowCount(); ++row) {
        const QTableWidgetItem* first = m_runs->item(row, 0);
        if (!first)
            continue;
        const QString directory = first->data(Qt::UserRole).toString();
        if (!selectedRows.isEmpty()) {
            if (selectedRows.contains(row))
                directories << directory;
            continue;
        }
        for (const StudyRunSummary& run : m_snapshot.runs)
            if (run.directory == directory && !run.trainLoss.isEmpty())
                directories << directory;
    }
    return directories;
}

QString StudyView::headline() const
{
    return m_headline->text();
}

void StudyView::setSnapshot(const StudySnapshot& snapshot)
{
    m_snapshot = snapshot;
    if (!snapshot.error.isEmpty()) {
        m_headline->setText(tr("Cannot read the study: %1").arg(snapshot.error));
    } else if (snapshot.isEmpty()) {
        m_headline->setText(tr("No study open. File ▸ Open study… opens a study directory (csae study run)."));
    } else {
        const int total = int(snapshot.runs.size());
        const int done = snapshot.count(QStringLiteral("done"));
        const int running = snapshot.count(QStringLiteral("running"));
        const int failed = snapshot.count(QStringLiteral("failed"));
        QString text = tr("%1 · test %2 (%3) · %4 of %5 runs done, %6 running, %7 left")
                           .arg(snapshot.name, snapshot.metric,
                                snapshot.higherIsBetter ? tr("higher is better") : tr("lower is better"))
                           .arg(done)
                           .arg(total)
                           .arg(running)
                           .arg(total - done - running - failed);
        if (failed > 0)
            text += tr(", %1 failed").arg(failed);
        m_headline->setText(text);
    }
    // Keep the chosen x axis while it is still a numeric key of this study.
    m_axisChoice->clear();
    int firstNumeric = -1;
    for (int key = 0; key < snapshot.gridKeys.size(); ++key) {
        if (!snapshot.numericKey(key))
            continue;
        m_axisChoice->addItem(snapshot.gridKeys[key], key);
        if (firstNumeric < 0)
            firstNumeric = key;
    }
    if (m_plottedKey < 0 || m_plottedKey >= snapshot.gridKeys.size() || !snapshot.numericKey(m_plottedKey))
        m_plottedKey = firstNumeric;
    m_axisChoice->setCurrentIndex(m_axisChoice->findData(m_plottedKey));
    m_axisChoice->setEnabled(m_axisChoice->count() > 1);
    fillTables();
    drawMetricPlot();
    drawHeatmap();
    drawLossCurves();
}

void StudyView::setPlottedKey(int key)
{
    if (key < 0 || key >= m_snapshot.gridKeys.size() || !m_snapshot.numericKey(key))
        return;
    m_plottedKey = key;
    m_axisChoice->setCurrentIndex(m_axisChoice->findData(key));
    drawMetricPlot();
}

void StudyView::fillTables()
{
    const QStringList keys = m_snapshot.gridKeys;
    m_summary->setSortingEnabled(false);
    m_summary->clear();
    QStringList headers = keys;
    headers << tr("n") << tr("mean") << tr("std") << tr("95 % CI");
    // The embedding-quality means, once csae study report --embedding-quality has analysed runs.
    bool quality = false;
    for (const StudyPointSummary& point : m_snapshot.points)
        quality = quality || std::isfinite(point.knnAccuracy);
    if (quality)
        headers << tr("kNN probe") << tr("trust. UMAP");
    m_summary->setColumnCount(int(headers.size()));
    m_summary->setHorizontalHeaderLabels(headers);
    m_summary->setRowCount(int(m_snapshot.points.size()));
    for (int row = 0; row < m_snapshot.points.size(); ++row) {
        const StudyPointSummary& point = m_snapshot.points[row];
        for (int key = 0; key < keys.size(); ++key)
            m_summary->setItem(row, key,
                               cell(point.values.value(key), key < point.numbers.size() ? point.numbers[key] : kNaN));
        const int base = int(keys.size());
        auto* count = cell(QStringLiteral("%1/%2").arg(point.finished).arg(point.planned));
        count->setData(Qt::UserRole, point.finished);
        m_summary->setItem(row, base, count);
        const bool any = point.finished > 0;
        m_summary->setItem(row, base + 1, cell(number(any ? point.mean : kNaN), any ? point.mean : kNaN));
        m_summary->setItem(row, base + 2, cell(number(any ? point.std : kNaN), any ? point.std : kNaN));
        m_summary->setItem(row, base + 3,
                           cell(any ? QStringLiteral("[%1, %2]").arg(number(point.ciLow), number(point.ciHigh))
                                    : QStringLiteral("–")));
        if (quality) {
            m_summary->setItem(row, base + 4, cell(number(point.knnAccuracy), point.knnAccuracy));
            m_summary->setItem(row, base + 5, cell(number(point.trustworthinessUmap), point.trustworthinessUmap));
        }
    }
    m_summary->setSortingEnabled(true);
    m_summary->resizeColumnsToContents();

    m_runs->setSortingEnabled(false);
    m_runs->clear();
    m_runs->setColumnCount(6);
    m_runs->setHorizontalHeaderLabels(
        {tr("Run"), tr("State"), tr("Seed"), tr("Steps"), tr("Test %1").arg(m_snapshot.metric), tr("Wall time")});
    m_runs->setRowCount(int(m_snapshot.runs.size()));
    for (int row = 0; row < m_snapshot.runs.size(); ++row) {
        const StudyRunSummary& run = m_snapshot.runs[row];
        auto* id = cell(run.id);
        id->setData(Qt::UserRole, run.directory);
        m_runs->setItem(row, 0, id);
        auto* state = cell(run.state);
        if (!run.failure.isEmpty())
            state->setToolTip(run.failure);
        m_runs->setItem(row, 1, state);
        m_runs->setItem(row, 2, cell(QString::number(run.seed), double(run.seed)));
        m_runs->setItem(row, 3, cell(QString::number(run.steps), double(run.steps)));
        m_runs->setItem(row, 4, cell(number(run.metric), run.metric));
        m_runs->setItem(row, 5, cell(durationText(run.wallSeconds)));
    }
    m_runs->setSortingEnabled(true);
    m_runs->resizeColumnsToContents();
}

void StudyView::drawMetricPlot()
{
    QCustomPlot* plot = m_metricPlot;
    resetPlot(plot);
    const int key = m_plottedKey;
    if (m_snapshot.isEmpty() || key < 0) {
        showPlaceholder(plot, m_snapshot.isEmpty() ? tr("No study") : tr("No numeric grid key to plot against"));
        plot->replot();
        return;
    }
    // One series per combination of the other keys' values, in the order points appear.
    QStringList seriesNames;
    QVector<QVector<int>> seriesPoints;
    for (int index = 0; index < m_snapshot.points.size(); ++index) {
        const StudyPointSummary& point = m_snapshot.points[index];
        QStringList others;
        for (int other = 0; other < m_snapshot.gridKeys.size(); ++other)
            if (other != key)
                others << QStringLiteral("%1=%2").arg(m_snapshot.gridKeys[other], point.values.value(other));
        const QString name = others.join(QStringLiteral(", "));
        qsizetype series = seriesNames.indexOf(name);
        if (series < 0) {
            seriesNames << name;
            seriesPoints.append(QVector<int>());
            series = seriesNames.size() - 1;
        }
        seriesPoints[series].append(index);
    }
    double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
    double yLow = lowest, yHigh = highest;
    bool anyFinished = false;
    for (int series = 0; series < seriesNames.size(); ++series) {
        QVector<int> points = seriesPoints[series];
        std::sort(points.begin(), points.end(),
                  [&](int a, int b) { return m_snapshot.points[a].numbers[key] < m_snapshot.points[b].numbers[key]; });
        QVector<double> xs, means, below, above;
        for (int index : points) {
            const StudyPointSummary& point = m_snapshot.points[index];
            lowest = std::min(lowest, point.numbers[key]);
            highest = std::max(highest, point.numbers[key]);
            if (point.finished == 0)
                continue;
            xs << point.numbers[key];
            means << point.mean;
            yLow = std::min(yLow, point.ciLow);
            yHigh = std::max(yHigh, point.ciHigh);
            below << point.mean - point.ciLow;
            above << point.ciHigh - point.mean;
        }
        if (xs.isEmpty())
            continue;
        anyFinished = true;
        QCPGraph* graph = plot->addGraph();
        const QColor colour = palette::series(series);
        graph->setPen(QPen(colour, 1.6));
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, colour, colour, 6));
        graph->setData(xs, means, true);
        graph->setName(seriesNames[series].isEmpty() ? tr("mean, 95 % CI") : seriesNames[series]);
        auto* bars = new QCPErrorBars(plot->xAxis, plot->yAxis);
        bars->setDataPlottable(graph);
        bars->setData(below, above);
        bars->setPen(QPen(colour, 1.2));
        bars->removeFromLegend();
    }
    plot->xAxis->setLabel(m_snapshot.gridKeys[key]);
    plot->yAxis->setLabel(tr("test %1 (mean ± 95 % CI)").arg(m_snapshot.metric));
    if (!anyFinished) {
        showPlaceholder(plot, tr("No finished run yet"));
        plot->replot();
        return;
    }
    // Keys spanning orders of magnitude (learning rates, embedding sizes) read best on a log axis.
    if (lowest > 0 && highest / lowest >= 50) {
        plot->xAxis->setScaleType(QCPAxis::stLogarithmic);
        plot->xAxis->setTicker(QSharedPointer<QCPAxisTickerLog>(new QCPAxisTickerLog));
        plot->xAxis->setRange(lowest / 1.5, highest * 1.5);
    } else {
        const double pad = highest > lowest ? (highest - lowest) * 0.08 : std::max(1.0, std::abs(lowest) * 0.1);
        plot->xAxis->setRange(lowest - pad, highest + pad);
    }
    const double yPad = yHigh > yLow ? (yHigh - yLow) * 0.1 : 0.05;
    plot->yAxis->setRange(yLow - yPad, yHigh + yPad);
    plot->legend->setVisible(seriesNames.size() > 1 || !seriesNames.front().isEmpty());
    plot->replot();
}

void StudyView::drawHeatmap()
{
    QCustomPlot* plot = m_heatmapPlot;
    resetPlot(plot);
    if (m_snapshot.gridKeys.size() != 2) {
        showPlaceholder(
            plot,
            m_snapshot.isEmpty()
                ? tr("No study")
                : tr("A heat map needs a grid of exactly two keys (this one has %1)").arg(m_snapshot.gridKeys.size()));
        plot->replot();
        return;
    }
    QStringList columns, rows;
    for (const auto& point : m_snapshot.points) {
        if (!columns.contains(point.values.value(0)))
            columns << point.values.value(0);
        if (!rows.contains(point.values.value(1)))
            rows << point.values.value(1);
    }
    double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
    for (const auto& point : m_snapshot.points)
        if (point.finished > 0) {
            lowest = std::min(lowest, point.mean);
            highest = std::max(highest, point.mean);
        }
    // Cells are vector rectangles (a colour map would be a raster image inside the PDF).
    for (const auto& point : m_snapshot.points) {
        const double x = double(columns.indexOf(point.values.value(0)));
        const double y = double(rows.indexOf(point.values.value(1)));
        auto* rect = new QCPItemRect(plot);
        rect->topLeft->setCoords(x - 0.5, y + 0.5);
        rect->bottomRight->setCoords(x + 0.5, y - 0.5);
        rect->setPen(QPen(Qt::white, 1));
        auto* label = new QCPItemText(plot);
        label->position->setCoords(x, y);
        if (point.finished == 0) {
            rect->setBrush(QBrush(QColor(235, 235, 235)));
            label->setText(tr("no run yet"));
            label->setColor(palette::guideText());
            continue;
        }
        const double t = highest > lowest ? (point.mean - lowest) / (highest - lowest) : 0.5;
        rect->setBrush(QBrush(QColor::fromRgb(sequentialColor(0.15 + 0.8 * t))));
        label->setText(
            QStringLiteral("%1\n± %2 (n %3)").arg(number(point.mean, 3), number(point.std, 3)).arg(point.finished));
        label->setColor(t > 0.55 ? Qt::white : Qt::black);
    }
    auto xTicker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    for (int i = 0; i < columns.size(); ++i)
        xTicker->addTick(i, columns[i]);
    auto yTicker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    for (int i = 0; i < rows.size(); ++i)
        yTicker->addTick(i, rows[i]);
    plot->xAxis->setTicker(xTicker);
    plot->yAxis->setTicker(yTicker);
    plot->xAxis->setRange(-0.5, double(columns.size()) - 0.5);
    plot->yAxis->setRange(-0.5, double(rows.size()) - 0.5);
    plot->xAxis->setLabel(m_snapshot.gridKeys[0]);
    plot->yAxis->setLabel(m_snapshot.gridKeys[1]);
    auto* title = new QCPItemText(plot);
    title->position->setType(QCPItemPosition::ptAxisRectRatio);
    title->position->setCoords(0.5, 0.0);
    title->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    title->setClipToAxisRect(false);
    title->setText(tr("test %1, mean over seeds (darker: higher)").arg(m_snapshot.metric));
    plot->replot();
}

void StudyView::drawLossCurves()
{
    QCustomPlot* plot = m_lossPlot;
    resetPlot(plot);
    QVector<bool> named(m_snapshot.points.size(), false);
    for (const auto& run : m_snapshot.runs) {
        if (run.trainLoss.isEmpty() || run.point < 0 || run.point >= m_snapshot.points.size())
            continue;
        QCPGraph* graph = plot->addGraph();
        QColor colour = palette::series(run.point);
        colour.setAlpha(170);
        graph->setPen(QPen(colour, 1.2));
        QVector<double> steps, losses;
        for (const QPointF& p : run.trainLoss) {
            steps << p.x();
            losses << p.y();
        }
        graph->setData(steps, losses, true);
        QStringList values;
        for (int key = 0; key < m_snapshot.gridKeys.size(); ++key)
            values << QStringLiteral("%1=%2").arg(m_snapshot.gridKeys[key],
                                                  m_snapshot.points[run.point].values.value(key));
        graph->setName(values.join(QStringLiteral(", ")));
        if (named[run.point])
            graph->removeFromLegend();
        named[run.point] = true;
    }
    if (plot->graphCount() == 0) {
        showPlaceholder(plot, m_snapshot.isEmpty() ? tr("No study") : tr("No run has logged a step yet"));
        plot->replot();
        return;
    }
    plot->xAxis->setLabel(tr("step"));
    plot->yAxis->setLabel(tr("training loss (one line per run, coloured by grid point)"));
    plot->rescaleAxes();
    plot->legend->setVisible(m_snapshot.points.size() <= 12);
    plot->replot();
}

QStringList StudyView::exportFigures(const QString& directory, QString* error)
{
    if (!QDir().mkpath(directory)) {
        if (error)
            *error = tr("cannot create %1").arg(directory);
        return {};
    }
    QStringList written;
    const auto save = [&](QCustomPlot* plot, const QString& stem) {
        for (const char* suffix : {".png", ".pdf"}) {
            const QString file = QDir(directory).filePath(stem + QLatin1String(suffix));
            if (!exportWidget(plot, file, error, QSize(900, 600)))
                return false;
            written << file;
        }
        return true;
    };
    const int chosen = m_plottedKey;
    for (int key = 0; key < m_snapshot.gridKeys.size(); ++key) {
        if (!m_snapshot.numericKey(key))
            continue;
        setPlottedKey(key);
        if (!save(m_metricPlot, QStringLiteral("metric_vs_") + fileStem(m_snapshot.gridKeys[key])))
            return {};
    }
    setPlottedKey(chosen);
    if (m_snapshot.gridKeys.size() == 2 && !save(m_heatmapPlot, QStringLiteral("heatmap")))
        return {};
    if (!save(m_lossPlot, QStringLiteral("loss_curves")))
        return {};
    return written;
}

} // namespace csae::ui
