#include "ui/teaching/rate_coding_view.h"

#include "ui/common/color_maps.h"
#include "ui/common/pixel_image_widget.h"
#include "ui/export/gif_writer.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QVBoxLayout>

#include <qcustomplot.h>

#include <algorithm>
#include <cmath>

namespace csae::ui {
namespace {

constexpr int kSide = 28;

QImage countImage(const QVector<int>& counts, int steps, int width, int height)
{
    QVector<float> values(counts.size());
    for (qsizetype i = 0; i < counts.size(); ++i)
        values[i] = steps > 0 ? float(counts[i]) / float(steps) : 0.0f;
    return grayscaleImage(values, width, height);
}

QLabel* valueLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setMinimumWidth(label->fontMetrics().horizontalAdvance(QStringLiteral("0000.0 Hz ")));
    return label;
}

QSlider* slider(int minimum, int maximum, QWidget* parent)
{
    auto* s = new QSlider(Qt::Horizontal, parent);
    s->setRange(minimum, maximum);
    return s;
}

} // namespace

QVector<float> builtInDigit(int digit)
{
    QImage image(kSide * 4, kSide * 4, QImage::Format_Grayscale8);
    image.fill(0);
    QPainter painter(&image);
    QFont font = painter.font();
    font.setPixelSize(80);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(Qt::white);
    painter.setRenderHint(QPainter::Antialiasing);
    // MNIST's digits sit in the centre 20 x 20 of the 28 x 28 frame.
    painter.drawText(QRect(0, 0, image.width(), image.height()), Qt::AlignCenter,
                     QString::number(std::clamp(digit, 0, 9)));
    painter.end();
    const QImage small = image.scaled(kSide, kSide, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    QVector<float> values(kSide * kSide);
    for (int y = 0; y < kSide; ++y)
        for (int x = 0; x < kSide; ++x)
            values[y * kSide + x] = float(qGray(small.pixel(x, y))) / 255.0f;
    return values;
}

DrawingCanvas::DrawingCanvas(QWidget* parent) : QWidget(parent)
{
    setMinimumSize(112, 112);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setCursor(Qt::CrossCursor);
    setToolTip(tr("Draw with the left button, erase with the right; Ctrl+click picks a pixel"));
}

void DrawingCanvas::setIntensities(const QVector<float>& values)
{
    if (values.size() != m_values.size())
        return;
    m_values = values;
    update();
}

void DrawingCanvas::clear()
{
    m_values.fill(0.0f);
    update();
    Q_EMIT changed();
}

void DrawingCanvas::setMarkedPixel(int pixel)
{
    m_marked = pixel;
    update();
}

QRect DrawingCanvas::imageRect() const
{
    const int side = std::min(width(), height());
    return QRect((width() - side) / 2, (height() - side) / 2, side, side);
}

int DrawingCanvas::pixelAt(const QPointF& position) const
{
    const QRect area = imageRect();
    if (!area.contains(position.toPoint()) || area.width() < kSide)
        return -1;
    const int x = std::clamp(int((position.x() - area.left()) * kSide / area.width()), 0, kSide - 1);
    const int y = std::clamp(int((position.y() - area.top()) * kSide / area.height()), 0, kSide - 1);
    return y * kSide + x;
}

void DrawingCanvas::paintAt(const QPointF& position, bool erase)
{
    const int centre = pixelAt(position);
    if (centre < 0)
        return;
    const int cx = centre % kSide, cy = centre / kSide;
    // A soft round brush about 3 pixels wide, like a pen stroke in MNIST.
    for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx) {
            const int x = cx + dx, y = cy + dy;
            if (x < 0 || y < 0 || x >= kSide || y >= kSide)
                continue;
            const float weight = std::exp(-float(dx * dx + dy * dy) / 1.6f);
            float& value = m_values[y * kSide + x];
            value = erase ? std::max(0.0f, value - weight) : std::min(1.0f, value + weight);
        }
    update();
    Q_EMIT changed();
}

void DrawingCanvas::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const QRect area = imageRect();
    painter.drawImage(area, grayscaleImage(m_values, kSide, kSide));
    painter.setPen(QColor(150, 150, 150));
    painter.drawRect(area.adjusted(0, 0, -1, -1));
    if (m_marked >= 0 && m_marked < kSide * kSide) {
        const double cell = double(area.width()) / kSide;
        painter.setPen(QPen(palette::highlight(), 2));
        painter.drawRect(
            QRectF(area.left() + (m_marked % kSide) * cell, area.top() + (m_marked / kSide) * cell, cell, cell));
    }
}

