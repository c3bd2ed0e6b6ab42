#include "ui/teaching/teaching_view.h"

#include <QApplication>

#include <qcustomplot.h>

#include <algorithm>

namespace csae::ui {

void TeachingView::scaleFonts(double scale, std::initializer_list<QCustomPlot*> plots)
{
    QFont base = QApplication::font();
    base.setPointSizeF(std::max(6.0, base.pointSizeF() * scale));
    setFont(base);
    for (QCustomPlot* plot : plots) {
        for (QCPAxis* axis : {plot->xAxis, plot->yAxis}) {
            axis->setLabelFont(base);
            axis->setTickLabelFont(base);
        }
        plot->legend->setFont(base);
        plot->replot();
    }
}

} // namespace csae::ui
