#pragma once
// Checkpoint files: the resolved config, the step, the network's and the optimizer's state, in
// one LibTorch archive written atomically (temp file + rename). The format tag names the
// version; a file of another version is refused with a message that names both.

#include "model/config/config.h"
#include "model/training/schedule.h"

#include <c10/core/Device.h>

#include <cstdint>
#include <filesystem>

namespace torch::nn {
class Module;
}
namespace torch::optim {
class Optimizer;
}

namespace csae {

inline constexpr const char* kCheckpointFormat = "csae-checkpoint-1";

/// What a checkpoint holds besides the weights and the optimizer state. Checkpoints written
/// before early stopping existed load with a fresh early-stopping record.
struct CheckpointHeader {
    Config config;
    std::int64_t step = 0;
    EarlyStopping::State early_stopping;
};

/// Writes the checkpoint atomically; throws CheckpointError naming the file.
void write_checkpoint(const std::filesystem::path& file, const CheckpointHeader& header,
                      const torch::nn::Module& network, const torch::optim::Optimizer& optimizer);

/// Reads the config and step; throws CheckpointError naming the file and the reason.
CheckpointHeader read_checkpoint_header(const std::filesystem::path& file);

/// Loads the weights and the optimizer state into a network and optimizer built from the
/// checkpoint's config, on `device`; throws CheckpointError when they do not match.
void load_checkpoint_state(const std::filesystem::path& file, c10::Device device, torch::nn::Module& network,
                           torch::optim::Optimizer& optimizer);

} // namespace csae
