#pragma once
// Replacing files so that a crash never leaves a half-written one: config.json, metrics.jsonl
// rewrites and checkpoints all go through here.

#include <filesystem>
#include <functional>
#include <string>

namespace csae {

/// Calls `write` with a temporary path beside `file`, then renames it over `file`. When
/// `write` throws or the rename fails the temporary file is removed and `file` is untouched;
/// rename failures (and an injected full disk, see injected_write_failure) throw
/// CheckpointError naming `file`.
void replace_file_atomically(const std::filesystem::path& file,
                             const std::function<void(const std::filesystem::path& temporary)>& write);

/// Removes what replace_file_atomically leaves behind when its process is killed (SIGKILL, a
/// power cut): files named ".<name>.tmp<pid>" in `directory` whose process no longer runs.
/// Returns how many it removed.
int remove_stale_temporaries(const std::filesystem::path& directory);

/// Crash-consistency test hook: with CSAE_TEST_PAUSE_WRITE=NAME:PHASE in the environment, the
/// write of the file named NAME stops at PHASE, prints "csae test hook: paused at PHASE of PATH"
/// on stderr and waits to be killed. Phases: "opened" (the temporary exists, still empty) and
/// "written" (complete, not yet renamed) in replace_file_atomically; "torn" (half a row
/// appended) in the metrics log. Without the variable it does nothing.
void pause_here_for_tests(const std::filesystem::path& file, const char* phase);

/// Full-disk test hook: with CSAE_TEST_FAIL_WRITE=NAME:N in the environment, the N-th write of
/// the file named NAME in this process (counting from 1) reports true, and its caller fails it
/// as a full disk would (ENOSPC). Without the variable it is always false.
bool injected_write_failure(const std::filesystem::path& file);

/// Writes `text` to `file` atomically (replace_file_atomically). Throws CheckpointError.
void write_file_atomically(const std::filesystem::path& file, const std::string& text);

/// "mm:ss" below an hour, "h:mm:ss" above, "--:--" for negative, NaN or absurd values:
/// the elapsed time and ETA of the CLI's progress line and the studio's status bar.
std::string format_duration(double seconds);

/// A folder of resources (presets, study presets): share/csae-studio/<installed_name> beside this
/// executable's bin/ folder when it exists (an installed program, e.g. from the Debian package),
/// else `built_in` (the source tree the program was built from). Any thread.
std::filesystem::path resource_directory(const std::filesystem::path& built_in, const std::string& installed_name);

} // namespace csae
