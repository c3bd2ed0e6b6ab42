#include "model/core/file_io.h"

#include "model/core/errors.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <fstream>
#include <map>
#include <system_error>
#include <unistd.h>

namespace csae {

void replace_file_atomically(const std::filesystem::path& file,
                             const std::function<void(const std::filesystem::path& temporary)>& write)
{
    const auto temporary = file.parent_path() / ("." + file.filename().string() + ".tmp" + std::to_string(::getpid()));
    std::error_code ignored;
    try {
        if (std::getenv("CSAE_TEST_PAUSE_WRITE")) {
            std::ofstream{temporary, std::ios::binary | std::ios::trunc}.flush();
            pause_here_for_tests(file, "opened");
        }
        write(temporary);
        if (injected_write_failure(file))
            throw CheckpointError(file.string() + ": cannot write: " + std::generic_category().message(ENOSPC));
        pause_here_for_tests(file, "written");
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

int remove_stale_temporaries(const std::filesystem::path& directory)
{
    int removed = 0;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
        const std::string name = entry.path().filename().string();
        const auto mark = name.rfind(".tmp");
        if (name.empty() || name[0] != '.' || mark == std::string::npos || mark + 4 >= name.size())
            continue;
        const std::string digits = name.substr(mark + 4);
        if (digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9)
            continue;
        const auto pid = static_cast<pid_t>(std::stol(digits));
        // Another process's write still in progress keeps its file; a dead writer's goes.
        if (pid == ::getpid() || (::kill(pid, 0) == 0 || errno == EPERM))
            continue;
        std::error_code ignored;
        if (std::filesystem::remove(entry.path(), ignored))
            ++removed;
    }
    return removed;
}

bool injected_write_failure(const std::filesystem::path& file)
{
    const char* hook = std::getenv("CSAE_TEST_FAIL_WRITE");
    if (!hook)
        return false;
    const std::string setting = hook, name = file.filename().string();
    if (setting.compare(0, name.size() + 1, name + ":") != 0)
        return false;
    static std::map<std::string, long> writes; // per file name, this process
    return ++writes[name] == std::strtol(setting.c_str() + name.size() + 1, nullptr, 10);
}

void pause_here_for_tests(const std::filesystem::path& file, const char* phase)
{
    const char* hook = std::getenv("CSAE_TEST_PAUSE_WRITE");
    if (!hook || std::string(hook) != file.filename().string() + ":" + phase)
        return;
    std::cerr << "csae test hook: paused at " << phase << " of " << file.string() << std::endl;
    for (;;)
        ::pause(); // until the test kills the process
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

std::filesystem::path resource_directory(const std::filesystem::path& built_in, const std::string& installed_name)
{
    std::error_code error;
    const std::filesystem::path executable = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error)
        return built_in;
    const std::filesystem::path installed =
        executable.parent_path().parent_path() / "share" / "csae-studio" / installed_name;
    return std::filesystem::is_directory(installed, error) ? installed : built_in;
}

} // namespace csae
