#include "ui/dvs/classifier_view.h"
#include "ui/common/color_maps.h"

#include "ui/common/plot_updater.h"
#include "ui/export/view_export.h"

#include <QLocale>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QPainter>
#include <QSplitter>
#include <QToolTip>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace csae::ui {

namespace {

/// Labels the 0..1 accuracy axis in percent. QCustomPlot has no percent format.
class PercentTicker : public QCPAxisTicker {
protected:
    QString getTickLabel(double tick, const QLocale& locale, QChar, int) override
    {
        // Ticks are computed as multiples of the step and may miss zero by 1e-17.
        const double percent = std::abs(tick) < 1e-9 ? 0.0 : tick * 100.0;
        return locale.toString(percent, 'g', 3) + QStringLiteral(" %");
    }
};

QString formatPercent(double fraction)
{
    return std::isfinite(fraction) ? QLocale().toString(fraction * 100.0, 'f', 1) + QStringLiteral(" %")
                                   : QStringLiteral("–");
}

} // namespace

/// Paints the confusion matrix as a grid of square cells with class names on both axes. The
/// cell colours are computed once per snapshot (a K x K image); painting only scales them.
class ConfusionCanvas : public QWidget {
public:
    explicit ConfusionCanvas(QWidget* parent) : QWidget(parent)
    {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        setMinimumSize(160, 160);
    }

    /// Shows `snapshot`, which the caller has checked; an empty one shows the placeholder.
    void setSnapshot(const ClassifierSnapshot& snapshot, const QString& title)
    {
        m_snapshot = snapshot;
        m_title = title;
        m_fractions.clear();
        m_cells = QImage();
        const int k = int(snapshot.classNames.size());
        if (!snapshot.isEmpty()) {
            m_fractions.resize(qsizetype(k) * k);
            m_cells = QImage(k, k, QImage::Format_RGB32);
            for (int r = 0; r < k; ++r) {
                qint64 total = 0;
                for (int c = 0; c < k; ++c) {
                    total += snapshot.confusion[qsizetype(r) * k + c];
                }
                auto* line = reinterpret_cast<QRgb*>(m_cells.scanLine(r));
                for (int c = 0; c < k; ++c) {
                    const qsizetype i = qsizetype(r) * k + c;
                    m_fractions[i] = total > 0 ? double(snapshot.confusion[i]) / double(total) : 0.0;
                    line[c] = sequentialColor(m_fractions[i]);
                }
            }
        }
        update();
    }

    const QImage& cells() const { return m_cells; }
    const QString& title() const { return m_title; }

