// NIR: csae's spiking encoder and classifier written as NIR files, read back through the HDF5
// API and simulated from the file alone (spikes equal to the engine's), imported back into a
// network (identical spikes), and bad files refused by csae with exit 2 naming the node.
#include "model/core/errors.h"
#include "model/export/nir_graph.h"
#include "model/export/nir_network.h"
#include "model/networks/network_factory.h"
#include "model/neurons/lif_neuron.h"
#include "tests/support/cli_runner.h"

#include <ATen/ATen.h>
#include <torch/nn/module.h>

#include <QTemporaryDir>
#include <QTest>

using namespace csae;

namespace {

struct Built {
    Config config;
    std::shared_ptr<Network> network;
};

/// A calibrated spiking network whose LIF layers each get their own beta and threshold, so that
/// the per-layer mapping (not only the defaults) is exercised.
Built build(const QString& kind, const QString& form, const QString& reset, bool own_betas)
{
    Built built;
    built.config.set("model.kind", kind.toStdString());
    built.config.set("neuron.form", form.toStdString());
    built.config.set("neuron.reset", reset.toStdString());
    built.config.set("model.embedding_size", "24");
    built.config.set("model.channels", "[6,8]");
    built.config.set("model.kernel_size", "5");
    torch::manual_seed(7);
    NetworkInputShape shape;
    built.network = make_network(built.config, shape);
    if (own_betas) {
        const double betas[] = {0.37, 0.81, 0.6, 0.93};
        const double thresholds[] = {0.9, 1.1, 0.75, 1.3};
        at::NoGradGuard no_grad;
        std::size_t i = 0;
        for (const auto& item : built.network->named_modules("", false))
            if (auto* lif = item.value()->as<LifImpl>()) {
                lif->beta.fill_(betas[i % 4]);
                lif->threshold.fill_(thresholds[i % 4]);
                ++i;
            }
    }
    // Calibrated after the thresholds are set, so that every layer, the readout too, spikes.
    const at::Tensor calibration = at::bernoulli(at::full({12, 16, 1, 28, 28}, 0.2));
    built.network->calibrate(calibration, 0.1);
    return built;
}

at::Tensor engine_output_spikes(Network& network, const at::Tensor& input, const std::string& layer)
{
    at::NoGradGuard no_grad;
    std::vector<at::Tensor> per_sample;
    for (std::int64_t b = 0; b < input.size(1); ++b)
        for (const LayerActivity& activity : network.trace(input, b))
            if (activity.name == layer)
                per_sample.push_back(activity.spikes.to(at::kFloat));
    return at::stack(per_sample, 1); // [T, B, ...]
}

void compare_graphs(const NirGraph& a, const NirGraph& b)
{
    // HDF5 lists a group's members by name, so nodes are matched by name, not position.
    QCOMPARE(a.nodes.size(), b.nodes.size());
    QCOMPARE(a.edges, b.edges);
    for (const NirNode& node : a.nodes) {
        const NirNode* other_node = b.find(node.name);
        QVERIFY2(other_node, node.name.c_str());
        QCOMPARE(node.type, other_node->type);
        QCOMPARE(node.texts, other_node->texts);
        QCOMPARE(node.arrays.size(), other_node->arrays.size());
        for (const auto& [key, array] : node.arrays) {
            const at::Tensor& other = other_node->array(key);
            QVERIFY2(array.sizes() == other.sizes(), (node.name + "." + key).c_str());
            QVERIFY2(at::equal(array.to(at::kDouble), other.to(at::kDouble)), (node.name + "." + key).c_str());
        }
    }
}

std::filesystem::path path_in(const QTemporaryDir& dir, const char* name)
{
    return std::filesystem::path(dir.path().toStdString()) / name;
}

NirGraph exported_encoder()
{
    Built built = build(QStringLiteral("sae"), QStringLiteral("seed"), QStringLiteral("zero"), false);
    return export_nir(*built.network, built.config, {1, 28, 28}, NirPart::Encoder).graph;
}

} // namespace

