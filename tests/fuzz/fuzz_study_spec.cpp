// Study specs (csae study run SPEC): the grid is expanded and every run's config built, so the
// fuzzer's inputs are kept small (see scripts/fuzz.sh: -max_len).
#include "model/study/study_spec.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const csae::fuzz::InputFile file(data, size);
    csae::fuzz::expect_clean_refusal([&] { csae::StudySpec::load(file.path()); });
    return 0;
}
