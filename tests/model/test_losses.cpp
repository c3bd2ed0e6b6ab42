#include <QtTest/QtTest>
class Testlosses : public QObject { Q_OBJECT private Q_SLOTS: void placeholder() {} };
QTEST_GUILESS_MAIN(Testlosses)
#include "test_losses.moc"
