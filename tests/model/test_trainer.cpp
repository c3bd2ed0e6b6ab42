#include <QtTest/QtTest>
class Testtrainer : public QObject { Q_OBJECT private Q_SLOTS: void placeholder() {} };
QTEST_GUILESS_MAIN(Testtrainer)
#include "test_trainer.moc"
