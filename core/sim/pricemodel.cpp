#include "sim/pricemodel.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace oilwatch::sim {

namespace {

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;
// Deviations from the typical level decay with a time constant of about two months: long enough to look like
// a market, short enough that a year of simulation never wanders off to absurd prices.
constexpr double kReversionPerSec = 1.0 / (60.0 * 24 * 3600);

// FNV-1a: unlike qHash it is not salted per process, so the same seed gives the same prices in every run.
quint64 stableHash(QStringView text)
{
    quint64 hash = 14695981039346656037ULL;
    for (QChar c : text) {
        hash ^= c.unicode();
        hash *= 1099511628211ULL;
    }
    return hash;
}

qint64 floorDiv(qint64 value, qint64 divisor)
{
    const qint64 q = value / divisor;
    return (value % divisor != 0 && value < 0) ? q - 1 : q;
}

qint64 positiveMod(qint64 value, qint64 divisor)
{
    return value - floorDiv(value, divisor) * divisor;
}

// Exact OU transition over dt seconds: x' = mu + (x - mu) * a + sd * z.
void transition(double sigma, qint64 dtSec, double* a, double* sd)
{
    *a = std::exp(-kReversionPerSec * double(dtSec));
    *sd = sigma * std::sqrt((1.0 - *a * *a) / (2.0 * kReversionPerSec));
}

} // namespace

