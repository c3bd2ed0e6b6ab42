#pragma once
// The network walk's numbers from the engine (model/teaching/network_walk): keeps the network
// walked (an untrained SAE at the default configuration, or a run's trained one) between calls.
// GUI thread; one walker per view.

#include "ui/teaching/network_walk_snapshot.h"

#include <QString>
#include <QVector>

#include <memory>

namespace csae {

class NetworkWalker {
public:
    NetworkWalker();
    ~NetworkWalker();

    /// Loads the trained network of a run directory (its checkpoint.pt); false and `error`
    /// naming the file when it cannot, the current network kept.
    bool loadRun(const QString& directory, QString* error);
    /// Loads the network of a checkpoint file, named `label` in the snapshots (e.g. "the
    /// studio's model"); false and `error` naming the file when it cannot, the current one kept.
    bool loadCheckpoint(const QString& file, const QString& label, QString* error);
    /// Goes back to an untrained SAE at the default configuration.
    void useUntrained();
    /// `image` (28 x 28 intensities in [0, 1]) through the network; spikes drawn with `seed`.
    ui::NetworkWalkSnapshot walk(const QVector<float>& image, quint64 seed);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace csae
