// The one rule for the default poll interval of a server, and the dashboard asking it: `watch` against an
// `oilwatch sim` on loopback used to poll every 60 s while the dashboard polled the same server every 2 s.
#include "app/dashboard.h"
#include "app/pollinterval.h"
#include "feed/pricefeed.h"

#include <QSettings>
#include <QTest>

using namespace oilwatch;
using std::chrono::milliseconds;
using Chosen = std::optional<milliseconds>;

Q_DECLARE_METATYPE(Chosen)

namespace {

api::ClientConfig configFor(const QString& url, bool demo = false, bool builtIn = false)
{
    api::ClientConfig config;
    config.baseUrl = QUrl(url);
    config.publicDemo = demo;
    config.builtInSimulator = builtIn;
    return config;
}

} // namespace

class TestPollInterval : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void intervals_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("demo");
        QTest::addColumn<bool>("builtIn");
        QTest::addColumn<Chosen>("chosen");
        QTest::addColumn<milliseconds>("expected");
        const milliseconds sim = feed::PriceFeed::kSimulatorInterval;
        const milliseconds live = feed::PriceFeed::kLiveInterval;
        const milliseconds demo = feed::PriceFeed::kDemoInterval;
        QTest::addRow("live API") << "https://api.oilpriceapi.com" << false << false << Chosen() << live;
        QTest::addRow("built-in simulator") << "http://127.0.0.1:41234" << false << true << Chosen() << sim;
        QTest::addRow("oilwatch sim on 127.0.0.1")
            << "http://127.0.0.1:8080" << false << false << Chosen() << sim;
        QTest::addRow("oilwatch sim on ::1") << "http://[::1]:8080" << false << false << Chosen() << sim;
        QTest::addRow("localhost") << "http://localhost:8080" << false << false << Chosen() << sim;
        QTest::addRow("a LAN host is not loopback")
            << "https://192.168.1.20:8080" << false << false << Chosen() << live;
        QTest::addRow("public demo") << "https://api.oilpriceapi.com" << true << false << Chosen() << demo;
        QTest::addRow("chosen wins on loopback") << "http://127.0.0.1:8080" << false << false
                                                 << Chosen(milliseconds(30'000)) << milliseconds(30'000);
        QTest::addRow("chosen wins on the live API") << "https://api.oilpriceapi.com" << false << false
                                                     << Chosen(milliseconds(5'000)) << milliseconds(5'000);
        QTest::addRow("the demo is never polled faster")
            << "https://api.oilpriceapi.com" << true << false << Chosen(milliseconds(5'000)) << demo;
        QTest::addRow("the demo may be polled slower")
            << "https://api.oilpriceapi.com" << true << false << Chosen(demo * 2) << demo * 2;
    }
    void intervals()
    {
        QFETCH(QString, url);
        QFETCH(bool, demo);
        QFETCH(bool, builtIn);
        QFETCH(Chosen, chosen);
        QFETCH(milliseconds, expected);
        const api::ClientConfig config = configFor(url, demo, builtIn);
        QCOMPARE(app::pollInterval(config, chosen).count(), expected.count());
        if (!chosen)
            QCOMPARE(app::defaultPollInterval(config).count(), expected.count());
    }

    // The dashboard takes the same rule, with the poll.interval_s setting as the choice (none here: every
    // test has a settings folder of its own).
    void theDashboardAgrees_data() { intervals_data(); }
    void theDashboardAgrees()
    {
        QFETCH(QString, url);
        QFETCH(bool, demo);
        QFETCH(bool, builtIn);
        QFETCH(Chosen, chosen);
        if (chosen)
            QSKIP("the dashboard's choice is the setting, tested in tst_preferenceswiring");
        app::ApiSetup setup;
        setup.config = configFor(url, demo, builtIn);
        setup.simulated = builtIn;
        QCOMPARE(
            app::Dashboard::pollIntervalFor(setup).count(), app::defaultPollInterval(setup.config).count());
    }
};

QTEST_GUILESS_MAIN(TestPollInterval)
#include "tst_pollinterval.moc"
