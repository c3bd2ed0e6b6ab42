// IDX files, raw or gzip (zlib reads both through the same path): images and labels.
#include "model/data/idx_file.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const csae::fuzz::InputFile file(data, size);
    csae::fuzz::expect_clean_refusal([&] { csae::read_idx_images(file.path()); });
    csae::fuzz::expect_clean_refusal([&] { csae::read_idx_labels(file.path()); });
    return 0;
}
