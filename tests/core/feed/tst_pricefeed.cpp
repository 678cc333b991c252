// The feed against the built-in simulator over loopback.
#include "api/oilpriceapiclient.h"
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

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<api::Quote>();
        qRegisterMetaType<api::FetchInfo>();
        qRegisterMetaType<api::ApiError>();
        QVERIFY(m_sim.start());
    }
    void init() { m_sim.setFaults({}); }

    void pollEmitsAQuotePerWatchedCode()
    {
        api::OilPriceApiClient client(config(), m_transport);
        feed::PriceFeed feed(client, feed::PriceFeed::defaultCodes(), std::chrono::seconds(60));
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
        api::OilPriceApiClient client(config(), m_transport);
        feed::PriceFeed feed(client, {"WTI_USD"}, std::chrono::milliseconds(50));
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
        api::OilPriceApiClient client(config(), m_transport);
        feed::PriceFeed feed(client, {"WTI_USD"}, std::chrono::seconds(60));
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
        api::OilPriceApiClient client(config(), m_transport);
        feed::PriceFeed feed(client, {"WTI_USD"}, std::chrono::seconds(60));
        QSignalSpy finished(&feed, &feed::PriceFeed::pollFinished);
        const quint64 before = m_sim.requestCount();
        feed.pollNow();
        feed.pollNow();
        feed.pollNow();
        QVERIFY(finished.wait(5000));
        QCOMPARE(m_sim.requestCount() - before, quint64(1));
        QCOMPARE(finished.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestPriceFeed)
#include "tst_pricefeed.moc"
