#pragma once
// Every configuration choice as a C++ enum with one name table. The table (CSAE_CHOICES, which
// expands to NLOHMANN_JSON_SERIALIZE_ENUM plus an accessor for the same list) is the only place
// a choice's names are written: parsing, validation, `csae keys`, error messages and the
// studio's combo boxes all read it.

#include <nlohmann/json.hpp>

#include <span>
#include <string>
#include <utility>
#include <vector>

namespace csae {

/// Declares `E`'s JSON names once: json(e) and e = json.get<E>() (nlohmann), and
/// choice_table(E{}), the same list for strict parsing (nlohmann maps an unknown name to the
/// first entry, which would change a value silently, so the engine never parses through it).
#define CSAE_CHOICES(E, ...)                                                                                           \
    NLOHMANN_JSON_SERIALIZE_ENUM(E, __VA_ARGS__)                                                                       \
    inline std::span<const std::pair<E, const char*>> choice_table(E)                                                  \
    {                                                                                                                  \
        static const std::pair<E, const char*> table[] = __VA_ARGS__;                                                  \
        return table;                                                                                                  \
    }

enum class Dataset { Mnist, FashionMnist, DvsGesture, SyntheticGestures };
CSAE_CHOICES(Dataset, {{Dataset::Mnist, "mnist"},
                       {Dataset::FashionMnist, "fashion-mnist"},
                       {Dataset::DvsGesture, "dvs-gesture"},
                       {Dataset::SyntheticGestures, "synthetic-gestures"}})

/// DVS input: ON and OFF events as two channels or one.
enum class Polarity { Split, Merge };
CSAE_CHOICES(Polarity, {{Polarity::Split, "split"}, {Polarity::Merge, "merge"}})

/// The spiking autoencoder, its non-spiking twin, or the spiking classifier.
enum class ModelKind { Sae, Ae, Classifier };
CSAE_CHOICES(ModelKind, {{ModelKind::Sae, "sae"}, {ModelKind::Ae, "ae"}, {ModelKind::Classifier, "classifier"}})

/// Extra bottleneck layers and how they recur.
enum class Recurrence { None, Implicit1, Implicit2, Explicit1 };
CSAE_CHOICES(Recurrence, {{Recurrence::None, "none"},
                          {Recurrence::Implicit1, "implicit1"},
                          {Recurrence::Implicit2, "implicit2"},
                          {Recurrence::Explicit1, "explicit1"}})

/// What a spike does to the membrane: subtract the threshold, or set it to zero.
enum class ResetMode { Subtract, Zero };
CSAE_CHOICES(ResetMode, {{ResetMode::Subtract, "subtract"}, {ResetMode::Zero, "zero"}})

/// U[t] = beta U[t-1] + (1 - beta) I[t] (the seed's) or + I[t] (the common form).
enum class MembraneForm { Seed, Common };
CSAE_CHOICES(MembraneForm, {{MembraneForm::Seed, "seed"}, {MembraneForm::Common, "common"}})

/// The function whose derivative stands in for the Heaviside step's in backward.
enum class Surrogate { FastSigmoid, ArcTan, Sigmoid, StraightThrough };
CSAE_CHOICES(Surrogate, {{Surrogate::FastSigmoid, "fast_sigmoid"},
                         {Surrogate::ArcTan, "arctan"},
                         {Surrogate::Sigmoid, "sigmoid"},
                         {Surrogate::StraightThrough, "straight_through"}})

/// How the SAE runs its T steps. All compute the same function with the same parameters.
enum class Execution {
    /// Production default on the CPU: weight layers called per time step, LIF layers as fused
    /// autograd nodes over stretches of steps. Peak memory at or below the reference's.
    Stepwise,
    /// Each layer on all time steps at once (time folded into the batch), LIF layers as one
    /// fused node over the whole sequence: faster at small batches, more memory. Also the path
    /// for explicit recurrence and non-CPU devices.
    Folded,
    /// Reference: a loop over t calling every layer on one time step, LIF as plain tensor ops
    /// under autograd, as snnTorch runs. For checking gradients and measuring against.
    PerTimestep,
};
CSAE_CHOICES(Execution, {{Execution::Stepwise, "stepwise"},
                         {Execution::Folded, "folded"},
                         {Execution::PerTimestep, "per_timestep"}})

/// The products of the stepwise execution's input gradients.
/// auto: bfloat16 where the CPU has native BF16 arithmetic, else float32 (gradient_precision.h).
enum class GradientPrecision { Auto, BFloat16, Float32 };
CSAE_CHOICES(GradientPrecision, {{GradientPrecision::Auto, "auto"},
                                 {GradientPrecision::BFloat16, "bfloat16"},
                                 {GradientPrecision::Float32, "float32"}})

/// Where to train.
enum class DeviceChoice { Cpu, Cuda, Auto };
CSAE_CHOICES(DeviceChoice, {{DeviceChoice::Cpu, "cpu"}, {DeviceChoice::Cuda, "cuda"}, {DeviceChoice::Auto, "auto"}})

/// How the learning rate evolves after the warm-up.
enum class LrSchedule { Constant, Cosine };
CSAE_CHOICES(LrSchedule, {{LrSchedule::Constant, "constant"}, {LrSchedule::Cosine, "cosine"}})

/// The training loss of the autoencoders.
enum class LossKind { Nrmse, Mse };
CSAE_CHOICES(LossKind, {{LossKind::Nrmse, "nrmse"}, {LossKind::Mse, "mse"}})

/// What the SAE reconstructs.
enum class Target { Counts, MergedCounts, Spikes, ExpectedCounts };
CSAE_CHOICES(Target, {{Target::Counts, "counts"},
                      {Target::MergedCounts, "merged_counts"},
                      {Target::Spikes, "spikes"},
                      {Target::ExpectedCounts, "expected_counts"}})

/// The name of `value` in its table.
template <class E>
std::string choice_name(E value)
{
    for (const auto& [entry, name] : choice_table(E{}))
        if (entry == value)
            return name;
    return "?";
}

/// Every name of E, in table order.
template <class E>
std::vector<std::string> choice_names()
{
    std::vector<std::string> names;
    for (const auto& entry : choice_table(E{}))
        names.emplace_back(entry.second);
    return names;
}

/// "a | b | c": the allowed values as error messages and `csae keys` show them.
template <class E>
std::string choice_range()
{
    std::string range;
    for (const auto& name : choice_names<E>())
        range += (range.empty() ? "" : " | ") + name;
    return range;
}

/// The enumerator named `name`, or false when there is none.
template <class E>
bool find_choice(const std::string& name, E& value)
{
    for (const auto& [entry, entry_name] : choice_table(E{}))
        if (name == entry_name) {
            value = entry;
            return true;
        }
    return false;
}

} // namespace csae
