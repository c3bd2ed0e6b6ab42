#include "ui/export/view_export.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QLayout>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPixmap>
#include <QWidget>

#include <qcustomplot.h>

#include <algorithm>

namespace csae::ui {

namespace {

bool fail(QString* error, const QString& message)
{
    if (error != nullptr) {
        *error = message;
    }
    return false;
}

/// Messages live in one translation context, as lupdate sees QCoreApplication::translate calls.
QString cannotWrite(const QString& fileName)
{
    return QCoreApplication::translate("csae::ui::ViewExport", "Cannot write %1")
        .arg(QDir::toNativeSeparators(fileName));
}

bool writtenNonEmpty(const QString& fileName)
{
    const QFileInfo info(fileName);
    return info.exists() && info.size() > 0;
}

bool renderPdf(QWidget* widget, const QString& fileName, QString* error)
{
    QPdfWriter writer(fileName);
    writer.setCreator(QCoreApplication::applicationName());
    writer.setTitle(widget->windowTitle());
    writer.setResolution(300);
    const QSize size = widget->size();
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4),
                                     size.width() > size.height() ? QPageLayout::Landscape : QPageLayout::Portrait,
                                     QMarginsF(10, 10, 10, 10), QPageLayout::Millimeter));
    QPainter painter;
    if (!painter.begin(&writer)) {
        return fail(error, cannotWrite(fileName));
    }
    // Scale the widget's logical size to the printable area, keeping its aspect ratio.
    const double scale = std::min(double(writer.width()) / size.width(), double(writer.height()) / size.height());
    painter.scale(scale, scale);
    widget->render(&painter, QPoint(), QRegion(), QWidget::DrawChildren | QWidget::DrawWindowBackground);
    painter.end();
    return true;
}

/// The marked parts of `view` that are not hidden, in the order of the widget tree.
QList<QWidget*> exportParts(QWidget* view)
{
    QList<QWidget*> parts;
    for (QWidget* child : view->findChildren<QWidget*>()) {
        if (child->property(kExportPartProperty).toBool() && child->isVisibleTo(view)) {
            parts.append(child);
        }
    }
    return parts;
}

/// Draws `widget` at `at`: a plot through QCustomPlot's own painter (vector on a PDF device),
/// anything else by its paint event, then its children the same way.
void drawWidget(QCPPainter& painter, QWidget* widget, const QPoint& at)
{
    if (auto* plot = qobject_cast<QCustomPlot*>(widget)) {
        painter.save();
        painter.translate(at);
        plot->toPainter(&painter, plot->width(), plot->height());
        painter.restore();
        return;
    }
    widget->render(&painter, at, QRegion(), QWidget::RenderFlags());
    for (QObject* object : widget->children()) {
        auto* child = qobject_cast<QWidget*>(object);
        if (child != nullptr && !child->isWindow() && !child->isHidden()) {
            drawWidget(painter, child, at + child->pos());
        }
    }
}

/// The parts on one canvas of their bounding box: a PDF page (1 px = 1/dpi inch, so fonts keep
/// their size against the plots) or a PNG, scaled uniformly into `size` when it is valid.
bool renderParts(QWidget* view, const QList<QWidget*>& parts, const QString& fileName, bool pdf, QSize size,
                 QString* error)
{
    for (QWidget* part : parts) {
        part->ensurePolished();
    }
    QRect box;
    for (QWidget* part : parts) {
        box |= QRect(part->mapTo(view, QPoint(0, 0)), part->size());
    }
    if (box.isEmpty()) {
        return fail(error, QCoreApplication::translate("csae::ui::ViewExport", "The view has no size to export"));
    }
    const QColor background = view->palette().color(QPalette::Window);
    const auto paint = [&](QCPPainter& painter) {
        painter.fillRect(QRect(QPoint(0, 0), box.size()), background);
        for (QWidget* part : parts) {
            drawWidget(painter, part, part->mapTo(view, QPoint(0, 0)) - box.topLeft());
        }
    };
    if (pdf) {
        QPdfWriter writer(fileName);
        writer.setCreator(QCoreApplication::applicationName());
        writer.setTitle(view->windowTitle());
        const int dpi = std::max(1, view->logicalDpiX());
        writer.setResolution(dpi);
        QPageLayout layout(
            QPageSize(QSizeF(box.size()) * 72.0 / dpi, QPageSize::Point, QString(), QPageSize::ExactMatch),
            QPageLayout::Portrait, QMarginsF(0, 0, 0, 0));
        layout.setMode(QPageLayout::FullPageMode);
        writer.setPageLayout(layout);
        QCPPainter painter;
        if (!painter.begin(&writer)) {
            return fail(error, cannotWrite(fileName));
        }
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        paint(painter);
        if (!painter.end()) {
            return fail(error, cannotWrite(fileName));
        }
        return true;
    }
    const double ratio = view->devicePixelRatioF();
    const QSize pixels = size.isValid() ? size : box.size() * ratio;
    QImage image(pixels, QImage::Format_ARGB32_Premultiplied);
    // The view's own DPI, so that text has the size it has on screen (QImage defaults to 96 dpi).
    image.setDotsPerMeterX(qRound(view->logicalDpiX() / 0.0254));
    image.setDotsPerMeterY(qRound(view->logicalDpiY() / 0.0254));
    image.fill(background);
    QCPPainter painter(&image);
    painter.setMode(QCPPainter::pmNoCaching);
    painter.setRenderHint(QPainter::Antialiasing);
    const double scale = std::min(double(pixels.width()) / box.width(), double(pixels.height()) / box.height());
    painter.translate((pixels.width() - scale * box.width()) / 2.0, (pixels.height() - scale * box.height()) / 2.0);
    painter.scale(scale, scale);
    paint(painter);
    painter.end();
    if (!image.save(fileName, "PNG")) {
        return fail(error, cannotWrite(fileName));
    }
    return true;
}

} // namespace

