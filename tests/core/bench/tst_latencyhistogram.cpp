#include "bench/latencyhistogram.h"
#include "util/randomsource.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::bench;

namespace {

// Log-normal latencies around 2 ms with a long tail (sigma 1: p99.99 near 80 ms), from our own seeded source
// so the data is the same on every platform.
std::vector<qint64> logNormalSamples(std::size_t n, std::uint64_t seed)
{
    util::SeededRandom random(seed);
    std::vector<qint64> out;
    out.reserve(n);
    constexpr double kPi = 3.14159265358979323846;
    const double mu = std::log(2000.0);
    while (out.size() < n) {
        // Box-Muller: two uniforms give a standard normal.
        const double u1 = 1.0 - random.uniform01();
        const double u2 = random.uniform01();
        const double normal = std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
        out.push_back(std::max<qint64>(1, std::llround(std::exp(mu + 1.0 * normal))));
    }
    return out;
}

// The sample at the rank HdrHistogram uses: the smallest value with at least percentile % of the samples at
// or below it.
qint64 exactPercentile(const std::vector<qint64>& sorted, double percentile)
{
    const double exactRank = percentile / 100.0 * double(sorted.size());
    const auto rank = qint64(std::ceil(exactRank * (1.0 - 1e-12)));
    return sorted[std::size_t(std::clamp<qint64>(rank, 1, qint64(sorted.size())) - 1)];
}

double exactMean(const std::vector<qint64>& values)
{
    long double sum = 0;
    for (qint64 v : values)
        sum += v;
    return double(sum / values.size());
}

double exactStddev(const std::vector<qint64>& values)
{
    const long double mean = exactMean(values);
    long double sum = 0;
    for (qint64 v : values)
        sum += (v - mean) * (v - mean);
    return double(std::sqrt(sum / values.size()));
}

void verifySameContents(const LatencyHistogram& actual, const LatencyHistogram& expected)
{
    QCOMPARE(actual.count(), expected.count());
    QCOMPARE(actual.minUs(), expected.minUs());
    QCOMPARE(actual.maxUs(), expected.maxUs());
    QCOMPARE(actual.clampedCount(), expected.clampedCount());
    QVERIFY(std::abs(actual.meanUs() - expected.meanUs()) <= 1e-9 * expected.meanUs());
    QVERIFY(std::abs(actual.stddevUs() - expected.stddevUs()) <= 1e-9 * expected.stddevUs());
    const QList<PercentilePoint> a = actual.percentileDistribution(5);
    const QList<PercentilePoint> b = expected.percentileDistribution(5);
    QCOMPARE(a.size(), b.size());
    for (qsizetype i = 0; i < a.size(); ++i) {
        QCOMPARE(a[i].valueUs, b[i].valueUs);
        QCOMPARE(a[i].totalCount, b[i].totalCount);
        QCOMPARE(a[i].percentile, b[i].percentile);
    }
}

} // namespace

