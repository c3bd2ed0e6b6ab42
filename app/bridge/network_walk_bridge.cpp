#include "app/bridge/network_walk_bridge.h"

#include "model/core/errors.h"
#include "model/teaching/network_walk.h"
#include "model/training/trainer.h"

#include <ATen/ATen.h>

#include <filesystem>

namespace csae {

struct NetworkWalker::State {
    Config config;
    std::shared_ptr<Network> untrained; ///< built on the first walk (it calibrates on that digit)
    std::unique_ptr<Trainer> trained;   ///< a loaded run, when there is one
    QString label;                      ///< how the snapshots name the loaded network
};

NetworkWalker::NetworkWalker() : m_state(std::make_unique<State>()) {}
NetworkWalker::~NetworkWalker() = default;

bool NetworkWalker::loadRun(const QString& directory, QString* error)
{
    const std::filesystem::path checkpoint = std::filesystem::path(directory.toStdString()) / "checkpoint.pt";
    return loadCheckpoint(QString::fromStdString(checkpoint.string()), directory, error);
}

bool NetworkWalker::loadCheckpoint(const QString& file, const QString& label, QString* error)
{
    const std::filesystem::path checkpoint = file.toStdString();
    try {
        auto trainer = Trainer::from_checkpoint(checkpoint, CSAE_PROJECT_DATA_DIR);
        if (!trainer->network().spiking())
            throw ConfigError(checkpoint.string() + ": the AE does not spike; the walk needs an SAE or a classifier");
        const auto& test = trainer->test_data();
        if (test.images.size(1) != 1 || test.images.size(2) != 28 || test.images.size(3) != 28)
            throw ConfigError(checkpoint.string() +
                              ": the walk draws 28 x 28 single-channel digits; this run's input is " +
                              std::to_string(test.images.size(1)) + " x " + std::to_string(test.images.size(2)) +
                              " x " + std::to_string(test.images.size(3)));
        m_state->trained = std::move(trainer);
        m_state->label = label;
        return true;
    } catch (const std::exception& failure) {
        if (error)
            *error = QString::fromUtf8(failure.what()).section(QLatin1Char('\n'), 0, 0);
        return false;
    }
}

void NetworkWalker::useUntrained()
{
    m_state->trained.reset();
    m_state->label.clear();
}

ui::NetworkWalkSnapshot NetworkWalker::walk(const QVector<float>& image, quint64 seed)
{
    ui::NetworkWalkSnapshot snapshot;
    if (image.size() != 28 * 28) {
        snapshot.error = QStringLiteral("network walk: the digit has %1 values, not 28 x 28").arg(image.size());
        return snapshot;
    }
    try {
        const at::Tensor digit =
            at::from_blob(const_cast<float*>(image.constData()), {1, 28, 28}, at::kFloat).clamp(0.0, 1.0).clone();
        Network* network = nullptr;
        const Config* config = &m_state->config;
        if (m_state->trained) {
            network = &m_state->trained->network();
            config = &m_state->trained->config();
            snapshot.model = QStringLiteral("%1 (step %2)").arg(m_state->label).arg(m_state->trained->step());
        } else {
            if (!m_state->untrained)
                m_state->untrained = untrained_walk_network(m_state->config, digit, 1);
            network = m_state->untrained.get(); // snapshot.model stays empty: untrained
        }
        const NetworkWalk walk = walk_network(*network, *config, digit, seed);
        snapshot.steps = int(walk.input_spikes.size(0));
        snapshot.width = snapshot.height = 28;
        snapshot.image = image;
        const at::Tensor input = walk.input_spikes.select(1, 0).contiguous();
        snapshot.input =
            QVector<quint8>(input.data_ptr<std::uint8_t>(), input.data_ptr<std::uint8_t>() + input.numel());
        for (const WalkedLayer& layer : walk.layers) {
            ui::WalkLayer ui;
            ui.name = QString::fromStdString(layer.name);
            if (layer.spikes.dim() == 4) {
                ui.channels = int(layer.spikes.size(1));
                ui.height = int(layer.spikes.size(2));
                ui.width = int(layer.spikes.size(3));
            } else {
                ui.width = int(layer.spikes.numel() / layer.spikes.size(0));
            }
            const at::Tensor spikes = layer.spikes.contiguous();
            ui.spikes =
                QVector<quint8>(spikes.data_ptr<std::uint8_t>(), spikes.data_ptr<std::uint8_t>() + spikes.numel());
            snapshot.layers << ui;
        }
        if (walk.reconstruction.defined()) {
            const at::Tensor reconstruction = walk.reconstruction.select(1, 0).contiguous();
            snapshot.reconstruction = QVector<float>(reconstruction.data_ptr<float>(),
                                                     reconstruction.data_ptr<float>() + reconstruction.numel());
        }
    } catch (const std::exception& failure) {
        snapshot = {};
        snapshot.error = QString::fromUtf8(failure.what()).section(QLatin1Char('\n'), 0, 0);
    }
    return snapshot;
}

} // namespace csae