    QSize sizeHint() const override { return QSize(340, 320); }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        m_cell = 0;
        if (m_cells.isNull()) {
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, ClassifierView::tr("No test evaluation yet"));
            return;
        }
        const QFontMetrics metrics = fontMetrics();
        const int lineHeight = metrics.height();
        QRect area = rect().adjusted(4, 4, -4, -4);

        QFont bold = font();
        bold.setBold(true);
        painter.setFont(bold);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(area.left(), area.top(), area.width(), lineHeight), Qt::AlignHCenter | Qt::AlignVCenter,
                         QFontMetrics(bold).elidedText(m_title, Qt::ElideRight, area.width()));
        painter.setFont(font());
        area.setTop(area.top() + lineHeight + 6);

        const int k = m_cells.width();
        int nameWidth = 0;
        for (const QString& name : m_snapshot.classNames) {
            nameWidth = std::max(nameWidth, metrics.horizontalAdvance(name));
        }
        // Names that would be cut when turned upwards under the columns (longer than a third of
        // the height) are numbered instead: the rows read "3 left hand wave", the columns "3".
        const bool numbered = nameWidth + 6 > area.height() / 3;
        const auto rowName = [&](int i) {
            return numbered ? QStringLiteral("%1 %2").arg(i + 1).arg(m_snapshot.classNames[i])
                            : m_snapshot.classNames[i];
        };
        const auto columnName = [&](int i) { return numbered ? QString::number(i + 1) : m_snapshot.classNames[i]; };
        int rowNameWidth = 0, columnNameWidth = 0;
        for (int i = 0; i < k; ++i) {
            rowNameWidth = std::max(rowNameWidth, metrics.horizontalAdvance(rowName(i)));
            columnNameWidth = std::max(columnNameWidth, metrics.horizontalAdvance(columnName(i)));
        }
        // Axis titles take a line each; long names are elided to a third of the widget. The colour
        // bar and its 0-100 % labels take the right edge.
        const int axisTitle = lineHeight + 4;
        const int rowLabelWidth = std::min(rowNameWidth + 6, area.width() / 3);
        const QString full = QLocale().toString(100) + QStringLiteral(" %");
        const QString none = QLocale().toString(0) + QStringLiteral(" %");
        const int barWidth = 10;
        const int colourBar = barWidth + 8 + std::max(metrics.horizontalAdvance(full), metrics.horizontalAdvance(none));
        auto cellFor = [&](int columnLabelHeight) {
            return std::min((area.width() - axisTitle - rowLabelWidth - colourBar) / k,
                            (area.height() - axisTitle - columnLabelHeight) / k);
        };
        int columnLabelHeight = lineHeight + 4;
        int cell = cellFor(columnLabelHeight);
        // Column names that do not fit a cell's width are turned to read upwards.
        const bool rotated = columnNameWidth + 4 > cell;
        if (rotated) {
            columnLabelHeight = std::min(columnNameWidth + 6, area.height() / 3);
            cell = cellFor(columnLabelHeight);
        }
        if (cell < 2) {
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, ClassifierView::tr("Too small to draw"));
            return;
        }
        const int spare = area.width() - axisTitle - rowLabelWidth - colourBar - cell * k;
        const QRect grid(area.left() + axisTitle + rowLabelWidth + spare / 2, area.top(), cell * k, cell * k);
        m_grid = grid;
        m_cell = cell;

        // One rectangle per cell rather than a scaled image, so that a PDF export stays vector.
        for (int r = 0; r < k; ++r) {
            for (int c = 0; c < k; ++c) {
                painter.fillRect(QRect(grid.left() + c * cell, grid.top() + r * cell, cell, cell),
                                 QColor::fromRgb(m_cells.pixel(c, r)));
            }
        }
        // The colour bar: the map from 0 (bottom) to 100 % of the row (top).
        const QRect bar(grid.right() + 1 + 8, grid.top(), barWidth, grid.height());
        QLinearGradient ramp(bar.bottomLeft(), bar.topLeft());
        for (int i = 0; i <= 10; ++i) {
            ramp.setColorAt(i / 10.0, QColor::fromRgb(sequentialColor(i / 10.0)));
        }
        painter.fillRect(bar, ramp);
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawRect(bar.adjusted(0, 0, -1, -1));
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(bar.right() + 4, bar.top(), colourBar, lineHeight), Qt::AlignLeft | Qt::AlignTop, full);
        painter.drawText(QRect(bar.right() + 4, bar.bottom() - lineHeight, colourBar, lineHeight),
                         Qt::AlignLeft | Qt::AlignBottom, none);
        if (cell >= 6) {
            painter.setPen(QPen(QColor(255, 255, 255), 1));
            for (int i = 1; i < k; ++i) {
                painter.drawLine(grid.left() + i * cell, grid.top(), grid.left() + i * cell,
                                 grid.top() + grid.height());
                painter.drawLine(grid.left(), grid.top() + i * cell, grid.left() + grid.width(), grid.top() + i * cell);
            }
        }
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawRect(grid.adjusted(0, 0, -1, -1));

        // Counts where they fit; light text on the dark half of the map.
        if (cell >= lineHeight + 2) {
            for (int r = 0; r < k; ++r) {
                for (int c = 0; c < k; ++c) {
                    const qsizetype i = qsizetype(r) * k + c;
                    const QString text = QString::number(m_snapshot.confusion[i]);
                    if (metrics.horizontalAdvance(text) + 4 > cell) {
                        continue;
                    }
                    painter.setPen(m_fractions[i] > 0.5 ? Qt::white : Qt::black);
                    painter.drawText(QRect(grid.left() + c * cell, grid.top() + r * cell, cell, cell), Qt::AlignCenter,
                                     text);
                }
            }
        }

        // Names, thinned out when cells are lower than a line of text; elided in the middle, as
        // class names often differ only at their ends ("hand clap", "left arm clockwise").
        painter.setPen(palette().color(QPalette::WindowText));
        const int every = std::max(1, (lineHeight + cell - 1) / cell);
        for (int i = 0; i < k; i += every) {
            const QString name = columnName(i);
            const QRect rowLabel(grid.left() - rowLabelWidth, grid.top() + i * cell, rowLabelWidth - 4, cell);
            painter.drawText(rowLabel.adjusted(0, -lineHeight, 0, lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                             metrics.elidedText(rowName(i), Qt::ElideMiddle, rowLabel.width()));
            const int columnTop = grid.top() + grid.height() + 2;
            if (rotated) {
                // After rotating by -90°, local x runs up the screen: the text ends at the grid.
                painter.save();
                painter.translate(grid.left() + i * cell + cell / 2.0, columnTop);
                painter.rotate(-90.0);
                const int length = columnLabelHeight - 4;
                painter.drawText(QRect(-length, -lineHeight / 2, length, lineHeight), Qt::AlignRight | Qt::AlignVCenter,
                                 metrics.elidedText(name, Qt::ElideMiddle, length));
                painter.restore();
            } else {
                painter.drawText(QRect(grid.left() + i * cell, columnTop, cell, lineHeight),
                                 Qt::AlignHCenter | Qt::AlignTop, metrics.elidedText(name, Qt::ElideMiddle, cell));
            }
        }

        const QString predicted = ClassifierView::tr("Predicted class");
        painter.drawText(QRect(grid.left(), grid.top() + grid.height() + columnLabelHeight, grid.width(), lineHeight),
                         Qt::AlignHCenter | Qt::AlignTop, metrics.elidedText(predicted, Qt::ElideRight, grid.width()));
        painter.save();
        painter.translate(area.left(), grid.top() + grid.height() / 2.0);
        painter.rotate(-90.0);
        const QString actual = ClassifierView::tr("True class");
        painter.drawText(QRect(-grid.height() / 2, 0, grid.height(), lineHeight), Qt::AlignHCenter | Qt::AlignTop,
                         metrics.elidedText(actual, Qt::ElideRight, grid.height()));
        painter.restore();
    }

    bool event(QEvent* event) override
    {
        if (event->type() != QEvent::ToolTip) {
            return QWidget::event(event);
        }
        // The cell under the mouse, read exactly (counts may be too small to print).
        const auto* help = static_cast<QHelpEvent*>(event);
        const int k = m_cells.width();
        if (m_cell > 0 && k > 0 && m_grid.contains(help->pos())) {
            const int c = std::min(k - 1, (help->pos().x() - m_grid.left()) / m_cell);
            const int r = std::min(k - 1, (help->pos().y() - m_grid.top()) / m_cell);
            const qsizetype i = qsizetype(r) * k + c;
            QToolTip::showText(help->globalPos(),
                               ClassifierView::tr("True %1, predicted %2: %3 (%4 of the row)")
                                   .arg(m_snapshot.classNames[r], m_snapshot.classNames[c])
                                   .arg(m_snapshot.confusion[i])
                                   .arg(formatPercent(m_fractions[i])),
                               this);
            return true;
        }
        return QWidget::event(event); // outside the cells: the widget's own tooltip
    }

