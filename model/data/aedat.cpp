#include "model/data/aedat.h"

#include "model/core/errors.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

namespace csae {
namespace {

constexpr std::size_t kPacketHeaderBytes = 28;
constexpr std::int16_t kPolarityEventType = 1;
constexpr std::int32_t kPolarityEventBytes = 8;
/// Longest header the reader accepts before calling the file malformed (real ones are ~1 KiB).
constexpr std::size_t kMaxHeaderBytes = 1 << 20;
/// Largest eventSize of any AEDAT 3.1 event type (frames are stored elsewhere; be generous).
constexpr std::int32_t kMaxEventSize = 1 << 20;

[[noreturn]] void fail(const std::filesystem::path& file, std::uint64_t offset, const std::string& reason)
{
    throw DataError(file.string() + ": byte " + std::to_string(offset) + ": " + reason);
}

template <class T>
T little_endian(const unsigned char* bytes)
{
    std::make_unsigned_t<T> value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
        value |= static_cast<std::make_unsigned_t<T>>(static_cast<std::make_unsigned_t<T>>(bytes[i]) << (8 * i));
    return static_cast<T>(value);
}

template <class T>
void put_little_endian(unsigned char* bytes, T value)
{
    const auto raw = static_cast<std::make_unsigned_t<T>>(value);
    for (std::size_t i = 0; i < sizeof(T); ++i)
        bytes[i] = static_cast<unsigned char>((raw >> (8 * i)) & 0xff);
}

bool parse_integer(const std::string& text, std::int64_t& value)
{
    const char* begin = text.data();
    const char* end = begin + text.size();
    while (begin < end && (*begin == ' ' || *begin == '\t'))
        ++begin;
    while (end > begin && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        --end;
    if (begin == end)
        return false;
    const auto [ptr, error] = std::from_chars(begin, end, value);
    return error == std::errc() && ptr == end;
}

} // namespace

void EventStream::push_back(std::int64_t t, std::uint16_t event_x, std::uint16_t event_y, bool on)
{
    timestamps_us.push_back(t);
    x.push_back(event_x);
    y.push_back(event_y);
    polarity.push_back(on ? 1 : 0);
}

AedatFile read_aedat(const std::filesystem::path& file, std::int64_t sensor_width, std::int64_t sensor_height)
{
    std::error_code size_error;
    const std::uint64_t file_size = std::filesystem::file_size(file, size_error);
    std::ifstream stream(file, std::ios::binary);
    if (size_error || !stream)
        throw DataError(file.string() + ": cannot open AEDAT file");

    AedatFile result;
    result.summary.sensor_width = sensor_width;
    result.summary.sensor_height = sensor_height;
    std::uint64_t offset = 0;
    // Header: '#' lines ending in CR LF, first #!AER-DAT3.1, last #!END-HEADER.
    for (bool ended = false; !ended;) {
        std::string line;
        const std::uint64_t line_offset = offset;
        char c = 0;
        while (stream.get(c) && c != '\n') {
            line.push_back(c);
            if (offset + line.size() > kMaxHeaderBytes)
                fail(file, line_offset, "header longer than 1 MiB without #!END-HEADER");
        }
        if (!stream)
            fail(file, line_offset,
                 result.header.empty() ? "empty file, expected the #!AER-DAT3.1 header"
                                       : "file ends inside the header (no #!END-HEADER line)");
        offset += line.size() + 1;
        if (line.empty() || line.back() != '\r')
            fail(file, line_offset, "header line does not end in CR LF");
        line.pop_back();
        if (line.empty() || line.front() != '#')
            fail(file, line_offset, "header line does not start with '#' (no #!END-HEADER before the data?)");
        if (result.header.empty() && line != "#!AER-DAT3.1")
            fail(file, line_offset,
                 "not an AEDAT 3.1 file: first line is \"" + line.substr(0, 40) + "\", expected #!AER-DAT3.1");
        ended = line == "#!END-HEADER";
        result.header.push_back(std::move(line));
    }

    AedatSummary& summary = result.summary;
    bool any_event = false;
    std::vector<unsigned char> payload;
    while (true) {
        std::array<unsigned char, kPacketHeaderBytes> header{};
        stream.read(reinterpret_cast<char*>(header.data()), header.size());
        const auto got = static_cast<std::size_t>(stream.gcount());
        if (got == 0)
            break;
        const std::uint64_t packet_offset = offset;
        if (got < header.size())
            fail(file, packet_offset, "truncated packet header (" + std::to_string(got) + " of 28 bytes)");
        offset += header.size();
        const auto type = little_endian<std::int16_t>(&header[0]);
        const auto size = little_endian<std::int32_t>(&header[4]);
        const auto ts_offset = little_endian<std::int32_t>(&header[8]);
        const auto overflow = little_endian<std::int32_t>(&header[12]);
        const auto capacity = little_endian<std::int32_t>(&header[16]);
        const auto number = little_endian<std::int32_t>(&header[20]);
        const auto valid = little_endian<std::int32_t>(&header[24]);
        ++summary.packets;
        if (size < 1 || size > kMaxEventSize)
            fail(file, packet_offset, "eventSize " + std::to_string(size) + " does not fit (1 to 1048576 bytes)");
        if (capacity < 0 || number < 0 || valid < 0 || number > capacity || valid > number)
            fail(file, packet_offset,
                 "inconsistent packet counts (eventCapacity " + std::to_string(capacity) + ", eventNumber " +
                     std::to_string(number) + ", eventValid " + std::to_string(valid) + ")");
        const std::uint64_t bytes = static_cast<std::uint64_t>(capacity) * static_cast<std::uint64_t>(size);
        if (bytes > file_size - offset)
            fail(file, packet_offset,
                 "eventCapacity " + std::to_string(capacity) + " x eventSize " + std::to_string(size) + " = " +
                     std::to_string(bytes) + " bytes reaches past the end of the file (" +
                     std::to_string(file_size - offset) + " bytes left)");
        if (type != kPolarityEventType) {
            ++summary.skipped_packets;
            stream.seekg(static_cast<std::streamoff>(bytes), std::ios::cur);
            offset += bytes;
            continue;
        }
        if (size != kPolarityEventBytes || ts_offset != 4)
            fail(file, packet_offset,
                 "polarity packet with eventSize " + std::to_string(size) + " and eventTSOffset " +
                     std::to_string(ts_offset) + " (a polarity event is 8 bytes with its timestamp at offset 4)");
        payload.resize(static_cast<std::size_t>(bytes));
        stream.read(reinterpret_cast<char*>(payload.data()), static_cast<std::streamsize>(bytes));
        if (static_cast<std::uint64_t>(stream.gcount()) != bytes)
            fail(file, offset, "truncated packet data");
        for (std::int32_t i = 0; i < number; ++i) {
            const unsigned char* event = payload.data() + static_cast<std::size_t>(i) * kPolarityEventBytes;
            const auto data = little_endian<std::uint32_t>(event);
            if (!(data & 1u)) {
                ++summary.invalid_events;
                continue;
            }
            const std::uint32_t y = (data >> 2) & 0x7fffu;
            const std::uint32_t x = (data >> 17) & 0x7fffu;
            if (x >= static_cast<std::uint64_t>(sensor_width) || y >= static_cast<std::uint64_t>(sensor_height))
                fail(file, offset + static_cast<std::uint64_t>(i) * kPolarityEventBytes,
                     "event at x " + std::to_string(x) + ", y " + std::to_string(y) + " is outside the " +
                         std::to_string(sensor_width) + " x " + std::to_string(sensor_height) + " sensor");
            const auto low = static_cast<std::uint32_t>(little_endian<std::int32_t>(event + 4));
            const std::int64_t time = static_cast<std::int64_t>(low) | (static_cast<std::int64_t>(overflow) << 31);
            const bool on = (data & 2u) != 0;
            result.events.push_back(time, static_cast<std::uint16_t>(x), static_cast<std::uint16_t>(y), on);
            ++summary.events;
            ++(on ? summary.on_events : summary.off_events);
            summary.first_timestamp_us = any_event ? std::min(summary.first_timestamp_us, time) : time;
            summary.last_timestamp_us = any_event ? std::max(summary.last_timestamp_us, time) : time;
            any_event = true;
        }
        offset += bytes;
    }
    return result;
}

const std::vector<std::string>& gesture_names()
{
    static const std::vector<std::string> names{"hand clapping",
                                                "right hand wave",
                                                "left hand wave",
                                                "right arm clockwise",
                                                "right arm counter-clockwise",
                                                "left arm clockwise",
                                                "left arm counter-clockwise",
                                                "arm roll",
                                                "air drums",
                                                "air guitar",
                                                "other gestures"};
    return names;
}

std::vector<GestureLabel> read_gesture_labels(const std::filesystem::path& file)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw DataError(file.string() + ": cannot open the gesture labels");
    std::vector<GestureLabel> labels;
    std::string line;
    std::int64_t number = 0;
    const auto where = [&] { return file.string() + ": line " + std::to_string(number) + ": "; };
    while (std::getline(stream, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.size() > 4096)
            throw DataError(where() + "line longer than 4096 characters");
        if (number == 1) {
            if (line.rfind("class,startTime_usec,endTime_usec", 0) != 0)
                throw DataError(where() + "expected the header class,startTime_usec,endTime_usec, got \"" +
                                line.substr(0, 60) + "\"");
            continue;
        }
        if (line.find_first_not_of(" \t") == std::string::npos)
            continue;
        std::vector<std::string> columns;
        std::stringstream split(line);
        for (std::string column; std::getline(split, column, ',');)
            columns.push_back(column);
        if (!line.empty() && line.back() == ',')
            columns.emplace_back();
        if (columns.size() != 3)
            throw DataError(where() + "expected 3 columns (class,startTime_usec,endTime_usec), got " +
                            std::to_string(columns.size()));
        std::int64_t values[3];
        for (std::size_t i = 0; i < 3; ++i)
            if (!parse_integer(columns[i], values[i]))
                throw DataError(where() + "column " + std::to_string(i + 1) + " \"" + columns[i].substr(0, 30) +
                                "\" is not an integer");
        if (values[0] < 1 || values[0] > 11)
            throw DataError(where() + "class " + std::to_string(values[0]) + " is outside 1-11");
        if (values[1] < 0 || values[2] <= values[1])
            throw DataError(where() + "start " + std::to_string(values[1]) + " and end " + std::to_string(values[2]) +
                            " do not form a time window (need 0 <= start < end)");
        labels.push_back({static_cast<int>(values[0]), values[1], values[2]});
    }
    if (number == 0)
        throw DataError(file.string() + ": empty labels file (expected the header class,startTime_usec,endTime_usec)");
    return labels;
}

std::vector<std::string> read_trial_list(const std::filesystem::path& file)
{
    std::ifstream stream(file, std::ios::binary);
    if (!stream)
        throw DataError(file.string() + ": cannot open the trial list");
    std::vector<std::string> names;
    std::string line;
    for (std::int64_t number = 1; std::getline(stream, line); ++number) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
            line.pop_back();
        if (line.empty())
            continue;
        const std::filesystem::path name(line);
        if (line.size() > 255 || name.has_parent_path() || name.extension() != ".aedat")
            throw DataError(file.string() + ": line " + std::to_string(number) + ": \"" + line.substr(0, 60) +
                            "\" is not an .aedat file name");
        names.push_back(line);
    }
    return names;
}

