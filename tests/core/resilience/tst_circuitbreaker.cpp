#include "resilience/circuitbreaker.h"

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::resilience;

namespace {

constexpr qint64 kFast = 10;

struct Harness
{
    explicit Harness(CircuitBreakerSettings settings = {})
        : breaker(QStringLiteral("api.example.com"), settings, clock, &observer)
    { }

    BreakerPermit acquire()
    {
        const BreakerAdmission admission = breaker.tryAcquire();
        const BreakerPermit* permit = std::get_if<BreakerPermit>(&admission);
        if (!permit)
            qFatal("expected a permit");
        return *permit;
    }

    bool permitted() { return std::holds_alternative<BreakerPermit>(breaker.tryAcquire()); }

    // One whole call, taking `durationMs` as measured by the caller (the clock stands still).
    void call(CallOutcome outcome, qint64 durationMs = kFast)
    {
        const BreakerPermit permit = acquire();
        breaker.record(permit, outcome, durationMs);
    }

    void calls(int count, CallOutcome outcome, qint64 durationMs = kFast)
    {
        for (int i = 0; i < count; ++i)
            call(outcome, durationMs);
    }

    // Trips the breaker through consecutive failures and lets the open duration pass.
    void tripAndWait()
    {
        while (breaker.state() == BreakerState::Closed)
            call(CallOutcome::Failure);
        clock.advanceMs(breaker.settings().openMaxMs);
        QCOMPARE(breaker.state(), BreakerState::HalfOpen);
    }

    QList<BreakerTransition> transitions() const { return observer.eventsOf<BreakerTransition>(); }

    util::ManualClock clock;
    RecordingObserver observer;
    CircuitBreaker breaker;
};

CircuitBreakerSettings rateOnly()
{
    CircuitBreakerSettings settings;
    settings.consecutiveFailureThreshold = 0;
    return settings;
}

api::ApiError errorOf(api::ErrorKind kind, int status, const QString& state = {}, const QString& window = {})
{
    api::ApiError error = api::ApiError::make(kind, QStringLiteral("test"));
    error.httpStatus = status;
    error.rateLimit.state = state;
    error.rateLimit.window = window;
    return error;
}

} // namespace

