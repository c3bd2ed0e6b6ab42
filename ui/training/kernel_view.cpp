#include "ui/training/kernel_view.h"

#include "ui/common/color_maps.h"
#include "ui/common/combo_box_items.h"
#include "ui/export/view_export.h"

#include <QLocale>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace csae::ui {

/// Paints cached kernel images in a grid that fills the widget, plus the colour bar.
class KernelCanvas : public QWidget {
public:
    explicit KernelCanvas(QWidget* parent) : QWidget(parent)
    {
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        setMinimumSize(160, 120);
    }

    void setContent(QVector<QImage> kernels, double range)
    {
        m_kernels = std::move(kernels);
        m_range = range;
        update();
    }

    QSize sizeHint() const override { return QSize(360, 280); }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter painter(this);
        if (m_kernels.isEmpty()) {
            painter.setPen(palette().color(QPalette::PlaceholderText));
            painter.drawText(rect(), Qt::AlignCenter, KernelView::tr("No kernels yet"));
            return;
        }
        const QFontMetrics metrics = fontMetrics();
        const QString top = QStringLiteral("+") + QLocale().toString(m_range, 'g', 3);
        const QString bottom = QStringLiteral("−") + QLocale().toString(m_range, 'g', 3);
        const int labelWidth = std::max(metrics.horizontalAdvance(top), metrics.horizontalAdvance(bottom)) + 6;
        const int barWidth = 14;
        const QRect grid = rect().adjusted(0, 0, -(barWidth + labelWidth + 12), 0);
        drawGrid(painter, grid);

        const QRect bar(grid.right() + 8, metrics.height() / 2 + 2, barWidth, height() - metrics.height() - 4);
        if (bar.height() > 2) {
            if (m_bar.height() != bar.height()) {
                m_bar = divergingColorBar(bar.height());
            }
            painter.drawImage(bar, m_bar);
            painter.setPen(palette().color(QPalette::WindowText));
            painter.drawRect(bar.adjusted(0, 0, -1, -1));
            const int x = bar.right() + 4;
            painter.drawText(QRect(x, bar.top() - metrics.height() / 2, labelWidth, metrics.height()), Qt::AlignLeft,
                             top);
            painter.drawText(QRect(x, bar.center().y() - metrics.height() / 2, labelWidth, metrics.height()),
                             Qt::AlignLeft, QStringLiteral("0"));
            painter.drawText(QRect(x, bar.bottom() - metrics.height() / 2, labelWidth, metrics.height()), Qt::AlignLeft,
                             bottom);
        }
    }

private:
    void drawGrid(QPainter& painter, const QRect& area)
    {
        // The column count that makes the cells largest.
        const int n = int(m_kernels.size());
        int bestColumns = 1;
        int bestCell = 0;
        for (int columns = 1; columns <= n; ++columns) {
            const int rows = (n + columns - 1) / columns;
            const int cell = std::min(area.width() / columns, area.height() / rows);
            if (cell > bestCell) {
                bestCell = cell;
                bestColumns = columns;
            }
        }
        if (bestCell < 3) {
            return;
        }
        const int gap = bestCell >= 24 ? 3 : 1;
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false); // crisp weights
        painter.setPen(QColor(160, 160, 160));
        for (int i = 0; i < n; ++i) {
            const QRect cell(area.left() + (i % bestColumns) * bestCell + gap,
                             area.top() + (i / bestColumns) * bestCell + gap, bestCell - 2 * gap, bestCell - 2 * gap);
            const QRect target = fittedRect(m_kernels[i].size(), cell);
            painter.drawImage(target, m_kernels[i]);
            painter.drawRect(target.adjusted(-1, -1, 0, 0));
        }
    }

    QVector<QImage> m_kernels;
    QImage m_bar;
    double m_range = 0.0;
};

