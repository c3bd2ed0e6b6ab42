#pragma once
// Saving the input-spike animation (the view at t = 1..T) for slides and teaching.

#include <QString>

namespace csae::ui {

class InputSpikeView;

/// Writes the view's animated picture alone (InputSpikeView::animationFrame: the original, the
/// spikes at t and their running average, each pixel `scale` × `scale`, optionally labelled with
/// t) once per time step t = 1..T at `framesPerSecond`; no widget chrome. The suffix picks the format: `.gif` writes an
/// animated GIF that loops (ui/gif_writer.h; plays in browsers and slide software), `.avi` a Motion-JPEG video
/// (OpenCV's built-in encoder, so no codec library is needed). Returns false with a message
/// naming the file on failure (no input yet, another suffix, unwritable file). GUI thread only;
/// the view is not owned or changed.
bool exportSpikeAnimation(InputSpikeView* view, const QString& fileName, int framesPerSecond, QString* error,
                          int scale = 8, bool timeLabel = true);

} // namespace csae::ui
