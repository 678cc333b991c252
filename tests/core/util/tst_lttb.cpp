#include "util/lttb.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <QRandomGenerator>
#include <QTest>

using namespace oilwatch::util;

namespace {

using Indices = std::vector<std::size_t>;

// The published algorithm written out the slow, obvious way (every bucket bound recomputed from the formula,
// the area with its 1/2), with the same extreme pinning. Single run only.
Indices reference(const std::vector<SeriesPoint>& p, std::size_t threshold)
{
    const std::size_t n = p.size();
    if (n <= threshold) {
        Indices all(n);
        for (std::size_t i = 0; i < n; ++i)
            all[i] = i;
        return all;
    }
    std::size_t high = 0;
    std::size_t low = 0;
    for (std::size_t i = 0; i < n; ++i) {
        if (p[i].y > p[high].y)
            high = i;
        if (p[i].y < p[low].y)
            low = i;
    }
    // floor(b * (n - 2) / (threshold - 2)) + 1, exactly.
    const auto bucketStart = [&](std::size_t b) { return b * (n - 2) / (threshold - 2) + 1; };
    Indices out {0};
    for (std::size_t b = 0; b < threshold - 2; ++b) {
        const std::size_t from = bucketStart(b);
        const std::size_t to = std::min(n - 1, bucketStart(b + 1));
        SeriesPoint c;
        if (b == threshold - 3) {
            c = p[n - 1];
        } else {
            const std::size_t nf = bucketStart(b + 1);
            const std::size_t nt = std::min(n - 1, bucketStart(b + 2));
            for (std::size_t i = nf; i < nt; ++i) {
                c.x += p[i].x / double(nt - nf);
                c.y += p[i].y / double(nt - nf);
            }
        }
        std::set<std::size_t> pinned;
        if (high >= from && high < to)
            pinned.insert(high);
        if (low >= from && low < to)
            pinned.insert(low);
        if (!pinned.empty()) {
            out.insert(out.end(), pinned.begin(), pinned.end());
            continue;
        }
        const SeriesPoint a = p[out.back()];
        std::size_t best = from;
        double bestArea = -1;
        for (std::size_t i = from; i < to; ++i) {
            const SeriesPoint& q = p[i];
            const double area = 0.5 * std::abs(a.x * (q.y - c.y) + q.x * (c.y - a.y) + c.x * (a.y - q.y));
            if (area > bestArea + 1e-9 * std::max(1.0, bestArea)) {
                bestArea = area;
                best = i;
            }
        }
        out.push_back(best);
    }
    out.push_back(n - 1);
    return out;
}

std::vector<SeriesPoint> randomWalk(QRandomGenerator& random, std::size_t n)
{
    std::vector<SeriesPoint> p(n);
    double x = 1.7e12;
    double y = 80.0;
    for (std::size_t i = 0; i < n; ++i) {
        x += 1000.0 + random.bounded(60'000);
        y += (random.generateDouble() - 0.5) * 2.0;
        if (random.bounded(200) == 0)
            y += (random.generateDouble() - 0.5) * 40.0; // spikes: the points plain LTTB may drop
        p[i] = {x, y};
    }
    return p;
}

std::vector<SeriesPoint> line(std::size_t n)
{
    std::vector<SeriesPoint> p(n);
    for (std::size_t i = 0; i < n; ++i)
        p[i] = {double(i), double(i % 7)};
    return p;
}

} // namespace

class TestLttb : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // 200 random walks of random length and threshold: same indices as the reference, and the promises
    // checked on their own (first, last, the highest and the lowest point, the size, ascending).
    void matchesReferenceOnRandomSeries()
    {
        QRandomGenerator random(20261207);
        for (int round = 0; round < 200; ++round) {
            const std::size_t n = 3 + random.bounded(5000);
            const std::size_t threshold = 3 + random.bounded(400);
            const std::vector<SeriesPoint> p = randomWalk(random, n);
            const Indices got = lttb(p, threshold);
            QCOMPARE(got, reference(p, threshold));

            QVERIFY(std::is_sorted(got.begin(), got.end()));
            QVERIFY(std::adjacent_find(got.begin(), got.end()) == got.end());
            QCOMPARE(got.front(), std::size_t(0));
            QCOMPARE(got.back(), n - 1);
            const auto [lo, hi] = std::minmax_element(
                p.begin(), p.end(), [](const SeriesPoint& a, const SeriesPoint& b) { return a.y < b.y; });
            QVERIFY(std::find(got.begin(), got.end(), std::size_t(hi - p.begin())) != got.end());
            QVERIFY(std::find(got.begin(), got.end(), std::size_t(lo - p.begin())) != got.end());
            QVERIFY(got.size() <= std::max(n <= threshold ? n : threshold + 1, std::size_t(0)));
            if (n > threshold)
                QVERIFY(got.size() >= threshold);
        }
    }

