#include "sim/pricemodel.h"
#include "util/utc.h"

#include <cmath>

#include <QElapsedTimer>
#include <QTest>

using oilwatch::sim::CommodityCatalog;
using oilwatch::sim::PriceModel;
using oilwatch::sim::PricePoint;
using oilwatch::util::ManualClock;

namespace {

constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 24 * kHour;
// 2026-03-10T10:30:15Z: mid-hour on purpose, so hour alignment is exercised.
const QDateTime kStart = QDateTime::fromSecsSinceEpoch(1'773'138'615, oilwatch::util::utc());

bool isRounded(double price, int decimals)
{
    const double scaled = price * std::pow(10.0, decimals);
    return std::abs(scaled - std::round(scaled)) < 1e-6;
}

qint64 nowSec(const ManualClock& clock)
{
    return clock.nowUtc().toSecsSinceEpoch();
}

} // namespace

class TestPriceModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sameSeedSamePrices();
    void differentSeedsDiffer();
    void startsNearTheCatalogueLevel_data();
    void startsNearTheCatalogueLevel();
    void historyCoversThePastYearHourly();
    void historyCoversFiveYearsDaily();
    void historyTiersJoinWithoutGaps();
    void historyConnectsToTheStartingPrice();
    void advancesOneTickPerElapsedSecond();
    void neverGoesBackInTime();
    void recordsLiveTicksOncePerMinute();
    void boundsTheMinuteRecords();
    void historyStaysBoundedAsTimePasses();
    void capsCatchUpWork();
    void pricesStayPositiveAndRounded_data();
    void pricesStayPositiveAndRounded();
    void pagesNewestFirst();
    void unknownCodesAreHarmless();
    void paceScalesLiveMovesOnly();
};

