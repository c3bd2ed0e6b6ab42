#pragma once
// The numbers of the convolution lesson, after the seed's appendix: X (6 x 6) and W (3 x 3)
// give Y (4 x 4). Y is the engine's convolution (LibTorch's conv2d, the layer type the networks
// use); the window's products at each position are listed for the stepper. Then "spiking": X
// rate-coded by the engine's encoder, each frame convolved with W and fed as current to a layer
// of the engine's LIF neurons. Plain LibTorch on the CPU; any thread.

#include "model/data/rate_encoder.h"
#include "model/neurons/lif_neuron.h"

#include <cstdint>
#include <vector>

namespace csae {

/// A matrix of doubles, row-major.
struct Grid {
    int rows = 0;
    int cols = 0;
    std::vector<double> values;
    double at(int r, int c) const { return values[std::size_t(r) * cols + c]; }
};

/// The seed appendix's X and W.
Grid seed_convolution_input();
Grid seed_convolution_kernel();

/// One output position: where the window sits (its top-left, in padded X coordinates), the
/// products X * W under it (k x k, row-major; padding reads 0) and their sum.
struct ConvolutionPosition {
    int out_row = 0;
    int out_col = 0;
    int top = 0; ///< in X's coordinates; negative inside the padding
    int left = 0;
    std::vector<double> inputs;   ///< the X values under the window (0 in the padding)
    std::vector<double> products; ///< inputs times W
    double sum = 0.0;
};

struct ConvolutionLesson {
    Grid output;                                ///< Y from conv2d
    std::vector<ConvolutionPosition> positions; ///< in the order the window visits them
};

/// Y = X * W with `stride` and `padding`, and the window's path. Throws InputError when the
/// kernel does not fit (the output would be empty), or stride < 1, or padding < 0.
ConvolutionLesson convolve_for_lesson(const Grid& input, const Grid& kernel, int stride, int padding);

struct SpikingConvolution {
    std::vector<Grid> input_spikes; ///< per step t, X rate-coded (intensities X / max |X|)
    std::vector<Grid> currents;     ///< per step, that frame convolved with W
    std::vector<Grid> membrane;     ///< per step, the LIF layer's potential (before reset)
    std::vector<Grid> spikes;       ///< per step, its spikes
};

/// X normalised to [0, 1] by its largest value and rate-coded (`encoding`, `seed`), each frame
/// convolved with W (`stride`, `padding`), through LIF neurons (`neuron`).
SpikingConvolution spiking_convolution(const Grid& input, const Grid& kernel, int stride, int padding,
                                       const RateEncoderOptions& encoding, const LifOptions& neuron,
                                       std::uint64_t seed);

} // namespace csae
