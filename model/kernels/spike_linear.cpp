#include "model/kernels/spike_linear.h"

#include "model/kernels/simd_targets.h"
#include "model/kernels/sparsity.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <ATen/TensorOperators.h>
#include <ATen/ops/addmm.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/mm.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/custom_function.h>

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <vector>

namespace csae {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

/// The nonzeros of each row of a [B, K] input: row b's are entries [begin[b], begin[b] + count[b])
/// of index/value, in increasing k. Each row's region has kCompactSlack slots of slack so that
/// the compaction can write without branches (a vector of 16 entries at a time, of which the
/// zeros' are overwritten by the next write).
template <class T>
struct RowSpikes {
    std::vector<std::int64_t> begin, count;
    std::vector<std::int32_t> index;
    std::vector<T> value;
};

template <class T>
RowSpikes<T> row_spikes(const T* x, std::int64_t rows, std::int64_t k)
{
    RowSpikes<T> s;
    s.begin.assign(static_cast<std::size_t>(rows) + 1, 0);
    s.count.assign(static_cast<std::size_t>(rows), 0);
    at::parallel_for(0, rows, 8, [&](std::int64_t first, std::int64_t last) {
        for (std::int64_t b = first; b < last; ++b)
            s.count[b] = count_nonzeros(x + b * k, k);
    });
    for (std::int64_t b = 0; b < rows; ++b)
        s.begin[b + 1] = s.begin[b] + s.count[b] + kCompactSlack;
    s.index.resize(static_cast<std::size_t>(s.begin[rows]));
    s.value.resize(static_cast<std::size_t>(s.begin[rows]));
    at::parallel_for(0, rows, 8, [&](std::int64_t first, std::int64_t last) {
        for (std::int64_t b = first; b < last; ++b) {
            const T* row = x + b * k;
            compact_row(row, k, s.index.data() + s.begin[b], s.value.data() + s.begin[b]);
        }
    });
    return s;
}

/// out[j, j + V vectors) = init (zeros if null) + sum over i < count of value[i] * rows[offset[i] + j ...],
/// in V registers, so that each row is read once per block and each output written once.
template <class T, int V, int Bytes>
__attribute__((always_inline)) inline void sum_rows_block(const T* rows, const std::int64_t* offset, const T* value,
                                                          std::int64_t count, const T* init, T* out, std::int64_t j)
{
    constexpr std::int64_t kWidth = Bytes / sizeof(T);
    typedef typename VectorOf<T, kWidth>::type Vector;
    Vector acc[V];
    for (int v = 0; v < V; ++v) {
        if (init)
            std::memcpy(&acc[v], init + j + v * kWidth, sizeof(Vector));
        else
            acc[v] = Vector{};
    }
    for (std::int64_t i = 0; i < count; ++i) {
        const T* row = rows + offset[i] + j;
        const T s = value[i];
        for (int v = 0; v < V; ++v) {
            Vector r;
            std::memcpy(&r, row + v * kWidth, sizeof r);
            acc[v] += s * r;
        }
    }
    for (int v = 0; v < V; ++v)
        std::memcpy(out + j + v * kWidth, &acc[v], sizeof(Vector));
}

/// out[0, n) = init[0, n) (zeros if null) + sum over i < count of value[i] * rows[offset[i] + [0, n)]:
/// blocks of 8 vectors, then one block each of 4, 2 and 1 where they fit (64 outputs are one
/// block of 4 in float32), then scalars.
template <class T, int Bytes>
__attribute__((always_inline)) inline void sum_rows(const T* rows, const std::int64_t* offset, const T* value,
                                                    std::int64_t count, const T* init, T* out, std::int64_t n)
{
    constexpr std::int64_t kWidth = Bytes / sizeof(T);
    std::int64_t j = 0;
    for (; j + 8 * kWidth <= n; j += 8 * kWidth)
        sum_rows_block<T, 8, Bytes>(rows, offset, value, count, init, out, j);
    if (j + 4 * kWidth <= n) {
        sum_rows_block<T, 4, Bytes>(rows, offset, value, count, init, out, j);
        j += 4 * kWidth;
    }
    if (j + 2 * kWidth <= n) {
        sum_rows_block<T, 2, Bytes>(rows, offset, value, count, init, out, j);
        j += 2 * kWidth;
    }
    if (j + kWidth <= n) {
        sum_rows_block<T, 1, Bytes>(rows, offset, value, count, init, out, j);
        j += kWidth;
    }
    for (; j < n; ++j) {
        T acc = init ? init[j] : T(0);
        for (std::int64_t i = 0; i < count; ++i)
            acc += value[i] * rows[offset[i] + j];
        out[j] = acc;
    }
}

/// Forward for samples [first, last): out[b] = bias + sum of the nonzeros' weight rows.
template <class T, int Bytes>
__attribute__((always_inline)) inline void forward_body(const RowSpikes<T>& s, const T* weight_t, const T* bias, T* out,
                                                        std::int64_t n, std::int64_t first, std::int64_t last)
{
    std::vector<std::int64_t> offset;
    for (std::int64_t b = first; b < last; ++b) {
        const std::int64_t count = s.count[b];
        const std::int32_t* index = s.index.data() + s.begin[b];
        offset.resize(static_cast<std::size_t>(count));
        for (std::int64_t i = 0; i < count; ++i)
            offset[i] = static_cast<std::int64_t>(index[i]) * n;
        sum_rows<T, Bytes>(weight_t, offset.data(), s.value.data() + s.begin[b], count, bias, out + b * n, n);
    }
}
CSAE_KERNEL(void, forward_rows,
            (const RowSpikes<float>& s, const float* weight_t, const float* bias, float* out, std::int64_t n,
             std::int64_t first, std::int64_t last),
            (s, weight_t, bias, out, n, first, last))
{
    forward_body<std::remove_pointer_t<decltype(out)>, kVectorBytes>(s, weight_t, bias, out, n, first, last);
}
CSAE_KERNEL(void, forward_rows,
            (const RowSpikes<double>& s, const double* weight_t, const double* bias, double* out, std::int64_t n,
             std::int64_t first, std::int64_t last),
            (s, weight_t, bias, out, n, first, last))
{
    forward_body<std::remove_pointer_t<decltype(out)>, kVectorBytes>(s, weight_t, bias, out, n, first, last);
}

/// Weight gradient rows [first, last) (input features): grad_weight_t[k] = sum over the samples
/// b in which feature k is nonzero of x[b, k] * grad[b]. The samples of each feature are listed
/// from the row lists (each sorted in k, so a binary search finds the feature range), in
/// increasing b: the same additions in the same order on any thread count.
template <class T, int Bytes>
__attribute__((always_inline)) inline void weight_grad_body(const RowSpikes<T>& s, const T* grad, T* grad_weight_t,
                                                            std::int64_t n, std::int64_t first, std::int64_t last)
{
    const std::int64_t rows = static_cast<std::int64_t>(s.count.size());
    const std::int64_t features = last - first;
    std::vector<std::int64_t> start(static_cast<std::size_t>(features) + 1, 0), cursor;
    std::vector<std::pair<std::int64_t, std::int64_t>> range(static_cast<std::size_t>(rows));
    for (std::int64_t b = 0; b < rows; ++b) {
        const std::int32_t* index = s.index.data() + s.begin[b];
        const std::int32_t* end = index + s.count[b];
        const std::int32_t* lo = std::lower_bound(index, end, static_cast<std::int32_t>(first));
        const std::int32_t* hi = std::lower_bound(lo, end, static_cast<std::int32_t>(last));
        range[b] = {lo - s.index.data(), hi - s.index.data()};
        for (const std::int32_t* p = lo; p < hi; ++p)
            ++start[*p - first + 1];
    }
    for (std::int64_t f = 0; f < features; ++f)
        start[f + 1] += start[f];
    cursor.assign(start.begin(), start.end() - 1);
    std::vector<std::int64_t> offset(static_cast<std::size_t>(start[features]));
    std::vector<T> value(offset.size());
    for (std::int64_t b = 0; b < rows; ++b) {
        for (std::int64_t e = range[b].first; e < range[b].second; ++e) {
            const std::int64_t slot = cursor[s.index[e] - first]++;
            offset[slot] = b * n;
            value[slot] = s.value[e];
        }
    }
    for (std::int64_t f = 0; f < features; ++f)
        sum_rows<T, Bytes>(grad, offset.data() + start[f], value.data() + start[f], start[f + 1] - start[f],
                           static_cast<const T*>(nullptr), grad_weight_t + (first + f) * n, n);
}
CSAE_KERNEL(void, weight_grad_rows,
            (const RowSpikes<float>& s, const float* grad, float* grad_weight_t, std::int64_t n, std::int64_t first,
             std::int64_t last),
            (s, grad, grad_weight_t, n, first, last))
{
    weight_grad_body<std::remove_pointer_t<decltype(grad_weight_t)>, kVectorBytes>(s, grad, grad_weight_t, n, first,
                                                                                   last);
}
CSAE_KERNEL(void, weight_grad_rows,
            (const RowSpikes<double>& s, const double* grad, double* grad_weight_t, std::int64_t n, std::int64_t first,
             std::int64_t last),
            (s, grad, grad_weight_t, n, first, last))
{
    weight_grad_body<std::remove_pointer_t<decltype(grad_weight_t)>, kVectorBytes>(s, grad, grad_weight_t, n, first,
                                                                                   last);
}

struct SpikeLinearFunction : public torch::autograd::Function<SpikeLinearFunction> {
    static at::Tensor forward(AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight_t,
                              const at::Tensor& bias, double sparse_below,
                              const c10::optional<at::Tensor>& input_gradient_weight)
    {
        TORCH_CHECK(input.dim() == 2 && weight_t.dim() == 2 && input.size(1) == weight_t.size(0),
                    "spike_linear: expects input [B, K] and weight_t [K, N], got ", input.sizes(), " and ",
                    weight_t.sizes());
        TORCH_CHECK(bias.dim() == 1 && bias.size(0) == weight_t.size(1), "spike_linear: bias ", bias.sizes(),
                    " does not match ", weight_t.size(1), " outputs");
        TORCH_CHECK(input.device().is_cpu() && input.scalar_type() == weight_t.scalar_type() &&
                        bias.scalar_type() == weight_t.scalar_type(),
                    "spike_linear: expects CPU tensors of one floating type");
        const at::Tensor x = input.contiguous();
        const at::Tensor w = weight_t.detach().contiguous();
        const bool sparse = sparser_than(x, sparse_below);
        at::Tensor output;
        if (sparse) {
            const std::int64_t rows = x.size(0), k = x.size(1), n = w.size(1);
            output = at::empty({rows, n}, x.options());
            const at::Tensor b = bias.detach().contiguous();
            AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "spike_linear_forward", [&] {
                const RowSpikes<scalar_t> s = row_spikes(x.data_ptr<scalar_t>(), rows, k);
                const scalar_t* wd = w.data_ptr<scalar_t>();
                const scalar_t* bd = b.data_ptr<scalar_t>();
                scalar_t* out = output.data_ptr<scalar_t>();
                at::parallel_for(0, rows, 1, [&](std::int64_t first, std::int64_t last) {
                    forward_rows(s, wd, bd, out, n, first, last);
                });
            });
        } else {
            output = at::addmm(bias.detach(), x, w);
        }
        // With a copy for the input gradient, backward needs nothing else of the weight: not
        // saving weight_t lets it go after forward (it is a per-pass copy in the SAE).
        ctx->save_for_backward({input, input_gradient_weight ? at::Tensor() : weight_t});
        ctx->saved_data["sparse"] = sparse;
        ctx->saved_data["bias_grad"] = bias.requires_grad();
        ctx->saved_data["input_gradient_weight"] = input_gradient_weight;
        return output;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grad_outputs)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& input = saved[0];
        const at::Tensor& weight_t = saved[1];
        const at::Tensor grad = grad_outputs[0].contiguous();
        at::Tensor grad_input, grad_weight_t, grad_bias;
        if (ctx->needs_input_grad(0)) {
            // Dense: the gradient has no zeros to skip.
            const c10::optional<at::Tensor> low = ctx->saved_data["input_gradient_weight"].toOptional<at::Tensor>();
            grad_input = low ? at::mm(grad.to(low->scalar_type()), *low).to(grad.scalar_type())
                             : at::mm(grad, weight_t.detach().t());
        }
        if (ctx->needs_input_grad(1)) {
            // The nonzeros are listed again rather than saved from forward: saving would hold the
            // lists of every step until backward, and listing costs less than the products.
            const at::Tensor x = input.detach().contiguous();
            if (ctx->saved_data["sparse"].toBool()) {
                const std::int64_t rows = x.size(0), k = x.size(1), n = grad.size(1);
                grad_weight_t = at::empty({k, n}, grad.options());
                AT_DISPATCH_FLOATING_TYPES(x.scalar_type(), "spike_linear_weight_grad", [&] {
                    const RowSpikes<scalar_t> s = row_spikes(x.data_ptr<scalar_t>(), rows, k);
                    const scalar_t* gd = grad.data_ptr<scalar_t>();
                    scalar_t* out = grad_weight_t.data_ptr<scalar_t>();
                    // Chunks of features large enough that listing them per chunk stays cheap.
                    at::parallel_for(0, k, 32, [&](std::int64_t first, std::int64_t last) {
                        weight_grad_rows(s, gd, out, n, first, last);
                    });
                });
            } else {
                grad_weight_t = at::mm(x.t(), grad);
            }
        }
        if (ctx->saved_data["bias_grad"].toBool())
            grad_bias = grad.sum(0);
        return {grad_input, grad_weight_t, grad_bias, at::Tensor(), at::Tensor()};
    }
};

} // namespace

at::Tensor spike_linear(const at::Tensor& input, const at::Tensor& weight_t, const at::Tensor& bias,
                        double sparse_below, const at::Tensor& input_gradient_weight)
{
    // Autograd's custom functions cannot take an undefined tensor argument here.
    const at::Tensor b = bias.defined() ? bias : at::zeros({weight_t.size(1)}, weight_t.options());
    TORCH_CHECK(!input_gradient_weight.defined() ||
                    (input_gradient_weight.dim() == 2 && input_gradient_weight.size(0) == weight_t.size(1) &&
                     input_gradient_weight.size(1) == weight_t.size(0) && input_gradient_weight.is_contiguous()),
                "spike_linear: input_gradient_weight must be a contiguous [N, K] = ", weight_t.t().sizes(), ", got ",
                input_gradient_weight.sizes());
    c10::optional<at::Tensor> low;
    if (input_gradient_weight.defined())
        low = input_gradient_weight.detach();
    return SpikeLinearFunction::apply(input, weight_t, b, sparse_below, low);
}

} // namespace csae
