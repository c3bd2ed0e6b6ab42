#pragma once
// Tests that train on real MNIST look for it first, in initTestCase(), so that on a machine
// without it they fail at once with one line saying where they looked and how to get it,
// instead of waiting out the ctest timeout.

#include "model/data/dataset_locator.h"

#include <QString>
#include <QTest>

#include <exception>

#define CSAE_REQUIRE_MNIST()                                                                                           \
    do {                                                                                                               \
        try {                                                                                                          \
            csae::locate_dataset("mnist", {}, CSAE_PROJECT_DATA_DIR);                                                  \
        } catch (const std::exception& error) {                                                                        \
            QFAIL(qPrintable(QStringLiteral("real MNIST is needed (scripts/setup.sh fetches it): ") +                  \
                             QString::fromUtf8(error.what()).simplified()));                                           \
        }                                                                                                              \
    } while (false)
