// The metrics as Prometheus sees them: the real feed, cache and resilience pipeline against the built-in
// simulator over loopback, the real endpoint on 127.0.0.1:0, and every assertion made on the text a scrape
// returns. Quote ages run on a clock the test moves (read from the endpoint's thread at each scrape); the
// network runs on real time.
#include "cache/memorycache.h"
#include "cache/rediscache.h"
#include "feed/pricefeed.h"
#include "sim/simserver.h"
#include "support/redisserver.h"
#include "support/sharedclock.h"
#include "support/simstack.h"
#include "telemetry/meteredtransport.h"
#include "telemetry/metrics.h"
#include "telemetry/metricsendpoint.h"
#include "transport/qnamtransport.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace oilwatch;
using telemetry::ListenAddress;
using telemetry::MetricsEndpoint;
using telemetry::MetricsEndpointError;

namespace {

constexpr qint64 kFreshMs = 60'000;
constexpr qint64 kMaxStaleMs = 3'600'000;
const QString kWti = QStringLiteral("WTI_USD");

// The app's graph with metrics on, at test speed: network → metered → pipeline → client → cache → feed,
// served by the endpoint for the test's lifetime.
struct MeteredFeed
{
    MetricsEndpoint& endpoint;
    telemetry::Metrics metrics;
    util::SeededRandom random {7};
    util::QtScheduler scheduler;
    transport::QnamTransport network;
    telemetry::MeteredTransport metered;
    resilience::ResilientTransport pipeline;
    api::OilPriceApiClient client;
    cache::MemoryCache cache;
    feed::CachedQuotes quotes;
    feed::PriceFeed feed;

    MeteredFeed(MetricsEndpoint& served, const sim::SimServer& sim, const util::Clock& clock,
        QStringList codes = {kWti},
        const resilience::ResilienceSettings& settings = testing::fastResilience())
        : endpoint(served)
        , metrics(clock)
        , metered(network, metrics.registry(), util::SystemClock::instance())
        , pipeline(metered, settings, util::SystemClock::instance(), scheduler, random)
        , client(testing::SimStack::configFor(sim), pipeline)
        , cache({512, 8 * 1024 * 1024, 2 * kMaxStaleMs}, clock)
        , quotes(client, cache, cache::CachePolicy(clock, {kFreshMs, kMaxStaleMs}), clock)
        , feed(quotes, std::move(codes), std::chrono::minutes(1))
    {
        metrics.observe(quotes);
        metrics.observe(feed);
        metrics.observe(pipeline);
        endpoint.serve(metrics.registry());
    }
    ~MeteredFeed() { endpoint.withdraw(metrics.registry()); }

    bool poll()
    {
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        feed.pollNow();
        return finished.wait(10'000);
    }
};

// The value of one series in a scrape ("name{a=\"x\",b=\"y\"}", labels in name order as prometheus-cpp
// writes them), or nothing when the scrape lacks it.
std::optional<double> sample(const QByteArray& scrape, const QByteArray& series)
{
    for (const QByteArray& line : scrape.split('\n')) {
        if (line.startsWith(series + ' ')) {
            bool ok = false;
            const double value = line.mid(series.size() + 1).toDouble(&ok);
            return ok ? std::optional<double>(value) : std::nullopt;
        }
    }
    return std::nullopt;
}

QByteArray served(const QString& code, const char* from)
{
    return "oilwatch_quotes_served_total{code=\"" + code.toUtf8() + "\",served_from=\"" + from + "\"}";
}

QByteArray servedFrom(const QString& code, const char* from)
{
    return "oilwatch_quote_served_from{code=\"" + code.toUtf8() + "\",served_from=\"" + from + "\"}";
}

QByteArray age(const QString& code)
{
    return "oilwatch_quote_age_seconds{code=\"" + code.toUtf8() + "\"}";
}

sim::FaultSettings failing(int status)
{
    sim::FaultSettings faults;
    faults.forcedStatus = status;
    return faults;
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<sim::SimServer> m_sim;
    // One endpoint for the whole binary: stopping one takes about 2 s (civetweb).
    std::unique_ptr<MetricsEndpoint> m_endpoint;
    QNetworkAccessManager m_nam;
    std::unique_ptr<testing::SharedClock> m_clock;

    QByteArray scrape()
    {
        std::unique_ptr<QNetworkReply> reply(m_nam.get(QNetworkRequest(m_endpoint->url())));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(5000))
            return {};
        if (reply->error() != QNetworkReply::NoError
            || !reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith("text/plain"))
            return {};
        return reply->readAll();
    }

