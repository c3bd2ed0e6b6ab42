#include "ui/teaching/network_walk_view.h"

#include "ui/common/color_maps.h"
#include "ui/common/pixel_image_widget.h"
#include "ui/export/gif_writer.h"
#include "ui/teaching/rate_coding_view.h"

#include <QApplication>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace csae::ui {
namespace {

// One step of a layer: channels tiled in a near-square grid (1 px gaps), white spikes on black.
QImage layerImage(const WalkLayer& layer, int step)
{
    const int columns = int(std::ceil(std::sqrt(double(layer.channels))));
    const int rows = (layer.channels + columns - 1) / columns;
    int width = layer.width, height = layer.height;
    if (layer.channels == 1 && layer.height == 1) {
        // A dense layer: its neurons in a near-square block.
        width = int(std::ceil(std::sqrt(double(layer.width))));
        height = (layer.width + width - 1) / width;
    }
    QImage image(columns * (width + 1) - 1, rows * (height + 1) - 1, QImage::Format_RGB32);
    image.fill(QColor(90, 90, 90));
    const qsizetype base = qsizetype(step) * layer.perStep();
    for (int c = 0; c < layer.channels; ++c) {
        const int ox = (c % columns) * (width + 1), oy = (c / columns) * (height + 1);
        for (int i = 0; i < width * height; ++i) {
            const qsizetype index = base + qsizetype(c) * layer.height * layer.width + i;
            const bool inside = i < layer.height * layer.width;
            const bool spike = inside && index < layer.spikes.size() && layer.spikes[index];
            image.setPixel(ox + i % width, oy + i / width,
                           inside ? (spike ? qRgb(255, 255, 255) : qRgb(0, 0, 0)) : qRgb(90, 90, 90));
        }
    }
    return image;
}

} // namespace

