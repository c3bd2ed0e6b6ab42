#pragma once
// Event-driven convolutions for layers whose input is spikes.
//
// Why: a spiking layer's input is binary and mostly zero (5-13 % of input neuron-steps fire at
// the default config: docs/performance.md). A dense convolution multiplies every zero; these
// kernels cost in proportion to the spikes:
// - forward, convolutions with several input channels (channels-last input): output-stationary.
//   Each input row of a sample is compacted once into a list of nonzeros (AVX-512 compression
//   where the CPU has it), and each output pixel sums, in registers, the weights of the listed
//   nonzeros of its window;
// - forward, transposed convolutions (channels-last input): by kernel rows. A nonzero input
//   pixel adds, per kernel row, one contiguous run of k x out output values (the output pixels
//   its kernel columns reach are consecutive), its nonzero channels' weights summed in registers
//   first;
// - forward otherwise: a scatter of the weight columns of each nonzero input pixel (its
//   channels summed in registers first) into the outputs it reaches;
// - weight gradient: tap-major. For each kernel tap and input channel, registers accumulate
//   value x output gradient over the nonzero inputs, which are listed per channel and stride
//   remainder class as offsets into a zero-margined copy of the output gradient, so that a tap
//   adds a constant offset and needs no bounds checks.
// Memory read-modify-writes per spike are what the first, plain scatter spent its time on (each
// waits on the previous store to the same place, and the profile's samples land on those stores;
// the estimated cost per update is in docs/performance.md); the scatter still does one per
// input pixel and tap, the kernel-row forward one per input pixel and kernel row, the row-list
// forward and the weight gradient one per output pixel or per tap and channel. The input
// gradient has no sparse operand (the surrogate gradient is dense) and stays a dense oneDNN
// convolution. Above the crossover density the forward is dense: oneDNN, or for a stride-1
// convolution of one input channel (conv1) the engine's own kernel, which oneDNN ran slowly.
//
// Exact for any input values (nonzeros are multiplied by their value, so spike counts or
// intensities work too); only the order of the float additions differs from a dense convolution.
// CPU only; float32 and float64.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace csae {

/// Geometry of a square-kernel convolution (groups 1, dilation 1).
struct SpikeConvGeometry {
    /// Transposed convolution (weight [in, out, k, k]); otherwise a convolution (weight [out, in, k, k]).
    bool transposed = false;
    std::int64_t stride = 1;
    std::int64_t padding = 0;
    /// Transposed only: extra rows and columns at the bottom and right of the output.
    std::int64_t output_padding_h = 0;
    std::int64_t output_padding_w = 0;
    /// Event-driven forward and weight gradient when fewer than this fraction of the input's
    /// values are nonzero, dense (oneDNN) otherwise; 0: always dense. Decided per call from the
    /// actual input, so a layer follows its firing rate as training changes it.
    double sparse_below = 0.0;
    /// The input gradient's products in bfloat16 with float32 sums (oneDNN's AVX512-BF16
    /// kernels), for float32 tensors; float64 stays exact. Its operands are the output gradient
    /// and the weight, which bfloat16 rounds to 8 significant bits (relative error <= 2^-9 each).
    /// Measured faster than float32 at the SAE's shapes, conversions included (docs/performance.md).
    bool bfloat16_input_gradient = false;
};

/// The input density below which the event-driven kernels measured faster than the dense path at
/// the SAE's shapes (SpikeConvSparse against SpikeConvDense, forward + weight gradient): 5 % with
/// one input channel (the scatter), 20 % with several (row lists, kernel rows). The figures:
/// docs/performance.md.
double event_driven_crossover(std::int64_t in_channels, bool transposed);

/// The convolution of `input` [B, in, H, W] (any strides) with `weight` and `bias` (may be
/// undefined), computed event-driven; differentiable in input, weight and bias. The output is
/// channels-last [B, out, H', W'].
at::Tensor spike_conv(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias,
                      const SpikeConvGeometry& geometry);

} // namespace csae
