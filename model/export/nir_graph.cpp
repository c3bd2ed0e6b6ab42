#include "model/export/nir_graph.h"

#include "model/core/errors.h"
#include "model/core/file_io.h"

#include <ATen/ATen.h>
#include <H5Cpp.h>

#include <mutex>

namespace csae {
namespace {

// What one file may make the reader allocate, refused before anything is allocated: 2^28 values
// (2 GiB as float64) in all its datasets together, and 2^24 bytes of strings - far above any
// network csae builds, and bounded whatever the file declares (a compressed or unallocated
// dataset can declare any size in a few bytes).
constexpr hsize_t kMostValues = hsize_t(1) << 28;
constexpr hsize_t kMostStringBytes = hsize_t(1) << 24;

/// What has been read so far from one file, against the limits above.
struct ReadBudget {
    hsize_t values = 0;
    hsize_t string_bytes = 0;
};

void quiet_hdf5()
{
    // The HDF5 library prints its error stack to stderr by default; the exceptions say enough.
    static std::once_flag once;
    std::call_once(once, [] { H5::Exception::dontPrint(); });
}

H5::StrType string_type()
{
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    type.setCset(H5T_CSET_UTF8);
    return type;
}

void write_text(H5::Group& group, const std::string& name, const std::string& text)
{
    const H5::StrType type = string_type();
    H5::DataSet dataset = group.createDataSet(name, type, H5::DataSpace(H5S_SCALAR));
    const char* pointer = text.c_str();
    dataset.write(&pointer, type);
}

void write_array(H5::Group& group, const std::string& name, const at::Tensor& array)
{
    const bool integral = !at::isFloatingType(array.scalar_type());
    const at::Tensor values = array.to(at::kCPU).to(integral ? at::kLong : at::kDouble).contiguous();
    std::vector<hsize_t> dims(values.sizes().begin(), values.sizes().end());
    const H5::DataSpace space =
        dims.empty() ? H5::DataSpace(H5S_SCALAR) : H5::DataSpace(static_cast<int>(dims.size()), dims.data());
    const H5::PredType& type = integral ? H5::PredType::NATIVE_INT64 : H5::PredType::NATIVE_DOUBLE;
    H5::DataSet dataset = group.createDataSet(name, type, space);
    dataset.write(values.data_ptr(), type);
}

/// The number of elements of a dataset; only simple and scalar extents hold values.
hsize_t element_count(const H5::DataSpace& space, const std::string& where)
{
    const H5S_class_t kind = space.getSimpleExtentType();
    if (kind != H5S_SIMPLE && kind != H5S_SCALAR)
        throw DataError(where + ": a dataset without values (null extent)");
    const hssize_t count = space.getSimpleExtentNpoints();
    if (count < 0)
        throw DataError(where + ": implausible size");
    return static_cast<hsize_t>(count);
}

std::vector<std::string> read_texts(const H5::DataSet& dataset, const std::string& where, ReadBudget& budget)
{
    const H5::DataSpace space = dataset.getSpace();
    const hsize_t count = element_count(space, where);
    if (count > kMostStringBytes || (budget.string_bytes += count * sizeof(char*)) > kMostStringBytes)
        throw DataError(where + ": more strings than a NIR file of csae's could hold");
    const H5::StrType type = dataset.getStrType();
    std::vector<std::string> texts;
    if (type.isVariableStr()) {
        std::vector<char*> pointers(static_cast<std::size_t>(count), nullptr);
        dataset.read(pointers.data(), type);
        for (char* pointer : pointers) {
            texts.emplace_back(pointer ? pointer : "");
            budget.string_bytes += texts.back().size();
        }
        if (budget.string_bytes > kMostStringBytes) {
            H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, pointers.data());
            throw DataError(where + ": more strings than a NIR file of csae's could hold");
        }
        H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, pointers.data());
    } else {
        const std::size_t length = type.getSize();
        if (length == 0 || length > kMostStringBytes || (budget.string_bytes += length * count) > kMostStringBytes)
            throw DataError(where + ": implausible string length");
        std::string buffer(length * static_cast<std::size_t>(count), '\0');
        dataset.read(buffer.data(), type);
        for (hsize_t i = 0; i < count; ++i) {
            std::string text = buffer.substr(static_cast<std::size_t>(i) * length, length);
            text.erase(text.find_last_not_of('\0') + 1);
            texts.push_back(text);
        }
    }
    return texts;
}

