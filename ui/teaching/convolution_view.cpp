#include "ui/teaching/convolution_view.h"

#include "ui/common/color_maps.h"
#include "ui/export/gif_writer.h"

#include <QApplication>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace csae::ui {
namespace {

QTableWidget* grid(int rows, int cols, bool editable, QWidget* parent)
{
    auto* table = new QTableWidget(rows, cols, parent);
    table->horizontalHeader()->setVisible(false);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    table->setEditTriggers(editable ? QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                                          QAbstractItemView::AnyKeyPressed
                                    : QAbstractItemView::NoEditTriggers);
    table->setMinimumSize(cols * 34, rows * 26);
    return table;
}

QString number(double value)
{
    return QLocale().toString(value, 'g', 4);
}

void fill(QTableWidget* table, int rows, int cols, const QVector<double>& values, int shown = -1)
{
    table->setRowCount(rows);
    table->setColumnCount(cols);
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < cols; ++c) {
            const int i = r * cols + c;
            auto* item = new QTableWidgetItem(shown < 0 || i < shown ? number(values.value(i)) : QString());
            item->setTextAlignment(Qt::AlignCenter);
            table->setItem(r, c, item);
        }
}

} // namespace

ConvolutionView::ConvolutionView(QWidget* parent) : TeachingView(parent)
{
    m_x = grid(6, 6, true, this);
    m_w = grid(3, 3, true, this);
    m_y = grid(4, 4, false, this);
    for (QTableWidget* table : {m_x, m_w})
        connect(table, &QTableWidget::itemChanged, this, [this] {
            if (!m_syncing) {
                readTables();
                recompute();
            }
        });
    m_stride = new QSpinBox(this);
    m_stride->setRange(1, 4);
    m_padding = new QSpinBox(this);
    m_padding->setRange(0, 3);
    for (QSpinBox* box : {m_stride, m_padding})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            if (!m_syncing) {
                readTables();
                recompute();
            }
        });
    auto* stepButton = new QPushButton(tr("Step"), this);
    connect(stepButton, &QPushButton::clicked, this, &ConvolutionView::step);
    auto* playButton = new QPushButton(tr("Play"), this);
    playButton->setCheckable(true);
    m_player = new QTimer(this);
    m_player->setInterval(600);
    connect(m_player, &QTimer::timeout, this, [this, playButton] {
        if (m_position >= m_snapshot.windows.size()) {
            playButton->setChecked(false);
            return;
        }
        step();
    });
    connect(playButton, &QPushButton::toggled, this, &ConvolutionView::setPlaying);
    auto* resetButton = new QPushButton(tr("Reset"), this);
    connect(resetButton, &QPushButton::clicked, this, [this] { setPosition(0); });
    auto* allButton = new QPushButton(tr("All"), this);
    connect(allButton, &QPushButton::clicked, this, [this] { setPosition(int(m_snapshot.windows.size())); });
    m_sum = new QLabel(this);
    m_sum->setWordWrap(true);
    m_sum->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);

    auto* geometry = new QHBoxLayout;
    geometry->addWidget(new QLabel(tr("Stride"), this));
    geometry->addWidget(m_stride);
    geometry->addWidget(new QLabel(tr("Padding"), this));
    geometry->addWidget(m_padding);
    geometry->addStretch(1);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* button : {stepButton, playButton, resetButton, allButton})
        buttons->addWidget(button);
    auto* tables = new QGridLayout;
    tables->addWidget(new QLabel(tr("X (input, editable)"), this), 0, 0);
    tables->addWidget(new QLabel(tr("W (kernel, editable)"), this), 0, 1);
    tables->addWidget(new QLabel(tr("Y = X ∗ W"), this), 0, 2);
    tables->addWidget(m_x, 1, 0);
    tables->addWidget(m_w, 1, 1, Qt::AlignTop);
    tables->addWidget(m_y, 1, 2, Qt::AlignTop);
    tables->setColumnStretch(0, 3);
    tables->setColumnStretch(1, 2);
    tables->setColumnStretch(2, 2);

    auto* spiking = new QGroupBox(tr("Spiking: X rate-coded, each frame's Y the current into LIF neurons"), this);
    m_spikeInput = grid(6, 6, false, spiking);
    m_spikeCurrent = grid(4, 4, false, spiking);
    m_spikeOutput = grid(4, 4, false, spiking);
    m_frameSlider = new QSlider(Qt::Horizontal, spiking);
    m_frameSlider->setRange(1, 20);
    connect(m_frameSlider, &QSlider::valueChanged, this, [this](int t) {
        if (!m_syncing)
            setFrame(t);
    });
    m_frameLabel = new QLabel(spiking);
    auto* spikingGrid = new QGridLayout(spiking);
    spikingGrid->addWidget(new QLabel(tr("input spikes at t"), spiking), 0, 0);
    spikingGrid->addWidget(new QLabel(tr("current Y(t)"), spiking), 0, 1);
    spikingGrid->addWidget(new QLabel(tr("LIF spikes at t"), spiking), 0, 2);
    spikingGrid->addWidget(m_spikeInput, 1, 0);
    spikingGrid->addWidget(m_spikeCurrent, 1, 1, Qt::AlignTop);
    spikingGrid->addWidget(m_spikeOutput, 1, 2, Qt::AlignTop);
    spikingGrid->addWidget(m_frameLabel, 2, 0);
    spikingGrid->addWidget(m_frameSlider, 2, 1, 1, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(geometry);
    layout->addLayout(tables, 3);
    layout->addLayout(buttons);
    layout->addWidget(m_sum);
    layout->addWidget(m_message);
    layout->addWidget(spiking, 2);
}

