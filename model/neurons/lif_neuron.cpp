#include "model/neurons/lif_neuron.h"

#include "model/core/errors.h"
#include "model/kernels/simd_targets.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/empty_like.h>
#include <ATen/ops/exp.h>
#include <ATen/ops/ones_like.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/sigmoid.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/zeros_like.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <vector>

namespace csae {

at::Tensor surrogate_derivative(const at::Tensor& x, Surrogate surrogate, double slope)
{
    switch (surrogate) {
    case Surrogate::FastSigmoid: {
        const at::Tensor denominator = x.abs() * slope + 1.0;
        return 1.0 / (denominator * denominator);
    }
    case Surrogate::ArcTan: {
        const at::Tensor scaled = x * (std::numbers::pi * slope / 2.0);
        return (slope / 2.0) / (scaled * scaled + 1.0);
    }
    case Surrogate::Sigmoid: {
        const at::Tensor s = at::sigmoid(x * slope);
        return s * (1.0 - s) * slope;
    }
    case Surrogate::StraightThrough:
        return at::ones_like(x);
    }
    return at::ones_like(x);
}

namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/// The surrogate at one point; a template parameter so the inner loops stay branch-free.
template <Surrogate kind, class T>
__attribute__((always_inline)) inline T surrogate_at(T x, T slope)
{
    if constexpr (kind == Surrogate::FastSigmoid) {
        const T d = slope * std::fabs(x) + T(1);
        return T(1) / (d * d);
    } else if constexpr (kind == Surrogate::ArcTan) {
        const T z = static_cast<T>(std::numbers::pi) * slope * x * T(0.5);
        return slope * T(0.5) / (T(1) + z * z);
    } else if constexpr (kind == Surrogate::Sigmoid) {
        const T s = T(1) / (T(1) + std::exp(-slope * x));
        return slope * s * (T(1) - s);
    } else {
        return T(1);
    }
}

// Neurons are split into fixed-size chunks (not per-thread ranges) so that the per-chunk
// partial sums of the beta/threshold gradients add up in the same order on any thread count.
// A chunk runs all steps of a stretch before the next chunk: its membrane (forward) or carried
// gradient (backward) stays in L1 instead of streaming through memory once per step.
constexpr std::int64_t kChunk = 4096;

/// One forward call: per-step pointers into the currents and spikes, the stretch's membrane
/// trace [steps, neurons] and the running membrane [neurons].
template <class T>
struct LifForwardPlan {
    const T* const* currents;
    T* const* spikes;
    T* trace;
    T* membrane;
    std::int64_t steps, neurons;
    T beta, gain, threshold;
    bool subtract;
};

template <class T, bool subtract>
__attribute__((always_inline)) inline void lif_forward_body(const LifForwardPlan<T>& p, std::int64_t begin,
                                                            std::int64_t end)
{
    T* __restrict u = p.membrane;
    for (std::int64_t t = 0; t < p.steps; ++t) {
        const T* __restrict in = p.currents[t];
        T* __restrict out = p.spikes[t];
        T* __restrict trace = p.trace + t * p.neurons;
        for (std::int64_t j = begin; j < end; ++j) {
            const T v = p.beta * u[j] + p.gain * in[j];
            const T spike = v >= p.threshold ? T(1) : T(0);
            trace[j] = v;
            out[j] = spike;
            u[j] = subtract ? v - spike * p.threshold : v * (T(1) - spike);
        }
    }
}

CSAE_KERNEL(void, lif_forward_chunk, (const LifForwardPlan<float>& p, std::int64_t begin, std::int64_t end),
            (p, begin, end))
{
    return p.subtract ? lif_forward_body<float, true>(p, begin, end) : lif_forward_body<float, false>(p, begin, end);
}
CSAE_KERNEL(void, lif_forward_chunk, (const LifForwardPlan<double>& p, std::int64_t begin, std::int64_t end),
            (p, begin, end))
{
    return p.subtract ? lif_forward_body<double, true>(p, begin, end) : lif_forward_body<double, false>(p, begin, end);
}

/// Below this input gain (1 - beta) the input is kept for beta's gradient rather than recomputed
/// from the membrane, whose division by the gain would magnify rounding.
constexpr double kSmallestRecomputeGain = 0.05;

/// One backward call. grad_spikes[t] may be null (no gradient reached that step's spikes);
/// currents and initial are read only for beta's gradient.
template <class T>
struct LifBackwardPlan {
    const T* const* grad_spikes;
    T* const* grad_currents;
    const T* const* currents; ///< null entries unless beta's gradient reads them (seed form, small gain)
    const T* trace;           ///< [steps, neurons]
    const T* initial;         ///< the stretch's starting membrane, or null
    T* carry;                 ///< dL/dU'[t] flowing back in time, [neurons]
    std::int64_t steps, neurons;
    T beta, gain, threshold, slope;
    bool subtract, seed_form, want_beta, want_threshold;
};

/// Backward over one chunk. With kParameters the beta/threshold gradients are summed per neuron
/// over the steps (in T, so that the loop stays element-wise and vectorises), then over the
/// chunk's neurons in double and in a fixed order.
template <class T, Surrogate kind, bool subtract, bool kParameters>
__attribute__((always_inline)) inline void lif_backward_body(const LifBackwardPlan<T>& p, std::int64_t begin,
                                                             std::int64_t end, double& beta_sum, double& threshold_sum)
{
    T* __restrict post = p.carry + begin;
    T beta_acc[kParameters ? kChunk : 1];
    T threshold_acc[kParameters ? kChunk : 1];
    if constexpr (kParameters) {
        std::fill_n(beta_acc, end - begin, T(0));
        std::fill_n(threshold_acc, end - begin, T(0));
    }
    // The loop has no branches, so that it vectorises: a missing row (no gradient reached a
    // step's spikes, no initial membrane, no saved input) is read as a row of zeros. Beta's gradient is grad_u *
    // dV/dbeta with dV/dbeta = U'[t-1] (common form) or U'[t-1] - I[t] (seed form, V = beta U' + (1 - beta) I), where
    // U' - I is the saved input's difference when 1 - beta is small, else (U' - V) / (1 - beta), which spares keeping
    // every input current until the backward pass.
    const bool seed_term = kParameters && p.seed_form && p.want_beta;
    const bool saved_input = seed_term && p.currents[0] != nullptr;
    const T previous_scale = saved_input || !seed_term ? T(1) : T(1) / p.gain;
    const T membrane_scale = seed_term && !saved_input ? -previous_scale : T(0);
    const T input_scale = saved_input ? T(-1) : T(0);
    // Locals, so that the compiler sees that the stores below cannot change them (it reloaded the
    // plan's fields every iteration and left the loop scalar).
    const T threshold = p.threshold, slope = p.slope, gain = p.gain, beta = p.beta;
    const std::int64_t count = end - begin; // the loop runs over the chunk, every row offset by `begin`
    static constexpr T zeros[kChunk] = {};
    for (std::int64_t t = p.steps - 1; t >= 0; --t) {
        const T* __restrict now = p.trace + t * p.neurons + begin;
        const T* __restrict gs = p.grad_spikes[t] ? p.grad_spikes[t] + begin : zeros;
        T* __restrict gi = p.grad_currents[t] + begin;
        // U'[t-1]: the reset applied to the trace of step t-1, or the stretch's initial membrane
        // (already after its reset), or rest.
        const T* __restrict before = t > 0 ? now - p.neurons : (p.initial ? p.initial + begin : zeros);
        const T before_reset = t > 0 ? T(1) : T(0);
        const T* __restrict input = saved_input ? p.currents[t] + begin : zeros;
        for (std::int64_t j = 0; j < count; ++j) {
            const T grad_post = post[j];
            const T v = now[j];
            const T sg = surrogate_at<kind>(v - threshold, slope);
            const T spike = v >= threshold ? T(1) : T(0);
            const T grad_spike = gs[j];
            const T grad_u = grad_spike * sg + (subtract ? grad_post : grad_post * (T(1) - spike));
            gi[j] = gain * grad_u;
            post[j] = beta * grad_u;
            if constexpr (kParameters) {
                const T w = before[j];
                const T fired = before_reset * (w >= threshold ? T(1) : T(0));
                const T previous = subtract ? w - fired * threshold : w * (T(1) - fired);
                const T slope_of_v = previous_scale * previous + membrane_scale * v + input_scale * input[j];
                beta_acc[j] += grad_u * slope_of_v;
                threshold_acc[j] -= grad_spike * sg + (subtract ? grad_post * spike : T(0));
            }
        }
    }
    if constexpr (kParameters) {
        double beta_total = 0.0, threshold_total = 0.0;
        for (std::int64_t j = 0; j < count; ++j) {
            beta_total += static_cast<double>(beta_acc[j]);
            threshold_total += static_cast<double>(threshold_acc[j]);
        }
        beta_sum += beta_total;
        threshold_sum += threshold_total;
    }
}

template <class T, bool subtract, bool kParameters>
__attribute__((always_inline)) inline void lif_backward_surrogate(const LifBackwardPlan<T>& p, Surrogate surrogate,
                                                                  std::int64_t begin, std::int64_t end,
                                                                  double& beta_sum, double& threshold_sum)
{
    switch (surrogate) {
    case Surrogate::FastSigmoid:
        return lif_backward_body<T, Surrogate::FastSigmoid, subtract, kParameters>(p, begin, end, beta_sum,
                                                                                   threshold_sum);
    case Surrogate::ArcTan:
        return lif_backward_body<T, Surrogate::ArcTan, subtract, kParameters>(p, begin, end, beta_sum, threshold_sum);
    case Surrogate::Sigmoid:
        return lif_backward_body<T, Surrogate::Sigmoid, subtract, kParameters>(p, begin, end, beta_sum, threshold_sum);
    case Surrogate::StraightThrough:
        return lif_backward_body<T, Surrogate::StraightThrough, subtract, kParameters>(p, begin, end, beta_sum,
                                                                                       threshold_sum);
    }
}

template <class T>
__attribute__((always_inline)) inline void lif_backward_dispatch(const LifBackwardPlan<T>& p, Surrogate surrogate,
                                                                 std::int64_t begin, std::int64_t end, double& beta_sum,
                                                                 double& threshold_sum)
{
    const bool parameters = p.want_beta || p.want_threshold;
    if (p.subtract)
        return parameters ? lif_backward_surrogate<T, true, true>(p, surrogate, begin, end, beta_sum, threshold_sum)
                          : lif_backward_surrogate<T, true, false>(p, surrogate, begin, end, beta_sum, threshold_sum);
    return parameters ? lif_backward_surrogate<T, false, true>(p, surrogate, begin, end, beta_sum, threshold_sum)
                      : lif_backward_surrogate<T, false, false>(p, surrogate, begin, end, beta_sum, threshold_sum);
}

CSAE_KERNEL(void, lif_backward_chunk,
            (const LifBackwardPlan<float>& p, Surrogate surrogate, std::int64_t begin, std::int64_t end,
             double& beta_sum, double& threshold_sum),
            (p, surrogate, begin, end, beta_sum, threshold_sum))
{
    lif_backward_dispatch(p, surrogate, begin, end, beta_sum, threshold_sum);
}
CSAE_KERNEL(void, lif_backward_chunk,
            (const LifBackwardPlan<double>& p, Surrogate surrogate, std::int64_t begin, std::int64_t end,
             double& beta_sum, double& threshold_sum),
            (p, surrogate, begin, end, beta_sum, threshold_sum))
{
    lif_backward_dispatch(p, surrogate, begin, end, beta_sum, threshold_sum);
}

struct LifStepsFunction : public torch::autograd::Function<LifStepsFunction> {
    static variable_list forward(AutogradContext* ctx, at::TensorList currents, const at::Tensor& initial,
                                 const at::Tensor& beta, const at::Tensor& threshold, std::int64_t reset,
                                 std::int64_t form, std::int64_t surrogate, double slope)
    {
        const auto steps = static_cast<std::int64_t>(currents.size());
        // Every per-step tensor is laid out like the first current (channels-last convolutions
        // give channels-last currents), so one linear index j names the same neuron in all of
        // them; the membrane trace is stored flat in that order.
        const auto format = currents.front().suggest_memory_format();
        std::vector<at::Tensor> inputs, spikes;
        for (const auto& current : currents) {
            inputs.push_back(current.contiguous(format));
            spikes.push_back(at::empty_like(inputs.back(), at::MemoryFormat::Preserve));
        }
        const std::int64_t neurons = inputs.front().numel();
        at::Tensor flat = at::empty({steps, neurons}, inputs.front().options());
        at::Tensor state = initial.detach().contiguous(format).clone(format);
        const std::int64_t chunks = (neurons + kChunk - 1) / kChunk;
        const double b = beta.item<double>();
        const double theta = threshold.item<double>();
        const bool seed_form = form == static_cast<std::int64_t>(MembraneForm::Seed);
        const double gain = seed_form ? 1.0 - b : 1.0;
        const bool subtract = reset == static_cast<std::int64_t>(ResetMode::Subtract);
        AT_DISPATCH_FLOATING_TYPES(flat.scalar_type(), "lif_steps_forward", [&] {
            std::vector<const scalar_t*> in;
            std::vector<scalar_t*> out;
            for (std::int64_t t = 0; t < steps; ++t) {
                in.push_back(inputs[static_cast<std::size_t>(t)].data_ptr<scalar_t>());
                out.push_back(spikes[static_cast<std::size_t>(t)].data_ptr<scalar_t>());
            }
            const LifForwardPlan<scalar_t> plan{in.data(),
                                                out.data(),
                                                flat.data_ptr<scalar_t>(),
                                                state.data_ptr<scalar_t>(),
                                                steps,
                                                neurons,
                                                static_cast<scalar_t>(b),
                                                static_cast<scalar_t>(gain),
                                                static_cast<scalar_t>(theta),
                                                subtract};
            at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
                for (std::int64_t chunk = first; chunk < last; ++chunk)
                    lif_forward_chunk(plan, chunk * kChunk, std::min(neurons, (chunk + 1) * kChunk));
            });
        });
        const bool keep_for_beta = beta.requires_grad();
        variable_list saved{flat, beta, threshold, keep_for_beta ? initial.detach().contiguous(format) : at::Tensor()};
        if (keep_for_beta && seed_form && gain < kSmallestRecomputeGain)
            saved.insert(saved.end(), inputs.begin(), inputs.end());
        ctx->save_for_backward(saved);
        ctx->saved_data["reset"] = reset;
        ctx->saved_data["form"] = form;
        ctx->saved_data["surrogate"] = surrogate;
        ctx->saved_data["slope"] = slope;
        ctx->saved_data["format"] = static_cast<std::int64_t>(format);
        // The pre-reset membrane as [steps, ...] in the currents' logical layout: a view of the
        // saved trace (each step's block is laid out like the currents), never a copy.
        std::vector<std::int64_t> sizes{steps}, strides{neurons};
        sizes.insert(sizes.end(), inputs.front().sizes().begin(), inputs.front().sizes().end());
        strides.insert(strides.end(), inputs.front().strides().begin(), inputs.front().strides().end());
        at::Tensor membrane = flat.as_strided(sizes, strides);
        ctx->mark_non_differentiable({membrane});
        // Steps no gradient reaches stay undefined instead of becoming zero tensors.
        ctx->set_materialize_grads(false);
        variable_list outputs(spikes.begin(), spikes.end());
        outputs.push_back(state);
        outputs.push_back(membrane);
        return outputs;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& membrane = saved[0]; // flat [steps, neurons] in the currents' layout
        const at::Tensor& beta = saved[1];
        const at::Tensor& threshold = saved[2];
        const at::Tensor& initial = saved[3];
        const std::vector<at::Tensor> inputs(saved.begin() + 4, saved.end());
        const bool subtract = ctx->saved_data["reset"].toInt() == static_cast<std::int64_t>(ResetMode::Subtract);
        const bool seed_form = ctx->saved_data["form"].toInt() == static_cast<std::int64_t>(MembraneForm::Seed);
        const auto surrogate = static_cast<Surrogate>(ctx->saved_data["surrogate"].toInt());
        const double slope = ctx->saved_data["slope"].toDouble();
        const auto format = static_cast<at::MemoryFormat>(ctx->saved_data["format"].toInt());
        const bool want_beta = beta.requires_grad();
        const bool want_threshold = threshold.requires_grad();
        const std::int64_t steps = membrane.size(0);
        const std::int64_t neurons = steps == 0 ? 0 : membrane.numel() / steps;
        const std::int64_t chunks = (neurons + kChunk - 1) / kChunk;
        const double b = beta.item<double>();
        const double theta = threshold.item<double>();
        const double gain = seed_form ? 1.0 - b : 1.0;
        std::vector<double> beta_partial(static_cast<std::size_t>(chunks), 0.0),
            threshold_partial(static_cast<std::size_t>(chunks), 0.0);
        // carry = dL/dU'[t], the gradient reaching the post-reset membrane of step t from later
        // steps (from the next stretch through `final` for the last step).
        const at::Tensor& grad_final = grad_outputs[static_cast<std::size_t>(steps)];
        // The per-step shape comes from a defined gradient (the final membrane's always has it).
        at::Tensor carry;
        if (grad_final.defined())
            carry = grad_final.contiguous(format).clone(format);
        for (std::int64_t t = 0; !carry.defined() && t < steps; ++t)
            if (grad_outputs[static_cast<std::size_t>(t)].defined())
                carry = at::zeros_like(grad_outputs[static_cast<std::size_t>(t)].contiguous(format),
                                       at::MemoryFormat::Preserve);
        if (!carry.defined()) { // no gradient reached this stretch at all
            variable_list none(static_cast<std::size_t>(steps) + 7);
            return none;
        }
        std::vector<at::Tensor> grad_inputs(static_cast<std::size_t>(steps)),
            grad_spikes(static_cast<std::size_t>(steps));
        for (std::int64_t t = 0; t < steps; ++t) {
            auto& incoming = grad_outputs[static_cast<std::size_t>(t)];
            if (incoming.defined())
                grad_spikes[static_cast<std::size_t>(t)] = incoming.contiguous(format);
            incoming = at::Tensor();
            grad_inputs[static_cast<std::size_t>(t)] = at::empty_like(carry, at::MemoryFormat::Preserve);
        }
        AT_DISPATCH_FLOATING_TYPES(membrane.scalar_type(), "lif_steps_backward", [&] {
            std::vector<const scalar_t*> gs, in;
            std::vector<scalar_t*> gi;
            for (std::int64_t t = 0; t < steps; ++t) {
                const auto i = static_cast<std::size_t>(t);
                gs.push_back(grad_spikes[i].defined() ? grad_spikes[i].data_ptr<scalar_t>() : nullptr);
                gi.push_back(grad_inputs[i].data_ptr<scalar_t>());
                in.push_back(inputs.empty() ? nullptr : inputs[i].data_ptr<scalar_t>());
            }
            const LifBackwardPlan<scalar_t> plan{gs.data(),
                                                 gi.data(),
                                                 in.data(),
                                                 membrane.data_ptr<scalar_t>(),
                                                 initial.defined() ? initial.data_ptr<scalar_t>() : nullptr,
                                                 carry.data_ptr<scalar_t>(),
                                                 steps,
                                                 neurons,
                                                 static_cast<scalar_t>(b),
                                                 static_cast<scalar_t>(gain),
                                                 static_cast<scalar_t>(theta),
                                                 static_cast<scalar_t>(slope),
                                                 subtract,
                                                 seed_form,
                                                 want_beta,
                                                 want_threshold};
            at::parallel_for(0, chunks, 1, [&](std::int64_t first, std::int64_t last) {
                for (std::int64_t chunk = first; chunk < last; ++chunk)
                    lif_backward_chunk(plan, surrogate, chunk * kChunk, std::min(neurons, (chunk + 1) * kChunk),
                                       beta_partial[static_cast<std::size_t>(chunk)],
                                       threshold_partial[static_cast<std::size_t>(chunk)]);
            });
        });
        variable_list grads(grad_inputs.begin(), grad_inputs.end());
        const auto total = [](const std::vector<double>& parts) {
            double sum = 0.0;
            for (double part : parts)
                sum += part;
            return sum;
        };
        grads.push_back(carry); // dL/dU'[start - 1], the previous stretch's final membrane
        grads.push_back(want_beta ? at::scalar_tensor(total(beta_partial), beta.options()) : at::Tensor());
        grads.push_back(want_threshold ? at::scalar_tensor(total(threshold_partial), threshold.options())
                                       : at::Tensor());
        for (int i = 0; i < 4; ++i)
            grads.emplace_back();
        return grads;
    }
};

