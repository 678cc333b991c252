// The feed against the built-in simulator over loopback, through the cache.
#include "api/oilpriceapiclient.h"
#include "cache/memorycache.h"
#include "feed/pricefeed.h"
#include "sim/simserver.h"
#include "transport/qnamtransport.h"

#include <QSignalSpy>
#include <QTest>

using namespace oilwatch;

class TestPriceFeed : public QObject
{
    Q_OBJECT
private:
    sim::SimServer m_sim;
    transport::QnamTransport m_transport;

    api::ClientConfig config() const
    {
        api::ClientConfig c;
        c.baseUrl = m_sim.baseUrl();
        c.apiKey = m_sim.apiKey();
        return c;
    }

    // What a feed polls through: the cache on a manual clock, the app's default policy, and a retention
    // twice the staleness bound so that an expired value is still there to be reported.
    struct Quotes
    {
        util::ManualClock clock;
        cache::MemoryCache cache {{512, 8 * 1024 * 1024, 2 * 3'600'000}, clock};
        api::OilPriceApiClient client;
        feed::CachedQuotes quotes;

        explicit Quotes(api::ClientConfig config, transport::HttpTransport& transport)
            : client(std::move(config), transport)
            , quotes(client, cache, cache::CachePolicy(clock), clock)
        { }
    };

