#pragma once
// Saving a view as PNG or PDF for papers and slides.

#include <QSize>
#include <QString>

class QWidget;

namespace csae::ui {

/// A view whose export is one of its plots alone sets this property to that QCustomPlot (as
/// QObject*); LossCurveView does.
inline constexpr const char* kExportedPlotProperty = "csaeExportedPlot";

/// A view whose figure is some of its children (its plots, pictures and captions, not its
/// controls) marks each of them with markExportPart; the export draws the marked children where
/// they sit in the view, each QCustomPlot through its own painter (vector in a PDF).
inline constexpr const char* kExportPartProperty = "csaeExportPart";
void markExportPart(QWidget* part);

/// Saves `widget` to `fileName`; the format follows the suffix (case-insensitive):
/// ".png" as a screenshot (QWidget::grab), ".pdf" with the widget rendered onto a page scaled to
/// fit. A QCustomPlot, or the plot a view names by kExportedPlotProperty, is saved with its own
/// exporters instead: vector PDF (savePdf) and savePng. A view with parts (markExportPart) is
/// saved as those parts alone, on a page of their size, plots as vectors. Returns false and, when `error` is not
/// null, a translated message on failure (null widget, unknown suffix, unwritable file).
/// With a valid `size` the file is that size: a plot is laid out at it; a view that cannot grow
/// (fixed-size image grids) is drawn centred on a canvas of its background colour; a PDF page
/// keeps the view's own size. GUI thread only; the widget is not modified or owned.
bool exportWidget(QWidget* widget, const QString& fileName, QString* error, QSize size = {});

} // namespace csae::ui
