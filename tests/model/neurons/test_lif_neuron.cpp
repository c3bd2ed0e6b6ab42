// LIF neurons: spike times against closed forms, surrogate gradients against their formulas,
// and the fused sequence operation against the per-timestep reference.

#include "model/config/config.h"
#include "model/neurons/lif_neuron.h"

#include <ATen/TensorOperators.h>
#include <ATen/ops/cat.h>
#include <ATen/ops/full.h>
#include <ATen/ops/stack.h>
#include <ATen/ops/rand.h>
#include <ATen/ops/randn.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/zeros.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/utils.h>

#include <QtTest/QtTest>

#include <cmath>
#include <numbers>

using namespace csae;
Q_DECLARE_METATYPE(csae::Surrogate)
Q_DECLARE_METATYPE(csae::ResetMode)
Q_DECLARE_METATYPE(csae::MembraneForm)

namespace {

std::vector<int> spike_steps(const at::Tensor& spikes)
{
    std::vector<int> steps;
    for (int t = 0; t < spikes.size(0); ++t)
        if (spikes[t].item<float>() == 1.0f)
            steps.push_back(t);
    return steps;
}

double relative_difference(const at::Tensor& a, const at::Tensor& b)
{
    return (a - b).abs().max().item<double>() / std::max(1e-12, b.abs().max().item<double>());
}

} // namespace

