#include "ui/export/gif_writer.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <vector>

namespace csae::ui {
namespace {

void appendLittleEndian16(QByteArray& bytes, int value)
{
    bytes.append(static_cast<char>(value & 0xff));
    bytes.append(static_cast<char>((value >> 8) & 0xff));
}

/// Key of a colour at 5 bits per channel: the histogram and lookup index (32768 entries).
int colourKey(QRgb rgb)
{
    return ((qRed(rgb) >> 3) << 10) | ((qGreen(rgb) >> 3) << 5) | (qBlue(rgb) >> 3);
}

/// One frame's colour table and the pixels as indices into it.
struct IndexedFrame {
    std::array<QRgb, 256> palette{};
    std::vector<std::uint8_t> indices;
};

/// Maps every pixel through `lookup` (indexed by `key(pixel)`).
template <class Key, class Lookup>
std::vector<std::uint8_t> indexPixels(const QImage& image, Key key, const Lookup& lookup)
{
    std::vector<std::uint8_t> indices;
    indices.reserve(static_cast<std::size_t>(image.width()) * static_cast<std::size_t>(image.height()));
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            indices.push_back(lookup(key(line[x])));
    }
    return indices;
}

/// A frame of at most 256 distinct colours keeps them exactly (the usual case for the views).
bool quantiseExactly(const QImage& image, IndexedFrame& frame)
{
    QHash<QRgb, std::uint8_t> index;
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const QRgb colour = line[x] | 0xff000000u;
            if (index.contains(colour))
                continue;
            if (index.size() == 256)
                return false;
            frame.palette[static_cast<std::size_t>(index.size())] = colour;
            index.insert(colour, static_cast<std::uint8_t>(index.size()));
        }
    }
    frame.indices = indexPixels(
        image, [](QRgb rgb) { return rgb | 0xff000000u; }, [&](QRgb colour) { return index.value(colour); });
    return true;
}

/// Median cut on the histogram at 5 bits per channel: the box of colours with the largest
/// (pixel count x extent) is split at the pixel-weighted median of its widest channel until there
/// are 256 boxes; each box's colour is the mean of its pixels, and each histogram colour maps to
/// the nearest box colour.
void quantiseMedianCut(const QImage& image, IndexedFrame& frame)
{
    std::vector<std::uint32_t> count(32768, 0);
    std::vector<std::array<std::uint64_t, 3>> sum(32768, {0, 0, 0});
    for (int y = 0; y < image.height(); ++y) {
        const auto* line = reinterpret_cast<const QRgb*>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x) {
            const int key = colourKey(line[x]);
            ++count[key];
            sum[key][0] += static_cast<std::uint64_t>(qRed(line[x]));
            sum[key][1] += static_cast<std::uint64_t>(qGreen(line[x]));
            sum[key][2] += static_cast<std::uint64_t>(qBlue(line[x]));
        }
    }
    std::vector<int> keys;
    for (int key = 0; key < 32768; ++key)
        if (count[key] > 0)
            keys.push_back(key);
    const auto channel = [](int key, int c) { return (key >> (10 - 5 * c)) & 31; };

    struct Box {
        std::size_t begin, end; // range in `keys`
        int widest = 0;
        int extent = 0;
        std::uint64_t pixels = 0;
    };
    const auto measure = [&](Box& box) {
        int lo[3] = {31, 31, 31}, hi[3] = {0, 0, 0};
        box.pixels = 0;
        for (std::size_t i = box.begin; i < box.end; ++i) {
            for (int c = 0; c < 3; ++c) {
                lo[c] = std::min(lo[c], channel(keys[i], c));
                hi[c] = std::max(hi[c], channel(keys[i], c));
            }
            box.pixels += count[keys[i]];
        }
        box.widest = 0;
        for (int c = 1; c < 3; ++c)
            if (hi[c] - lo[c] > hi[box.widest] - lo[box.widest])
                box.widest = c;
        box.extent = hi[box.widest] - lo[box.widest];
    };
    std::vector<Box> boxes{{0, keys.size()}};
    measure(boxes[0]);
    while (boxes.size() < 256) {
        auto chosen = std::max_element(boxes.begin(), boxes.end(), [](const Box& a, const Box& b) {
            return a.pixels * static_cast<std::uint64_t>(a.extent) < b.pixels * static_cast<std::uint64_t>(b.extent);
        });
        if (chosen->extent == 0 || chosen->end - chosen->begin < 2)
            break;
        const int c = chosen->widest;
        const auto first = keys.begin() + static_cast<std::ptrdiff_t>(chosen->begin);
        const auto last = keys.begin() + static_cast<std::ptrdiff_t>(chosen->end);
        std::sort(first, last, [&](int a, int b) { return channel(a, c) < channel(b, c); });
        std::uint64_t half = chosen->pixels / 2, seen = 0;
        std::size_t split = chosen->begin;
        while (split < chosen->end - 1 && seen + count[keys[split]] <= half)
            seen += count[keys[split++]];
        split = std::max(split, chosen->begin + 1);
        Box upper{split, chosen->end};
        chosen->end = split;
        measure(*chosen);
        measure(upper);
        boxes.push_back(upper);
    }
    for (std::size_t b = 0; b < boxes.size(); ++b) {
        std::uint64_t total[3] = {0, 0, 0}, pixels = 0;
        for (std::size_t i = boxes[b].begin; i < boxes[b].end; ++i) {
            for (int c = 0; c < 3; ++c)
                total[c] += sum[keys[i]][c];
            pixels += count[keys[i]];
        }
        frame.palette[b] = qRgb(static_cast<int>(total[0] / pixels), static_cast<int>(total[1] / pixels),
                                static_cast<int>(total[2] / pixels));
    }
    std::vector<std::uint8_t> lookup(32768, 0);
    for (const int key : keys) {
        const int r = static_cast<int>(sum[key][0] / count[key]), g = static_cast<int>(sum[key][1] / count[key]),
                  b = static_cast<int>(sum[key][2] / count[key]);
        int best = 0;
        int bestDistance = std::numeric_limits<int>::max();
        for (std::size_t j = 0; j < boxes.size(); ++j) {
            const int dr = qRed(frame.palette[j]) - r, dg = qGreen(frame.palette[j]) - g,
                      db = qBlue(frame.palette[j]) - b;
            const int distance = dr * dr + dg * dg + db * db;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = static_cast<int>(j);
            }
        }
        lookup[static_cast<std::size_t>(key)] = static_cast<std::uint8_t>(best);
    }
    frame.indices = indexPixels(image, colourKey, [&](int key) { return lookup[static_cast<std::size_t>(key)]; });
}