/// Heaviside forward, surrogate backward: the building block of the reference path.
struct SpikeFunction : public torch::autograd::Function<SpikeFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& shifted, std::int64_t surrogate, double slope)
    {
        ctx->save_for_backward({shifted});
        ctx->saved_data["surrogate"] = surrogate;
        ctx->saved_data["slope"] = slope;
        return shifted.ge(0.0).to(shifted.scalar_type());
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
    {
        const at::Tensor shifted = ctx->get_saved_variables()[0];
        const auto surrogate = static_cast<Surrogate>(ctx->saved_data["surrogate"].toInt());
        const double slope = ctx->saved_data["slope"].toDouble();
        return {grad_outputs[0] * surrogate_derivative(shifted, surrogate, slope), at::Tensor(), at::Tensor()};
    }
};

void check_input(const at::Tensor& input)
{
    TORCH_CHECK(input.dim() >= 2, "LIF input must be [T, B, ...], got ", input.sizes());
    TORCH_CHECK(input.scalar_type() == at::kFloat || input.scalar_type() == at::kDouble,
                "LIF input must be float32 or float64, got ", input.scalar_type());
}

} // namespace

at::Tensor spike_with_surrogate(const at::Tensor& shifted, Surrogate surrogate, double slope)
{
    return SpikeFunction::apply(shifted, static_cast<std::int64_t>(surrogate), slope);
}

