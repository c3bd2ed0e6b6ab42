#pragma once
// The convolution stepper's numbers from the engine (model/teaching/convolution_lesson);
// synchronous, about a millisecond; GUI thread or any.

#include "ui/teaching/convolution_snapshot.h"

namespace csae {

/// Y, the window's path and the spiking frames for `request`; a refused request gives the engine's message.
ui::ConvolutionSnapshot compute_convolution(const ui::ConvolutionRequest& request);

/// The seed appendix's X and W in a request (stride 1, no padding).
ui::ConvolutionRequest seed_convolution_request();

} // namespace csae
