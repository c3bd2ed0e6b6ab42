#pragma once
// The learning-rate schedule and early stopping (train.schedule, train.warmup_steps,
// train.early_stop_patience, train.early_stop_min_delta). Plain C++ without LibTorch, so the
// studio computes the learning rate it shows with the same function the trainer uses.

#include "model/config/config.h"

#include <cstdint>

namespace csae {

/// The learning rate of optimisation step `step` (0-based) of a run of `total_steps`:
/// a linear warm-up from lr / warmup_steps to lr over the first train.warmup_steps steps, then
/// train.lr (constant) or a cosine from train.lr down to train.lr * train.lr_final_fraction at
/// the last step (cosine). A pure function of the step, so a resumed run continues exactly.
double learning_rate_at(const TrainConfig& train, std::int64_t step, std::int64_t total_steps);

/// Early stopping on a test metric: stop when `patience` evaluations in a row have not improved
/// on the best by more than `min_delta`. Patience 0 never stops. Its state is part of a
/// checkpoint, so a resumed run stops where the uninterrupted one would.
class EarlyStopping {
public:
    struct State {
        double best = 0.0;
        std::int64_t best_step = -1; ///< -1: nothing observed yet
        std::int64_t since_best = 0; ///< evaluations since the best
        bool stopped = false;
    };

    EarlyStopping(std::int64_t patience, double min_delta, bool higher_is_better)
        : patience_(patience), min_delta_(min_delta), higher_is_better_(higher_is_better)
    {}

    /// Records the metric of the evaluation after `step` steps; true when training should stop.
    bool observe(double metric, std::int64_t step);
    bool stopped() const { return state_.stopped; }
    const State& state() const { return state_; }
    void restore(const State& state) { state_ = state; }

private:
    std::int64_t patience_;
    double min_delta_;
    bool higher_is_better_;
    State state_;
};

} // namespace csae
