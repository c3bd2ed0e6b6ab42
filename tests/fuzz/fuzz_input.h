#pragma once
// What every fuzz target shares: the parsers read files, so each input is handed to them as a
// file - an anonymous in-memory one (memfd), read through its /proc/self/fd path - and the only
// acceptable failure is the engine's InputError with its message. Anything else (another
// exception, a crash, a sanitizer report) is a finding.

#include "model/core/errors.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace csae::fuzz {

/// The bytes as a file for the length of one call.
class InputFile {
public:
    InputFile(const std::uint8_t* data, std::size_t size)
    {
        descriptor_ = ::memfd_create("csae-fuzz", 0);
        if (descriptor_ < 0)
            std::abort();
        for (std::size_t written = 0; written < size;) {
            const ssize_t n = ::write(descriptor_, data + written, size - written);
            if (n <= 0)
                std::abort();
            written += static_cast<std::size_t>(n);
        }
        path_ = "/proc/self/fd/" + std::to_string(descriptor_);
    }
    ~InputFile() { ::close(descriptor_); }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    int descriptor_ = -1;
    std::filesystem::path path_;
};

/// Runs `parse`; an InputError is the parser refusing bad input, as it should.
template <class Parse>
void expect_clean_refusal(Parse&& parse)
{
    try {
        parse();
    } catch (const InputError&) {
    }
}

} // namespace csae::fuzz
