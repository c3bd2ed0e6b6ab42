#include "model/export/tfevents.h"

#include "model/core/errors.h"

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstring>

namespace csae {
namespace {

std::array<std::uint32_t, 256> make_crc32c_table()
{
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t crc = i;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 1U) ? (crc >> 1) ^ 0x82F63B78U : crc >> 1; // the reflected Castagnoli polynomial
        table[i] = crc;
    }
    return table;
}

// Protocol-buffer wire format: each field is a varint key (number << 3 | wire type) and a value.
enum WireType : std::uint32_t { Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5 };

void put_varint(std::string& out, std::uint64_t value)
{
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7F) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

void put_key(std::string& out, std::uint32_t field, WireType type)
{
    put_varint(out, (field << 3) | type);
}

void put_int(std::string& out, std::uint32_t field, std::int64_t value)
{
    put_key(out, field, Varint);
    put_varint(out, static_cast<std::uint64_t>(value));
}

void put_double(std::string& out, std::uint32_t field, double value)
{
    put_key(out, field, Fixed64);
    char bytes[8];
    std::memcpy(bytes, &value, 8); // little-endian on every CPU this builds for
    out.append(bytes, 8);
}

void put_float(std::string& out, std::uint32_t field, float value)
{
    put_key(out, field, Fixed32);
    char bytes[4];
    std::memcpy(bytes, &value, 4);
    out.append(bytes, 4);
}

void put_bytes(std::string& out, std::uint32_t field, const std::string& bytes)
{
    put_key(out, field, LengthDelimited);
    put_varint(out, bytes.size());
    out += bytes;
}

double now_seconds()
{
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
std::string event_with_summary(std::int64_t step, const std::string& summary)
{
    std::string event;
    put_double(event, 1, now_seconds());
    put_int(event, 2, step);
    put_bytes(event, 5, summary);
    return event;
}

// Summary { repeated Value value = 1; }
std::string summary_of(const std::string& value)
{
    std::string summary;
    put_bytes(summary, 1, value);
    return summary;
}

// google.protobuf.Value { double number_value = 2; string string_value = 3; bool bool_value = 4; }
std::string protobuf_value(const HParamValue& value)
{
    std::string out;
    if (const auto* number = std::get_if<double>(&value))
        put_double(out, 2, *number);
    else if (const auto* text = std::get_if<std::string>(&value))
        put_bytes(out, 3, *text);
    else
        put_int(out, 4, std::get<bool>(value) ? 1 : 0);
    return out;
}

// A Summary.Value carrying only plugin metadata for the HParams plugin:
// Value { string tag = 1; SummaryMetadata metadata = 9; }, SummaryMetadata { PluginData plugin_data = 1; },
// PluginData { string plugin_name = 1; bytes content = 2; }, content an HParamsPluginData
// { int32 version = 1; Experiment experiment = 2; SessionStartInfo session_start_info = 3;
//   SessionEndInfo session_end_info = 4; }.
std::string hparams_value(const std::string& tag, std::uint32_t field, const std::string& message)
{
    std::string content;
    put_int(content, 1, 0);
    put_bytes(content, field, message);
    std::string plugin_data;
    put_bytes(plugin_data, 1, "hparams");
    put_bytes(plugin_data, 2, content);
    std::string metadata;
    put_bytes(metadata, 1, plugin_data);
    std::string value;
    put_bytes(value, 1, tag);
    put_bytes(value, 9, metadata);
    return value;
}

} // namespace

std::uint32_t crc32c(const void* data, std::size_t size)
{
    static const std::array<std::uint32_t, 256> table = make_crc32c_table();
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    std::uint32_t crc = 0xFFFFFFFFU;
    for (std::size_t i = 0; i < size; ++i)
        crc = table[(crc ^ bytes[i]) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFU;
}

std::uint32_t masked_crc32c(const void* data, std::size_t size)
{
    const std::uint32_t crc = crc32c(data, size);
    return ((crc >> 15) | (crc << 17)) + 0xa282ead8U;
}

EventFileWriter::EventFileWriter(const std::filesystem::path& directory)
{
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error)
        throw CheckpointError(directory.string() + ": cannot create the TensorBoard log directory: " + error.message());
    char host[256] = "localhost";
    if (::gethostname(host, sizeof host - 1) != 0)
        std::strcpy(host, "localhost");
    host[sizeof host - 1] = '\0';
    const auto seconds = static_cast<std::int64_t>(now_seconds());
    const std::string stem = "events.out.tfevents." + std::to_string(seconds) + "." + host;
    file_ = directory / stem;
    // A resumed run within the same second gets a file of its own; TensorBoard reads them all.
    for (int suffix = 1; std::filesystem::exists(file_); ++suffix)
        file_ = directory / (stem + "." + std::to_string(suffix));
    stream_.open(file_, std::ios::binary | std::ios::out);
    if (!stream_)
        throw CheckpointError(file_.string() + ": cannot create the TensorBoard event file");
    std::string event;
    put_double(event, 1, now_seconds());
    put_int(event, 2, 0);
    put_bytes(event, 3, "brain.Event:2");
    write_event(event);
}

