#pragma once
// Saving a view as PNG or PDF for papers and slides.

#include <QString>

class QWidget;

namespace csae::ui {

/// Saves `widget` to `fileName`; the format follows the suffix (case-insensitive):
/// ".png" as a screenshot (QWidget::grab), ".pdf" with the widget rendered onto a page scaled to
/// fit. A QCustomPlot is saved with its own exporters instead: vector PDF (savePdf) and savePng.
/// Pass e.g. LossCurveView::plot() to get a vector plot. Returns false and, when `error` is not
/// null, a translated message on failure (null widget, unknown suffix, unwritable file).
/// GUI thread only; the widget is not modified or owned.
bool exportWidget(QWidget* widget, const QString& fileName, QString* error);

} // namespace csae::ui
