// The teaching lessons' engine: the LIF playground's neuron is the engine's LIF (checked against
// the dynamics written out by hand for each reset and form), the closed-form f-I curve agrees
// with the simulation where it exists, the input shapes, the binomial and the rate-coding
// lesson's counts; bad input refused.

#include "model/core/errors.h"
#include "model/teaching/convolution_lesson.h"
#include "model/teaching/lif_lesson.h"
#include "model/teaching/network_walk.h"
#include "model/teaching/rate_coding_lesson.h"
#include "model/teaching/surrogate_lesson.h"

#include <ATen/ATen.h>
#include <QtTest/QtTest>

#include <cmath>
#include <numeric>

using namespace csae;

Q_DECLARE_METATYPE(csae::ResetMode)
Q_DECLARE_METATYPE(csae::MembraneForm)
Q_DECLARE_METATYPE(csae::Surrogate)

namespace {

// Every surrogate at the slope the engine's presets use for it.
void addSurrogateRows()
{
    QTest::addColumn<Surrogate>("surrogate");
    QTest::addColumn<double>("slope");
    QTest::newRow("fast sigmoid") << Surrogate::FastSigmoid << 25.0;
    QTest::newRow("arctan") << Surrogate::ArcTan << 2.0;
    QTest::newRow("sigmoid") << Surrogate::Sigmoid << 5.0;
    QTest::newRow("straight-through") << Surrogate::StraightThrough << 1.0;
}

} // namespace

