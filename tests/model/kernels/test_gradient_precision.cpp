// train.gradient_precision's resolution on injected CPU features and probe results, and the
// $CSAE_MAX_ISA cap on the detected features.

#include "model/core/cpu_features.h"
#include "model/core/errors.h"
#include "model/kernels/gradient_precision.h"

#include <QtTest/QtTest>

using namespace csae;
Q_DECLARE_METATYPE(csae::GradientPrecision)

namespace {

CpuFeatures cpu(bool avx2, bool avx512f, bool avx512_bf16, bool amx_bf16)
{
    CpuFeatures f;
    f.model = "Test CPU";
    f.avx2 = avx2;
    f.avx512f = avx512f;
    f.avx512_bf16 = avx512_bf16;
    f.amx_bf16 = amx_bf16;
    return f;
}

} // namespace

class TestGradientPrecision : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void resolves_data()
    {
        QTest::addColumn<GradientPrecision>("requested");
        QTest::addColumn<bool>("avx512f");
        QTest::addColumn<bool>("avx512_bf16");
        QTest::addColumn<bool>("amx_bf16");
        QTest::addColumn<bool>("probe");
        QTest::addColumn<QString>("expected"); // "bfloat16", "float32" or "error"
        QTest::addColumn<QString>("mentions");
        const auto Auto = GradientPrecision::Auto, Bf16 = GradientPrecision::BFloat16,
                   F32 = GradientPrecision::Float32;
        QTest::newRow("auto, zen 4") << Auto << true << true << false << true << "bfloat16" << "AVX512-BF16";
        QTest::newRow("auto, sapphire rapids amx") << Auto << true << false << true << true << "bfloat16"
                                                   << "AMX-BF16";
        QTest::newRow("auto, skylake-x") << Auto << true << false << false << true << "float32" << "lacks";
        QTest::newRow("auto, haswell") << Auto << false << false << false << true << "float32" << "lacks";
        QTest::newRow("auto, probe fails") << Auto << true << true << false << false << "float32" << "probe broke";
        QTest::newRow("bfloat16, zen 4") << Bf16 << true << true << false << true << "bfloat16" << "configured";
        QTest::newRow("bfloat16, haswell") << Bf16 << false << false << false << true << "error"
                                           << "train.gradient_precision";
        QTest::newRow("bfloat16, probe fails") << Bf16 << true << true << false << false << "error"
                                               << "probe broke";
        QTest::newRow("float32, zen 4") << F32 << true << true << false << true << "float32" << "configured";
        QTest::newRow("float32, haswell") << F32 << false << false << false << false << "float32" << "configured";
    }
    void resolves()
    {
        QFETCH(GradientPrecision, requested);
        QFETCH(bool, avx512f);
        QFETCH(bool, avx512_bf16);
        QFETCH(bool, amx_bf16);
        QFETCH(bool, probe);
        QFETCH(QString, expected);
        QFETCH(QString, mentions);
        const CpuFeatures features = cpu(true, avx512f, avx512_bf16, amx_bf16);
        try {
            const ResolvedPrecision resolved = decide_gradient_precision(requested, features, probe, "probe broke");
            QCOMPARE(QString::fromStdString(choice_name(resolved.precision)), expected);
            QVERIFY2(QString::fromStdString(resolved.reason).contains(mentions), resolved.reason.c_str());
        } catch (const ConfigError& error) {
            QCOMPARE(QStringLiteral("error"), expected);
            const QString message = QString::fromUtf8(error.what());
            QVERIFY2(message.contains(mentions) && message.contains(QStringLiteral("float32")), error.what());
        }
    }

    void explicitBfloat16NamesTheMissingFeature()
    {
        try {
            decide_gradient_precision(GradientPrecision::BFloat16, cpu(true, false, false, false), true);
            QFAIL("no error");
        } catch (const ConfigError& error) {
            const QString message = QString::fromUtf8(error.what());
            QVERIFY(message.contains(QStringLiteral("AVX512-BF16")));
            QVERIFY(message.contains(QStringLiteral("Test CPU")));
            QVERIFY(message.contains(QStringLiteral("\"auto\"")));
        }
    }

    void capLowersTheLevel_data()
    {
        QTest::addColumn<QString>("cap");
        QTest::addColumn<int>("level");
        QTest::addColumn<bool>("bf16");
        QTest::newRow("none") << QString() << int(IsaLevel::Avx512) << true;
        QTest::newRow("avx512") << QStringLiteral("avx512") << int(IsaLevel::Avx512) << true;
        QTest::newRow("avx2") << QStringLiteral("avx2") << int(IsaLevel::Avx2) << false;
        QTest::newRow("baseline") << QStringLiteral("baseline") << int(IsaLevel::Baseline) << false;
    }
    void capLowersTheLevel()
    {
        QFETCH(QString, cap);
        QFETCH(int, level);
        QFETCH(bool, bf16);
        const CpuFeatures features = capped(cpu(true, true, true, true), cap.toStdString());
        QCOMPARE(int(features.level()), level);
        QCOMPARE(features.native_bfloat16(), bf16);
    }

    void unknownCapIsAnError()
    {
        QVERIFY_THROWS_EXCEPTION(ConfigError, capped(cpu(true, true, true, true), "avx9000"));
    }

    void thisMachineResolvesWithoutError()
    {
        // Whatever this CPU is, auto must resolve, and float32 must always be available.
        const ResolvedPrecision automatic = resolve_gradient_precision(GradientPrecision::Auto);
        QVERIFY(automatic.precision != GradientPrecision::Auto);
        QVERIFY(!automatic.reason.empty());
        QCOMPARE(resolve_gradient_precision(GradientPrecision::Float32).precision, GradientPrecision::Float32);
        QCOMPARE(automatic.bfloat16(), cpu_features().native_bfloat16());
    }
};

QTEST_GUILESS_MAIN(TestGradientPrecision)
#include "test_gradient_precision.moc"
