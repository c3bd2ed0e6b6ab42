#include "app/studio/headless_export.h"

#include "app/bridge/study_monitor.h"
#include "app/studio/analysis_files.h"
#include "app/studio/main_window.h"
#include "ui/analysis/embedding_view.h"
#include "ui/analysis/receptive_field_view.h"
#include "ui/study/study_view.h"
#include "ui/export/animation_export.h"
#include "ui/export/view_export.h"
#include "ui/training/input_spike_view.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QRect>
#include <QRegularExpression>
#include <QScrollArea>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <utility>

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
    const bool whole = request.view == QLatin1String(kWholeWindow);
    if (!whole && !MainWindow::viewKeys().contains(request.view))
        return fail(2,
                    QApplication::translate("main", "--export: unknown view \"%1\" (allowed: %2)")
                        .arg(request.view,
                             (MainWindow::viewKeys() << QString::fromLatin1(kWholeWindow)).join(QStringLiteral(", "))));
    const QString suffix = QFileInfo(request.outFile).suffix().toLower();
    const bool gif = suffix == QLatin1String("gif");
    if (whole && suffix != QLatin1String("png"))
        return fail(
            2, QApplication::translate("main", "--out: %1: the whole window exports as PNG only").arg(request.outFile));
    if (gif && request.view != QLatin1String("input-spikes"))
        return fail(
            2, QApplication::translate("main", "--out: %1: only the input-spikes view exports as GIF; use .png or .pdf")
                   .arg(request.outFile));
    if (!gif && suffix != QLatin1String("png") && suffix != QLatin1String("pdf"))
        return fail(2,
                    QApplication::translate(
                        "main", "--out: %1: unsupported file type \"%2\" (use .png, .pdf or, for input-spikes, .gif)")
                        .arg(request.outFile, suffix));
    const bool hasRun = !request.runDirectory.isEmpty();
    const bool needsModel = hasRun && request.view != QLatin1String("loss");
    if (needsModel && !QFileInfo::exists(QDir(request.runDirectory).filePath(QStringLiteral("checkpoint.pt"))))
        return fail(
            2, QApplication::translate("main", "%1 has no checkpoint.pt: only the loss view can be exported from it")
                   .arg(request.runDirectory));

    const QSize size = request.size.isValid() ? request.size : whole ? QSize(1600, 1000) : QSize(900, 600);
    MainWindow window(nullptr, /*restoreLayout=*/false);
    window.setAttribute(Qt::WA_DontShowOnScreen);
    std::unique_ptr<QWidget> detached; // the view once taken out of the window; destroyed before it
    QWidget* view = whole ? nullptr : window.viewByKey(request.view);
    if (whole) {
        window.resize(size);
        window.show();
    }
    QString error;
    if (hasRun && !window.openRunDirectoryPath(request.runDirectory, &error))
        return fail(2, error);
    if (!request.studyDirectory.isEmpty()) {
        if (!window.openStudyDirectory(request.studyDirectory, &error))
            return fail(2, error);
        QApplication::processEvents();
    }
    if (!request.analysisDirectory.isEmpty()) {
        if (!window.openAnalysisDirectory(request.analysisDirectory, &error))
            return fail(2, error);
        QApplication::processEvents();
    }

    int code = -1;
    const auto render = [&] {
        if (whole) {
            const QImage image = window.grab().toImage();
            const bool ok = image.size() == size && image.save(request.outFile);
            code = ok ? 0
                      : fail(1, QApplication::translate("main", "%1: cannot write the %2x%3 window image")
                                    .arg(request.outFile)
                                    .arg(image.width())
                                    .arg(image.height()));
            if (ok)
                std::printf("%s\n", qPrintable(QDir::toNativeSeparators(request.outFile)));
            QApplication::exit(code);
            return;
        }
        // The view alone, out of its dock, laid out at the requested size and never on screen.
        // Taken from its scroll area properly: the area would otherwise keep sizing it to the dock.
        for (QWidget* above = view->parentWidget(); above != nullptr; above = above->parentWidget())
            if (auto* scroll = qobject_cast<QScrollArea*>(above); scroll && scroll->widget() == view) {
                scroll->takeWidget();
                break;
            }
        view->setParent(nullptr);
        detached.reset(view);
        view->setAttribute(Qt::WA_DontShowOnScreen);
        view->resize(size);
        view->show();
        QApplication::processEvents();
        bool ok = false;
        if (gif) {
            // The animated picture alone, at the largest pixel scale that fits --size.
            auto* input = static_cast<ui::InputSpikeView*>(view);
            int scale = 32;
            while (scale > 1 &&
                   !QRect(QPoint(), size).contains(QRect(QPoint(), input->animationFrame(1, scale, true).size())))
                --scale;
            ok = ui::exportSpikeAnimation(input, request.outFile, 10, &error, scale, true);
        } else {
            ok = ui::exportWidget(view, request.outFile, &error, size);
        }
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
    // replot on their coalescing timers, so render a moment later (the whole window: once).
    bool scheduled = false;
    QObject::connect(&window.controller(), &TrainingController::snapshotReady, &window, [&] {
        if (!std::exchange(scheduled, true))
            QTimer::singleShot(whole ? 500 : 200, &window, render);
    });
    QObject::connect(&window.controller(), &TrainingController::errorOccurred, &window,
                     [&](const QString& message) { QApplication::exit(fail(1, message)); });
    return QApplication::exec();
}

namespace {

// A view laid out off screen at `size`, as the figure exports draw it.
void showOffScreen(QWidget& view, QSize size)
{
    view.setAttribute(Qt::WA_DontShowOnScreen);
    view.resize(size);
    view.show();
}

// Lists the files written, one per line, for scripts; or fails with `error` when there are none.
int reportWritten(const QStringList& files, const QString& error)
{
    if (files.isEmpty())
        return fail(1, error);
    for (const QString& file : files)
        std::printf("%s\n", qPrintable(QDir::toNativeSeparators(file)));
    return 0;
}

} // namespace

int exportStudyFigures(const QString& studyDirectory, const QString& outDirectory)
{
    const ui::StudySnapshot snapshot = StudyMonitor::read(studyDirectory);
    if (!snapshot.error.isEmpty())
        return fail(2, snapshot.error);
    ui::StudyView view;
    showOffScreen(view, QSize(1200, 900));
    view.setSnapshot(snapshot);
    QApplication::processEvents();
    QString error;
    const QStringList files = view.exportFigures(outDirectory, &error);
    return reportWritten(files, error);
}

int exportEmbeddingFigures(const QString& analysisDirectory, const QString& outDirectory)
{
    QString error;
    const ui::EmbeddingSnapshot snapshot = readAnalysisDirectory(analysisDirectory, &error);
    ui::ReceptiveFieldSnapshot fields;
    if (error.isEmpty())
        readFieldDirectory(analysisDirectory, &fields, &error);
    if (!error.isEmpty())
        return fail(2, error);
    ui::EmbeddingView view;
    showOffScreen(view, QSize(800, 760));
    view.setSnapshot(snapshot);
    ui::ReceptiveFieldView fieldView;
    showOffScreen(fieldView, QSize(1000, 640));
    fieldView.setSnapshot(fields);
    QApplication::processEvents();
    QStringList files = view.exportFigures(outDirectory, &error);
    if (!files.isEmpty() && (!fields.receptive.isEmpty() || !fields.projective.isEmpty())) {
        const QStringList fieldFiles = fieldView.exportFigures(outDirectory, &error);
        files = fieldFiles.isEmpty() ? QStringList() : files + fieldFiles;
    }
    return reportWritten(files, error);
}

} // namespace csae