IndexedFrame quantise(const QImage& image)
{
    IndexedFrame frame;
    if (!quantiseExactly(image, frame))
        quantiseMedianCut(image, frame);
    return frame;
}

/// GIF's LZW (8-bit minimum code size): codes grow from 9 to 12 bits; when the table is full a
/// clear code restarts it. Output is split into the format's length-prefixed sub-blocks.
class LzwEncoder {
public:
    QByteArray encode(const std::vector<std::uint8_t>& indices)
    {
        out_.clear();
        block_.clear();
        bitBuffer_ = 0;
        bitCount_ = 0;
        reset();
        writeCode(clearCode);
        if (!indices.empty()) {
            int prefix = indices[0];
            for (std::size_t i = 1; i < indices.size(); ++i) {
                const int next = indices[i];
                const int found = lookup(prefix, next);
                if (found >= 0) {
                    prefix = found;
                    continue;
                }
                writeCode(prefix);
                if (nextCode_ < 4096) {
                    insert(prefix, next, nextCode_++);
                    // The decoder widens its codes one entry later than the encoder adds them.
                    if (nextCode_ > (1 << codeSize_) && codeSize_ < 12)
                        ++codeSize_;
                } else {
                    writeCode(clearCode);
                    reset();
                }
                prefix = next;
            }
            writeCode(prefix);
        }
        writeCode(endCode);
        if (bitCount_ > 0)
            pushByte(static_cast<std::uint8_t>(bitBuffer_ & 0xff));
        flushBlock();
        out_.append('\0'); // block terminator
        return out_;
    }

private:
    static constexpr int clearCode = 256;
    static constexpr int endCode = 257;
    static constexpr int tableSize = 8209; // prime, about twice the 4096 codes

    void reset()
    {
        ++generation_;
        if (slots_.empty()) {
            slots_.assign(tableSize, Slot{});
        }
        nextCode_ = 258;
        codeSize_ = 9;
    }

    struct Slot {
        std::uint32_t key = 0;
        std::uint32_t generation = 0;
        int code = 0;
    };

    int lookup(int prefix, int next) const
    {
        const std::uint32_t key = (static_cast<std::uint32_t>(prefix) << 8) | static_cast<std::uint32_t>(next);
        for (std::size_t slot = key % tableSize;; slot = (slot + 1) % tableSize) {
            const Slot& entry = slots_[slot];
            if (entry.generation != generation_)
                return -1;
            if (entry.key == key)
                return entry.code;
        }
    }

