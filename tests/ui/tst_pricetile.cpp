#include "badgelabel.h"
#include "displayformat.h"
#include "pricetile.h"
#include "theme.h"
#include "util/clock.h"
#include "validation/dataqualityissue.h"

#include <QLabel>
#include <QtTest>

Q_DECLARE_METATYPE(oilwatch::ui::BadgeTone)

using namespace oilwatch;
using namespace std::chrono_literals;
using Freshness = ui::PriceTile::Freshness;

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

    static QPalette lightPalette()
    {
        QPalette p;
        p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
        p.setColor(QPalette::Base, Qt::white);
        p.setColor(QPalette::WindowText, Qt::black);
        p.setColor(QPalette::Text, Qt::black);
        return p;
    }

    static QPalette darkPalette()
    {
        QPalette p;
        p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        p.setColor(QPalette::WindowText, QColor(0xf0, 0xf0, 0xf0));
        p.setColor(QPalette::Text, QColor(0xf0, 0xf0, 0xf0));
        return p;
    }

    static QColor colourOf(const ui::PriceTile& tile, const char* label)
    {
        auto* l = tile.findChild<QLabel*>(label);
        return l ? l->palette().color(l->foregroundRole()) : QColor();
    }

    static api::ApiError expired(const api::Quote& last, qint64 ageMs)
    {
        api::ApiError error = api::ApiError::make(api::ErrorKind::CacheExpired, "last value is too old");
        error.lastValue = last;
        error.lastValueAgeMs = ageMs;
        return error;
    }

    // A verdict as the validator gives one: the rejected quote and its issue.
    static std::shared_ptr<const validation::Verdict> suspect(
        const api::Quote& rejected, validation::Rule rule, const QString& message)
    {
        validation::Verdict verdict;
        verdict.quote = rejected;
        validation::DataQualityIssue issue;
        issue.rule = rule;
        issue.code = rejected.code;
        issue.value = rejected.price;
        issue.message = message;
        verdict.issues << issue;
        return std::make_shared<const validation::Verdict>(verdict);
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

    void badgeGoesFreshAgingStaleExpiredAndBack()
    {
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        tile.setPollInterval(2s);
        QCOMPARE(tile.freshness(), Freshness::None);
        QCOMPARE(tile.badgeText(), QString("NO DATA"));

        const api::Quote q = quote("BRENT_CRUDE_USD", 75.0, clock);
        tile.setQuote(q, {}, clock);
        QCOMPARE(tile.freshness(), Freshness::Fresh);
        QCOMPARE(tile.badgeText(), QString("FRESH"));
        QVERIFY(tile.noteText().isEmpty());

        // Due again after one interval; the grace covers the tick that shows it.
        clock.advanceMs((2s + ui::PriceTile::kAgingGrace).count());
        tile.refreshAge(clock);
        QCOMPARE(tile.freshness(), Freshness::Fresh);
        clock.advanceMs(1);
        tile.refreshAge(clock);
        QCOMPARE(tile.freshness(), Freshness::Aging);
        QCOMPARE(tile.badgeText(), QString("AGING"));

        // The request failed; the cache serves the value it fetched 5 s ago.
        api::Quote replay = q;
        replay.receivedAt = clock.nowUtc();
        api::FetchInfo stale;
        stale.servedFrom = api::ServedFrom::Stale;
        stale.ageMs = 5000;
        tile.setQuote(replay, stale, clock);
        QCOMPARE(tile.freshness(), Freshness::Stale);
        QCOMPARE(tile.badgeText(), QString("STALE"));
        QCOMPARE(tile.ageText(), QString("updated 5 s ago"));
        QVERIFY(!tile.noteText().isEmpty());
        QVERIFY(!tile.isGreyed());
        clock.advanceMs(3000);
        tile.refreshAge(clock);
        QCOMPARE(tile.freshness(), Freshness::Stale); // stale says more than aging: it stays
        QCOMPARE(tile.ageText(), QString("updated 8 s ago"));

        // Too old to serve: the error names the last value and its age.
        tile.setExpired(expired(q, 3'700'000), clock);
        QCOMPARE(tile.freshness(), Freshness::Expired);
        QCOMPARE(tile.badgeText(), QString("EXPIRED"));
        QVERIFY(tile.isGreyed());
        QCOMPARE(tile.priceText(), QString("$75.00 / barrel"));
        QCOMPARE(tile.ageText(), QString("updated 61 min ago"));
        QVERIFY2(tile.noteText().contains("last value is too old"), qPrintable(tile.noteText()));
        clock.advanceMs(60'000);
        tile.refreshAge(clock);
        QCOMPARE(tile.ageText(), QString("updated 62 min ago"));
        QCOMPARE(tile.freshness(), Freshness::Expired);

        clock.advanceMs(1000);
        tile.setQuote(quote("BRENT_CRUDE_USD", 76.0, clock), {}, clock);
        QCOMPARE(tile.freshness(), Freshness::Fresh);
        QVERIFY(!tile.isGreyed());
        QVERIFY(tile.noteText().isEmpty());
        QCOMPARE(tile.ageText(), QString("updated just now"));
        QCOMPARE(tile.trend(), ui::PriceTile::Trend::Up);
    }

    void freshFromCacheIsFreshWithCacheSource()
    {
        util::ManualClock clock;
        ui::PriceTile tile("WTI_USD");
        tile.setPollInterval(60s);
        api::FetchInfo cached;
        cached.servedFrom = api::ServedFrom::Cache;
        cached.ageMs = 20'000;
        tile.setQuote(quote("WTI_USD", 70.0, clock), cached, clock);
        QCOMPARE(tile.freshness(), Freshness::Fresh);
        QCOMPARE(tile.servedText(), QString("served: cache"));
        QCOMPARE(tile.ageText(), QString("updated 20 s ago"));
        QCOMPARE(tile.valueAgeMs(clock), std::optional<qint64>(20'000));
        // Its age counts from when it was fetched, not from when the cache served it.
        clock.advanceMs(41'000 + ui::PriceTile::kAgingGrace.count());
        tile.refreshAge(clock);
        QCOMPARE(tile.freshness(), Freshness::Aging);
    }

    void expiredWithoutEarlierValueShowsTheErrorsValueGreyed()
    {
        util::ManualClock clock;
        ui::PriceTile tile("NATURAL_GAS_USD");
        const QColor normalPrice = colourOf(tile, "price");
        api::Quote last = quote("NATURAL_GAS_USD", 3.105, clock, "USD", "mmBtu");
        tile.setExpired(expired(last, 7'200'000), clock);
        QVERIFY(tile.hasQuote());
        QCOMPARE(tile.priceText(), QString("$3.105 / mmBtu"));
        QCOMPARE(tile.ageText(), QString("updated 2 h ago"));
        QCOMPARE(tile.freshness(), Freshness::Expired);
        QVERIFY2(!tile.changeText().contains("waiting"), qPrintable(tile.changeText()));
        const QColor greyed = colourOf(tile, "price");
        QVERIFY(greyed != normalPrice);
        QCOMPARE(greyed, ui::greyedTextColour(tile.palette(), QPalette::Text, QPalette::Base));
    }

    void expiredWithoutAnyValueKeepsThePlaceholder()
    {
        util::ManualClock clock;
        ui::PriceTile tile("WTI_USD");
        tile.setExpired(api::ApiError::make(api::ErrorKind::CacheExpired, "nothing cached"), clock);
        QCOMPARE(tile.freshness(), Freshness::Expired);
        QVERIFY(!tile.hasQuote());
        QCOMPARE(tile.priceText(), QString("—"));
        QVERIFY(tile.ageText().isEmpty());
        QVERIFY(!tile.valueAgeMs(clock));
    }

    void aSuspectAnswerKeepsTheLastGoodValueMarked()
    {
        util::ManualClock clock;
        ui::PriceTile tile("WTI_USD");
        tile.show();
        const api::Quote good = quote("WTI_USD", 71.25, clock);
        tile.setQuote(good, {}, clock);
        QVERIFY(!tile.isSuspect());
        QVERIFY(tile.qualityText().isEmpty());
        QVERIFY(!tile.findChild<ui::BadgeLabel*>("quality")->isVisible());

        clock.advanceMs(70'000);
        api::Quote spike = quote("WTI_USD", 712.5, clock);
        spike.source = QStringLiteral("<b>feed</b> & co");
        api::FetchInfo info;
        info.servedFrom = api::ServedFrom::Stale;
        info.ageMs = 70'000;
        info.suspect = suspect(spike, validation::Rule::Spike, QStringLiteral("+900.0 % in 1 min"));
        api::Quote shown = good;
        shown.receivedAt = clock.nowUtc();
        tile.setQuote(shown, info, clock);

        QVERIFY(tile.isSuspect());
        QCOMPARE(tile.qualityText(), QStringLiteral("SUSPECT"));
        QVERIFY(tile.findChild<ui::BadgeLabel*>("quality")->isVisible());
        QVERIFY(!tile.findChild<ui::BadgeLabel*>("badge")->isVisible()); // one badge: the code keeps its room
        QCOMPARE(tile.priceText(), QStringLiteral("$71.25 / barrel")); // the last good value, still shown
        QCOMPARE(tile.freshness(), Freshness::Stale);
        QVERIFY2(tile.timestampText().startsWith("last good as of "), qPrintable(tile.timestampText()));
        QVERIFY2(tile.noteText().contains("Suspect") && tile.noteText().contains("$712.50")
                && tile.noteText().contains("spike") && tile.noteText().contains("last good value shown"),
            qPrintable(tile.noteText()));
        const QString tip = tile.qualityToolTip();
        QVERIFY2(tip.contains("spike: +900.0 % in 1 min") && tip.contains("$712.50"), qPrintable(tip));
        QVERIFY(tip.contains("<b>feed</b> & co")); // the API's text as sent
        // ... and shown as text: the tooltip is escaped, every label is plain text.
        const QString shownTip = tile.findChild<ui::BadgeLabel*>("quality")->toolTip();
        QVERIFY2(shownTip.contains("&lt;b&gt;feed&lt;/b&gt; &amp; co"), qPrintable(shownTip));
        for (const QLabel* label : tile.findChildren<QLabel*>())
            QCOMPARE(label->textFormat(), Qt::PlainText);

        // The same suspect answer on the next poll: marked once, not twice.
        tile.setQuote(shown, info, clock);
        QCOMPARE(tile.timestampText().count("last good"), 1);

        // The next good answer clears it.
        clock.advanceMs(2'000);
        tile.setQuote(quote("WTI_USD", 71.40, clock), {}, clock);
        QVERIFY(!tile.isSuspect());
        QVERIFY(tile.noteText().isEmpty());
        QVERIFY(!tile.timestampText().contains("last good"));
        QVERIFY(!tile.findChild<ui::BadgeLabel*>("quality")->isVisible());
        QVERIFY(tile.findChild<ui::BadgeLabel*>("badge")->isVisible());
    }

    void aRejectedAnswerWithoutAGoodValueShowsNoPrice()
    {
        util::ManualClock clock;
        ui::PriceTile tile("WTI_USD");
        api::ApiError error
            = api::ApiError::make(api::ErrorKind::DataQuality, "WTI_USD: rejected 0 USD: non_positive_price");
        error.suspect = suspect(quote("WTI_USD", 0.0, clock), validation::Rule::NonPositivePrice, "price 0");
        tile.setRejected(error);
        QVERIFY(tile.isSuspect());
        QVERIFY(!tile.hasQuote());
        QCOMPARE(tile.priceText(), QStringLiteral("—"));
        QVERIFY2(tile.noteText().contains("no good value yet"), qPrintable(tile.noteText()));
        QVERIFY(tile.qualityToolTip().contains("non_positive_price: price 0"));
    }

    void aSuspectExpiredValueSaysBoth()
    {
        util::ManualClock clock;
        ui::PriceTile tile("WTI_USD");
        const api::Quote last = quote("WTI_USD", 70.0, clock);
        api::ApiError error = expired(last, 2 * 3600'000);
        error.suspect = suspect(quote("WTI_USD", -1.0, clock), validation::Rule::NonPositivePrice, "below 0");
        tile.setExpired(error, clock);
        QCOMPARE(tile.freshness(), Freshness::Expired);
        QVERIFY(tile.isSuspect());
        QVERIFY(tile.noteText().contains("last good value shown"));
    }

    void staleAndExpiredTextsAreReadableInBothPalettes_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::newRow("light") << lightPalette();
        QTest::newRow("dark") << darkPalette();
    }

    void staleAndExpiredTextsAreReadableInBothPalettes()
    {
        QFETCH(QPalette, palette);
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        tile.setPalette(palette);
        const QColor base = palette.color(QPalette::Base);
        const api::Quote q = quote("BRENT_CRUDE_USD", 75.0, clock);
        api::FetchInfo stale;
        stale.servedFrom = api::ServedFrom::Stale;
        tile.setQuote(q, stale, clock);
        QVERIFY(ui::contrastRatio(colourOf(tile, "note"), base) >= 4.5);
        QVERIFY(ui::contrastRatio(colourOf(tile, "served"), base) >= 4.5);

        tile.setExpired(expired(q, 3'700'000), clock);
        QVERIFY(ui::contrastRatio(colourOf(tile, "note"), base) >= 4.5);
        // Greyed, yet readable as large text (WCAG: 3:1 from 18 pt bold down to 14 pt bold).
        const double greyed = ui::contrastRatio(colourOf(tile, "price"), base);
        QVERIFY2(greyed >= 3.0, qPrintable(QString::number(greyed)));
        QVERIFY(ui::contrastRatio(colourOf(tile, "price"), base)
            < ui::contrastRatio(palette.color(QPalette::Text), base));

        auto* badge = tile.findChild<ui::BadgeLabel*>("badge");
        QVERIFY(badge);
        QCOMPARE(badge->tone(), ui::BadgeTone::Critical);
    }

    void badgeColoursHaveContrastInBothPalettes_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::addColumn<ui::BadgeTone>("tone");
        for (const auto& [name, palette] : {std::pair {"light", lightPalette()}, {"dark", darkPalette()}}) {
            QTest::addRow("%s good", name) << palette << ui::BadgeTone::Good;
            QTest::addRow("%s caution", name) << palette << ui::BadgeTone::Caution;
            QTest::addRow("%s warning", name) << palette << ui::BadgeTone::Warning;
            QTest::addRow("%s critical", name) << palette << ui::BadgeTone::Critical;
            QTest::addRow("%s neutral", name) << palette << ui::BadgeTone::Neutral;
        }
    }

    void badgeColoursHaveContrastInBothPalettes()
    {
        QFETCH(QPalette, palette);
        QFETCH(ui::BadgeTone, tone);
        const ui::BadgeColours c = ui::badgeColours(palette, tone);
        const double text = ui::contrastRatio(c.text, c.background);
        QVERIFY2(text >= 4.5, qPrintable(QString::number(text)));
        // The pill itself must stand out from the tile it sits on (WCAG's 3:1 for meaningful shapes).
        const double pill = ui::contrastRatio(c.background, palette.color(QPalette::Base));
        QVERIFY2(pill >= 3.0, qPrintable(QString::number(pill)));
    }

    void contrastRatioMatchesWcag()
    {
        QCOMPARE(ui::contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(ui::contrastRatio(Qt::white, Qt::white), 1.0);
        QVERIFY(qAbs(ui::contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01);
    }

    void badgeKeepsItsWidthAcrossStates()
    {
        util::ManualClock clock;
        ui::PriceTile tile("BRENT_CRUDE_USD");
        auto* badge = tile.findChild<ui::BadgeLabel*>("badge");
        const QSize none = badge->sizeHint();
        const api::Quote q = quote("BRENT_CRUDE_USD", 75.0, clock);
        tile.setQuote(q, {}, clock);
        QCOMPARE(badge->sizeHint(), none);
        tile.setExpired(expired(q, 3'700'000), clock);
        QCOMPARE(badge->sizeHint(), none);
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
