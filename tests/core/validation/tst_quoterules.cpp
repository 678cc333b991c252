#include "support/testquotes.h"
#include "validation/quoterules.h"

#include <cmath>
#include <limits>

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::validation;
using namespace oilwatch::validation::rules;
using oilwatch::testing::kT0;
using oilwatch::testing::quote;

namespace {

constexpr qint64 kMinuteMs = 60'000;

api::Quote priced(double price, qint64 minutes = 0, const QString& code = QStringLiteral("WTI_USD"))
{
    return quote(code, minutes, price);
}

CatalogueEntry wtiEntry()
{
    CatalogueEntry entry;
    entry.code = QStringLiteral("WTI_USD");
    entry.category = QStringLiteral("Crude Oil");
    entry.unit = QStringLiteral("barrel");
    entry.currency = QStringLiteral("USD");
    return entry;
}

} // namespace

class TestQuoteRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void finite_data();
    void finite();
    void positive_data();
    void positive();
    void range_data();
    void range();
    void future_data();
    void future();
    void stale_data();
    void stale();
    void order_data();
    void order();
    void unitAndCurrency_data();
    void unitAndCurrency();
    void duplicate_data();
    void duplicate();
    void spike_data();
    void spike();
    void spread_data();
    void spread();
};

void TestQuoteRules::finite_data()
{
    QTest::addColumn<double>("price");
    QTest::addColumn<bool>("flagged");
    QTest::addRow("normal") << 70.0 << false;
    QTest::addRow("zero is finite") << 0.0 << false;
    QTest::addRow("nan") << std::numeric_limits<double>::quiet_NaN() << true;
    QTest::addRow("inf") << std::numeric_limits<double>::infinity() << true;
    QTest::addRow("-inf") << -std::numeric_limits<double>::infinity() << true;
}

void TestQuoteRules::finite()
{
    QFETCH(double, price);
    QFETCH(bool, flagged);
    const MaybeIssue issue = checkFinite(priced(price));
    QCOMPARE(bool(issue), flagged);
    if (issue) {
        QCOMPARE(issue->rule, Rule::NotFinite);
        QCOMPARE(issue->code, QStringLiteral("WTI_USD"));
    }
}

void TestQuoteRules::positive_data()
{
    QTest::addColumn<double>("price");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<bool>("flagged");
    QTest::addRow("positive") << 0.01 << false << false;
    QTest::addRow("zero") << 0.0 << false << true;
    QTest::addRow("negative zero") << -0.0 << false << true;
    QTest::addRow("negative") << -37.63 << false << true;
    QTest::addRow("zero, allowed") << 0.0 << true << false;
    QTest::addRow("negative, allowed") << -37.63 << true << false;
}

void TestQuoteRules::positive()
{
    QFETCH(double, price);
    QFETCH(bool, allowed);
    QFETCH(bool, flagged);
    const MaybeIssue issue = checkPositive(priced(price), allowed);
    QCOMPARE(bool(issue), flagged);
    if (issue) {
        QCOMPARE(issue->rule, Rule::NonPositivePrice);
        QCOMPARE(issue->value, price);
        QCOMPARE(issue->lowerLimit, std::optional<double>(0.0));
        QVERIFY(issue->message.contains(QString::number(price)));
    }
}

void TestQuoteRules::range_data()
{
    QTest::addColumn<double>("price");
    QTest::addColumn<bool>("hasRange");
    QTest::addColumn<bool>("flagged");
    QTest::addRow("inside") << 70.0 << true << false;
    QTest::addRow("lower bound") << 5.0 << true << false;
    QTest::addRow("upper bound") << 300.0 << true << false;
    QTest::addRow("below") << 4.99 << true << true;
    QTest::addRow("above") << 700.0 << true << true;
    QTest::addRow("no range") << 1e9 << false << false;
}

void TestQuoteRules::range()
{
    QFETCH(double, price);
    QFETCH(bool, hasRange);
    QFETCH(bool, flagged);
    std::optional<ChosenRange> range;
    if (hasRange)
        range = ChosenRange {{5, 300}, RangeOrigin::Catalogue};
    const MaybeIssue issue = checkRange(priced(price), range);
    QCOMPARE(bool(issue), flagged);
    if (issue) {
        QCOMPARE(issue->rule, Rule::OutOfRange);
        QCOMPARE(issue->lowerLimit, std::optional<double>(5));
        QCOMPARE(issue->upperLimit, std::optional<double>(300));
        QVERIFY(issue->message.contains(QStringLiteral("catalogue"))); // says where the range came from
    }
}

