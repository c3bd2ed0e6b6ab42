#pragma once
// A stride-1 convolution with few output channels (the SAE's output layer: 12 -> 1 channel for
// MNIST, 12 -> 2 for DVS), computed directly on planar rows.
//
// Why: oneDNN has no good kernel for an output channel count this small: at the default
// decoder's last layer it was the most expensive layer of the network although it is the
// smallest, in either memory layout (docs/performance.md). Here each output row is a sum of
// in_channels x k x k shifted input rows scaled by one weight, which vectorises along the row
// without reductions; the input gradient and the weight gradient are computed the same way.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace csae {

/// The largest output channel count narrow_conv is meant for.
constexpr std::int64_t kNarrowConvMaxOutChannels = 4;

/// The input density below which the event-driven weight gradient is taken: it measured faster
/// than the dense one at every density tried up to 20 % (the figures: docs/performance.md).
constexpr double kNarrowConvEventDrivenBelow = 0.25;

/// conv2d(input, weight, bias, stride 1, padding) for input [B, C, H, W] (any strides), weight
/// [out, C, k, k] and bias [out] (may be undefined); differentiable in all three. The output
/// is channels-last [B, out, H + 2 padding - k + 1, ...]. CPU only; float32 and float64.
/// The weight gradient is event-driven (the sum, over the input's nonzeros, of value x the output
/// gradient's window: in proportion to the spikes) when fewer than `sparse_below` of the input's
/// values are nonzero and the kernel is at most 8 wide, decided per call; 0: always dense.
at::Tensor narrow_conv(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias, std::int64_t padding,
                       double sparse_below = 0.0);

} // namespace csae