void EventFileWriter::add_scalar(const std::string& tag, std::int64_t step, double value)
{
    // Summary.Value { string tag = 1; float simple_value = 2; }
    std::string summary_value;
    put_bytes(summary_value, 1, tag);
    put_float(summary_value, 2, static_cast<float>(value));
    write_event(event_with_summary(step, summary_of(summary_value)));
}

void EventFileWriter::add_image(const std::string& tag, std::int64_t step, const std::string& png, int height,
                                int width, int channels)
{
    // Summary.Image { int32 height = 1; int32 width = 2; int32 colorspace = 3; bytes encoded_image_string = 4; }
    std::string image;
    put_int(image, 1, height);
    put_int(image, 2, width);
    put_int(image, 3, channels);
    put_bytes(image, 4, png);
    std::string summary_value;
    put_bytes(summary_value, 1, tag);
    put_bytes(summary_value, 4, image);
    write_event(event_with_summary(step, summary_of(summary_value)));
}

void EventFileWriter::add_hparams_experiment(const HParamsExperiment& experiment)
{
    // Experiment { string description = 1; double time_created_secs = 3; repeated HParamInfo hparam_infos = 4;
    //              repeated MetricInfo metric_infos = 5; string name = 6; }
    std::string message;
    put_double(message, 3, now_seconds());
    for (const auto& [name, domain] : experiment.hparams) {
        // HParamInfo { string name = 1; DataType type = 4; ListValue domain_discrete = 5; }
        std::string info;
        put_bytes(info, 1, name);
        if (!domain.empty()) {
            const int type = std::holds_alternative<std::string>(domain.front()) ? 1
                             : std::holds_alternative<bool>(domain.front())      ? 2
                                                                                 : 3; // STRING, BOOL, FLOAT64
            put_int(info, 4, type);
            std::string list; // ListValue { repeated Value values = 1; }
            for (const HParamValue& value : domain)
                put_bytes(list, 1, protobuf_value(value));
            put_bytes(info, 5, list);
        }
        put_bytes(message, 4, info);
    }
    for (const std::string& tag : experiment.metric_tags) {
        // MetricInfo { MetricName name = 1; }, MetricName { string group = 1; string tag = 2; }
        std::string metric_name;
        put_bytes(metric_name, 2, tag);
        std::string info;
        put_bytes(info, 1, metric_name);
        put_bytes(message, 5, info);
    }
    put_bytes(message, 6, experiment.name);
    write_event(event_with_summary(0, summary_of(hparams_value("_hparams_/experiment", 2, message))));
}

void EventFileWriter::add_hparams_session_start(const std::vector<std::pair<std::string, HParamValue>>& hparams,
                                                const std::string& group)
{
    // SessionStartInfo { map<string, google.protobuf.Value> hparams = 1; string group_name = 4;
    //                    double start_time_secs = 5; }; a map entry is { key = 1; value = 2; }
    std::string message;
    for (const auto& [key, value] : hparams) {
        std::string entry;
        put_bytes(entry, 1, key);
        put_bytes(entry, 2, protobuf_value(value));
        put_bytes(message, 1, entry);
    }
    put_bytes(message, 4, group);
    put_double(message, 5, now_seconds());
    write_event(event_with_summary(0, summary_of(hparams_value("_hparams_/session_start_info", 3, message))));
}

void EventFileWriter::add_hparams_session_end(bool success)
{
    // SessionEndInfo { Status status = 1; double end_time_secs = 2; }; STATUS_SUCCESS 1, STATUS_FAILURE 2
    std::string message;
    put_int(message, 1, success ? 1 : 2);
    put_double(message, 2, now_seconds());
    write_event(event_with_summary(0, summary_of(hparams_value("_hparams_/session_end_info", 4, message))));
}

void EventFileWriter::write_event(const std::string& event)
{
    std::string record;
    const std::uint64_t length = event.size();
    char length_bytes[8];
    std::memcpy(length_bytes, &length, 8);
    record.append(length_bytes, 8);
    const std::uint32_t length_crc = masked_crc32c(length_bytes, 8);
    record.append(reinterpret_cast<const char*>(&length_crc), 4);
    record += event;
    const std::uint32_t data_crc = masked_crc32c(event.data(), event.size());
    record.append(reinterpret_cast<const char*>(&data_crc), 4);
    stream_.write(record.data(), static_cast<std::streamsize>(record.size()));
    stream_.flush();
    if (!stream_)
        throw CheckpointError(file_.string() + ": cannot write a TensorBoard event (disk full?)");
}

} // namespace csae
