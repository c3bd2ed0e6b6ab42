#pragma once
// Named configurations kept as files in resources/presets/<name>.json:
//   {"description": "one line", "config": { ...the same nesting as config.json... }}
// `csae presets` lists them, `csae train --preset NAME` starts from one, and the studio's
// Session menu offers them. Plain C++; any thread.

#include "model/config/config.h"

#include <filesystem>
#include <string>
#include <vector>

namespace csae {

struct Preset {
    std::string name;        ///< the file's stem
    std::string description; ///< one line
    Config config;           ///< the defaults with the preset's keys applied
    std::filesystem::path file;
};

/// $CSAE_PRESETS when set, else the project's resources/presets.
std::filesystem::path presets_directory();

/// Reads one preset file; a malformed file, an unknown key or a bad value throws ConfigError
/// naming the file and the key.
Preset load_preset_file(const std::filesystem::path& file);

/// The preset called `name` in `directory`; ConfigError listing the presets there when there
/// is none of that name.
Preset load_preset(const std::string& name, const std::filesystem::path& directory = presets_directory());

/// Every preset in `directory`, sorted by name.
std::vector<Preset> list_presets(const std::filesystem::path& directory = presets_directory());

} // namespace csae