class TestLessons : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void neuronFollowsTheDynamics_data()
    {
        QTest::addColumn<ResetMode>("reset");
        QTest::addColumn<MembraneForm>("form");
        QTest::newRow("subtract, seed's form") << ResetMode::Subtract << MembraneForm::Seed;
        QTest::newRow("zero, seed's form") << ResetMode::Zero << MembraneForm::Seed;
        QTest::newRow("subtract, common form") << ResetMode::Subtract << MembraneForm::Common;
        QTest::newRow("zero, common form") << ResetMode::Zero << MembraneForm::Common;
    }

    void neuronFollowsTheDynamics()
    {
        QFETCH(ResetMode, reset);
        QFETCH(MembraneForm, form);
        LifOptions options;
        options.beta(0.8).threshold(1.0).reset(reset).form(form);
        InputCurrentOptions input;
        input.waveform = InputWaveform::Noise;
        input.amplitude = form == MembraneForm::Seed ? 1.6 : 0.4;
        input.noise_std = 0.5;
        input.steps = 300;
        const std::vector<double> current = input_current(input);
        const NeuronResponse response = simulate_neuron(current, options);
        // U[t] = beta U'[t-1] + a I[t]; S = U >= theta; U' = U - S theta or U (1 - S). The
        // engine keeps beta as a float32 parameter: the same rounding here.
        const double b = double(0.8f);
        const double a = form == MembraneForm::Seed ? 1.0 - b : 1.0;
        double u = 0.0;
        int spikes = 0;
        for (std::size_t t = 0; t < current.size(); ++t) {
            const double pre = b * u + a * current[t];
            const int spike = pre >= 1.0 ? 1 : 0;
            QVERIFY2(std::abs(response.membrane[t] - pre) < 1e-9,
                     qPrintable(QStringLiteral("t %1: %2 against %3").arg(t).arg(response.membrane[t]).arg(pre)));
            QCOMPARE(response.spikes[t], spike);
            u = reset == ResetMode::Subtract ? pre - spike : pre * (1 - spike);
            spikes += spike;
        }
        QVERIFY(spikes > 10); // the test exercises the reset
        QCOMPARE(response.rate, double(spikes) / 300.0);
    }

    void closedFormMatchesSimulation_data()
    {
        QTest::addColumn<double>("beta");
        QTest::addColumn<ResetMode>("reset");
        QTest::addColumn<MembraneForm>("form");
        QTest::newRow("leaky, to zero, seed's") << 0.9 << ResetMode::Zero << MembraneForm::Seed;
        QTest::newRow("leaky, to zero, common") << 0.6 << ResetMode::Zero << MembraneForm::Common;
        QTest::newRow("no leak, subtract, common") << 1.0 << ResetMode::Subtract << MembraneForm::Common;
        QTest::newRow("no leak, to zero, common") << 1.0 << ResetMode::Zero << MembraneForm::Common;
    }

    void closedFormMatchesSimulation()
    {
        QFETCH(double, beta);
        QFETCH(ResetMode, reset);
        QFETCH(MembraneForm, form);
        LifOptions options;
        options.beta(beta).threshold(1.0).reset(reset).form(form);
        // 37 currents: none where U reaches the threshold exactly, whose rounding decides a step.
        const RateCurve curve = rate_curve(options, 4.0, 37, 2000);
        int compared = 0;
        for (std::size_t i = 0; i < curve.currents.size(); ++i) {
            QVERIFY(curve.closed_form[i].has_value());
            // Over 2000 steps the count is the closed form's to within one interval.
            QVERIFY2(std::abs(curve.simulated[i] - *curve.closed_form[i]) <= 1.0 / 2000 + 1e-9 ||
                         std::abs(curve.simulated[i] - *curve.closed_form[i]) < 0.01 * *curve.closed_form[i],
                     qPrintable(QStringLiteral("I %1: simulated %2, closed form %3")
                                    .arg(curve.currents[i])
                                    .arg(curve.simulated[i])
                                    .arg(*curve.closed_form[i])));
            ++compared;
        }
        QCOMPARE(compared, 37);
        QVERIFY(curve.simulated.back() > 0.1); // the range reaches firing
        QCOMPARE(curve.simulated.front(), 0.0);
        // Subtraction with leak has none.
        options.beta(0.9).reset(ResetMode::Subtract);
        QVERIFY(!closed_form_rate(options, 2.0).has_value());
    }

    void inputShapes()
    {
        InputCurrentOptions input;
        input.steps = 100;
        input.amplitude = 2.0;
        input.waveform = InputWaveform::Step;
        input.step_at = 30;
        std::vector<double> current = input_current(input);
        QCOMPARE(current[29], 0.0);
        QCOMPARE(current[30], 2.0);
        input.waveform = InputWaveform::Ramp;
        current = input_current(input);
        QCOMPARE(current.front(), 0.0);
        QCOMPARE(current.back(), 2.0);
        input.waveform = InputWaveform::SpikeTrain;
        input.period = 10;
        current = input_current(input);
        QCOMPARE(std::accumulate(current.begin(), current.end(), 0.0), 20.0);
        input.waveform = InputWaveform::Noise;
        input.noise_std = 0.5;
        current = input_current(input);
        const double mean = std::accumulate(current.begin(), current.end(), 0.0) / 100.0;
        QVERIFY(std::abs(mean - 2.0) < 0.25);
        QCOMPARE(input_current(input), current); // the same seed, the same noise
        input.waveform = InputWaveform::Drawn;
        input.drawn = std::vector<double>(99, 1.0);
        QVERIFY_THROWS_EXCEPTION(InputError, input_current(input));
        input.drawn = std::vector<double>(100, 1.0);
        input.drawn[5] = std::nan("");
        QVERIFY_THROWS_EXCEPTION(InputError, input_current(input));
        input.steps = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, input_current(input));
    }

    void surrogateCurvesAreTheEnginesFormulas_data() { addSurrogateRows(); }

    void surrogateCurvesAreTheEnginesFormulas()
    {
        QFETCH(Surrogate, surrogate);
        QFETCH(double, slope);
        const SurrogateCurve curve = surrogate_curve(surrogate, slope, 2.0, 401);
        QCOMPARE(curve.x.size(), std::size_t(401));
        for (std::size_t i = 0; i < curve.x.size(); i += 20) {
            const double x = curve.x[i];
            double expected = 1.0; // straight-through
            if (surrogate == Surrogate::FastSigmoid)
                expected = 1.0 / std::pow(slope * std::abs(x) + 1.0, 2);
            else if (surrogate == Surrogate::ArcTan)
                expected = (slope / 2.0) / (1.0 + std::pow(M_PI * slope * x / 2.0, 2));
            else if (surrogate == Surrogate::Sigmoid)
                expected = slope / (1.0 + std::exp(-slope * x)) * (1.0 - 1.0 / (1.0 + std::exp(-slope * x)));
            QVERIFY2(std::abs(curve.derivative[i] - expected) < 1e-12, qPrintable(QString::number(x)));
            QCOMPARE(curve.heaviside[i], x >= 0.0 ? 1.0 : 0.0);
        }
        // The smooth step rises where the Heaviside jumps: half-way near x = 0 for the symmetric ones.
        QCOMPARE(curve.smooth.front(), 0.0);
        if (surrogate != Surrogate::StraightThrough) {
            const double total = curve.smooth.back();
            QVERIFY2(std::abs(curve.smooth[200] - total / 2.0) < 0.01 * total,
                     qPrintable(QString::number(curve.smooth[200])));
        }
        QVERIFY_THROWS_EXCEPTION(InputError, surrogate_curve(surrogate, 0.0));
    }

    void oneNeuronLearnsItsSpikeCount_data() { addSurrogateRows(); }

    void oneNeuronLearnsItsSpikeCount()
    {
        QFETCH(Surrogate, surrogate);
        QFETCH(double, slope);
        SpikeCountTraining training;
        const SpikeCountHistory history = train_spike_count(training, surrogate, slope);
        QCOMPARE(history.loss.size(), std::size_t(training.iterations));
        qInfo("%s: count %g -> %g, weight %.3f -> %.3f", QTest::currentDataTag(), history.count.front(),
              history.count.back(), history.weight.front(), history.weight.back());
        QVERIFY(history.loss.back() < history.loss.front());
        QVERIFY2(std::abs(history.count.back() - double(training.target)) <= 2.0,
                 qPrintable(QString::number(history.count.back())));
        // The same seed, the same history.
        QCOMPARE(train_spike_count(training, surrogate, slope).weight, history.weight);
        training.steps = 0;
        QVERIFY_THROWS_EXCEPTION(InputError, train_spike_count(training, surrogate, slope));
    }

    void convolutionReproducesTheSeedsY()
    {
        const ConvolutionLesson lesson = convolve_for_lesson(seed_convolution_input(), seed_convolution_kernel(), 1, 0);
        QCOMPARE(lesson.output.rows, 4);
        QCOMPARE(lesson.output.values, (std::vector<double>{12, 7, 9, 7, 11, 15, 13, 6, 18, 19, 12, 13, 15, 7, 14, 7}));
        QCOMPARE(lesson.positions.size(), std::size_t(16));
        // The first window: 1*1 + 2*1 + 3*0 + ... + 9*1 = 12, the products the stepper writes out.
        QCOMPARE(lesson.positions[0].inputs, (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
        QCOMPARE(lesson.positions[0].sum, 12.0);
        for (const ConvolutionPosition& position : lesson.positions)
            QCOMPARE(position.sum, lesson.output.at(position.out_row, position.out_col));
        // Stride 2 and padding 1: a 3 x 3 output whose first window reads the padding's zeros.
        const ConvolutionLesson padded = convolve_for_lesson(seed_convolution_input(), seed_convolution_kernel(), 2, 1);
        QCOMPARE(padded.output.rows, 3);
        QCOMPARE(padded.positions[0].top, -1);
        QCOMPARE(padded.positions[0].inputs[0], 0.0);
        for (const ConvolutionPosition& position : padded.positions)
            QCOMPARE(position.sum, padded.output.at(position.out_row, position.out_col));
        Grid big = seed_convolution_kernel();
        big.rows = big.cols = 7;
        big.values.assign(49, 1.0);
        QVERIFY_THROWS_EXCEPTION(InputError, convolve_for_lesson(seed_convolution_input(), big, 1, 0));
        QVERIFY_THROWS_EXCEPTION(InputError,
                                 convolve_for_lesson(seed_convolution_input(), seed_convolution_kernel(), 0, 0));
        Grid broken = seed_convolution_input();
        broken.values.pop_back();
        QVERIFY_THROWS_EXCEPTION(InputError, convolve_for_lesson(broken, seed_convolution_kernel(), 1, 0));
    }

    void spikingConvolutionFeedsLifNeurons()
    {
        RateEncoderOptions encoding;
        encoding.f_on(500).f_off(0).dt(1e-3).steps(30);
        LifOptions neuron;
        neuron.beta(0.9).threshold(2.0).form(MembraneForm::Common);
        const SpikingConvolution spiking =
            spiking_convolution(seed_convolution_input(), seed_convolution_kernel(), 1, 0, encoding, neuron, 4);
        QCOMPARE(spiking.spikes.size(), std::size_t(30));
        double fired = 0.0;
        for (std::size_t t = 0; t < 30; ++t) {
            // Each frame's current is that frame's input spikes convolved with W.
            const ConvolutionLesson frame =
                convolve_for_lesson(spiking.input_spikes[t], seed_convolution_kernel(), 1, 0);
            QCOMPARE(spiking.currents[t].values, frame.output.values);
            for (const double s : spiking.spikes[t].values)
                fired += s;
        }
        QVERIFY(fired > 0.0);
        // The brightest pixel (9) spikes with p = 0.5: about half the steps.
        double brightest = 0.0;
        for (const Grid& frame : spiking.input_spikes)
            brightest += frame.at(2, 2);
        QVERIFY2(brightest >= 6 && brightest <= 24, qPrintable(QString::number(brightest)));
    }

    void networkWalkFollowsTheDigit()
    {
        Config config;
        config.encoding.steps = 10;
        at::Tensor digit = at::zeros({1, 28, 28});
        digit.narrow(1, 6, 16).narrow(2, 12, 4).fill_(1.0); // a bar: "1"
        auto network = untrained_walk_network(config, digit, 3);
        const NetworkWalk walk = walk_network(*network, config, digit, 5);
        QCOMPARE(walk.input_spikes.sizes().vec(), (std::vector<std::int64_t>{10, 1, 28, 28}));
        QStringList names;
        for (const WalkedLayer& layer : walk.layers) {
            names << QString::fromStdString(layer.name);
            QCOMPARE(layer.spikes.size(0), 10);
        }
        QCOMPARE(names.first(), QStringLiteral("conv1"));
        QCOMPARE(names.last(), QStringLiteral("output"));
        // Calibrated: the first layer fires.
        QVERIFY(walk.layers.front().spikes.sum().item<std::int64_t>() > 0);
        // The reconstruction at t is the output's spikes averaged over 1..t.
        const at::Tensor output = walk.layers.back().spikes.to(at::kFloat);
        QVERIFY(at::allclose(walk.reconstruction[9], output.sum(0) / 10.0));
        QVERIFY(at::allclose(walk.reconstruction[0], output[0]));
        // The same seed, the same spikes; the AE is refused.
        QVERIFY(walk_network(*network, config, digit, 5).layers.front().spikes.equal(walk.layers.front().spikes));
        config.model.kind = ModelKind::Ae;
        QVERIFY_THROWS_EXCEPTION(ConfigError, untrained_walk_network(config, digit, 3));
    }

    void binomialAndRateCoding()
    {
        const std::vector<double> pmf = binomial_pmf(10, 0.3);
        QVERIFY(std::abs(pmf[3] - 120 * std::pow(0.3, 3) * std::pow(0.7, 7)) < 1e-12);
        QVERIFY(std::abs(std::accumulate(pmf.begin(), pmf.end(), 0.0) - 1.0) < 1e-12);
        QCOMPARE(binomial_pmf(5, 0.0).front(), 1.0);
        QCOMPARE(binomial_pmf(5, 1.0).back(), 1.0);
        const std::vector<std::int64_t> histogram = count_histogram(0.3, 10, 5000, 3);
        QCOMPARE(std::accumulate(histogram.begin(), histogram.end(), std::int64_t(0)), std::int64_t(5000));
        QVERIFY(std::abs(double(histogram[3]) / 5000 - pmf[3]) < 0.03);
        // The lesson uses the engine's encoder: p = dt [(f_on - f_off) x + f_off].
        RateEncoderOptions options;
        options.f_on(800).f_off(200).dt(1e-3).steps(50);
        const at::Tensor image = at::full({4, 4}, 0.5f);
        const RateCodingLesson lesson = rate_coding_lesson(image, options, 1);
        QVERIFY(std::abs(lesson.probabilities[0][0].item<double>() - 0.5) < 1e-6);
        QCOMPARE(lesson.spikes.sizes().vec(), (std::vector<std::int64_t>{50, 4, 4}));
        QVERIFY(lesson.counts.equal(lesson.spikes.to(at::kLong).sum(0)));
        options.f_on(2000);
        QVERIFY_THROWS_EXCEPTION(ConfigError, rate_coding_lesson(image, options, 1));
        options.f_on(800);
        QVERIFY_THROWS_EXCEPTION(InputError, rate_coding_lesson(at::full({4, 4}, 1.5f), options, 1));
        const std::vector<double> average = running_average(at::tensor({1, 0, 1, 1}));
        QCOMPARE(average, (std::vector<double>{1.0, 0.5, 2.0 / 3.0, 0.75}));
    }
};

QTEST_GUILESS_MAIN(TestLessons)
#include "test_lessons.moc"
