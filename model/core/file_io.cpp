#include "model/core/file_io.h"

#include "model/core/errors.h"

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <system_error>
#include <unistd.h>

namespace csae {

void replace_file_atomically(const std::filesystem::path& file,
                             const std::function<void(const std::filesystem::path& temporary)>& write)
{
    const auto temporary = file.parent_path() / ("." + file.filename().string() + ".tmp" + std::to_string(::getpid()));
    std::error_code ignored;
    try {
        write(temporary);
    } catch (...) {
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    std::error_code error;
    std::filesystem::rename(temporary, file, error);
    if (error) {
        std::filesystem::remove(temporary, ignored);
        throw CheckpointError(file.string() + ": cannot replace: " + error.message());
    }
}

void write_file_atomically(const std::filesystem::path& file, const std::string& text)
{
    replace_file_atomically(file, [&](const std::filesystem::path& temporary) {
        std::ofstream stream(temporary, std::ios::binary | std::ios::trunc);
        if (!stream)
            throw CheckpointError(temporary.string() + ": cannot write: " + std::generic_category().message(errno));
        stream.write(text.data(), static_cast<std::streamsize>(text.size()));
        stream.flush();
        if (!stream)
            throw CheckpointError(temporary.string() + ": write failed: " + std::generic_category().message(errno));
    });
}

std::string format_duration(double seconds)
{
    if (!(seconds >= 0.0) || seconds > 1e7)
        return "--:--";
    const auto total = static_cast<long>(seconds + 0.5);
    char text[32];
    if (total >= 3600)
        std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", total / 3600, (total / 60) % 60, total % 60);
    else
        std::snprintf(text, sizeof text, "%02ld:%02ld", total / 60, total % 60);
    return text;
}

} // namespace csae
