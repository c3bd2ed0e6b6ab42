#pragma once
// A minimal PNG encoder on zlib, so that the engine can write pictures (TensorBoard's images)
// without Qt or OpenCV. Plain C++; any thread.

#include <cstdint>
#include <string>

namespace csae {

/// An 8-bit PNG of height × width pixels, row-major: grey when channels is 1, RGB when 3.
/// Throws std::invalid_argument on other channel counts or an empty image.
std::string encode_png(const std::uint8_t* pixels, int width, int height, int channels);

} // namespace csae
