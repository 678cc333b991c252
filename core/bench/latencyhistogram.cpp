#include "bench/latencyhistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include <QtGlobal>

namespace oilwatch::bench {

namespace {

// Ranks come from percentile * count in floating point, where 99.9 % of 1e6 may land a hair above 999000;
// that hair must not push the rank to the next value.
constexpr double kRankTolerance = 1e-12;

// Beyond this the shifts of the layout would not fit in 64 bits; no latency needs a coarser unit.
constexpr qint64 kMaxLowest = qint64(1) << 40;

// The next percentile level of HdrHistogram's percentile iteration: `ticksPerHalfDistance` points between the
// current level and the level halfway to 100 %, so the spectrum gets denser towards the tail.
double nextPercentileLevel(double level, int ticksPerHalfDistance)
{
    if (level >= 100.0)
        return 100.0;
    const double halvings = std::floor(std::log2(100.0 / (100.0 - level))) + 1.0;
    const double ticks = ticksPerHalfDistance * std::exp2(halvings);
    return std::min(100.0, level + 100.0 / ticks);
}

PercentilePoint pointAt(qint64 valueUs, double percentile, qint64 totalCount)
{
    PercentilePoint point;
    point.valueUs = valueUs;
    point.percentile = percentile;
    point.totalCount = totalCount;
    point.inverseTail = percentile < 100.0 ? 1.0 / (1.0 - percentile / 100.0) : 0.0;
    return point;
}

} // namespace

LatencyHistogram::LatencyHistogram(qint64 lowestUs, qint64 highestUs, int significantDigits)
    : m_lowest(std::clamp<qint64>(lowestUs, 1, kMaxLowest))
    , m_highest(std::max(highestUs, 2 * m_lowest))
    , m_digits(std::clamp(significantDigits, 0, 5))
{
    Q_ASSERT_X(lowestUs >= 1 && lowestUs <= kMaxLowest, "LatencyHistogram", "lowest value out of range");
    Q_ASSERT_X(highestUs >= 2 * lowestUs, "LatencyHistogram", "highest value below twice the lowest");
    Q_ASSERT_X(significantDigits >= 0 && significantDigits <= 5, "LatencyHistogram", "digits not in 0..5");

    // Values up to 2 * 10^digits must be told apart one by one; the sub-buckets are the power of two that
    // covers them. Each bucket after the first doubles the unit and so covers twice the range.
    qint64 largestWithUnitResolution = 2;
    for (int i = 0; i < m_digits; ++i)
        largestWithUnitResolution *= 10;
    const int subBucketCountMagnitude = int(std::bit_width(quint64(largestWithUnitResolution - 1)));
    m_subBucketHalfCountMagnitude = std::max(subBucketCountMagnitude, 1) - 1;
    m_unitMagnitude = int(std::bit_width(quint64(m_lowest))) - 1;
    m_subBucketCount = 1 << (m_subBucketHalfCountMagnitude + 1);
    m_subBucketHalfCount = m_subBucketCount / 2;
    m_subBucketMask = qint64(m_subBucketCount - 1) << m_unitMagnitude;

    qint64 smallestUntrackable = qint64(m_subBucketCount) << m_unitMagnitude;
    m_bucketCount = 1;
    while (smallestUntrackable <= m_highest) {
        if (smallestUntrackable > std::numeric_limits<qint64>::max() / 2) {
            ++m_bucketCount;
            break;
        }
        smallestUntrackable <<= 1;
        ++m_bucketCount;
    }
    // The first bucket uses all its sub-buckets, every later one only its upper half (its lower half would
    // repeat the previous bucket at a coarser unit).
    m_counts.assign(std::size_t(m_bucketCount + 1) * std::size_t(m_subBucketHalfCount), 0);
}

int LatencyHistogram::indexOf(qint64 value) const
{
    // The bucket is the power of two above the value (seen through the mask, so small values land in 0).
    const int bucket = int(std::bit_width(quint64(value | m_subBucketMask))) - m_unitMagnitude
        - (m_subBucketHalfCountMagnitude + 1);
    const int subBucket = int(value >> (bucket + m_unitMagnitude));
    return ((bucket + 1) << m_subBucketHalfCountMagnitude) + (subBucket - m_subBucketHalfCount);
}

qint64 LatencyHistogram::valueAtIndex(int index) const
{
    int bucket = (index >> m_subBucketHalfCountMagnitude) - 1;
    int subBucket = (index & (m_subBucketHalfCount - 1)) + m_subBucketHalfCount;
    if (bucket < 0) {
        subBucket -= m_subBucketHalfCount;
        bucket = 0;
    }
    return qint64(subBucket) << (bucket + m_unitMagnitude);
}

qint64 LatencyHistogram::equivalentRangeSize(qint64 value) const
{
    const int bucket = int(std::bit_width(quint64(value | m_subBucketMask))) - m_unitMagnitude
        - (m_subBucketHalfCountMagnitude + 1);
    return qint64(1) << (bucket + m_unitMagnitude);
}

qint64 LatencyHistogram::lowestEquivalentUs(qint64 valueUs) const
{
    const qint64 value = std::max<qint64>(valueUs, 0);
    const qint64 size = equivalentRangeSize(value);
    return value - value % size;
}

qint64 LatencyHistogram::highestEquivalentUs(qint64 valueUs) const
{
    const qint64 value = std::max<qint64>(valueUs, 0);
    return lowestEquivalentUs(value) + equivalentRangeSize(value) - 1;
}

void LatencyHistogram::record(qint64 valueUs, qint64 count)
{
    Q_ASSERT_X(valueUs >= 0, "LatencyHistogram::record", "negative latency");
    Q_ASSERT_X(count >= 0, "LatencyHistogram::record", "negative count");
    if (count <= 0)
        return;
    qint64 value = valueUs;
    if (value < m_lowest) {
        value = m_lowest;
    } else if (value > m_highest) {
        value = m_highest;
        m_clamped += count;
    }
    m_counts[std::size_t(indexOf(value))] += count;

    if (m_total == 0) {
        m_shift = value;
        m_min = value;
        m_max = value;
    } else {
        m_min = std::min(m_min, value);
        m_max = std::max(m_max, value);
    }
    m_total += count;
    const qint64 delta = value - m_shift;
    m_sumDelta += delta * count;
    m_sumDeltaSquares += double(delta) * double(delta) * double(count);
}

void LatencyHistogram::merge(const LatencyHistogram& other)
{
    if (other.m_total == 0)
        return;
    const bool sameLayout
        = other.m_lowest == m_lowest && other.m_highest == m_highest && other.m_digits == m_digits;
    qint64 otherMin = other.m_min;
    qint64 otherMax = other.m_max;
    if (sameLayout) {
        for (std::size_t i = 0; i < m_counts.size(); ++i)
            m_counts[i] += other.m_counts[i];
    } else {
        for (std::size_t i = 0; i < other.m_counts.size(); ++i) {
            const qint64 count = other.m_counts[i];
            if (count == 0)
                continue;
            qint64 value = std::max(other.valueAtIndex(int(i)), m_lowest);
            if (value > m_highest) {
                value = m_highest;
                m_clamped += count;
            }
            m_counts[std::size_t(indexOf(value))] += count;
        }
        otherMin = std::clamp(otherMin, m_lowest, m_highest);
        otherMax = std::clamp(otherMax, m_lowest, m_highest);
    }
    m_clamped += other.m_clamped;
    addStats(other.m_total, otherMin, otherMax, other.m_shift, other.m_sumDelta, other.m_sumDeltaSquares);
}

void LatencyHistogram::addStats(
    qint64 count, qint64 min, qint64 max, qint64 shift, qint64 sumDelta, double sumDeltaSquares)
{
    if (m_total == 0) {
        m_total = count;
        m_min = min;
        m_max = max;
        m_shift = shift;
        m_sumDelta = sumDelta;
        m_sumDeltaSquares = sumDeltaSquares;
        return;
    }
    // Re-base the other sums on our shift: (x - shift) + d = x - m_shift.
    const qint64 d = shift - m_shift;
    m_sumDeltaSquares
        += sumDeltaSquares + 2.0 * double(d) * double(sumDelta) + double(count) * double(d) * double(d);
    m_sumDelta += sumDelta + count * d;
    m_total += count;
    m_min = std::min(m_min, min);
    m_max = std::max(m_max, max);
}

void LatencyHistogram::reset()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_total = 0;
    m_clamped = 0;
    m_min = 0;
    m_max = 0;
    m_shift = 0;
    m_sumDelta = 0;
    m_sumDeltaSquares = 0.0;
}

