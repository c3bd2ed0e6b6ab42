#pragma once
// An event-driven linear layer for inputs that are spikes.
//
// Why: the SAE's dense layers take spikes (at the default config about 10 % of the features
// into the embedding and 3-8 % of the embedding neurons fire in a step), yet a GEMM multiplies
// every zero, and the two dense layers' six products are a sizeable share of a training step
// (docs/performance.md). Four of the six have a spike operand:
// - forward: each sample's output is its bias plus the sum of the weight rows of its nonzero
//   inputs, summed in registers a block of outputs at a time;
// - weight gradient: each input feature's row of the (transposed) weight gradient is the sum of
//   the output-gradient rows of the samples in which it fired, summed the same way.
// The input gradient has no sparse operand (the surrogate gradient is dense) and stays a GEMM.
//
// Exact for any input values (nonzeros are multiplied by their value); only the order of the
// float additions differs from a GEMM, and it is fixed, so results do not depend on the thread
// count. CPU only; float32 and float64.

#include <ATen/core/Tensor.h>

namespace csae {

/// The input density below which the event-driven products measured faster than the GEMM
/// (SpikeLinearSparse against SpikeLinearDense, forward + weight gradient), with a margin: the
/// GEMM wins from about 40 %. The figures: docs/performance.md.
constexpr double kSpikeLinearEventDrivenBelow = 0.3;

/// input [B, K] times weight_t [K, N] plus bias [N] (may be undefined), i.e. a linear layer
/// whose weight is given transposed (a row per input feature, so that a spike selects one
/// contiguous row). Differentiable in all three. Event-driven when fewer than `sparse_below` of
/// the input's values are nonzero (decided per call from the input), a GEMM otherwise; 0:
/// always a GEMM. Returns [B, N].
///
/// `input_gradient_weight`, when defined: the weight [N, K] in the type the input gradient's
/// GEMM should multiply in (a bfloat16 copy: oneDNN's AVX512-BF16 products with float32 sums).
/// The output gradient is converted to that type and the product back to the input's. Made by
/// the caller once per forward pass, so that the steps sharing a weight do not each convert it;
/// backward then keeps only this copy, not weight_t.
at::Tensor spike_linear(const at::Tensor& input, const at::Tensor& weight_t, const at::Tensor& bias,
                        double sparse_below, const at::Tensor& input_gradient_weight = {});

} // namespace csae
