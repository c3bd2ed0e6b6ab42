#pragma once
// Error types the engine throws for bad input. Every message names the offending
// file or config key and the reason, so the CLI can print it as one line and exit 2.

#include <stdexcept>
#include <string>

namespace csae {

/// A data file (IDX, AEDAT, labels) is missing, truncated or malformed, or no dataset was found.
class DataError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A configuration key is unknown or its value is out of range.
class ConfigError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A checkpoint or run directory cannot be read or written.
class CheckpointError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace csae