    void edgeCases_data()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<int>("threshold");
        QTest::addColumn<QList<int>>("runStarts");
        QTest::addColumn<QList<int>>("expected");
        QTest::addRow("empty") << 0 << 10 << QList<int> {} << QList<int> {};
        QTest::addRow("one point") << 1 << 10 << QList<int> {} << QList<int> {0};
        QTest::addRow("n == threshold keeps all") << 5 << 5 << QList<int> {} << QList<int> {0, 1, 2, 3, 4};
        QTest::addRow("n < threshold keeps all") << 3 << 100 << QList<int> {} << QList<int> {0, 1, 2};
        // i % 7 over 0..9: 0 1 2 3 4 5 6 0 1 2; high at 6, low at 0 (first lowest).
        QTest::addRow("threshold 0: first, extremes, last")
            << 10 << 0 << QList<int> {} << QList<int> {0, 6, 9};
        QTest::addRow("threshold 2: first, extremes, last")
            << 10 << 2 << QList<int> {} << QList<int> {0, 6, 9};
        QTest::addRow("threshold 3: one middle bucket, the high pinned")
            << 10 << 3 << QList<int> {} << QList<int> {0, 6, 9};
        // Two runs 0 1 2 3 4 and 5 6 0 1 2, shares 2 each: first, extremes, last of each, nothing across.
        QTest::addRow("gap, small shares") << 10 << 4 << QList<int> {5} << QList<int> {0, 4, 5, 6, 7, 9};
        QTest::addRow("gap, n <= threshold keeps all")
            << 6 << 6 << QList<int> {3} << QList<int> {0, 1, 2, 3, 4, 5};
        QTest::addRow("bad run starts ignored") << 10 << 2 << QList<int> {0, 99} << QList<int> {0, 6, 9};
    }

    void edgeCases()
    {
        QFETCH(int, n);
        QFETCH(int, threshold);
        QFETCH(QList<int>, runStarts);
        QFETCH(QList<int>, expected);
        const std::vector<SeriesPoint> p = line(std::size_t(n));
        std::vector<std::size_t> starts;
        for (int s : runStarts)
            starts.push_back(std::size_t(s));
        const Indices got = lttb(p, std::size_t(threshold), starts);
        QCOMPARE(QList<int>(got.begin(), got.end()), expected);
    }

    // Random series cut into runs: every run keeps its own first, last, high and low, and each run is the
    // single-run result for its share, so no pick ever looks across a gap.
    void gapsAreNeverBridged()
    {
        QRandomGenerator random(7);
        for (int round = 0; round < 50; ++round) {
            const std::size_t n = 50 + random.bounded(3000);
            const std::vector<SeriesPoint> p = randomWalk(random, n);
            std::vector<std::size_t> starts;
            for (std::size_t i = 1; i < n; ++i) {
                if (random.bounded(300) == 0)
                    starts.push_back(i);
            }
            const std::size_t threshold = 20 + random.bounded(200);
            const Indices got = lttb(p, threshold, starts);
            std::vector<std::size_t> bounds {0};
            bounds.insert(bounds.end(), starts.begin(), starts.end());
            bounds.push_back(n);
            if (n <= threshold)
                continue;
            for (std::size_t r = 0; r + 1 < bounds.size(); ++r) {
                const std::size_t b = bounds[r];
                const std::size_t e = bounds[r + 1];
                Indices mine;
                for (std::size_t i : got) {
                    if (i >= b && i < e)
                        mine.push_back(i - b);
                }
                const std::vector<SeriesPoint> run(p.begin() + long(b), p.begin() + long(e));
                const std::size_t share
                    = std::size_t(std::llround(double(threshold) * double(e - b) / double(n)));
                if (share >= 3) {
                    QCOMPARE(mine, reference(run, share));
                } else {
                    QVERIFY(std::find(mine.begin(), mine.end(), 0) != mine.end());
                    QVERIFY(std::find(mine.begin(), mine.end(), run.size() - 1) != mine.end());
                }
            }
        }
    }

    // A flat line (every triangle has area 0) picks the first point of each bucket, deterministically.
    void flatLineIsStable()
    {
        std::vector<SeriesPoint> p(100);
        for (std::size_t i = 0; i < p.size(); ++i)
            p[i] = {double(i), 5.0};
        const Indices got = lttb(p, 10);
        QCOMPARE(got.size(), std::size_t(10));
        QCOMPARE(got, reference(p, 10));
    }
};

QTEST_APPLESS_MAIN(TestLttb)
#include "tst_lttb.moc"
