#include "support/testquotes.h"
#include "util/clock.h"
#include "validation/quotevalidator.h"

#include <limits>

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::validation;
using oilwatch::testing::kT0;

namespace {

constexpr qint64 kMinuteMs = 60'000;

CatalogueEntry entry(const char* code, const char* category, const char* unit, const char* currency)
{
    CatalogueEntry result;
    result.code = QString::fromLatin1(code);
    result.category = QString::fromLatin1(category);
    result.unit = QString::fromLatin1(unit);
    result.currency = QString::fromLatin1(currency);
    return result;
}

Catalogue catalogue()
{
    return Catalogue({entry("WTI_USD", "Crude Oil", "barrel", "USD"),
        entry("BRENT_CRUDE_USD", "Crude Oil", "barrel", "USD"),
        entry("DUTCH_TTF_EUR", "Natural Gas", "MWh", "EUR")});
}

struct Harness
{
    Harness()
        : validator(catalogue(), ValidationSettings(), clock, &quarantine)
    { }

    // A quote created now on the manual clock (which starts at kT0).
    api::Quote now(const char* code, double price) const
    {
        api::Quote q = testing::quote(QString::fromLatin1(code), 0, price);
        q.createdAt = clock.nowUtc();
        q.receivedAt = q.createdAt;
        if (q.code == u"DUTCH_TTF_EUR") {
            q.unit = QStringLiteral("MWh");
            q.currency = QStringLiteral("EUR");
        }
        return q;
    }

    QList<Rule> rulesOf(const api::Quote& q)
    {
        QList<Rule> rules;
        for (const DataQualityIssue& issue : validator.check(q).issues)
            rules.append(issue.rule);
        return rules;
    }

    util::ManualClock clock;
    Quarantine quarantine;
    QuoteValidator validator;
};

} // namespace

class TestQuoteValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void goodQuotesBecomeTheReference();
    void eachRuleIsApplied_data();
    void eachRuleIsApplied();
    void aSuspectValueNeverBecomesTheReference();
    void aRealMoveIsAcceptedAfterTheSpikeWindow();
    void oneCauseOneIssue();
    void exactRepeatsAreFine();
    void nonPositiveAllowedByTheCatalogueOrSettings();
    void settingsOverrideTheRange();
    void spreadAgainstThePartnersLastGoodValue();
    void batchesAreCheckedInOrder();
    void unknownCodesGetTheRulesThatNeedNoCatalogue();
    void seedingAndReplacingKeepReferences();
    void historicalPricesAnswerTheRulesThatNeedNoTime();
};

// A month-old price of a past_* page is not stale, and is not a spike against today's: only the rules a price
// answers alone apply, and the last good value stays today's.
void TestQuoteValidator::historicalPricesAnswerTheRulesThatNeedNoTime()
{
    Harness h;
    QVERIFY(h.validator.check(h.now("WTI_USD", 70)).isOk());
    api::Quote old = h.now("WTI_USD", 40);
    old.createdAt = h.clock.nowUtc().addDays(-30);
    QVERIFY(!h.validator.check(old).isOk()); // as a latest answer: stale, out of order, a spike
    const Verdict historical = h.validator.checkHistorical(old);
    QVERIFY2(historical.isOk(), qPrintable(historical.summary()));
    QCOMPARE(h.validator.lastGood(QStringLiteral("WTI_USD"))->price, 70.0);

    const quint64 quarantinedBefore = h.quarantine.total();
    api::Quote zero = old;
    zero.price = 0.0;
    QVERIFY(h.validator.checkHistorical(zero).hasIssue(Rule::NonPositivePrice));
    api::Quote gallons = old;
    gallons.unit = QStringLiteral("gallon");
    QVERIFY(h.validator.checkHistorical(gallons).hasIssue(Rule::UnitMismatch));
    api::Quote future = old;
    future.createdAt = h.clock.nowUtc().addSecs(3600);
    QVERIFY(h.validator.checkHistorical(future).hasIssue(Rule::FutureTimestamp));
    QCOMPARE(h.quarantine.total(), quarantinedBefore + 3);
    QCOMPARE(h.validator.lastGood(QStringLiteral("WTI_USD"))->price, 70.0);
}

