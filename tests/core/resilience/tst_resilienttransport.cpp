// The composed pipeline on a fake transport and a manual clock: every decision is exact and instant.
#include "api/httpfailure.h"
#include "resilience/resilienttransport.h"
#include "support/faketransport.h"

#include <QSignalSpy>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::resilience;
using testing::FakeTransport;
using transport::HttpResponse;
using transport::TransportError;

namespace {

const QByteArray kOkBody
    = R"({"status":"success","data":{"code":"WTI_USD","price":70.1,"created_at":"2026-01-01T00:00:00Z"}})";

FakeTransport::Reply ok(qint64 latencyMs = 10)
{
    return {200, kOkBody, {}, TransportError::None, latencyMs, false};
}
FakeTransport::Reply status(int code, transport::RawHeaders headers = {})
{
    return {code, "{}", std::move(headers), TransportError::None, 10, false};
}
FakeTransport::Reply hang()
{
    return {0, {}, {}, TransportError::None, 0, true};
}
FakeTransport::Reply refused()
{
    return {0, {}, {}, TransportError::Network, 5, false};
}

// What one get() reported, and how often.
struct Outcome
{
    std::optional<HttpResponse> response;
    int calls = 0;
    transport::HttpTransport::Callback callback()
    {
        return [this](const HttpResponse& r) {
            response = r;
            ++calls;
        };
    }
    std::optional<api::ApiError> error() const { return api::failureOf(*response); }
};

struct Rig
{
    util::ManualClock clock;
    util::ManualScheduler scheduler {clock};
    util::ScriptedRandom random {{0.5}};
    FakeTransport fake {scheduler};
    RecordingObserver events;
    std::unique_ptr<ResilientTransport> pipeline;

    explicit Rig(ResilienceSettings settings = {})
    {
        pipeline = std::make_unique<ResilientTransport>(fake, settings, clock, scheduler, random);
        QObject::connect(pipeline.get(), &ResilientTransport::resilienceEvent, pipeline.get(),
            [this](const ResilienceEvent& e) { events.onResilienceEvent(e); });
    }

    transport::HttpRequest request() const
    {
        transport::HttpRequest r;
        r.url = QUrl("http://api.example.test/v1/prices/latest?by_code=WTI_USD");
        return r;
    }

    void send(Outcome& outcome, QObject* context = nullptr)
    {
        pipeline->get(request(), context, outcome.callback());
    }
};

// A long-lived context (the price feed) sees thousands of calls: none may leave a connection behind.
class WatchedContext : public QObject
{
public:
    int watchers() const { return receivers(SIGNAL(destroyed(QObject*))); }
};

} // namespace