struct AedatWriter::Stream {
    std::ofstream out;
};

AedatWriter::AedatWriter(std::filesystem::path file, const std::vector<std::string>& header_lines)
    : file_(std::move(file)), temporary_(file_.string() + ".partial"), stream_(new Stream)
{
    stream_->out.open(temporary_, std::ios::binary | std::ios::trunc);
    if (!stream_->out)
        throw DataError(file_.string() + ": cannot write AEDAT file");
    std::string header = "#!AER-DAT3.1\r\n";
    for (const auto& line : header_lines)
        header += (line.rfind('#', 0) == 0 ? line : "#" + line) + "\r\n";
    header += "#!END-HEADER\r\n";
    write_bytes(header.data(), header.size());
}

AedatWriter::~AedatWriter()
{
    if (stream_) {
        stream_->out.close();
        std::error_code ignored;
        std::filesystem::remove(temporary_, ignored);
        delete stream_;
    }
}

void AedatWriter::write_bytes(const void* data, std::size_t size)
{
    stream_->out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!stream_->out)
        throw DataError(file_.string() + ": cannot write AEDAT file");
}

void AedatWriter::polarity_packet(const std::vector<RawPolarityEvent>& events, std::int32_t spare_capacity)
{
    const std::int64_t overflow = events.empty() ? 0 : events.front().timestamp_us >> 31;
    std::int32_t valid = 0;
    std::vector<unsigned char> bytes(
        kPacketHeaderBytes + (events.size() + static_cast<std::size_t>(spare_capacity)) * 8, 0);
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& event = events[i];
        if (event.timestamp_us < 0 || (event.timestamp_us >> 31) != overflow)
            throw std::invalid_argument("AedatWriter: events of one packet must share one timestamp overflow");
        const std::uint32_t data =
            (event.valid ? 1u : 0u) | (event.on ? 2u : 0u) | ((event.y & 0x7fffu) << 2) | ((event.x & 0x7fffu) << 17);
        unsigned char* slot = bytes.data() + kPacketHeaderBytes + i * 8;
        put_little_endian<std::uint32_t>(slot, data);
        put_little_endian<std::int32_t>(slot + 4, static_cast<std::int32_t>(event.timestamp_us & 0x7fffffff));
        valid += event.valid ? 1 : 0;
    }
    put_little_endian<std::int16_t>(&bytes[0], kPolarityEventType);
    put_little_endian<std::int16_t>(&bytes[2], 1);
    put_little_endian<std::int32_t>(&bytes[4], kPolarityEventBytes);
    put_little_endian<std::int32_t>(&bytes[8], 4);
    put_little_endian<std::int32_t>(&bytes[12], static_cast<std::int32_t>(overflow));
    put_little_endian<std::int32_t>(&bytes[16], static_cast<std::int32_t>(events.size()) + spare_capacity);
    put_little_endian<std::int32_t>(&bytes[20], static_cast<std::int32_t>(events.size()));
    put_little_endian<std::int32_t>(&bytes[24], valid);
    write_bytes(bytes.data(), bytes.size());
}

