// The DVS128 Gesture trial lists (trials_to_train.txt, trials_to_test.txt).
#include "model/data/aedat.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const csae::fuzz::InputFile file(data, size);
    csae::fuzz::expect_clean_refusal([&] { csae::read_trial_list(file.path()); });
    return 0;
}
