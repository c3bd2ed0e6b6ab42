#include <QtTest/QtTest>
class Testrate_encoder : public QObject { Q_OBJECT private Q_SLOTS: void placeholder() {} };
QTEST_GUILESS_MAIN(Testrate_encoder)
#include "test_rate_encoder.moc"
