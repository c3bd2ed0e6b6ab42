#pragma once
// How sparse a layer's input is: what the event-driven kernels (spike_conv, spike_linear,
// narrow_conv) decide on, per call, between their own kernels and dense ones.

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace csae {

/// The count of nonzero values in values[0, n) (vectorised; NaN counts as nonzero).
std::int64_t count_nonzeros(const float* values, std::int64_t n);
std::int64_t count_nonzeros(const double* values, std::int64_t n);

/// Whether fewer than `fraction` of the values of the first few samples (along dim 0) of `input`
/// are nonzero; false when fraction <= 0 or the input is empty. An estimate: a whole-batch count
/// would be a pass over the input on every call, and a wrong guess only costs time, never
/// accuracy. Counted in place when those samples are one block of memory: ATen's count_nonzero
/// cost a noticeable share of a training step over its many calls (docs/performance.md).
bool sparser_than(const at::Tensor& input, double fraction);

} // namespace csae