void TestPriceModel::sameSeedSamePrices()
{
    ManualClock clockA(kStart);
    ManualClock clockB(kStart);
    PriceModel a(CommodityCatalog::builtin(), 7, clockA);
    PriceModel b(CommodityCatalog::builtin(), 7, clockB);
    for (int step = 0; step < 20; ++step) {
        clockA.advanceMs(37'000);
        clockB.advanceMs(37'000);
        for (const QString& code : CommodityCatalog::builtin().codes()) {
            const PricePoint pa = a.latest(code);
            const PricePoint pb = b.latest(code);
            QCOMPARE(pa.epochSec, pb.epochSec);
            QCOMPARE(pa.price, pb.price);
        }
    }
    const auto ha = a.recordsBetween(0, 0, nowSec(clockA));
    const auto hb = b.recordsBetween(0, 0, nowSec(clockB));
    QCOMPARE(ha.size(), hb.size());
    for (size_t i = 0; i < ha.size(); ++i)
        QCOMPARE(ha[i].price, hb[i].price);
}

void TestPriceModel::differentSeedsDiffer()
{
    ManualClock clock(kStart);
    PriceModel a(CommodityCatalog::builtin(), 1, clock);
    PriceModel b(CommodityCatalog::builtin(), 2, clock);
    const auto ha = a.recordsBetween(0, 0, nowSec(clock));
    const auto hb = b.recordsBetween(0, 0, nowSec(clock));
    QCOMPARE(ha.size(), hb.size());
    int differing = 0;
    for (size_t i = 0; i < ha.size(); ++i)
        differing += ha[i].price != hb[i].price ? 1 : 0;
    QVERIFY(differing > int(ha.size()) / 2);
}

void TestPriceModel::startsNearTheCatalogueLevel_data()
{
    QTest::addColumn<QString>("code");
    for (const QString& code : CommodityCatalog::builtin().codes())
        QTest::addRow("%s", qPrintable(code)) << code;
}

void TestPriceModel::startsNearTheCatalogueLevel()
{
    QFETCH(QString, code);
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const double level = CommodityCatalog::builtin().find(code)->startPrice;
    const PricePoint point = model.latest(code);
    QCOMPARE(point.epochSec, nowSec(clock));
    // Half an hour of walking moves a price by a percent or two, never by a fifth.
    QVERIFY2(std::abs(point.price / level - 1.0) < 0.2, qPrintable(QString::number(point.price)));
    // A year of history stays within a plausible band around the typical level.
    for (const PricePoint& past : model.recordsForCode(code, 0, nowSec(clock))) {
        QVERIFY2(past.price > level / 3 && past.price < level * 3, qPrintable(QString::number(past.price)));
    }
}

void TestPriceModel::historyCoversThePastYearHourly()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const int brent = CommodityCatalog::builtin().indexOf(u"BRENT_CRUDE_USD");
    QCOMPARE(model.hourlyCount(brent), 365 * 24 + 1);
    const qint64 anchorHour = nowSec(clock) / kHour * kHour;
    const qint64 yearAgo = anchorHour - 365 * kDay;
    const auto history = model.recordsBetween(brent, yearAgo, nowSec(clock));
    QCOMPARE(qsizetype(history.size()), model.countBetween(brent, yearAgo, nowSec(clock)));
    QCOMPARE(history.front().epochSec, anchorHour);
    QCOMPARE(history.back().epochSec, anchorHour - 365 * kDay);
    for (size_t i = 1; i < history.size(); ++i)
        QCOMPARE(history[i - 1].epochSec - history[i].epochSec, kHour);
}

// Users ask for several years (issue 13): five whole calendar years of daily points at 00:00 UTC, the same
// for the same seed, before the hourly year.
void TestPriceModel::historyCoversFiveYearsDaily()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const int brent = CommodityCatalog::builtin().indexOf(u"BRENT_CRUDE_USD");
    const qint64 hourlyFirst = nowSec(clock) / kHour * kHour - 365 * kDay;
    const QDate fiveYearsAgo = clock.nowUtc().date().addYears(-5);
    const qint64 from = fiveYearsAgo.startOfDay(oilwatch::util::utc()).toSecsSinceEpoch();
    const auto daily = model.recordsBetween(brent, from, hourlyFirst - 1);
    // 2021-03-10 .. 2025-03-10 (the hourly year starts at 10:00 that day): every day once, newest first.
    QCOMPARE(qsizetype(daily.size()), fiveYearsAgo.daysTo(QDate(2025, 3, 10)) + 1);
    QCOMPARE(daily.back().epochSec, from);
    for (size_t i = 0; i < daily.size(); ++i) {
        QCOMPARE(daily[i].epochSec % kDay, qint64(0));
        if (i > 0)
            QCOMPARE(daily[i - 1].epochSec - daily[i].epochSec, kDay);
        QVERIFY(daily[i].price > 0.0);
    }
    QVERIFY(model.dailyCount(brent) >= 5 * 366);

    // Deterministic from the seed; another seed gives another past.
    PriceModel same(CommodityCatalog::builtin(), 42, clock);
    PriceModel other(CommodityCatalog::builtin(), 43, clock);
    const auto again = same.recordsBetween(brent, from, hourlyFirst - 1);
    const auto otherDaily = other.recordsBetween(brent, from, hourlyFirst - 1);
    QCOMPARE(again.size(), daily.size());
    int differing = 0;
    for (size_t i = 0; i < daily.size(); ++i) {
        QCOMPARE(again[i].price, daily[i].price);
        differing += otherDaily[i].price != daily[i].price ? 1 : 0;
    }
    QVERIFY(differing > int(daily.size()) / 2);
}

// A range across all three tiers: minute records, then hourly points, then daily points, each tier only where
// the finer one has nothing, in one newest-first sequence.
void TestPriceModel::historyTiersJoinWithoutGaps()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const int index = CommodityCatalog::builtin().indexOf(u"WTI_USD");
    model.advanceTo(index, nowSec(clock));
    const auto all = model.recordsBetween(index, 0, nowSec(clock));
    QCOMPARE(qsizetype(all.size()), model.countBetween(index, 0, nowSec(clock)));
    const qint64 hourlyFirst = nowSec(clock) / kHour * kHour - 365 * kDay;
    qint64 largestGap = 0;
    for (size_t i = 1; i < all.size(); ++i) {
        const qint64 gap = all[i - 1].epochSec - all[i].epochSec;
        QVERIFY(gap > 0);
        largestGap = std::max(largestGap, gap);
        // Finer than a day after the daily tier hands over; a day at most before.
        if (all[i].epochSec >= hourlyFirst)
            QVERIFY2(gap <= kHour, qPrintable(QString::number(all[i].epochSec)));
    }
    QCOMPARE(largestGap, kDay);
    // 30 minute records, 365 days of hours and the days before them.
    const qsizetype days = model.countBetween(index, 0, hourlyFirst - 1);
    QCOMPARE(qsizetype(all.size()), 30 + (365 * 24 + 1) + days);
}

