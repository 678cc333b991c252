// CachedQuotes against the built-in simulator over loopback, through the real resilience pipeline: fresh
// values come from the cache without a request, and every failure kind of the fault matrix falls back to the
// last value (stale), a cache-expired error carrying it, or the plain error. The cache ages on a ManualClock;
// the network runs on real time.
#include "cache/memorycache.h"
#include "feed/cachedquotes.h"
#include "feed/quotegate.h"
#include "sim/faultprofile.h"
#include "storage/historystore.h"
#include "support/simstack.h"
#include "validation/dataqualityissue.h"

#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using api::ErrorKind;
using api::ServedFrom;
using feed::CachedQuotes;
using feed::CodeOutcome;
using sim::FaultKind;
using testing::SimStack;

namespace {

constexpr qint64 kFreshMs = 60'000;
constexpr qint64 kMaxStaleMs = 3'600'000;
const QString kWti = QStringLiteral("WTI_USD");
const QString kBrent = QStringLiteral("BRENT_CRUDE_USD");

sim::FaultProfile always(FaultKind kind, int status = 500)
{
    sim::FaultRule rule;
    rule.kind = kind;
    rule.status = status;
    rule.rate = 1.0;
    rule.retryAfterSec = 1;
    sim::FaultProfile profile;
    profile.name = QStringLiteral("cache-fallback");
    profile.faults.push_back(rule);
    return profile;
}

// Every price answer carries one kind of bad data.
sim::FaultProfile badData(FaultKind kind)
{
    sim::FaultRule rule;
    rule.kind = kind;
    rule.rate = 1.0;
    sim::FaultProfile profile;
    profile.name = QStringLiteral("bad-data");
    profile.faults.push_back(rule);
    return profile;
}

bool openHistory(storage::HistoryStore& history, QObject* context)
{
    bool opened = false;
    history.open(
        context, [&opened](const storage::StorageResult<storage::OpenReport>& r) { opened = r.ok(); });
    return QTest::qWaitFor([&opened] { return opened; }, 10'000);
}

// What the history holds of one code and origin, once its worker answered; nullopt on a failure.
std::optional<QList<api::Quote>> storedPrices(
    storage::HistoryStore& history, const api::Origin& origin, const QString& code, QObject* context)
{
    std::optional<QList<api::Quote>> stored;
    bool answered = false;
    history.query(storage::OriginFilter::only(origin), code, {}, {}, context,
        [&](const storage::StorageResult<QList<api::Quote>>& r) {
            answered = true;
            if (r)
                stored = r.value();
        });
    if (!QTest::qWaitFor([&answered] { return answered; }, 10'000))
        return std::nullopt;
    return stored;
}

QList<CodeOutcome> fetch(CachedQuotes& quotes, const QStringList& codes, QObject* context)
{
    std::optional<QList<CodeOutcome>> answer;
    quotes.fetch(codes, context, [&answer](const QList<CodeOutcome>& outcomes) { answer = outcomes; });
    if (!QTest::qWaitFor([&answer] { return answer.has_value(); }, 15'000))
        return {};
    return *answer;
}

QString describe(const CodeOutcome& outcome)
{
    return outcome.result ? api::servedFromName(outcome.info.servedFrom) : outcome.result.error().describe();
}

// The parts of a quote the cache must give back unchanged.
bool samePrice(const api::Quote& a, const api::Quote& b)
{
    return a.code == b.code && a.price == b.price && a.createdAt == b.createdAt && a.currency == b.currency
        && a.unit == b.unit && a.type == b.type && a.source == b.source;
}

} // namespace

class TestCachedQuotes : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<sim::SimServer> m_sim;
    util::ManualClock m_clock;
    std::unique_ptr<cache::MemoryCache> m_cache;

    // Swap in another PriceCache backend here to run every row against it.
    std::unique_ptr<cache::MemoryCache> makeCache()
    {
        cache::MemoryCacheLimits limits;
        limits.ttlMs = 2 * kMaxStaleMs; // retention beyond the staleness bound, so expiry is the policy's
        return std::make_unique<cache::MemoryCache>(limits, m_clock);
    }

    cache::CachePolicy policy() const { return cache::CachePolicy(m_clock, {kFreshMs, kMaxStaleMs}); }

    // One healthy fetch that fills the cache, then the clock moved past freshness so the next fetch asks.
    api::Quote primed(CachedQuotes& quotes, const QString& code = kWti)
    {
        const QList<CodeOutcome> first = fetch(quotes, {code}, this);
        if (first.size() != 1 || !first.constFirst().result)
            return {};
        m_clock.advanceMs(kFreshMs + 1'000);
        return first.constFirst().result.value();
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_sim = std::make_unique<sim::SimServer>();
        QVERIFY(m_sim->start());
    }
    void init()
    {
        m_sim->setFaults({});
        m_sim->setFaultProfile({});
        m_cache = makeCache();
    }
    void cleanupTestCase() { m_sim.reset(); }

    void firstFetchIsLiveAndCachedPerCode()
    {
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        const quint64 before = m_sim->requestCount();
        const QList<CodeOutcome> outcomes = fetch(quotes, {kBrent, kWti}, this);
        QCOMPARE(outcomes.size(), 2);
        QCOMPARE(outcomes.at(0).code, kBrent); // in the order asked
        QCOMPARE(outcomes.at(1).code, kWti);
        for (const CodeOutcome& outcome : outcomes) {
            QVERIFY2(outcome.result, qPrintable(describe(outcome)));
            QCOMPARE(outcome.info.servedFrom, ServedFrom::Live);
            QCOMPARE(outcome.info.ageMs, 0);
            QCOMPARE(outcome.result.value().code, outcome.code);
        }
        QCOMPARE(m_sim->requestCount() - before, quint64(1)); // one request for both
        QCOMPARE(m_cache->stats().entries, 2);
        QVERIFY(m_cache->get(CachedQuotes::keyFor(quotes.origin(), kWti)).has_value());
        QCOMPARE(m_cache->get(CachedQuotes::keyFor(quotes.origin(), kWti))->createdAt,
            outcomes.at(1).result.value().createdAt);
        QCOMPARE(quotes.serveCounts().live, 2);
    }

    void anEntryKeepsTheValidatorsOnlyOfItsOwnResponse()
    {
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        // The simulator tags its latest answers, like the Rails stack in front of the API.
        const QList<CodeOutcome> alone = fetch(quotes, {kWti}, this);
        QVERIFY2(alone.value(0).result, qPrintable(describe(alone.value(0))));
        QVERIFY(!alone.at(0).info.etag.isEmpty());
        QCOMPARE(m_cache->get(CachedQuotes::keyFor(quotes.origin(), kWti))->etag, alone.at(0).info.etag);

        // A tag of a two-code body says nothing about one code's part of it: not kept.
        const QString gas = QStringLiteral("NATURAL_GAS_USD");
        const QList<CodeOutcome> both = fetch(quotes, {kBrent, gas}, this);
        QVERIFY(both.value(0).result && both.value(1).result);
        QVERIFY(m_cache->get(CachedQuotes::keyFor(quotes.origin(), kBrent))->etag.isEmpty());
        QVERIFY(m_cache->get(CachedQuotes::keyFor(quotes.origin(), gas))->etag.isEmpty());
        // Fresh codes are not asked again: with only one code left, the request is that code's own.
        const QString heating = QStringLiteral("HEATING_OIL_USD");
        const QList<CodeOutcome> mixed = fetch(quotes, {kBrent, kWti, heating}, this);
        QVERIFY(mixed.value(2).result);
        QCOMPARE(mixed.at(0).info.servedFrom, ServedFrom::Cache);
        QVERIFY(!m_cache->get(CachedQuotes::keyFor(quotes.origin(), heating))->etag.isEmpty());
    }

    void freshCodesAreServedFromTheCacheWithoutARequest()
    {
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        const api::Quote live = fetch(quotes, {kWti}, this).value(0).result.value();
        const qint64 missesBefore = m_cache->stats().misses;
        const quint64 before = m_sim->requestCount();
        m_clock.advanceMs(kFreshMs - 1);
        const QList<CodeOutcome> again = fetch(quotes, {kWti}, this);
        QCOMPARE(again.size(), 1);
        QCOMPARE(again.constFirst().info.servedFrom, ServedFrom::Cache);
        QCOMPARE(again.constFirst().info.ageMs, kFreshMs - 1);
        QVERIFY(samePrice(again.constFirst().result.value(), live));
        QCOMPARE(again.constFirst().result.value().receivedAt, m_clock.nowUtc()); // served now
        QCOMPARE(m_sim->requestCount(), before);
        QVERIFY(m_cache->stats().hits >= 1);
        QCOMPARE(m_cache->stats().misses, missesBefore);
        QCOMPARE(quotes.serveCounts().cache, 1);
    }

    void onlyTheCodesNotFreshAreRequested()
    {
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        fetch(quotes, {kWti}, this);
        const quint64 before = m_sim->requestCount();
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti, kBrent}, this);
        QCOMPARE(outcomes.size(), 2);
        QCOMPARE(outcomes.at(0).info.servedFrom, ServedFrom::Cache);
        QCOMPARE(outcomes.at(1).info.servedFrom, ServedFrom::Live);
        QCOMPARE(m_sim->requestCount() - before, quint64(1));
    }

    void aCodeTheAnswerLeftOutFallsBackToItsLastValue()
    {
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        const QList<CodeOutcome> first = fetch(quotes, {kWti, kBrent}, this);
        QCOMPARE(first.size(), 2);
        m_clock.advanceMs(kFreshMs);
        sim::FaultSettings faults;
        faults.forcedBody = CachedQuotes::bodyFor(first.at(0).result.value()); // WTI only
        m_sim->setFaults(faults);
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti, kBrent}, this);
        QCOMPARE(outcomes.size(), 2);
        QCOMPARE(outcomes.at(0).info.servedFrom, ServedFrom::Live);
        QVERIFY2(outcomes.at(1).result, qPrintable(describe(outcomes.at(1))));
        QCOMPARE(outcomes.at(1).info.servedFrom, ServedFrom::Stale);
        QVERIFY(samePrice(outcomes.at(1).result.value(), first.at(1).result.value()));
    }

    void everyServiceFailureServesTheLastValueAsStale_data()
    {
        QTest::addColumn<int>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("kind");
        QTest::addRow("500") << int(FaultKind::Status) << 500 << int(ErrorKind::Server);
        QTest::addRow("502 html") << int(FaultKind::Status) << 502 << int(ErrorKind::Server);
        QTest::addRow("503") << int(FaultKind::Status) << 503 << int(ErrorKind::Server);
        QTest::addRow("504") << int(FaultKind::Status) << 504 << int(ErrorKind::Server);
        QTest::addRow("429 burst") << int(FaultKind::RateLimit) << 429 << int(ErrorKind::RateLimited);
        QTest::addRow("quota spent") << int(FaultKind::QuotaExhausted) << 429 << int(ErrorKind::RateLimited);
        QTest::addRow("hang") << int(FaultKind::Hang) << 500 << int(ErrorKind::Timeout);
        QTest::addRow("slow body") << int(FaultKind::SlowBody) << 500 << int(ErrorKind::Timeout);
        QTest::addRow("reset") << int(FaultKind::Reset) << 500 << int(ErrorKind::Network);
        QTest::addRow("close") << int(FaultKind::Close) << 500 << int(ErrorKind::Network);
        QTest::addRow("empty 200") << int(FaultKind::EmptyBody) << 200 << int(ErrorKind::BadResponse);
        QTest::addRow("malformed") << int(FaultKind::MalformedJson) << 200 << int(ErrorKind::BadResponse);
        QTest::addRow("truncated") << int(FaultKind::TruncatedJson) << 200 << int(ErrorKind::BadResponse);
        QTest::addRow("price string") << int(FaultKind::PriceString) << 200 << int(ErrorKind::BadResponse);
        QTest::addRow("price null") << int(FaultKind::PriceNull) << 200 << int(ErrorKind::BadResponse);
        QTest::addRow("huge body") << int(FaultKind::HugeBody) << 200 << int(ErrorKind::BadResponse);
    }
    void everyServiceFailureServesTheLastValueAsStale()
    {
        QFETCH(int, fault);
        QFETCH(int, status);
        QFETCH(int, kind);
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        const api::Quote last = primed(quotes);
        QVERIFY(!last.code.isEmpty());
        m_sim->setFaultProfile(always(FaultKind(fault), status));

        // What a caller without the cache sees, on a pipeline of its own so its failures do not open the
        // breaker of the one under test: the fault really produces this kind.
        {
            SimStack probe(SimStack::configFor(*m_sim));
            std::optional<api::Result<api::Quote>> bare;
            probe.client.latest(
                kWti, this, [&bare](const api::Result<api::Quote>& r, const api::FetchInfo&) { bare = r; });
            QVERIFY(QTest::qWaitFor([&bare] { return bare.has_value(); }, 15'000));
            QVERIFY(!bare->ok());
            // A reset can land before the body is complete or after Qt has taken a prefix of it as a
            // whole body: network or bad_response, and the last value covers both.
            const bool resetSeenAsBadBody
                = FaultKind(fault) == FaultKind::Reset && bare->error().kind == ErrorKind::BadResponse;
            if (!resetSeenAsBadBody)
                QCOMPARE(api::errorKindName(bare->error().kind), api::errorKindName(ErrorKind(kind)));
        }

        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti}, this);
        QCOMPARE(outcomes.size(), 1);
        const CodeOutcome& outcome = outcomes.constFirst();
        QVERIFY2(outcome.result, qPrintable(describe(outcome)));
        QCOMPARE(outcome.info.servedFrom, ServedFrom::Stale);
        QCOMPARE(outcome.info.ageMs, kFreshMs + 1'000);
        QVERIFY(samePrice(outcome.result.value(), last));
        QVERIFY(outcome.info.attempts >= 1); // the failed call's own account travels with the stale value
        QCOMPARE(quotes.serveCounts().stale, 1);
    }

    void anOpenCircuitServesTheLastValueWithoutARequest()
    {
        resilience::ResilienceSettings settings = testing::fastResilience();
        settings.retry.maxAttempts = 1;
        SimStack stack(SimStack::configFor(*m_sim), settings);
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        const api::Quote last = primed(quotes);
        m_sim->setFaultProfile(always(FaultKind::Status, 503));
        m_sim->resetStats();
        // The failures trip the breaker; each of them, and each refusal after, is covered by the last value.
        for (int i = 0; i < 6; ++i) {
            const QList<CodeOutcome> outcomes = fetch(quotes, {kWti}, this);
            QCOMPARE(outcomes.size(), 1);
            QCOMPARE(outcomes.constFirst().info.servedFrom, ServedFrom::Stale);
            QVERIFY(samePrice(outcomes.constFirst().result.value(), last));
        }
        // The breaker opened on the failures (when exactly is its settings' business) and refused the rest.
        QVERIFY2(m_sim->stats().requestsTotal < 6, qPrintable(QString::number(m_sim->stats().requestsTotal)));
        QCOMPARE(stack.pipeline.breakerFor("127.0.0.1").state(), resilience::BreakerState::Open);
    }

    void offlineServesTheLastValue()
    {
        // The same server, gone: a restart of the app finds nothing listening (connection refused).
        auto server = std::make_unique<sim::SimServer>();
        QVERIFY(server->start());
        const api::ClientConfig config = SimStack::configFor(*server);
        api::Quote last;
        {
            SimStack online(config);
            CachedQuotes before(online.client, *m_cache, policy(), m_clock);
            last = primed(before);
        }
        server.reset();
        SimStack offline(config);
        CachedQuotes quotes(offline.client, *m_cache, policy(), m_clock);
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti}, this);
        QCOMPARE(outcomes.size(), 1);
        QVERIFY2(outcomes.constFirst().result, qPrintable(describe(outcomes.constFirst())));
        QCOMPARE(outcomes.constFirst().info.servedFrom, ServedFrom::Stale);
        QVERIFY(samePrice(outcomes.constFirst().result.value(), last));
    }

