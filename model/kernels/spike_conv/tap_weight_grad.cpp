// spike_conv's event-driven weight gradient, tap-major.

#include "model/kernels/spike_conv/plan.h"

#include <algorithm>

namespace csae::spike_conv_detail {
namespace {

/// The event-driven weight gradient, tap by tap: gw[ky][kx][c][:] (the window layout) gathers
/// value * grad[o][:] over the nonzero inputs of channel c, o being the output each reaches
/// through (ky, kx). Accumulators in registers, one load and store of gw per tap, channel and
/// sample; no read-modify-write per spike.
///
/// The output an input reaches is a constant offset from it within a class of inputs: for a
/// convolution with stride s, input row iy reaches output row (iy + p - ky) / s only when
/// ky = iy + p (mod s), and then (iy + p - r) / s - (ky - r) / s with r = (iy + p) mod s; for a
/// transposed convolution always, at iy s + ky - p. So the nonzero inputs are listed per channel
/// and remainder class, each as its offset in a zero-margined copy of the output gradient, and a
/// tap adds one offset to every entry of its class: no bounds checks, no branches per spike.
template <class T>
struct TapGradient {
    std::int64_t classes, capacity, margin, plane_h, plane_w, stride, padding;
    bool transposed;
    std::vector<std::int32_t> offset; ///< [c][class][capacity]
    std::vector<T> value;
    std::vector<std::int32_t> count; ///< [c][class]
    std::vector<T> plane;            ///< the output gradient of one sample, zero-margined: [plane_h][plane_w][co]
    /// For a sample stored as one run of height x width x channels values (channels-last): per
    /// position in that run, its list (c * classes + class) and plane offset, so that the
    /// listing visits only the nonzeros the compaction finds instead of every value (the
    /// per-value listing cost more than the products at 5-10 % density).
    bool flat;
    std::vector<std::int32_t> entry_list, entry_position, found;
    std::vector<T> found_value;

    TapGradient(const Plan<T>& p, const SpikeConvGeometry& g)
        : classes(g.transposed ? 1 : g.stride * g.stride)
        , capacity(g.transposed ? p.height * p.width
                                : ((p.height + g.stride - 1) / g.stride) * ((p.width + g.stride - 1) / g.stride))
        , margin(p.kernel + 1)
        , plane_h(p.out_height + 2 * margin)
        , plane_w(p.out_width + 2 * margin)
        , stride(g.stride)
        , padding(g.padding)
        , transposed(g.transposed)
        , offset(static_cast<std::size_t>(p.channels * classes * capacity))
        , value(offset.size())
        , count(static_cast<std::size_t>(p.channels * classes))
        , plane(static_cast<std::size_t>(plane_h * plane_w * p.out_channels), T(0))
        , flat(p.stride_c == 1 && p.stride_x == p.channels && p.stride_y == p.width * p.channels)
    {
        if (!flat)
            return;
        const std::int64_t values = p.height * p.width * p.channels;
        entry_list.resize(static_cast<std::size_t>(values));
        entry_position.resize(static_cast<std::size_t>(values));
        found.resize(static_cast<std::size_t>(values + kCompactSlack));
        found_value.resize(found.size());
        for (std::int64_t iy = 0; iy < p.height; ++iy)
            for (std::int64_t ix = 0; ix < p.width; ++ix) {
                const auto [cls, position] = class_and_position(iy, ix);
                for (std::int64_t c = 0; c < p.channels; ++c) {
                    const std::int64_t i = (iy * p.width + ix) * p.channels + c;
                    entry_list[i] = static_cast<std::int32_t>(c * classes + cls);
                    entry_position[i] = position;
                }
            }
    }

    /// The remainder class of input pixel (iy, ix) and the plane position its class's taps start from.
    std::pair<std::int64_t, std::int32_t> class_and_position(std::int64_t iy, std::int64_t ix) const
    {
        std::int64_t cls = 0, row = 0, col = 0;
        if (transposed) {
            row = iy * stride + margin;
            col = ix * stride + margin;
        } else {
            const std::int64_t ry = (iy + padding) % stride, rx = (ix + padding) % stride;
            cls = ry * stride + rx;
            row = (iy + padding - ry) / stride + margin;
            col = (ix + padding - rx) / stride + margin;
        }
        return {cls, static_cast<std::int32_t>(row * plane_w + col)};
    }

    /// Lists sample b's nonzero inputs and copies its output gradient into the plane.
    __attribute__((always_inline)) void load_sample(const Plan<T>& p, const T* grad, std::int64_t b)
    {
        std::fill(count.begin(), count.end(), 0);
        if (flat) {
            const std::int64_t n = compact_row(p.input + b * p.stride_b, p.height * p.width * p.channels, found.data(),
                                               found_value.data());
            for (std::int64_t i = 0; i < n; ++i) {
                const std::int32_t list = entry_list[found[i]];
                const std::int32_t k = count[list]++;
                offset[list * capacity + k] = entry_position[found[i]];
                value[list * capacity + k] = found_value[i];
            }
        }
        for (std::int64_t iy = 0; !flat && iy < p.height; ++iy)
            for (std::int64_t ix = 0; ix < p.width; ++ix) {
                const auto [cls, position] = class_and_position(iy, ix);
                const T* pixel = p.input + b * p.stride_b + iy * p.stride_y + ix * p.stride_x;
                for (std::int64_t c = 0; c < p.channels; ++c) {
                    const T v = pixel[c * p.stride_c];
                    const std::int64_t list = c * classes + cls;
                    const std::int32_t n = count[list];
                    // Written always, kept only when nonzero: no branch to mispredict.
                    offset[list * capacity + n] = position;
                    value[list * capacity + n] = v;
                    count[list] = n + (v != T(0));
                }
            }
        const T* source = grad + b * p.out_height * p.out_width * p.out_channels;
        for (std::int64_t oy = 0; oy < p.out_height; ++oy)
            std::copy(source + oy * p.out_width * p.out_channels, source + (oy + 1) * p.out_width * p.out_channels,
                      plane.data() + ((oy + margin) * plane_w + margin) * p.out_channels);
    }

