#include "model/export/png_encoder.h"

#include <zlib.h>

#include <stdexcept>
#include <vector>

namespace csae {
namespace {

void put_u32(std::string& out, std::uint32_t value)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<char>((value >> shift) & 0xFF));
}

void put_chunk(std::string& out, const char* type, const std::string& data)
{
    put_u32(out, static_cast<std::uint32_t>(data.size()));
    const std::string typed = std::string(type, 4) + data;
    out += typed;
    put_u32(out, static_cast<std::uint32_t>(
                     ::crc32(0L, reinterpret_cast<const Bytef*>(typed.data()), static_cast<uInt>(typed.size()))));
}

} // namespace

std::string encode_png(const std::uint8_t* pixels, int width, int height, int channels)
{
    if (channels != 1 && channels != 3)
        throw std::invalid_argument("encode_png: channels must be 1 or 3");
    if (width <= 0 || height <= 0)
        throw std::invalid_argument("encode_png: empty image");
    const std::size_t row = static_cast<std::size_t>(width) * static_cast<std::size_t>(channels);
    // Each row starts with its filter type; 0 (none) keeps the encoder trivial.
    std::vector<std::uint8_t> raw;
    raw.reserve((row + 1) * static_cast<std::size_t>(height));
    for (int y = 0; y < height; ++y) {
        raw.push_back(0);
        raw.insert(raw.end(), pixels + static_cast<std::size_t>(y) * row,
                   pixels + static_cast<std::size_t>(y + 1) * row);
    }
    uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
    std::string packed(packed_size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, raw.data(), static_cast<uLong>(raw.size()),
                  Z_BEST_SPEED) != Z_OK)
        throw std::runtime_error("encode_png: zlib failed");
    packed.resize(packed_size);

    std::string header;
    put_u32(header, static_cast<std::uint32_t>(width));
    put_u32(header, static_cast<std::uint32_t>(height));
    header.push_back(8);                                        // bit depth
    header.push_back(static_cast<char>(channels == 1 ? 0 : 2)); // colour type: grey or RGB
    header.append(3, '\0');                                     // deflate, adaptive filtering, no interlace

    std::string out("\x89PNG\r\n\x1a\n", 8);
    put_chunk(out, "IHDR", header);
    put_chunk(out, "IDAT", packed);
    put_chunk(out, "IEND", {});
    return out;
}

} // namespace csae
