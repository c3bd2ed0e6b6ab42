#pragma once
// NIR graphs (the Neuromorphic Intermediate Representation, 1.0) in memory and in their HDF5
// files, read and written through Debian's HDF5 C++ API in nir.write()'s layout:
//   /version                  string
//   /node/type                "NIRGraph"
//   /node/nodes/<name>/type   e.g. "Conv2d", "LIF", and the node's parameters as datasets
//   /node/edges               [n, 2] strings: source, target
// A node's "metadata" group holds strings (csae records its reset mode and dt there).
// Plain C++ and LibTorch; any thread.

#include <ATen/core/Tensor.h>

#include <filesystem>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace csae {

struct NirNode {
    std::string name;
    std::string type;
    /// Numeric parameters as float64 tensors (integers too, e.g. stride), by dataset name.
    std::map<std::string, at::Tensor> arrays;
    /// String datasets, by name; those of the metadata group as "metadata/<name>".
    std::map<std::string, std::string> texts;
    /// The array `key`; DataError naming the node when it is missing.
    const at::Tensor& array(const std::string& key) const;
};

struct NirGraph {
    std::string version = "1.0";
    std::vector<NirNode> nodes;
    std::vector<std::pair<std::string, std::string>> edges;
    const NirNode* find(const std::string& name) const;
};

/// Writes `graph` to `file` atomically. Throws CheckpointError naming the file.
void write_nir(const std::filesystem::path& file, const NirGraph& graph);

/// Reads a NIR file. Throws DataError naming the file and what is wrong: not HDF5, no NIRGraph,
/// a dataset of an unexpected kind or implausible size. It does not check the graph's meaning
/// (see nir_network.h).
NirGraph read_nir(const std::filesystem::path& file);

} // namespace csae