LifStretch lif_stretch(const std::vector<at::Tensor>& currents, const at::Tensor& initial, const at::Tensor& beta,
                       const at::Tensor& threshold, const LifOptions& options)
{
    TORCH_CHECK(!currents.empty(), "LIF needs at least one time step");
    for (const auto& current : currents) {
        TORCH_CHECK(current.sizes() == currents.front().sizes(), "LIF steps differ in shape: ", current.sizes(),
                    " and ", currents.front().sizes());
        TORCH_CHECK(current.scalar_type() == at::kFloat || current.scalar_type() == at::kDouble,
                    "LIF input must be float32 or float64, got ", current.scalar_type());
        TORCH_CHECK(current.device().is_cpu(), "lif_stretch runs on the CPU; use lif_sequence elsewhere");
    }
    TORCH_CHECK(!initial.defined() || initial.sizes() == currents.front().sizes(), "LIF initial membrane has shape ",
                initial.sizes(), ", the steps ", currents.front().sizes());
    // Autograd cannot take an undefined tensor as an input: "at rest" is an explicit zero membrane.
    const at::Tensor start = initial.defined() ? initial : at::zeros_like(currents.front());
    auto outputs = LifStepsFunction::apply(
        at::TensorList(currents), start, beta, threshold, static_cast<std::int64_t>(options.reset()),
        static_cast<std::int64_t>(options.form()), static_cast<std::int64_t>(options.surrogate()), options.slope());
    LifStretch stretch;
    stretch.membrane = outputs.back();
    outputs.pop_back();
    stretch.final_membrane = outputs.back();
    outputs.pop_back();
    stretch.spikes.assign(outputs.begin(), outputs.end());
    return stretch;
}