class TestNir : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writtenFileReadsBackIdentically()
    {
        Built built = build(QStringLiteral("sae"), QStringLiteral("seed"), QStringLiteral("subtract"), true);
        const NirExport exported = export_nir(*built.network, built.config, {1, 28, 28}, NirPart::Encoder);
        QCOMPARE(exported.warnings.size(), std::size_t(1)); // reset by subtraction
        QTemporaryDir dir;
        write_nir(path_in(dir, "sae.nir"), exported.graph);
        const NirGraph read = read_nir(path_in(dir, "sae.nir"));
        QCOMPARE(read.version, std::string("1.0"));
        compare_graphs(exported.graph, read);
        std::vector<std::string> types;
        for (const NirNode* node : check_nir_chain(read, "sae.nir").nodes)
            types.push_back(node->type);
        QCOMPARE(types, (std::vector<std::string>{"Input", "Conv2d", "LIF", "Conv2d", "LIF", "Flatten", "Affine", "LIF",
                                                  "Output"}));
        const NirNode& lif = *read.find("conv1_lif");
        QCOMPARE(lif.array("tau").sizes(), (at::IntArrayRef{6, 28, 28}));
        QCOMPARE(lif.array("tau")[0][0][0].item<double>(), 1e-3 / (1.0 - 0.37f));
        QCOMPARE(lif.array("r")[0][0][0].item<double>(), 1.0); // the seed's form
        QCOMPARE(lif.texts.at("metadata/csae_reset"), std::string("subtract"));
        QCOMPARE(read.find("conv2")->array("stride")[0].item<double>(), 2.0);
        QCOMPARE(read.find("output")->array("shape")[0].item<double>(), 24.0);
    }

    void simulatedFromTheFileSpikesAsTheEngine_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("form");
        QTest::addColumn<QString>("reset");
        QTest::addColumn<bool>("ownBetas");
        QTest::newRow("sae, seed form, subtract") << "sae"
                                                  << "seed"
                                                  << "subtract" << false;
        QTest::newRow("sae, seed form, zero, per-layer beta") << "sae"
                                                              << "seed"
                                                              << "zero" << true;
        QTest::newRow("sae, common form, subtract, per-layer beta") << "sae"
                                                                    << "common"
                                                                    << "subtract" << true;
        QTest::newRow("classifier, seed form, subtract, per-layer beta") << "classifier"
                                                                         << "seed"
                                                                         << "subtract" << true;
    }

    void simulatedFromTheFileSpikesAsTheEngine()
    {
        QFETCH(QString, kind);
        QFETCH(QString, form);
        QFETCH(QString, reset);
        QFETCH(bool, ownBetas);
        Built built = build(kind, form, reset, ownBetas);
        const bool classifier = kind == QStringLiteral("classifier");
        const NirExport exported =
            export_nir(*built.network, built.config, {1, 28, 28}, classifier ? NirPart::Classifier : NirPart::Encoder);
        QTemporaryDir dir;
        write_nir(path_in(dir, "net.nir"), exported.graph);

        at::manual_seed(3);
        const at::Tensor input = at::bernoulli(at::full({10, 4, 1, 28, 28}, 0.25));
        const at::Tensor simulated = simulate_nir(read_nir(path_in(dir, "net.nir")), input);
        const at::Tensor engine = engine_output_spikes(*built.network, input, classifier ? "readout" : "embedding");
        QCOMPARE(simulated.sizes(), engine.sizes());
        const std::int64_t spikes = engine.sum().item<std::int64_t>();
        QVERIFY2(spikes > 0, "the network must spike for the comparison to mean anything");
        const std::int64_t differing = (simulated != engine).sum().item<std::int64_t>();
        QVERIFY2(differing == 0, qPrintable(QStringLiteral("%1 of %2 neuron-steps differ (%3 spikes)")
                                                .arg(differing)
                                                .arg(engine.numel())
                                                .arg(spikes)));
    }

    void importedNetworkSpikesIdentically_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("sae encoder") << "sae";
        QTest::newRow("classifier") << "classifier";
    }

    void importedNetworkSpikesIdentically()
    {
        QFETCH(QString, kind);
        Built built = build(kind, QStringLiteral("common"), QStringLiteral("subtract"), true);
        const bool classifier = kind == QStringLiteral("classifier");
        const NirPart part = classifier ? NirPart::Classifier : NirPart::Encoder;
        QTemporaryDir dir;
        write_nir(path_in(dir, "net.nir"), export_nir(*built.network, built.config, {1, 28, 28}, part).graph);
        const NirGraph graph = read_nir(path_in(dir, "net.nir"));

        const double dt = nir_time_step(graph, 0.5);
        QCOMPARE(dt, 1e-3);
        const Config config = config_from_nir(graph, Config{}, dt, "net.nir");
        QCOMPARE(config.model.kind, built.config.model.kind);
        QCOMPARE(config.model.channels, built.config.model.channels);
        QCOMPARE(config.model.strides, built.config.model.strides);
        QCOMPARE(config.model.kernel_size, built.config.model.kernel_size);
        QCOMPARE(config.model.embedding_size, built.config.model.embedding_size);
        QCOMPARE(config.neuron.form, MembraneForm::Common);
        QCOMPARE(config.neuron.reset, ResetMode::Subtract);
        torch::manual_seed(99); // other initial weights, all replaced by the file's
        auto imported = make_network(config, NetworkInputShape{});
        load_nir_parameters(graph, *imported, dt, "net.nir");

        compare_graphs(export_nir(*imported, config, {1, 28, 28}, part).graph, graph);
        at::manual_seed(5);
        const at::Tensor input = at::bernoulli(at::full({8, 3, 1, 28, 28}, 0.25));
        const std::string layer = classifier ? "readout" : "embedding";
        QVERIFY(at::equal(engine_output_spikes(*imported, input, layer),
                          engine_output_spikes(*built.network, input, layer)));
    }

    void whatNirCannotHoldIsRefused_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("part");
        QTest::addColumn<QString>("message");
        QTest::newRow("the AE") << "ae"
                                << "encoder"
                                << "the AE does not spike";
        QTest::newRow("the SAE's decoder") << "sae"
                                           << "all"
                                           << "transposed convolutions";
        QTest::newRow("an SAE as classifier") << "sae"
                                              << "classifier"
                                              << "not a classifier";
    }

    void whatNirCannotHoldIsRefused()
    {
        QFETCH(QString, kind);
        QFETCH(QString, part);
        QFETCH(QString, message);
        Config config;
        config.set("model.kind", kind.toStdString());
        auto network = make_network(config, NetworkInputShape{});
        try {
            export_nir(*network, config, {1, 28, 28}, nir_part_from_name(part.toStdString()));
            QFAIL("exported");
        } catch (const ConfigError& error) {
            QVERIFY2(QString::fromUtf8(error.what()).contains(message), error.what());
        }
    }

    void badFilesExitWithTwoNamingTheNode_data()
    {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("message");
        QTest::newRow("an edge to a missing node") << "missing node"
                                                   << "names \"ghost\", which is not a node";
        QTest::newRow("a node off the chain") << "orphan"
                                              << "node \"stray\" is not on the path";
        QTest::newRow("an unknown type") << "unknown type"
                                         << "node \"conv2\" has the type \"Delay\"";
        QTest::newRow("conv weights for 3 channels") << "conv shape"
                                                     << "node \"conv1\" (Conv2d): weight takes 3 input";
        QTest::newRow("affine too narrow") << "affine shape"
                                           << "node \"embedding\" (Affine): weight takes 10 inputs";
        QTest::newRow("a NaN weight") << "nan"
                                      << "node \"conv2\" (Conv2d): weight is not finite";
        QTest::newRow("per-neuron tau") << "per-neuron tau"
                                        << "tau differs between neurons";
        QTest::newRow("not HDF5") << "text file"
                                  << "not an HDF5 file";
        QTest::newRow("a LIF after a LIF") << "lif after lif"
                                           << "node \"extra_lif\" (LIF): a neuron layer that does not follow";
        QTest::newRow("mixed forms") << "mixed forms"
                                     << "node \"conv2_lif\" (LIF): its form differs";
        QTest::newRow("a huge start_dim") << "huge start_dim"
                                          << "start_dim = 1e+30 is not a whole number";
        QTest::newRow("empty groups") << "empty groups"
                                      << "groups must be one number, has 0";
    }

    void badFilesExitWithTwoNamingTheNode()
    {
        QFETCH(QString, damage);
        QFETCH(QString, message);
        NirGraph graph = exported_encoder();
        const auto node = [&](const char* name) -> NirNode& {
            for (NirNode& n : graph.nodes)
                if (n.name == name)
                    return n;
            throw std::logic_error(name);
        };
        if (damage == QStringLiteral("missing node"))
            graph.edges[3].second = "ghost";
        else if (damage == QStringLiteral("orphan"))
            graph.nodes.push_back(NirNode{"stray", "Flatten", {}, {}});
        else if (damage == QStringLiteral("unknown type"))
            node("conv2").type = "Delay";
        else if (damage == QStringLiteral("conv shape"))
            node("conv1").arrays["weight"] = at::zeros({6, 3, 5, 5}, at::kDouble);
        else if (damage == QStringLiteral("affine shape"))
            node("embedding").arrays["weight"] = at::zeros({24, 10}, at::kDouble);
        else if (damage == QStringLiteral("nan"))
            node("conv2").arrays["weight"][0][0][0][0] = std::nan("");
        else if (damage == QStringLiteral("lif after lif")) {
            NirNode extra = node("conv1_lif");
            extra.name = "extra_lif";
            graph.nodes.push_back(extra);
            for (auto& edge : graph.edges)
                if (edge.first == "conv1_lif")
                    edge.first = "extra_lif";
            graph.edges.emplace_back("conv1_lif", "extra_lif");
        } else if (damage == QStringLiteral("mixed forms"))
            node("conv2_lif").arrays["r"].fill_(2.0); // beta 0.5: the common form's r, after a seed-form layer
        else if (damage == QStringLiteral("huge start_dim"))
            node("flatten").arrays["start_dim"] = at::scalar_tensor(1e30, at::kDouble);
        else if (damage == QStringLiteral("empty groups"))
            node("conv1").arrays["groups"] = at::empty({0}, at::kLong);
        else if (damage == QStringLiteral("per-neuron tau"))
            node("conv1_lif").arrays["tau"][0][0][0] = 0.5;
        QTemporaryDir dir;
        const auto file = path_in(dir, "bad.nir");
        if (damage == QStringLiteral("text file")) {
            QFile text(QString::fromStdString(file.string()));
            QVERIFY(text.open(QIODevice::WriteOnly));
            text.write("not a NIR file\n");
        } else {
            write_nir(file, graph);
        }
        const auto result = testing::runCli({QStringLiteral("import"), QStringLiteral("nir"), QStringLiteral("--in"),
                                             QString::fromStdString(file.string()), QStringLiteral("--out"),
                                             dir.filePath(QStringLiteral("run"))},
                                            dir.path());
        QVERIFY2(result.finished && result.exitCode == 2, qPrintable(testing::describe(result)));
        QVERIFY2(result.err.contains(message), qPrintable(result.err));
        QVERIFY2(result.err.contains(QStringLiteral("bad.nir")), qPrintable(result.err));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("run"))));
    }
};

QTEST_GUILESS_MAIN(TestNir)
#include "test_nir.moc"
