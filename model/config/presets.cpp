#include "model/config/presets.h"

#include "model/core/errors.h"
#include "model/core/file_io.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>

namespace csae {

std::filesystem::path presets_directory()
{
    if (const char* from_environment = std::getenv("CSAE_PRESETS"); from_environment && *from_environment)
        return from_environment;
    return resource_directory(CSAE_PRESETS_DIR, "presets");
}

Preset load_preset_file(const std::filesystem::path& file)
{
    const std::string where = file.string();
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw ConfigError(where + ": cannot open preset file");
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(stream);
    } catch (const nlohmann::json::exception& error) {
        throw ConfigError(where + ": not valid JSON: " + error.what());
    }
    if (!document.is_object())
        throw ConfigError(where + ": a preset is a JSON object with \"description\" and \"config\"");
    for (const auto& [key, value] : document.items())
        if (key != "description" && key != "config")
            throw ConfigError(where + ": " + key + ": unknown key (a preset has \"description\" and \"config\")");
    if (!document.contains("description") || !document["description"].is_string())
        throw ConfigError(where + ": description: missing or not a string");
    if (!document.contains("config"))
        throw ConfigError(where + ": config: missing");
    Preset preset;
    preset.name = file.stem().string();
    preset.description = document["description"].get<std::string>();
    preset.file = file;
    try {
        preset.config = Config::from_json(document["config"]);
    } catch (const ConfigError& error) {
        throw ConfigError(where + ": " + error.what());
    }
    return preset;
}

std::vector<Preset> list_presets(const std::filesystem::path& directory)
{
    std::vector<Preset> presets;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(directory, error))
        if (entry.is_regular_file() && entry.path().extension() == ".json")
            presets.push_back(load_preset_file(entry.path()));
    std::sort(presets.begin(), presets.end(), [](const Preset& a, const Preset& b) { return a.name < b.name; });
    return presets;
}

Preset load_preset(const std::string& name, const std::filesystem::path& directory)
{
    const std::filesystem::path file = directory / (name + ".json");
    if (name.empty() || name.find('/') != std::string::npos || !std::filesystem::is_regular_file(file)) {
        std::vector<std::string> names;
        std::error_code error;
        for (const auto& entry : std::filesystem::directory_iterator(directory, error))
            if (entry.path().extension() == ".json")
                names.push_back(entry.path().stem().string());
        std::sort(names.begin(), names.end());
        std::string known;
        for (const auto& known_name : names)
            known += (known.empty() ? "" : ", ") + known_name;
        throw ConfigError("--preset: \"" + name + "\" is not a preset in " + directory.string() +
                          " (presets: " + (known.empty() ? "none" : known) + ")");
    }
    return load_preset_file(file);
}

} // namespace csae