void DrawingCanvas::mousePressEvent(QMouseEvent* event)
{
    if (m_pick || event->modifiers().testFlag(Qt::ControlModifier)) {
        const int pixel = pixelAt(event->position());
        if (pixel >= 0)
            Q_EMIT pixelClicked(pixel);
        return;
    }
    paintAt(event->position(), event->button() == Qt::RightButton);
}

void DrawingCanvas::mouseMoveEvent(QMouseEvent* event)
{
    if (m_pick || event->modifiers().testFlag(Qt::ControlModifier))
        return;
    if (event->buttons() & (Qt::LeftButton | Qt::RightButton))
        paintAt(event->position(), event->buttons().testFlag(Qt::RightButton));
}

RateCodingView::RateCodingView(QWidget* parent) : TeachingView(parent)
{
    m_canvas = new DrawingCanvas(this);
    connect(m_canvas, &DrawingCanvas::changed, this, [this] {
        m_request.image = m_canvas->intensities();
        recompute();
    });
    connect(m_canvas, &DrawingCanvas::pixelClicked, this, &RateCodingView::selectPixel);
    auto* clear = new QPushButton(tr("Clear"), this);
    connect(clear, &QPushButton::clicked, m_canvas, &DrawingCanvas::clear);
    m_digit = new QComboBox(this);
    m_digit->addItem(tr("Built-in digit…"));
    for (int d = 0; d <= 9; ++d)
        m_digit->addItem(QString::number(d), d);
    connect(m_digit, &QComboBox::activated, this, [this](int index) {
        if (index > 0)
            showBuiltInDigit(m_digit->itemData(index).toInt());
    });
    m_testImageLabel = new QLabel(tr("MNIST test image:"), this);
    m_testImage = new QSpinBox(this);
    connect(m_testImage, &QSpinBox::valueChanged, this, [this](int index) {
        if (index < 0 || index >= m_testImages.size() || m_syncing)
            return;
        const QImage image = m_testImages[index].convertToFormat(QImage::Format_Grayscale8).scaled(kSide, kSide);
        QVector<float> values(kSide * kSide);
        for (int y = 0; y < kSide; ++y)
            for (int x = 0; x < kSide; ++x)
                values[y * kSide + x] = float(qGray(image.pixel(x, y))) / 255.0f;
        setImage(values);
    });
    setTestImages({});
    auto* redraw = new QPushButton(tr("Re-draw spikes"), this);
    redraw->setToolTip(tr("New random draws of every Bernoulli trial"));
    connect(redraw, &QPushButton::clicked, this, [this] {
        ++m_request.seed;
        recompute();
    });

    m_fOn = slider(0, 2000, this);
    m_fOff = slider(0, 1000, this);
    m_dt = slider(1, 50, this); // tenths of a millisecond: 0.1-5 ms
    m_steps = slider(1, 300, this);
    m_fOnB = slider(0, 2000, this);
    m_fOffB = slider(0, 1000, this);
    for (QSlider* s : {m_fOn, m_fOff, m_dt, m_steps, m_fOnB, m_fOffB})
        connect(s, &QSlider::valueChanged, this, [this] {
            if (m_syncing)
                return;
            m_request.setting.fOn = m_fOn->value();
            m_request.setting.fOff = m_fOff->value();
            m_request.setting.dt = m_dt->value() * 1e-4;
            m_request.setting.steps = m_steps->value();
            m_request.comparison = m_request.setting;
            m_request.comparison.fOn = m_fOnB->value();
            m_request.comparison.fOff = m_fOffB->value();
            recompute();
        });
    m_fOnLabel = valueLabel(this);
    m_fOffLabel = valueLabel(this);
    m_dtLabel = valueLabel(this);
    m_stepsLabel = valueLabel(this);
    m_fOnBLabel = valueLabel(this);
    m_fOffBLabel = valueLabel(this);
    m_constraint = new QLabel(this);
    m_constraint->setWordWrap(true);

    auto* settings = new QGroupBox(tr("Rate coding: p = Δt [(f_on − f_off) x + f_off]"), this);
    auto* grid = new QGridLayout(settings);
    const auto row = [&](int r, const QString& name, QSlider* s, QLabel* value) {
        grid->addWidget(new QLabel(name, settings), r, 0);
        grid->addWidget(s, r, 1);
        grid->addWidget(value, r, 2);
    };
    row(0, tr("f_on"), m_fOn, m_fOnLabel);
    row(1, tr("f_off"), m_fOff, m_fOffLabel);
    row(2, tr("Δt"), m_dt, m_dtLabel);
    row(3, tr("T"), m_steps, m_stepsLabel);
    grid->addWidget(m_constraint, 4, 0, 1, 3);

    auto* input = new QVBoxLayout;
    input->addWidget(m_canvas, 1);
    auto* inputButtons = new QHBoxLayout;
    inputButtons->addWidget(clear);
    inputButtons->addWidget(m_digit);
    inputButtons->addWidget(redraw);
    input->addLayout(inputButtons);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_testImageLabel);
    testRow->addWidget(m_testImage);
    testRow->addStretch(1);
    input->addLayout(testRow);
    input->addWidget(settings);

    m_raster = new PixelImageWidget(this);
    m_raster->setKeepAspectRatio(false);
    m_raster->setPlaceholderText(tr("Draw a digit"));
    m_raster->setToolTip(tr("Every pixel's spike train: a row per pixel, a column per time step"));
    m_frame = new PixelImageWidget(this);
    m_frameSlider = slider(1, 100, this);
    connect(m_frameSlider, &QSlider::valueChanged, this, [this](int t) {
        if (!m_syncing)
            setFrameStep(t);
    });
    m_frameLabel = new QLabel(this);
    auto* frameButtons = new QHBoxLayout;
    frameButtons->addWidget(m_frameLabel);
    for (const int t : {10, 50, 80}) {
        auto* button = new QPushButton(QStringLiteral("t = %1").arg(t), this);
        connect(button, &QPushButton::clicked, this, [this, t] { setFrameStep(t); });
        frameButtons->addWidget(button);
    }
    m_counts = new PixelImageWidget(this);
    m_counts->setToolTip(tr("Spike counts over the T steps (white: a spike at every step)"));
    auto* pictures = new QGridLayout;
    pictures->addWidget(new QLabel(tr("Spike trains (pixel × t)"), this), 0, 0);
    pictures->addWidget(new QLabel(tr("Frame at t"), this), 0, 1);
    pictures->addWidget(new QLabel(tr("Counts"), this), 0, 2);
    pictures->addWidget(m_raster, 1, 0);
    pictures->addWidget(m_frame, 1, 1);
    pictures->addWidget(m_counts, 1, 2);
    pictures->addWidget(m_frameSlider, 2, 1);
    pictures->addLayout(frameButtons, 3, 0, 1, 3);
    for (int c = 0; c < 3; ++c)
        pictures->setColumnStretch(c, 1);
    pictures->setRowStretch(1, 1);

    m_pixelLabel = new QLabel(tr("Ctrl+click a pixel of the digit to follow it"), this);
    m_pixelLabel->setWordWrap(true);
    m_averagePlot = new QCustomPlot(this);
    m_averagePlot->xAxis->setLabel(tr("t (steps)"));
    m_averagePlot->yAxis->setLabel(tr("running average"));
    m_averagePlot->setMinimumHeight(150);
    m_histogramPlot = new QCustomPlot(this);
    m_histogramPlot->xAxis->setLabel(tr("spike count k"));
    m_histogramPlot->yAxis->setLabel(tr("re-draws"));
    m_histogramPlot->setMinimumHeight(150);
    for (QCustomPlot* plot : {m_averagePlot, m_histogramPlot}) {
        plot->legend->setVisible(true);
        plot->legend->setFont(plot->font());
        plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignTop | Qt::AlignRight);
    }
    auto* pixelBox = new QVBoxLayout;
    pixelBox->addWidget(m_pixelLabel);
    pixelBox->addWidget(m_averagePlot, 1);
    pixelBox->addWidget(m_histogramPlot, 1);

    m_comparisonA = new PixelImageWidget(this);
    m_comparisonB = new PixelImageWidget(this);
    m_comparisonALabel = new QLabel(this);
    m_comparisonBLabel = new QLabel(this);
    auto* comparison = new QGroupBox(tr("Side by side: disparity acts as contrast"), this);
    auto* comparisonGrid = new QGridLayout(comparison);
    comparisonGrid->addWidget(m_comparisonALabel, 0, 0);
    comparisonGrid->addWidget(m_comparisonBLabel, 0, 1);
    comparisonGrid->addWidget(m_comparisonA, 1, 0);
    comparisonGrid->addWidget(m_comparisonB, 1, 1);
    auto* bControls = new QGridLayout;
    bControls->addWidget(new QLabel(tr("f_on (right)"), comparison), 0, 0);
    bControls->addWidget(m_fOnB, 0, 1);
    bControls->addWidget(m_fOnBLabel, 0, 2);
    bControls->addWidget(new QLabel(tr("f_off (right)"), comparison), 1, 0);
    bControls->addWidget(m_fOffB, 1, 1);
    bControls->addWidget(m_fOffBLabel, 1, 2);
    comparisonGrid->addLayout(bControls, 2, 0, 1, 2);
    comparisonGrid->setRowStretch(1, 1);

    auto* centre = new QVBoxLayout;
    centre->addLayout(pictures, 3);
    centre->addWidget(comparison, 2);
    auto* layout = new QHBoxLayout(this);
    layout->addLayout(input, 2);
    layout->addLayout(centre, 4);
    layout->addLayout(pixelBox, 3);

    m_request.image = builtInDigit(3);
    m_request.setting = {1000.0, 0.0, 0.001, 100};
    m_request.comparison = {1000.0, 500.0, 0.001, 100};
    m_request.pixel = 14 * kSide + 14;
    syncControls();
}