private:
    ClassifierSnapshot m_snapshot;
    QString m_title;
    QVector<double> m_fractions; // row-normalised, [r * K + c]
    QImage m_cells;              // K x K colours of m_fractions
    QRect m_grid;                // where the last paint put the cells, for tooltips
    int m_cell = 0;
};

ClassifierView::ClassifierView(QWidget* parent) : QWidget(parent)
{
    m_plot = new QCustomPlot(this);
    m_plot->setMinimumSize(200, 150);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal);
    m_plot->xAxis->setLabel(tr("Training step"));
    m_plot->yAxis->setLabel(tr("Accuracy"));
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTicker>(new PercentTicker));
    m_plot->yAxis->setRange(0.0, 1.0);
    m_plot->legend->setVisible(true);
    placeLegendAbove(m_plot); // never over the curves

    QColor light = palette::train();
    light.setAlpha(110);
    m_trainGraph = m_plot->addGraph();
    m_trainGraph->setName(tr("Training batches"));
    m_trainGraph->setPen(QPen(light, 1));

    m_testGraph = m_plot->addGraph();
    m_testGraph->setName(tr("Test set"));
    m_testGraph->setPen(QPen(palette::test(), 1.5));
    m_testGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, palette::test(), Qt::white, 6));

    // Horizontal: x as a fraction of the axis rect, y in plot coordinates.
    m_chanceLine = new QCPItemStraightLine(m_plot);
    m_chanceLine->setPen(QPen(palette::guide(), 1, Qt::DashLine));
    for (QCPItemPosition* point : {m_chanceLine->point1, m_chanceLine->point2}) {
        point->setTypeX(QCPItemPosition::ptAxisRectRatio);
        point->setTypeY(QCPItemPosition::ptPlotCoords);
    }
    // The line's name sits outside the plot, as a tick label of the right axis: drawn inside it
    // would cover the first test points, which lie near chance.
    m_chanceTicker = QSharedPointer<QCPAxisTickerText>(new QCPAxisTickerText);
    m_plot->yAxis2->setTicker(m_chanceTicker);
    m_plot->yAxis2->setSubTicks(false);
    m_plot->yAxis2->setTickLength(0, 0);
    m_plot->yAxis2->setBasePen(Qt::NoPen);
    m_plot->yAxis2->setTickLabelColor(palette::guideText());
    m_plot->yAxis2->setRange(m_plot->yAxis->range());
    connect(m_plot->yAxis, qOverload<const QCPRange&>(&QCPAxis::rangeChanged), m_plot->yAxis2,
            qOverload<const QCPRange&>(&QCPAxis::setRange));
    updateChanceLine();

    m_updater = new PlotUpdater(m_plot);
    // Follow the steps; accuracy keeps its 0..1 axis so curves compare across runs.
    m_updater->setRescale([](QCustomPlot* plot) {
        bool found = false;
        QCPRange keys;
        for (int i = 0; i < plot->graphCount(); ++i) {
            bool graphFound = false;
            const QCPRange range = plot->graph(i)->getKeyRange(graphFound);
            if (graphFound) {
                keys = found ? QCPRange(std::min(keys.lower, range.lower), std::max(keys.upper, range.upper)) : range;
                found = true;
            }
        }
        if (found) {
            if (keys.size() <= 0.0) {
                keys = QCPRange(keys.lower - 1.0, keys.upper + 1.0);
            }
            plot->xAxis->setRange(keys);
        }
        plot->yAxis->setRange(0.0, 1.0);
    });

    m_readout = new QLabel(this);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readout->setText(tr("Move the mouse over the plot to read values"));
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("color: #b2182b"));
    m_message->setVisible(false);

    m_canvas = new ConfusionCanvas(this);
    m_canvas->setToolTip(tr("Confusion matrix of the latest test evaluation: rows are true classes, columns "
                            "predicted ones, colour the fraction of the row"));

    auto* plotColumn = new QWidget(this);
    auto* plotLayout = new QVBoxLayout(plotColumn);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    plotLayout->addWidget(m_plot, 1);
    plotLayout->addWidget(m_readout);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(plotColumn);
    splitter->addWidget(m_canvas);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);
    markExportPart(m_plot); // the figure: the curves and the matrix, not the hover readout
    markExportPart(m_canvas);

    connect(m_plot, &QCustomPlot::mouseMove, this, &ClassifierView::showReadoutAt);
}