class TestLatencyHistogram : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultLayoutIsHdrHistogramsForOneMicrosecondToOneMinuteAtThreeDigits()
    {
        const LatencyHistogram histogram;
        QCOMPARE(histogram.lowestUs(), 1);
        QCOMPARE(histogram.highestUs(), 60'000'000);
        QCOMPARE(histogram.significantDigits(), 3);
        // 2 * 10^3 values at unit resolution need 2048 sub-buckets; 2048 * 2^15 is the first power above 60
        // s.
        QCOMPARE(histogram.subBucketCount(), 2048);
        QCOMPARE(histogram.bucketCount(), 16);
        QCOMPARE(histogram.footprintBytes(), qint64((16 + 1) * 1024 * sizeof(qint64)));
    }

    void percentilesOfAMillionValuesMatchTheSortedSamples_data()
    {
        QTest::addColumn<double>("percentile");
        QTest::newRow("p50") << 50.0;
        QTest::newRow("p90") << 90.0;
        QTest::newRow("p99") << 99.0;
        QTest::newRow("p99.9") << 99.9;
        QTest::newRow("p99.99") << 99.99;
        QTest::newRow("max") << 100.0;
    }
    void percentilesOfAMillionValuesMatchTheSortedSamples()
    {
        QFETCH(double, percentile);
        static const std::vector<qint64> samples = logNormalSamples(1'000'000, 20261127);
        static const std::vector<qint64> sorted = [] {
            std::vector<qint64> copy = samples;
            std::sort(copy.begin(), copy.end());
            return copy;
        }();
        static const LatencyHistogram histogram = [] {
            LatencyHistogram h;
            for (qint64 v : samples)
                h.record(v);
            return h;
        }();
        QCOMPARE(histogram.count(), qint64(samples.size()));
        QCOMPARE(histogram.clampedCount(), 0);

        const double exact = double(exactPercentile(sorted, percentile));
        const double measured = double(histogram.valueAtPercentile(percentile));
        const double relativeError = std::abs(measured - exact) / exact;
        QVERIFY2(relativeError <= 0.001,
            qPrintable(QStringLiteral("p%1: %2 vs exact %3").arg(percentile).arg(measured).arg(exact)));
        // Bucket values are the highest of their bucket: never below the exact sample, never above the max.
        QVERIFY(measured >= exact);
        QVERIFY(measured <= double(sorted.back()));

        QCOMPARE(histogram.minUs(), sorted.front());
        QCOMPARE(histogram.maxUs(), sorted.back());
        QVERIFY(std::abs(histogram.meanUs() - exactMean(samples)) <= 1e-9 * exactMean(samples));
        QVERIFY(std::abs(histogram.stddevUs() - exactStddev(samples)) <= 1e-9 * exactStddev(samples));
    }

    void mergingEqualsRecordingIntoOne()
    {
        const std::vector<qint64> samples = logNormalSamples(200'000, 7);
        LatencyHistogram single;
        LatencyHistogram parts[4];
        for (std::size_t i = 0; i < samples.size(); ++i) {
            single.record(samples[i]);
            parts[i % 4].record(samples[i]);
        }
        single.record(90'000'000); // clamped: the clamp count must merge too
        parts[2].record(90'000'000);

        LatencyHistogram merged;
        for (const LatencyHistogram& part : parts)
            merged.merge(part);
        verifySameContents(merged, single);

        // Merging into a histogram that already holds values, and merging an empty one, change nothing else.
        LatencyHistogram accumulated = parts[0];
        accumulated.merge(LatencyHistogram());
        for (int i = 1; i < 4; ++i)
            accumulated.merge(parts[i]);
        verifySameContents(accumulated, single);
    }

    void mergingAnotherLayoutKeepsCountsAndStatistics()
    {
        LatencyHistogram fine;
        LatencyHistogram coarse(1, 3'600'000'000LL, 2);
        for (qint64 v : {5, 1500, 250'000, 4'000'000})
            coarse.record(v);
        fine.record(10);
        fine.merge(coarse);
        QCOMPARE(fine.count(), 5);
        QCOMPARE(fine.minUs(), 5);
        QCOMPARE(fine.maxUs(), 4'000'000);
        QCOMPARE(fine.meanUs(), (5 + 1500 + 250'000 + 4'000'000 + 10) / 5.0);
        // Each coarse bucket lands where its values were, to the coarse precision (1 %).
        QVERIFY(std::abs(fine.valueAtPercentile(80.0) - 250'000) <= 2'500);
    }

    void footprintStaysFixedAfterTenMillionValues()
    {
        LatencyHistogram histogram;
        const qint64 before = histogram.footprintBytes();
        util::SeededRandom random(3);
        for (int i = 0; i < 10'000'000; ++i)
            histogram.record(qint64(random.uniform01() * 70'000'000.0));
        QCOMPARE(histogram.count(), 10'000'000);
        QCOMPARE(histogram.footprintBytes(), before);
        QVERIFY(histogram.clampedCount() > 0);
    }

    void valuesAboveTheHighestAreClampedAndCounted()
    {
        LatencyHistogram histogram(1, 1'000'000, 3);
        histogram.record(500);
        histogram.record(5'000'000, 3);
        QCOMPARE(histogram.count(), 4);
        QCOMPARE(histogram.clampedCount(), 3);
        QCOMPARE(histogram.maxUs(), 1'000'000);
        QCOMPARE(histogram.valueAtPercentile(100.0), 1'000'000);
        QCOMPARE(histogram.valueAtPercentile(25.0), 500);
    }

    void zeroIsRecordedAsTheLowestValue()
    {
        LatencyHistogram histogram(10, 1'000'000, 3);
        histogram.record(0);
        histogram.record(3);
        QCOMPARE(histogram.count(), 2);
        QCOMPARE(histogram.minUs(), 10);
        QCOMPARE(histogram.meanUs(), 10.0);
        QCOMPARE(histogram.clampedCount(), 0);
    }

    void aNegativeValueIsClampedInRelease()
    {
#ifdef QT_NO_DEBUG
        LatencyHistogram histogram;
        histogram.record(-5);
        histogram.record(4, -1); // a negative count is ignored
        QCOMPARE(histogram.count(), 1);
        QCOMPARE(histogram.minUs(), 1);
        QCOMPARE(histogram.maxUs(), 1);
#else
        QSKIP("A negative value asserts in debug builds, on purpose: it is a caller bug.");
#endif
    }

    void zeroCountRecordsNothing()
    {
        LatencyHistogram histogram;
        histogram.record(1234, 0);
        QCOMPARE(histogram.count(), 0);
        QCOMPARE(histogram.minUs(), 0);
    }

    void emptyHistogramReportsZeros()
    {
        const LatencyHistogram histogram;
        QCOMPARE(histogram.count(), 0);
        QCOMPARE(histogram.minUs(), 0);
        QCOMPARE(histogram.maxUs(), 0);
        QCOMPARE(histogram.meanUs(), 0.0);
        QCOMPARE(histogram.stddevUs(), 0.0);
        QCOMPARE(histogram.valueAtPercentile(50.0), 0);
        QCOMPARE(histogram.valueAtPercentile(100.0), 0);
        QVERIFY(histogram.percentileDistribution().isEmpty());
        QVERIFY(histogram.linearBins(10).isEmpty());
    }

    void resetEmptiesButKeepsTheLayout()
    {
        LatencyHistogram histogram;
        histogram.record(100'000'000);
        histogram.record(42);
        histogram.reset();
        QCOMPARE(histogram.count(), 0);
        QCOMPARE(histogram.clampedCount(), 0);
        QCOMPARE(histogram.maxUs(), 0);
        histogram.record(7);
        QCOMPARE(histogram.minUs(), 7);
        QCOMPARE(histogram.meanUs(), 7.0);
        QCOMPARE(histogram.stddevUs(), 0.0);
    }

    void equivalentValueRanges_data()
    {
        QTest::addColumn<qint64>("value");
        QTest::addColumn<qint64>("lowest");
        QTest::addColumn<qint64>("highest");
        // Unit resolution up to 2047, then the unit doubles with each power of two.
        QTest::newRow("0") << qint64(0) << qint64(0) << qint64(0);
        QTest::newRow("1") << qint64(1) << qint64(1) << qint64(1);
        QTest::newRow("2047") << qint64(2047) << qint64(2047) << qint64(2047);
        QTest::newRow("2048") << qint64(2048) << qint64(2048) << qint64(2049);
        QTest::newRow("2049") << qint64(2049) << qint64(2048) << qint64(2049);
        QTest::newRow("4095") << qint64(4095) << qint64(4094) << qint64(4095);
        QTest::newRow("4096") << qint64(4096) << qint64(4096) << qint64(4099);
        QTest::newRow("10007") << qint64(10007) << qint64(10000) << qint64(10007);
        QTest::newRow("1000000") << qint64(1'000'000) << qint64(999'936) << qint64(1'000'447);
        QTest::newRow("60s") << qint64(60'000'000) << qint64(59'998'208) << qint64(60'030'975);
    }
    void equivalentValueRanges()
    {
        QFETCH(qint64, value);
        QFETCH(qint64, lowest);
        QFETCH(qint64, highest);
        const LatencyHistogram histogram;
        QCOMPARE(histogram.lowestEquivalentUs(value), lowest);
        QCOMPARE(histogram.highestEquivalentUs(value), highest);
        // Everything in the range is counted together; one past it is not.
        LatencyHistogram a;
        a.record(lowest == 0 ? 1 : lowest);
        a.record(highest);
        QCOMPARE(a.valueAtPercentile(0.0), a.valueAtPercentile(100.0));
        QVERIFY(histogram.lowestEquivalentUs(highest + 1) == highest + 1);
    }

    void percentileDistributionWalksLikeHdrHistogram()
    {
        LatencyHistogram histogram;
        for (qint64 v = 1; v <= 1000; ++v)
            histogram.record(v);
        const QList<PercentilePoint> points = histogram.percentileDistribution(5);
        QVERIFY(points.size() > 20);
        // Levels: 0, 10, ..., 50 (10 % steps), then 5 % steps to 75, 2.5 % to 87.5, ...
        const double expectedLevels[]
            = {0, 10, 20, 30, 40, 50, 55, 60, 65, 70, 75, 77.5, 80, 82.5, 85, 87.5, 88.75};
        for (std::size_t i = 0; i < std::size(expectedLevels); ++i)
            QCOMPARE(points[qsizetype(i)].percentile, expectedLevels[i]);
        QCOMPARE(points[0].valueUs, 1);
        QCOMPARE(points[0].totalCount, 1);
        QCOMPARE(points[5].valueUs, 500); // 50 %: the 500th value
        QCOMPARE(points[5].totalCount, 500);
        QCOMPARE(points[5].inverseTail, 2.0);
        // It ends on the last value twice: the level reached there, then 100 %.
        const PercentilePoint last = points.last();
        QCOMPARE(last.percentile, 100.0);
        QCOMPARE(last.valueUs, 1000);
        QCOMPARE(last.totalCount, 1000);
        QCOMPARE(last.inverseTail, 0.0);
        QCOMPARE(points[points.size() - 2].valueUs, 1000);
        for (qsizetype i = 1; i < points.size(); ++i) {
            QVERIFY(points[i].percentile > points[i - 1].percentile);
            QVERIFY(points[i].valueUs >= points[i - 1].valueUs);
            QVERIFY(points[i].totalCount >= points[i - 1].totalCount);
        }
    }

    void aSingleValueGivesTwoPoints()
    {
        LatencyHistogram histogram;
        histogram.record(1234, 10);
        const QList<PercentilePoint> points = histogram.percentileDistribution();
        QCOMPARE(points.size(), 2);
        QCOMPARE(points[0].percentile, 0.0);
        QCOMPARE(points[1].percentile, 100.0);
        QCOMPARE(points[0].valueUs, 1234);
        QCOMPARE(points[1].totalCount, 10);
    }

    void linearBinsCoverMinToMaxAndKeepEveryCount()
    {
        const std::vector<qint64> samples = logNormalSamples(100'000, 11);
        LatencyHistogram histogram;
        for (qint64 v : samples)
            histogram.record(v);
        const QList<HistogramBin> bins = histogram.linearBins(50);
        QCOMPARE(bins.size(), 50);
        QCOMPARE(bins.first().fromUs, histogram.minUs());
        QVERIFY(bins.last().toUs > histogram.maxUs());
        qint64 total = 0;
        for (qsizetype i = 0; i < bins.size(); ++i) {
            QCOMPARE(bins[i].toUs - bins[i].fromUs, bins[0].toUs - bins[0].fromUs);
            if (i > 0)
                QCOMPARE(bins[i].fromUs, bins[i - 1].toUs);
            QVERIFY(bins[i].count >= 0);
            total += bins[i].count;
        }
        QCOMPARE(total, histogram.count());

        // Against the exact samples: each bin within the spread of one histogram bucket.
        std::vector<qint64> exact(bins.size(), 0);
        const qint64 width = bins[0].toUs - bins[0].fromUs;
        for (qint64 v : samples)
            ++exact[std::size_t((v - histogram.minUs()) / width)];
        for (qsizetype i = 0; i < bins.size(); ++i)
            QVERIFY2(std::abs(bins[i].count - exact[std::size_t(i)])
                    <= std::max<qint64>(50, exact[std::size_t(i)] / 50),
                qPrintable(
                    QStringLiteral("bin %1: %2 vs %3").arg(i).arg(bins[i].count).arg(exact[std::size_t(i)])));
    }

    void linearBinsOfANarrowRangeAreOneMicrosecondWide()
    {
        LatencyHistogram histogram;
        histogram.record(10);
        histogram.record(12, 2);
        const QList<HistogramBin> bins = histogram.linearBins(100);
        QCOMPARE(bins.size(), 3);
        QCOMPARE(bins[0].count, 1);
        QCOMPARE(bins[1].count, 0);
        QCOMPARE(bins[2].count, 2);
        QCOMPARE(bins[2].fromUs, 12);
        QVERIFY(histogram.linearBins(0).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestLatencyHistogram)
#include "tst_latencyhistogram.moc"
