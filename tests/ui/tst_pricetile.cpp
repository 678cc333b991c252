#include "displayformat.h"
#include "pricetile.h"
#include "util/clock.h"

#include <QLabel>
#include <QtTest>

using namespace oilwatch;

class TestPriceTile : public QObject
{
    Q_OBJECT

private:
    api::Quote quote(const QString& code, double price, const util::Clock& clock,
        const QString& currency = "USD", const QString& unit = "barrel")
    {
        api::Quote q;
        q.code = code;
        q.price = price;
        q.currency = currency;
        q.unit = unit;
        q.createdAt = clock.nowUtc().addSecs(-30);
        q.receivedAt = clock.nowUtc();
        return q;
    }

private Q_SLOTS:
    void showsNameAndWaitsBeforeFirstQuote()
    {
        ui::PriceTile tile("BRENT_CRUDE_USD");
        QCOMPARE(tile.objectName(), QString("tile_BRENT_CRUDE_USD"));
        QCOMPARE(tile.nameText(), QString("Brent Crude Oil"));
        QVERIFY(!tile.hasQuote());
        QCOMPARE(tile.trend(), ui::PriceTile::Trend::None);
    }

    void unknownCodeFallsBackToCode()
    {
        ui::PriceTile tile("SOMETHING_NEW_USD");
        QCOMPARE(tile.nameText(), QString("SOMETHING_NEW_USD"));
    }

    void priceTextHasSymbolAndUnit()
    {
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        tile.setQuote(quote("BRENT_CRUDE_USD", 75.123, clock), {}, clock);
        QCOMPARE(tile.priceText(), QString("$75.12 / barrel"));
    }

    void currencySymbolsAndCodes_data()
    {
        QTest::addColumn<QString>("currency");
        QTest::addColumn<double>("price");
        QTest::addColumn<QString>("expected");
        QTest::newRow("eur") << "EUR" << 35.5 << QString("€35.50 / MWh");
        QTest::newRow("gbp") << "GBP" << 82.25 << QString("£82.25 / MWh");
        QTest::newRow("other") << "CAD" << 99.0 << QString("99.00 CAD / MWh");
        QTest::newRow("cheap gets 3 decimals") << "USD" << 3.1054 << QString("$3.105 / MWh");
        QTest::newRow("thousands") << "USD" << 2650.1 << QString("$2,650.10 / MWh");
        QTest::newRow("negative") << "USD" << -37.63 << QString("-$37.63 / MWh");
    }

    void currencySymbolsAndCodes()
    {
        QFETCH(QString, currency);
        QFETCH(double, price);
        QFETCH(QString, expected);
        util::ManualClock clock;
        ui::PriceTile tile("X_" + currency);
        tile.setQuote(quote("X_" + currency, price, clock, currency, "MWh"), {}, clock);
        QCOMPARE(tile.priceText(), expected);
    }

    void missingCurrencyComesFromCodeSuffix()
    {
        util::ManualClock clock;
        ui::PriceTile tile("DUTCH_TTF_EUR");
        tile.setQuote(quote("DUTCH_TTF_EUR", 40.0, clock, QString(), "per_MWh"), {}, clock);
        QCOMPARE(tile.priceText(), QString("€40.00 / MWh"));
    }

    void changeUpDownAndUnchanged()
    {
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        tile.setQuote(quote("BRENT_CRUDE_USD", 80.0, clock), {}, clock);
        QCOMPARE(tile.trend(), ui::PriceTile::Trend::None);

        clock.advanceMs(2000);
        tile.setQuote(quote("BRENT_CRUDE_USD", 81.0, clock), {}, clock);
        QCOMPARE(tile.trend(), ui::PriceTile::Trend::Up);
        QCOMPARE(tile.changeText(), QString("▲ up +1.00 (+1.25%)"));

        clock.advanceMs(2000);
        tile.setQuote(quote("BRENT_CRUDE_USD", 79.38, clock), {}, clock);
        QCOMPARE(tile.trend(), ui::PriceTile::Trend::Down);
        QCOMPARE(tile.changeText(), QString("▼ down -1.62 (-2.00%)"));

        clock.advanceMs(2000);
        tile.setQuote(quote("BRENT_CRUDE_USD", 79.381, clock), {}, clock);
        QCOMPARE(tile.trend(), ui::PriceTile::Trend::Flat);
        QVERIFY(tile.changeText().contains("unchanged"));
    }

