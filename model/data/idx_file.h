#pragma once
// Reader for the IDX format used by MNIST and Fashion-MNIST (raw or gzip-compressed).
// Every file is treated as untrusted: sizes are validated against a hard cap before
// anything is allocated, and every failure is a csae::DataError naming the file.

#include <cstdint>
#include <filesystem>
#include <vector>

namespace csae {

/// Unsigned-byte images from an IDX3 file (magic 0x00000803).
struct IdxImages {
    std::int64_t count = 0;
    std::int64_t rows = 0;
    std::int64_t cols = 0;
    /// Row-major, count * rows * cols bytes: image i starts at i * rows * cols.
    std::vector<std::uint8_t> pixels;
};

/// Unsigned-byte labels from an IDX1 file (magic 0x00000801).
struct IdxLabels {
    std::vector<std::uint8_t> labels;
};

/// Largest payload (bytes after the header) a file may declare; anything bigger is
/// rejected before allocation so that a corrupt header cannot exhaust memory.
inline constexpr std::uint64_t max_idx_payload_bytes = std::uint64_t{1} << 31;

/// Reads an IDX3 unsigned-byte image file. The file may be raw or gzip-compressed;
/// compression is detected from the content (bytes 1f 8b), not from the extension.
/// Throws DataError if the file cannot be opened, is empty, has a bad magic number,
/// a truncated header, zero or absurd dimensions, fewer or more payload bytes than the
/// header declares, or a corrupt gzip stream.
IdxImages read_idx_images(const std::filesystem::path& file);

/// Reads an IDX1 unsigned-byte label file, raw or gzip-compressed, with the same
/// validation as read_idx_images.
IdxLabels read_idx_labels(const std::filesystem::path& file);

/// Throws DataError, naming both files, if the number of images differs from the
/// number of labels.
void check_idx_pair(const IdxImages& images, const std::filesystem::path& images_file, const IdxLabels& labels,
                    const std::filesystem::path& labels_file);

} // namespace csae
