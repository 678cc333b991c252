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
        // forward transition gives a history that is statistically what the walk would have produced.
        double a = 0.0;
        double sd = 0.0;
        transition(realisticSigma, 3600, &a, &sd);
        std::vector<PricePoint> past(size_t(hours) + 1);
        double x = s.mu;
        for (qint64 h = 0; h <= hours; ++h) {
            past[size_t(hours - h)] = {anchorHour - h * 3600, rounded(i, x)};
            x = s.mu + (x - s.mu) * a + sd * gaussian(s);
        }
        s.hourly.assign(past.begin(), past.end());
    }
}

double PriceModel::gaussian(Series& s)
{
    // Box-Muller on our own uniforms: std::normal_distribution differs between standard libraries, and the
    // same seed must give the same prices on every platform.
    constexpr double kScale = 1.0 / 9007199254740992.0; // 2^-53
    const double u1 = double((s.rng() >> 11) + 1) * kScale; // (0, 1]: log stays finite
    const double u2 = double(s.rng() >> 11) * kScale;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

void PriceModel::step(Series& s, qint64 dtSec)
{
    double a = s.stepA;
    double sd = s.stepSd;
    if (dtSec != 1)
        transition(s.sigma, dtSec, &a, &sd);
    s.logPrice = s.mu + (s.logPrice - s.mu) * a + sd * gaussian(s);
    s.lastSec += dtSec;
    ++s.steps;
}

void PriceModel::record(Series& s, int index, qint64 targetSec)
{
    const qint64 t = s.lastSec;
    const bool onMinute = positiveMod(t, 60) == 0;
    if (!onMinute)
        return;
    if (targetSec - t < kMinuteRetentionSec) {
        s.minute.push_back({t, rounded(index, s.logPrice)});
        while (!s.minute.empty() && s.minute.front().epochSec <= t - kMinuteRetentionSec)
            s.minute.pop_front();
    }
    if (positiveMod(t, 3600) == 0) {
        s.hourly.push_back({t, rounded(index, s.logPrice)});
        while (!s.hourly.empty() && s.hourly.front().epochSec <= t - kHourlyRetentionSec)
            s.hourly.pop_front();
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
    if (nowSec - s.lastSec > kHourlyRetentionSec) {
        // Nothing older than the hourly window would survive, so one aggregated step crosses the gap.
        const qint64 resumeAt = floorDiv(nowSec - kHourlyRetentionSec, 3600) * 3600;
        if (resumeAt > s.lastSec)
            step(s, resumeAt - s.lastSec);
    }
    while (s.lastSec < nowSec) {
        const qint64 remaining = nowSec - s.lastSec;
        qint64 dt = 1;
        if (remaining > kMinuteRetentionSec)
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
    Span result {0, 0, 0, 0};
    if (toSec < fromSec)
        return result;
    const qint64 minuteFirst
        = s.minute.empty() ? std::numeric_limits<qint64>::max() : s.minute.front().epochSec;
    result.minuteBegin
        = std::lower_bound(s.minute.begin(), s.minute.end(), fromSec, before) - s.minute.begin();
    result.minuteEnd = std::upper_bound(s.minute.begin(), s.minute.end(), toSec, after) - s.minute.begin();
    result.minuteEnd = std::max(result.minuteEnd, result.minuteBegin);
    const qint64 hourlyTo = std::min(toSec, minuteFirst - 1);
    result.hourlyBegin
        = std::lower_bound(s.hourly.begin(), s.hourly.end(), fromSec, before) - s.hourly.begin();
    result.hourlyEnd = std::upper_bound(s.hourly.begin(), s.hourly.end(), hourlyTo, after) - s.hourly.begin();
    result.hourlyEnd = std::max(result.hourlyEnd, result.hourlyBegin);
    return result;
}

qsizetype PriceModel::countBetween(int index, qint64 fromSec, qint64 toSec) const
{
    if (index < 0 || index >= int(m_series.size()))
        return 0;
    const Span sp = span(m_series[size_t(index)], fromSec, toSec);
    return (sp.minuteEnd - sp.minuteBegin) + (sp.hourlyEnd - sp.hourlyBegin);
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
    const qsizetype total = minuteCount + (sp.hourlyEnd - sp.hourlyBegin);
    if (offset >= total)
        return result;
    const qsizetype count = limit < 0 ? total - offset : std::min(limit, total - offset);
    result.reserve(size_t(count));
    for (qsizetype k = offset; k < offset + count; ++k) {
        // Newest first: the minute records from the end backwards, then the hourly ones.
        if (k < minuteCount)
            result.push_back(s.minute[size_t(sp.minuteEnd - 1 - k)]);
        else
            result.push_back(s.hourly[size_t(sp.hourlyEnd - 1 - (k - minuteCount))]);
    }
    return result;
}

std::vector<PricePoint> PriceModel::recordsForCode(QStringView code, qint64 fromSec, qint64 toSec)
{
    const int index = m_catalog.indexOf(code);
    advanceTo(index, m_clock.nowUtc().toSecsSinceEpoch());
    return recordsBetween(index, fromSec, toSec);
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