void ConvolutionView::setComputer(Computer computer)
{
    m_computer = std::move(computer);
    recompute();
}

void ConvolutionView::setRequest(const ConvolutionRequest& request)
{
    m_request = request;
    fillEditors();
    recompute();
}

void ConvolutionView::fillEditors()
{
    m_syncing = true;
    fill(m_x, m_request.xRows, m_request.xCols, m_request.x);
    fill(m_w, m_request.wRows, m_request.wCols, m_request.w);
    m_stride->setValue(m_request.stride);
    m_padding->setValue(m_request.padding);
    m_syncing = false;
}

void ConvolutionView::readTables()
{
    const auto read = [](QTableWidget* table, QVector<double>& values) {
        values.clear();
        for (int r = 0; r < table->rowCount(); ++r)
            for (int c = 0; c < table->columnCount(); ++c) {
                bool ok = false;
                const double value = table->item(r, c) ? QLocale().toDouble(table->item(r, c)->text(), &ok) : 0.0;
                values << (ok ? value : std::nan(""));
            }
    };
    read(m_x, m_request.x);
    read(m_w, m_request.w);
    m_request.stride = m_stride->value();
    m_request.padding = m_padding->value();
}

void ConvolutionView::recompute()
{
    if (!m_computer)
        return;
    m_snapshot = m_computer(m_request);
    m_position = std::clamp(m_position, 0, int(m_snapshot.windows.size()));
    m_frame = std::clamp(m_frame, 1, std::max(1, m_snapshot.steps));
    redraw();
}

void ConvolutionView::setPosition(int position)
{
    m_position = std::clamp(position, 0, int(m_snapshot.windows.size()));
    redraw();
}

void ConvolutionView::step()
{
    setPosition(m_position >= m_snapshot.windows.size() ? 1 : m_position + 1);
}

void ConvolutionView::setPlaying(bool playing)
{
    if (playing) {
        if (m_position >= m_snapshot.windows.size())
            setPosition(0);
        m_player->start();
    } else {
        m_player->stop();
    }
}

void ConvolutionView::setFrame(int step)
{
    m_frame = std::clamp(step, 1, std::max(1, m_snapshot.steps));
    redraw();
}

