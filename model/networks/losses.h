#pragma once
// Reconstruction losses. Both reduce per sample over all its neurons, then average the batch.

#include <ATen/core/Tensor.h>

namespace csae {

/// The seed's nRMSE: sqrt(mean_i (X_i - Xhat_i)^2) / sqrt(mean_i (X_i - mean X)^2) for each
/// sample (X: input spike counts or intensities, Xhat: the reconstruction), averaged over the
/// batch. A sample whose input is constant has sigma = 0; its denominator is floored at 1e-6
/// times the count scale so the loss stays finite. Inputs are [B, ...].
at::Tensor nrmse_loss(const at::Tensor& reconstruction, const at::Tensor& target);

/// Mean squared error per sample, averaged over the batch.
at::Tensor mean_squared_error(const at::Tensor& reconstruction, const at::Tensor& target);

} // namespace csae
