#include "ui/training/input_spike_view.h"

#include "ui/common/color_maps.h"
#include "ui/common/pixel_image_widget.h"
#include "ui/export/view_export.h"

#include <QFontMetrics>
#include <QPainter>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace csae::ui {

namespace {

QLabel* caption(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setAlignment(Qt::AlignHCenter);
    return label;
}

} // namespace

InputSpikeView::InputSpikeView(QWidget* parent) : QWidget(parent)
{
    m_selection = new QComboBox(this);
    m_selection->addItem(tr("All input neurons"), int(NeuronSelection::All));
    m_selection->addItem(tr("One image row"), int(NeuronSelection::ImageRow));
    m_selection->addItem(tr("Every k-th neuron"), int(NeuronSelection::EveryKth));
    m_parameterLabel = new QLabel(this);
    m_parameter = new QSpinBox(this);
    connect(m_selection, &QComboBox::currentIndexChanged, this, [this] {
        updateParameterRange();
        rebuildRaster();
    });
    connect(m_parameter, &QSpinBox::valueChanged, this, [this] { rebuildRaster(); });

    m_raster = new PixelImageWidget(this);
    m_raster->setKeepAspectRatio(false);
    m_raster->setToolTip(tr("Input neurons (rows) over time steps (columns); black = spike"));
    m_raster->setMinimumSize(120, 160);

    m_original = new PixelImageWidget(this);
    m_frame = new PixelImageWidget(this);
    m_frame->setToolTip(tr("Input spikes at the cursor's time step"));
    m_average = new PixelImageWidget(this);
    m_average->setToolTip(tr("Spike rate of each input neuron from t = 1 to the cursor"));
    m_frameCaption = caption(QString(), this);
    m_averageCaption = caption(QString(), this);

    m_play = new QPushButton(tr("Play"), this);
    connect(m_play, &QPushButton::clicked, this, [this] { setPlaying(!isPlaying()); });
    m_speed = new QSpinBox(this);
    m_speed->setRange(1, 200);
    m_speed->setValue(5);
    m_speed->setSuffix(tr(" steps/s"));
    m_speed->setToolTip(tr("Animation speed"));
    connect(m_speed, &QSpinBox::valueChanged, this, [this](int value) { m_playTimer.setInterval(1000 / value); });
    m_playTimer.setInterval(1000 / m_speed->value());
    connect(&m_playTimer, &QTimer::timeout, this, &InputSpikeView::advance);

    m_scrub = new QSlider(Qt::Horizontal, this);
    m_scrub->setRange(0, 0);
    connect(m_scrub, &QSlider::valueChanged, this, [this](int value) { setCursor(value); });
    m_timeLabel = new QLabel(this);
    m_timeLabel->setMinimumWidth(m_timeLabel->fontMetrics().horizontalAdvance(tr("t = %1 / %2").arg(888).arg(888)));

    m_source = new QLabel(this);
    m_source->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_follow = new QPushButton(tr("Follow training"), this);
    m_follow->setToolTip(tr("Show the samples training is on again instead of the test sample chosen in the "
                            "Embedding view"));
    m_follow->hide();
    connect(m_follow, &QPushButton::clicked, this, &InputSpikeView::followTrainingRequested);

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Raster shows:"), this));
    top->addWidget(m_selection);
    top->addWidget(m_parameterLabel);
    top->addWidget(m_parameter);
    top->addStretch(1);
    auto* source = new QHBoxLayout;
    source->addWidget(m_source, 1);
    source->addWidget(m_follow);

    auto* images = new QGridLayout;
    QLabel* originalCaption = caption(tr("Original"), this);
    images->addWidget(originalCaption, 0, 0);
    images->addWidget(m_original, 1, 0);
    images->addWidget(m_frameCaption, 2, 0);
    images->addWidget(m_frame, 3, 0);
    images->addWidget(m_averageCaption, 4, 0);
    images->addWidget(m_average, 5, 0);

    auto* middle = new QHBoxLayout;
    auto* rasterColumn = new QVBoxLayout;
    QLabel* rasterCaption = caption(tr("Input neurons × time steps"), this);
    rasterColumn->addWidget(rasterCaption);
    rasterColumn->addWidget(m_raster, 1);
    middle->addLayout(rasterColumn, 2);
    middle->addLayout(images, 1);

    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_play);
    bottom->addWidget(m_speed);
    bottom->addWidget(m_scrub, 1);
    bottom->addWidget(m_timeLabel);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(source);
    layout->addLayout(middle, 1);
    layout->addLayout(bottom);
    // The figure: the raster and the three images with their captions, not the controls.
    for (QWidget* part : std::initializer_list<QWidget*>{rasterCaption, m_raster, originalCaption, m_original,
                                                         m_frameCaption, m_frame, m_averageCaption, m_average}) {
        markExportPart(part);
    }

    updateParameterRange();
    updateCursorViews();
}

