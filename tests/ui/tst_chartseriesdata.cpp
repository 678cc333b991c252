#include "chartseriesdata.h"

#include <QTest>

using oilwatch::ui::ChartSeriesData;
using oilwatch::util::SeriesPoint;

class TestChartSeriesData : public QObject
{
    Q_OBJECT
private:
    static int total(const std::vector<std::vector<SeriesPoint>>& runs)
    {
        int n = 0;
        for (const auto& run : runs)
            n += int(run.size());
        return n;
    }

private Q_SLOTS:
    void appendKeepsTimeOrderAndRuns()
    {
        ChartSeriesData data;
        QVERIFY(data.empty());
        QCOMPARE(data.runCount(), 0);
        QVERIFY(data.append({0, 1}, true)); // a gap before the first point means nothing
        QVERIFY(data.append({10, 2}, false));
        QVERIFY(!data.append({5, 3}, false)); // out of order: refused
        QVERIFY(data.append({20, 3}, true));
        QCOMPARE(data.size(), std::size_t(3));
        QCOMPARE(data.runCount(), 2);
        QCOMPARE(data.first().x, 0.0);
        QCOMPARE(data.last().y, 3.0);
        const auto runs = data.pick(0, 20, 100, true);
        QCOMPARE(runs.size(), std::size_t(2));
        QCOMPARE(runs[1].front().x, 20.0);
    }

    void dropBeforeForgetsOldPointsAndTheirGaps()
    {
        ChartSeriesData data;
        for (int i = 0; i < 10'000; ++i)
            QVERIFY(data.append({double(i), double(i % 5)}, i == 100));
        QCOMPARE(data.runCount(), 2);
        data.dropBefore(150); // the gap at 100 leaves with its points
        QCOMPARE(data.size(), std::size_t(9'850));
        QCOMPARE(data.runCount(), 1);
        QCOMPARE(data.first().x, 150.0);
        data.dropBefore(9'000); // compacts: indices shift, what it answers does not
        QCOMPARE(data.size(), std::size_t(1'000));
        QCOMPARE(data.inRange(9'500, 9'599), (std::pair<std::size_t, std::size_t>(500, 600)));
        data.dropBefore(1e9);
        QVERIFY(data.empty());
    }

    // A live window that slides for days holds about twice its own points, not thousands that left it.
    void aSlidingLiveWindowKeepsItsMemoryBounded()
    {
        ChartSeriesData data;
        constexpr double window = 450; // 15 minutes of 2-second polls
        std::size_t most = 0;
        for (int i = 0; i < 50'000; ++i) { // 28 hours of polls
            QVERIFY(data.append({double(i), 1.0}, false));
            data.dropBefore(double(i) - window);
            most = std::max(most, data.held());
        }
        QCOMPARE(data.size(), std::size_t(451));
        QVERIFY2(most <= 4 * 451, qPrintable(QString::number(most)));
    }

    void replaceKeepsNewerPointsAfterTheLoadedOnes()
    {
        ChartSeriesData data;
        QVERIFY(data.append({100, 1}, false));
        QVERIFY(data.append({200, 2}, false));
        data.replace({{10, 5}, {20, std::nan("")}, {30, 6}, {25, 7}, {150, 8}}, {2, 99});
        // NaN and the step back dropped; 200 was newer than the last loaded point and stays.
        QCOMPARE(data.size(), std::size_t(4));
        QCOMPARE(data.last().x, 200.0);
        QCOMPARE(data.at(2).x, 150.0);
        QCOMPARE(data.runCount(), 2); // the run start at loaded index 2 (150)
    }

    // Past kCandidatesFrom points per pixel, the pick comes from the block candidates: about `threshold`
    // points, the highest and lowest kept, no run bridged, and a point added later is seen.
    void longRangesPickFromTheBlockCandidates()
    {
        ChartSeriesData data;
        const int n = 100'000;
        for (int i = 0; i < n; ++i)
            QVERIFY(data.append({double(i), std::sin(i / 500.0) + (i == 77'777 ? 5 : 0) - (i == 333 ? 5 : 0)},
                i == 50'000 || i == 50'010));
        const std::size_t threshold = 500;
        auto runs = data.pick(0, n, threshold, true);
        QCOMPARE(runs.size(), std::size_t(3));
        QVERIFY(total(runs) <= int(threshold) + 6);
        double top = -10;
        double bottom = 10;
        for (const auto& run : runs) {
            for (const SeriesPoint& p : run) {
                top = std::max(top, p.y);
                bottom = std::min(bottom, p.y);
            }
        }
        QCOMPARE(top, std::sin(77'777 / 500.0) + 5);
        QCOMPARE(bottom, std::sin(333 / 500.0) - 5);
        QCOMPARE(runs[0].back().x, 49'999.0);
        QCOMPARE(runs[1].front().x, 50'000.0);
        QCOMPARE(runs[2].front().x, 50'010.0);
        QVERIFY(data.append({double(n), 50}, false));
        runs = data.pick(0, n, threshold, true);
        QCOMPARE(runs.back().back().y, 50.0);
        // Without downsampling, every point.
        QCOMPARE(total(data.pick(0, n, threshold, false)), n + 1);
        // A narrow range is plain LTTB over its points.
        QCOMPARE(total(data.pick(1'000, 1'099, threshold, true)), 100);
    }
};

QTEST_APPLESS_MAIN(TestChartSeriesData)
#include "tst_chartseriesdata.moc"
