// The benchmark charts: the percentile spectrum's 1/(1-p) axis, the histogram's bars, the live chart's
// coalesced redraws and the downsampling that keeps long runs cheap to draw.
#include "benchchartaxes.h"
#include "benchfixtures.h"
#include "benchlivechart.h"
#include "latencyhistogramchart.h"
#include "percentilespectrumchart.h"
#include "secondsdownsampler.h"
#include "theme.h"

#include <QtCharts/QValueAxis>
#include <QtTest>

using namespace oilwatch;
using ui::PercentileSpectrumChart;

class TestBenchCharts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void latencyAxisTicksReadAsDistinctNumbers_data()
    {
        QTest::addColumn<double>("highestMs");
        QTest::addRow("empty chart") << 0.0;
        QTest::addRow("a few microseconds") << 0.004;
        QTest::addRow("loopback") << 0.3;
        QTest::addRow("milliseconds") << 7.0;
        QTest::addRow("a stall") << 1234.0;
    }

    void latencyAxisTicksReadAsDistinctNumbers()
    {
        QFETCH(double, highestMs);
        QValueAxis axis;
        ui::setLatencyAxisRange(&axis, highestMs);
        QVERIFY(axis.max() >= highestMs);
        QStringList labels;
        const double step = (axis.max() - axis.min()) / (axis.tickCount() - 1);
        for (int i = 0; i < axis.tickCount(); ++i)
            labels << QString::asprintf(axis.labelFormat().toLatin1().constData(), axis.min() + i * step);
        QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()).size(), labels.size());
    }

    void spectrumTicksAreTheHdrHistogramPercentiles()
    {
        QCOMPARE(PercentileSpectrumChart::tickLabel(0), QString("0%"));
        QCOMPARE(PercentileSpectrumChart::tickLabel(1), QString("90%"));
        QCOMPARE(PercentileSpectrumChart::tickLabel(2), QString("99%"));
        QCOMPARE(PercentileSpectrumChart::tickLabel(3), QString("99.9%"));
        QCOMPARE(PercentileSpectrumChart::tickLabel(4), QString("99.99%"));
        QCOMPARE(PercentileSpectrumChart::xOf(0.0, 4), 0.0);
        QCOMPARE(PercentileSpectrumChart::xOf(90.0, 4), 1.0);
        QVERIFY(qFuzzyCompare(PercentileSpectrumChart::xOf(99.9, 4), 3.0));
        // The 100 % point (1/(1-p) infinite) is drawn at the right end, never beyond it.
        QCOMPARE(PercentileSpectrumChart::xOf(100.0, 4), 4.0);
        QCOMPARE(PercentileSpectrumChart::xOf(99.9999, 4), 4.0);
    }

    void spectrumAxisReachesTheDeepestPercentile()
    {
        PercentileSpectrumChart chart;
        QCOMPARE(chart.decades(), PercentileSpectrumChart::kMinDecades);
        QCOMPARE(chart.xTickLabels(), QStringList({"0%", "90%", "99%"}));

        bench::LatencyHistogram h;
        for (int i = 1; i <= 50'000; ++i)
            h.record(1000 + i);
        const QList<bench::PercentilePoint> points = h.percentileDistribution();
        chart.setCurves({{"deep", ui::seriesColour(0), points}});
        double deepest = 1.0;
        for (const bench::PercentilePoint& p : points)
            deepest = std::max(deepest, p.inverseTail);
        QCOMPARE(chart.decades(),
            std::clamp(int(std::ceil(std::log10(deepest) - 1e-9)), PercentileSpectrumChart::kMinDecades,
                PercentileSpectrumChart::kMaxDecades));
        QVERIFY(chart.decades() >= 4);
        QCOMPARE(chart.xTickLabels().size(), chart.decades() + 1);
        QCOMPARE(chart.xTickLabels().last(), PercentileSpectrumChart::tickLabel(chart.decades()));
        QCOMPARE(chart.seriesCount(), 1);
        QVERIFY(chart.yMaxMs() >= h.maxUs() / 1000.0);

        chart.setCurves({});
        QCOMPARE(chart.seriesCount(), 0);
    }

    void histogramDrawsEveryBin()
    {
        const bench::BenchResult r = testing::syntheticResult(3000);
        ui::LatencyHistogramChart chart;
        const QList<bench::HistogramBin> bins = r.success.linearBins(40);
        chart.setBins(bins, ui::seriesColour(2));
        QCOMPARE(chart.binCount(), 40);
        QCOMPARE(chart.totalCount(), r.success.count());
        QVERIFY(chart.xMaxMs() >= bins.back().toUs / 1000.0);
        chart.setBins({}, ui::seriesColour(2));
        QCOMPARE(chart.binCount(), 0);
    }

    void downsamplingKeepsSpikesAndAveragesRates()
    {
        QList<bench::SecondSample> seconds;
        for (int s = 0; s < 1000; ++s)
            seconds.append({s, 100 + (s % 2) * 100, 0, 1000, 2000, s == 537 ? 900'000 : 3000});
        seconds[613].errors = 1;

        // Short enough: unchanged.
        const QList<bench::SecondSample> same = ui::downsampleSeconds(seconds, 2000);
        QCOMPARE(same.size(), seconds.size());
        QCOMPARE(same[537].p99Us, 900'000);
        QCOMPARE(same[1].requests, 200);
        const QList<bench::SecondSample> shown = ui::downsampleSeconds(seconds, 100);
        QCOMPARE(shown.size(), 100);
        QCOMPARE(shown[0].second, 0);
        QCOMPARE(shown[1].second, 10);
        QCOMPARE(shown[0].requests, 150); // the per-second average of 100, 200, 100, ...
        QCOMPARE(shown[53].p99Us, 900'000); // the spike survives
        QCOMPARE(shown[61].errors, 1); // so does a lone error
        QCOMPARE(shown[0].errors, 0);

        // An uneven split still covers every second, and never exceeds the limit.
        const QList<bench::SecondSample> uneven = ui::downsampleSeconds(seconds.mid(0, 997), 100);
        QVERIFY(uneven.size() <= 100);
        QCOMPARE(uneven.back().second, 990);
    }

    void liveChartRedrawsAtMostFourTimesASecondAndNoDenserThanItsWidth()
    {
        ui::BenchLiveChart chart;
        chart.resize(600, 300);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QTRY_VERIFY(!chart.refreshPending());

        QElapsedTimer clock;
        clock.start();
        for (int s = 0; s < 5; ++s)
            chart.appendSeconds({{s, 100, 0, 1000, 2000, 4000}});
        QCOMPARE(chart.secondCount(), 5);
        QCOMPARE(chart.drawnPointCount(), 0); // coalesced: nothing drawn yet
        QVERIFY(chart.refreshPending());
        QTRY_COMPARE(chart.drawnPointCount(), 5);
        QVERIFY(clock.elapsed() >= ui::BenchLiveChart::kRefreshIntervalMs - 20);

        QList<bench::SecondSample> hour;
        for (int s = 0; s < 3600; ++s)
            hour.append({s, 100, 0, 1000, 2000, 4000});
        chart.setSeconds(hour);
        QCOMPARE(chart.secondCount(), 3600);
        QVERIFY(chart.drawnPointCount() <= std::max(60, chart.width() / 3));
        QVERIFY(chart.drawnPointCount() >= 60);

        chart.clear();
        QCOMPARE(chart.drawnPointCount(), 0);
    }
};

QTEST_MAIN(TestBenchCharts)
#include "tst_benchcharts.moc"
