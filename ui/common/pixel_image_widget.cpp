#include "ui/common/pixel_image_widget.h"

#include "ui/common/color_maps.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

namespace csae::ui {

PixelImageWidget::PixelImageWidget(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    m_placeholder = tr("No data yet");
}

void PixelImageWidget::setImage(const QImage& image)
{
    m_image = image;
    m_shrunk = QImage();
    update();
}

void PixelImageWidget::setKeepAspectRatio(bool keep)
{
    if (m_keepAspect != keep) {
        m_keepAspect = keep;
        m_shrunk = QImage();
        update();
    }
}

void PixelImageWidget::setHighlightedColumn(int column)
{
    if (m_column != column) {
        m_column = column;
        update();
    }
}

void PixelImageWidget::setHighlightedRow(int row)
{
    if (m_row != row) {
        m_row = row;
        update();
    }
}

void PixelImageWidget::setPlaceholderText(const QString& text)
{
    m_placeholder = text;
    update();
}

QSize PixelImageWidget::sizeHint() const
{
    return QSize(112, 112);
}

QSize PixelImageWidget::minimumSizeHint() const
{
    return QSize(28, 28);
}

QRect PixelImageWidget::targetRect() const
{
    if (m_image.isNull()) {
        return {};
    }
    return m_keepAspect ? fittedRect(m_image.size(), rect()) : rect();
}

const QImage& PixelImageWidget::shrunkImage(const QSize& target)
{
    // Shrink only the dimensions that must shrink; the painter then enlarges the rest with
    // nearest neighbour. Cached because the cursor animation repaints many times a second.
    const QSize wanted(std::min(m_image.width(), target.width()), std::min(m_image.height(), target.height()));
    if (wanted == m_image.size()) {
        return m_image;
    }
    if (m_shrunk.size() != wanted) {
        m_shrunk = m_image.scaled(wanted, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    }
    return m_shrunk;
}

QPoint PixelImageWidget::imagePixelAt(const QPointF& position) const
{
    const QRect target = targetRect();
    if (m_image.isNull() || target.isEmpty() || !QRectF(target).contains(position))
        return {-1, -1};
    const int column = int((position.x() - target.x()) * m_image.width() / target.width());
    const int row = int((position.y() - target.y()) * m_image.height() / target.height());
    return {std::clamp(column, 0, m_image.width() - 1), std::clamp(row, 0, m_image.height() - 1)};
}

void PixelImageWidget::mousePressEvent(QMouseEvent* event)
{
    const QPoint pixel = imagePixelAt(event->position());
    if (event->button() == Qt::LeftButton && pixel.x() >= 0)
        Q_EMIT pixelPressed(pixel.x(), pixel.y());
    QWidget::mousePressEvent(event);
}

void PixelImageWidget::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    const QRect target = targetRect();
    if (target.isEmpty()) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(target, shrunkImage(target.size()));

    // Highlights are translucent bands one image pixel wide, so they scale with the image.
    const double sx = double(target.width()) / m_image.width();
    const double sy = double(target.height()) / m_image.height();
    if (m_column >= 0 && m_column < m_image.width()) {
        const QRectF band(target.left() + m_column * sx, target.top(), std::max(sx, 2.0), target.height());
        painter.fillRect(band, QColor(220, 30, 30, 110));
        painter.setPen(QPen(QColor(220, 30, 30), 1));
        painter.drawLine(QPointF(band.center().x(), band.top()), QPointF(band.center().x(), band.bottom()));
    }
    if (m_row >= 0 && m_row < m_image.height()) {
        const QRectF band(target.left(), target.top() + m_row * sy, target.width(), std::max(sy, 2.0));
        painter.fillRect(band, QColor(30, 120, 220, 110));
    }
}

} // namespace csae::ui
