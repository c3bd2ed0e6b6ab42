#include "model/data/idx_file.h"

#include "model/core/errors.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace csae {
namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t idx_images_magic = 0x00000803;
constexpr std::uint32_t idx_labels_magic = 0x00000801;

// Reading in bounded chunks means a header that lies about the payload size can only
// make us allocate as much as the file actually delivers (plus vector slack).
constexpr std::size_t read_chunk_bytes = std::size_t{1} << 20;

// A gzip "bomb" could inflate to terabytes of trailing junk; past this we stop counting.
constexpr std::uint64_t max_counted_trailing_bytes = std::uint64_t{1} << 20;

// Enough to hold MNIST's 47 MB training set without reallocating, yet small enough that
// a forged header on a tiny gzip file cannot force a large up-front allocation.
constexpr std::size_t max_speculative_reserve_bytes = std::size_t{64} << 20;

[[noreturn]] void fail(const fs::path& file, std::string_view reason)
{
    throw DataError(file.string() + ": " + std::string(reason));
}

std::string hex32(std::uint32_t value)
{
    char text[16];
    std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(value));
    return text;
}

std::uint32_t read_big_endian_u32(const std::uint8_t* bytes)
{
    return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) | (std::uint32_t{bytes[2]} << 8) |
           std::uint32_t{bytes[3]};
}

/// Sequential byte stream over a raw or gzip file. read() returns fewer bytes than
/// asked only at end of data and throws DataError on I/O or decompression errors.
class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual std::size_t read(std::uint8_t* destination, std::size_t byte_count) = 0;
    /// Bytes left before end of data, when knowable without reading (raw regular files).
    virtual std::optional<std::uint64_t> remaining_bytes() const = 0;
};

