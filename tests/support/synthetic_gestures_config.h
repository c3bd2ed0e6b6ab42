#pragma once
// The configuration the DVS tests share: synthetic gestures generated into, and binned samples
// cached in, a test's temporary directory; each gesture split into `steps` bins. Tests set the
// model and training sizes they need on top.

#include "model/config/config.h"

#include <QTemporaryDir>

#include <filesystem>

namespace csae::testing {

inline Config synthetic_gestures_config(const QTemporaryDir& dir, std::int64_t steps)
{
    const std::filesystem::path root(dir.path().toStdString());
    Config config;
    config.data.dataset = Dataset::SyntheticGestures;
    config.data.root = (root / "gestures").string();
    config.data.cache_dir = (root / "cache").string();
    config.data.bin_us = 0;
    config.encoding.steps = steps;
    return config;
}

} // namespace csae::testing