LifTrace lif_sequence(const at::Tensor& input, const at::Tensor& beta, const at::Tensor& threshold,
                      const LifOptions& options)
{
    check_input(input);
    if (!input.device().is_cpu())
        return lif_sequence_reference(input, beta, threshold, options);
    // The whole sequence as one stretch: one fused node, as the folded execution wants.
    const LifStretch stretch = lif_stretch(input.unbind(0), at::Tensor(), beta, threshold, options);
    return {at::stack(stretch.spikes), stretch.membrane};
}

at::Tensor lif_step(const at::Tensor& current, at::Tensor& membrane, const at::Tensor& beta,
                    const at::Tensor& threshold, const LifOptions& options, at::Tensor* pre_reset)
{
    const at::Tensor driven = options.form() == MembraneForm::Seed ? (1.0 - beta) * current : current;
    const at::Tensor u = membrane.defined() ? beta * membrane + driven : driven;
    const at::Tensor spike = spike_with_surrogate(u - threshold, options.surrogate(), options.slope());
    if (pre_reset)
        *pre_reset = u.detach();
    // The reset is a constant for autograd (detached spikes), as in snnTorch.
    membrane = options.reset() == ResetMode::Subtract ? u - spike.detach() * threshold : u * (1.0 - spike.detach());
    return spike;
}