class TestResilientTransport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void successOnFirstAttempt()
    {
        Rig rig;
        rig.fake.script({ok(40)});
        Outcome out;
        rig.send(out);
        rig.scheduler.advance(40);
        QCOMPARE(out.calls, 1);
        QVERIFY(!out.error());
        QCOMPARE(out.response->attempts, 1);
        QCOMPARE(out.response->elapsedMs, 40);
        QCOMPARE(rig.events.eventsOf<AttemptStarted>().size(), 1);
        QCOMPARE(rig.events.eventsOf<RetryScheduled>().size(), 0);
    }

    void retriesServerErrorWithJitteredBackoffThenSucceeds()
    {
        Rig rig;
        rig.fake.script({status(503), ok()});
        Outcome out;
        rig.send(out);
        rig.scheduler.advance(10); // the 503 arrives
        QCOMPARE(rig.fake.requests.size(), 1);
        const auto retries = rig.events.eventsOf<RetryScheduled>();
        QCOMPARE(retries.size(), 1);
        // Full jitter with the scripted 0.5: half of min(cap, 500 ms · 2^0).
        QCOMPARE(retries.first().delayMs, 250);
        QCOMPARE(retries.first().cause, RetryCause::ServerError);
        rig.scheduler.advance(249);
        QCOMPARE(rig.fake.requests.size(), 1);
        rig.scheduler.advance(1);
        QCOMPARE(rig.fake.requests.size(), 2);
        rig.scheduler.advance(10);
        QVERIFY(!out.error());
        QCOMPARE(out.response->attempts, 2);
        QCOMPARE(out.response->elapsedMs, 270); // the whole call, waits included
        QCOMPARE(rig.events.eventsOf<BudgetSpent>().first().tokensSpent, 5);
        QCOMPARE(rig.pipeline->budget().available(), 500); // a success after retries gives its tokens back
    }

    void honoursRetryAfter()
    {
        Rig rig;
        rig.fake.script(
            {status(429, {{"Retry-After", "3"}, {"X-RateLimit-Window", "hourly_circuit_breaker"}}), ok()});
        Outcome out;
        rig.send(out);
        rig.scheduler.advance(10);
        const auto retries = rig.events.eventsOf<RetryScheduled>();
        QCOMPARE(retries.size(), 1);
        QCOMPARE(retries.first().delayMs, 3000);
        QCOMPARE(retries.first().source, DelaySource::RetryAfter);
        rig.scheduler.advance(3010);
        QVERIFY(!out.error());
    }

    void spentQuotaIsNeverRetried()
    {
        Rig rig;
        rig.fake.script({status(429,
            {{"Retry-After", "1"}, {"X-RateLimit-State", "exhausted"},
                {"X-RateLimit-Window", "daily_counter"}})});
        Outcome out;
        rig.send(out);
        rig.scheduler.advance(10);
        QCOMPARE(out.calls, 1);
        QCOMPARE(rig.fake.requests.size(), 1);
        QCOMPARE(out.error()->kind, api::ErrorKind::RateLimited);
        QVERIFY(out.error()->rateLimit.quotaExhausted());
    }

    void clientErrorsAreNotRetried()
    {
        Rig rig;
        rig.fake.script({status(401)});
        Outcome out;
        rig.send(out);
        rig.scheduler.advance(10);
        QCOMPARE(rig.fake.requests.size(), 1);
        QCOMPARE(out.error()->kind, api::ErrorKind::Auth);
    }

    void givesUpAfterMaxAttempts()
    {
        Rig rig;
        rig.fake.script({refused()});
        Outcome out;
        rig.send(out);
        rig.scheduler.advance(60'000);
        QCOMPARE(out.calls, 1);
        QCOMPARE(rig.fake.requests.size(), 4);
        QCOMPARE(out.response->attempts, 4);
        QCOMPARE(out.error()->kind, api::ErrorKind::Network);
    }

    // Settings swapped at run time (Preferences) govern the next request: fewer attempts, then more room
    // in the limiter lets a waiting call in at once.
    void settingsSwappedAtRunTimeApplyToTheNextRequest()
    {
        Rig rig;
        QSignalSpy changed(rig.pipeline.get(), &ResilientTransport::settingsChanged);
        rig.fake.script({refused()});
        ResilienceSettings fewer;
        fewer.retry.maxAttempts = 2;
        rig.pipeline->setSettings(fewer);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(rig.pipeline->settings(), fewer);
        Outcome out;
        rig.send(out);
        rig.scheduler.advance(60'000);
        QCOMPARE(out.response->attempts, 2);
        QCOMPARE(rig.fake.requests.size(), 2);

        ResilienceSettings narrow;
        narrow.limiter = {1, 4};
        rig.pipeline->setSettings(narrow);
        rig.fake.script({ok(100)});
        Outcome a, b;
        rig.send(a);
        rig.send(b); // waits for the one slot
        QCOMPARE(rig.fake.requests.size(), 3);
        ResilienceSettings wide;
        wide.limiter = {4, 4};
        rig.pipeline->setSettings(wide);
        QCOMPARE(rig.fake.requests.size(), 4); // let in without waiting for a to finish
        rig.scheduler.advance(100);
        QVERIFY(!a.error() && !b.error());
    }

    void totalDeadlineCapsAttemptsAndWaits()
    {
        ResilienceSettings settings;
        settings.timeouts = {1'000, 2'500};
        settings.retry.maxAttempts = 10;
        Rig rig(settings);
        rig.fake.script({hang()});
        Outcome out;
        rig.send(out);
        rig.scheduler.advance(10'000);
        QCOMPARE(out.calls, 1);
        QCOMPARE(out.error()->kind, api::ErrorKind::Timeout);
        QVERIFY2(out.response->elapsedMs <= 2'500, qPrintable(QString::number(out.response->elapsedMs)));
        // Each attempt gets what is left of the deadline at most.
        qint64 sent = 0;
        for (const auto& request : std::as_const(rig.fake.requests)) {
            QVERIFY(request.timeout.count() <= 1'000);
            sent += request.timeout.count();
        }
        QVERIFY(sent <= 2'500);
        QVERIFY(rig.fake.requests.size() >= 2);
    }

    void callerDeadlineShorterThanRetryAfterEndsTheCall()
    {
        Rig rig;
        rig.fake.script({status(503, {{"Retry-After", "20"}}), ok()});
        transport::HttpRequest request = rig.request();
        request.totalDeadline = std::chrono::milliseconds(2'000); // a poller's interval
        Outcome out;
        rig.pipeline->get(request, nullptr, out.callback());
        rig.scheduler.advance(10);
        QCOMPARE(out.calls, 1); // no 20 s wait: it could not end before the caller's deadline
        QCOMPARE(out.error()->httpStatus, 503);
        QCOMPARE(rig.fake.requests.size(), 1);
    }

    void callerAttemptTimeoutIsKeptWhenShorter()
    {
        Rig rig;
        rig.fake.script({ok()});
        transport::HttpRequest request = rig.request();
        request.timeout = std::chrono::milliseconds(300);
        Outcome out;
        rig.pipeline->get(request, nullptr, out.callback());
        rig.scheduler.advance(10);
        QCOMPARE(rig.fake.requests.first().timeout.count(), 300);
    }

    void breakerOpensThenFailsFastThenProbes()
    {
        ResilienceSettings settings;
        settings.retry.maxAttempts = 1;
        Rig rig(settings);
        rig.fake.script({status(500)});
        for (int i = 0; i < 5; ++i) {
            Outcome out;
            rig.send(out);
            rig.scheduler.advance(10);
            QCOMPARE(out.error()->kind, api::ErrorKind::Server);
        }
        QCOMPARE(rig.pipeline->breakerFor("api.example.test").state(), BreakerState::Open);
        const auto transitions = rig.events.eventsOf<BreakerTransition>();
        QCOMPARE(transitions.size(), 1);
        QCOMPARE(transitions.first().to, BreakerState::Open);

        Outcome rejected;
        rig.send(rejected);
        QCOMPARE(rejected.calls, 1); // at once, without waiting for anything
        QCOMPARE(rig.fake.requests.size(), 5);
        QCOMPARE(rejected.error()->kind, api::ErrorKind::CircuitOpen);
        QCOMPARE(rejected.response->attempts, 0);
        QVERIFY(rejected.error()->message.contains("next probe in 5 s"));
        QCOMPARE(rig.events.eventsOf<RequestRejected>().first().cause, RejectionCause::BreakerOpen);

        rig.clock.advanceMs(5'000);
        rig.fake.script({ok()});
        Outcome probe;
        rig.send(probe);
        rig.scheduler.advance(10);
        QVERIFY(!probe.error());
        QCOMPARE(rig.pipeline->breakerFor("api.example.test").state(), BreakerState::HalfOpen);
    }

    void limiterHoldsInFlightAndRejectsBeyondTheQueue()
    {
        ResilienceSettings settings;
        settings.limiter = {2, 1};
        Rig rig(settings);
        rig.fake.script({ok(100)});
        Outcome a, b, c, d;
        rig.send(a);
        rig.send(b);
        rig.send(c); // waits
        rig.send(d); // the queue is full
        QCOMPARE(rig.fake.requests.size(), 2);
        QCOMPARE(d.calls, 1);
        QCOMPARE(d.error()->kind, api::ErrorKind::Overloaded);
        QCOMPARE(rig.events.eventsOf<RequestRejected>().first().cause, RejectionCause::Overloaded);
        rig.scheduler.advance(100);
        QCOMPARE(rig.fake.requests.size(), 3); // c got the freed slot
        rig.scheduler.advance(100);
        QVERIFY(!a.error() && !b.error() && !c.error());
        QCOMPARE(rig.fake.maxInFlight, 2);
    }

    void destroyedContextCancelsAndFreesItsSlot()
    {
        ResilienceSettings settings;
        settings.limiter = {1, 10};
        Rig rig(settings);
        rig.fake.script({ok(100)});
        Outcome first, second;
        auto context = std::make_unique<QObject>();
        rig.send(first, context.get());
        rig.send(second);
        QCOMPARE(rig.fake.requests.size(), 1);
        context.reset();
        QCOMPARE(rig.fake.requests.size(), 2); // the slot came back at once
        rig.scheduler.advance(100);
        QCOMPARE(first.calls, 0);
        QCOMPARE(second.calls, 1);
        QCOMPARE(rig.pipeline->limiterFor("api.example.test").inFlight(), 0);
    }

    void destroyedContextStopsAPendingRetry()
    {
        Rig rig;
        rig.fake.script({status(503), ok()});
        Outcome out;
        auto context = std::make_unique<QObject>();
        rig.send(out, context.get());
        rig.scheduler.advance(10);
        QCOMPARE(rig.events.eventsOf<RetryScheduled>().size(), 1);
        context.reset();
        rig.scheduler.advance(1'000);
        QCOMPARE(rig.fake.requests.size(), 1);
        QCOMPARE(out.calls, 0);
    }

    void finishedCallsLeaveNoWatchOnTheContext()
    {
        Rig rig;
        rig.fake.script({status(503), ok()});
        WatchedContext context;
        const int before = context.watchers();
        for (int i = 0; i < 50; ++i) {
            Outcome out;
            rig.send(out, &context);
            rig.scheduler.advance(1'000);
            QCOMPARE(out.calls, 1);
        }
        QCOMPARE(context.watchers(), before);
    }

    void aCallMayOutliveItsPipeline()
    {
        // The inner transport still holds the callback when the pipeline goes (shutdown order in ApiStack).
        util::ManualClock clock;
        util::ManualScheduler scheduler(clock);
        util::ScriptedRandom random({0.5});
        FakeTransport fake(scheduler);
        fake.script({ok(100)});
        auto pipeline
            = std::make_unique<ResilientTransport>(fake, ResilienceSettings {}, clock, scheduler, random);
        transport::HttpRequest request;
        request.url = QUrl("http://api.example.test/v1/prices/latest");
        QObject context;
        pipeline->get(request, &context, [](const HttpResponse&) {});
        pipeline.reset();
        QCOMPARE(
            scheduler.pendingCount(), 1); // the reply is still due; dropping it must not touch the pipeline
    }

    void emptyBudgetStopsRetries()
    {
        ResilienceSettings settings;
        settings.budget.capacity = 7; // one retry's worth
        Rig rig(settings);
        rig.fake.script({status(503)});
        Outcome out;
        rig.send(out);
        rig.scheduler.advance(60'000);
        QCOMPARE(rig.fake.requests.size(), 2);
        QCOMPARE(rig.events.eventsOf<RequestRejected>().first().cause, RejectionCause::BudgetEmpty);
    }
};

QTEST_GUILESS_MAIN(TestResilientTransport)
#include "tst_resilienttransport.moc"
