#pragma once
// Saving the input-spike animation (the view at t = 1..T) for slides and teaching.

#include <QString>

namespace csae::ui {

class InputSpikeView;

/// Renders `view` once per time step, cursor at t = 1..T, at `framesPerSecond`, then restores the
/// cursor and the play state. The suffix picks the format: `.gif` writes an animated GIF that
/// loops (ui/gif_writer.h; plays in browsers and slide software), `.avi` a Motion-JPEG video
/// (OpenCV's built-in encoder, so no codec library is needed). Returns false with a message
/// naming the file on failure (no input yet, another suffix, unwritable file). GUI thread only;
/// the view is not owned.
bool exportSpikeAnimation(InputSpikeView* view, const QString& fileName, int framesPerSecond, QString* error);

} // namespace csae::ui
