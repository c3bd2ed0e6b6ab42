// Checkpoint files: the header (format tag, config, step, early-stopping record) as every
// command that opens a run reads it first.
#include "model/training/checkpoint.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const csae::fuzz::InputFile file(data, size);
    csae::fuzz::expect_clean_refusal([&] { csae::read_checkpoint_header(file.path()); });
    return 0;
}
