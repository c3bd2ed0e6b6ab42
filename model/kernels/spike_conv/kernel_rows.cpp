// spike_conv's transposed-convolution forward by kernel rows.

#include "model/kernels/spike_conv/plan.h"

namespace csae::spike_conv_detail {
namespace {

/// Transposed-convolution forward by kernel rows: a nonzero input pixel (iy, ix) adds, for each
/// kernel row ky, one contiguous run of k x out values to output row iy s + ky - p from pixel
/// ix s - p on (channels-last, the k output pixels its kernel columns reach are consecutive), the
/// sum over its nonzero channels c of value x w[c][ky][...] formed in registers first. That is
/// k read-modify-writes of a run per pixel where the scatter does k x k of out values each. Rows
/// go through a per-sample plane with k pixels of margin left and right (clipped columns land
/// there and are dropped) and room for the last run's vector rounding (`wr` rows are padded with
/// zeros to V vectors); within a row the pixels are taken even ones first, so that at deconv1's
/// shape (stride 2, 12 output channels: runs 48 values apart) consecutive runs sit whole vectors
/// apart and each load finds the previous store at the same address. Any order gives the same
/// sums.
template <class T, int V, int Bytes>
__attribute__((always_inline)) inline void transposed_rows_body(const Plan<T>& p, std::int64_t stride,
                                                                std::int64_t padding, const T* wr, const T* bias,
                                                                T* out, std::int64_t first, std::int64_t last)
{
    // Rows of 512 bits (`wr` is packed so), computed in the level's registers.
    constexpr std::int64_t kWidth = 64 / sizeof(T);
    typedef WideVector<T, kWidth, Bytes> Vector;
    const std::int64_t k = p.kernel, co = p.out_channels, channels = p.channels, row_values = p.width * channels;
    const std::int64_t plane_w = p.out_width + 2 * k + (V * kWidth + co - 1) / co;
    std::vector<T> plane(static_cast<std::size_t>(p.out_height * plane_w * co));
    std::vector<std::int32_t> position(static_cast<std::size_t>(row_values + kCompactSlack));
    std::vector<T> value(position.size());
    std::vector<std::int32_t> pixel_begin(static_cast<std::size_t>(p.width + 1));
    for (std::int64_t b = first; b < last; ++b) {
        for (std::int64_t oy = 0; oy < p.out_height; ++oy)
            for (std::int64_t ox = 0; ox < p.out_width; ++ox)
                for (std::int64_t o = 0; o < co; ++o)
                    plane[((oy * plane_w) + ox + k) * co + o] = bias ? bias[o] : T(0);
        for (std::int64_t iy = 0; iy < p.height; ++iy) {
            compact_input_row(p.input + b * p.stride_b + iy * p.stride_y, p.width, channels, position.data(),
                              value.data(), 0, pixel_begin.data());
            for (std::int64_t parity = 0; parity < 2; ++parity)
                for (std::int64_t ix = parity; ix < p.width; ix += 2) {
                    const std::int32_t begin = pixel_begin[ix], end = pixel_begin[ix + 1];
                    if (begin == end)
                        continue;
                    for (std::int64_t ky = 0; ky < k; ++ky) {
                        const std::int64_t oy = iy * stride + ky - padding;
                        if (oy < 0 || oy >= p.out_height)
                            continue;
                        Vector acc[V];
                        for (int v = 0; v < V; ++v)
                            acc[v] = Vector{};
                        for (std::int32_t i = begin; i < end; ++i) {
                            const T* w = wr + ((position[i] - ix * channels) * k + ky) * V * kWidth;
                            const T x = value[i];
                            for (int v = 0; v < V; ++v) {
                                Vector wv;
                                wv.load(w + v * kWidth);
                                acc[v] += x * wv;
                            }
                        }
                        T* run = plane.data() + (oy * plane_w + ix * stride - padding + k) * co;
                        for (int v = 0; v < V; ++v) {
                            Vector o;
                            o.load(run + v * kWidth);
                            o += acc[v];
                            o.store(run + v * kWidth);
                        }
                    }
                }
        }
        T* target = out + b * p.out_height * p.out_width * co;
        for (std::int64_t oy = 0; oy < p.out_height; ++oy)
            std::memcpy(target + oy * p.out_width * co, plane.data() + (oy * plane_w + k) * co,
                        static_cast<std::size_t>(p.out_width * co) * sizeof(T));
    }
}

#define CSAE_TRANSPOSED_ROWS_DISPATCH(T)                                                                               \
    switch (vectors) {                                                                                                 \
    case 1:                                                                                                            \
        return transposed_rows_body<T, 1, kVectorBytes>(p, stride, padding, wr, bias, out, first, last);               \
    case 2:                                                                                                            \
        return transposed_rows_body<T, 2, kVectorBytes>(p, stride, padding, wr, bias, out, first, last);               \
    case 3:                                                                                                            \
        return transposed_rows_body<T, 3, kVectorBytes>(p, stride, padding, wr, bias, out, first, last);               \
    case 4:                                                                                                            \
        return transposed_rows_body<T, 4, kVectorBytes>(p, stride, padding, wr, bias, out, first, last);               \
    case 5:                                                                                                            \
        return transposed_rows_body<T, 5, kVectorBytes>(p, stride, padding, wr, bias, out, first, last);               \
    case 6:                                                                                                            \
        return transposed_rows_body<T, 6, kVectorBytes>(p, stride, padding, wr, bias, out, first, last);               \
    case 7:                                                                                                            \
        return transposed_rows_body<T, 7, kVectorBytes>(p, stride, padding, wr, bias, out, first, last);               \
    case 8:                                                                                                            \
        return transposed_rows_body<T, 8, kVectorBytes>(p, stride, padding, wr, bias, out, first, last);               \
    }

} // namespace

CSAE_KERNEL(void, transposed_rows,
            (const Plan<float>& p, std::int64_t vectors, std::int64_t stride, std::int64_t padding, const float* wr,
             const float* bias, float* out, std::int64_t first, std::int64_t last),
            (p, vectors, stride, padding, wr, bias, out, first, last))
{
    CSAE_TRANSPOSED_ROWS_DISPATCH(float)
}
CSAE_KERNEL(void, transposed_rows,
            (const Plan<double>& p, std::int64_t vectors, std::int64_t stride, std::int64_t padding, const double* wr,
             const double* bias, double* out, std::int64_t first, std::int64_t last),
            (p, vectors, stride, padding, wr, bias, out, first, last))
{
    CSAE_TRANSPOSED_ROWS_DISPATCH(double)
}

} // namespace csae::spike_conv_detail