std::string read_text(const H5::DataSet& dataset, const std::string& where, ReadBudget& budget)
{
    const auto texts = read_texts(dataset, where, budget);
    if (texts.size() != 1)
        throw DataError(where + ": expected one string, found " + std::to_string(texts.size()));
    return texts.front();
}

at::Tensor read_array(const H5::DataSet& dataset, const std::string& where, ReadBudget& budget)
{
    const H5::DataSpace space = dataset.getSpace();
    element_count(space, where); // refuses a null extent
    const int rank = space.getSimpleExtentNdims();
    if (rank < 0 || rank > 8)
        throw DataError(where + ": implausible rank " + std::to_string(rank));
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (rank > 0)
        space.getSimpleExtentDims(dims.data());
    hsize_t count = 1;
    for (const hsize_t d : dims) {
        if (d > kMostValues || count * std::max<hsize_t>(d, 1) > kMostValues)
            throw DataError(where + ": more than " + std::to_string(kMostValues) + " values");
        count *= d;
    }
    if ((budget.values += count) > kMostValues)
        throw DataError(where + ": more than " + std::to_string(kMostValues) + " values in the file");
    std::vector<std::int64_t> shape(dims.begin(), dims.end());
    at::Tensor values = at::empty(shape, at::kDouble);
    if (count > 0)
        dataset.read(values.data_ptr<double>(), H5::PredType::NATIVE_DOUBLE); // HDF5 converts integers
    return values;
}

void read_group(const H5::Group& group, const std::string& where, NirNode& node, const std::string& prefix,
                ReadBudget& budget)
{
    for (hsize_t i = 0; i < group.getNumObjs(); ++i) {
        const std::string name = group.getObjnameByIdx(i);
        const std::string here = where + "/" + name;
        const H5O_type_t kind = group.childObjType(name);
        if (kind == H5O_TYPE_GROUP) {
            if (prefix.empty())
                read_group(group.openGroup(name), here, node, name + "/", budget);
            continue; // deeper groups carry nothing csae reads
        }
        if (kind != H5O_TYPE_DATASET)
            continue;
        const H5::DataSet dataset = group.openDataSet(name);
        const H5T_class_t type = dataset.getTypeClass();
        if (type == H5T_STRING)
            node.texts[prefix + name] = read_text(dataset, here, budget);
        else if (type == H5T_FLOAT || type == H5T_INTEGER)
            node.arrays[prefix + name] = read_array(dataset, here, budget);
        else
            throw DataError(here + ": neither numbers nor a string");
    }
}

} // namespace

const at::Tensor& NirNode::array(const std::string& key) const
{
    const auto found = arrays.find(key);
    if (found == arrays.end())
        throw DataError("node \"" + name + "\" (" + type + "): no \"" + key + "\"");
    return found->second;
}

const NirNode* NirGraph::find(const std::string& name) const
{
    for (const NirNode& node : nodes)
        if (node.name == name)
            return &node;
    return nullptr;
}

