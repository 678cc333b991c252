// The fault matrix: one integration test per simulator fault, the client going through the whole resilience
// pipeline over real loopback sockets. Each asserts what the caller sees (a value or the right typed error),
// how many requests reached the simulator, the breaker's state afterwards, and that the total deadline held.
// Times are scaled down (attempt timeout 400 ms, deadline 2.5 s, backoff base 20 ms) so the matrix runs fast.
#include "api/oilpriceapiclient.h"
#include "resilience/resilienttransport.h"
#include "sim/faultprofile.h"
#include "sim/simserver.h"
#include "transport/qnamtransport.h"

#include <QElapsedTimer>
#include <QTest>

using namespace oilwatch;
using api::ErrorKind;
using resilience::BreakerState;
using sim::FaultKind;
using sim::FaultProfile;
using sim::FaultRule;

namespace {

constexpr qint64 kAttemptMs = 400;
constexpr qint64 kDeadlineMs = 2'500;

resilience::ResilienceSettings fastSettings()
{
    resilience::ResilienceSettings settings;
    settings.timeouts = {kAttemptMs, kDeadlineMs};
    settings.retry.backoff.baseMs = 20;
    settings.retry.backoff.capMs = 200;
    return settings;
}

FaultProfile always(FaultRule rule)
{
    FaultProfile profile;
    profile.name = QStringLiteral("matrix");
    rule.rate = 1.0;
    profile.faults.push_back(rule);
    return profile;
}

FaultRule rule(FaultKind kind, int status = 500)
{
    FaultRule r;
    r.kind = kind;
    r.status = status;
    return r;
}

struct Result
{
    std::optional<api::Result<api::Quote>> value;
    api::FetchInfo info;
    qint64 elapsedMs = 0;
    quint64 simRequests = 0;
    BreakerState breaker = BreakerState::Closed;
};

// QVERIFY2 builds its message even when the check passes: only a failed result has an error to describe.
QString whyNot(const Result& r)
{
    if (!r.value)
        return QStringLiteral("no answer");
    return r.value->ok() ? QString() : r.value->error().describe();
}

// The real pipeline over the real network, pointed at the simulator: what the app builds, at test speed.
struct Stack
{
    util::SeededRandom random {7};
    util::QtScheduler scheduler;
    transport::QnamTransport network;
    resilience::ResilientTransport pipeline;
    api::OilPriceApiClient client;

    Stack(const sim::SimServer& sim, const resilience::ResilienceSettings& settings)
        : pipeline(network, settings, util::SystemClock::instance(), scheduler, random)
        , client(configFor(sim), pipeline)
    { }

    static api::ClientConfig configFor(const sim::SimServer& sim)
    {
        api::ClientConfig config;
        config.baseUrl = sim.baseUrl();
        config.apiKey = sim.apiKey();
        return config;
    }
};

} // namespace

