#include <QtTest/QtTest>
class TestCli : public QObject { Q_OBJECT private Q_SLOTS: void placeholder() {} };
QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
