#pragma once

#include "sim/commoditycatalog.h"
#include "util/clock.h"

#include <deque>
#include <random>
#include <vector>

#include <QString>
#include <QStringView>

namespace oilwatch::sim {

struct PricePoint
{
    qint64 epochSec = 0;
    double price = 0.0; // already rounded to the commodity's decimals
};

// Simulated prices: per commodity a seeded, mean-reverting geometric random walk (an Ornstein-Uhlenbeck
// process on the log price, so prices stay positive and near realistic levels). The walk advances lazily:
// asked for time t, it applies one tick per whole second since its last tick. Long gaps are bridged with
// exact aggregated steps (per minute inside the minute-history window, per hour inside the hourly one, per
// day before it) so catching up stays cheap. History, in three tiers that the walk keeps filling as it
// advances: a daily point (00:00 UTC) for the past five years, an hourly point for the past year, and a
// record per minute of live ticks for the last week; a range is served at the finest tier that covers each
// part of it. The history before the model was created is generated at construction (about 11,000 points per
// code, a few milliseconds for the whole catalogue). Memory is bounded by the retention constants whatever
// the uptime: at most kMinuteRetentionSec/60 + kHourlyRetentionSec/3600 + kDailyRetentionSec/86400 (10,080 +
// 8,784 + 1,831) points of 16 bytes per code, about 330 KB a code, 7 MB for the 21-code built-in catalogue.
// Not thread-safe: the server uses it from its own thread only.
class PriceModel
{
public:
    // Five whole calendar years and a day, whatever the leap years: a user asking for "the last five years"
    // on any day gets them all.
    static constexpr qint64 kDailyRetentionSec = (5LL * 366 + 1) * 24 * 3600;
    static constexpr qint64 kHourlyRetentionSec = 366LL * 24 * 3600;
    static constexpr qint64 kMinuteRetentionSec = 7LL * 24 * 3600;
    static constexpr qint64 kPerSecondCatchUpSec = 3600; // gaps up to this are walked second by second

    // livePace scales the volatility of ticks after construction (see SimOptions::pace); 1 is realistic.
    PriceModel(
        const CommodityCatalog& catalog, quint64 seed, const util::Clock& clock, double livePace = 1.0);

    const CommodityCatalog& catalog() const { return m_catalog; }

    // Latest price (advanced to the clock's now, or to nowSec) with the time of the tick that made it.
    // Unknown codes give a zero point.
    PricePoint latest(QStringView code);
    PricePoint latestAt(QStringView code, qint64 nowSec);
    PricePoint latestAt(int index, qint64 nowSec);

    // Advances one commodity's walk (and history) to nowSec. Earlier times are ignored: the walk never goes
    // back.
    void advanceTo(int index, qint64 nowSec);

    // Recorded points with fromSec <= t <= toSec, newest first: minute records where they exist, hourly
    // points before them, daily points before those. Call advanceTo first to include the newest ticks.
    // count/records skip the copy of the whole range.
    qsizetype countBetween(int index, qint64 fromSec, qint64 toSec) const;
    std::vector<PricePoint> recordsBetween(
        int index, qint64 fromSec, qint64 toSec, qsizetype offset = 0, qsizetype limit = -1) const;
    // Advances the code to the clock's now first.
    std::vector<PricePoint> recordsForCode(QStringView code, qint64 fromSec, qint64 toSec);

    qsizetype dailyCount(int index) const;
    qsizetype hourlyCount(int index) const;
    qsizetype minuteCount(int index) const;
    // Steps applied to the live walk so far, for tests of the catch-up cap.
    quint64 liveSteps(int index) const;
    // Changes whenever any walk advances: answers built from the model stay valid while it does not.
    quint64 revision() const { return m_revision; }

private:
    struct Series
    {
        std::mt19937_64 rng;
        double mu = 0.0; // log of the level the walk reverts to
        double sigma = 0.0; // per sqrt(second)
        double logPrice = 0.0; // unrounded state
        double stepA = 0.0; // decay and noise of a one-second step, precomputed for the hot path
        double stepSd = 0.0;
        qint64 lastSec = 0;
        quint64 steps = 0;
        std::deque<PricePoint> daily; // ascending; overlaps the hourly tier, which takes precedence
        std::deque<PricePoint> hourly; // ascending
        std::deque<PricePoint> minute; // ascending
    };

    static double gaussian(std::mt19937_64& rng);
    void step(Series& s, qint64 dtSec);
    void record(Series& s, int index, qint64 targetSec);
    double rounded(int index, double logPrice) const;
    // [begin, end) positions in the three tiers that the range covers, the finer tier taking precedence.
    struct Span
    {
        qsizetype minuteBegin, minuteEnd, hourlyBegin, hourlyEnd, dailyBegin, dailyEnd;
    };
    Span span(const Series& s, qint64 fromSec, qint64 toSec) const;

    const CommodityCatalog& m_catalog;
    const util::Clock& m_clock;
    std::vector<Series> m_series;
    quint64 m_revision = 0;
};

} // namespace oilwatch::sim