QString ConvolutionView::sumText() const
{
    return m_sum->text();
}

void ConvolutionView::redraw()
{
    m_syncing = true;
    // X with the window's cells marked; padding cells are outside the table (they read 0).
    for (int r = 0; r < m_x->rowCount(); ++r)
        for (int c = 0; c < m_x->columnCount(); ++c)
            if (QTableWidgetItem* item = m_x->item(r, c))
                item->setBackground(Qt::NoBrush);
    m_message->setText(
        m_snapshot.error.isEmpty()
            ? QString()
            : QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(m_snapshot.error.toHtmlEscaped()));
    fill(m_y, std::max(1, m_snapshot.yRows), std::max(1, m_snapshot.yCols), m_snapshot.y, m_position);
    if (m_position > 0 && m_position <= m_snapshot.windows.size()) {
        const ConvolutionWindow& window = m_snapshot.windows[m_position - 1];
        const QColor mark = palette::highlight().lighter(170);
        for (int i = 0; i < m_request.wRows; ++i)
            for (int j = 0; j < m_request.wCols; ++j)
                if (QTableWidgetItem* item = m_x->item(window.top + i, window.left + j))
                    item->setBackground(mark);
        if (QTableWidgetItem* item = m_y->item(window.outRow, window.outCol))
            item->setBackground(mark);
        QStringList terms;
        for (int k = 0; k < window.products.size(); ++k)
            terms << QStringLiteral("%1·%2").arg(number(window.inputs[k]), number(m_request.w.value(k)));
        m_sum->setText(tr("Y[%1, %2] = %3 = %4")
                           .arg(window.outRow)
                           .arg(window.outCol)
                           .arg(terms.join(QStringLiteral(" + ")), number(window.sum)));
    } else {
        m_sum->setText(tr("Step or play the window over X"));
    }
    // The spiking frame t.
    const int t = m_frame - 1;
    m_frameSlider->setRange(1, std::max(1, m_snapshot.steps));
    m_frameSlider->setValue(m_frame);
    if (m_snapshot.spikingError.isEmpty() && t < m_snapshot.steps) {
        fill(m_spikeInput, m_request.xRows, m_request.xCols, m_snapshot.inputSpikes[t]);
        fill(m_spikeCurrent, m_snapshot.yRows, m_snapshot.yCols, m_snapshot.currents[t]);
        fill(m_spikeOutput, m_snapshot.yRows, m_snapshot.yCols, m_snapshot.spikes[t]);
        for (QTableWidget* table : {m_spikeInput, m_spikeOutput})
            for (int r = 0; r < table->rowCount(); ++r)
                for (int c = 0; c < table->columnCount(); ++c)
                    if (QTableWidgetItem* item = table->item(r, c); item && item->text() == QStringLiteral("1"))
                        item->setBackground(palette::train().lighter(150));
        m_frameLabel->setText(tr("t = %1 of %2").arg(m_frame).arg(m_snapshot.steps));
    } else {
        m_frameLabel->setText(m_snapshot.spikingError);
    }
    m_syncing = false;
    Q_EMIT redrawn();
}

void ConvolutionView::setFontScale(double scale)
{
    scaleFonts(scale);
}

bool ConvolutionView::exportAnimation(const QString& fileName, QString* error)
{
    if (!m_snapshot.error.isEmpty() || m_snapshot.windows.isEmpty()) {
        if (error)
            *error = tr("%1: nothing to animate: %2").arg(fileName, m_snapshot.error);
        return false;
    }
    const int kept = m_position;
    const QSize size = this->size();
    GifWriter writer;
    if (!writer.open(fileName, size, 700, error))
        return false;
    bool ok = true;
    for (int position = 1; position <= m_snapshot.windows.size() && ok; ++position) {
        setPosition(position);
        ok = writer.addFrame(grab().toImage().scaled(size), error);
    }
    setPosition(kept);
    return ok && writer.finish(error);
}

} // namespace csae::ui