InputSpikeView::~InputSpikeView() = default;

QString InputSpikeView::sourceText() const
{
    return m_source->text();
}

bool InputSpikeView::offersFollowTraining() const
{
    return !m_follow->isHidden();
}

void InputSpikeView::setInput(const InputSnapshot& input)
{
    m_input = input;
    if (!isConsistent(m_input.spikes)) {
        m_input.spikes = SpikeRaster{}; // draw nothing rather than read past the data
    }
    m_original->setImage(m_input.original);
    m_source->setText(m_input.source);
    m_follow->setVisible(m_input.chosen);
    const int steps = m_input.spikes.steps;
    {
        QSignalBlocker blocker(m_scrub);
        m_scrub->setRange(steps > 0 ? 1 : 0, steps);
    }
    m_cursor = steps > 0 ? std::clamp(m_cursor, 1, steps) : 0;
    updateParameterRange();
    rebuildRaster();
    updateCursorViews();
}

void InputSpikeView::setCursor(int t)
{
    const int steps = m_input.spikes.steps;
    t = steps > 0 ? std::clamp(t, 1, steps) : 0;
    if (t == m_cursor) {
        return;
    }
    m_cursor = t;
    updateCursorViews();
    Q_EMIT cursorChanged(m_cursor);
}

bool InputSpikeView::isPlaying() const
{
    return m_playTimer.isActive();
}

void InputSpikeView::setPlaying(bool playing)
{
    if (playing) {
        m_playTimer.start();
    } else {
        m_playTimer.stop();
    }
    m_play->setText(playing ? tr("Pause") : tr("Play"));
}

void InputSpikeView::setStepsPerSecond(int stepsPerSecond)
{
    m_speed->setValue(stepsPerSecond); // clamps; its signal sets the timer interval
}

int InputSpikeView::stepsPerSecond() const
{
    return m_speed->value();
}

void InputSpikeView::setNeuronSelection(NeuronSelection selection, int parameter)
{
    {
        QSignalBlocker blockCombo(m_selection);
        m_selection->setCurrentIndex(std::max(0, m_selection->findData(int(selection))));
    }
    updateParameterRange();
    {
        QSignalBlocker blockSpin(m_parameter);
        m_parameter->setValue(parameter);
    }
    rebuildRaster();
}

InputSpikeView::NeuronSelection InputSpikeView::neuronSelection() const
{
    return NeuronSelection(m_selection->currentData().toInt());
}

void InputSpikeView::advance()
{
    const int steps = m_input.spikes.steps;
    if (steps > 0) {
        setCursor(m_cursor >= steps ? 1 : m_cursor + 1);
    }
}

void InputSpikeView::updateParameterRange()
{
    const NeuronSelection selection = neuronSelection();
    QSignalBlocker blocker(m_parameter);
    switch (selection) {
    case NeuronSelection::All:
        m_parameterLabel->setText(QString());
        m_parameter->setVisible(false);
        break;
    case NeuronSelection::ImageRow:
        m_parameterLabel->setText(tr("Row:"));
        m_parameter->setRange(0, std::max(0, m_input.height - 1));
        m_parameter->setVisible(true);
        break;
    case NeuronSelection::EveryKth:
        m_parameterLabel->setText(tr("k ="));
        m_parameter->setRange(1, std::max(1, m_input.spikes.neurons));
        m_parameter->setVisible(true);
        break;
    }
}

