#pragma once
// csae-studio --run DIR --export VIEW --out FILE [--size WxH]: one view of a trained run rendered
// to PNG, PDF (or, for the input spikes, GIF) without showing a window, for papers and for the
// README's own figures; VIEW `window` renders the whole studio (default layout) as PNG, for
// screenshots. Works under QT_QPA_PLATFORM=offscreen.

#include <QSize>
#include <QString>

namespace csae {

struct HeadlessExportRequest {
    QString runDirectory;
    QString view; ///< one of MainWindow::viewKeys(), or kWholeWindow
    QString outFile;
    QSize size; ///< invalid: 900x600 for a view, 1600x1000 for the window
};

/// The VIEW that renders the whole main window.
inline constexpr const char* kWholeWindow = "window";

/// Parses "WxH" (each 64-8192); false with a message naming --size otherwise.
bool parseExportSize(const QString& text, QSize* size, QString* error);

/// Opens the run, waits for the worker's snapshot of its checkpoint where the view needs one (the
/// loss view needs only metrics.jsonl), renders the view at `size` and writes the file. Runs the
/// event loop; messages go to stderr. Returns the exit code: 0 written, 1 failed (evaluation or
/// writing), 2 bad input (unknown view, unsupported suffix, no run or no checkpoint there).
/// GUI thread, with a QApplication.
int exportRunView(const HeadlessExportRequest& request);

} // namespace csae
