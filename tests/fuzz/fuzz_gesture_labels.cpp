// The DVS128 Gesture labels CSV (<recording>_labels.csv).
#include "model/data/aedat.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const csae::fuzz::InputFile file(data, size);
    csae::fuzz::expect_clean_refusal([&] { csae::read_gesture_labels(file.path()); });
    return 0;
}
