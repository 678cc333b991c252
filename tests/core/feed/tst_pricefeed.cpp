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
};

QTEST_GUILESS_MAIN(TestPriceFeed)
#include "tst_pricefeed.moc"