    void sameObservationAgainKeepsTheChange()
    {
        util::ManualClock clock;
        ui::PriceTile tile("WTI_USD");
        api::Quote q = quote("WTI_USD", 70.0, clock);
        tile.setQuote(q, {}, clock);
        q.price = 71.0;
        q.createdAt = q.createdAt.addSecs(60);
        tile.setQuote(q, {}, clock);
        QCOMPARE(tile.trend(), ui::PriceTile::Trend::Up);
        api::FetchInfo cached;
        cached.servedFrom = api::ServedFrom::Cache;
        tile.setQuote(q, cached, clock);
        QCOMPARE(tile.trend(), ui::PriceTile::Trend::Up);
    }

    void ageCountsOnTheClock()
    {
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        tile.setQuote(quote("BRENT_CRUDE_USD", 75.0, clock), {}, clock);
        QCOMPARE(tile.ageText(), QString("updated just now"));
        clock.advanceMs(5000);
        tile.refreshAge(clock);
        QCOMPARE(tile.ageText(), QString("updated 5 s ago"));
        clock.advanceMs(175'000);
        tile.refreshAge(clock);
        QCOMPARE(tile.ageText(), QString("updated 3 min ago"));
    }

    void ageFallsBackToClockWithoutReceivedAt()
    {
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        api::Quote q = quote("BRENT_CRUDE_USD", 75.0, clock);
        q.receivedAt = QDateTime();
        tile.setQuote(q, {}, clock);
        clock.advanceMs(7000);
        tile.refreshAge(clock);
        QCOMPARE(tile.ageText(), QString("updated 7 s ago"));
    }

    void timestampIsApiTimeInLocalTime()
    {
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        const api::Quote q = quote("BRENT_CRUDE_USD", 75.0, clock);
        tile.setQuote(q, {}, clock);
        QCOMPARE(tile.timestampText(), "as of " + q.createdAt.toLocalTime().toString("yyyy-MM-dd hh:mm:ss"));
    }

    void servedFromLabel()
    {
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        api::FetchInfo info;
        tile.setQuote(quote("BRENT_CRUDE_USD", 75.0, clock), info, clock);
        QCOMPARE(tile.servedText(), QString("served: live"));
        info.servedFrom = api::ServedFrom::Cache;
        tile.setQuote(quote("BRENT_CRUDE_USD", 75.0, clock), info, clock);
        QCOMPARE(tile.servedText(), QString("served: cache"));
        info.servedFrom = api::ServedFrom::Stale;
        tile.setQuote(quote("BRENT_CRUDE_USD", 75.0, clock), info, clock);
        QCOMPARE(tile.servedText(), QString("served: stale"));
    }

    void changeColoursDifferInLightAndDark()
    {
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        tile.setQuote(quote("BRENT_CRUDE_USD", 75.0, clock), {}, clock);
        tile.setQuote(quote("BRENT_CRUDE_USD", 76.0, clock), {}, clock);
        auto* change = tile.findChild<QLabel*>("change");
        QVERIFY(change);
        const QColor light = change->palette().color(change->foregroundRole());

        QPalette dark;
        dark.setColor(QPalette::Window, QColor(30, 30, 30));
        dark.setColor(QPalette::Base, QColor(20, 20, 20));
        dark.setColor(QPalette::WindowText, Qt::white);
        dark.setColor(QPalette::Text, Qt::white);
        tile.setPalette(dark);
        const QColor onDark = change->palette().color(change->foregroundRole());
        QVERIFY(light != onDark);
        QVERIFY(onDark.lightness() > 128);
    }
};

QTEST_MAIN(TestPriceTile)
#include "tst_pricetile.moc"
