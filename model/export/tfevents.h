#pragma once
// TensorBoard's event files, written without TensorFlow: TFRecord framing (a little-endian
// length, the masked CRC32C of the length, the data, the masked CRC32C of the data) around Event
// protobufs encoded by hand, since only a handful of fields are needed (tensorboard's
// event.proto, summary.proto and the HParams plugin's api.proto / plugin_data.proto).
// Plain C++; an EventFileWriter belongs to the thread that writes through it.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace csae {

/// CRC-32C (Castagnoli), as TFRecord uses it; crc32c("123456789") == 0xE3069283.
std::uint32_t crc32c(const void* data, std::size_t size);
/// TFRecord's masked CRC: ((crc >> 15) | (crc << 17)) + 0xa282ead8.
std::uint32_t masked_crc32c(const void* data, std::size_t size);

/// A value of a hyper-parameter or of the HParams plugin's discrete domains.
using HParamValue = std::variant<double, std::string, bool>;

/// The HParams plugin's experiment: the grid's keys with their values and the metrics.
struct HParamsExperiment {
    std::string name;
    std::vector<std::pair<std::string, std::vector<HParamValue>>> hparams; ///< key, discrete domain
    std::vector<std::string> metric_tags;                                  ///< e.g. "test/nrmse"
};

class EventFileWriter {
public:
    /// Creates `directory` and events.out.tfevents.<unix time>.<host> in it (a suffix when that
    /// name exists), and writes the file_version event. Throws CheckpointError naming the file.
    explicit EventFileWriter(const std::filesystem::path& directory);
    const std::filesystem::path& file() const { return file_; }

    void add_scalar(const std::string& tag, std::int64_t step, double value);
    /// `png` is an encoded PNG of height × width with `channels` (1 grey, 3 RGB).
    void add_image(const std::string& tag, std::int64_t step, const std::string& png, int height, int width,
                   int channels);
    void add_hparams_experiment(const HParamsExperiment& experiment);
    /// The session of one run: its hyper-parameters, under `group` (runs differing only by seed
    /// share a group, so that TensorBoard can average them).
    void add_hparams_session_start(const std::vector<std::pair<std::string, HParamValue>>& hparams,
                                   const std::string& group);
    void add_hparams_session_end(bool success);

private:
    void write_event(const std::string& event);
    std::filesystem::path file_;
    std::ofstream stream_;
};

} // namespace csae