void TestQuoteValidator::goodQuotesBecomeTheReference()
{
    Harness h;
    QVERIFY(!h.validator.lastGood(QStringLiteral("WTI_USD")));
    const Verdict verdict = h.validator.check(h.now("WTI_USD", 70));
    QVERIFY(verdict.isOk());
    QVERIFY(!verdict.lastGood); // only suspect verdicts carry the value to keep showing
    QCOMPARE(h.validator.lastGood(QStringLiteral("WTI_USD"))->price, 70.0);
    QCOMPARE(h.quarantine.size(), 0);
}

void TestQuoteValidator::eachRuleIsApplied_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<int>("rule");
    QTest::addRow("nan") << "nan" << int(Rule::NotFinite);
    QTest::addRow("zero") << "zero" << int(Rule::NonPositivePrice);
    QTest::addRow("negative") << "negative" << int(Rule::NonPositivePrice);
    QTest::addRow("out of range") << "range" << int(Rule::OutOfRange);
    QTest::addRow("spike") << "spike" << int(Rule::Spike);
    QTest::addRow("future") << "future" << int(Rule::FutureTimestamp);
    QTest::addRow("stale") << "stale" << int(Rule::StaleTimestamp);
    QTest::addRow("out of order") << "order" << int(Rule::OutOfOrder);
    QTest::addRow("unit") << "unit" << int(Rule::UnitMismatch);
    QTest::addRow("currency") << "currency" << int(Rule::CurrencyMismatch);
    QTest::addRow("duplicate") << "duplicate" << int(Rule::Duplicate);
    QTest::addRow("spread") << "spread" << int(Rule::SpreadOutOfBand);
}

void TestQuoteValidator::eachRuleIsApplied()
{
    QFETCH(QString, fault);
    QFETCH(int, rule);
    Harness h;
    // A good history: WTI at 70 and Brent at 74, a minute ago.
    h.validator.check(h.now("BRENT_CRUDE_USD", 74));
    h.validator.check(h.now("WTI_USD", 70));
    h.clock.advanceMs(kMinuteMs);

    api::Quote q = h.now("WTI_USD", 70.5);
    if (fault == u"nan")
        q.price = std::numeric_limits<double>::quiet_NaN();
    else if (fault == u"zero")
        q.price = 0;
    else if (fault == u"negative")
        q.price = -5;
    else if (fault == u"range")
        q.price = 7000;
    else if (fault == u"spike")
        q.price = 80; // +14 %: inside the range and the spread band, over crude's 8 %
    else if (fault == u"future")
        q.createdAt = h.clock.nowUtc().addSecs(3600);
    else if (fault == u"stale")
        q.createdAt = h.clock.nowUtc().addDays(-30);
    else if (fault == u"order")
        q.createdAt = h.clock.nowUtc().addSecs(-120);
    else if (fault == u"unit")
        q.unit = QStringLiteral("gallon");
    else if (fault == u"currency")
        q.currency = QStringLiteral("EUR");
    else if (fault == u"duplicate")
        q.createdAt = h.clock.nowUtc().addMSecs(-kMinuteMs);
    else if (fault == u"spread") {
        q.price = 69.0;
        h.validator.setLastGood(h.now("BRENT_CRUDE_USD", 110)); // 41 over WTI
    }

    const Verdict verdict = h.validator.check(q);
    QVERIFY2(verdict.hasIssue(Rule(rule)), qPrintable(verdict.summary()));
    QCOMPARE(verdict.quality(), Quality::Suspect);
    QCOMPARE(verdict.lastGood->price, 70.0); // what the tile keeps showing
    QCOMPARE(h.validator.lastGood(QStringLiteral("WTI_USD"))->price, 70.0);
    QCOMPARE(h.quarantine.size(), 1);
    QVERIFY(h.quarantine.entries().front().verdict.hasIssue(Rule(rule)));
    QCOMPARE(h.quarantine.entries().front().quarantinedAt, h.clock.nowUtc());
}

