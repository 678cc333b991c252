#include "resilience/resilienceevents.h"

#include <QSet>
#include <QTest>
#include <QTimeZone>

using namespace oilwatch;
using namespace oilwatch::resilience;

class TestResilienceEvents : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void describe_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<QString>("expected");
        QTest::addRow("attempt") << 0 << "attempt 2 to h";
        QTest::addRow("retry") << 1 << "retry 3 to h in 750 ms (server_error, delay from retry_after)";
        QTest::addRow("budget") << 2 << "retry budget for h: spent 10, 480 left";
        QTest::addRow("transition") << 3 << "breaker h closed → open (failure_rate), probe in 5000 ms";
        QTest::addRow("rejected") << 4 << "request to h rejected: breaker_open, retry in 1200 ms";
        QTest::addRow("rejected, no time") << 5 << "request to h rejected: overloaded";
    }

    void describe()
    {
        QFETCH(int, which);
        QFETCH(QString, expected);
        util::ManualClock clock;
        const QString h = QStringLiteral("h");
        ResilienceEvent event;
        switch (which) {
        case 0:
            event = ResilienceEvent::at(clock, AttemptStarted {h, 2});
            break;
        case 1:
            event = ResilienceEvent::at(
                clock, RetryScheduled {h, 3, 750, RetryCause::ServerError, DelaySource::RetryAfter});
            break;
        case 2:
            event = ResilienceEvent::at(clock, BudgetSpent {h, 10, 480});
            break;
        case 3:
            event = ResilienceEvent::at(clock,
                BreakerTransition {
                    h, BreakerState::Closed, BreakerState::Open, TransitionReason::FailureRate, 5000});
            break;
        case 4:
            event = ResilienceEvent::at(clock, RequestRejected {h, RejectionCause::BreakerOpen, 1200});
            break;
        default:
            event = ResilienceEvent::at(clock, RequestRejected {h, RejectionCause::Overloaded, std::nullopt});
            break;
        }
        QCOMPARE(event.describe(), expected);
    }

    void timestampsComeFromTheClock()
    {
        util::ManualClock clock;
        clock.advanceMs(4321);
        const ResilienceEvent event = ResilienceEvent::at(clock, AttemptStarted {QStringLiteral("h"), 1});
        QCOMPARE(event.atMonotonicMs, 4321);
        QCOMPARE(event.atUtc, QDateTime::fromSecsSinceEpoch(1'767'225'600, QTimeZone::utc()).addMSecs(4321));
    }

    void recordingObserverFilters()
    {
        util::ManualClock clock;
        RecordingObserver observer;
        ResilienceObserver& base = observer;
        base.onResilienceEvent(ResilienceEvent::at(clock, AttemptStarted {QStringLiteral("a"), 1}));
        base.onResilienceEvent(ResilienceEvent::at(clock, BudgetSpent {QStringLiteral("a"), 5, 495}));
        base.onResilienceEvent(ResilienceEvent::at(clock, AttemptStarted {QStringLiteral("a"), 2}));
        QCOMPARE(observer.events().size(), 3);
        const QList<AttemptStarted> attempts = observer.eventsOf<AttemptStarted>();
        QCOMPARE(attempts.size(), 2);
        QCOMPARE(attempts[1].attempt, 2);
        QCOMPARE(observer.eventsOf<BudgetSpent>().first().tokensLeft, 495);
        QVERIFY(observer.eventsOf<RequestRejected>().isEmpty());
        observer.clear();
        QVERIFY(observer.events().isEmpty());
    }

    // Names end up in logs and JSON: each must be distinct and never the fallback.
    void namesAreDistinct()
    {
        QSet<QString> names;
        int count = 0;
        const auto add = [&](const QString& name) {
            QVERIFY2(name != QLatin1String("unknown"), qPrintable(name));
            names.insert(name);
            ++count;
        };
        for (int i = 0; i <= int(BreakerState::Disabled); ++i)
            add(stateName(BreakerState(i)));
        QCOMPARE(names.size(), count);
        names.clear();
        count = 0;
        for (int i = 0; i <= int(TransitionReason::Manual); ++i)
            add(transitionReasonName(TransitionReason(i)));
        QCOMPARE(names.size(), count);
        names.clear();
        count = 0;
        for (int i = 0; i <= int(GiveUpReason::DeadlineWouldPass); ++i)
            add(giveUpReasonName(GiveUpReason(i)));
        QCOMPARE(names.size(), count);
        names.clear();
        count = 0;
        for (int i = 0; i <= int(RetryCause::ServerError); ++i)
            add(retryCauseName(RetryCause(i)));
        for (int i = 0; i <= int(RejectionCause::BudgetEmpty); ++i)
            add(QStringLiteral("rejection:") + rejectionCauseName(RejectionCause(i)));
        for (int i = 0; i <= int(DelaySource::RetryAfter); ++i)
            add(QStringLiteral("source:") + delaySourceName(DelaySource(i)));
        QCOMPARE(names.size(), count);
    }
};

QTEST_GUILESS_MAIN(TestResilienceEvents)
#include "tst_resilienceevents.moc"
