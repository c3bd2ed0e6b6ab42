#include <QtTest/QtTest>
class Testlif_neuron : public QObject { Q_OBJECT private Q_SLOTS: void placeholder() {} };
QTEST_GUILESS_MAIN(Testlif_neuron)
#include "test_lif_neuron.moc"
