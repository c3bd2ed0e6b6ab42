#pragma once
// An animated-GIF (GIF89a) encoder for the input-spike animation. Qt reads GIF but cannot write
// it, and Debian's OpenCV 4.6 has no GIF writer, so the encoder is here: each frame gets its own
// 256-colour table (exact when the frame has at most 256 colours, as the views usually do;
// otherwise median cut) and is compressed with GIF's variable-width LZW.

#include <QCoreApplication>
#include <QFile>
#include <QImage>
#include <QString>

namespace csae::ui {

/// Writes frames of one size to an animated GIF that loops forever. Not thread-safe; one writer
/// per file. Usage: open(), addFrame() for each frame, finish(); the destructor does not finish,
/// so an abandoned file stays recognisably incomplete (no trailer).
class GifWriter {
    Q_DECLARE_TR_FUNCTIONS(csae::ui::GifWriter)

public:
    /// Creates `fileName` for frames of `size` (1..65535 per side) shown for `delayMs` each
    /// (GIF stores hundredths of a second; at least 20 ms, which every viewer honours).
    /// Returns false with a message naming the file when it cannot be written.
    bool open(const QString& fileName, QSize size, int delayMs, QString* error);
    /// Appends one frame; it is converted to RGB and must have the size given to open().
    bool addFrame(const QImage& frame, QString* error);
    /// Writes the trailer and closes the file.
    bool finish(QString* error);

private:
    bool write(const QByteArray& bytes, QString* error);

    QFile file_;
    QSize size_;
    int delayCentiseconds_ = 10;
};

} // namespace csae::ui