void TestQuoteRules::future_data()
{
    QTest::addColumn<qint64>("aheadMs");
    QTest::addColumn<bool>("flagged");
    QTest::addRow("past") << qint64(-60'000) << false;
    QTest::addRow("now") << qint64(0) << false;
    QTest::addRow("at the allowance") << qint64(300'000) << false;
    QTest::addRow("just past it") << qint64(300'001) << true;
    QTest::addRow("an hour ahead") << qint64(3'600'000) << true;
}

void TestQuoteRules::future()
{
    QFETCH(qint64, aheadMs);
    QFETCH(bool, flagged);
    api::Quote q = priced(70);
    q.createdAt = kT0.addMSecs(aheadMs);
    const MaybeIssue issue = checkNotFuture(q, kT0, 300'000);
    QCOMPARE(bool(issue), flagged);
    if (issue) {
        QCOMPARE(issue->rule, Rule::FutureTimestamp);
        QCOMPARE(issue->deltaMs, std::optional<qint64>(aheadMs));
        QCOMPARE(issue->allowedMs, std::optional<qint64>(300'000));
        QCOMPARE(issue->createdAt, q.createdAt);
    }
}

void TestQuoteRules::stale_data()
{
    QTest::addColumn<qint64>("ageMs");
    QTest::addColumn<bool>("flagged");
    constexpr qint64 kDay = 86'400'000;
    QTest::addRow("fresh") << qint64(0) << false;
    QTest::addRow("a weekend") << 2 * kDay + 3'600'000 << false;
    QTest::addRow("exactly the limit") << 5 * kDay << false;
    QTest::addRow("past the limit") << 5 * kDay + 1 << true;
    QTest::addRow("a month") << 30 * kDay << true;
    QTest::addRow("future is not stale") << -kDay << false;
}

void TestQuoteRules::stale()
{
    QFETCH(qint64, ageMs);
    QFETCH(bool, flagged);
    api::Quote q = priced(70);
    q.createdAt = kT0.addMSecs(-ageMs);
    const MaybeIssue issue = checkNotStale(q, kT0, 5 * 86'400'000LL);
    QCOMPARE(bool(issue), flagged);
    if (issue) {
        QCOMPARE(issue->rule, Rule::StaleTimestamp);
        QCOMPARE(issue->deltaMs, std::optional<qint64>(ageMs));
        QVERIFY(issue->message.contains(QStringLiteral("days")));
    }
}

void TestQuoteRules::order_data()
{
    QTest::addColumn<bool>("hasReference");
    QTest::addColumn<qint64>("minutes"); // the quote's created_at; the reference is at minute 10
    QTest::addColumn<bool>("flagged");
    QTest::addRow("no reference") << false << qint64(0) << false;
    QTest::addRow("newer") << true << qint64(11) << false;
    QTest::addRow("same moment") << true << qint64(10) << false;
    QTest::addRow("older") << true << qint64(9) << true;
}

void TestQuoteRules::order()
{
    QFETCH(bool, hasReference);
    QFETCH(qint64, minutes);
    QFETCH(bool, flagged);
    const api::Quote reference = priced(70, 10);
    const MaybeIssue issue = checkInOrder(priced(70, minutes), hasReference ? &reference : nullptr);
    QCOMPARE(bool(issue), flagged);
    if (issue) {
        QCOMPARE(issue->rule, Rule::OutOfOrder);
        QCOMPARE(issue->deltaMs, std::optional<qint64>(kMinuteMs));
        QCOMPARE(issue->referenceAt, reference.createdAt);
    }
}

void TestQuoteRules::unitAndCurrency_data()
{
    QTest::addColumn<QString>("unit");
    QTest::addColumn<QString>("currency");
    QTest::addColumn<bool>("hasEntry");
    QTest::addColumn<bool>("unitFlagged");
    QTest::addColumn<bool>("currencyFlagged");
    QTest::addRow("match") << "barrel"
                           << "USD" << true << false << false;
    QTest::addRow("case and spaces") << " Barrel"
                                     << "usd " << true << false << false;
    QTest::addRow("wrong unit") << "gallon"
                                << "USD" << true << true << false;
    QTest::addRow("wrong currency") << "barrel"
                                    << "EUR" << true << false << true;
    QTest::addRow("both wrong") << "MWh"
                                << "GBP" << true << true << true;
    QTest::addRow("unit absent (optional in the API)") << ""
                                                       << "USD" << true << false << false;
    QTest::addRow("currency null (history records)") << "barrel"
                                                     << "" << true << false << false;
    QTest::addRow("no catalogue entry") << "gallon"
                                        << "EUR" << false << false << false;
}

void TestQuoteRules::unitAndCurrency()
{
    QFETCH(QString, unit);
    QFETCH(QString, currency);
    QFETCH(bool, hasEntry);
    QFETCH(bool, unitFlagged);
    QFETCH(bool, currencyFlagged);
    api::Quote q = priced(70);
    q.unit = unit;
    q.currency = currency;
    const CatalogueEntry entry = wtiEntry();
    const MaybeIssue unitIssue = checkUnit(q, hasEntry ? &entry : nullptr);
    const MaybeIssue currencyIssue = checkCurrency(q, hasEntry ? &entry : nullptr);
    QCOMPARE(bool(unitIssue), unitFlagged);
    QCOMPARE(bool(currencyIssue), currencyFlagged);
    if (unitIssue) {
        QCOMPARE(unitIssue->rule, Rule::UnitMismatch);
        QCOMPARE(unitIssue->expected, QStringLiteral("barrel"));
        QCOMPARE(unitIssue->actual, unit);
    }
    if (currencyIssue) {
        QCOMPARE(currencyIssue->rule, Rule::CurrencyMismatch);
        QCOMPARE(currencyIssue->expected, QStringLiteral("USD"));
        QCOMPARE(currencyIssue->actual, currency);
    }
}

void TestQuoteRules::duplicate_data()
{
    QTest::addColumn<bool>("hasReference");
    QTest::addColumn<qint64>("minutes"); // reference: minute 10, price 70
    QTest::addColumn<double>("price");
    QTest::addColumn<bool>("flagged");
    QTest::addRow("no reference") << false << qint64(10) << 71.0 << false;
    QTest::addRow("exact repeat is fine") << true << qint64(10) << 70.0 << false;
    QTest::addRow("same moment, other price") << true << qint64(10) << 70.01 << true;
    QTest::addRow("new moment, other price") << true << qint64(11) << 71.0 << false;
    QTest::addRow("new moment, same price") << true << qint64(11) << 70.0 << false;
}

void TestQuoteRules::duplicate()
{
    QFETCH(bool, hasReference);
    QFETCH(qint64, minutes);
    QFETCH(double, price);
    QFETCH(bool, flagged);
    const api::Quote reference = priced(70, 10);
    const MaybeIssue issue = checkDuplicate(priced(price, minutes), hasReference ? &reference : nullptr);
    QCOMPARE(bool(issue), flagged);
    if (issue) {
        QCOMPARE(issue->rule, Rule::Duplicate);
        QCOMPARE(issue->reference, std::optional<double>(70));
        QCOMPARE(issue->value, price);
    }
}

void TestQuoteRules::spike_data()
{
    QTest::addColumn<bool>("hasReference");
    QTest::addColumn<double>("reference");
    QTest::addColumn<double>("price");
    QTest::addColumn<qint64>("minutesLater");
    QTest::addColumn<bool>("flagged");
    QTest::addRow("no reference") << false << 70.0 << 700.0 << qint64(1) << false;
    QTest::addRow("small move") << true << 70.0 << 72.0 << qint64(1) << false;
    QTest::addRow("exactly the limit up") << true << 100.0 << 108.0 << qint64(1) << false;
    QTest::addRow("exactly the limit down") << true << 100.0 << 92.0 << qint64(1) << false;
    QTest::addRow("over the limit up") << true << 100.0 << 108.5 << qint64(1) << true;
    QTest::addRow("over the limit down") << true << 100.0 << 91.5 << qint64(1) << true;
    QTest::addRow("ten times") << true << 70.0 << 700.0 << qint64(1) << true;
    QTest::addRow("at the window's end") << true << 70.0 << 700.0 << qint64(15) << true;
    QTest::addRow("past the window") << true << 70.0 << 700.0 << qint64(16) << false;
    QTest::addRow("same moment") << true << 70.0 << 700.0 << qint64(0) << true;
    QTest::addRow("older than the reference") << true << 70.0 << 700.0 << qint64(-1) << false;
    QTest::addRow("reference zero") << true << 0.0 << 5.0 << qint64(1) << false;
    QTest::addRow("negative reference") << true << -10.0 << -5.0 << qint64(1) << true;
}

void TestQuoteRules::spike()
{
    QFETCH(bool, hasReference);
    QFETCH(double, reference);
    QFETCH(double, price);
    QFETCH(qint64, minutesLater);
    QFETCH(bool, flagged);
    const api::Quote last = priced(reference, 100);
    const SpikeLimit limit {8.0, 15 * kMinuteMs};
    const MaybeIssue issue
        = checkSpike(priced(price, 100 + minutesLater), hasReference ? &last : nullptr, limit);
    QCOMPARE(bool(issue), flagged);
    if (issue) {
        QCOMPARE(issue->rule, Rule::Spike);
        QCOMPARE(issue->reference, std::optional<double>(reference));
        QCOMPARE(issue->upperLimit, std::optional<double>(8.0));
        QCOMPARE(issue->allowedMs, std::optional<qint64>(15 * kMinuteMs));
        const double expected = (price - reference) / std::abs(reference) * 100;
        QVERIFY(issue->changePercent && qFuzzyCompare(*issue->changePercent, expected));
    }
}

void TestQuoteRules::spread_data()
{
    QTest::addColumn<QString>("code");
    QTest::addColumn<double>("price");
    QTest::addColumn<double>("partnerPrice");
    QTest::addColumn<qint64>("partnerMinutes"); // the quote is at minute 60
    QTest::addColumn<bool>("hasPartner");
    QTest::addColumn<bool>("flagged");
    QTest::addColumn<double>("spread");
    const QString brent = QStringLiteral("BRENT_CRUDE_USD");
    const QString wti = QStringLiteral("WTI_USD");
    QTest::addRow("brent, normal") << brent << 75.0 << 71.0 << qint64(59) << true << false << 4.0;
    QTest::addRow("brent too high") << brent << 120.0 << 71.0 << qint64(59) << true << true << 49.0;
    QTest::addRow("brent too low") << brent << 55.0 << 71.0 << qint64(59) << true << true << -16.0;
    QTest::addRow("wti too high") << wti << 90.0 << 75.0 << qint64(59) << true << true << -15.0;
    QTest::addRow("wti too low") << wti << 30.0 << 75.0 << qint64(59) << true << true << 45.0;
    QTest::addRow("band edges included") << brent << 106.0 << 71.0 << qint64(59) << true << false << 35.0;
    QTest::addRow("no partner") << brent << 120.0 << 71.0 << qint64(59) << false << false << 0.0;
    QTest::addRow("partner too old") << brent << 120.0 << 71.0 << qint64(-1) << true << false << 0.0;
    QTest::addRow("partner at the gap") << brent << 120.0 << 71.0 << qint64(0) << true << true << 49.0;
    QTest::addRow("partner newer, close") << brent << 120.0 << 71.0 << qint64(70) << true << true << 49.0;
}

void TestQuoteRules::spread()
{
    QFETCH(QString, code);
    QFETCH(double, price);
    QFETCH(double, partnerPrice);
    QFETCH(qint64, partnerMinutes);
    QFETCH(bool, hasPartner);
    QFETCH(bool, flagged);
    QFETCH(double, spread);
    const SpreadBand band = ValidationSettings::defaultSpreadBands().front(); // -10 to 35, 60 min
    const QString partnerCode = code == band.first ? band.second : band.first;
    const api::Quote partner = priced(partnerPrice, partnerMinutes, partnerCode);
    const MaybeIssue issue = checkSpread(priced(price, 60, code), hasPartner ? &partner : nullptr, band);
    QCOMPARE(bool(issue), flagged);
    if (issue) {
        QCOMPARE(issue->rule, Rule::SpreadOutOfBand);
        QCOMPARE(issue->spread, std::optional<double>(spread));
        QCOMPARE(issue->partnerCode, partnerCode);
        QCOMPARE(issue->reference, std::optional<double>(partnerPrice));
        QCOMPARE(issue->lowerLimit, std::optional<double>(-10));
        QCOMPARE(issue->upperLimit, std::optional<double>(35));
        QVERIFY(issue->message.contains(partnerCode));
    }
}

QTEST_GUILESS_MAIN(TestQuoteRules)
#include "tst_quoterules.moc"