void TestPriceModel::historyConnectsToTheStartingPrice()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    for (const auto& info : CommodityCatalog::builtin().all()) {
        const int index = CommodityCatalog::builtin().indexOf(info.code);
        const auto newest = model.recordsBetween(index, 0, nowSec(clock), 0, 1);
        QCOMPARE(newest.size(), size_t(1));
        const double factor = std::pow(10.0, info.decimals);
        QCOMPARE(newest.front().price, std::round(info.startPrice * factor) / factor);
    }
}

// Spread of one-second log returns over 2000 ticks, same seed: the paced walk moves about `pace` times more.
void TestPriceModel::paceScalesLiveMovesOnly()
{
    auto spread = [](double pace, double* firstHistoryPoint) {
        ManualClock clock(kStart);
        PriceModel model(CommodityCatalog::builtin(), 42, clock, pace);
        const int brent = CommodityCatalog::builtin().indexOf(u"BRENT_CRUDE_USD");
        *firstHistoryPoint = model.recordsBetween(brent, 0, nowSec(clock) - kDay, 0, 1).front().price;
        double sumSquares = 0;
        double previous = std::log(model.latestAt(brent, nowSec(clock)).price);
        for (int i = 0; i < 2000; ++i) {
            clock.advanceMs(1000);
            const double current = std::log(model.latestAt(brent, nowSec(clock)).price);
            sumSquares += (current - previous) * (current - previous);
            previous = current;
        }
        return std::sqrt(sumSquares / 2000);
    };
    double historyRealistic = 0;
    double historyPaced = 0;
    const double realistic = spread(1.0, &historyRealistic);
    const double paced = spread(10.0, &historyPaced);
    QVERIFY2(paced > 5 * realistic, qPrintable(QString("%1 vs %2").arg(paced).arg(realistic)));
    QCOMPARE(historyPaced, historyRealistic); // the generated past is the same whatever the pace
}

void TestPriceModel::advancesOneTickPerElapsedSecond()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const int wti = CommodityCatalog::builtin().indexOf(u"WTI_USD");
    QCOMPARE(model.liveSteps(wti), quint64(0));
    model.latest(u"WTI_USD");
    const quint64 sinceHour = quint64(nowSec(clock) % kHour); // the walk starts at the top of the hour
    QCOMPARE(model.liveSteps(wti), sinceHour);
    clock.advanceMs(999);
    model.latest(u"WTI_USD");
    QCOMPARE(model.liveSteps(wti), sinceHour); // no whole second yet
    clock.advanceMs(1);
    QCOMPARE(model.latest(u"WTI_USD").epochSec, nowSec(clock));
    QCOMPARE(model.liveSteps(wti), sinceHour + 1);
    clock.advanceMs(250'000);
    model.latest(u"WTI_USD");
    QCOMPARE(model.liveSteps(wti), sinceHour + 251);
    // Other commodities walk only when asked.
    QCOMPARE(model.liveSteps(CommodityCatalog::builtin().indexOf(u"GOLD_USD")), quint64(0));
}

void TestPriceModel::neverGoesBackInTime()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const PricePoint now = model.latest(u"GOLD_USD");
    const PricePoint earlier = model.latestAt(u"GOLD_USD", nowSec(clock) - 600);
    QCOMPARE(earlier.epochSec, now.epochSec);
    QCOMPARE(earlier.price, now.price);
}