void markExportPart(QWidget* part)
{
    part->setProperty(kExportPartProperty, true);
}

bool exportWidget(QWidget* widget, const QString& fileName, QString* error, QSize size)
{
    if (widget == nullptr) {
        return fail(error, QCoreApplication::translate("csae::ui::ViewExport", "Nothing to export"));
    }
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    const bool png = suffix == QStringLiteral("png");
    const bool pdf = suffix == QStringLiteral("pdf");
    if (!png && !pdf) {
        return fail(
            error, QCoreApplication::translate("csae::ui::ViewExport", "Unsupported file type \"%1\": use .png or .pdf")
                       .arg(suffix));
    }
    // A view that was never shown has no layout yet; lay it out so it renders as it would appear.
    widget->ensurePolished();
    if (widget->layout() != nullptr) {
        widget->layout()->activate();
    }
    for (QWidget* child : widget->findChildren<QWidget*>()) { // parents first: each gets its size before its children
        if (child->layout() != nullptr) {
            child->layout()->activate();
        }
    }
    if (widget->width() <= 0 || widget->height() <= 0) {
        return fail(error, QCoreApplication::translate("csae::ui::ViewExport", "The view has no size to export"));
    }

    bool ok = false;
    // A view that names its plot (kExportedPlotProperty, the loss curves) exports the plot alone,
    // without the view's controls, and as QCustomPlot's own vector PDF rather than a picture.
    auto* plot = qobject_cast<QCustomPlot*>(widget);
    if (plot == nullptr)
        plot = qobject_cast<QCustomPlot*>(widget->property(kExportedPlotProperty).value<QObject*>());
    if (plot != nullptr) {
        const int width = size.isValid() ? size.width() : 0, height = size.isValid() ? size.height() : 0;
        ok = pdf ? plot->savePdf(fileName, width, height) : plot->savePng(fileName, width, height);
        if (!ok) {
            return fail(error, cannotWrite(fileName));
        }
    } else if (const QList<QWidget*> parts = exportParts(widget); !parts.isEmpty()) {
        if (!renderParts(widget, parts, fileName, pdf, size, error)) {
            return false;
        }
    } else if (png) {
        QPixmap pixmap = widget->grab();
        if (size.isValid() && !pixmap.isNull() && pixmap.size() != size) {
            QPixmap canvas(size);
            canvas.fill(widget->palette().color(widget->backgroundRole()));
            QPainter painter(&canvas);
            const QSize shown = pixmap.size().boundedTo(size);
            painter.drawPixmap(
                QRect(QPoint((size.width() - shown.width()) / 2, (size.height() - shown.height()) / 2), shown), pixmap,
                QRect(QPoint(0, 0), shown));
            painter.end();
            pixmap = canvas;
        }
        if (pixmap.isNull() || !pixmap.save(fileName, "PNG")) {
            return fail(error, cannotWrite(fileName));
        }
        ok = true;
    } else {
        ok = renderPdf(widget, fileName, error);
        if (!ok) {
            return false;
        }
    }
    if (!writtenNonEmpty(fileName)) {
        return fail(error, QCoreApplication::translate("csae::ui::ViewExport", "Writing %1 produced an empty file")
                               .arg(QDir::toNativeSeparators(fileName)));
    }
    return true;
}

} // namespace csae::ui