    void staleUpToTheMaximumThenExpiredWithTheLastValue()
    {
        // One attempt per fetch keeps the breaker closed, so the expired error carries the server's answer.
        resilience::ResilienceSettings settings = testing::fastResilience();
        settings.retry.maxAttempts = 1;
        SimStack stack(SimStack::configFor(*m_sim), settings);
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        const api::Quote last = fetch(quotes, {kWti}, this).value(0).result.value();
        sim::FaultSettings down;
        down.forcedStatus = 500;
        m_sim->setFaults(down);

        m_clock.advanceMs(kMaxStaleMs); // inclusive bound: still stale
        QList<CodeOutcome> outcomes = fetch(quotes, {kWti}, this);
        QCOMPARE(outcomes.constFirst().info.servedFrom, ServedFrom::Stale);
        QCOMPARE(outcomes.constFirst().info.ageMs, kMaxStaleMs);

        m_clock.advanceMs(1);
        outcomes = fetch(quotes, {kWti}, this);
        QCOMPARE(outcomes.size(), 1);
        QVERIFY(!outcomes.constFirst().result);
        const api::ApiError& error = outcomes.constFirst().result.error();
        QCOMPARE(api::errorKindName(error.kind), api::errorKindName(ErrorKind::CacheExpired));
        QCOMPARE(error.httpStatus, 500);
        QVERIFY(error.lastValue.has_value());
        QVERIFY(samePrice(*error.lastValue, last));
        QCOMPARE(error.lastValueAgeMs, kMaxStaleMs + 1);
        QCOMPARE(error.exitCode(), 5);
        QCOMPARE(quotes.serveCounts().expired, 1);
    }