ClassifierView::~ClassifierView() = default;

void ClassifierView::addTrainingAccuracy(qint64 step, double accuracy)
{
    m_trainGraph->addData(double(step), accuracy);
    m_updater->markDirty();
}

void ClassifierView::addTestAccuracy(qint64 step, double accuracy)
{
    m_testGraph->data()->remove(double(step)); // one point per step: an evaluation of a loaded run replaces it
    m_testGraph->addData(double(step), accuracy);
    m_updater->markDirty();
}

void ClassifierView::setConfusion(const ClassifierSnapshot& snapshot)
{
    if (snapshot.isEmpty() && snapshot.classNames.isEmpty()) {
        m_confusion = ClassifierSnapshot{};
        m_canvas->setSnapshot(m_confusion, QString());
        m_message->setVisible(false);
        return;
    }
    // Snapshots come from the worker's code: check before indexing K x K.
    const qsizetype k = snapshot.classNames.size();
    QString problem;
    if (k == 0) {
        problem = tr("Ignored a confusion matrix without class names");
    } else if (snapshot.confusion.size() != k * k) {
        problem = tr("Ignored a confusion matrix of %1 counts for %2 classes (expected %3)")
                      .arg(snapshot.confusion.size())
                      .arg(k)
                      .arg(k * k);
    } else if (std::any_of(snapshot.confusion.cbegin(), snapshot.confusion.cend(), [](qint64 n) { return n < 0; })) {
        problem = tr("Ignored a confusion matrix with negative counts");
    }
    if (!problem.isEmpty()) {
        m_message->setText(problem);
        m_message->setVisible(true);
        return;
    }
    m_message->setVisible(false);
    m_message->clear();
    m_confusion = snapshot;
    m_classCount = int(k);

    const double accuracy = confusionAccuracy();
    const QString title = std::isfinite(accuracy)
                              ? tr("Step %1: test accuracy %2").arg(snapshot.step).arg(formatPercent(accuracy))
                              : tr("Step %1: no test samples").arg(snapshot.step);
    m_canvas->setSnapshot(m_confusion, title);
    updateChanceLine();
    m_updater->markDirty();
}