    // A healthy poll, then the server answers `status` and the clock moves `laterMs` before a second poll.
    bool pollThenFailLater(MeteredFeed& f, int status, qint64 laterMs)
    {
        if (!f.poll())
            return false;
        m_sim->setFaults(failing(status));
        m_clock->advanceMs(laterMs);
        return f.poll();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<api::Quote>();
        qRegisterMetaType<api::FetchInfo>();
        qRegisterMetaType<api::ApiError>();
        qRegisterMetaType<cache::CacheStats>();
        m_sim = std::make_unique<sim::SimServer>();
        QVERIFY(m_sim->start());
        telemetry::MetricsEndpointResult endpoint
            = MetricsEndpoint::listen(*ListenAddress::parse(QStringLiteral("127.0.0.1:0")));
        QVERIFY2(endpoint, endpoint ? "" : qPrintable(endpoint.error().message));
        m_endpoint = std::move(endpoint.value());
        QVERIFY(m_endpoint->boundAddress().port != 0); // the port the system chose, not the 0 asked
        QCOMPARE(m_endpoint->boundAddress().ip, QStringLiteral("127.0.0.1"));
    }
    void init()
    {
        m_sim->setFaults({});
        m_clock = std::make_unique<testing::SharedClock>();
    }
    void cleanupTestCase()
    {
        m_endpoint.reset();
        m_sim.reset();
    }

    void servedFromMovesFromLiveToStaleWhenTheServerFails()
    {
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock);
        QVERIFY(f.poll());
        QByteArray text = scrape();
        QCOMPARE(sample(text, served(kWti, "live")), 1.0);
        QCOMPARE(sample(text, served(kWti, "stale")), std::nullopt);
        QCOMPARE(sample(text, servedFrom(kWti, "live")), 1.0);
        QCOMPARE(sample(text, servedFrom(kWti, "stale")), 0.0);

        m_sim->setFaults(failing(503));
        m_clock->advanceMs(kFreshMs + 1'000);
        QVERIFY(f.poll());
        text = scrape();
        QCOMPARE(sample(text, served(kWti, "live")), 1.0);
        QCOMPARE(sample(text, served(kWti, "stale")), 1.0);
        QCOMPARE(sample(text, servedFrom(kWti, "live")), 0.0);
        QCOMPARE(sample(text, servedFrom(kWti, "stale")), 1.0);
    }

