#include "app/studio/headless_export.h"

#include "app/studio/main_window.h"
#include "ui/export/animation_export.h"
#include "ui/export/view_export.h"
#include "ui/training/input_spike_view.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimer>

#include <cstdio>
#include <memory>

namespace csae {

namespace {

int fail(int code, const QString& message)
{
    std::fprintf(stderr, "csae-studio: %s\n", qPrintable(message));
    return code;
}

} // namespace

bool parseExportSize(const QString& text, QSize* size, QString* error)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,5})[xX](\\d{1,5})$"));
    const QRegularExpressionMatch match = pattern.match(text);
    const int width = match.hasMatch() ? match.captured(1).toInt() : 0;
    const int height = match.hasMatch() ? match.captured(2).toInt() : 0;
    if (width < 64 || height < 64 || width > 8192 || height > 8192) {
        *error =
            QApplication::translate("main", "--size: \"%1\" is not WIDTHxHEIGHT with each side 64-8192, e.g. 1280x800")
                .arg(text);
        return false;
    }
    *size = QSize(width, height);
    return true;
}

int exportRunView(const HeadlessExportRequest& request)
{
    if (!MainWindow::viewKeys().contains(request.view))
        return fail(2, QApplication::translate("main", "--export: unknown view \"%1\" (allowed: %2)")
                           .arg(request.view, MainWindow::viewKeys().join(QStringLiteral(", "))));
    const QString suffix = QFileInfo(request.outFile).suffix().toLower();
    const bool gif = suffix == QLatin1String("gif");
    if (gif && request.view != QLatin1String("input-spikes"))
        return fail(
            2, QApplication::translate("main", "--out: %1: only the input-spikes view exports as GIF; use .png or .pdf")
                   .arg(request.outFile));
    if (!gif && suffix != QLatin1String("png") && suffix != QLatin1String("pdf"))
        return fail(2,
                    QApplication::translate(
                        "main", "--out: %1: unsupported file type \"%2\" (use .png, .pdf or, for input-spikes, .gif)")
                        .arg(request.outFile, suffix));
    const bool needsModel = request.view != QLatin1String("loss");
    if (needsModel && !QFileInfo::exists(QDir(request.runDirectory).filePath(QStringLiteral("checkpoint.pt"))))
        return fail(
            2, QApplication::translate("main", "%1 has no checkpoint.pt: only the loss view can be exported from it")
                   .arg(request.runDirectory));

    MainWindow window;
    window.setAttribute(Qt::WA_DontShowOnScreen);
    std::unique_ptr<QWidget> detached; // the view once taken out of the window; destroyed before it
    QWidget* view = window.viewByKey(request.view);
    QString error;
    if (!window.openRunDirectoryPath(request.runDirectory, &error))
        return fail(2, error);

    int code = -1;
    const auto render = [&] {
        // The view alone, out of its dock, laid out at the requested size and never on screen.
        view->setParent(nullptr);
        detached.reset(view);
        view->setAttribute(Qt::WA_DontShowOnScreen);
        view->resize(request.size);
        view->show();
        QApplication::processEvents();
        const bool ok =
            gif ? ui::exportSpikeAnimation(static_cast<ui::InputSpikeView*>(view), request.outFile, 10, &error)
                : ui::exportWidget(view, request.outFile, &error, request.size);
        code = ok ? 0 : fail(1, error);
        if (ok)
            std::printf("%s\n", qPrintable(QDir::toNativeSeparators(request.outFile)));
        QApplication::exit(code);
    };
    if (!needsModel) {
        render();
        return code;
    }
    // MainWindow fills the views from the snapshot first (it connected earlier); the views then
    // replot on their coalescing timers, so render a moment later.
    QObject::connect(&window.controller(), &TrainingController::snapshotReady, &window,
                     [&] { QTimer::singleShot(200, &window, render); });
    QObject::connect(&window.controller(), &TrainingController::errorOccurred, &window,
                     [&](const QString& message) { QApplication::exit(fail(1, message)); });
    return QApplication::exec();
}

} // namespace csae
