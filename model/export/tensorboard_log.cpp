#include "model/export/tensorboard_log.h"

#include "model/export/png_encoder.h"
#include "model/networks/autoencoder.h"
#include "model/study/study_spec.h"

#include <ATen/ATen.h>
#include <torch/csrc/autograd/grad_mode.h>

#include <algorithm>

namespace csae {
namespace {

HParamValue hparam_of(const nlohmann::json& value)
{
    if (value.is_boolean())
        return value.get<bool>();
    if (value.is_number())
        return value.get<double>();
    if (value.is_string())
        return value.get<std::string>();
    return value.dump(); // lists (channels, strides) as their JSON text
}

// The same fixed stream as the studio's reconstruction view, so both show the same spikes.
constexpr std::uint64_t kReconstructionStream = 0x5649455753ULL;

} // namespace

std::string tiles_to_png(const std::vector<at::Tensor>& tiles, int columns)
{
    if (tiles.empty() || columns <= 0)
        throw std::invalid_argument("tiles_to_png: no tiles");
    const auto height = static_cast<int>(tiles.front().size(0));
    const auto width = static_cast<int>(tiles.front().size(1));
    const int rows = static_cast<int>((tiles.size() + static_cast<std::size_t>(columns) - 1) / columns);
    constexpr int gap = 2;
    const int image_width = columns * width + (columns - 1) * gap;
    const int image_height = rows * height + (rows - 1) * gap;
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(image_width) * image_height, 64); // dark grey gaps
    for (std::size_t t = 0; t < tiles.size(); ++t) {
        const at::Tensor tile = (tiles[t].to(at::kFloat).clamp(0.0, 1.0) * 255.0).round().to(at::kByte).contiguous();
        const auto* source = tile.data_ptr<std::uint8_t>();
        const int x0 = static_cast<int>(t % static_cast<std::size_t>(columns)) * (width + gap);
        const int y0 = static_cast<int>(t / static_cast<std::size_t>(columns)) * (height + gap);
        for (int y = 0; y < height; ++y)
            std::copy_n(source + static_cast<std::size_t>(y) * width, width,
                        pixels.begin() + static_cast<std::ptrdiff_t>((y0 + y) * image_width + x0));
    }
    return encode_png(pixels.data(), image_width, image_height, 1);
}

TensorBoardLog::TensorBoardLog(const std::filesystem::path& directory) : writer_(directory) {}

void TensorBoardLog::log_step(const StepMetrics& metrics)
{
    writer_.add_scalar("train/loss", metrics.step, metrics.loss);
    writer_.add_scalar("train/samples_per_s", metrics.step, metrics.samples_per_s);
    writer_.add_scalar("lr", metrics.step, metrics.learning_rate);
    if (metrics.accuracy >= 0.0)
        writer_.add_scalar("train/accuracy", metrics.step, metrics.accuracy);
}

void TensorBoardLog::log_eval(const EvalMetrics& metrics, Trainer& trainer)
{
    if (metrics.classes > 0) {
        writer_.add_scalar("test/accuracy", metrics.step, metrics.accuracy);
        writer_.add_scalar("test/cross_entropy", metrics.step, metrics.cross_entropy);
        return;
    }
    writer_.add_scalar("test/nrmse", metrics.step, metrics.nrmse);
    writer_.add_scalar("test/mse", metrics.step, metrics.mse);

    torch::NoGradGuard no_grad;
    const ImageDataset& test = trainer.test_data();
    const std::int64_t n = std::min<std::int64_t>(kTensorBoardReconstructions, test.size());
    if (n == 0)
        return;
    const at::Tensor input = trainer.input_of(test, at::arange(n, at::kLong), kReconstructionStream);
    Autoencoder& model = trainer.model();
    const at::Tensor output = model.forward(input).to(at::kCPU);
    const double steps = model.spiking() ? static_cast<double>(input.size(0)) : 1.0;
    const at::Tensor input_average = (model.spiking() ? input.mean(0) : input).to(at::kCPU);
    std::vector<at::Tensor> tiles;
    for (std::int64_t i = 0; i < n; ++i)
        tiles.push_back(test.images[i][0]);
    for (std::int64_t i = 0; i < n; ++i)
        tiles.push_back(input_average[i][0]);
    for (std::int64_t i = 0; i < n; ++i)
        tiles.push_back(output[i][0] / steps);
    const std::string png = tiles_to_png(tiles, static_cast<int>(n));
    const int tile_height = static_cast<int>(test.images.size(2));
    const int tile_width = static_cast<int>(test.images.size(3));
    writer_.add_image("reconstructions", metrics.step, png, 3 * tile_height + 4,
                      static_cast<int>(n) * tile_width + (static_cast<int>(n) - 1) * 2, 1);
}

std::string tensorboard_metric_tag(const StudySpec& spec)
{
    return "test/" + study_metric_name(spec.metric());
}

void write_study_hparams_experiment(const std::filesystem::path& study_dir, const StudySpec& spec)
{
    HParamsExperiment experiment;
    experiment.name = spec.name();
    const std::vector<std::string> keys = spec.grid_keys();
    for (std::size_t k = 0; k < keys.size(); ++k) {
        std::vector<HParamValue> domain;
        for (const StudyPoint& point : spec.points()) {
            HParamValue value = hparam_of(point.values[k].second);
            if (std::find(domain.begin(), domain.end(), value) == domain.end())
                domain.push_back(std::move(value));
        }
        experiment.hparams.emplace_back(keys[k], std::move(domain));
    }
    std::vector<HParamValue> seeds;
    for (const std::uint64_t seed : spec.seeds())
        seeds.emplace_back(static_cast<double>(seed));
    experiment.hparams.emplace_back("train.seed", std::move(seeds));
    experiment.metric_tags = {tensorboard_metric_tag(spec)};
    EventFileWriter(study_dir / kTensorBoardFolder).add_hparams_experiment(experiment);
}

void write_study_run_hparams(const std::filesystem::path& run_dir, const StudySpec& spec, const StudyRun& run)
{
    std::vector<std::pair<std::string, HParamValue>> hparams;
    std::string group = "point";
    for (const auto& [key, value] : spec.points().at(run.point).values) {
        hparams.emplace_back(key, hparam_of(value));
        group += " " + key + "=" + value.dump();
    }
    hparams.emplace_back("train.seed", static_cast<double>(run.seed));
    EventFileWriter(run_dir / kTensorBoardFolder).add_hparams_session_start(hparams, group);
}

} // namespace csae