RateCodingView::~RateCodingView() = default;

void RateCodingView::setComputer(Computer computer)
{
    m_computer = std::move(computer);
    recompute();
}

void RateCodingView::setTestImages(const QVector<QImage>& images)
{
    m_testImages = images;
    m_testImage->setRange(0, std::max(0, int(images.size()) - 1));
    m_testImage->setVisible(!images.isEmpty());
    m_testImageLabel->setVisible(!images.isEmpty());
}

void RateCodingView::setSetting(const RateCodingSetting& setting)
{
    const double fOnB = m_request.comparison.fOn, fOffB = m_request.comparison.fOff;
    m_request.setting = setting;
    m_request.comparison = setting;
    m_request.comparison.fOn = fOnB;
    m_request.comparison.fOff = fOffB;
    syncControls();
    recompute();
}

void RateCodingView::setComparison(double fOn, double fOff)
{
    m_request.comparison.fOn = fOn;
    m_request.comparison.fOff = fOff;
    syncControls();
    recompute();
}

void RateCodingView::setImage(const QVector<float>& intensities)
{
    if (intensities.size() != kSide * kSide)
        return;
    m_request.image = intensities;
    m_canvas->setIntensities(intensities);
    recompute();
}

void RateCodingView::showBuiltInDigit(int digit)
{
    setImage(builtInDigit(digit));
}