NetworkWalkView::NetworkWalkView(QWidget* parent) : TeachingView(parent)
{
    m_digit = new QComboBox(this);
    for (int d = 0; d <= 9; ++d)
        m_digit->addItem(tr("Digit %1").arg(d), d);
    m_digit->setCurrentIndex(3);
    connect(m_digit, &QComboBox::activated, this, [this] { setImage(builtInDigit(m_digit->currentData().toInt())); });
    auto* openRun = new QPushButton(tr("Walk a trained run…"), this);
    connect(openRun, &QPushButton::clicked, this, &NetworkWalkView::openRunRequested);
    m_live = new QPushButton(tr("Walk the studio's model"), this);
    m_live->setToolTip(tr("Take the model the studio is training, as it is now (press again to see what "
                          "training has changed since)"));
    m_live->hide();
    connect(m_live, &QPushButton::clicked, this, &NetworkWalkView::liveModelRequested);
    auto* redraw = new QPushButton(tr("Re-draw spikes"), this);
    connect(redraw, &QPushButton::clicked, this, [this] {
        ++m_seed;
        refresh();
    });
    m_model = new QLabel(this);
    m_model->setWordWrap(true);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_stepSlider = new QSlider(Qt::Horizontal, this);
    connect(m_stepSlider, &QSlider::valueChanged, this, [this](int t) {
        if (t != m_step)
            setStep(t);
    });
    m_stepLabel = new QLabel(this);
    m_stepLabel->setMinimumWidth(m_stepLabel->fontMetrics().horizontalAdvance(QStringLiteral("t = 0000 of 0000")));
    auto* play = new QPushButton(tr("Play"), this);
    play->setCheckable(true);
    m_player = new QTimer(this);
    m_player->setInterval(250);
    connect(m_player, &QTimer::timeout, this, [this] { setStep(m_step >= m_snapshot.steps ? 1 : m_step + 1); });
    connect(play, &QPushButton::toggled, this, &NetworkWalkView::setPlaying);

    auto* top = new QHBoxLayout;
    top->addWidget(m_digit);
    top->addWidget(redraw);
    top->addWidget(openRun);
    top->addWidget(m_live);
    top->addWidget(m_model, 1);
    auto* time = new QHBoxLayout;
    time->addWidget(play);
    time->addWidget(m_stepSlider, 1);
    time->addWidget(m_stepLabel);

    m_layerGrid = new QGridLayout;
    m_original = new PixelImageWidget(this);
    m_input = new PixelImageWidget(this);
    m_reconstruction = new PixelImageWidget(this);
    auto* ends = new QVBoxLayout;
    for (const auto& [picture, title] :
         {std::pair{m_original, tr("The digit")}, std::pair{m_input, tr("Input spikes at t")},
          std::pair{m_reconstruction, tr("Reconstruction: output spikes averaged over 1…t")}}) {
        auto* label = new QLabel(title, this);
        label->setWordWrap(true);
        ends->addWidget(label);
        ends->addWidget(picture, 1);
    }
    auto* body = new QHBoxLayout;
    body->addLayout(m_layerGrid, 4);
    body->addLayout(ends, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addLayout(time);
    layout->addWidget(m_message);
    layout->addLayout(body, 1);
    m_image = builtInDigit(3);
}

void NetworkWalkView::setComputer(Computer computer)
{
    m_computer = std::move(computer);
    refresh();
}

void NetworkWalkView::setImage(const QVector<float>& image)
{
    m_image = image;
    refresh();
}

void NetworkWalkView::refresh()
{
    if (!m_computer)
        return;
    m_snapshot = m_computer(m_image, m_seed);
    m_step = std::clamp(m_step, 1, std::max(1, m_snapshot.steps));
    rebuildLayerWidgets();
    redraw();
}

void NetworkWalkView::setStep(int step)
{
    m_step = std::clamp(step, 1, std::max(1, m_snapshot.steps));
    redraw();
}

void NetworkWalkView::setPlaying(bool playing)
{
    playing ? m_player->start() : m_player->stop();
}

QImage NetworkWalkView::layerPicture(int index) const
{
    return index >= 0 && index < m_layerPictures.size() ? m_layerPictures[index]->image() : QImage();
}

QImage NetworkWalkView::reconstructionPicture() const
{
    return m_reconstruction->image();
}

void NetworkWalkView::rebuildLayerWidgets()
{
    if (m_layerPictures.size() == m_snapshot.layers.size())
        return;
    for (QWidget* widget : m_layerPictures)
        delete widget;
    for (QWidget* widget : m_layerLabels)
        delete widget;
    m_layerPictures.clear();
    m_layerLabels.clear();
    const int columns = m_snapshot.layers.size() > 4 ? 3 : 2;
    for (int i = 0; i < m_snapshot.layers.size(); ++i) {
        auto* label = new QLabel(this);
        auto* picture = new PixelImageWidget(this);
        m_layerGrid->addWidget(label, (i / columns) * 2, i % columns);
        m_layerGrid->addWidget(picture, (i / columns) * 2 + 1, i % columns);
        m_layerGrid->setRowStretch((i / columns) * 2 + 1, 1);
        m_layerLabels << label;
        m_layerPictures << picture;
    }
}

void NetworkWalkView::redraw()
{
    m_message->setText(
        m_snapshot.error.isEmpty()
            ? QString()
            : QStringLiteral("<span style=\"color:#c0392b\">%1</span>").arg(m_snapshot.error.toHtmlEscaped()));
    m_model->setText(m_snapshot.model.isEmpty()
                         ? tr("An untrained SAE at the default configuration, its weights calibrated so that every "
                              "layer fires")
                         : tr("Trained: %1").arg(m_snapshot.model));
    m_stepSlider->blockSignals(true);
    m_stepSlider->setRange(1, std::max(1, m_snapshot.steps));
    m_stepSlider->setValue(m_step);
    m_stepSlider->blockSignals(false);
    m_stepLabel->setText(tr("t = %1 of %2").arg(m_step).arg(m_snapshot.steps));
    const int t = m_step - 1, pixels = m_snapshot.width * m_snapshot.height;
    for (int i = 0; i < m_snapshot.layers.size() && i < m_layerPictures.size(); ++i) {
        const WalkLayer& layer = m_snapshot.layers[i];
        int fired = 0;
        for (int k = 0; k < layer.perStep(); ++k)
            fired += layer.spikes.value(qsizetype(t) * layer.perStep() + k);
        m_layerLabels[i]->setText(
            tr("%1: %2 of %3 neurons spike at t").arg(layer.name).arg(fired).arg(layer.perStep()));
        m_layerPictures[i]->setImage(layerImage(layer, t));
    }
    if (pixels > 0 && t < m_snapshot.steps) {
        m_original->setImage(grayscaleImage(m_snapshot.image, m_snapshot.width, m_snapshot.height));
        QVector<float> input(pixels), reconstruction(pixels);
        for (int i = 0; i < pixels; ++i) {
            input[i] = m_snapshot.input.value(qsizetype(t) * pixels + i);
            reconstruction[i] = m_snapshot.reconstruction.value(qsizetype(t) * pixels + i);
        }
        m_input->setImage(grayscaleImage(input, m_snapshot.width, m_snapshot.height));
        m_reconstruction->setImage(m_snapshot.reconstruction.isEmpty()
                                       ? QImage()
                                       : grayscaleImage(reconstruction, m_snapshot.width, m_snapshot.height));
    } else {
        for (PixelImageWidget* picture : {m_original, m_input, m_reconstruction})
            picture->setImage({});
    }
    Q_EMIT redrawn();
}

void NetworkWalkView::setFontScale(double scale)
{
    scaleFonts(scale);
}

bool NetworkWalkView::exportAnimation(const QString& fileName, QString* error)
{
    if (!m_snapshot.error.isEmpty() || m_snapshot.steps == 0) {
        if (error)
            *error = tr("%1: nothing to animate: %2").arg(fileName, m_snapshot.error);
        return false;
    }
    const int kept = m_step;
    const QSize size = this->size();
    GifWriter writer;
    if (!writer.open(fileName, size, 250, error))
        return false;
    bool ok = true;
    for (int step = 1; step <= m_snapshot.steps && ok; ++step) {
        setStep(step);
        ok = writer.addFrame(grab().toImage().scaled(size), error);
    }
    setStep(kept);
    return ok && writer.finish(error);
}

void NetworkWalkView::setLiveModelOffered(bool offered)
{
    m_live->setVisible(offered);
}

bool NetworkWalkView::liveModelOffered() const
{
    return !m_live->isHidden();
}

} // namespace csae::ui
