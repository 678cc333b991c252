#include "util/signalwatcher.h"

#include <csignal>

#include <QSignalSpy>
#include <QtTest>

using namespace oilwatch;

class TestSignalWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void turnsSignalsIntoQtSignals_data()
    {
        QTest::addColumn<int>("number");
        QTest::newRow("SIGINT") << SIGINT;
        QTest::newRow("SIGTERM") << SIGTERM;
    }

    void turnsSignalsIntoQtSignals()
    {
#ifdef Q_OS_WIN
        QSKIP("Windows delivers console events, not signals; raise() would end the process");
#endif
        QFETCH(int, number);
        util::SignalWatcher watcher;
        QSignalSpy spy(&watcher, &util::SignalWatcher::terminationRequested);
        // The process survives: the handler only wrote a byte, the event loop delivers it.
        std::raise(number);
        QVERIFY(spy.wait(2000));
        QCOMPARE(spy.takeFirst().at(0).toInt(), number);
    }

    void secondWatcherWorksAfterTheFirstIsGone()
    {
#ifdef Q_OS_WIN
        QSKIP("Windows delivers console events, not signals");
#endif
        {
            util::SignalWatcher first;
        }
        util::SignalWatcher second;
        QSignalSpy spy(&second, &util::SignalWatcher::terminationRequested);
        std::raise(SIGTERM);
        QVERIFY(spy.wait(2000));
    }
};

QTEST_GUILESS_MAIN(TestSignalWatcher)
#include "tst_signalwatcher.moc"