PriceModel::PriceModel(
    const CommodityCatalog& catalog, quint64 seed, const util::Clock& clock, double livePace)
    : m_catalog(catalog)
    , m_clock(clock)
{
    const qint64 anchorSec = clock.nowUtc().toSecsSinceEpoch();
    const qint64 anchorHour = floorDiv(anchorSec, 3600) * 3600;
    const qint64 hours = 365 * 24;
    const qint64 oldestHour = anchorHour - hours * 3600;
    const qint64 dailyFrom = anchorHour - kDailyRetentionSec; // daily points strictly after this

    m_series.resize(size_t(catalog.size()));
    for (int i = 0; i < catalog.size(); ++i) {
        const CommodityInfo& info = catalog.all()[size_t(i)];
        Series& s = m_series[size_t(i)];
        s.rng.seed(seed + stableHash(info.code));
        s.mu = std::log(info.startPrice);
        const double realisticSigma = info.annualVolatility / std::sqrt(kSecondsPerYear);
        s.sigma = realisticSigma * std::clamp(livePace, 0.0, 1000.0);
        s.logPrice = s.mu;
        s.lastSec = anchorHour;
        transition(s.sigma, 1, &s.stepA, &s.stepSd);

        // The stationary OU process is time-reversible, so walking backwards from the starting level with the
        // forward transition gives a history that is statistically what the walk would have produced. Hours
        // for the past year (their midnights are the daily points too), then whole days for the years before.
        double a = 0.0;
        double sd = 0.0;
        transition(realisticSigma, 3600, &a, &sd);
        std::vector<PricePoint> hourly(size_t(hours) + 1);
        std::vector<PricePoint> daily; // newest first while generated
        daily.reserve(size_t(kDailyRetentionSec / 86'400) + 1);
        double x = s.mu;
        double xOldest = x;
        for (qint64 h = 0; h <= hours; ++h) {
            const PricePoint point {anchorHour - h * 3600, rounded(i, x)};
            hourly[size_t(hours - h)] = point;
            if (positiveMod(point.epochSec, 86'400) == 0)
                daily.push_back(point);
            xOldest = x;
            x = s.mu + (x - s.mu) * a + sd * gaussian(s.rng);
        }
        // The years before come from a generator of their own, so the live walk's draws (and so its prices)
        // are those of the year-only history the simulator had before. The first step back reaches the
        // midnight before the oldest hour; the rest are whole days.
        std::mt19937_64 pastRng(seed + stableHash(info.code) + 0x5ea5'0b5e'd7a1'1e55ULL);
        x = xOldest;
        qint64 t = oldestHour;
        qint64 dt = positiveMod(t, 86'400) == 0 ? 86'400 : positiveMod(t, 86'400);
        transition(realisticSigma, dt, &a, &sd);
        while (t - dt > dailyFrom) {
            x = s.mu + (x - s.mu) * a + sd * gaussian(pastRng);
            t -= dt;
            daily.push_back({t, rounded(i, x)});
            if (dt != 86'400) {
                dt = 86'400;
                transition(realisticSigma, dt, &a, &sd);
            }
        }
        s.hourly.assign(hourly.begin(), hourly.end());
        s.daily.assign(daily.rbegin(), daily.rend());
    }
}

double PriceModel::gaussian(std::mt19937_64& rng)
{
    // Box-Muller on our own uniforms: std::normal_distribution differs between standard libraries, and the
    // same seed must give the same prices on every platform.
    constexpr double kScale = 1.0 / 9007199254740992.0; // 2^-53
    const double u1 = double((rng() >> 11) + 1) * kScale; // (0, 1]: log stays finite
    const double u2 = double(rng() >> 11) * kScale;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

void PriceModel::step(Series& s, qint64 dtSec)
{
    double a = s.stepA;
    double sd = s.stepSd;
    if (dtSec != 1)
        transition(s.sigma, dtSec, &a, &sd);
    s.logPrice = s.mu + (s.logPrice - s.mu) * a + sd * gaussian(s.rng);
    s.lastSec += dtSec;
    ++s.steps;
}

void PriceModel::record(Series& s, int index, qint64 targetSec)
{
    const qint64 t = s.lastSec;
    if (positiveMod(t, 60) != 0)
        return;
    // A tier only records what it will still hold when the walk reaches targetSec.
    const qint64 age = targetSec - t;
    if (age < kMinuteRetentionSec) {
        s.minute.push_back({t, rounded(index, s.logPrice)});
        while (!s.minute.empty() && s.minute.front().epochSec <= t - kMinuteRetentionSec)
            s.minute.pop_front();
    }
    if (positiveMod(t, 3600) != 0)
        return;
    if (age < kHourlyRetentionSec) {
        s.hourly.push_back({t, rounded(index, s.logPrice)});
        while (!s.hourly.empty() && s.hourly.front().epochSec <= t - kHourlyRetentionSec)
            s.hourly.pop_front();
    }
    if (positiveMod(t, 86'400) == 0 && age < kDailyRetentionSec) {
        s.daily.push_back({t, rounded(index, s.logPrice)});
        while (!s.daily.empty() && s.daily.front().epochSec <= t - kDailyRetentionSec)
            s.daily.pop_front();
    }
}

void PriceModel::advanceTo(int index, qint64 nowSec)
{
    if (index < 0 || index >= int(m_series.size()))
        return;
    Series& s = m_series[size_t(index)];
    if (nowSec <= s.lastSec)
        return;
    ++m_revision;
    if (nowSec - s.lastSec > kDailyRetentionSec) {
        // Nothing older than the daily window would survive, so one aggregated step crosses the gap.
        const qint64 resumeAt = floorDiv(nowSec - kDailyRetentionSec, 86'400) * 86'400;
        if (resumeAt > s.lastSec)
            step(s, resumeAt - s.lastSec);
    }
    while (s.lastSec < nowSec) {
        const qint64 remaining = nowSec - s.lastSec;
        qint64 dt = 1;
        if (remaining > kHourlyRetentionSec)
            dt = 86'400 - positiveMod(s.lastSec, 86'400);
        else if (remaining > kMinuteRetentionSec)
            dt = 3600 - positiveMod(s.lastSec, 3600);
        else if (remaining > kPerSecondCatchUpSec)
            dt = 60 - positiveMod(s.lastSec, 60);
        step(s, std::min(dt, remaining));
        record(s, index, nowSec);
    }
}

double PriceModel::rounded(int index, double logPrice) const
{
    const int decimals = m_catalog.all()[size_t(index)].decimals;
    const double factor = std::pow(10.0, decimals);
    const double value = std::round(std::exp(logPrice) * factor) / factor;
    // A quote of zero would be a lie about a positive walk; clamp to the smallest representable step.
    return std::max(value, 1.0 / factor);
}

PricePoint PriceModel::latest(QStringView code)
{
    return latestAt(code, m_clock.nowUtc().toSecsSinceEpoch());
}

PricePoint PriceModel::latestAt(QStringView code, qint64 nowSec)
{
    return latestAt(m_catalog.indexOf(code), nowSec);
}

PricePoint PriceModel::latestAt(int index, qint64 nowSec)
{
    if (index < 0 || index >= int(m_series.size()))
        return {};
    advanceTo(index, nowSec);
    const Series& s = m_series[size_t(index)];
    return {s.lastSec, rounded(index, s.logPrice)};
}

PriceModel::Span PriceModel::span(const Series& s, qint64 fromSec, qint64 toSec) const
{
    const auto before = [](const PricePoint& p, qint64 t) { return p.epochSec < t; };
    const auto after = [](qint64 t, const PricePoint& p) { return t < p.epochSec; };
    // [begin, end) of one tier over [fromSec, to].
    const auto range = [&](const std::deque<PricePoint>& tier, qint64 to, qsizetype* begin, qsizetype* end) {
        *begin = std::lower_bound(tier.begin(), tier.end(), fromSec, before) - tier.begin();
        *end = std::upper_bound(tier.begin(), tier.end(), to, after) - tier.begin();
        *end = std::max(*end, *begin);
    };
    Span result {0, 0, 0, 0, 0, 0};
    if (toSec < fromSec)
        return result;
    // Each tier serves only the times before the finer tier's first point.
    const qint64 minuteFirst
        = s.minute.empty() ? std::numeric_limits<qint64>::max() : s.minute.front().epochSec;
    const qint64 hourlyFirst
        = s.hourly.empty() ? minuteFirst : std::min(minuteFirst, s.hourly.front().epochSec);
    range(s.minute, toSec, &result.minuteBegin, &result.minuteEnd);
    range(s.hourly, std::min(toSec, minuteFirst - 1), &result.hourlyBegin, &result.hourlyEnd);
    range(s.daily, std::min(toSec, hourlyFirst - 1), &result.dailyBegin, &result.dailyEnd);
    return result;
}

qsizetype PriceModel::countBetween(int index, qint64 fromSec, qint64 toSec) const
{
    if (index < 0 || index >= int(m_series.size()))
        return 0;
    const Span sp = span(m_series[size_t(index)], fromSec, toSec);
    return (sp.minuteEnd - sp.minuteBegin) + (sp.hourlyEnd - sp.hourlyBegin) + (sp.dailyEnd - sp.dailyBegin);
}

std::vector<PricePoint> PriceModel::recordsBetween(
    int index, qint64 fromSec, qint64 toSec, qsizetype offset, qsizetype limit) const
{
    std::vector<PricePoint> result;
    if (index < 0 || index >= int(m_series.size()) || offset < 0)
        return result;
    const Series& s = m_series[size_t(index)];
    const Span sp = span(s, fromSec, toSec);
    const qsizetype minuteCount = sp.minuteEnd - sp.minuteBegin;
    const qsizetype hourlyCount = sp.hourlyEnd - sp.hourlyBegin;
    const qsizetype total = minuteCount + hourlyCount + (sp.dailyEnd - sp.dailyBegin);
    if (offset >= total)
        return result;
    const qsizetype count = limit < 0 ? total - offset : std::min(limit, total - offset);
    result.reserve(size_t(count));
    for (qsizetype k = offset; k < offset + count; ++k) {
        // Newest first: the minute records from the end backwards, then the hourly ones, then the daily ones.
        if (k < minuteCount)
            result.push_back(s.minute[size_t(sp.minuteEnd - 1 - k)]);
        else if (k < minuteCount + hourlyCount)
            result.push_back(s.hourly[size_t(sp.hourlyEnd - 1 - (k - minuteCount))]);
        else
            result.push_back(s.daily[size_t(sp.dailyEnd - 1 - (k - minuteCount - hourlyCount))]);
    }
    return result;
}

std::vector<PricePoint> PriceModel::recordsForCode(QStringView code, qint64 fromSec, qint64 toSec)
{
    const int index = m_catalog.indexOf(code);
    advanceTo(index, m_clock.nowUtc().toSecsSinceEpoch());
    return recordsBetween(index, fromSec, toSec);
}

qsizetype PriceModel::dailyCount(int index) const
{
    return index < 0 || index >= int(m_series.size()) ? 0 : qsizetype(m_series[size_t(index)].daily.size());
}

qsizetype PriceModel::hourlyCount(int index) const
{
    return index < 0 || index >= int(m_series.size()) ? 0 : qsizetype(m_series[size_t(index)].hourly.size());
}

qsizetype PriceModel::minuteCount(int index) const
{
    return index < 0 || index >= int(m_series.size()) ? 0 : qsizetype(m_series[size_t(index)].minute.size());
}

quint64 PriceModel::liveSteps(int index) const
{
    return index < 0 || index >= int(m_series.size()) ? 0 : m_series[size_t(index)].steps;
}

} // namespace oilwatch::sim
