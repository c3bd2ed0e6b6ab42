#include "model/training/schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace csae {

double learning_rate_at(const TrainConfig& train, std::int64_t step, std::int64_t total_steps)
{
    const double peak = train.learning_rate;
    const std::int64_t warmup = std::min(train.warmup_steps, std::max<std::int64_t>(total_steps - 1, 0));
    if (step < warmup)
        return peak * static_cast<double>(step + 1) / static_cast<double>(warmup);
    if (train.schedule == LrSchedule::Constant)
        return peak;
    const double span = static_cast<double>(std::max<std::int64_t>(total_steps - 1 - warmup, 1));
    const double progress = std::clamp(static_cast<double>(step - warmup) / span, 0.0, 1.0);
    const double floor = peak * train.lr_final_fraction;
    return floor + (peak - floor) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

bool EarlyStopping::observe(double metric, std::int64_t step)
{
    if (patience_ <= 0 || state_.stopped)
        return state_.stopped;
    const double gain = higher_is_better_ ? metric - state_.best : state_.best - metric;
    if (state_.best_step < 0 || gain > min_delta_) {
        state_.best = metric;
        state_.best_step = step;
        state_.since_best = 0;
    } else if (++state_.since_best >= patience_) {
        state_.stopped = true;
    }
    return state_.stopped;
}

} // namespace csae
