#include "transport/networkreachability.h"

#include <QNetworkInformation>
#include <QSignalSpy>
#include <QtTest>

using namespace oilwatch;
using State = transport::NetworkReachability::State;

class TestNetworkReachability : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unknownWithoutBackend()
    {
        transport::NetworkReachability reachability;
        QVERIFY(!reachability.hasBackend());
        QCOMPARE(reachability.state(), State::Unknown);
        QVERIFY(!reachability.isOffline());
    }

    void defaultBackendIsReportedTruthfully()
    {
        transport::NetworkReachability reachability;
        const bool loaded = reachability.loadDefaultBackend();
        QCOMPARE(reachability.hasBackend(), loaded);
        if (!loaded) {
            // Without a backend nothing may be claimed.
            QCOMPARE(reachability.state(), State::Unknown);
            return;
        }
        QVERIFY(QNetworkInformation::instance());
        // A second load reuses the process-wide backend.
        QVERIFY(reachability.loadDefaultBackend());
        transport::NetworkReachability other;
        QVERIFY(other.loadDefaultBackend());
        QCOMPARE(other.state(), reachability.state());
    }

    void testHookDrivesStateAndSignal()
    {
        transport::NetworkReachability reachability;
        QSignalSpy spy(&reachability, &transport::NetworkReachability::stateChanged);
        reachability.setStateForTesting(State::Offline);
        QVERIFY(reachability.hasBackend());
        QVERIFY(reachability.isOffline());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<State>(), State::Offline);

        // Only changes are signalled.
        reachability.setStateForTesting(State::Offline);
        QCOMPARE(spy.count(), 1);

        reachability.setStateForTesting(State::LocalOnly);
        QVERIFY(!reachability.isOffline());
        reachability.setStateForTesting(State::Online);
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.last().at(0).value<State>(), State::Online);
    }
};

QTEST_GUILESS_MAIN(TestNetworkReachability)
#include "tst_networkreachability.moc"
