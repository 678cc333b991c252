#include "cache/cachepolicy.h"

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::cache;

namespace {

constexpr qint64 kFreshMs = 60'000;
constexpr qint64 kMaxStaleMs = 3'600'000;

api::ApiError failure(api::ErrorKind kind, int httpStatus = 0)
{
    api::ApiError error = api::ApiError::make(kind, QStringLiteral("it failed"));
    error.httpStatus = httpStatus;
    error.requestId = QStringLiteral("req_42");
    return error;
}

api::ApiError quotaExhausted()
{
    api::ApiError error = failure(api::ErrorKind::RateLimited, 429);
    error.rateLimit.state = QStringLiteral("exhausted");
    error.rateLimit.window = QStringLiteral("daily_counter");
    return error;
}

// Failures the last value may cover; `error` is built from the row so each kind is its own row.
struct FailureCase
{
    const char* name;
    api::ApiError error;
};

QList<FailureCase> staleEligibleFailures()
{
    return {
        {"server", failure(api::ErrorKind::Server, 503)},
        {"timeout", failure(api::ErrorKind::Timeout)},
        {"network", failure(api::ErrorKind::Network)},
        {"circuit open", failure(api::ErrorKind::CircuitOpen)},
        {"overloaded", failure(api::ErrorKind::Overloaded)},
        {"rate-limited burst", failure(api::ErrorKind::RateLimited, 429)},
        {"quota exhausted", quotaExhausted()},
        {"bad response", failure(api::ErrorKind::BadResponse, 200)},
    };
}

QList<FailureCase> passThroughFailures()
{
    return {
        {"config", failure(api::ErrorKind::Config)},
        {"auth", failure(api::ErrorKind::Auth, 401)},
        {"forbidden", failure(api::ErrorKind::Forbidden, 403)},
        {"invalid code", failure(api::ErrorKind::InvalidCode, 400)},
        {"not found", failure(api::ErrorKind::NotFound, 404)},
        {"client error", failure(api::ErrorKind::ClientError, 400)},
        {"cancelled", failure(api::ErrorKind::Cancelled)},
    };
}

CacheEntry entryAged(util::ManualClock& clock, qint64 ageMs)
{
    CacheEntry entry = CacheEntry::fetchedNow(clock, "{\"price\":1}", {}, "\"v7\"");
    clock.advanceMs(ageMs);
    return entry;
}

} // namespace

class TestCachePolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void beforeRequest_data()
    {
        QTest::addColumn<bool>("hasEntry");
        QTest::addColumn<qint64>("ageMs");
        QTest::addColumn<int>("action");
        QTest::addColumn<int>("servedFrom");
        QTest::addColumn<qint64>("ageSec");

        const int cached = int(CacheAction::ServeCached);
        const int fetch = int(CacheAction::FetchLive);
        const int fromCache = int(api::ServedFrom::Cache);
        const int live = int(api::ServedFrom::Live);
        QTest::addRow("nothing cached") << false << qint64(0) << fetch << live << qint64(0);
        QTest::addRow("just fetched") << true << qint64(0) << cached << fromCache << qint64(0);
        QTest::addRow("999 ms rounds down") << true << qint64(999) << cached << fromCache << qint64(0);
        QTest::addRow("one ms before ttl") << true << kFreshMs - 1 << cached << fromCache << qint64(59);
        QTest::addRow("exactly ttl") << true << kFreshMs << fetch << live << qint64(0);
        QTest::addRow("past ttl") << true << kFreshMs + 1 << fetch << live << qint64(0);
    }
    void beforeRequest()
    {
        QFETCH(bool, hasEntry);
        QFETCH(qint64, ageMs);
        QFETCH(int, action);
        QFETCH(int, servedFrom);
        QFETCH(qint64, ageSec);

        util::ManualClock clock;
        const CachePolicy policy(clock);
        std::optional<CacheEntry> cached;
        if (hasEntry)
            cached = entryAged(clock, ageMs);

        const CacheDecision decision = policy.beforeRequest(cached);
        QCOMPARE(int(decision.action), action);
        QCOMPARE(int(decision.servedFrom), servedFrom);
        QCOMPARE(decision.ageSec, ageSec);
        QVERIFY(!decision.error);
        // Served or refetched, the entry travels with the decision: its validators make the fetch
        // conditional.
        QCOMPARE(decision.entry.has_value(), hasEntry);
        if (hasEntry)
            QCOMPARE(decision.entry->etag, QByteArray("\"v7\""));
    }

    void freshTtlIsConfigurable()
    {
        util::ManualClock clock;
        CachePolicySettings settings;
        settings.freshTtlMs = 2'000; // the simulator's poll interval
        const CachePolicy policy(clock, settings);
        const CacheEntry entry = entryAged(clock, 2'000);
        QCOMPARE(policy.beforeRequest(entry).action, CacheAction::FetchLive);
        QCOMPARE(CachePolicy(clock).beforeRequest(entry).action, CacheAction::ServeCached);
    }

    void onSuccessIsLive()
    {
        util::ManualClock clock;
        const CacheDecision decision = CachePolicy(clock).onSuccess();
        QCOMPARE(decision.action, CacheAction::ServeLive);
        QCOMPARE(decision.servedFrom, api::ServedFrom::Live);
        QCOMPARE(decision.ageSec, 0);
        QVERIFY(!decision.error);
    }

    void onFailure_data()
    {
        QTest::addColumn<api::ApiError>("error");
        QTest::addColumn<qint64>("ageMs");
        QTest::addColumn<int>("action");
        QTest::addColumn<int>("servedFrom");
        QTest::addColumn<qint64>("ageSec");

        const int stale = int(api::ServedFrom::Stale);
        const int live = int(api::ServedFrom::Live);
        for (const FailureCase& failureCase : staleEligibleFailures()) {
            const auto row = [&](const char* when, qint64 ageMs, CacheAction action, qint64 ageSec) {
                QTest::addRow("%s, %s", failureCase.name, when)
                    << failureCase.error << ageMs << int(action) << stale << ageSec;
            };
            row("fresh value", 0, CacheAction::ServeStale, 0);
            row("one ms before max", kMaxStaleMs - 1, CacheAction::ServeStale, 3599);
            row("exactly max", kMaxStaleMs, CacheAction::ServeStale, 3600);
            row("one ms past max", kMaxStaleMs + 1, CacheAction::CacheExpired, 3600);
            row("a day old", 86'400'000, CacheAction::CacheExpired, 86'400);
        }
        for (const FailureCase& failureCase : passThroughFailures()) {
            QTest::addRow("%s, fresh value", failureCase.name)
                << failureCase.error << qint64(0) << int(CacheAction::PassError) << live << qint64(0);
            QTest::addRow("%s, expired value", failureCase.name)
                << failureCase.error << kMaxStaleMs + 1 << int(CacheAction::PassError) << live << qint64(0);
        }
    }
    void onFailure()
    {
        QFETCH(api::ApiError, error);
        QFETCH(qint64, ageMs);
        QFETCH(int, action);
        QFETCH(int, servedFrom);
        QFETCH(qint64, ageSec);

        util::ManualClock clock;
        const CachePolicy policy(clock);
        const CacheEntry last = entryAged(clock, ageMs);
        const CacheDecision decision = policy.onFailure(error, last);

        QCOMPARE(int(decision.action), action);
        QCOMPARE(int(decision.servedFrom), servedFrom);
        QCOMPARE(decision.ageSec, ageSec);
        switch (decision.action) {
        case CacheAction::ServeStale:
            QVERIFY(decision.entry);
            QCOMPARE(decision.entry->body, last.body);
            QVERIFY(!decision.error);
            break;
        case CacheAction::CacheExpired:
            QVERIFY(decision.entry);
            QCOMPARE(decision.entry->body, last.body);
            QVERIFY(decision.error);
            QCOMPARE(decision.error->kind, api::ErrorKind::CacheExpired);
            QCOMPARE(decision.error->exitCode(), 5);
            QCOMPARE(decision.error->requestId, error.requestId);
            QVERIFY(decision.error->message.contains(api::errorKindName(error.kind)));
            break;
        case CacheAction::PassError:
            QVERIFY(!decision.entry);
            QVERIFY(decision.error);
            QCOMPARE(decision.error->kind, error.kind);
            QCOMPARE(decision.error->httpStatus, error.httpStatus);
            break;
        default:
            QFAIL("a failure must never be served as cached or live");
        }
    }

    void failureWithNothingCachedPassesTheError_data()
    {
        QTest::addColumn<api::ApiError>("error");
        for (const FailureCase& failureCase : staleEligibleFailures())
            QTest::addRow("%s", failureCase.name) << failureCase.error;
    }
    void failureWithNothingCachedPassesTheError()
    {
        QFETCH(api::ApiError, error);
        util::ManualClock clock;
        const CacheDecision decision = CachePolicy(clock).onFailure(error, std::nullopt);
        QCOMPARE(decision.action, CacheAction::PassError);
        QCOMPARE(decision.servedFrom, api::ServedFrom::Live);
        QVERIFY(decision.error);
        QCOMPARE(decision.error->kind, error.kind);
    }

    void maxStalenessIsConfigurable()
    {
        util::ManualClock clock;
        CachePolicySettings settings;
        settings.maxStalenessMs = 5'000;
        const CachePolicy policy(clock, settings);
        const CacheEntry last = entryAged(clock, 5'001);
        const CacheDecision decision = policy.onFailure(failure(api::ErrorKind::Network), last);
        QCOMPARE(decision.action, CacheAction::CacheExpired);
        QCOMPARE(decision.ageSec, 5);
        QCOMPARE(CachePolicy(clock).onFailure(failure(api::ErrorKind::Network), last).action,
            CacheAction::ServeStale);
    }

    void everyErrorKindIsClassified()
    {
        // Pins the documented split; a kind moving sides must be a deliberate change to this list.
        const QList<api::ErrorKind> fallback {api::ErrorKind::Server, api::ErrorKind::Timeout,
            api::ErrorKind::Network, api::ErrorKind::CircuitOpen, api::ErrorKind::Overloaded,
            api::ErrorKind::RateLimited, api::ErrorKind::BadResponse};
        for (int k = int(api::ErrorKind::Config); k <= int(api::ErrorKind::CacheExpired); ++k) {
            const auto kind = api::ErrorKind(k);
            QCOMPARE(CachePolicy::allowsStaleFallback(failure(kind)), fallback.contains(kind));
        }
    }

    void cacheExpiredKindIsNamed()
    {
        QCOMPARE(api::errorKindName(api::ErrorKind::CacheExpired), QStringLiteral("cache_expired"));
        QCOMPARE(failure(api::ErrorKind::CacheExpired).exitCode(), 5);
        QVERIFY(!failure(api::ErrorKind::CacheExpired).isRetryable());
    }
};

QTEST_GUILESS_MAIN(TestCachePolicy)
#include "tst_cachepolicy.moc"
