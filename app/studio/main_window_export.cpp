// MainWindow's export dialogs (File → Export …): a view as PNG or PDF, the input-spike
// animation as GIF or video at a chosen pixel scale, the curves as CSV. Kept apart from
// main_window.cpp, which holds the window's layout and run state, and main_window_runs.cpp (files).

#include "app/studio/main_window.h"

#include "ui/export/animation_export.h"
#include "ui/export/view_export.h"
#include "ui/training/input_spike_view.h"

#include <QDir>
#include <QFileInfo>
#include <QInputDialog>
#include <QMessageBox>

namespace csae {

void MainWindow::exportView()
{
    const QStringList names{tr("Loss curves"),     tr("Input spikes"), tr("Reconstructions"), tr("Kernels"),
                            tr("Hidden activity"), tr("Events"),       tr("Classifier")};
    bool ok = false;
    const QString chosen = QInputDialog::getItem(this, tr("Export view"), tr("View:"), names, 0, false, &ok);
    if (!ok)
        return;
    const QString file = askSaveFileName(this, tr("Export view"), QStringLiteral("view.png"),
                                         tr("PNG image (*.png);;PDF document (*.pdf)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!ui::exportWidget((views() + dvsViews()).at(names.indexOf(chosen)), file, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

void MainWindow::exportAnimation()
{
    const QString gifFilter = tr("Animated GIF (*.gif)");
    const QString aviFilter = tr("Motion-JPEG video (*.avi)");
    QString selected = gifFilter;
    QString file = askSaveFileName(this, tr("Export input-spike animation"), QStringLiteral("input_spikes.gif"),
                                   gifFilter + QStringLiteral(";;") + aviFilter, &selected);
    if (file.isEmpty())
        return;
    if (QFileInfo(file).suffix().isEmpty())
        file += selected == aviFilter ? QStringLiteral(".avi") : QStringLiteral(".gif");
    bool ok = false;
    const int scale = QInputDialog::getInt(this, tr("Export input-spike animation"),
                                           tr("Screen pixels per input pixel:"), 8, 1, 32, 1, &ok);
    if (!ok)
        return;
    QString error;
    if (!ui::exportSpikeAnimation(inputView_, file, inputView_->stepsPerSecond(), &error, scale))
        QMessageBox::warning(this, tr("Export failed"), error);
}

void MainWindow::exportMetrics()
{
    const QString file = askSaveFileName(this, tr("Export metrics"), QStringLiteral("metrics.csv"), tr("CSV (*.csv)"));
    if (file.isEmpty())
        return;
    QString error;
    if (!writeCurvesCsv(rows_, file, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace csae