void AedatWriter::other_packet(std::int16_t event_type, std::int32_t event_size, std::int32_t event_count)
{
    std::vector<unsigned char> bytes(
        kPacketHeaderBytes + static_cast<std::size_t>(event_size) * static_cast<std::size_t>(event_count), 0);
    put_little_endian<std::int16_t>(&bytes[0], event_type);
    put_little_endian<std::int16_t>(&bytes[2], 1);
    put_little_endian<std::int32_t>(&bytes[4], event_size);
    put_little_endian<std::int32_t>(&bytes[8], std::min(event_size, 4));
    put_little_endian<std::int32_t>(&bytes[16], event_count);
    put_little_endian<std::int32_t>(&bytes[20], event_count);
    put_little_endian<std::int32_t>(&bytes[24], event_count);
    write_bytes(bytes.data(), bytes.size());
}

void AedatWriter::polarity_events(const EventStream& events, std::size_t per_packet)
{
    std::vector<RawPolarityEvent> packet;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const RawPolarityEvent event{events.x[i], events.y[i], events.polarity[i] != 0, true, events.timestamps_us[i]};
        if (!packet.empty() &&
            (packet.size() == per_packet || (event.timestamp_us >> 31) != (packet.front().timestamp_us >> 31))) {
            polarity_packet(packet);
            packet.clear();
        }
        packet.push_back(event);
    }
    if (!packet.empty())
        polarity_packet(packet);
}

void AedatWriter::finish()
{
    stream_->out.close();
    if (!stream_->out)
        throw DataError(file_.string() + ": cannot write AEDAT file");
    std::error_code error;
    std::filesystem::rename(temporary_, file_, error);
    if (error)
        throw DataError(file_.string() + ": cannot write AEDAT file: " + error.message());
    delete stream_;
    stream_ = nullptr;
}

void write_gesture_labels(const std::filesystem::path& file, const std::vector<GestureLabel>& labels)
{
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << "class,startTime_usec,endTime_usec\r\n";
    for (const auto& label : labels)
        out << label.gesture << ',' << label.start_us << ',' << label.end_us << "\r\n";
    if (!out)
        throw DataError(file.string() + ": cannot write the gesture labels");
}

} // namespace csae