KernelView::KernelView(QWidget* parent) : QWidget(parent)
{
    m_layer = new QComboBox(this);
    m_layer->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_layer, &QComboBox::currentIndexChanged, this, [this] { layerChanged(); });

    m_channelLabel = new QLabel(tr("Input channel:"), this);
    m_channel = new QSpinBox(this);
    m_channel->setMinimum(-1);
    m_channel->setSpecialValueText(tr("mean"));
    m_channel->setToolTip(tr("Show one input channel of each kernel, or the mean over input channels"));
    connect(m_channel, &QSpinBox::valueChanged, this, [this] { rebuildImages(); });

    m_info = new QLabel(this);
    m_canvas = new KernelCanvas(this);

    auto* controls = new QHBoxLayout;
    controls->addWidget(new QLabel(tr("Layer:"), this));
    controls->addWidget(m_layer);
    controls->addWidget(m_channelLabel);
    controls->addWidget(m_channel);
    controls->addStretch(1);
    controls->addWidget(m_info);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(controls);
    layout->addWidget(m_canvas, 1);
    markExportPart(m_canvas); // the figure is the kernels and their colour bar, not the controls

    layerChanged();
}

KernelView::~KernelView() = default;

void KernelView::setKernels(const QVector<KernelLayer>& layers)
{
    m_layers = layers;
    QStringList names;
    for (const KernelLayer& layer : m_layers)
        names << layer.name;
    replaceItemsKeepingSelection(m_layer, names);
    layerChanged();
}

QString KernelView::currentLayer() const
{
    return m_layer->currentText();
}

bool KernelView::setCurrentLayer(const QString& name)
{
    const int index = m_layer->findText(name, Qt::MatchExactly);
    if (index < 0) {
        return false;
    }
    m_layer->setCurrentIndex(index); // its signal rebuilds
    return true;
}

int KernelView::inputChannel() const
{
    return m_channel->value();
}

void KernelView::setInputChannel(int channel)
{
    m_channel->setValue(channel);
}

int KernelView::kernelImageCount() const
{
    return m_imageCount;
}

void KernelView::layerChanged()
{
    const int index = m_layer->currentIndex();
    const int inputs = index >= 0 && index < m_layers.size() ? m_layers[index].inChannels : 0;
    {
        // Keeps the chosen channel where the new layer has it; QSpinBox clamps otherwise.
        QSignalBlocker blocker(m_channel);
        m_channel->setMaximum(std::max(-1, inputs - 1));
    }
    m_channelLabel->setVisible(inputs > 1);
    m_channel->setVisible(inputs > 1);
    rebuildImages();
}

void KernelView::rebuildImages()
{
    const int index = m_layer->currentIndex();
    QVector<QImage> images;
    m_range = 0.0;
    if (index >= 0 && index < m_layers.size()) {
        const KernelLayer& layer = m_layers[index];
        const int k = layer.size;
        const qsizetype perKernel = qsizetype(k) * k;
        const bool valid = k > 0 && layer.outChannels > 0 && layer.inChannels > 0 &&
                           layer.weights.size() >= qsizetype(layer.outChannels) * layer.inChannels * perKernel;
        if (valid) {
            for (float w : layer.weights) {
                if (std::isfinite(w)) {
                    m_range = std::max(m_range, double(std::abs(w)));
                }
            }
            const double scale = m_range > 0 ? 1.0 / m_range : 1.0;
            // A single input channel has nothing to average: "mean" is that channel.
            const int channel = layer.inChannels == 1 ? 0 : std::min(m_channel->value(), layer.inChannels - 1);
            images.reserve(layer.outChannels);
            for (int o = 0; o < layer.outChannels; ++o) {
                QImage image(k, k, QImage::Format_RGB32);
                for (int y = 0; y < k; ++y) {
                    auto* line = reinterpret_cast<QRgb*>(image.scanLine(y));
                    for (int x = 0; x < k; ++x) {
                        const qsizetype offset = qsizetype(y) * k + x;
                        double value = 0.0;
                        if (channel >= 0) {
                            value = layer.weights[(qsizetype(o) * layer.inChannels + channel) * perKernel + offset];
                        } else {
                            for (int i = 0; i < layer.inChannels; ++i) {
                                value += layer.weights[(qsizetype(o) * layer.inChannels + i) * perKernel + offset];
                            }
                            value /= layer.inChannels;
                        }
                        line[x] = divergingColor(value * scale);
                    }
                }
                images.append(image);
            }
            m_info->setText(
                tr("%1 kernels, %2 input channel(s), %3×%3").arg(layer.outChannels).arg(layer.inChannels).arg(k));
        } else {
            m_info->setText(tr("Inconsistent kernel data"));
        }
    } else {
        m_info->clear();
    }
    m_imageCount = int(images.size());
    m_canvas->setContent(std::move(images), m_range);
}

} // namespace csae::ui