void ClassifierView::clear()
{
    m_trainGraph->data()->clear();
    m_testGraph->data()->clear();
    m_confusion = ClassifierSnapshot{};
    m_classCount = 0;
    m_canvas->setSnapshot(m_confusion, QString());
    m_message->setVisible(false);
    m_message->clear();
    m_readout->setText(tr("Move the mouse over the plot to read values"));
    updateChanceLine();
    m_updater->resetView();
}

int ClassifierView::trainingPoints() const
{
    return int(m_trainGraph->dataCount());
}

int ClassifierView::testPoints() const
{
    return int(m_testGraph->dataCount());
}

double ClassifierView::latestTestAccuracy() const
{
    const auto data = m_testGraph->data();
    return data->isEmpty() ? std::numeric_limits<double>::quiet_NaN() : (data->constEnd() - 1)->value;
}

double ClassifierView::chanceLevel() const
{
    return m_classCount > 0 ? 1.0 / m_classCount : std::numeric_limits<double>::quiet_NaN();
}

bool ClassifierView::chanceLineVisible() const
{
    return m_chanceLine->visible();
}

double ClassifierView::confusionAccuracy() const
{
    const qsizetype k = m_confusion.classNames.size();
    if (m_confusion.isEmpty() || m_confusion.confusion.size() != k * k) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    qint64 total = 0;
    qint64 correct = 0;
    for (qsizetype r = 0; r < k; ++r) {
        for (qsizetype c = 0; c < k; ++c) {
            const qint64 n = m_confusion.confusion[r * k + c];
            total += n;
            correct += r == c ? n : 0;
        }
    }
    return total > 0 ? double(correct) / double(total) : std::numeric_limits<double>::quiet_NaN();
}

QImage ClassifierView::confusionImage() const
{
    return m_canvas->cells();
}

QString ClassifierView::confusionTitle() const
{
    return m_canvas->title();
}

QString ClassifierView::message() const
{
    return m_message->text();
}

QString ClassifierView::readoutText() const
{
    return m_readout->text();
}

void ClassifierView::updateChanceLine()
{
    const double chance = chanceLevel();
    const bool known = std::isfinite(chance);
    m_chanceLine->setVisible(known);
    m_plot->yAxis2->setVisible(known);
    m_chanceTicker->clear();
    if (known) {
        m_chanceLine->point1->setCoords(0.0, chance);
        m_chanceLine->point2->setCoords(1.0, chance);
        m_chanceTicker->addTick(chance, tr("chance\n1/%1").arg(m_classCount));
    }
}

void ClassifierView::showReadoutAt(QMouseEvent* event)
{
    const double key = m_plot->xAxis->pixelToCoord(event->position().x());
    const int train = nearestPointIndex(m_trainGraph, key);
    const int test = nearestPointIndex(m_testGraph, key);
    if (train < 0 && test < 0) {
        return;
    }
    QStringList parts;
    if (train >= 0) {
        const auto point = m_trainGraph->data()->at(train);
        parts << tr("step %1: training accuracy %2").arg(qint64(point->key)).arg(formatPercent(point->value));
    }
    if (test >= 0) {
        const auto point = m_testGraph->data()->at(test);
        parts << tr("nearest test accuracy %1 at step %2").arg(formatPercent(point->value)).arg(qint64(point->key));
    }
    m_readout->setText(parts.join(QStringLiteral("   ·   ")));
}

} // namespace csae::ui