void RateCodingView::selectPixel(int pixel)
{
    m_request.pixel = pixel;
    m_canvas->setMarkedPixel(pixel);
    recompute();
}

void RateCodingView::setFrameStep(int step)
{
    m_frameStep = std::clamp(step, 1, std::max(1, m_request.setting.steps));
    m_syncing = true;
    m_frameSlider->setValue(m_frameStep);
    m_syncing = false;
    redraw();
}

void RateCodingView::syncControls()
{
    m_syncing = true;
    m_fOn->setValue(int(std::lround(m_request.setting.fOn)));
    m_fOff->setValue(int(std::lround(m_request.setting.fOff)));
    m_dt->setValue(int(std::lround(m_request.setting.dt * 1e4)));
    m_steps->setValue(m_request.setting.steps);
    m_fOnB->setValue(int(std::lround(m_request.comparison.fOn)));
    m_fOffB->setValue(int(std::lround(m_request.comparison.fOff)));
    m_frameSlider->setRange(1, std::max(1, m_request.setting.steps));
    m_canvas->setIntensities(m_request.image);
    m_canvas->setMarkedPixel(m_request.pixel);
    m_syncing = false;
}

void RateCodingView::recompute()
{
    if (!m_computer)
        return;
    m_snapshot = m_computer(m_request);
    m_syncing = true;
    m_frameSlider->setRange(1, std::max(1, m_request.setting.steps));
    m_syncing = false;
    m_frameStep = std::clamp(m_frameStep, 1, std::max(1, m_request.setting.steps));
    redraw();
}

QString RateCodingView::constraintText() const
{
    return m_constraint->text();
}

