#pragma once
// A stride-1 convolution with few output channels (the SAE's output layer: 12 -> 1 channel for
// MNIST, 12 -> 2 for DVS), computed directly on planar rows.
//
// Why: oneDNN has no good kernel for an output channel count this small. Measured on the 2-core
// machine at the default decoder's last layer (batch 64, 12 -> 1 channel, 28 x 28, kernel 7):
// 2.4 ms forward and 6-10 ms forward + backward per time step, in either memory layout, for
// 29.5 M multiply-adds, i.e. the most expensive layer of the network although it is the
// smallest. Here each output row is a sum of in_channels x k x k shifted input rows scaled by
// one weight, which vectorises along the row without reductions; the input gradient and the
// weight gradient are computed the same way.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace csae {

/// The largest output channel count narrow_conv is meant for.
constexpr std::int64_t kNarrowConvMaxOutChannels = 4;

/// The input density below which the event-driven weight gradient measured faster than the
/// dense one (forward + backward of the output layer, 25 steps at batch 64, one run: 24-26 /
/// 27-29 / 29 / 34 ms against 41-46 / 41-46 / 41 / 42 ms at 3 / 6 / 10 / 20 %).
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