    /// The remainder class and plane offset (in pixels) of tap (ky, kx).
    std::pair<std::int64_t, std::int64_t> tap(std::int64_t ky, std::int64_t kx) const
    {
        if (transposed)
            return {0, (ky - padding) * plane_w + (kx - padding)};
        const std::int64_t ry = ky % stride, rx = kx % stride;
        return {ry * stride + rx, -(((ky - ry) / stride) * plane_w + (kx - rx) / stride)};
    }
};

/// Adds the weight gradient of each chunk of kWeightGradientChunk samples in [first, last) of a
/// batch of `batch` to its own partial sum parts[chunk] ([ky][kx][c][co]); one work space for all.
template <class T, int Fixed, int Bytes>
__attribute__((always_inline)) inline void tap_gradient_body(const Plan<T>& p, const SpikeConvGeometry& g,
                                                             const T* grad, T* parts, std::int64_t batch,
                                                             std::int64_t first, std::int64_t last)
{
    const std::int64_t co = Fixed > 0 ? Fixed : p.out_channels, part_size = p.kernel * p.kernel * p.channels * co;
    TapGradient<T> lists(p, g);
    for (std::int64_t b = first * kWeightGradientChunk; b < std::min(batch, last * kWeightGradientChunk); ++b) {
        T* gw = parts + (b / kWeightGradientChunk) * part_size;
        lists.load_sample(p, grad, b);
        for (std::int64_t ky = 0; ky < p.kernel; ++ky)
            for (std::int64_t kx = 0; kx < p.kernel; ++kx) {
                const auto [cls, shift] = lists.tap(ky, kx);
                const T* plane = lists.plane.data() + shift * co;
                for (std::int64_t c = 0; c < p.channels; ++c) {
                    const std::int64_t list = c * lists.classes + cls;
                    const std::int32_t* offsets = lists.offset.data() + list * lists.capacity;
                    const T* values = lists.value.data() + list * lists.capacity;
                    const std::int32_t n = lists.count[list];
                    T* target = gw + ((ky * p.kernel + kx) * p.channels + c) * co;
                    if constexpr (Fixed > 0) {
                        Accumulators<T, Fixed, Bytes> acc;
                        acc.load(target);
                        for (std::int32_t i = 0; i < n; ++i)
                            acc.add(plane + offsets[i] * Fixed, values[i]);
                        acc.store(target);
                    } else {
                        for (std::int32_t i = 0; i < n; ++i)
                            add_scaled<T, 0>(target, plane + offsets[i] * co, values[i], co);
                    }
                }
            }
    }
}

#define CSAE_TAP_DISPATCH(T)                                                                                           \
    switch (p.out_channels) {                                                                                          \
    case 1:                                                                                                            \
        return tap_gradient_body<T, 1, kVectorBytes>(p, g, grad, parts, batch, first, last);                           \
    case 2:                                                                                                            \
        return tap_gradient_body<T, 2, kVectorBytes>(p, g, grad, parts, batch, first, last);                           \
    case 12:                                                                                                           \
        return tap_gradient_body<T, 12, kVectorBytes>(p, g, grad, parts, batch, first, last);                          \
    case 16:                                                                                                           \
        return tap_gradient_body<T, 16, kVectorBytes>(p, g, grad, parts, batch, first, last);                          \
    case 32:                                                                                                           \
        return tap_gradient_body<T, 32, kVectorBytes>(p, g, grad, parts, batch, first, last);                          \
    case 64:                                                                                                           \
        return tap_gradient_body<T, 64, kVectorBytes>(p, g, grad, parts, batch, first, last);                          \
    default:                                                                                                           \
        return tap_gradient_body<T, 0, kVectorBytes>(p, g, grad, parts, batch, first, last);                           \
    }

} // namespace

CSAE_KERNEL(void, tap_weight_grad,
            (const Plan<float>& p, const SpikeConvGeometry& g, const float* grad, float* parts, std::int64_t batch,
             std::int64_t first, std::int64_t last),
            (p, g, grad, parts, batch, first, last))
{
    CSAE_TAP_DISPATCH(float)
}
CSAE_KERNEL(void, tap_weight_grad,
            (const Plan<double>& p, const SpikeConvGeometry& g, const double* grad, double* parts, std::int64_t batch,
             std::int64_t first, std::int64_t last),
            (p, g, grad, parts, batch, first, last))
{
    CSAE_TAP_DISPATCH(double)
}

} // namespace csae::spike_conv_detail
