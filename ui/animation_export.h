#pragma once
// Saving the input-spike animation (the view at t = 1..T) as a video for slides and teaching.

#include <QString>

namespace csae::ui {

class InputSpikeView;

/// Renders `view` once per time step, cursor at t = 1..T, into a Motion-JPEG AVI at
/// `framesPerSecond` (OpenCV's built-in encoder, so no codec library is needed), then restores
/// the cursor. Returns false with a message naming the file on failure (no input yet, suffix
/// other than .avi, unwritable file). GUI thread only; the view is not owned.
bool exportSpikeAnimation(InputSpikeView* view, const QString& fileName, int framesPerSecond, QString* error);

} // namespace csae::ui
