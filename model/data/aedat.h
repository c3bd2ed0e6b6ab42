#pragma once
// DVS events from AEDAT 3.1 files (the format of IBM's DVS128 Gesture dataset), the dataset's
// label files and trial lists, and a writer for the same format (the synthetic-gesture
// generator and the tests write real files with it).
//
// AEDAT 3.1: ASCII header lines that start with '#' and end in CR LF, the first `#!AER-DAT3.1`,
// the last `#!END-HEADER`; then little-endian packets of a 28-byte header
//   int16 eventType, int16 eventSource, int32 eventSize, int32 eventTSOffset,
//   int32 eventTSOverflow, int32 eventCapacity, int32 eventNumber, int32 eventValid
// followed by eventCapacity x eventSize bytes. Polarity events (type 1, 8 bytes) are a uint32
// (bit 0 valid, bit 1 ON, bits 2-16 y, bits 17-31 x) and an int32 timestamp in microseconds;
// the full time is `timestamp | (eventTSOverflow << 31)`.
//
// Plain C++ (no LibTorch): cheap to compile and usable from any tool.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace csae {

/// The DVS128's pixel grid.
inline constexpr std::int64_t kDvs128Size = 128;

/// Polarity events as parallel arrays, in file order (times are not required to be sorted).
struct EventStream {
    std::vector<std::int64_t> timestamps_us;
    std::vector<std::uint16_t> x;
    std::vector<std::uint16_t> y;
    std::vector<std::uint8_t> polarity; ///< 1: ON (brighter), 0: OFF
    std::size_t size() const { return timestamps_us.size(); }
    void push_back(std::int64_t t, std::uint16_t event_x, std::uint16_t event_y, bool on);
};

/// What `csae events` prints about a file.
struct AedatSummary {
    std::int64_t events = 0; ///< valid polarity events
    std::int64_t on_events = 0;
    std::int64_t off_events = 0;
    std::int64_t first_timestamp_us = 0; ///< smallest time (0 without events)
    std::int64_t last_timestamp_us = 0;  ///< largest time
    std::int64_t sensor_width = kDvs128Size;
    std::int64_t sensor_height = kDvs128Size;
    std::int64_t packets = 0;         ///< every packet, polarity or not
    std::int64_t skipped_packets = 0; ///< packets of other event types
    std::int64_t invalid_events = 0;  ///< polarity events whose valid bit is clear
};

struct AedatFile {
    std::vector<std::string> header; ///< header lines without the CR LF
    EventStream events;
    AedatSummary summary;
};

/// Reads a whole AEDAT 3.1 file. Events outside the `sensor_width` x `sensor_height` grid are
/// rejected. Throws DataError naming the file, the byte offset and the reason for a missing or
/// malformed header, a truncated packet, an eventSize or eventNumber that does not fit, or a
/// capacity reaching past the end of the file. Memory is bounded by the file's size.
AedatFile read_aedat(const std::filesystem::path& file, std::int64_t sensor_width = kDvs128Size,
                     std::int64_t sensor_height = kDvs128Size);

/// One labelled gesture of a recording: events with start <= t < end.
struct GestureLabel {
    int gesture = 0; ///< 1-11 as in the CSV (see gesture_names())
    std::int64_t start_us = 0;
    std::int64_t end_us = 0;
};

/// The 11 DVS128 Gesture classes, index 0 = class 1 ("hand clapping").
const std::vector<std::string>& gesture_names();

/// Reads `<recording>_labels.csv`: header `class,startTime_usec,endTime_usec`, then one gesture
/// per line. Throws DataError naming the file, the line and the reason (wrong header, wrong
/// number of columns, a non-integer, a class outside 1-11, start not before end).
std::vector<GestureLabel> read_gesture_labels(const std::filesystem::path& file);

/// Reads `trials_to_train.txt` / `trials_to_test.txt`: one recording file name per line (blank
/// lines ignored). Throws DataError naming the file and line for a name that is not a plain
/// `.aedat` file name.
std::vector<std::string> read_trial_list(const std::filesystem::path& file);

/// One polarity event as it is written, including the bits a reader must reject or skip.
struct RawPolarityEvent {
    std::uint32_t x = 0;
    std::uint32_t y = 0;
    bool on = true;
    bool valid = true;
    std::int64_t timestamp_us = 0;
};

/// Writes AEDAT 3.1 files. Not thread-safe. The file appears complete or not at all: it is
/// written under a temporary name and renamed by finish().
class AedatWriter {
public:
    /// Starts `file` with the mandatory first and last header lines around `header_lines`
    /// (each written with a leading '#' if it lacks one). Throws DataError when it cannot write.
    AedatWriter(std::filesystem::path file, const std::vector<std::string>& header_lines = {});
    ~AedatWriter();
    AedatWriter(const AedatWriter&) = delete;
    AedatWriter& operator=(const AedatWriter&) = delete;

    /// One packet of polarity events. They must share one timestamp overflow (time >> 31);
    /// `spare_capacity` appends unused event slots, as real recorders do.
    void polarity_packet(const std::vector<RawPolarityEvent>& events, std::int32_t spare_capacity = 0);
    /// A packet of another event type (filled with zeros), which readers skip.
    void other_packet(std::int16_t event_type, std::int32_t event_size, std::int32_t event_count);
    /// Convenience: valid events cut into packets of at most `per_packet` events, a new packet
    /// wherever the timestamp overflow changes.
    void polarity_events(const EventStream& events, std::size_t per_packet = 4096);
    /// Renames the finished file into place. Without it the destructor discards the file.
    void finish();

private:
    void write_bytes(const void* data, std::size_t size);

    std::filesystem::path file_;
    std::filesystem::path temporary_;
    struct Stream;
    Stream* stream_ = nullptr;
};

/// Writes a labels CSV in the dataset's format.
void write_gesture_labels(const std::filesystem::path& file, const std::vector<GestureLabel>& labels);

} // namespace csae
