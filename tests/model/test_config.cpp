#include <QtTest/QtTest>
class Testconfig : public QObject { Q_OBJECT private Q_SLOTS: void placeholder() {} };
QTEST_GUILESS_MAIN(Testconfig)
#include "test_config.moc"