    void aValueTooOldToShowCountsAsExpired()
    {
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock);
        QVERIFY(pollThenFailLater(f, 503, kMaxStaleMs + 1'000));
        const QByteArray text = scrape();
        QCOMPARE(sample(text, served(kWti, "expired")), 1.0);
        QCOMPARE(sample(text, servedFrom(kWti, "expired")), 1.0);
        QCOMPARE(sample(text, age(kWti)), double(kMaxStaleMs + 1'000) / 1000.0);
    }

    void aCodeWithNothingToShowCountsAsErrorWithoutAnAge()
    {
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock);
        m_sim->setFaults(failing(503));
        QVERIFY(f.poll());
        const QByteArray text = scrape();
        QCOMPARE(sample(text, served(kWti, "error")), 1.0);
        QCOMPARE(sample(text, servedFrom(kWti, "error")), 1.0);
        QCOMPARE(sample(text, age(kWti)), std::nullopt); // no value, no age
    }

    void ageGrowsWithTheClockBetweenScrapesWhileNothingIsServed()
    {
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock);
        QVERIFY(f.poll());
        QCOMPARE(sample(scrape(), age(kWti)), 0.0);
        m_clock->advanceMs(90'000);
        QCOMPARE(sample(scrape(), age(kWti)), 90.0); // no poll in between: computed at the scrape

        m_sim->setFaults(failing(503));
        QVERIFY(f.poll()); // served stale, 90 s old
        m_clock->advanceMs(30'000);
        const QByteArray text = scrape();
        QCOMPARE(sample(text, age(kWti)), 120.0); // still counting while the server is down
        QCOMPARE(sample(text, servedFrom(kWti, "stale")), 1.0);
    }

    void cacheHitsMissesAndSizeFollowTheFeed()
    {
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock, {kWti, QStringLiteral("BRENT_CRUDE_USD")});
        QVERIFY(f.poll()); // two misses: both asked of the API
        m_clock->advanceMs(1'000);
        QVERIFY(f.poll()); // two hits: both fresh
        const QByteArray text = scrape();
        QCOMPARE(sample(text, "oilwatch_cache_lookups_total{result=\"miss\"}"), 2.0);
        QCOMPARE(sample(text, "oilwatch_cache_lookups_total{result=\"hit\"}"), 2.0);
        QCOMPARE(sample(text, served(kWti, "cache")), 1.0);
        QCOMPARE(sample(text, "oilwatch_cache_entries"), 2.0);
        QCOMPARE(sample(text, "oilwatch_cache_bytes"), double(f.cache.stats().bytes));
        QVERIFY(f.cache.stats().bytes > 0);
        QCOMPARE(sample(text, "oilwatch_shared_cache_up"), std::nullopt); // no shared cache here
    }

    void attemptsAreCountedAndTimedByOutcomeWithRetries()
    {
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock);
        QVERIFY(pollThenFailLater(f, 503, kFreshMs + 1'000));
        const QByteArray text = scrape();
        const QByteArray labels = "endpoint=\"/v1/prices/latest\",host=\"127.0.0.1\"";
        const int attempts = f.pipeline.settings().retry.maxAttempts;
        QCOMPARE(sample(text, "oilwatch_http_attempts_total{" + labels + ",outcome=\"2xx\"}"), 1.0);
        QCOMPARE(
            sample(text, "oilwatch_http_attempts_total{" + labels + ",outcome=\"5xx\"}"), double(attempts));
        QCOMPARE(sample(text, "oilwatch_retries_total{cause=\"server_error\",host=\"127.0.0.1\"}"),
            double(attempts - 1));
        QCOMPARE(sample(text, "oilwatch_http_attempt_duration_seconds_count{" + labels + "}"),
            double(attempts + 1));
        QCOMPARE(sample(text, "oilwatch_http_attempt_duration_seconds_bucket{" + labels + ",le=\"+Inf\"}"),
            double(attempts + 1));
        const std::optional<double> sum
            = sample(text, "oilwatch_http_attempt_duration_seconds_sum{" + labels + "}");
        QVERIFY(sum && *sum > 0 && *sum < 10); // seconds, not milliseconds
    }

    void everyTransportErrorHasItsOwnOutcome_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("outcome");
        using transport::TransportError;
        QTest::addRow("answer") << int(TransportError::None) << 404 << "4xx";
        QTest::addRow("no status line") << int(TransportError::None) << 0 << "invalid_status";
        QTest::addRow("timeout") << int(TransportError::Timeout) << 0 << "timeout";
        QTest::addRow("network") << int(TransportError::Network) << 0 << "network";
        QTest::addRow("tls") << int(TransportError::Tls) << 0 << "tls";
        QTest::addRow("body too large") << int(TransportError::BodyTooLarge) << 200 << "body_too_large";
        QTest::addRow("cancelled") << int(TransportError::Cancelled) << 0 << "cancelled";
        QTest::addRow("rejected") << int(TransportError::Rejected) << 0 << "rejected";
    }

    void everyTransportErrorHasItsOwnOutcome()
    {
        QFETCH(int, error);
        QFETCH(int, status);
        QFETCH(QString, outcome);
        transport::HttpResponse response;
        response.error = transport::TransportError(error);
        response.status = status;
        QCOMPARE(QString::fromStdString(telemetry::MeteredTransport::outcomeLabel(response)), outcome);
    }

    void breakerStateFlipsToOpenAndRejectionsAreCounted()
    {
        resilience::ResilienceSettings settings = testing::fastResilience();
        settings.breaker.consecutiveFailureThreshold = 2;
        settings.breaker.openBaseMs = 60'000;
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock, {kWti}, settings);
        QVERIFY(f.poll());
        const QByteArray closed = "oilwatch_breaker_state{host=\"127.0.0.1\",state=\"closed\"}";
        const QByteArray open = "oilwatch_breaker_state{host=\"127.0.0.1\",state=\"open\"}";
        QByteArray text = scrape();
        QCOMPARE(sample(text, closed), 1.0);
        QCOMPARE(sample(text, open), 0.0);

        m_sim->setFaults(failing(503));
        m_clock->advanceMs(kFreshMs + 1'000);
        QVERIFY(f.poll()); // two failures open the breaker; the next retry is refused
        text = scrape();
        QCOMPARE(sample(text, closed), 0.0);
        QCOMPARE(sample(text, open), 1.0);
        QCOMPARE(sample(text,
                     "oilwatch_breaker_transitions_total{from=\"closed\",host=\"127.0.0.1\",to=\"open\"}"),
            1.0);
        QCOMPARE(sample(text, "oilwatch_rejections_total{cause=\"breaker_open\",host=\"127.0.0.1\"}"), 1.0);
    }

    void theKeyAndTheQueryNeverAppear()
    {
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock);
        QVERIFY(pollThenFailLater(f, 401, kFreshMs + 1'000));
        const QByteArray text = scrape();
        QVERIFY(text.contains("oilwatch_http_attempts_total{"));
        QVERIFY(text.contains("outcome=\"4xx\""));
        QVERIFY(!text.contains(m_sim->apiKey().toUtf8()));
        QVERIFY(!text.contains("by_code"));
        QVERIFY(!text.contains('?'));
    }

    void labelValuesAreBounded()
    {
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock);
        QList<feed::CodeOutcome> outcomes;
        for (int i = 0; i < 100; ++i)
            outcomes << feed::CodeOutcome {QStringLiteral("CODE_%1_USD").arg(i), api::Quote {}, {}};
        f.metrics.quotes().recordServed(outcomes);
        const QByteArray text = scrape();
        QCOMPARE(sample(text, served(QStringLiteral("CODE_0_USD"), "live")), 1.0);
        QCOMPARE(sample(text, served(QStringLiteral("CODE_99_USD"), "live")), std::nullopt);
        QCOMPARE(sample(text, served(QStringLiteral("other"), "live")), 100.0 - 64.0);
    }

    void theSharedCacheIsUpWhileRedisIsConnected()
    {
        MeteredFeed f(*m_endpoint, *m_sim, *m_clock);
        testing::RedisServer redis;
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        cache::MemoryCache local({64, 1024 * 1024, kMaxStaleMs}, *m_clock);
        util::QtScheduler scheduler;
        util::SeededRandom random(1);
        cache::RedisCache shared(local, redis.url(), *m_clock, scheduler, random);
        QCOMPARE(sample(scrape(), "oilwatch_shared_cache_up"), std::nullopt); // not observed: not exported
        f.metrics.observe(shared);
        QTRY_COMPARE_WITH_TIMEOUT(shared.state(), cache::RedisState::Connected, 5000);
        QCOMPARE(sample(scrape(), "oilwatch_shared_cache_up"), 1.0);
        redis.stop();
        QTRY_VERIFY_WITH_TIMEOUT(shared.state() != cache::RedisState::Connected, 5000);
        QCOMPARE(sample(scrape(), "oilwatch_shared_cache_up"), 0.0);
    }

    void aTakenPortIsATypedError()
    {
        const ListenAddress taken = m_endpoint->boundAddress();
        const telemetry::MetricsEndpointResult second = MetricsEndpoint::listen(taken);
        QVERIFY(!second);
        QCOMPARE(second.error().kind, MetricsEndpointError::Kind::CannotListen);
        QVERIFY2(second.error().message.contains(taken.toString()), qPrintable(second.error().message));
        QVERIFY(!scrape().isEmpty()); // the first endpoint still serves
    }

    void listenAddresses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("normalised"); // empty: refused
        QTest::newRow("loopback") << "127.0.0.1:9464"
                                  << "127.0.0.1:9464";
        QTest::newRow("any port") << "127.0.0.1:0"
                                  << "127.0.0.1:0";
        QTest::newRow("every interface") << "0.0.0.0:9464"
                                         << "0.0.0.0:9464";
        QTest::newRow("ipv6 (civetweb without IPv6)") << "[::1]:9464"
                                                      << "";
        QTest::newRow("spaces") << " 127.0.0.1:80 "
                                << "127.0.0.1:80";
        QTest::newRow("host name") << "localhost:9464"
                                   << "";
        QTest::newRow("no port") << "127.0.0.1"
                                 << "";
        QTest::newRow("port only") << ":9464"
                                   << "";
        QTest::newRow("port too big") << "127.0.0.1:65536"
                                      << "";
        QTest::newRow("negative port") << "127.0.0.1:-1"
                                       << "";
        QTest::newRow("signed port") << "127.0.0.1:+80"
                                     << "";
        QTest::newRow("ipv6 unbracketed") << "::1:9464"
                                          << "";
        QTest::newRow("ipv4 bracketed") << "[127.0.0.1]:9464"
                                        << "";
        QTest::newRow("abbreviated") << "127.1:9464"
                                     << "127.0.0.1:9464";
        QTest::newRow("two ports") << "127.0.0.1:1:2"
                                   << "";
        QTest::newRow("url") << "http://127.0.0.1:9464"
                             << "";
        QTest::newRow("empty") << ""
                               << "";
    }

    void listenAddresses()
    {
        QFETCH(QString, text);
        QFETCH(QString, normalised);
        const std::optional<ListenAddress> address = ListenAddress::parse(text);
        QCOMPARE(address.has_value(), !normalised.isEmpty());
        if (address)
            QCOMPARE(address->toString(), normalised);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