void TestQuoteValidator::aSuspectValueNeverBecomesTheReference()
{
    Harness h;
    h.validator.check(h.now("WTI_USD", 70));
    h.clock.advanceMs(kMinuteMs);
    QVERIFY(!h.validator.check(h.now("WTI_USD", 90)).isOk());
    h.clock.advanceMs(kMinuteMs);
    // Had 90 become the reference, 71 would now be a -21 % spike.
    QVERIFY(h.validator.check(h.now("WTI_USD", 71)).isOk());
    QCOMPARE(h.validator.lastGood(QStringLiteral("WTI_USD"))->price, 71.0);
}

void TestQuoteValidator::aRealMoveIsAcceptedAfterTheSpikeWindow()
{
    Harness h;
    h.validator.check(h.now("DUTCH_TTF_EUR", 35));
    // Gas jumps 40 % and stays there: suspect while within 15 minutes of the last good value...
    for (int minute = 1; minute <= 15; ++minute) {
        h.clock.advanceMs(kMinuteMs);
        QVERIFY2(h.validator.check(h.now("DUTCH_TTF_EUR", 49)).hasIssue(Rule::Spike),
            qPrintable(QString::number(minute)));
    }
    // ...then accepted, and the new level is the reference.
    h.clock.advanceMs(kMinuteMs);
    QVERIFY(h.validator.check(h.now("DUTCH_TTF_EUR", 49)).isOk());
    h.clock.advanceMs(kMinuteMs);
    QVERIFY(h.validator.check(h.now("DUTCH_TTF_EUR", 50)).isOk());
    QCOMPARE(h.quarantine.size(), 15);
}

void TestQuoteValidator::oneCauseOneIssue()
{
    Harness h;
    h.validator.check(h.now("WTI_USD", 70));
    h.clock.advanceMs(kMinuteMs);
    // A zero is not also out of range, a -100 % spike, and 74 off Brent.
    QCOMPARE(h.rulesOf(h.now("WTI_USD", 0)), QList<Rule>({Rule::NonPositivePrice}));
    // Independent faults are all reported.
    api::Quote q = h.now("WTI_USD", 7000);
    q.unit = QStringLiteral("gallon");
    q.createdAt = h.clock.nowUtc().addSecs(600); // past the skew allowance, inside the spike window
    const QList<Rule> rules = h.rulesOf(q);
    QVERIFY(rules.contains(Rule::OutOfRange));
    QVERIFY(rules.contains(Rule::UnitMismatch));
    QVERIFY(rules.contains(Rule::FutureTimestamp));
    QVERIFY(rules.contains(Rule::Spike));
}

void TestQuoteValidator::exactRepeatsAreFine()
{
    Harness h;
    const api::Quote first = h.now("WTI_USD", 70);
    QVERIFY(h.validator.check(first).isOk());
    h.clock.advanceMs(2000); // the next poll gets the same tick
    api::Quote again = first;
    again.receivedAt = h.clock.nowUtc();
    QVERIFY(h.validator.check(again).isOk());
    QCOMPARE(h.quarantine.size(), 0);
}

void TestQuoteValidator::nonPositiveAllowedByTheCatalogueOrSettings()
{
    Harness h;
    CatalogueEntry wti = entry("WTI_USD", "Crude Oil", "barrel", "USD");
    wti.limits = PriceRange {-50, 250};
    Catalogue withLimits = catalogue();
    withLimits.insert(wti);
    h.validator.setCatalogue(withLimits);
    QVERIFY(h.validator.check(h.now("WTI_USD", -37.63)).isOk());
    QVERIFY(h.validator.check(h.now("BRENT_CRUDE_USD", -1)).hasIssue(Rule::NonPositivePrice));

    ValidationSettings settings;
    settings.rangeOverrides[QStringLiteral("BRENT_CRUDE_USD")] = PriceRange {0, 300};
    settings.spreadBands.clear(); // Brent at 0 is 37.63 over that WTI: out of the default band
    h.validator.setSettings(settings);
    QVERIFY(h.validator.check(h.now("BRENT_CRUDE_USD", 0)).isOk());
}