QImage RateCodingView::frameImage(int step) const
{
    const int pixels = m_snapshot.width * m_snapshot.height;
    if (pixels == 0 || step < 1 || step > m_snapshot.steps)
        return {};
    QVector<float> values(pixels);
    for (int i = 0; i < pixels; ++i)
        values[i] = m_snapshot.spikes[qsizetype(step - 1) * pixels + i];
    return grayscaleImage(values, m_snapshot.width, m_snapshot.height);
}

void RateCodingView::redraw()
{
    const QLocale locale;
    const RateCodingSetting& s = m_request.setting;
    m_fOnLabel->setText(tr("%1 Hz").arg(locale.toString(s.fOn, 'f', 0)));
    m_fOffLabel->setText(tr("%1 Hz").arg(locale.toString(s.fOff, 'f', 0)));
    m_dtLabel->setText(tr("%1 ms").arg(locale.toString(s.dt * 1e3, 'f', 1)));
    m_stepsLabel->setText(QString::number(s.steps));
    m_fOnBLabel->setText(tr("%1 Hz").arg(locale.toString(m_request.comparison.fOn, 'f', 0)));
    m_fOffBLabel->setText(tr("%1 Hz").arg(locale.toString(m_request.comparison.fOff, 'f', 0)));
    const QString limit = tr("f_on and f_off at most 1/Δt = %1 Hz").arg(locale.toString(1.0 / s.dt, 'f', 0));
    if (!m_snapshot.error.isEmpty()) {
        m_constraint->setText(
            QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(m_snapshot.error.toHtmlEscaped()));
    } else {
        m_constraint->setText(limit + QStringLiteral(": ") +
                              tr("a white pixel spikes with p = %1, a black one with p = %2 per step")
                                  .arg(locale.toString(s.dt * s.fOn, 'f', 3), locale.toString(s.dt * s.fOff, 'f', 3)));
    }
    const bool ok = m_snapshot.error.isEmpty() && m_snapshot.width > 0;
    const int pixels = m_snapshot.width * m_snapshot.height;
    if (ok) {
        SpikeRaster raster;
        raster.steps = m_snapshot.steps;
        raster.neurons = pixels;
        raster.spikes = m_snapshot.spikes;
        m_raster->setImage(rasterImage(raster));
        m_raster->setHighlightedColumn(m_frameStep - 1);
        m_raster->setHighlightedRow(m_snapshot.pixel);
        m_frame->setImage(frameImage(m_frameStep));
        m_counts->setImage(countImage(m_snapshot.counts, m_snapshot.steps, m_snapshot.width, m_snapshot.height));
    } else {
        for (PixelImageWidget* picture : {m_raster, m_frame, m_counts})
            picture->setImage({});
    }
    m_frameLabel->setText(tr("t = %1 of %2").arg(m_frameStep).arg(s.steps));
    m_syncing = true;
    m_frameSlider->setValue(m_frameStep);
    m_syncing = false;
    m_comparisonALabel->setText(tr("f_on %1 Hz, f_off %2 Hz").arg(s.fOn).arg(s.fOff));
    m_comparisonBLabel->setText(
        m_snapshot.comparisonError.isEmpty()
            ? tr("f_on %1 Hz, f_off %2 Hz").arg(m_request.comparison.fOn).arg(m_request.comparison.fOff)
            : m_snapshot.comparisonError);
    m_comparisonA->setImage(ok ? countImage(m_snapshot.counts, m_snapshot.steps, m_snapshot.width, m_snapshot.height)
                               : QImage());
    m_comparisonB->setImage(
        ok && !m_snapshot.comparisonCounts.isEmpty()
            ? countImage(m_snapshot.comparisonCounts, m_snapshot.comparisonSteps, m_snapshot.width, m_snapshot.height)
            : QImage());

    m_averagePlot->clearGraphs();
    m_averagePlot->clearItems();
    m_histogramPlot->clearPlottables();
    if (ok && m_snapshot.pixel >= 0) {
        const int x = m_snapshot.pixel % m_snapshot.width, y = m_snapshot.pixel / m_snapshot.width;
        m_pixelLabel->setText(tr("Pixel (%1, %2): intensity %3, p = %4; expected count Tp = %5")
                                  .arg(x)
                                  .arg(y)
                                  .arg(locale.toString(m_request.image.value(m_snapshot.pixel), 'f', 2))
                                  .arg(locale.toString(m_snapshot.pixelProbability, 'f', 3))
                                  .arg(locale.toString(m_snapshot.pixelProbability * s.steps, 'f', 1)));
        QVector<double> ts, averages, ps;
        for (int t = 0; t < m_snapshot.runningAverage.size(); ++t) {
            ts << t + 1;
            averages << m_snapshot.runningAverage[t];
            ps << m_snapshot.pixelProbability;
        }
        QCPGraph* average = m_averagePlot->addGraph();
        average->setData(ts, averages);
        average->setPen(QPen(palette::train(), 2));
        average->setName(tr("running average"));
        QCPGraph* target = m_averagePlot->addGraph();
        target->setData(ts, ps);
        target->setPen(QPen(palette::guide(), 1, Qt::DashLine));
        target->setName(tr("p"));
        m_averagePlot->xAxis->setRange(1, std::max(2, s.steps));
        m_averagePlot->yAxis->setRange(0, 1.05);

        auto* bars = new QCPBars(m_histogramPlot->xAxis, m_histogramPlot->yAxis);
        QVector<double> ks, heights, expected;
        for (int k = 0; k < m_snapshot.histogram.size(); ++k) {
            ks << k;
            heights << double(m_snapshot.histogram[k]);
            expected << m_snapshot.binomial.value(k) * m_snapshot.redraws;
        }
        bars->setData(ks, heights);
        bars->setWidth(0.9);
        bars->setPen(Qt::NoPen);
        bars->setBrush(palette::train().lighter(140));
        bars->setName(tr("%1 re-draws").arg(m_snapshot.redraws));
        QCPGraph* binomial = m_histogramPlot->addGraph();
        binomial->setData(ks, expected);
        binomial->setPen(QPen(palette::test(), 2));
        binomial->setName(tr("Binomial(T, p)"));
        // The counts that occur: k where the binomial or the histogram is not negligible.
        int low = 0, high = int(ks.size()) - 1;
        while (low < high && heights[low] == 0 && expected[low] < 0.5)
            ++low;
        while (high > low && heights[high] == 0 && expected[high] < 0.5)
            --high;
        m_histogramPlot->xAxis->setRange(low - 1, high + 1);
        m_histogramPlot->yAxis->rescale();
        m_histogramPlot->yAxis->setRangeLower(0);
        m_histogramPlot->yAxis->setRangeUpper(m_histogramPlot->yAxis->range().upper * 1.15);
    } else {
        m_pixelLabel->setText(tr("Ctrl+click a pixel of the digit to follow it"));
    }
    m_averagePlot->replot();
    m_histogramPlot->replot();
    Q_EMIT redrawn();
}

