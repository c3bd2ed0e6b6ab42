#pragma once
// Leaky integrate-and-fire neurons over whole sequences [T, B, ...].
//
// Each step: U[t] = beta * U'[t-1] + a * I[t] with a = 1 - beta (the seed's form) or a = 1
// (the common form); S[t] = H(U[t] - threshold), exactly the Heaviside step; then the reset
// U'[t] = U[t] - S[t] * threshold (subtract) or U[t] * (1 - S[t]) (zero). In the backward pass
// dS/dU is replaced by a surrogate gradient and the reset is treated as a constant (detached),
// as snnTorch does by default: gradients flow through the leak, not through the reset.

#include "model/config/choices.h"

#include <ATen/core/Tensor.h>
#include <torch/arg.h>
#include <torch/nn/cloneable.h>
#include <torch/nn/pimpl.h>

#include <string>
#include <vector>

namespace csae {

struct LifOptions {
    /// Membrane decay per step, in (0, 1].
    TORCH_ARG(double, beta) = 0.5;
    /// Potential at or above which the neuron spikes.
    TORCH_ARG(double, threshold) = 1.0;
    /// What a spike does to the membrane.
    TORCH_ARG(ResetMode, reset) = ResetMode::Subtract;
    /// Whether the input is scaled by (1 - beta) (the seed) or not (common).
    TORCH_ARG(MembraneForm, form) = MembraneForm::Seed;
    /// The function whose derivative stands in for the Heaviside step's in backward.
    TORCH_ARG(Surrogate, surrogate) = Surrogate::FastSigmoid;
    /// Steepness: k of fast_sigmoid (25) and sigmoid (5), alpha of arctan (2); unused by straight_through.
    TORCH_ARG(double, slope) = 25.0;
    /// Make beta a trainable parameter.
    TORCH_ARG(bool, learn_beta) = false;
    /// Make the threshold a trainable parameter.
    TORCH_ARG(bool, learn_threshold) = false;
};

/// The surrogate derivative dS/dU at x = U - threshold:
/// fast_sigmoid 1/(k|x|+1)^2, arctan (a/2)/(1+(pi a x/2)^2), sigmoid k s(kx)(1-s(kx)), straight_through 1.
at::Tensor surrogate_derivative(const at::Tensor& x, Surrogate surrogate, double slope);

/// Heaviside step H(shifted) in forward; surrogate_derivative(shifted) in backward. For layers
/// that need their own time loop (explicit recurrence).
at::Tensor spike_with_surrogate(const at::Tensor& shifted, Surrogate surrogate, double slope);

/// Spikes and the pre-reset membrane potential of a layer, both [T, B, ...].
struct LifTrace {
    at::Tensor spikes;
    at::Tensor membrane;
};

/// The fused implementation: one autograd node for the whole sequence (lif_stretch over all
/// steps), a C++ loop over T in forward and backward, parallel over neurons. `input` is float32
/// or float64 [T, ...]; `beta` and `threshold` are 0-dim tensors (parameters when learnable).
/// The membrane is not differentiable.
LifTrace lif_sequence(const at::Tensor& input, const at::Tensor& beta, const at::Tensor& threshold,
                      const LifOptions& options);

/// A stretch of consecutive time steps run by lif_stretch.
struct LifStretch {
    std::vector<at::Tensor> spikes; ///< one [B, ...] tensor per step
    at::Tensor final_membrane;      ///< post-reset membrane after the last step: the next stretch's `initial`
    at::Tensor membrane;            ///< pre-reset membrane [steps, B, ...], for views (no gradient)
};

/// The fused LIF dynamics on a stretch of time steps held as separate tensors [B, ...], starting
/// from `initial` (the previous stretch's final_membrane; undefined: at rest). One autograd node
/// per stretch; gradients flow into the currents, into `initial` and into a learnable beta or
/// threshold. Running a layer as consecutive stretches gives exactly the whole-sequence result,
/// while only one stretch of currents and of backward temporaries exists at a time. CPU only.
LifStretch lif_stretch(const std::vector<at::Tensor>& currents, const at::Tensor& initial, const at::Tensor& beta,
                       const at::Tensor& threshold, const LifOptions& options);

/// The per-timestep reference: the same dynamics as plain tensor ops under autograd, T steps of
/// several graph nodes each, the way snnTorch runs. Kept to check gradients and to measure against.
LifTrace lif_sequence_reference(const at::Tensor& input, const at::Tensor& beta, const at::Tensor& threshold,
                                const LifOptions& options);

/// One time step of the reference dynamics as plain tensor ops under autograd: integrates
/// `current` [B, ...] into `membrane` (the post-reset potential, updated in place of the
/// handle; undefined means at rest) and returns the spikes.
at::Tensor lif_step(const at::Tensor& current, at::Tensor& membrane, const at::Tensor& beta,
                    const at::Tensor& threshold, const LifOptions& options, at::Tensor* pre_reset = nullptr);

/// A layer of LIF neurons with one beta and one threshold, applied to sequences [T, B, ...].
class LifImpl : public torch::nn::Cloneable<LifImpl> {
public:
    explicit LifImpl(const LifOptions& options = {});
    void reset() override;

    /// Spikes [T, B, ...] for input currents [T, B, ...].
    at::Tensor forward(const at::Tensor& input);
    /// Spikes and membrane, for views and tests.
    LifTrace forward_trace(const at::Tensor& input);
    /// The same dynamics as forward() on a stretch of steps held as tensors [B, ...], continuing
    /// from `initial` (see lif_stretch).
    LifStretch forward_stretch(const std::vector<at::Tensor>& currents, const at::Tensor& initial);
    /// One step of the per-timestep reference (see lif_step).
    at::Tensor step(const at::Tensor& current, at::Tensor& membrane, at::Tensor* pre_reset = nullptr);

    /// beta and threshold as the dynamics use them (learnt values clamped to valid ranges).
    at::Tensor effective_beta() const;
    at::Tensor effective_threshold() const;

    LifOptions options;
    at::Tensor beta;      ///< 0-dim; a parameter when options.learn_beta
    at::Tensor threshold; ///< 0-dim; a parameter when options.learn_threshold
};
TORCH_MODULE(Lif);

} // namespace csae