class TestLifNeuron : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Without leak (beta = 1, common form) and reset by subtraction, the neuron integrates
    // exactly: it has fired floor((t+1) I / theta) times by step t.
    void subtractResetWithoutLeakMatchesIntegration_data()
    {
        QTest::addColumn<double>("current");
        QTest::addColumn<double>("threshold");
        QTest::newRow("I=0.375") << 0.375 << 1.0;
        QTest::newRow("I=0.25 theta=0.5") << 0.25 << 0.5;
        QTest::newRow("I=1.5") << 1.5 << 1.0; // above threshold: some steps must spike once and carry the rest
    }
    void subtractResetWithoutLeakMatchesIntegration()
    {
        QFETCH(double, current);
        QFETCH(double, threshold);
        const int steps = 40;
        LifOptions options;
        options.beta(1.0).threshold(threshold).form(MembraneForm::Common).reset(ResetMode::Subtract);
        Lif lif(options);
        const at::Tensor spikes = lif->forward(at::full({steps, 1}, current)).squeeze(1);
        for (int t = 0; t < steps; ++t) {
            const double expected = std::floor((t + 1) * current / threshold) - std::floor(t * current / threshold);
            // With I > theta the neuron can only fire once per step: the excess carries over.
            QCOMPARE(spikes[t].item<float>(), static_cast<float>(std::min(1.0, expected) > 0 ? 1.0 : 0.0));
        }
        if (current <= threshold)
            QCOMPARE(spikes.sum().item<double>(), std::floor(steps * current / threshold));
    }

    // With reset to zero the neuron restarts from rest after every spike, so the spikes are
    // periodic with period n = the first step at which a I (1 - beta^n) / (1 - beta) >= theta.
    void zeroResetIsPeriodic_data()
    {
        QTest::addColumn<MembraneForm>("form");
        QTest::addColumn<double>("beta");
        QTest::addColumn<double>("current");
        QTest::newRow("seed beta=0.5 I=1.4") << MembraneForm::Seed << 0.5 << 1.4;
        QTest::newRow("seed beta=0.9 I=1.3") << MembraneForm::Seed << 0.9 << 1.3;
        QTest::newRow("common beta=0.8 I=0.3") << MembraneForm::Common << 0.8 << 0.3;
        QTest::newRow("common beta=0.5 I=0.55") << MembraneForm::Common << 0.5 << 0.55;
    }
    void zeroResetIsPeriodic()
    {
        QFETCH(MembraneForm, form);
        QFETCH(double, beta);
        QFETCH(double, current);
        const double gain = form == MembraneForm::Seed ? 1.0 - beta : 1.0;
        int period = 1;
        while (period < 100 && gain * current * (1.0 - std::pow(beta, period)) / (1.0 - beta) < 1.0)
            ++period;
        QVERIFY2(period > 1 && period < 20, "test case should have a non-trivial period");
        LifOptions options;
        options.beta(beta).threshold(1.0).form(form).reset(ResetMode::Zero);
        const int steps = 60;
        const auto actual = spike_steps(Lif(options)->forward(at::full({steps, 1}, current)).squeeze(1));
        std::vector<int> expected;
        for (int t = period - 1; t < steps; t += period)
            expected.push_back(t);
        QCOMPARE(actual, expected);
    }

    void membraneIsPreReset()
    {
        LifOptions options;
        options.beta(0.5).threshold(1.0).form(MembraneForm::Common).reset(ResetMode::Subtract);
        const LifTrace trace = Lif(options)->forward_trace(at::full({3, 1}, 0.8));
        // U0 = 0.8; U1 = 0.4 + 0.8 = 1.2 (spike, then 0.2); U2 = 0.1 + 0.8 = 0.9.
        QVERIFY(std::abs(trace.membrane[0].item<float>() - 0.8f) < 1e-6f);
        QVERIFY(std::abs(trace.membrane[1].item<float>() - 1.2f) < 1e-6f);
        QVERIFY(std::abs(trace.membrane[2].item<float>() - 0.9f) < 1e-6f);
        QCOMPARE(spike_steps(trace.spikes.squeeze(1)), std::vector<int>{1});
    }

    // One step: dS/dI = a * surrogate'(U - theta). Formulas written out here independently.
    void surrogateGradientMatchesFormula_data()
    {
        QTest::addColumn<Surrogate>("surrogate");
        QTest::addColumn<double>("slope");
        QTest::newRow("fast_sigmoid k=25") << Surrogate::FastSigmoid << 25.0;
        QTest::newRow("fast_sigmoid k=5") << Surrogate::FastSigmoid << 5.0;
        QTest::newRow("arctan alpha=2") << Surrogate::ArcTan << 2.0;
        QTest::newRow("sigmoid k=5") << Surrogate::Sigmoid << 5.0;
        QTest::newRow("straight_through") << Surrogate::StraightThrough << 1.0;
    }
    void surrogateGradientMatchesFormula()
    {
        QFETCH(Surrogate, surrogate);
        QFETCH(double, slope);
        const double beta = 0.75, theta = 1.0, gain = 1.0 - beta;
        LifOptions options;
        options.beta(beta).threshold(theta).surrogate(surrogate).slope(slope);
        const std::vector<double> currents{-2.0, 0.5, 3.9, 4.0, 4.1, 6.0, 12.0};
        at::Tensor input = at::tensor(std::vector<float>(currents.begin(), currents.end())).view({1, -1});
        input.set_requires_grad(true);
        for (const bool reference : {false, true}) {
            Lif lif(options);
            const at::Tensor spikes = reference
                                          ? lif_sequence_reference(input, lif->beta, lif->threshold, options).spikes
                                          : lif->forward(input);
            const at::Tensor grad = torch::autograd::grad({spikes.sum()}, {input})[0];
            for (std::size_t i = 0; i < currents.size(); ++i) {
                const double x = gain * currents[i] - theta;
                double expected = 1.0;
                switch (surrogate) {
                case Surrogate::FastSigmoid:
                    expected = 1.0 / std::pow(slope * std::abs(x) + 1.0, 2);
                    break;
                case Surrogate::ArcTan:
                    expected = (slope / 2.0) / (1.0 + std::pow(std::numbers::pi * slope * x / 2.0, 2));
                    break;
                case Surrogate::Sigmoid: {
                    const double s = 1.0 / (1.0 + std::exp(-slope * x));
                    expected = slope * s * (1.0 - s);
                    break;
                }
                case Surrogate::StraightThrough:
                    break;
                }
                const double actual = grad[0][static_cast<long>(i)].item<double>();
                QVERIFY2(
                    std::abs(actual - gain * expected) <= 1e-5 * std::max(1.0, std::abs(gain * expected)),
                    qPrintable(QStringLiteral("x=%1 actual %2 expected %3").arg(x).arg(actual).arg(gain * expected)));
                // The forward pass is exactly the Heaviside step.
                QCOMPARE(spikes[0][static_cast<long>(i)].item<float>(), x >= 0 ? 1.0f : 0.0f);
            }
        }
    }

    // The fused operation and the per-step reference agree on spikes, membrane and every gradient.
    void fusedMatchesReference_data()
    {
        QTest::addColumn<ResetMode>("reset");
        QTest::addColumn<MembraneForm>("form");
        QTest::addColumn<Surrogate>("surrogate");
        QTest::addColumn<double>("beta_value");
        for (const auto reset : {ResetMode::Subtract, ResetMode::Zero})
            for (const auto form : {MembraneForm::Seed, MembraneForm::Common})
                for (const auto surrogate : {Surrogate::FastSigmoid, Surrogate::ArcTan, Surrogate::Sigmoid})
                    QTest::addRow("reset%d form%d surrogate%d", int(reset), int(form), int(surrogate))
                        << reset << form << surrogate << 0.8;
        // In the seed's form beta's gradient recomputes the input from the membrane when 1 - beta
        // is large enough (above) and reads the saved input when it is small (here).
        for (const auto reset : {ResetMode::Subtract, ResetMode::Zero})
            QTest::addRow("reset%d seed form, beta 0.97", int(reset))
                << reset << MembraneForm::Seed << Surrogate::ArcTan << 0.97;
    }
    void fusedMatchesReference()
    {
        QFETCH(ResetMode, reset);
        QFETCH(MembraneForm, form);
        QFETCH(Surrogate, surrogate);
        QFETCH(double, beta_value);
        torch::manual_seed(7);
        // 9000 neurons span more than one of the fused kernel's chunks.
        // Scaled so that both forms see currents around threshold (the seed's form multiplies by 1 - beta).
        const double gain = form == MembraneForm::Seed ? 1.0 - beta_value : 1.0;
        const at::Tensor input_data = (at::randn({12, 3, 3000}) * 1.5 + 0.6) / gain;
        const at::Tensor weights = at::randn({12, 3, 3000});
        LifOptions options;
        options.beta(beta_value)
            .threshold(1.0)
            .reset(reset)
            .form(form)
            .surrogate(surrogate)
            .slope(Config_default_slope(surrogate))
            .learn_beta(true)
            .learn_threshold(true);
        std::vector<at::Tensor> grads[2];
        at::Tensor spikes[2], membrane[2];
        for (int path = 0; path < 2; ++path) {
            at::Tensor input = input_data.clone().set_requires_grad(true);
            const at::Tensor beta = at::scalar_tensor(beta_value).set_requires_grad(true);
            const at::Tensor threshold = at::scalar_tensor(1.0).set_requires_grad(true);
            const LifTrace trace = path == 0 ? lif_sequence(input, beta, threshold, options)
                                             : lif_sequence_reference(input, beta, threshold, options);
            grads[path] = torch::autograd::grad({(trace.spikes * weights).sum()}, {input, beta, threshold});
            spikes[path] = trace.spikes;
            membrane[path] = trace.membrane;
        }
        expectSameAsReference(spikes, membrane, grads);
        if (QTest::currentTestFailed())
            return;
    }

    void rejectsUnknownNames()
    {
        Surrogate surrogate = Surrogate::ArcTan;
        QVERIFY(!find_choice("relu", surrogate));
        QCOMPARE(surrogate, Surrogate::ArcTan); // left as it was
        ResetMode reset{};
        QVERIFY(!find_choice("none", reset));
        MembraneForm form{};
        QVERIFY(!find_choice("other", form));
        QVERIFY(find_choice("common", form));
        QCOMPARE(form, MembraneForm::Common);
        QCOMPARE(choice_name(Surrogate::StraightThrough), std::string("straight_through"));
        QCOMPARE(choice_names<Surrogate>().size(), std::size_t{4});
    }

    // A layer run as consecutive stretches (lif_stretch, the production path's LIF) gives the
    // reference's spikes, membrane and gradients, for any stretch length, across the stretch
    // boundaries (membrane carried forward, gradient carried back) and with learnt beta/threshold.
    void stretchesMatchReference_data()
    {
        QTest::addColumn<int>("stretch");
        QTest::addColumn<ResetMode>("reset");
        QTest::addColumn<MembraneForm>("form");
        for (const int stretch : {1, 5, 12})
            for (const auto reset : {ResetMode::Subtract, ResetMode::Zero})
                for (const auto form : {MembraneForm::Seed, MembraneForm::Common})
                    QTest::addRow("stretch%d reset%d form%d", stretch, int(reset), int(form))
                        << stretch << reset << form;
    }
    void stretchesMatchReference()
    {
        QFETCH(int, stretch);
        QFETCH(ResetMode, reset);
        QFETCH(MembraneForm, form);
        torch::manual_seed(9);
        const double gain = form == MembraneForm::Seed ? 0.2 : 1.0;
        const at::Tensor input_data = (at::randn({12, 3, 3000}) * 1.5 + 0.6) / gain;
        const at::Tensor weights = at::randn({12, 3, 3000});
        LifOptions options;
        options.beta(0.8)
            .threshold(1.0)
            .reset(reset)
            .form(form)
            .surrogate(Surrogate::FastSigmoid)
            .slope(Config::default_slope(Surrogate::FastSigmoid))
            .learn_beta(true)
            .learn_threshold(true);
        std::vector<at::Tensor> grads[2];
        at::Tensor spikes[2], membrane[2];
        for (int path = 0; path < 2; ++path) {
            at::Tensor input = input_data.clone().set_requires_grad(true);
            const at::Tensor beta = at::scalar_tensor(0.8).set_requires_grad(true);
            const at::Tensor threshold = at::scalar_tensor(1.0).set_requires_grad(true);
            if (path == 0) {
                const std::vector<at::Tensor> steps = input.unbind(0);
                std::vector<at::Tensor> out, trace;
                at::Tensor carried;
                for (int begin = 0; begin < 12; begin += stretch) {
                    const std::vector<at::Tensor> part(steps.begin() + begin,
                                                       steps.begin() + std::min(12, begin + stretch));
                    LifStretch result = lif_stretch(part, carried, beta, threshold, options);
                    carried = result.final_membrane;
                    out.insert(out.end(), result.spikes.begin(), result.spikes.end());
                    trace.push_back(result.membrane);
                }
                spikes[path] = at::stack(out);
                membrane[path] = at::cat(trace);
            } else {
                const LifTrace reference = lif_sequence_reference(input, beta, threshold, options);
                spikes[path] = reference.spikes;
                membrane[path] = reference.membrane;
            }
            grads[path] = torch::autograd::grad({(spikes[path] * weights).sum()}, {input, beta, threshold});
        }
        expectSameAsReference(spikes, membrane, grads);
        if (QTest::currentTestFailed())
            return;
    }

private:
    /// Path 0 against the reference (path 1): identical spikes, membrane within 1e-6, every
    /// gradient (input, beta, threshold) within 1e-4 relative; the case must exercise spikes.
    static void expectSameAsReference(const at::Tensor (&spikes)[2], const at::Tensor (&membrane)[2],
                                      const std::vector<at::Tensor> (&grads)[2])
    {
        QVERIFY(spikes[0].equal(spikes[1]));
        QVERIFY(relative_difference(membrane[0], membrane[1]) < 1e-6);
        QVERIFY(spikes[0].mean().item<double>() > 0.05); // the case must exercise spikes and resets
        for (int i = 0; i < 3; ++i)
            QVERIFY2(relative_difference(grads[0][i], grads[1][i]) < 1e-4,
                     qPrintable(QStringLiteral("gradient %1 differs by %2")
                                    .arg(i)
                                    .arg(relative_difference(grads[0][i], grads[1][i]))));
    }

    /// The default slope through the engine's own table (Config::default_slope).
    static double Config_default_slope(Surrogate surrogate) { return Config::default_slope(surrogate); }
};

QTEST_GUILESS_MAIN(TestLifNeuron)
#include "test_lif_neuron.moc"