class TestFaultMatrix : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<sim::SimServer> m_sim;

    // One fetch through a fresh pipeline, so each row starts with a closed breaker and a full budget.
    Result fetchOnce(const FaultProfile& profile, resilience::ResilienceSettings settings = fastSettings())
    {
        m_sim->setFaultProfile(profile);
        m_sim->resetStats();
        Stack stack(*m_sim, settings);
        api::OilPriceApiClient& client = stack.client;

        Result result;
        QElapsedTimer elapsed;
        elapsed.start();
        client.latest("WTI_USD", this, [&](const api::Result<api::Quote>& r, const api::FetchInfo& info) {
            result.value = r;
            result.info = info;
        });
        if (!QTest::qWaitFor([&] { return result.value.has_value(); }, 10'000))
            return result;
        result.elapsedMs = elapsed.elapsed();
        result.simRequests = m_sim->stats().requestsTotal;
        result.breaker = stack.pipeline.breakerFor("127.0.0.1").state();
        return result;
    }

    static void expectError(const Result& r, ErrorKind kind, quint64 simRequests, int attempts)
    {
        QVERIFY2(r.value.has_value(), "no answer within 10 s");
        QVERIFY2(!r.value->ok(), "expected an error, got a value");
        QCOMPARE(errorKindName(r.value->error().kind), errorKindName(kind));
        QCOMPARE(r.info.attempts, attempts);
        QCOMPARE(r.simRequests, simRequests);
        QVERIFY2(r.elapsedMs < kDeadlineMs + 500, qPrintable(QString("took %1 ms").arg(r.elapsedMs)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sim = std::make_unique<sim::SimServer>();
        QVERIFY(m_sim->start());
    }
    void cleanupTestCase() { m_sim.reset(); }

    void healthy()
    {
        const Result r = fetchOnce(FaultProfile {});
        QVERIFY(r.value && r.value->ok());
        QCOMPARE(r.simRequests, quint64(1));
        QCOMPARE(r.info.attempts, 1);
        QCOMPARE(r.breaker, BreakerState::Closed);
    }

    void addedLatencyIsWaitedFor()
    {
        FaultProfile profile;
        profile.latency.kind = sim::LatencyKind::Fixed;
        profile.latency.fixedMs = 150;
        const Result r = fetchOnce(profile);
        QVERIFY(r.value && r.value->ok());
        QVERIFY(r.elapsedMs >= 150);
        QCOMPARE(r.simRequests, quint64(1));
    }

    void serverErrorsAreRetriedThenReported_data()
    {
        QTest::addColumn<int>("status");
        QTest::addRow("500") << 500;
        QTest::addRow("502 html") << 502;
        QTest::addRow("503") << 503;
        QTest::addRow("504") << 504;
    }
    void serverErrorsAreRetriedThenReported()
    {
        QFETCH(int, status);
        const Result r = fetchOnce(always(rule(FaultKind::Status, status)));
        expectError(r, ErrorKind::Server, 4, 4);
        QCOMPARE(r.value->error().httpStatus, status);
        // Four failures in a row stay under the consecutive trip (5) and the minimum calls (5).
        QCOMPARE(r.breaker, BreakerState::Closed);
    }

    void burstRateLimitHonoursRetryAfter()
    {
        FaultRule r429 = rule(FaultKind::RateLimit, 429);
        r429.retryAfterSec = 1;
        const Result r = fetchOnce(always(r429));
        // Waits 1 s, retries, waits 1 s more: the third wait would pass the 2.5 s deadline.
        expectError(r, ErrorKind::RateLimited, 3, 3);
        QVERIFY2(r.elapsedMs >= 2'000, qPrintable(QString::number(r.elapsedMs)));
    }

    void spentQuotaIsFinal()
    {
        const Result r = fetchOnce(always(rule(FaultKind::QuotaExhausted, 429)));
        expectError(r, ErrorKind::RateLimited, 1, 1);
        QVERIFY(r.value->error().rateLimit.quotaExhausted());
        QCOMPARE(r.value->error().exitCode(), 4);
        QCOMPARE(r.breaker, BreakerState::Closed);
    }

    void hangTimesOutPerAttemptWithinTheDeadline()
    {
        const Result r = fetchOnce(always(rule(FaultKind::Hang)));
        expectError(r, ErrorKind::Timeout, 4, 4);
        QVERIFY(r.elapsedMs >= 4 * kAttemptMs);
    }

    void slowBodyTimesOut()
    {
        FaultRule slow = rule(FaultKind::SlowBody);
        slow.chunkBytes = 8;
        slow.intervalMs = 200;
        const Result r = fetchOnce(always(slow));
        expectError(r, ErrorKind::Timeout, 4, 4);
    }

    void resetMidBodyIsANetworkError()
    {
        const Result r = fetchOnce(always(rule(FaultKind::Reset)));
        expectError(r, ErrorKind::Network, 4, 4);
    }

    void closeBeforeAnsweringIsANetworkError()
    {
        const Result r = fetchOnce(always(rule(FaultKind::Close)));
        QVERIFY(r.value && !r.value->ok());
        // Qt re-sends an idempotent GET once by itself when a kept-alive connection closes without a word,
        // so the simulator may see up to two requests per attempt.
        QCOMPARE(errorKindName(r.value->error().kind), errorKindName(ErrorKind::Network));
        QCOMPARE(r.info.attempts, 4);
        QVERIFY(r.simRequests >= 4 && r.simRequests <= 8);
    }

    void unusableBodiesAreBadResponsesAndNotRetried_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addRow("empty 200") << int(FaultKind::EmptyBody);
        QTest::addRow("malformed JSON") << int(FaultKind::MalformedJson);
        QTest::addRow("truncated JSON") << int(FaultKind::TruncatedJson);
        QTest::addRow("price as string") << int(FaultKind::PriceString);
        QTest::addRow("price null") << int(FaultKind::PriceNull);
        QTest::addRow("huge body") << int(FaultKind::HugeBody);
    }
    void unusableBodiesAreBadResponsesAndNotRetried()
    {
        QFETCH(int, kind);
        const Result r = fetchOnce(always(rule(FaultKind(kind), 200)));
        expectError(r, ErrorKind::BadResponse, 1, 1);
        QCOMPARE(r.value->error().exitCode(), 6);
        QCOMPARE(r.breaker, BreakerState::Closed); // the host answered: not its health's fault
    }

    void outageThenRecoveryIsBridgedByRetries()
    {
        FaultProfile profile;
        profile.name = QStringLiteral("short-outage");
        profile.outage.downSec = 1;
        profile.outage.upSec = 60;
        profile.outage.repeat = false;
        // The outage's 503s say "Retry-After: 1" (the seconds left): the pipeline waits that out instead of
        // its 20 ms backoff, and the second attempt finds the host back up.
        const Result r = fetchOnce(profile);
        QVERIFY2(r.value && r.value->ok(), qPrintable(whyNot(r)));
        QCOMPARE(r.info.attempts, 2);
        QCOMPARE(r.simRequests, quint64(2));
        QVERIFY2(r.elapsedMs >= 1'000, qPrintable(QString::number(r.elapsedMs)));
    }

    void breakerOpensAndFailsFastDuringAnOutage()
    {
        m_sim->setFaultProfile(always(rule(FaultKind::Status, 503)));
        m_sim->resetStats();
        resilience::ResilienceSettings settings = fastSettings();
        settings.retry.maxAttempts = 1;
        Stack stack(*m_sim, settings);
        api::OilPriceApiClient& client = stack.client;

        QList<api::ApiError> errors;
        for (int i = 0; i < 6; ++i) {
            bool done = false;
            client.latest("WTI_USD", this, [&](const api::Result<api::Quote>& r, const api::FetchInfo&) {
                errors << r.error();
                done = true;
            });
            QVERIFY(QTest::qWaitFor([&] { return done; }, 5'000));
        }
        QCOMPARE(m_sim->stats().requestsTotal, quint64(5)); // the sixth never left the process
        QCOMPARE(errors.at(4).kind, ErrorKind::Server);
        QCOMPARE(errorKindName(errors.at(5).kind), errorKindName(ErrorKind::CircuitOpen));
        QCOMPARE(stack.pipeline.breakerFor("127.0.0.1").state(), BreakerState::Open);
    }

    void limiterBoundsWhatTheSimulatorSeesInFlight()
    {
        FaultProfile profile;
        profile.latency.kind = sim::LatencyKind::Fixed;
        profile.latency.fixedMs = 20;
        m_sim->setFaultProfile(profile);
        m_sim->resetStats();
        resilience::ResilienceSettings settings = fastSettings();
        settings.timeouts = {10'000, 30'000};
        // Four, below the six connections Qt opens per host, so it is our limiter that holds the line.
        settings.limiter = {4, 1'000};
        Stack stack(*m_sim, settings);
        api::OilPriceApiClient& client = stack.client;
        int done = 0;
        int failed = 0;
        for (int i = 0; i < 1'000; ++i) {
            client.latest("WTI_USD", this, [&](const api::Result<api::Quote>& r, const api::FetchInfo&) {
                ++done;
                failed += r.ok() ? 0 : 1;
            });
        }
        QVERIFY(QTest::qWaitFor([&] { return done == 1'000; }, 60'000));
        QCOMPARE(failed, 0);
        const sim::SimStats stats = m_sim->stats();
        QCOMPARE(stats.requestsTotal, quint64(1'000));
        QVERIFY2(stats.maxInFlight <= 4, qPrintable(QString::number(stats.maxInFlight)));
        QVERIFY(stats.maxInFlight >= 2); // and it did run calls side by side
    }
};

QTEST_GUILESS_MAIN(TestFaultMatrix)
#include "tst_faultmatrix.moc"
