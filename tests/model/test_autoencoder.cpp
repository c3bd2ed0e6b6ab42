#include <QtTest/QtTest>
class Testautoencoder : public QObject { Q_OBJECT private Q_SLOTS: void placeholder() {} };
QTEST_GUILESS_MAIN(Testautoencoder)
#include "test_autoencoder.moc"
