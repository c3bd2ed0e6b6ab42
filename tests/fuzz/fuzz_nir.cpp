// NIR graphs (HDF5): read, checked as a chain and turned into a configuration, as csae import nir
// does before it builds anything.
#include "model/export/nir_graph.h"
#include "model/export/nir_network.h"
#include "tests/fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const csae::fuzz::InputFile file(data, size);
    csae::fuzz::expect_clean_refusal([&] {
        const csae::NirGraph graph = csae::read_nir(file.path());
        csae::config_from_nir(graph, csae::Config{}, csae::nir_time_step(graph, 1e-3), "input");
    });
    return 0;
}
