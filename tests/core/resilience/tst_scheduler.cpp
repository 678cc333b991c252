#include "util/timer.h"

#include <memory>

#include <QTest>

using namespace oilwatch::util;

class TestScheduler : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void manualFiresInDueOrderWithClockAtDueTime()
    {
        ManualClock clock;
        ManualScheduler scheduler(clock);
        QList<QPair<QString, qint64>> fired;
        const auto record = [&](const char* name) {
            return [&fired, &clock, name]() { fired.append({QLatin1String(name), clock.monotonicMs()}); };
        };
        scheduler.schedule(300, nullptr, record("c"));
        scheduler.schedule(100, nullptr, record("a"));
        scheduler.schedule(200, nullptr, record("b"));
        scheduler.schedule(100, nullptr, record("a2")); // same due time: after "a", in scheduling order
        QCOMPARE(scheduler.pendingCount(), 4);
        QCOMPARE(scheduler.nextDueMs(), 100);

        QCOMPARE(scheduler.advance(99), 0);
        QVERIFY(fired.isEmpty());
        QCOMPARE(scheduler.advance(151), 3);
        const QList<QPair<QString, qint64>> expected {{"a", 100}, {"a2", 100}, {"b", 200}};
        QCOMPARE(fired, expected);
        QCOMPARE(clock.monotonicMs(), 250);
        QCOMPARE(scheduler.advance(50), 1);
        QCOMPARE(fired.last(), (QPair<QString, qint64> {"c", 300}));
        QCOMPARE(scheduler.pendingCount(), 0);
        QCOMPARE(scheduler.nextDueMs(), -1);
    }

    void manualCancel()
    {
        ManualClock clock;
        ManualScheduler scheduler(clock);
        int a = 0;
        int b = 0;
        const TimerId idA = scheduler.schedule(10, nullptr, [&] { ++a; });
        scheduler.schedule(10, nullptr, [&] { ++b; });
        QVERIFY(idA != 0);
        QVERIFY(scheduler.cancel(idA));
        QVERIFY(!scheduler.cancel(idA));
        QVERIFY(!scheduler.cancel(12345));
        scheduler.advance(1000);
        QCOMPARE(a, 0);
        QCOMPARE(b, 1);
    }

    void manualCallbackMayScheduleAndCancel()
    {
        ManualClock clock;
        ManualScheduler scheduler(clock);
        QStringList fired;
        TimerId later = 0;
        scheduler.schedule(10, nullptr, [&] {
            fired << "first";
            scheduler.schedule(5, nullptr, [&] { fired << "chained"; }); // due at 15: within this advance
            scheduler.cancel(later);
        });
        later = scheduler.schedule(20, nullptr, [&] { fired << "cancelled"; });
        scheduler.schedule(100, nullptr, [&] { fired << "outside"; });
        QCOMPARE(scheduler.advance(50), 2);
        QCOMPARE(fired, (QStringList {"first", "chained"}));
        QCOMPARE(clock.monotonicMs(), 50);
    }

    void manualSkipsCallbacksOfDeadContexts()
    {
        ManualClock clock;
        ManualScheduler scheduler(clock);
        auto context = std::make_unique<QObject>();
        QObject alive;
        int dead = 0;
        int live = 0;
        scheduler.schedule(10, context.get(), [&] { ++dead; });
        scheduler.schedule(10, &alive, [&] { ++live; });
        context.reset();
        QCOMPARE(scheduler.advance(10), 1);
        QCOMPARE(dead, 0);
        QCOMPARE(live, 1);
    }

    void manualRunDueAfterDirectClockMove()
    {
        ManualClock clock;
        ManualScheduler scheduler(clock);
        qint64 seen = -1;
        scheduler.schedule(-5, nullptr, [&] { seen = clock.monotonicMs(); }); // negative: due now
        scheduler.schedule(100, nullptr, [&] {});
        clock.advanceMs(500);
        QCOMPARE(scheduler.runDue(), 2);
        QCOMPARE(seen, 500); // late, and the clock never moves back for it
        QCOMPARE(clock.monotonicMs(), 500);
    }

    void qtSchedulerFiresAndCancels()
    {
        QtScheduler scheduler;
        QStringList fired;
        const TimerId cancelled = scheduler.schedule(0, nullptr, [&] { fired << "cancelled"; });
        scheduler.schedule(0, nullptr, [&] { fired << "first"; });
        scheduler.schedule(0, nullptr, [&] { fired << "second"; });
        QCOMPARE(scheduler.pendingCount(), 3);
        QVERIFY(scheduler.cancel(cancelled));
        QVERIFY(!scheduler.cancel(cancelled));
        QTRY_COMPARE(fired.size(), 2);
        QCOMPARE(fired, (QStringList {"first", "second"}));
        QCOMPARE(scheduler.pendingCount(), 0);
    }

    void qtSchedulerContextDeathPreventsCallback()
    {
        QtScheduler scheduler;
        auto context = std::make_unique<QObject>();
        bool deadFired = false;
        bool liveFired = false;
        const TimerId id = scheduler.schedule(0, context.get(), [&] { deadFired = true; });
        context.reset();
        QCOMPARE(scheduler.pendingCount(), 0);
        QVERIFY(!scheduler.cancel(id));
        scheduler.schedule(0, nullptr, [&] { liveFired = true; });
        QTRY_VERIFY(liveFired);
        QVERIFY(!deadFired);
    }

    void qtSchedulerDestroyedFirstNeverCalls()
    {
        QObject context;
        bool fired = false;
        bool sentinel = false;
        {
            QtScheduler scheduler;
            scheduler.schedule(0, &context, [&] { fired = true; });
        }
        QtScheduler other;
        other.schedule(0, nullptr, [&] { sentinel = true; });
        QTRY_VERIFY(sentinel);
        QVERIFY(!fired);
        QVERIFY(context.children().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
