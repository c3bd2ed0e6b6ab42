#pragma once
// A widget that draws one small image (a 28x28 digit, a spike raster) as large as it fits,
// with crisp pixels, and optionally highlights one column and one row (a time cursor, a neuron).

#include <QImage>
#include <QString>
#include <QWidget>

namespace csae::ui {

/// Draws an image scaled to the widget: nearest neighbour where it is enlarged, so pixels stay
/// crisp; area-averaged where it is shrunk (a raster of 784 neurons in 300 pixels), so that
/// single spikes darken a pixel instead of vanishing. GUI thread only; owned by its parent.
class PixelImageWidget : public QWidget {
    Q_OBJECT
public:
    explicit PixelImageWidget(QWidget* parent = nullptr);

    /// Shows `image` (implicitly shared, not copied); a null image shows the placeholder text.
    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }

    /// Keep the image's aspect ratio (default) or stretch it over the whole widget (rasters).
    void setKeepAspectRatio(bool keep);

    /// Highlights image column `column` (e.g. the time cursor); -1 for none.
    void setHighlightedColumn(int column);
    int highlightedColumn() const { return m_column; }
    /// Highlights image row `row` (e.g. the chosen neuron); -1 for none.
    void setHighlightedRow(int row);
    int highlightedRow() const { return m_row; }

    /// Text shown while there is no image (e.g. "No data yet").
    void setPlaceholderText(const QString& text);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    /// The image pixel under widget position `position`, or (-1, -1) outside the image.
    QPoint imagePixelAt(const QPointF& position) const;

Q_SIGNALS:
    /// The left button went down over image pixel (column, row).
    void pixelPressed(int column, int row);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRect targetRect() const;
    const QImage& shrunkImage(const QSize& target);

    QImage m_image;
    QImage m_shrunk; // m_image area-averaged to the widget's size where that is smaller
    QString m_placeholder;
    int m_column = -1;
    int m_row = -1;
    bool m_keepAspect = true;
};

} // namespace csae::ui
