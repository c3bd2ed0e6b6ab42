#pragma once
// Error types the engine throws. Bad input: every message names the offending file or config
// key and the reason, so the CLI can print it as one line and exit 2; they share one base,
// InputError, so a caller that treats them alike needs one catch. ComputeError: the rest.

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

/// A failure inside the computation, not caused by bad input: a LibTorch or oneDNN error, an
/// unsupported type, memory exhausted. The message says what was being done (the step, the
/// pass, the layer where known); the CLI prints it and exits 1.
class ComputeError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The first line of a LibTorch message (without the C++ backtrace it may carry).
inline std::string first_line(const std::string& message)
{
    return message.substr(0, message.find('\n'));
}

} // namespace csae