void TestPriceModel::recordsLiveTicksOncePerMinute()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const int index = CommodityCatalog::builtin().indexOf(u"DUTCH_TTF_EUR");
    const qint64 anchorHour = nowSec(clock) / kHour * kHour;
    model.advanceTo(index, nowSec(clock));
    QCOMPARE(model.minuteCount(index), qsizetype(30)); // 10:01 .. 10:30
    for (int i = 0; i < 10 * 60; ++i) { // ten minutes, polled every second
        clock.advanceMs(1000);
        model.latest(u"DUTCH_TTF_EUR");
    }
    QCOMPARE(model.minuteCount(index), qsizetype(40));
    const auto recent = model.recordsBetween(index, anchorHour + 1, nowSec(clock));
    QCOMPARE(recent.size(), size_t(40));
    for (const PricePoint& point : recent)
        QCOMPARE(point.epochSec % 60, qint64(0));
    for (size_t i = 1; i < recent.size(); ++i)
        QCOMPARE(recent[i - 1].epochSec - recent[i].epochSec, qint64(60));
    // The full range joins minute records to hourly points without a duplicate at the seam.
    const auto all = model.recordsBetween(index, 0, nowSec(clock));
    const qsizetype days = model.countBetween(index, 0, anchorHour - 365 * kDay - 1);
    QCOMPARE(qsizetype(all.size()), 40 + model.hourlyCount(index) + days);
    QCOMPARE(all[40].epochSec, anchorHour);
}

void TestPriceModel::boundsTheMinuteRecords()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const int index = CommodityCatalog::builtin().indexOf(u"EU_CARBON_EUR");
    for (int day = 0; day < 10; ++day) {
        for (int step = 0; step < 24; ++step) {
            clock.advanceMs(kHour * 1000);
            model.latest(u"EU_CARBON_EUR");
        }
    }
    QVERIFY(model.minuteCount(index) <= 7 * 24 * 60);
    QVERIFY(model.minuteCount(index) >= 7 * 24 * 60 - 1);
    QVERIFY(model.hourlyCount(index) <= 366 * 24 + 1);
    const auto week = model.recordsBetween(index, nowSec(clock) - 7 * kDay + 60, nowSec(clock));
    for (size_t i = 1; i < week.size(); ++i)
        QCOMPARE(week[i - 1].epochSec - week[i].epochSec, qint64(60));
    // Hourly points keep going where the minute records have been dropped.
    const auto older = model.recordsBetween(index, nowSec(clock) - 9 * kDay, nowSec(clock) - 8 * kDay);
    QCOMPARE(older.size(), size_t(24));
}

// The simulator runs inside the dashboard for days: every tier drops what falls out of its window, so two
// years of uptime hold no more than the first day did, and the daily tier keeps its five years unbroken.
void TestPriceModel::historyStaysBoundedAsTimePasses()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const int index = CommodityCatalog::builtin().indexOf(u"NATURAL_GAS_USD");
    const qsizetype startDaily = model.dailyCount(index);
    for (int day = 0; day < 2 * 366; ++day) {
        clock.advanceMs(kDay * 1000);
        model.latest(u"NATURAL_GAS_USD");
        QVERIFY(model.minuteCount(index) <= PriceModel::kMinuteRetentionSec / 60);
        QVERIFY(model.hourlyCount(index) <= PriceModel::kHourlyRetentionSec / kHour + 1);
        QVERIFY(model.dailyCount(index) <= PriceModel::kDailyRetentionSec / kDay + 1);
    }
    QVERIFY(model.dailyCount(index) >= startDaily);
    QCOMPARE(model.minuteCount(index), PriceModel::kMinuteRetentionSec / 60);
    // Every midnight of the last five years is there once: the old generated ones and the live ones.
    const qint64 fiveYears = 5 * 365 * kDay;
    const qint64 oldest = model.recordsBetween(index, 0, nowSec(clock)).back().epochSec;
    QVERIFY(oldest <= nowSec(clock) - fiveYears);
    const auto days = model.recordsBetween(
        index, nowSec(clock) - fiveYears, nowSec(clock) - PriceModel::kHourlyRetentionSec - 1);
    QCOMPARE(qint64(days.size()), (fiveYears - PriceModel::kHourlyRetentionSec) / kDay);
    for (size_t i = 1; i < days.size(); ++i)
        QCOMPARE(days[i - 1].epochSec - days[i].epochSec, kDay);
}