    void requestErrorsAreNotHiddenByAnOldValue()
    {
        SimStack healthy(SimStack::configFor(*m_sim));
        CachedQuotes before(healthy.client, *m_cache, policy(), m_clock);
        primed(before);

        api::ClientConfig wrongKey = SimStack::configFor(*m_sim);
        wrongKey.apiKey = QStringLiteral("opa_test_not_the_key_42");
        SimStack stack(wrongKey);
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti}, this);
        QCOMPARE(outcomes.size(), 1);
        QVERIFY(!outcomes.constFirst().result);
        QCOMPARE(api::errorKindName(outcomes.constFirst().result.error().kind),
            api::errorKindName(ErrorKind::Auth));
        QVERIFY(!outcomes.constFirst().result.error().lastValue.has_value());
        QCOMPARE(quotes.serveCounts().errors, 1);
    }

    void nothingCachedMeansThePlainError()
    {
        sim::FaultSettings down;
        down.forcedStatus = 503;
        m_sim->setFaults(down);
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti, kBrent}, this);
        QCOMPARE(outcomes.size(), 2);
        for (const CodeOutcome& outcome : outcomes) {
            QVERIFY(!outcome.result);
            QCOMPARE(api::errorKindName(outcome.result.error().kind), api::errorKindName(ErrorKind::Server));
        }
        QCOMPARE(m_cache->stats().entries, 0);
    }

    void anUnreadableEntryIsDroppedAndRefetched()
    {
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        m_cache->put(
            CachedQuotes::keyFor(quotes.origin(), kWti), cache::CacheEntry::fetchedNow(m_clock, "not json"));
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti}, this);
        QCOMPARE(outcomes.constFirst().info.servedFrom, ServedFrom::Live);
        const auto entry = m_cache->get(CachedQuotes::keyFor(quotes.origin(), kWti));
        QVERIFY(entry && entry->body.startsWith("{"));
    }

    void theLastValueSurvivesARestart()
    {
        // A restart: a new pipeline, client and CachedQuotes over the same cache backend. With a persistent
        // backend (SQLite) the cache object is re-opened from its file here instead.
        api::Quote last;
        {
            SimStack stack(SimStack::configFor(*m_sim));
            CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
            last = primed(quotes);
        }
        sim::FaultSettings down;
        down.forcedStatus = 502;
        m_sim->setFaults(down);
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti}, this);
        QCOMPARE(outcomes.constFirst().info.servedFrom, ServedFrom::Stale);
        QVERIFY(samePrice(outcomes.constFirst().result.value(), last));
    }

    // The gate judges created_at against the simulator's clock, which is the system's; the cache ages on
    // the manual clock.
    void aSuspectQuoteIsServedAsItsLastGoodValueAndQuarantined()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        storage::HistoryStore history(dir.filePath("history.sqlite"), util::SystemClock::instance());
        QVERIFY(openHistory(history, this));
        feed::QuoteGate gate(util::SystemClock::instance(), &history);
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock, &history);
        quotes.setGate(&gate);
        const api::Quote good = primed(quotes);
        QVERIFY(!good.code.isEmpty());

        m_sim->setFaultProfile(badData(FaultKind::Spike));
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti}, this);
        QCOMPARE(outcomes.size(), 1);
        const CodeOutcome& outcome = outcomes.constFirst();
        QVERIFY2(outcome.result, qPrintable(describe(outcome)));
        QVERIFY(samePrice(outcome.result.value(), good)); // the last good value, never the spike
        QCOMPARE(outcome.info.servedFrom, ServedFrom::Stale);
        QCOMPARE(outcome.info.ageMs, kFreshMs + 1'000);
        QVERIFY(outcome.info.suspect);
        QVERIFY(outcome.info.suspect->hasIssue(validation::Rule::Spike));
        QCOMPARE(outcome.info.suspect->quote.price, good.price * 10.0);
        QCOMPARE(outcome.info.suspect->quality(), validation::Quality::Suspect);

        // Not cached: the entry still holds the good value.
        const QList<CodeOutcome> cached = quotes.lastKnown({kWti});
        QCOMPARE(cached.size(), 1);
        QVERIFY(cached.constFirst().result && samePrice(cached.constFirst().result.value(), good));
        // Not stored as a price; kept in the quarantine, in memory and in the history file.
        const std::optional<QList<api::Quote>> stored = storedPrices(history, quotes.origin(), kWti, this);
        QVERIFY(stored.has_value());
        QCOMPARE(stored->size(), 1);
        QVERIFY(samePrice(stored->constFirst(), good));
        QCOMPARE(gate.quarantine().size(), 1);
        std::optional<QList<storage::QuarantineRecord>> kept;
        history.quarantined(storage::OriginFilter::only(quotes.origin()), {kWti}, 0, this,
            [&kept](const storage::StorageResult<QList<storage::QuarantineRecord>>& r) {
                if (r)
                    kept = r.value();
            });
        QTRY_VERIFY_WITH_TIMEOUT(kept.has_value(), 10'000);
        QCOMPARE(kept->size(), 1);
        // Ten times WTI is also out of its plausible range (and of the Brent spread): every rule is kept.
        QVERIFY2(kept->constFirst().rules.contains(QStringLiteral("spike")),
            qPrintable(kept->constFirst().rules.join(',')));
        QCOMPARE(kept->constFirst().quote.price, good.price * 10.0);
        QCOMPARE(kept->constFirst().quote.origin, quotes.origin());
    }

    void aSuspectQuoteWithNoGoodValueIsADataQualityError()
    {
        feed::QuoteGate gate(util::SystemClock::instance());
        m_sim->setFaultProfile(badData(FaultKind::ZeroPrice));
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        quotes.setGate(&gate);
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti, kBrent}, this);
        QCOMPARE(outcomes.size(), 2);
        for (const CodeOutcome& outcome : outcomes) {
            QVERIFY(!outcome.result);
            const api::ApiError& error = outcome.result.error();
            QCOMPARE(api::errorKindName(error.kind), QStringLiteral("data_quality"));
            QCOMPARE(error.exitCode(), 6);
            QVERIFY(error.suspect);
            QCOMPARE(error.suspect->quote.code, outcome.code);
            QCOMPARE(error.suspect->quote.price, 0.0);
            QVERIFY(error.suspect->hasIssue(validation::Rule::NonPositivePrice));
            QVERIFY(error.message.contains(QStringLiteral("non_positive_price")));
        }
        QCOMPARE(m_cache->stats().entries, 0);
        QCOMPARE(quotes.serveCounts().errors, 2);
    }

    void aRestartSeedsTheLastGoodValueFromTheCache()
    {
        {
            SimStack stack(SimStack::configFor(*m_sim));
            CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
            QVERIFY(!primed(quotes).code.isEmpty());
        }
        // A new process: a new gate that has seen nothing, over the same cache.
        feed::QuoteGate gate(util::SystemClock::instance());
        m_sim->setFaultProfile(badData(FaultKind::Spike));
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        quotes.setGate(&gate);
        const CodeOutcome outcome = fetch(quotes, {kWti}, this).value(0);
        QVERIFY2(outcome.result, qPrintable(describe(outcome)));
        QVERIFY(outcome.info.suspect);
        QVERIFY(outcome.info.suspect->hasIssue(validation::Rule::Spike));
    }

    void aGoodQuotePassesTheGate()
    {
        feed::QuoteGate gate(util::SystemClock::instance());
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        quotes.setGate(&gate);
        const QList<CodeOutcome> outcomes = fetch(quotes, {kWti, kBrent}, this);
        for (const CodeOutcome& outcome : outcomes) {
            QVERIFY2(outcome.result, qPrintable(describe(outcome)));
            QCOMPARE(outcome.info.servedFrom, ServedFrom::Live);
            QVERIFY(!outcome.info.suspect);
        }
        QCOMPARE(gate.quarantine().size(), 0);
        QVERIFY(gate.validator().lastGood(kWti));
    }

    void liveQuotesAreAppendedToTheHistoryOnce()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        storage::HistoryStore history(dir.filePath("history.sqlite"), util::SystemClock::instance());
        bool opened = false;
        history.open(
            this, [&opened](const storage::StorageResult<storage::OpenReport>& r) { opened = r.ok(); });
        QTRY_VERIFY_WITH_TIMEOUT(opened, 10'000);

        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock, &history);
        const api::Quote live = fetch(quotes, {kWti, kBrent}, this).value(0).result.value();
        fetch(quotes, {kWti}, this); // fresh: from the cache, not appended again

        const std::optional<QList<api::Quote>> stored = storedPrices(history, quotes.origin(), kWti, this);
        QVERIFY(stored.has_value());
        QCOMPARE(stored->size(), 1);
        QVERIFY(samePrice(stored->constFirst(), live));
        QCOMPARE(stored->constFirst().origin, quotes.origin());
    }

    // One cache, two servers: what one answered is never served for the other, neither as fresh nor, when
    // the other fails, as stale. The built-in simulator is an origin of its own, whatever its port.
    void oneOriginIsNeverServedAnothersValues()
    {
        SimStack server(SimStack::configFor(*m_sim));
        CachedQuotes fromServer(server.client, *m_cache, policy(), m_clock);
        const api::Quote live = fetch(fromServer, {kWti}, this).value(0).result.value();
        QCOMPARE(live.origin, api::Origin::forBaseUrl(m_sim->baseUrl()));

        api::ClientConfig demo = SimStack::configFor(*m_sim);
        demo.builtInSimulator = true;
        SimStack simulator(demo);
        CachedQuotes fromSimulator(simulator.client, *m_cache, policy(), m_clock);
        QVERIFY(fromSimulator.origin().isSimulator());
        const quint64 before = m_sim->requestCount();
        const CodeOutcome fresh = fetch(fromSimulator, {kWti}, this).value(0);
        QCOMPARE(fresh.info.servedFrom, ServedFrom::Live); // asked, although the other origin's is fresh
        QCOMPARE(m_sim->requestCount(), before + 1);
        QVERIFY(fresh.result.value().origin.isSimulator());

        m_clock.advanceMs(kFreshMs + 1'000);
        sim::FaultSettings down;
        down.forcedStatus = 500;
        m_sim->setFaults(down);
        api::ClientConfig other = SimStack::configFor(*m_sim);
        other.baseUrl.setHost(
            QStringLiteral("localhost")); // the same server under another name: another origin
        SimStack elsewhere(other);
        CachedQuotes fromElsewhere(elsewhere.client, *m_cache, policy(), m_clock);
        const CodeOutcome failed = fetch(fromElsewhere, {kWti}, this).value(0);
        QVERIFY2(!failed.result, qPrintable(describe(failed)));
        QVERIFY(!failed.result.error().lastValue);
        QVERIFY(fromElsewhere.lastKnown({kWti}).isEmpty());

        // Each origin still has its own last value to fall back on.
        const CodeOutcome stale = fetch(fromServer, {kWti}, this).value(0);
        QCOMPARE(stale.info.servedFrom, ServedFrom::Stale);
        QVERIFY(samePrice(stale.result.value(), live));
        QCOMPARE(stale.result.value().origin, live.origin);
    }

    void aDestroyedContextGetsNoAnswer()
    {
        SimStack stack(SimStack::configFor(*m_sim));
        CachedQuotes quotes(stack.client, *m_cache, policy(), m_clock);
        fetch(quotes, {kWti}, this);
        bool answered = false;
        auto context = std::make_unique<QObject>();
        quotes.fetch({kWti}, context.get(), [&answered](const QList<CodeOutcome>&) { answered = true; });
        context.reset();
        // A fresh code answers on the next turn of the event loop; a second, later fetch proves that turn
        // came.
        const QList<CodeOutcome> later = fetch(quotes, {kWti}, this);
        QCOMPARE(later.size(), 1);
        QVERIFY(!answered);
    }
};

QTEST_GUILESS_MAIN(TestCachedQuotes)
#include "tst_cachedquotes.moc"