qint64 LatencyHistogram::count() const
{
    return m_total;
}

qint64 LatencyHistogram::clampedCount() const
{
    return m_clamped;
}

qint64 LatencyHistogram::minUs() const
{
    return m_min;
}

qint64 LatencyHistogram::maxUs() const
{
    return m_max;
}

double LatencyHistogram::meanUs() const
{
    if (m_total == 0)
        return 0.0;
    return double(m_shift) + double(m_sumDelta) / double(m_total);
}

double LatencyHistogram::stddevUs() const
{
    if (m_total == 0)
        return 0.0;
    const double n = double(m_total);
    const double sum = double(m_sumDelta);
    const double variance = (m_sumDeltaSquares - sum * sum / n) / n;
    return variance > 0.0 ? std::sqrt(variance) : 0.0;
}

qint64 LatencyHistogram::valueAtRank(qint64 rank) const
{
    qint64 cumulative = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        cumulative += m_counts[i];
        if (cumulative >= rank)
            return std::min(highestEquivalentUs(valueAtIndex(int(i))), m_max);
    }
    return m_max;
}

qint64 LatencyHistogram::valueAtPercentile(double percentile) const
{
    if (m_total == 0)
        return 0;
    const double p = std::isnan(percentile) ? 0.0 : std::clamp(percentile, 0.0, 100.0);
    const double exactRank = p / 100.0 * double(m_total);
    const auto rank = qint64(std::ceil(exactRank * (1.0 - kRankTolerance)));
    return valueAtRank(std::clamp<qint64>(rank, 1, m_total));
}