void TestQuoteValidator::settingsOverrideTheRange()
{
    Harness h;
    QVERIFY(h.validator.check(h.now("WTI_USD", 250)).isOk()); // the built-in table allows up to 300
    ValidationSettings settings;
    settings.rangeOverrides[QStringLiteral("WTI_USD")] = PriceRange {20, 200};
    h.validator.setSettings(settings);
    h.clock.advanceMs(kMinuteMs);
    const Verdict verdict = h.validator.check(h.now("WTI_USD", 250));
    QVERIFY(verdict.hasIssue(Rule::OutOfRange));
    QVERIFY(verdict.issues.front().message.contains(QStringLiteral("settings")));
}

void TestQuoteValidator::spreadAgainstThePartnersLastGoodValue()
{
    Harness h;
    h.validator.check(h.now("BRENT_CRUDE_USD", 74));
    // WTI at 45 is inside its range and has no reference of its own, but is 29 under Brent: inside the
    // band (-10 to 35). At 35 it is 39 under: out.
    QVERIFY(h.validator.check(h.now("WTI_USD", 45)).isOk());
    h.validator.forget(QStringLiteral("WTI_USD"));
    const Verdict verdict = h.validator.check(h.now("WTI_USD", 35));
    QVERIFY(verdict.hasIssue(Rule::SpreadOutOfBand));
    // No band, no check.
    ValidationSettings settings;
    settings.spreadBands.clear();
    h.validator.setSettings(settings);
    QVERIFY(h.validator.check(h.now("WTI_USD", 35)).isOk());
}

void TestQuoteValidator::batchesAreCheckedInOrder()
{
    Harness h;
    const api::Quote brent = h.now("BRENT_CRUDE_USD", 74);
    api::Quote wti = h.now("WTI_USD", 70);
    api::Quote wtiAgain = wti;
    wtiAgain.price = 71; // same created_at, other price
    const std::vector<Verdict> verdicts = h.validator.checkAll({brent, wti, wtiAgain});
    QCOMPARE(verdicts.size(), size_t(3));
    QVERIFY(verdicts[0].isOk());
    QVERIFY(verdicts[1].isOk());
    QVERIFY(verdicts[2].hasIssue(Rule::Duplicate));
    QCOMPARE(verdicts[2].lastGood->price, 70.0);
}

void TestQuoteValidator::unknownCodesGetTheRulesThatNeedNoCatalogue()
{
    Harness h;
    // GOLD_USD is not in this catalogue: no unit or currency check, but the built-in range still applies.
    api::Quote gold = h.now("GOLD_USD", 2400);
    gold.unit = QStringLiteral("troy oz");
    QVERIFY(h.validator.check(gold).isOk());
    h.clock.advanceMs(kMinuteMs);
    gold = h.now("GOLD_USD", 24);
    QVERIFY(h.validator.check(gold).hasIssue(Rule::OutOfRange));
    // A code nobody knows: only the rules that need no table.
    QVERIFY(h.validator.check(h.now("US_RIG_COUNT", 600)).isOk());
    QVERIFY(h.validator.check(h.now("US_RIG_COUNT", -1)).hasIssue(Rule::NonPositivePrice));
}

void TestQuoteValidator::seedingAndReplacingKeepReferences()
{
    Harness h;
    h.validator.setLastGood(h.now("WTI_USD", 70));
    h.validator.setCatalogue(catalogue());
    h.validator.setSettings(ValidationSettings());
    h.clock.advanceMs(kMinuteMs);
    QVERIFY(h.validator.check(h.now("WTI_USD", 90)).hasIssue(Rule::Spike));
    h.validator.forget(QStringLiteral("WTI_USD"));
    QVERIFY(h.validator.check(h.now("WTI_USD", 90)).isOk());
}

QTEST_GUILESS_MAIN(TestQuoteValidator)
#include "tst_quotevalidator.moc"
