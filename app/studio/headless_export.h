#pragma once
// csae-studio --run DIR --export VIEW --out FILE [--size WxH]: one view of a trained run rendered
// to PNG, PDF (or, for the input spikes, GIF) without showing a window, for papers and for the
// README's own figures; VIEW `window` renders the whole studio (default layout) as PNG, for
// screenshots. Works under QT_QPA_PLATFORM=offscreen.

#include <QSize>
#include <QString>

namespace csae {

struct HeadlessExportRequest {
    QString runDirectory;      ///< may be empty for `window` with a study
    QString studyDirectory;    ///< optional: a study shown in the Studies dock
    QString analysisDirectory; ///< optional: an analysis shown in the Embedding and Receptive fields docks
    QString view;              ///< one of MainWindow::viewKeys(), or kWholeWindow
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

/// The VIEW that writes a study's figures (with --study DIR; --out names a directory).
inline constexpr const char* kStudyFigures = "study-figures";

/// csae-studio --study DIR --export study-figures --out OUT_DIR: every figure of the study's
/// Studies view (metric against each numeric grid key with 95 % confidence intervals, the heat
/// map of a two-key grid, the loss curves) as PNG and vector PDF in OUT_DIR, one path per line
/// on stdout. `csae study report` calls it. Returns 0 written, 1 writing failed, 2 not a study.
int exportStudyFigures(const QString& studyDirectory, const QString& outDirectory);

/// The VIEW that writes an analysis's pictures (with --analysis DIR; --out names a directory).
inline constexpr const char* kEmbeddingFigures = "embedding-figures";

/// csae-studio --analysis DIR --export embedding-figures --out OUT_DIR: the PCA and UMAP
/// scatters of `csae analyse`'s output as pca.png/.pdf and umap.png/.pdf. Exit codes as above.
int exportEmbeddingFigures(const QString& analysisDirectory, const QString& outDirectory);

} // namespace csae