    // A healthy poll, then the server answers `status` and the clock moves `laterMs` before a second poll.
    bool pollThenFailLater(feed::PriceFeed& feed, Quotes& q, int status, qint64 laterMs, QSignalSpy& finished)
    {
        feed.pollNow();
        if (!finished.wait(5000))
            return false;
        sim::FaultSettings faults;
        faults.forcedStatus = status;
        m_sim.setFaults(faults);
        q.clock.advanceMs(laterMs);
        feed.pollNow();
        return finished.wait(10'000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<api::Quote>();
        qRegisterMetaType<api::FetchInfo>();
        qRegisterMetaType<api::ApiError>();
        qRegisterMetaType<cache::CacheStats>();
        QVERIFY(m_sim.start());
    }
    void init() { m_sim.setFaults({}); }

    void pollEmitsAQuotePerWatchedCode()
    {
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, feed::PriceFeed::defaultCodes(), std::chrono::seconds(60));
        QSignalSpy quotes(&feed, &feed::PriceFeed::quoteReceived);
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        feed.start();
        QVERIFY(feed.isRunning());
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.constFirst().constFirst().toBool(), true);
        QCOMPARE(quotes.size(), 5);
        QStringList codes;
        for (const auto& args : std::as_const(quotes))
            codes << args.at(0).value<api::Quote>().code;
        codes.sort();
        QStringList expected = feed::PriceFeed::defaultCodes();
        expected.sort();
        QCOMPARE(codes, expected);
    }

    void pollsAgainEveryInterval()
    {
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD"}, std::chrono::milliseconds(50));
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        feed.start();
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() >= 3, 5000);
        feed.stop();
        QVERIFY(!feed.isRunning());
    }

    void serverErrorIsReportedNotSwallowed()
    {
        sim::FaultSettings faults;
        faults.forcedStatus = 500;
        m_sim.setFaults(faults);
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD"}, std::chrono::seconds(60));
        QSignalSpy failed(&feed, &feed::PriceFeed::pollFailed);
        QSignalSpy quotes(&feed, &feed::PriceFeed::quoteReceived);
        feed.start();
        QVERIFY(failed.wait(5000));
        QCOMPARE(failed.constFirst().constFirst().value<api::ApiError>().kind, api::ErrorKind::Server);
        QCOMPARE(quotes.size(), 0);
    }

    void noOverlappingPolls()
    {
        sim::FaultSettings faults;
        faults.latencyMs = 400;
        m_sim.setFaults(faults);
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD"}, std::chrono::seconds(60));
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        const quint64 before = m_sim.requestCount();
        feed.pollNow();
        feed.pollNow();
        feed.pollNow();
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_sim.requestCount() - before, quint64(1));
        QCOMPARE(finished.size(), 1);
    }

    void freshCodesArePolledFromTheCache()
    {
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD"}, std::chrono::seconds(60));
        QSignalSpy quotes(&feed, &feed::PriceFeed::quoteReceived);
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        QSignalSpy stats(&feed, &feed::PriceFeed::cacheStatsChanged);
        const quint64 before = m_sim.requestCount();
        feed.pollNow();
        QVERIFY(finished.wait(5000));
        q.clock.advanceMs(10'000);
        feed.pollNow();
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_sim.requestCount() - before, quint64(1));
        QCOMPARE(quotes.size(), 2);
        const auto first = quotes.at(0).at(1).value<api::FetchInfo>();
        const auto second = quotes.at(1).at(1).value<api::FetchInfo>();
        QCOMPARE(first.servedFrom, api::ServedFrom::Live);
        QCOMPARE(second.servedFrom, api::ServedFrom::Cache);
        QCOMPARE(second.ageMs, 10'000);
        QCOMPARE(stats.size(), 2);
        QCOMPARE(stats.constLast().constFirst().value<cache::CacheStats>().hits, feed.cacheStats().hits);
        QVERIFY(feed.cacheStats().hits >= 1);
        QCOMPARE(feed.serveCounts().cache, 1);
    }

    void theHitRatioCountsCodesServedWithoutARequest()
    {
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD"}, std::chrono::seconds(60));
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        feed.pollNow(); // live: a miss
        QVERIFY(finished.wait(5000));
        q.clock.advanceMs(61'000); // found in the cache but too old to serve without a request: a miss too
        feed.pollNow();
        QVERIFY(finished.wait(5000));
        q.clock.advanceMs(1'000); // fresh: a hit
        feed.pollNow();
        QVERIFY(finished.wait(5000));
        QCOMPARE(feed.cacheStats().hits, 1);
        QCOMPARE(feed.cacheStats().misses, 2);
        QCOMPARE(feed.cacheStats().entries, 1);
    }

    void theLastKnownValuesAreShownBeforeAnyRequest()
    {
        Quotes q(config(), m_transport);
        {
            feed::PriceFeed first(q.quotes, {"WTI_USD", "BRENT_CRUDE_USD"}, std::chrono::seconds(60));
            QSignalSpy finished(&first, &feed::PriceFeed::pollFinished);
            first.pollNow();
            QVERIFY(finished.wait(5000));
        }
        // BRENT's value is refreshed later than WTI's: after the clock moves, only WTI is past the
        // staleness bound.
        q.clock.advanceMs(30 * 60'000);
        {
            feed::PriceFeed refresh(q.quotes, {"BRENT_CRUDE_USD"}, std::chrono::seconds(60));
            QSignalSpy finished(&refresh, &feed::PriceFeed::pollFinished);
            refresh.pollNow();
            QVERIFY(finished.wait(5000));
        }
        q.clock.advanceMs(40 * 60'000);

        feed::PriceFeed feed(
            q.quotes, {"WTI_USD", "BRENT_CRUDE_USD", "GASOLINE_USD"}, std::chrono::seconds(60));
        QSignalSpy quotes(&feed, &feed::PriceFeed::quoteReceived);
        QSignalSpy failed(&feed, &feed::PriceFeed::pollFailed);
        const quint64 before = m_sim.requestCount();
        feed.showLastKnown();
        QCOMPARE(m_sim.requestCount(), before); // no request
        QCOMPARE(quotes.size(), 1);
        QCOMPARE(quotes.constFirst().at(0).value<api::Quote>().code, QString("BRENT_CRUDE_USD"));
        const auto info = quotes.constFirst().at(1).value<api::FetchInfo>();
        QCOMPARE(info.servedFrom, api::ServedFrom::Cache);
        QCOMPARE(info.ageMs, 40 * 60'000);
        QCOMPARE(failed.size(), 1); // WTI is 70 min old: expired, with its value; GASOLINE has none
        const auto expired = failed.constFirst().constFirst().value<api::ApiError>();
        QCOMPARE(expired.kind, api::ErrorKind::CacheExpired);
        QVERIFY(expired.lastValue.has_value());
        QCOMPARE(expired.lastValue->code, QString("WTI_USD"));
        QCOMPARE(expired.lastValueAgeMs, 70 * 60'000);
    }

    void aFailedPollShowsTheLastValuesAsStale()
    {
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD", "BRENT_CRUDE_USD"}, std::chrono::seconds(60));
        QSignalSpy quotes(&feed, &feed::PriceFeed::quoteReceived);
        QSignalSpy failed(&feed, &feed::PriceFeed::pollFailed);
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        QVERIFY(pollThenFailLater(feed, q, 500, 120'000, finished));
        QCOMPARE(finished.constLast().constFirst().toBool(), true); // every code has something to show
        QCOMPARE(failed.size(), 0);
        QCOMPARE(quotes.size(), 4);
        for (int i = 2; i < 4; ++i) {
            const auto info = quotes.at(i).at(1).value<api::FetchInfo>();
            QCOMPARE(info.servedFrom, api::ServedFrom::Stale);
            QCOMPARE(info.ageMs, 120'000);
        }
    }

    void anExpiredValueFailsEachCodeWithItsLastValue()
    {
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD", "BRENT_CRUDE_USD"}, std::chrono::seconds(60));
        QSignalSpy failed(&feed, &feed::PriceFeed::pollFailed);
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        // One millisecond more than the policy allows.
        QVERIFY(pollThenFailLater(feed, q, 503, q.quotes.policy().settings().maxStalenessMs + 1, finished));
        QCOMPARE(finished.constLast().constFirst().toBool(), false);
        QCOMPARE(failed.size(), 2);
        QStringList codes;
        for (const auto& args : std::as_const(failed)) {
            const auto error = args.constFirst().value<api::ApiError>();
            QCOMPARE(error.kind, api::ErrorKind::CacheExpired);
            QVERIFY(error.lastValue.has_value());
            QVERIFY(error.lastValueAgeMs > q.quotes.policy().settings().maxStalenessMs);
            codes << error.lastValue->code;
        }
        QCOMPARE(codes, QStringList({"WTI_USD", "BRENT_CRUDE_USD"}));
    }

    void oneFailedRequestIsReportedOnceForAllCodes()
    {
        sim::FaultSettings faults;
        faults.forcedStatus = 500;
        m_sim.setFaults(faults);
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD", "BRENT_CRUDE_USD"}, std::chrono::seconds(60));
        QSignalSpy failed(&feed, &feed::PriceFeed::pollFailed);
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        feed.pollNow();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.constFirst().constFirst().value<api::ApiError>().kind, api::ErrorKind::Server);
    }

    void setCodesTakesEffectAtTheNextPoll()
    {
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD", "BRENT_CRUDE_USD"}, std::chrono::seconds(60));
        QSignalSpy quotes(&feed, &feed::PriceFeed::quoteReceived);
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        QSignalSpy changed(&feed, &feed::PriceFeed::codesChanged);
        feed.pollNow();
        QVERIFY(finished.wait(5000));
        // Not running: nothing is asked until the next poll, which asks for the new list only.
        const quint64 before = m_sim.requestCount();
        feed.setCodes({"GOLD_USD", "WTI_USD"});
        QCOMPARE(changed.size(), 1);
        QCOMPARE(feed.codes(), (QStringList {"GOLD_USD", "WTI_USD"}));
        QTest::qWait(50);
        QCOMPARE(m_sim.requestCount(), before);
        quotes.clear();
        feed.pollNow();
        QVERIFY(finished.wait(5000));
        QStringList served;
        for (const auto& args : std::as_const(quotes))
            served << args.at(0).value<api::Quote>().code;
        QCOMPARE(served, (QStringList {"GOLD_USD", "WTI_USD"}));
        QCOMPARE(m_sim.requestCount() - before, quint64(1)); // GOLD_USD; WTI_USD came from the cache
    }

    void codesAddedToARunningFeedAreAskedForAtOnce()
    {
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD"}, std::chrono::seconds(60));
        QSignalSpy quotes(&feed, &feed::PriceFeed::quoteReceived);
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        feed.start();
        QVERIFY(finished.wait(5000));
        quotes.clear();
        const quint64 before = m_sim.requestCount();
        feed.setCodes({"WTI_USD", "GOLD_USD", "COAL_USD"});
        QVERIFY(finished.wait(5000)); // long before the 60 s interval
        QCOMPARE(m_sim.requestCount() - before, quint64(1));
        QStringList served;
        for (const auto& args : std::as_const(quotes))
            served << args.at(0).value<api::Quote>().code;
        QCOMPARE(served, (QStringList {"GOLD_USD", "COAL_USD"})); // only the new ones
    }

    void aCodeRemovedWhileItsRequestIsOutIsNotReported()
    {
        sim::FaultSettings faults;
        faults.latencyMs = 300;
        m_sim.setFaults(faults);
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD", "GOLD_USD"}, std::chrono::seconds(60));
        QSignalSpy quotes(&feed, &feed::PriceFeed::quoteReceived);
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        feed.pollNow();
        feed.setCodes({"WTI_USD"});
        QVERIFY(finished.wait(5000));
        QCOMPARE(quotes.size(), 1);
        QCOMPARE(quotes.constFirst().constFirst().value<api::Quote>().code, QStringLiteral("WTI_USD"));
    }

    // A full watchlist of 50 codes is one request (a comma list on /v1/prices/latest), counted at the
    // simulator. The API's catalogue has fewer codes, so this simulator serves 60 made-up ones.
    void fiftyCodesAreOneRequest()
    {
        std::vector<sim::CommodityInfo> infos;
        QStringList codes;
        for (int i = 0; i < 60; ++i) {
            sim::CommodityInfo info;
            info.code = QStringLiteral("TEST_COMMODITY_%1_USD").arg(i, 2, 10, QLatin1Char('0'));
            info.name = info.code;
            info.category = QStringLiteral("Test");
            info.unit = QStringLiteral("barrel");
            info.currency = QStringLiteral("USD");
            info.startPrice = 50.0 + i;
            info.annualVolatility = 0.3;
            infos.push_back(info);
            if (i < 50)
                codes << info.code;
        }
        sim::SimOptions options;
        options.catalog = std::make_shared<sim::CommodityCatalog>(std::move(infos));
        sim::SimServer sim(options);
        QVERIFY(sim.start());
        api::ClientConfig c;
        c.baseUrl = sim.baseUrl();
        c.apiKey = sim.apiKey();
        Quotes q(c, m_transport);
        feed::PriceFeed feed(q.quotes, codes.mid(0, 5), std::chrono::seconds(60));
        QSignalSpy quotes(&feed, &feed::PriceFeed::quoteReceived);
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        feed.setCodes(codes);
        feed.pollNow();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.constFirst().constFirst().toBool(), true);
        QCOMPARE(sim.requestCount(), quint64(1));
        QCOMPARE(quotes.size(), 50);
        QStringList served;
        for (const auto& args : std::as_const(quotes))
            served << args.at(0).value<api::Quote>().code;
        QCOMPARE(served, codes); // in the watchlist's order
        // Past the cache's freshness, the next poll is one request again.
        q.clock.advanceMs(61'000);
        feed.pollNow();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(sim.requestCount(), quint64(2));
    }

    // A 429 with Retry-After: polls are skipped until it has passed, not sent to be refused again.
    void aRateLimitPausesPollsForItsRetryAfter()
    {
        sim::FaultSettings faults;
        faults.forcedStatus = 429; // Retry-After: 2 s
        m_sim.setFaults(faults);
        Quotes q(config(), m_transport);
        feed::PriceFeed feed(q.quotes, {"WTI_USD"}, std::chrono::milliseconds(100));
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        QSignalSpy paused(&feed, &feed::PriceFeed::pausedFor);
        feed.start();
        QVERIFY(finished.wait(5000));
        QCOMPARE(paused.size(), 1);
        QCOMPARE(paused.constFirst().constFirst().value<std::chrono::milliseconds>(),
            std::chrono::milliseconds(2000));
        QVERIFY(feed.isPaused());
        const quint64 during = m_sim.requestCount();
        m_sim.setFaults({});
        QTest::qWait(600); // six intervals
        QCOMPARE(m_sim.requestCount(), during);
        QCOMPARE(finished.size(), 1);
        // Once it has passed, the feed polls again by itself.
        QVERIFY(finished.wait(5000));
        QVERIFY(!feed.isPaused());
        QVERIFY(m_sim.requestCount() > during);
    }
};

QTEST_GUILESS_MAIN(TestPriceFeed)
#include "tst_pricefeed.moc"
