#pragma once

#include <cstdint>
#include <vector>

#include <QList>

namespace oilwatch::bench {

// One point of the percentile distribution, as HdrHistogram's .hgrm output lists them.
struct PercentilePoint
{
    qint64 valueUs = 0; // highest value equivalent to the values counted at this point
    double percentile = 0.0; // 0..100
    qint64 totalCount = 0; // values at or below valueUs
    double inverseTail = 1.0; // 1 / (1 - percentile/100); infinite at 100 is reported as 0 (the .hgrm way)
};

// One bar of a latency histogram chart.
struct HistogramBin
{
    qint64 fromUs = 0; // inclusive
    qint64 toUs = 0; // exclusive
    qint64 count = 0;
};

// A latency histogram in the HdrHistogram layout: fixed memory chosen at construction, values from
// lowestUs to highestUs kept to `significantDigits` decimal digits of precision, mergeable. Latencies are in
// microseconds. Values above the highest trackable value are clamped to it and counted in clampedCount().
// Not thread-safe: each worker thread records into its own histogram and the results are merged.
// Values below lowestUs (0 included) are recorded as lowestUs. minUs(), maxUs(), meanUs() and stddevUs() are
// exact (kept beside the buckets); percentiles are bucket values, never above maxUs().
class LatencyHistogram
{
public:
    static constexpr qint64 kDefaultLowestUs = 1;
    static constexpr qint64 kDefaultHighestUs = 60'000'000; // 60 s
    static constexpr int kDefaultSignificantDigits = 3;

    explicit LatencyHistogram(qint64 lowestUs = kDefaultLowestUs, qint64 highestUs = kDefaultHighestUs,
        int significantDigits = kDefaultSignificantDigits);

    // A negative value or count is a caller bug: it asserts in debug builds; in release a negative value is
    // recorded as 0 (so as lowestUs) and a negative count is ignored.
    void record(qint64 valueUs, qint64 count = 1);
    // Adds every value of `other`; both must have the same layout (lowest, highest, digits) to keep the
    // precision. A histogram of another layout is still merged, each of its buckets re-recorded here at its
    // lowest equivalent value.
    void merge(const LatencyHistogram& other);
    void reset();

    qint64 count() const;
    qint64 clampedCount() const;
    qint64 minUs() const; // 0 when empty
    qint64 maxUs() const; // 0 when empty
    double meanUs() const;
    double stddevUs() const;
    // percentile in 0..100; the highest value equivalent to the value at that rank, 0 when empty.
    qint64 valueAtPercentile(double percentile) const;

    // The distribution the way HdrHistogram's outputPercentileDistribution walks it.
    QList<PercentilePoint> percentileDistribution(int ticksPerHalfDistance = 5) const;
    // `bins` equal-width bins from minUs() to maxUs() (what the histogram chart draws).
    QList<HistogramBin> linearBins(int bins) const;

    qint64 lowestUs() const { return m_lowest; }
    qint64 highestUs() const { return m_highest; }
    int significantDigits() const { return m_digits; }
    // Bytes held by the counts: fixed by the layout, whatever the number of values recorded.
    qint64 footprintBytes() const;
    // The HdrHistogram layout, for the .hgrm footer.
    int bucketCount() const { return m_bucketCount; }
    int subBucketCount() const { return m_subBucketCount; }
    // The range of values counted together with valueUs: every value in [lowest, highest] shares its bucket.
    qint64 lowestEquivalentUs(qint64 valueUs) const;
    qint64 highestEquivalentUs(qint64 valueUs) const;

private:
    int indexOf(qint64 value) const;
    qint64 valueAtIndex(int index) const;
    qint64 equivalentRangeSize(qint64 value) const;
    qint64 valueAtRank(qint64 rank) const; // rank in 1..count()
    void addStats(
        qint64 count, qint64 min, qint64 max, qint64 shift, qint64 sumDelta, double sumDeltaSquares);

    qint64 m_lowest;
    qint64 m_highest;
    int m_digits;
    // Layout and counts are implementation details of latencyhistogram.cpp.
    int m_subBucketHalfCountMagnitude = 0;
    int m_unitMagnitude = 0;
    int m_subBucketCount = 0;
    int m_subBucketHalfCount = 0;
    qint64 m_subBucketMask = 0;
    int m_bucketCount = 0;
    std::vector<qint64> m_counts;
    qint64 m_total = 0;
    qint64 m_clamped = 0;
    qint64 m_min = 0;
    qint64 m_max = 0;
    // Mean and standard deviation come from sums of (value - m_shift), m_shift being the first value
    // recorded: shifting keeps the sum of squares small, so the variance does not drown in rounding.
    qint64 m_shift = 0;
    qint64 m_sumDelta = 0;
    double m_sumDeltaSquares = 0.0;
};

} // namespace oilwatch::bench
