// Configuration files, and --set KEY=VALUE: the first line of the input, when it holds '=', is
// applied with Config::set after the rest has been loaded as a config.json.
#include "model/config/config.h"
#include "tests/fuzz/fuzz_input.h"

#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::size_t newline = text.find('\n');
    const std::string first = text.substr(0, newline);
    const std::size_t equals = first.find('=');
    const std::string document =
        equals != std::string::npos && newline != std::string::npos ? text.substr(newline + 1) : text;
    const csae::fuzz::InputFile file(reinterpret_cast<const std::uint8_t*>(document.data()), document.size());
    csae::fuzz::expect_clean_refusal([&] {
        csae::Config config = csae::Config::load(file.path());
        if (equals != std::string::npos) {
            config.set(first.substr(0, equals), first.substr(equals + 1));
            config.validate();
        }
        (void)config.to_json();
    });
    return 0;
}