QVector<int> InputSpikeView::selectedNeurons() const
{
    QVector<int> rows;
    const int neurons = m_input.spikes.neurons;
    switch (neuronSelection()) {
    case NeuronSelection::All:
        break; // empty: every neuron
    case NeuronSelection::ImageRow: {
        const int row = m_parameter->value();
        for (int x = 0; x < m_input.width; ++x) {
            const int n = row * m_input.width + x;
            if (n < neurons) {
                rows.append(n);
            }
        }
        break;
    }
    case NeuronSelection::EveryKth:
        for (int n = 0; n < neurons; n += std::max(1, m_parameter->value())) {
            rows.append(n);
        }
        break;
    }
    return rows;
}

void InputSpikeView::rebuildRaster()
{
    const QVector<int> rows = selectedNeurons();
    const bool emptySelection = neuronSelection() != NeuronSelection::All && rows.isEmpty();
    m_rasterImage = emptySelection ? QImage() : rasterImage(m_input.spikes, rows);
    m_raster->setImage(m_rasterImage);
}

void InputSpikeView::updateCursorViews()
{
    const int steps = m_input.spikes.steps;
    {
        QSignalBlocker blocker(m_scrub);
        m_scrub->setValue(m_cursor);
    }
    m_timeLabel->setText(tr("t = %1 / %2").arg(m_cursor).arg(steps));
    m_raster->setHighlightedColumn(m_cursor - 1);
    m_frameCaption->setText(tr("Spikes at t = %1").arg(m_cursor));
    m_averageCaption->setText(tr("Average of t = 1…%1").arg(m_cursor));
    if (steps > 0 && m_cursor > 0) {
        m_frame->setImage(spikeFrameImage(m_input.spikes, m_cursor - 1, m_input.width, m_input.height));
        m_average->setImage(spikeAverageImage(m_input.spikes, m_cursor, m_input.width, m_input.height));
    } else {
        m_frame->setImage(QImage());
        m_average->setImage(QImage());
    }
}

QImage InputSpikeView::animationFrame(int t, int scale, bool timeLabel) const
{
    const int steps = m_input.spikes.steps;
    const int width = m_input.width, height = m_input.height;
    if (steps == 0 || width <= 0 || height <= 0)
        return {};
    t = std::clamp(t, 1, steps);
    scale = std::clamp(scale, 1, 64);
    const QImage parts[] = {m_input.original, spikeFrameImage(m_input.spikes, t - 1, width, height),
                            spikeAverageImage(m_input.spikes, t, width, height)};
    const int gap = std::max(4, scale * 2);
    const QSize cell(width * scale, height * scale);
    QFont font;
    font.setPixelSize(std::max(10, std::min(3 * scale, 28)));
    const int labelHeight = timeLabel ? QFontMetrics(font).height() + gap / 2 : 0;
    QImage frame(3 * cell.width() + 4 * gap, cell.height() + 2 * gap + labelHeight, QImage::Format_RGB888);
    frame.fill(Qt::white);
    QPainter painter(&frame);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false); // crisp pixels
    for (int i = 0; i < 3; ++i)
        if (!parts[i].isNull())
            painter.drawImage(QRect(QPoint(gap + i * (cell.width() + gap), gap), cell), parts[i]);
    if (timeLabel) {
        painter.setFont(font);
        painter.setPen(Qt::black);
        painter.drawText(QRect(0, gap + cell.height(), frame.width(), labelHeight + gap), Qt::AlignCenter,
                         tr("t = %1 / %2").arg(t).arg(steps));
    }
    return frame;
}

} // namespace csae::ui