void write_nir(const std::filesystem::path& file, const NirGraph& graph)
{
    quiet_hdf5();
    replace_file_atomically(file, [&](const std::filesystem::path& temporary) {
        try {
            H5::H5File h5(temporary.string(), H5F_ACC_TRUNC);
            H5::Group root = h5.openGroup("/");
            write_text(root, "version", graph.version);
            H5::Group top = h5.createGroup("/node");
            write_text(top, "type", "NIRGraph");
            H5::Group nodes = top.createGroup("nodes");
            for (const NirNode& node : graph.nodes) {
                H5::Group group = nodes.createGroup(node.name);
                write_text(group, "type", node.type);
                for (const auto& [key, array] : node.arrays)
                    write_array(group, key, array);
                std::optional<H5::Group> metadata;
                for (const auto& [key, text] : node.texts) {
                    if (key.starts_with("metadata/")) {
                        if (!metadata)
                            metadata = group.createGroup("metadata");
                        write_text(*metadata, key.substr(9), text);
                    } else {
                        write_text(group, key, text);
                    }
                }
            }
            const H5::StrType type = string_type();
            std::vector<const char*> ends;
            for (const auto& [source, target] : graph.edges) {
                ends.push_back(source.c_str());
                ends.push_back(target.c_str());
            }
            const hsize_t dims[2] = {graph.edges.size(), 2};
            H5::DataSet edges = top.createDataSet("edges", type, H5::DataSpace(2, dims));
            if (!ends.empty())
                edges.write(ends.data(), type);
            // Closed here, inside the try: the destructor would swallow a failed final flush.
            edges.close();
            nodes.close();
            top.close();
            root.close();
            h5.close();
        } catch (const H5::Exception& error) {
            throw CheckpointError(file.string() + ": cannot write the NIR file: " + error.getDetailMsg());
        }
    });
}

NirGraph read_nir(const std::filesystem::path& file)
{
    quiet_hdf5();
    if (!std::filesystem::is_regular_file(file))
        throw DataError(file.string() + ": no such file");
    const std::string where = file.string();
    NirGraph graph;
    ReadBudget budget;
    try {
        if (!H5::H5File::isHdf5(where))
            throw DataError(where + ": not an HDF5 file");
        H5::H5File h5(where, H5F_ACC_RDONLY);
        if (!h5.nameExists("version"))
            throw DataError(where + ": no /version, so not a NIR file");
        const H5::DataSet version = h5.openDataSet("version");
        graph.version = version.getTypeClass() == H5T_STRING ? read_text(version, where + ":/version", budget) : "?";
        if (!h5.nameExists("node") || h5.childObjType("node") != H5O_TYPE_GROUP)
            throw DataError(where + ": no /node group, so not a NIR file");
        const H5::Group top = h5.openGroup("node");
        if (!top.nameExists("type") || read_text(top.openDataSet("type"), where + ":/node/type", budget) != "NIRGraph")
            throw DataError(where + ": /node is not a NIRGraph");
        if (!top.nameExists("nodes") || top.childObjType("nodes") != H5O_TYPE_GROUP)
            throw DataError(where + ": /node has no nodes group");
        const H5::Group nodes = top.openGroup("nodes");
        for (hsize_t i = 0; i < nodes.getNumObjs(); ++i) {
            NirNode node;
            node.name = nodes.getObjnameByIdx(i);
            const std::string here = where + ":/node/nodes/" + node.name;
            if (nodes.childObjType(node.name) != H5O_TYPE_GROUP)
                throw DataError(here + ": not a group");
            const H5::Group group = nodes.openGroup(node.name);
            read_group(group, here, node, "", budget);
            const auto type = node.texts.find("type");
            if (type == node.texts.end())
                throw DataError(here + ": node without a type");
            node.type = type->second;
            node.texts.erase(type);
            graph.nodes.push_back(std::move(node));
        }
        if (!top.nameExists("edges"))
            throw DataError(where + ": /node has no edges");
        const H5::DataSet edges = top.openDataSet("edges");
        if (edges.getTypeClass() != H5T_STRING)
            throw DataError(where + ":/node/edges: not strings");
        const auto ends = read_texts(edges, where + ":/node/edges", budget);
        if (ends.size() % 2 != 0)
            throw DataError(where + ":/node/edges: not pairs of node names");
        for (std::size_t i = 0; i < ends.size(); i += 2)
            graph.edges.emplace_back(ends[i], ends[i + 1]);
    } catch (const H5::Exception& error) {
        throw DataError(where + ": unreadable NIR file: " + error.getDetailMsg());
    }
    return graph;
}

} // namespace csae