void TestPriceModel::capsCatchUpWork()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const int index = CommodityCatalog::builtin().indexOf(u"BRENT_CRUDE_USD");
    clock.advanceMs(5LL * 365 * kDay * 1000); // five years without a request
    QElapsedTimer timer;
    timer.start();
    const PricePoint point = model.latest(u"BRENT_CRUDE_USD");
    QCOMPARE(point.epochSec, nowSec(clock));
    QVERIFY(point.price > 0.0);
    // At most five years of days, a year of hours, a week of minutes and an hour of seconds.
    QVERIFY2(model.liveSteps(index) <= 1 + (5 * 366 + 1) + 366 * 24 + 7 * 24 * 60 + 3600,
        qPrintable(QString::number(model.liveSteps(index))));
    QVERIFY(timer.elapsed() < 2000);
    QVERIFY(model.hourlyCount(index) <= 366 * 24 + 1);
    QVERIFY(model.dailyCount(index) <= 5 * 366 + 1);
    const auto history = model.recordsBetween(index, nowSec(clock) - 365 * kDay, nowSec(clock));
    QVERIFY(history.size() > 365 * 24);
}

void TestPriceModel::pricesStayPositiveAndRounded_data()
{
    QTest::addColumn<QString>("code");
    for (const QString& code : CommodityCatalog::builtin().codes())
        QTest::addRow("%s", qPrintable(code)) << code;
}

void TestPriceModel::pricesStayPositiveAndRounded()
{
    QFETCH(QString, code);
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 99, clock);
    const int decimals = CommodityCatalog::builtin().find(code)->decimals;
    for (int i = 0; i < 200; ++i) {
        clock.advanceMs(17'000);
        const PricePoint point = model.latest(code);
        QVERIFY(point.price > 0.0);
        QVERIFY2(isRounded(point.price, decimals), qPrintable(QString::number(point.price, 'g', 17)));
    }
    for (const PricePoint& point : model.recordsForCode(code, 0, nowSec(clock))) {
        QVERIFY(point.price > 0.0);
        QVERIFY(isRounded(point.price, decimals));
    }
}

void TestPriceModel::pagesNewestFirst()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    const int index = CommodityCatalog::builtin().indexOf(u"GOLD_USD");
    clock.advanceMs(3 * kHour * 1000);
    model.advanceTo(index, nowSec(clock));
    const qint64 from = nowSec(clock) - 2 * kDay;
    const auto all = model.recordsBetween(index, from, nowSec(clock));
    QCOMPARE(qsizetype(all.size()), model.countBetween(index, from, nowSec(clock)));
    for (size_t i = 1; i < all.size(); ++i)
        QVERIFY(all[i - 1].epochSec > all[i].epochSec);
    QVERIFY(all.back().epochSec >= from);
    // Pages are windows of the same sequence.
    const auto page = model.recordsBetween(index, from, nowSec(clock), 150, 100);
    QCOMPARE(page.size(), size_t(100));
    QCOMPARE(page.front().epochSec, all[150].epochSec);
    QCOMPARE(page.back().epochSec, all[249].epochSec);
    QVERIFY(model.recordsBetween(index, from, nowSec(clock), qsizetype(all.size()), 100).empty());
    QCOMPARE(model.countBetween(index, nowSec(clock), from), qsizetype(0)); // reversed range
}

void TestPriceModel::unknownCodesAreHarmless()
{
    ManualClock clock(kStart);
    PriceModel model(CommodityCatalog::builtin(), 42, clock);
    QCOMPARE(model.latest(u"NOPE").price, 0.0);
    QVERIFY(model.recordsForCode(u"NOPE", 0, nowSec(clock)).empty());
    QCOMPARE(model.countBetween(-1, 0, nowSec(clock)), qsizetype(0));
    model.advanceTo(1000, nowSec(clock));
}

QTEST_GUILESS_MAIN(TestPriceModel)
#include "tst_pricemodel.moc"
