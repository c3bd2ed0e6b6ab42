// spike_conv's tap tables: which output coordinates, through which kernel indices, each input
// coordinate reaches (and the inverse), and the row-list forward's per-column window tables.

#include "model/kernels/spike_conv/plan.h"

#include <c10/util/Exception.h>

#include <algorithm>
#include <limits>

namespace csae::spike_conv_detail {

Taps taps_of(std::int64_t in, std::int64_t out, std::int64_t k, const SpikeConvGeometry& g)
{
    Taps taps;
    taps.begin.push_back(0);
    for (std::int64_t i = 0; i < in; ++i) {
        for (std::int64_t kk = 0; kk < k; ++kk) {
            std::int64_t o = 0;
            if (g.transposed) {
                o = i * g.stride + kk - g.padding; // out[o] += w[kk] * in[i]
            } else {
                const std::int64_t shifted = i + g.padding - kk; // in[o * stride + kk - padding]
                if (shifted < 0 || shifted % g.stride != 0)
                    continue;
                o = shifted / g.stride;
            }
            if (o < 0 || o >= out)
                continue;
            taps.kernel.push_back(static_cast<std::int32_t>(kk));
            taps.output.push_back(static_cast<std::int32_t>(o));
        }
        taps.begin.push_back(static_cast<std::int32_t>(taps.kernel.size()));
    }
    return taps;
}

OutputTaps output_taps_of(std::int64_t in, std::int64_t out, std::int64_t k, const SpikeConvGeometry& g)
{
    const Taps by_input = taps_of(in, out, k, g);
    std::vector<std::vector<std::pair<std::int32_t, std::int32_t>>> lists(static_cast<std::size_t>(out));
    for (std::int64_t i = 0; i < in; ++i)
        for (std::int32_t j = by_input.begin[i]; j < by_input.begin[i + 1]; ++j)
            lists[static_cast<std::size_t>(by_input.output[j])].emplace_back(by_input.kernel[j],
                                                                             static_cast<std::int32_t>(i));
    OutputTaps taps;
    taps.begin.push_back(0);
    for (const auto& list : lists) {
        for (const auto& [kernel, input] : list) {
            taps.kernel.push_back(kernel);
            taps.input.push_back(input);
        }
        taps.begin.push_back(static_cast<std::int32_t>(taps.kernel.size()));
    }
    return taps;
}

WindowTables window_tables(const OutputTaps& cols, std::int64_t out_w, std::int64_t channels, std::int64_t out_channels)
{
    WindowTables t;
    std::int64_t widest = 0;
    for (std::int64_t o = 0; o < out_w; ++o)
        widest = std::max<std::int64_t>(widest, cols.begin[o + 1] - cols.begin[o]);
    t.stride = (widest * channels + 15) / 16 * 16;
    t.offsets.assign(static_cast<std::size_t>(out_w * t.stride), 0);
    for (std::int64_t o = 0; o < out_w; ++o) {
        std::int32_t lowest = std::numeric_limits<std::int32_t>::max();
        for (std::int32_t j = cols.begin[o]; j < cols.begin[o + 1]; ++j)
            lowest = std::min(lowest, cols.input[j]);
        const std::int32_t pixels = cols.begin[o + 1] - cols.begin[o];
        t.first.push_back(pixels > 0 ? lowest : 0);
        t.length.push_back(static_cast<std::int32_t>(pixels * channels));
        for (std::int32_t j = cols.begin[o]; j < cols.begin[o + 1]; ++j) {
            const std::int64_t q = cols.input[j] - lowest;
            TORCH_INTERNAL_ASSERT(q >= 0 && q < pixels, "spike_conv: a window's input pixels are not consecutive");
            for (std::int64_t c = 0; c < channels; ++c)
                t.offsets[static_cast<std::size_t>(o * t.stride + q * channels + c)] =
                    static_cast<std::int32_t>((cols.kernel[j] * channels + c) * out_channels);
        }
    }
    return t;
}

} // namespace csae::spike_conv_detail
