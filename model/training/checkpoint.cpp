#include "model/training/checkpoint.h"

#include "model/core/errors.h"
#include "model/core/file_io.h"

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

namespace csae {

void write_checkpoint(const std::filesystem::path& file, const CheckpointHeader& header,
                      const torch::nn::Module& network, const torch::optim::Optimizer& optimizer)
{
    torch::serialize::OutputArchive archive;
    archive.write("format", c10::IValue(std::string(kCheckpointFormat)));
    archive.write("config", c10::IValue(header.config.to_json().dump()));
    archive.write("step", c10::IValue(header.step));
    const EarlyStopping::State& stopping = header.early_stopping;
    archive.write("early_stop_best", c10::IValue(stopping.best));
    archive.write("early_stop_best_step", c10::IValue(stopping.best_step));
    archive.write("early_stop_since_best", c10::IValue(stopping.since_best));
    archive.write("early_stop_stopped", c10::IValue(stopping.stopped));
    torch::serialize::OutputArchive model_archive, optimizer_archive;
    network.save(model_archive);
    optimizer.save(optimizer_archive);
    archive.write("model", model_archive);
    archive.write("optimizer", optimizer_archive);

    replace_file_atomically(file, [&](const std::filesystem::path& temporary) {
        try {
            archive.save_to(temporary.string());
        } catch (const c10::Error& error) {
            throw CheckpointError(temporary.string() + ": cannot write checkpoint: " + error.what_without_backtrace());
        }
    });
}

CheckpointHeader read_checkpoint_header(const std::filesystem::path& file)
{
    if (!std::filesystem::is_regular_file(file))
        throw CheckpointError(file.string() + ": no checkpoint file there");
    CheckpointHeader header;
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(file.string());
        c10::IValue format, config_text, step_value;
        if (!archive.try_read("format", format) || !format.isString())
            throw CheckpointError(file.string() + ": not a csae checkpoint (format tag missing)");
        if (format.toStringRef() != kCheckpointFormat)
            throw CheckpointError(file.string() + ": checkpoint format \"" + format.toStringRef() + "\" is not the \"" +
                                  kCheckpointFormat + "\" this version reads");
        archive.read("config", config_text);
        archive.read("step", step_value);
        header.config = Config::from_json(nlohmann::json::parse(config_text.toStringRef()));
        header.step = step_value.toInt();
        c10::IValue best, best_step, since_best, stopped; // absent in checkpoints from before early stopping
        if (archive.try_read("early_stop_best", best) && archive.try_read("early_stop_best_step", best_step) &&
            archive.try_read("early_stop_since_best", since_best) && archive.try_read("early_stop_stopped", stopped)) {
            header.early_stopping.best = best.toDouble();
            header.early_stopping.best_step = best_step.toInt();
            header.early_stopping.since_best = since_best.toInt();
            header.early_stopping.stopped = stopped.toBool();
        }
    } catch (const c10::Error& error) {
        throw CheckpointError(file.string() + ": not a readable csae checkpoint: " + error.what_without_backtrace());
    } catch (const nlohmann::json::exception& error) {
        throw CheckpointError(file.string() + ": checkpoint holds an unreadable config: " + error.what());
    } catch (const ConfigError& error) {
        throw CheckpointError(file.string() + ": checkpoint holds an invalid config: " + error.what());
    }
    return header;
}

void load_checkpoint_state(const std::filesystem::path& file, c10::Device device, torch::nn::Module& network,
                           torch::optim::Optimizer& optimizer)
{
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(file.string(), device); // optimizer state must land on the parameters' device
        torch::serialize::InputArchive model_archive, optimizer_archive;
        archive.read("model", model_archive);
        archive.read("optimizer", optimizer_archive);
        network.load(model_archive);
        optimizer.load(optimizer_archive);
    } catch (const c10::Error& error) {
        throw CheckpointError(file.string() +
                              ": checkpoint does not match its config: " + error.what_without_backtrace());
    }
}

} // namespace csae
