#include "mainwindow.h"
#include "pricechart.h"
#include "pricetile.h"
#include "util/clock.h"

#include <QImage>
#include <QLabel>
#include <QtTest>

using namespace oilwatch;

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    const QStringList m_codes {
        "BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD", "DUTCH_TTF_EUR", "GASOLINE_USD"};

    static api::Quote quote(const QString& code, double price, const util::Clock& clock)
    {
        api::Quote q;
        q.code = code;
        q.price = price;
        q.currency = "USD";
        q.unit = "barrel";
        q.createdAt = clock.nowUtc();
        q.receivedAt = clock.nowUtc();
        return q;
    }

private Q_SLOTS:
    void buildsWithFiveCodes()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        QCOMPARE(window.windowTitle(), QString("OilWatch"));
        for (const QString& code : m_codes) {
            auto* tile = window.findChild<ui::PriceTile*>("tile_" + code);
            QVERIFY2(tile, qPrintable(code));
            QCOMPARE(window.tile(code), tile);
        }
        QVERIFY(window.findChild<ui::PriceChart*>("priceChart"));
        QVERIFY(window.findChild<QLabel*>("statusMode"));
        QVERIFY(window.findChild<QLabel*>("statusLastSuccess"));
        QVERIFY(window.findChild<QLabel*>("statusLastError"));
        QCOMPARE(window.findChild<ui::PriceTile*>("tile_NATURAL_GAS_USD")->nameText(),
            QString("Henry Hub Natural Gas"));
    }

    void quoteUpdatesTheRightTile()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        window.onQuote(quote("WTI_USD", 71.5, clock), {});
        QCOMPARE(window.tile("WTI_USD")->priceText(), QString("$71.50 / barrel"));
        QVERIFY(!window.tile("BRENT_CRUDE_USD")->hasQuote());
        QCOMPARE(window.chart()->pointCount("WTI_USD"), 1);
        QCOMPARE(
            window.lastSuccessText(), "Last update " + clock.nowUtc().toLocalTime().toString("hh:mm:ss"));

        // Codes the window does not watch are ignored rather than crashing or adding tiles.
        window.onQuote(quote("GOLD_USD", 2000, clock), {});
        QVERIFY(!window.tile("GOLD_USD"));
    }

    void agesRefreshFromTheClock()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.0, clock), {});
        clock.advanceMs(5000);
        window.refreshAges();
        QCOMPARE(window.tile("BRENT_CRUDE_USD")->ageText(), QString("updated 5 s ago"));
    }

    void pollFailureShowsErrorAndNextQuoteClearsIt()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {false, "api.oilpriceapi.com"}, clock);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.0, clock), {});

        api::ApiError error;
        error.kind = api::ErrorKind::Server;
        error.httpStatus = 503;
        error.message = "Service unavailable";
        window.onPollFailed(error);
        const QString shown = window.findChild<QLabel*>("statusLastError")->text();
        QCOMPARE(window.lastErrorText(), shown);
        QVERIFY2(shown.contains("Service unavailable"), qPrintable(shown));
        QVERIFY(shown.contains("503"));

        clock.advanceMs(2000);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.5, clock), {});
        QVERIFY(window.lastErrorText().isEmpty());
        // The poll that failed left a break in the line.
        QCOMPARE(window.chart()->runCount("BRENT_CRUDE_USD"), 2);
    }

    void staleQuoteUpdatesTileButIsNotPlotted()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.0, clock), {});
        api::FetchInfo stale;
        stale.servedFrom = api::ServedFrom::Stale;
        clock.advanceMs(2000);
        window.onQuote(quote("BRENT_CRUDE_USD", 75.0, clock), stale);
        QCOMPARE(window.tile("BRENT_CRUDE_USD")->servedText(), QString("served: stale"));
        QCOMPARE(window.chart()->pointCount("BRENT_CRUDE_USD"), 1);
    }

    void simulatedBannerAndModeText()
    {
        util::ManualClock clock;
        ui::MainWindow simulated(m_codes, {true, {}}, clock);
        ui::MainWindow live(m_codes, {false, "api.oilpriceapi.com"}, clock);
        simulated.show();
        live.show();
        QVERIFY(QTest::qWaitForWindowExposed(&simulated));
        QVERIFY(QTest::qWaitForWindowExposed(&live));

        auto* banner = simulated.findChild<QLabel*>("simulatedBanner");
        QVERIFY(banner);
        QVERIFY(banner->isVisible());
        QVERIFY(banner->text().contains("Simulated data"));
        QVERIFY(simulated.isSimulatedBannerShown());
        QVERIFY(!live.findChild<QLabel*>("simulatedBanner")->isVisible());
        QVERIFY(!live.isSimulatedBannerShown());

        QCOMPARE(simulated.modeText(), QString("Simulator"));
        QCOMPARE(live.modeText(), QString("Live · api.oilpriceapi.com"));
    }

    void windowGrabIsNotEmpty()
    {
        util::ManualClock clock;
        ui::MainWindow window(m_codes, {true, {}}, clock);
        for (int i = 0; i < 10; ++i) {
            for (int c = 0; c < m_codes.size(); ++c)
                window.onQuote(quote(m_codes[c], 10.0 * (c + 1) + i * 0.1, clock), {});
            clock.advanceMs(2000);
        }
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QPixmap pixmap = window.grab();
        QVERIFY(!pixmap.isNull());
        QVERIFY(pixmap.width() >= 800 && pixmap.height() >= 500);
        QVERIFY(!window.chart()->grabImage().isNull());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