QList<PercentilePoint> LatencyHistogram::percentileDistribution(int ticksPerHalfDistance) const
{
    QList<PercentilePoint> points;
    if (m_total == 0)
        return points;
    const int ticks = std::max(1, ticksPerHalfDistance);
    double level = 0.0;
    qint64 cumulative = 0;
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        if (m_counts[i] == 0)
            continue;
        cumulative += m_counts[i];
        const qint64 value = std::min(highestEquivalentUs(valueAtIndex(int(i))), m_max);
        if (cumulative == m_total) {
            // Like HdrHistogram: the level reached last, then the closing 100 % line at the same value.
            points.append(pointAt(value, level, cumulative));
            points.append(pointAt(value, 100.0, cumulative));
            break;
        }
        const double reached = 100.0 * double(cumulative) / double(m_total);
        while (reached >= level && level < 100.0) {
            points.append(pointAt(value, level, cumulative));
            level = nextPercentileLevel(level, ticks);
        }
    }
    return points;
}

QList<HistogramBin> LatencyHistogram::linearBins(int bins) const
{
    QList<HistogramBin> out;
    if (m_total == 0 || bins <= 0)
        return out;
    const qint64 span = m_max - m_min + 1;
    const qint64 width = (span + bins - 1) / bins;
    const qint64 binCount = (span + width - 1) / width;
    out.resize(binCount);
    for (qint64 b = 0; b < binCount; ++b) {
        out[b].fromUs = m_min + b * width;
        out[b].toUs = out[b].fromUs + width;
    }
    for (std::size_t i = 0; i < m_counts.size(); ++i) {
        const qint64 count = m_counts[i];
        if (count == 0)
            continue;
        // A bucket wider than a bin is spread over the bins it overlaps, in proportion to the overlap (its
        // values are taken as uniform inside it); the running rounding keeps the total exact.
        const qint64 bucketLow = valueAtIndex(int(i));
        const qint64 low = std::clamp(bucketLow, m_min, m_max);
        const qint64 high = std::clamp(highestEquivalentUs(bucketLow), low, m_max);
        const qint64 length = high - low + 1;
        const qint64 first = (low - m_min) / width;
        const qint64 last = (high - m_min) / width;
        qint64 assigned = 0;
        for (qint64 b = first; b <= last; ++b) {
            const qint64 covered = std::min(high + 1, out[b].toUs) - low;
            const qint64 target = std::llround(double(count) * double(covered) / double(length));
            out[b].count += target - assigned;
            assigned = target;
        }
    }
    return out;
}

qint64 LatencyHistogram::footprintBytes() const
{
    return qint64(m_counts.size() * sizeof(qint64));
}

} // namespace oilwatch::bench