void RateCodingView::setFontScale(double scale)
{
    scaleFonts(scale, {m_averagePlot, m_histogramPlot});
}

bool RateCodingView::exportAnimation(const QString& fileName, QString* error)
{
    if (m_snapshot.width == 0 || !m_snapshot.error.isEmpty()) {
        if (error)
            *error = tr("%1: nothing to animate: %2").arg(fileName, m_snapshot.error);
        return false;
    }
    // Each frame: the spikes at t (left) and the counts up to t (right), 8x enlarged, a t label.
    const int scale = 8, side = m_snapshot.width * scale, labelHeight = 24;
    const QSize size(2 * side + 12, m_snapshot.height * scale + labelHeight);
    GifWriter writer;
    if (!writer.open(fileName, size, 80, error))
        return false;
    const int pixels = m_snapshot.width * m_snapshot.height;
    QVector<float> sofar(pixels, 0.0f);
    for (int t = 1; t <= m_snapshot.steps; ++t) {
        for (int i = 0; i < pixels; ++i)
            sofar[i] += m_snapshot.spikes[qsizetype(t - 1) * pixels + i];
        QVector<float> average(pixels);
        for (int i = 0; i < pixels; ++i)
            average[i] = sofar[i] / float(t);
        QImage frame(size, QImage::Format_RGB32);
        frame.fill(Qt::white);
        QPainter painter(&frame);
        painter.drawImage(QRect(0, labelHeight, side, side), frameImage(t));
        painter.drawImage(QRect(side + 12, labelHeight, side, side),
                          grayscaleImage(average, m_snapshot.width, m_snapshot.height));
        painter.setPen(Qt::black);
        painter.drawText(QRect(0, 0, size.width(), labelHeight), Qt::AlignCenter,
                         tr("t = %1: spikes | running average").arg(t));
        painter.end();
        if (!writer.addFrame(frame, error))
            return false;
    }
    return writer.finish(error);
}

} // namespace csae::ui