struct FileCloser {
    void operator()(std::FILE* handle) const { std::fclose(handle); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

class RawFileSource final : public ByteSource {
public:
    RawFileSource(FileHandle handle, fs::path file, std::optional<std::uint64_t> file_size)
        : handle_(std::move(handle)), file_(std::move(file)), file_size_(file_size)
    {}

    std::size_t read(std::uint8_t* destination, std::size_t byte_count) override
    {
        const std::size_t got = std::fread(destination, 1, byte_count, handle_.get());
        if (got < byte_count && std::ferror(handle_.get()))
            fail(file_, std::string("read error: ") + std::strerror(errno));
        consumed_ += got;
        return got;
    }

    std::optional<std::uint64_t> remaining_bytes() const override
    {
        if (!file_size_ || *file_size_ < consumed_)
            return std::nullopt;
        return *file_size_ - consumed_;
    }

private:
    FileHandle handle_;
    fs::path file_;
    std::optional<std::uint64_t> file_size_;
    std::uint64_t consumed_ = 0;
};

struct GzipCloser {
    void operator()(gzFile handle) const { gzclose_r(handle); }
};
using GzipHandle = std::unique_ptr<gzFile_s, GzipCloser>;

class GzipFileSource final : public ByteSource {
public:
    GzipFileSource(GzipHandle handle, fs::path file) : handle_(std::move(handle)), file_(std::move(file)) {}

    std::size_t read(std::uint8_t* destination, std::size_t byte_count) override
    {
        std::size_t total = 0;
        while (total < byte_count) {
            const auto request = static_cast<unsigned>(std::min(byte_count - total, read_chunk_bytes));
            const int got = gzread(handle_.get(), destination + total, request);
            if (got > 0)
                total += static_cast<std::size_t>(got);
            if (got < static_cast<int>(request)) {
                // zlib reports a truncated stream (Z_BUF_ERROR) without failing gzread, so a
                // short read must always be followed by a look at the error state.
                throw_if_stream_error();
                break;
            }
        }
        return total;
    }

    std::optional<std::uint64_t> remaining_bytes() const override { return std::nullopt; }

private:
    void throw_if_stream_error() const
    {
        int error_code = Z_OK;
        const char* message = gzerror(handle_.get(), &error_code);
        if (error_code == Z_OK)
            return;
        std::string reason = message ? message : "unknown zlib error";
        // zlib prefixes its messages with the path it was opened with; we add our own.
        const std::string path_prefix = file_.string() + ": ";
        if (reason.starts_with(path_prefix))
            reason.erase(0, path_prefix.size());
        if (error_code == Z_ERRNO)
            fail(file_, "read error: " + reason);
        fail(file_, "corrupt gzip stream: " + reason);
    }

    GzipHandle handle_;
    fs::path file_;
};

std::unique_ptr<ByteSource> open_source(const fs::path& file)
{
    std::error_code status_error;
    if (fs::is_directory(file, status_error))
        fail(file, std::string("cannot open: ") + std::strerror(EISDIR));

    FileHandle raw(std::fopen(file.c_str(), "rb"));
    if (!raw)
        fail(file, std::string("cannot open: ") + std::strerror(errno));

    std::array<std::uint8_t, 2> signature{};
    const std::size_t signature_bytes = std::fread(signature.data(), 1, signature.size(), raw.get());
    if (signature_bytes == 0) {
        if (std::ferror(raw.get()))
            fail(file, std::string("read error: ") + std::strerror(errno));
        fail(file, "file is empty");
    }

    const bool is_gzip = signature_bytes == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
    if (!is_gzip) {
        std::rewind(raw.get());
        std::error_code size_error;
        const std::uintmax_t size = fs::file_size(file, size_error);
        std::optional<std::uint64_t> known_size;
        if (!size_error)
            known_size = static_cast<std::uint64_t>(size);
        return std::make_unique<RawFileSource>(std::move(raw), file, known_size);
    }

    raw.reset();
    errno = 0;
    GzipHandle gzip(gzopen(file.c_str(), "rb"));
    if (!gzip)
        fail(file, std::string("cannot open: ") + (errno != 0 ? std::strerror(errno) : "zlib could not open it"));
    gzbuffer(gzip.get(), 128 * 1024);
    return std::make_unique<GzipFileSource>(std::move(gzip), file);
}

struct IdxContent {
    std::vector<std::uint32_t> dims;
    std::vector<std::uint8_t> payload;
};

std::string format_dims(const std::vector<std::uint32_t>& dims)
{
    std::string text;
    for (std::size_t i = 0; i < dims.size(); ++i) {
        if (i > 0)
            text += " x ";
        text += std::to_string(dims[i]);
    }
    return text;
}

/// Declared payload size, or a DataError if any dimension is zero or the product
/// exceeds max_idx_payload_bytes (checked step by step so it cannot overflow).
std::uint64_t checked_payload_bytes(const fs::path& file, const std::vector<std::uint32_t>& dims)
{
    if (dims.front() == 0)
        fail(file, "no samples (count is 0)");
    std::uint64_t bytes = 1;
    for (const std::uint32_t dim : dims) {
        if (dim == 0)
            fail(file, "absurd dimensions " + format_dims(dims) + " (a sample dimension is 0)");
        if (bytes > max_idx_payload_bytes / dim)
            fail(file, "absurd dimensions " + format_dims(dims) + " (more than " +
                           std::to_string(max_idx_payload_bytes) + " bytes of data)");
        bytes *= dim;
    }
    return bytes;
}

void fail_truncated_data(const fs::path& file, std::uint64_t expected, std::uint64_t found)
{
    fail(file, "truncated data: expected " + std::to_string(expected) + " bytes after header, found " +
                   std::to_string(found));
}

void fail_trailing_bytes(const fs::path& file, std::uint64_t trailing)
{
    if (trailing > max_counted_trailing_bytes)
        fail(file, "more than " + std::to_string(max_counted_trailing_bytes) + " trailing bytes after data");
    fail(file, std::to_string(trailing) + " trailing bytes after data");
}

std::uint64_t count_trailing_bytes(ByteSource& source)
{
    std::array<std::uint8_t, 64 * 1024> scratch{};
    std::uint64_t trailing = 0;
    while (trailing <= max_counted_trailing_bytes) {
        const std::size_t got = source.read(scratch.data(), scratch.size());
        trailing += got;
        if (got < scratch.size())
            break;
    }
    return trailing;
}

IdxContent read_idx(const fs::path& file, std::uint32_t expected_magic, std::string_view kind, std::size_t dim_count)
{
    std::unique_ptr<ByteSource> source = open_source(file);

    const std::size_t header_bytes = 4 + 4 * dim_count;
    std::array<std::uint8_t, 16> header{};
    const std::size_t header_got = source->read(header.data(), header_bytes);
    if (header_got == 0) // raw files were already caught by open_source
        fail(file, "file is empty (gzip stream holds no data)");
    // The magic is checked before completeness so that a mixed-up file (labels given as
    // images) is reported as such rather than as a short header.
    if (header_got >= 4) {
        const std::uint32_t magic = read_big_endian_u32(header.data());
        if (magic != expected_magic)
            fail(file,
                 "bad magic " + hex32(magic) + ", expected " + hex32(expected_magic) + " (" + std::string(kind) + ")");
    }
    if (header_got < header_bytes)
        fail(file,
             "truncated header (" + std::to_string(header_got) + " of " + std::to_string(header_bytes) + " bytes)");

    IdxContent content;
    for (std::size_t i = 0; i < dim_count; ++i)
        content.dims.push_back(read_big_endian_u32(header.data() + 4 + 4 * i));
    const std::uint64_t expected = checked_payload_bytes(file, content.dims);

    if (const auto remaining = source->remaining_bytes()) {
        // Raw files: decide before allocating anything.
        if (*remaining < expected)
            fail_truncated_data(file, expected, *remaining);
        if (*remaining > expected)
            fail_trailing_bytes(file, *remaining - expected);
        content.payload.reserve(static_cast<std::size_t>(expected));
    } else {
        content.payload.reserve(
            static_cast<std::size_t>(std::min<std::uint64_t>(expected, max_speculative_reserve_bytes)));
    }

    while (content.payload.size() < expected) {
        const std::size_t filled = content.payload.size();
        const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(expected - filled, read_chunk_bytes));
        content.payload.resize(filled + chunk);
        const std::size_t got = source->read(content.payload.data() + filled, chunk);
        content.payload.resize(filled + got);
        if (got < chunk)
            break;
    }
    if (content.payload.size() < expected)
        fail_truncated_data(file, expected, content.payload.size());

    // Reading past the payload also makes zlib verify the gzip CRC and length trailer.
    if (const std::uint64_t trailing = count_trailing_bytes(*source); trailing > 0)
        fail_trailing_bytes(file, trailing);

    return content;
}

} // namespace

IdxImages read_idx_images(const std::filesystem::path& file)
{
    IdxContent content = read_idx(file, idx_images_magic, "IDX images", 3);
    IdxImages images;
    images.count = content.dims[0];
    images.rows = content.dims[1];
    images.cols = content.dims[2];
    images.pixels = std::move(content.payload);
    return images;
}

IdxLabels read_idx_labels(const std::filesystem::path& file)
{
    IdxContent content = read_idx(file, idx_labels_magic, "IDX labels", 1);
    IdxLabels labels;
    labels.labels = std::move(content.payload);
    return labels;
}

void check_idx_pair(const IdxImages& images, const std::filesystem::path& images_file, const IdxLabels& labels,
                    const std::filesystem::path& labels_file)
{
    const auto label_count = static_cast<std::int64_t>(labels.labels.size());
    if (images.count != label_count)
        throw DataError("image/label count mismatch: " + images_file.string() + " has " + std::to_string(images.count) +
                        " images but " + labels_file.string() + " has " + std::to_string(label_count) + " labels");
}

} // namespace csae