    void insert(int prefix, int next, int code)
    {
        const std::uint32_t key = (static_cast<std::uint32_t>(prefix) << 8) | static_cast<std::uint32_t>(next);
        std::size_t slot = key % tableSize;
        while (slots_[slot].generation == generation_)
            slot = (slot + 1) % tableSize;
        slots_[slot] = Slot{key, generation_, code};
    }

    void writeCode(int code)
    {
        bitBuffer_ |= static_cast<std::uint32_t>(code) << bitCount_;
        bitCount_ += codeSize_;
        while (bitCount_ >= 8) {
            pushByte(static_cast<std::uint8_t>(bitBuffer_ & 0xff));
            bitBuffer_ >>= 8;
            bitCount_ -= 8;
        }
    }

    void pushByte(std::uint8_t byte)
    {
        block_.append(static_cast<char>(byte));
        if (block_.size() == 255)
            flushBlock();
    }

    void flushBlock()
    {
        if (block_.isEmpty())
            return;
        out_.append(static_cast<char>(block_.size()));
        out_.append(block_);
        block_.clear();
    }

    QByteArray out_;
    QByteArray block_;
    std::uint32_t bitBuffer_ = 0;
    int bitCount_ = 0;
    int codeSize_ = 9;
    int nextCode_ = 258;
    std::uint32_t generation_ = 0;
    std::vector<Slot> slots_;
};

} // namespace

bool GifWriter::open(const QString& fileName, QSize size, int delayMs, QString* error)
{
    if (size.width() < 1 || size.height() < 1 || size.width() > 65535 || size.height() > 65535) {
        if (error)
            *error = tr("%1: a GIF frame must be 1 to 65535 pixels per side").arg(fileName);
        return false;
    }
    file_.setFileName(fileName);
    if (!file_.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        if (error)
            *error = tr("%1: %2").arg(fileName, file_.errorString());
        return false;
    }
    size_ = size;
    delayCentiseconds_ = std::clamp((delayMs + 5) / 10, 2, 65535);
    QByteArray header("GIF89a");
    appendLittleEndian16(header, size.width());
    appendLittleEndian16(header, size.height());
    header.append('\0'); // no global colour table: each frame has its own
    header.append('\0'); // background colour index
    header.append('\0'); // pixel aspect ratio: unspecified
    // NETSCAPE2.0 application extension: loop forever.
    header.append("\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
    return write(header, error);
}

bool GifWriter::addFrame(const QImage& image, QString* error)
{
    if (!file_.isOpen()) {
        if (error)
            *error = tr("the GIF file is not open");
        return false;
    }
    if (image.size() != size_) {
        if (error)
            *error = tr("%1: frame of %2 x %3 pixels in an animation of %4 x %5")
                         .arg(file_.fileName())
                         .arg(image.width())
                         .arg(image.height())
                         .arg(size_.width())
                         .arg(size_.height());
        return false;
    }
    const IndexedFrame frame = quantise(image.convertToFormat(QImage::Format_RGB32));
    QByteArray bytes;
    // Graphic control extension: the frame's delay; no transparency; replace the previous frame.
    bytes.append("\x21\xf9\x04\x04", 4);
    appendLittleEndian16(bytes, delayCentiseconds_);
    bytes.append("\x00\x00", 2);
    // Image descriptor with a local colour table of 256 entries (size field 7: 2^(7+1)).
    bytes.append('\x2c');
    appendLittleEndian16(bytes, 0);
    appendLittleEndian16(bytes, 0);
    appendLittleEndian16(bytes, size_.width());
    appendLittleEndian16(bytes, size_.height());
    bytes.append('\x87');
    for (const QRgb colour : frame.palette) {
        bytes.append(static_cast<char>(qRed(colour)));
        bytes.append(static_cast<char>(qGreen(colour)));
        bytes.append(static_cast<char>(qBlue(colour)));
    }
    bytes.append('\x08'); // LZW minimum code size
    bytes.append(LzwEncoder().encode(frame.indices));
    return write(bytes, error);
}

bool GifWriter::finish(QString* error)
{
    if (!file_.isOpen())
        return true;
    const bool written = write(QByteArray(";", 1), error);
    file_.close();
    return written;
}

bool GifWriter::write(const QByteArray& bytes, QString* error)
{
    if (file_.write(bytes) == bytes.size())
        return true;
    if (error)
        *error = tr("%1: %2").arg(file_.fileName(), file_.errorString());
    return false;
}

} // namespace csae::ui