LifTrace lif_sequence_reference(const at::Tensor& input, const at::Tensor& beta, const at::Tensor& threshold,
                                const LifOptions& options)
{
    check_input(input);
    at::Tensor membrane_state;
    std::vector<at::Tensor> spikes, membrane;
    for (std::int64_t t = 0; t < input.size(0); ++t) {
        at::Tensor u;
        spikes.push_back(lif_step(input[t], membrane_state, beta, threshold, options, &u));
        membrane.push_back(u);
    }
    return {at::stack(spikes), at::stack(membrane)};
}

LifImpl::LifImpl(const LifOptions& options_) : options(options_)
{
    reset();
}

void LifImpl::reset()
{
    const auto scalar = [](double value) { return at::scalar_tensor(value, at::kFloat); };
    beta = options.learn_beta() ? register_parameter("beta", scalar(options.beta()))
                                : register_buffer("beta", scalar(options.beta()));
    threshold = options.learn_threshold() ? register_parameter("threshold", scalar(options.threshold()))
                                          : register_buffer("threshold", scalar(options.threshold()));
}

at::Tensor LifImpl::forward(const at::Tensor& input)
{
    return forward_trace(input).spikes;
}

at::Tensor LifImpl::effective_beta() const
{
    // A learnt beta must stay a decay; clamping keeps the dynamics stable without stopping its gradient inside (0, 1].
    return options.learn_beta() ? beta.clamp(0.0, 1.0) : beta;
}

at::Tensor LifImpl::effective_threshold() const
{
    return options.learn_threshold() ? threshold.clamp_min(1e-3) : threshold;
}

at::Tensor LifImpl::step(const at::Tensor& current, at::Tensor& membrane, at::Tensor* pre_reset)
{
    return lif_step(current, membrane, effective_beta(), effective_threshold(), options, pre_reset);
}

LifStretch LifImpl::forward_stretch(const std::vector<at::Tensor>& currents, const at::Tensor& initial)
{
    return lif_stretch(currents, initial, effective_beta(), effective_threshold(), options);
}

LifTrace LifImpl::forward_trace(const at::Tensor& input)
{
    return lif_sequence(input, effective_beta(), effective_threshold(), options);
}

} // namespace csae
