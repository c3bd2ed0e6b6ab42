#include "ui/common/color_maps.h"

#include <QColor>

#include <algorithm>
#include <cmath>
#include <iterator>

namespace csae::ui {

namespace {

uchar toByte(double v)
{
    if (!std::isfinite(v)) {
        v = v > 0 ? 1.0 : 0.0; // +inf saturates; NaN and -inf read as black
    }
    return static_cast<uchar>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
}

} // namespace

bool isConsistent(const SpikeRaster& raster)
{
    return !raster.isEmpty() && raster.steps > 0 && raster.neurons > 0 &&
           raster.spikes.size() >= qsizetype(raster.steps) * raster.neurons;
}

QImage grayscaleImage(const float* values, int width, int height)
{
    if (values == nullptr || width <= 0 || height <= 0) {
        return {};
    }
    QImage image(width, height, QImage::Format_Grayscale8);
    for (int y = 0; y < height; ++y) {
        uchar* line = image.scanLine(y);
        const float* row = values + qsizetype(y) * width;
        for (int x = 0; x < width; ++x) {
            line[x] = toByte(row[x]);
        }
    }
    return image;
}

QImage grayscaleImage(const QVector<float>& values, int width, int height)
{
    if (width <= 0 || height <= 0 || values.size() < qsizetype(width) * height) {
        return {};
    }
    return grayscaleImage(values.constData(), width, height);
}

namespace palette {
QColor train()
{
    return QColor(31, 119, 180);
}
QColor test()
{
    return QColor(214, 39, 40);
}
QColor guide()
{
    return QColor(110, 110, 110);
}
QColor guideText()
{
    return QColor(90, 90, 90);
}
QColor highlight()
{
    return QColor(220, 30, 30);
}
QColor series(int index)
{
    static const QColor colors[] = {
        QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),   QColor(214, 39, 40),  QColor(148, 103, 189),
        QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127), QColor(188, 189, 34), QColor(23, 190, 207)};
    const int count = int(std::size(colors));
    return colors[((index % count) + count) % count];
}
} // namespace palette

QRgb sequentialColor(double t)
{
    static const QColor stops[] = {QColor(247, 251, 255), QColor(198, 219, 239), QColor(107, 174, 214),
                                   QColor(33, 113, 181), QColor(8, 48, 107)};
    constexpr int kLast = int(std::size(stops)) - 1;
    t = std::isfinite(t) ? std::clamp(t, 0.0, 1.0) : 0.0;
    const double position = t * kLast;
    const int i = std::min(int(position), kLast - 1);
    const double f = position - i;
    auto mix = [f](int a, int b) { return int(std::lround(a + (b - a) * f)); };
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return qRgb(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
}

QRgb divergingColor(double v)
{
    if (std::isnan(v)) {
        v = 0.0;
    }
    v = std::clamp(v, -1.0, 1.0);
    // The ends of ColorBrewer's RdBu: saturated but dark enough to read on white.
    static const QColor blue(33, 102, 172);
    static const QColor red(178, 24, 43);
    const QColor& end = v < 0 ? blue : red;
    const double t = std::abs(v);
    auto mix = [t](int c) { return int(std::lround(255.0 + (c - 255.0) * t)); };
    return qRgb(mix(end.red()), mix(end.green()), mix(end.blue()));
}

QImage divergingColorBar(int length)
{
    if (length <= 0) {
        return {};
    }
    QImage bar(1, length, QImage::Format_RGB32);
    for (int y = 0; y < length; ++y) {
        const double v = length == 1 ? 0.0 : 1.0 - 2.0 * y / (length - 1);
        bar.setPixel(0, y, divergingColor(v));
    }
    return bar;
}

QImage rasterImage(const SpikeRaster& raster, const QVector<int>& rows)
{
    if (!isConsistent(raster)) {
        return {};
    }
    const int height = rows.isEmpty() ? raster.neurons : int(rows.size());
    QImage image(raster.steps, height, QImage::Format_Grayscale8);
    image.fill(255);
    const quint8* spikes = raster.spikes.constData();
    for (int r = 0; r < height; ++r) {
        const int neuron = rows.isEmpty() ? r : rows[r];
        if (neuron < 0 || neuron >= raster.neurons) {
            continue;
        }
        uchar* line = image.scanLine(r);
        for (int t = 0; t < raster.steps; ++t) {
            if (spikes[qsizetype(t) * raster.neurons + neuron] != 0) {
                line[t] = 0;
            }
        }
    }
    return image;
}

QImage spikeFrameImage(const SpikeRaster& raster, int step, int width, int height)
{
    if (!isConsistent(raster) || width <= 0 || height <= 0 || step < 0 || step >= raster.steps) {
        return {};
    }
    QImage image(width, height, QImage::Format_Grayscale8);
    image.fill(0);
    const int count = std::min(raster.neurons, width * height);
    const quint8* frame = raster.spikes.constData() + qsizetype(step) * raster.neurons;
    for (int n = 0; n < count; ++n) {
        if (frame[n] != 0) {
            image.scanLine(n / width)[n % width] = 255;
        }
    }
    return image;
}

QImage spikeAverageImage(const SpikeRaster& raster, int steps, int width, int height)
{
    if (!isConsistent(raster) || width <= 0 || height <= 0) {
        return {};
    }
    steps = std::clamp(steps, 0, raster.steps);
    const int count = std::min(raster.neurons, width * height);
    QVector<float> rates(qsizetype(width) * height, 0.0f);
    for (int t = 0; t < steps; ++t) {
        const quint8* frame = raster.spikes.constData() + qsizetype(t) * raster.neurons;
        for (int n = 0; n < count; ++n) {
            rates[n] += frame[n] != 0 ? 1.0f : 0.0f;
        }
    }
    if (steps > 0) {
        for (float& r : rates) {
            r /= float(steps);
        }
    }
    return grayscaleImage(rates, width, height);
}

QRect fittedRect(const QSize& size, const QRect& bounds)
{
    if (size.isEmpty() || bounds.isEmpty()) {
        return {};
    }
    const QSize scaled = size.scaled(bounds.size(), Qt::KeepAspectRatio);
    QRect rect(QPoint(0, 0), scaled);
    rect.moveCenter(bounds.center());
    return rect;
}

} // namespace csae::ui
