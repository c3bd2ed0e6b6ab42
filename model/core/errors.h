#pragma once
// Error types the engine throws for bad input. Every message names the offending file or
// config key and the reason, so the CLI can print it as one line and exit 2. They share one
// base, InputError, so a caller that treats them alike needs one catch.

#include <stdexcept>
#include <string>

namespace csae {

/// Bad input of any kind: a file, a configuration value, a checkpoint, a command line.
class InputError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A data file (IDX, AEDAT, labels) is missing, truncated or malformed, or no dataset was found.
class DataError : public InputError {
public:
    using InputError::InputError;
};

/// A configuration key is unknown or its value is out of range.
class ConfigError : public InputError {
public:
    using InputError::InputError;
};

/// A checkpoint or run directory cannot be read or written.
class CheckpointError : public InputError {
public:
    using InputError::InputError;
};

} // namespace csae
