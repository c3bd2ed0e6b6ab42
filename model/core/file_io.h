#pragma once
// Replacing files so that a crash never leaves a half-written one: config.json, metrics.jsonl
// rewrites and checkpoints all go through here.

#include <filesystem>
#include <functional>
#include <string>

namespace csae {

/// Calls `write` with a temporary path beside `file`, then renames it over `file`. When
/// `write` throws or the rename fails the temporary file is removed and `file` is untouched;
/// rename failures throw CheckpointError naming `file`.
void replace_file_atomically(const std::filesystem::path& file,
                             const std::function<void(const std::filesystem::path& temporary)>& write);

/// Writes `text` to `file` atomically (replace_file_atomically). Throws CheckpointError.
void write_file_atomically(const std::filesystem::path& file, const std::string& text);

/// "mm:ss" below an hour, "h:mm:ss" above, "--:--" for negative, NaN or absurd values:
/// the elapsed time and ETA of the CLI's progress line and the studio's status bar.
std::string format_duration(double seconds);

} // namespace csae