class TestCircuitBreaker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        const CircuitBreakerSettings s;
        QCOMPARE(s.windowMs, 60'000);
        QCOMPARE(s.minimumCalls, 5);
        QCOMPARE(s.failureRateThreshold, 50.0);
        QCOMPARE(s.consecutiveFailureThreshold, 5);
        QCOMPARE(s.slowCallDurationMs, 5'000);
        QCOMPARE(s.slowCallRateThreshold, 100.0);
        QCOMPARE(s.openBaseMs, 5'000);
        QCOMPARE(s.openMultiplier, 2.0);
        QCOMPARE(s.openMaxMs, 300'000);
        QCOMPARE(s.halfOpenProbes, 2);
    }

    void startsClosedAndPermits()
    {
        Harness h;
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        for (int i = 0; i < 100; ++i)
            h.call(CallOutcome::Success);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QVERIFY(h.transitions().isEmpty());
        QCOMPARE(h.breaker.metrics().calls, 100);
    }

    void whatCountsAsFailure_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("state");
        QTest::addColumn<QString>("window");
        QTest::addColumn<int>("outcome");
        using K = api::ErrorKind;
        const int failure = int(CallOutcome::Failure);
        const int ignored = int(CallOutcome::Ignored);
        QTest::addRow("network") << int(K::Network) << 0 << QString() << QString() << failure;
        QTest::addRow("timeout") << int(K::Timeout) << 0 << QString() << QString() << failure;
        QTest::addRow("408") << int(K::Timeout) << 408 << QString() << QString() << failure;
        QTest::addRow("500") << int(K::Server) << 500 << QString() << QString() << failure;
        QTest::addRow("501") << int(K::Server) << 501 << QString() << QString() << failure;
        QTest::addRow("503") << int(K::Server) << 503 << QString() << QString() << failure;
        QTest::addRow("429 burst") << int(K::RateLimited) << 429 << QString() << QString() << failure;
        QTest::addRow("429 hourly") << int(K::RateLimited) << 429 << "exhausted"
                                    << "hourly_circuit_breaker" << failure;
        QTest::addRow("429 daily quota") << int(K::RateLimited) << 429 << "exhausted"
                                         << "daily_counter" << ignored;
        QTest::addRow("429 monthly quota") << int(K::RateLimited) << 429 << "exhausted"
                                           << "monthly" << ignored;
        QTest::addRow("402 quota") << int(K::RateLimited) << 402 << QString() << QString() << ignored;
        QTest::addRow("400") << int(K::ClientError) << 400 << QString() << QString() << ignored;
        QTest::addRow("400 invalid code") << int(K::InvalidCode) << 400 << QString() << QString() << ignored;
        QTest::addRow("401") << int(K::Auth) << 401 << QString() << QString() << ignored;
        QTest::addRow("403") << int(K::Forbidden) << 403 << QString() << QString() << ignored;
        QTest::addRow("404") << int(K::NotFound) << 404 << QString() << QString() << ignored;
        QTest::addRow("bad response") << int(K::BadResponse) << 200 << QString() << QString() << ignored;
        QTest::addRow("cancelled") << int(K::Cancelled) << 0 << QString() << QString() << ignored;
        QTest::addRow("config") << int(K::Config) << 0 << QString() << QString() << ignored;
        QTest::addRow("circuit open") << int(K::CircuitOpen) << 0 << QString() << QString() << ignored;
        QTest::addRow("overloaded") << int(K::Overloaded) << 0 << QString() << QString() << ignored;
    }

    void whatCountsAsFailure()
    {
        QFETCH(int, kind);
        QFETCH(int, status);
        QFETCH(QString, state);
        QFETCH(QString, window);
        QFETCH(int, outcome);
        QCOMPARE(int(classifyForBreaker(errorOf(api::ErrorKind(kind), status, state, window))), outcome);
    }

    void consecutiveFailuresTrip()
    {
        Harness h;
        h.clock.advanceMs(1234);
        h.calls(4, CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QCOMPARE(h.breaker.metrics().consecutiveFailures, 4);
        h.call(CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        const QList<BreakerTransition> t = h.transitions();
        QCOMPARE(t.size(), 1);
        QCOMPARE(t[0].host, QStringLiteral("api.example.com"));
        QCOMPARE(t[0].from, BreakerState::Closed);
        QCOMPARE(t[0].to, BreakerState::Open);
        QCOMPARE(t[0].reason, TransitionReason::ConsecutiveFailures);
        QCOMPARE(t[0].nextProbeInMs, std::optional<qint64>(5000));
        QCOMPARE(h.observer.events().first().atMonotonicMs, 1234);
        QCOMPARE(h.observer.events().first().atUtc, h.clock.nowUtc());
    }

    void successBreaksTheRun()
    {
        CircuitBreakerSettings settings;
        settings.failureRateThreshold = 100; // only the run of failures can trip here
        Harness h(settings);
        h.calls(4, CallOutcome::Failure);
        h.call(CallOutcome::Success);
        h.calls(4, CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        h.call(CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), BreakerState::Open);
    }

    void ignoredNeitherCountsNorBreaksTheRun()
    {
        Harness h;
        h.calls(2, CallOutcome::Failure);
        h.calls(20, CallOutcome::Ignored);
        QCOMPARE(h.breaker.metrics().calls, 2);
        h.calls(2, CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        h.call(CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        QCOMPARE(h.transitions().first().reason, TransitionReason::ConsecutiveFailures);
    }

    void consecutiveTripCanBeTurnedOff()
    {
        CircuitBreakerSettings settings = rateOnly();
        settings.minimumCalls = 1000;
        Harness never(settings);
        never.calls(100, CallOutcome::Failure);
        QCOMPARE(never.breaker.state(), BreakerState::Closed);
    }

    // Successes first, then failures: the rate is checked after every call once the minimum is reached.
    void failureRateAndMinimumCalls_data()
    {
        QTest::addColumn<int>("minimumCalls");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<int>("successes");
        QTest::addColumn<int>("failures");
        QTest::addColumn<bool>("open");
        QTest::addRow("below minimum, all failing") << 5 << 50.0 << 0 << 4 << false;
        QTest::addRow("minimum reached, 80 percent") << 5 << 50.0 << 1 << 4 << true;
        QTest::addRow("5 calls, 40 percent") << 5 << 50.0 << 3 << 2 << false;
        QTest::addRow("6 calls, exactly 50 percent") << 5 << 50.0 << 3 << 3 << true;
        QTest::addRow("9 calls, 44 percent") << 5 << 50.0 << 5 << 4 << false;
        QTest::addRow("10 calls, 50 percent") << 5 << 50.0 << 5 << 5 << true;
        QTest::addRow("higher minimum not reached") << 10 << 50.0 << 0 << 9 << false;
        QTest::addRow("higher minimum reached") << 10 << 50.0 << 0 << 10 << true;
        QTest::addRow("threshold 25 percent, 20 percent") << 5 << 25.0 << 8 << 2 << false;
        QTest::addRow("threshold 25 percent, 27 percent") << 5 << 25.0 << 8 << 3 << true;
        QTest::addRow("threshold 100 percent, one success") << 5 << 100.0 << 1 << 20 << false;
    }

    void failureRateAndMinimumCalls()
    {
        QFETCH(int, minimumCalls);
        QFETCH(double, threshold);
        QFETCH(int, successes);
        QFETCH(int, failures);
        QFETCH(bool, open);
        CircuitBreakerSettings settings = rateOnly();
        settings.minimumCalls = minimumCalls;
        settings.failureRateThreshold = threshold;
        Harness h(settings);
        h.calls(successes, CallOutcome::Success);
        for (int i = 0; i < failures && h.breaker.state() == BreakerState::Closed; ++i)
            h.call(CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), open ? BreakerState::Open : BreakerState::Closed);
        if (open) {
            QCOMPARE(h.transitions().size(), 1);
            QCOMPARE(h.transitions().first().reason, TransitionReason::FailureRate);
        }
    }

    void slowCalls_data()
    {
        QTest::addColumn<qint64>("slowDurationMs");
        QTest::addColumn<double>("slowRate");
        QTest::addColumn<int>("fast");
        QTest::addColumn<int>("slow");
        QTest::addColumn<qint64>("slowTakes");
        QTest::addColumn<bool>("open");
        QTest::addRow("all slow") << qint64(5000) << 100.0 << 0 << 5 << qint64(5000) << true;
        QTest::addRow("one fast among them") << qint64(5000) << 100.0 << 1 << 10 << qint64(5000) << false;
        QTest::addRow("just under the duration") << qint64(5000) << 100.0 << 0 << 10 << qint64(4999) << false;
        QTest::addRow("below the minimum") << qint64(5000) << 100.0 << 0 << 4 << qint64(9000) << false;
        QTest::addRow("50 percent threshold, 60 percent slow")
            << qint64(5000) << 50.0 << 2 << 3 << qint64(6000) << true;
        QTest::addRow("50 percent threshold, 40 percent slow")
            << qint64(5000) << 50.0 << 3 << 2 << qint64(6000) << false;
        QTest::addRow("custom duration") << qint64(1000) << 100.0 << 0 << 5 << qint64(1000) << true;
        QTest::addRow("detection off") << qint64(0) << 100.0 << 0 << 20 << qint64(60'000) << false;
    }

    void slowCalls()
    {
        QFETCH(qint64, slowDurationMs);
        QFETCH(double, slowRate);
        QFETCH(int, fast);
        QFETCH(int, slow);
        QFETCH(qint64, slowTakes);
        QFETCH(bool, open);
        CircuitBreakerSettings settings = rateOnly();
        settings.slowCallDurationMs = slowDurationMs;
        settings.slowCallRateThreshold = slowRate;
        Harness h(settings);
        h.calls(fast, CallOutcome::Success, kFast);
        h.calls(slow, CallOutcome::Success, slowTakes);
        QCOMPARE(h.breaker.state(), open ? BreakerState::Open : BreakerState::Closed);
        if (open)
            QCOMPARE(h.transitions().first().reason, TransitionReason::SlowCallRate);
    }

    void durationIsMeasuredOnTheClock()
    {
        Harness h(rateOnly());
        const BreakerPermit permit = h.acquire();
        h.clock.advanceMs(6000);
        h.breaker.record(permit, CallOutcome::Success);
        QCOMPARE(h.breaker.metrics().slowCalls, 1);
        const BreakerPermit quick = h.acquire();
        h.clock.advanceMs(100);
        h.breaker.record(quick, CallOutcome::Success);
        QCOMPARE(h.breaker.metrics().slowCalls, 1);
        QCOMPARE(h.breaker.metrics().calls, 2);
    }

    // Four failures at t=0, one more after `laterMs`: it trips only while the first four are in the window.
    void windowExpiry_data()
    {
        QTest::addColumn<qint64>("windowMs");
        QTest::addColumn<qint64>("laterMs");
        QTest::addColumn<int>("callsSeen");
        QTest::addColumn<bool>("open");
        QTest::addRow("same second") << qint64(60'000) << qint64(0) << 5 << true;
        QTest::addRow("last ms of the window") << qint64(60'000) << qint64(59'999) << 5 << true;
        QTest::addRow("window passed") << qint64(60'000) << qint64(60'000) << 1 << false;
        QTest::addRow("long past") << qint64(60'000) << qint64(3'600'000) << 1 << false;
        QTest::addRow("10 s window, inside") << qint64(10'000) << qint64(9'000) << 5 << true;
        QTest::addRow("10 s window, passed") << qint64(10'000) << qint64(10'000) << 1 << false;
        // Ten minutes in 60 buckets of 10 s each.
        QTest::addRow("10 min window, inside") << qint64(600'000) << qint64(590'000) << 5 << true;
        QTest::addRow("10 min window, passed") << qint64(600'000) << qint64(600'000) << 1 << false;
    }

    void windowExpiry()
    {
        QFETCH(qint64, windowMs);
        QFETCH(qint64, laterMs);
        QFETCH(int, callsSeen);
        QFETCH(bool, open);
        CircuitBreakerSettings settings = rateOnly();
        settings.windowMs = windowMs;
        Harness h(settings);
        h.calls(4, CallOutcome::Failure);
        h.clock.advanceMs(laterMs);
        QCOMPARE(h.breaker.metrics().calls, callsSeen - 1);
        h.call(CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), open ? BreakerState::Open : BreakerState::Closed);
        if (!open)
            QCOMPARE(h.breaker.metrics().calls, callsSeen);
    }

    void windowSlidesBucketByBucket()
    {
        Harness h(rateOnly());
        for (int second = 0; second < 120; ++second) {
            h.call(CallOutcome::Success);
            QCOMPARE(h.breaker.metrics().calls, std::min(second + 1, 60));
            h.clock.advanceMs(1000);
        }
    }

    void openRejectsWithTimeUntilProbe()
    {
        Harness h;
        h.calls(5, CallOutcome::Failure);
        h.clock.advanceMs(2000);
        const BreakerAdmission admission = h.breaker.tryAcquire();
        const auto* rejection = std::get_if<BreakerRejection>(&admission);
        QVERIFY(rejection);
        QCOMPARE(rejection->state, BreakerState::Open);
        QCOMPARE(rejection->untilNextProbeMs, std::optional<qint64>(3000));
        h.clock.advanceMs(2999);
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        h.clock.advanceMs(1);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        const QList<BreakerTransition> t = h.transitions();
        QCOMPARE(t.size(), 2);
        QCOMPARE(t[1].from, BreakerState::Open);
        QCOMPARE(t[1].to, BreakerState::HalfOpen);
        QCOMPARE(t[1].reason, TransitionReason::OpenDurationElapsed);
        QCOMPARE(t[1].nextProbeInMs, std::nullopt);
        QCOMPARE(h.observer.events()[1].atMonotonicMs, 5000);
    }

    void halfOpenProbeLimitAndClose()
    {
        Harness h;
        h.tripAndWait();
        const BreakerPermit first = h.acquire();
        const BreakerPermit second = h.acquire();
        QVERIFY(first.probe && second.probe);
        const BreakerAdmission third = h.breaker.tryAcquire();
        const auto* rejection = std::get_if<BreakerRejection>(&third);
        QVERIFY(rejection);
        QCOMPARE(rejection->state, BreakerState::HalfOpen);
        QCOMPARE(rejection->untilNextProbeMs, std::nullopt);

        h.breaker.record(first, CallOutcome::Success, kFast);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        QVERIFY(!h.permitted()); // both probes used, one still out
        h.breaker.record(second, CallOutcome::Success, kFast);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QCOMPARE(h.transitions().last().reason, TransitionReason::ProbesSucceeded);
        QCOMPARE(h.breaker.consecutiveTrips(), 0);
        QCOMPARE(h.breaker.metrics().calls, 0); // a fresh window after closing
    }

    void halfOpenProbeCountIsASetting()
    {
        CircuitBreakerSettings settings;
        settings.halfOpenProbes = 3;
        Harness h(settings);
        h.tripAndWait();
        for (int i = 0; i < 3; ++i)
            h.call(CallOutcome::Success);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        settings.halfOpenProbes = 1;
        Harness one(settings);
        one.tripAndWait();
        const BreakerPermit probe = one.acquire();
        QVERIFY(!one.permitted());
        one.breaker.record(probe, CallOutcome::Success, kFast);
        QCOMPARE(one.breaker.state(), BreakerState::Closed);
    }

    void probeFailureReopensWithGrowingDuration()
    {
        Harness h;
        QList<qint64> durations;
        h.calls(5, CallOutcome::Failure);
        for (int trip = 0; trip < 9; ++trip) {
            durations << *h.transitions().last().nextProbeInMs;
            h.clock.advanceMs(durations.last());
            QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
            h.call(CallOutcome::Failure);
            QCOMPARE(h.breaker.state(), BreakerState::Open);
            QCOMPARE(h.transitions().last().reason, TransitionReason::ProbeFailed);
        }
        const QList<qint64> expected {
            5000, 10'000, 20'000, 40'000, 80'000, 160'000, 300'000, 300'000, 300'000};
        QCOMPARE(durations, expected);
        QCOMPARE(h.breaker.consecutiveTrips(), 10);
    }

    void openDurationIsNotShortenedByWaitingPartly()
    {
        Harness h;
        h.calls(5, CallOutcome::Failure);
        h.clock.advanceMs(5000);
        h.call(CallOutcome::Failure); // probe fails: 10 s now
        h.clock.advanceMs(9999);
        QVERIFY(!h.permitted());
        h.clock.advanceMs(1);
        QVERIFY(h.permitted());
    }

    void closingResetsTheGrowth()
    {
        Harness h;
        h.calls(5, CallOutcome::Failure);
        h.clock.advanceMs(5000);
        h.call(CallOutcome::Failure);
        QCOMPARE(h.breaker.nextOpenDurationMs(), 20'000);
        h.clock.advanceMs(10'000);
        h.calls(2, CallOutcome::Success);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QCOMPARE(h.breaker.nextOpenDurationMs(), 5000);
        h.calls(5, CallOutcome::Failure);
        QCOMPARE(h.transitions().last().nextProbeInMs, std::optional<qint64>(5000));
    }

    void customOpenDurations()
    {
        CircuitBreakerSettings settings;
        settings.openBaseMs = 1000;
        settings.openMultiplier = 3.0;
        settings.openMaxMs = 10'000;
        Harness h(settings);
        h.calls(5, CallOutcome::Failure);
        QList<qint64> durations {*h.transitions().last().nextProbeInMs};
        for (int i = 0; i < 3; ++i) {
            h.clock.advanceMs(durations.last());
            h.call(CallOutcome::Failure);
            durations << *h.transitions().last().nextProbeInMs;
        }
        QCOMPARE(durations, (QList<qint64> {1000, 3000, 9000, 10'000}));
    }

    void ignoredOrReleasedProbeFreesItsSlot()
    {
        Harness h;
        h.tripAndWait();
        const BreakerPermit a = h.acquire();
        const BreakerPermit b = h.acquire();
        QVERIFY(!h.permitted());
        h.breaker.record(a, CallOutcome::Ignored, kFast); // a 404 says nothing about the host
        const BreakerPermit c = h.acquire();
        QVERIFY(!h.permitted());
        h.breaker.release(b); // cancelled
        const BreakerPermit d = h.acquire();
        QVERIFY(!h.permitted());
        h.breaker.record(c, CallOutcome::Success, kFast);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        h.breaker.record(d, CallOutcome::Success, kFast);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
    }

    void slowProbesReopen_data()
    {
        QTest::addColumn<qint64>("firstMs");
        QTest::addColumn<qint64>("secondMs");
        QTest::addColumn<int>("state");
        QTest::addRow("both fast") << kFast << kFast << int(BreakerState::Closed);
        QTest::addRow("one slow (rate 50 percent < 100 percent)")
            << qint64(6000) << kFast << int(BreakerState::Closed);
        QTest::addRow("both slow") << qint64(6000) << qint64(5000) << int(BreakerState::Open);
    }

    void slowProbesReopen()
    {
        QFETCH(qint64, firstMs);
        QFETCH(qint64, secondMs);
        QFETCH(int, state);
        Harness h;
        h.tripAndWait();
        h.call(CallOutcome::Success, firstMs);
        h.call(CallOutcome::Success, secondMs);
        QCOMPARE(int(h.breaker.state()), state);
        if (state == int(BreakerState::Open)) {
            QCOMPARE(h.transitions().last().reason, TransitionReason::ProbesSlow);
            QCOMPARE(h.transitions().last().nextProbeInMs, std::optional<qint64>(10'000));
        }
    }

    void resultsFromAnEarlierStateAreIgnored()
    {
        Harness h;
        const BreakerPermit old = h.acquire(); // admitted while closed
        h.calls(5, CallOutcome::Failure);
        h.clock.advanceMs(5000);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        h.breaker.record(old, CallOutcome::Failure, kFast); // not a probe: must not re-open
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        h.breaker.release(old);
        const BreakerPermit probe = h.acquire();
        const BreakerPermit probe2 = h.acquire();
        QVERIFY(!h.permitted()); // the stale release freed no probe slot

        // Nor does a late result from an earlier closed period count in the next one...
        h.breaker.record(probe, CallOutcome::Success, kFast);
        h.breaker.record(probe2, CallOutcome::Success, kFast);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        h.breaker.record(old, CallOutcome::Failure, kFast);
        QCOMPARE(h.breaker.metrics().calls, 0);
        QCOMPARE(h.breaker.metrics().consecutiveFailures, 0);
        // ...nor a probe from an earlier half-open period in the next one.
        h.calls(5, CallOutcome::Failure);
        h.clock.advanceMs(5000);
        const BreakerPermit oldProbe = h.acquire();
        h.breaker.release(oldProbe);
        h.call(CallOutcome::Failure); // a probe fails: open again, for 10 s (second trip)
        QCOMPARE(h.breaker.state(), BreakerState::Open);
        h.clock.advanceMs(10'000);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
        h.breaker.record(oldProbe, CallOutcome::Failure, kFast);
        QCOMPARE(h.breaker.state(), BreakerState::HalfOpen);
    }

    void forcedOpen()
    {
        Harness h;
        h.breaker.forceOpen();
        QCOMPARE(h.breaker.state(), BreakerState::ForcedOpen);
        h.clock.advanceMs(24 * 3'600'000);
        const BreakerAdmission admission = h.breaker.tryAcquire();
        const auto* rejection = std::get_if<BreakerRejection>(&admission);
        QVERIFY(rejection);
        QCOMPARE(rejection->state, BreakerState::ForcedOpen);
        QCOMPARE(rejection->untilNextProbeMs, std::nullopt);
        h.breaker.forceOpen(); // no second event
        h.breaker.reset();
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QVERIFY(h.permitted());
        const QList<BreakerTransition> t = h.transitions();
        QCOMPARE(t.size(), 2);
        QCOMPARE(t[0].to, BreakerState::ForcedOpen);
        QCOMPARE(t[0].reason, TransitionReason::Manual);
        QCOMPARE(t[1].from, BreakerState::ForcedOpen);
        QCOMPARE(t[1].to, BreakerState::Closed);
    }

    void forcedOpenFromOpenNeverProbes()
    {
        Harness h;
        h.calls(5, CallOutcome::Failure);
        h.breaker.forceOpen();
        h.clock.advanceMs(600'000);
        QCOMPARE(h.breaker.state(), BreakerState::ForcedOpen);
    }

    void disabledLetsEverythingThroughUncounted()
    {
        Harness h;
        h.breaker.disable();
        h.calls(50, CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), BreakerState::Disabled);
        QCOMPARE(h.breaker.metrics().calls, 0);
        h.breaker.reset();
        h.calls(4, CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), BreakerState::Closed); // nothing carried over from the disabled period
        QCOMPARE(h.transitions().size(), 2);
        QCOMPARE(h.transitions()[0].to, BreakerState::Disabled);
    }

    void resetClearsTripsAndWindow()
    {
        Harness h;
        h.calls(5, CallOutcome::Failure);
        h.clock.advanceMs(5000);
        h.call(CallOutcome::Failure);
        QCOMPARE(h.breaker.consecutiveTrips(), 2);
        h.breaker.reset();
        QCOMPARE(h.breaker.consecutiveTrips(), 0);
        QCOMPARE(h.breaker.state(), BreakerState::Closed);
        QCOMPARE(h.transitions().last().reason, TransitionReason::Manual);
        h.calls(5, CallOutcome::Failure);
        QCOMPARE(h.transitions().last().nextProbeInMs, std::optional<qint64>(5000));
    }

    void resetWhileClosedClearsQuietly()
    {
        Harness h;
        h.calls(4, CallOutcome::Failure);
        h.breaker.reset();
        QCOMPARE(h.breaker.metrics().calls, 0);
        QVERIFY(h.observer.events().isEmpty()); // closed → closed is no transition
        h.calls(4, CallOutcome::Failure);
        QCOMPARE(h.breaker.state(), BreakerState::Closed); // the run of failures started again
    }

    void everyTransitionIsReported()
    {
        Harness h;
        h.calls(5, CallOutcome::Failure); // closed → open
        h.clock.advanceMs(5000); // → half-open
        h.call(CallOutcome::Failure); // → open
        h.clock.advanceMs(10'000); // → half-open
        h.calls(2, CallOutcome::Success); // → closed
        h.breaker.forceOpen();
        h.breaker.disable();
        h.breaker.reset();
        using S = BreakerState;
        using R = TransitionReason;
        const QList<std::tuple<S, S, R, qint64>> expected {
            {S::Closed, S::Open, R::ConsecutiveFailures, 0},
            {S::Open, S::HalfOpen, R::OpenDurationElapsed, 5000},
            {S::HalfOpen, S::Open, R::ProbeFailed, 5000},
            {S::Open, S::HalfOpen, R::OpenDurationElapsed, 15'000},
            {S::HalfOpen, S::Closed, R::ProbesSucceeded, 15'000},
            {S::Closed, S::ForcedOpen, R::Manual, 15'000},
            {S::ForcedOpen, S::Disabled, R::Manual, 15'000},
            {S::Disabled, S::Closed, R::Manual, 15'000},
        };
        QList<std::tuple<S, S, R, qint64>> actual;
        for (const ResilienceEvent& event : h.observer.events()) {
            const auto& t = std::get<BreakerTransition>(event.payload);
            actual.append({t.from, t.to, t.reason, event.atMonotonicMs});
        }
        QCOMPARE(actual, expected);
    }

    void registryIsPerHost()
    {
        util::ManualClock clock;
        RecordingObserver observer;
        CircuitBreakerRegistry registry({}, clock, &observer);
        CircuitBreaker& a = registry.forHost(QStringLiteral("API.example.com"));
        CircuitBreaker& again = registry.forHost(QStringLiteral("api.example.com"));
        CircuitBreaker& other = registry.forHost(QStringLiteral("localhost"));
        QCOMPARE(&a, &again);
        QVERIFY(&a != &other);
        QCOMPARE(registry.find(QStringLiteral("Api.Example.Com")), &a);
        QCOMPARE(registry.find(QStringLiteral("nowhere")), nullptr);
        QCOMPARE(registry.hosts(), (QStringList {"api.example.com", "localhost"}));
        a.forceOpen();
        QCOMPARE(other.state(), BreakerState::Closed);
        QCOMPARE(observer.eventsOf<BreakerTransition>().first().host, QStringLiteral("api.example.com"));
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
