#include "qtchartspricechart.h"
#include "util/utc.h"

#include <cmath>

#include <QImage>
#include <QSet>
#include <QtCharts/QChart>
#include <QtCharts/QDateTimeAxis>
#include <QtCharts/QLegend>
#include <QtCharts/QLegendMarker>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QtTest>

using namespace oilwatch;
using namespace std::chrono_literals;

class TestQtChartsPriceChart : public QObject
{
    Q_OBJECT

private:
    const QDateTime m_t0 = QDateTime::fromSecsSinceEpoch(1'767'225'600, oilwatch::util::utc());

    static int visibleLegendEntries(QChart* chart)
    {
        int visible = 0;
        const QList<QLegendMarker*> markers = chart->legend()->markers();
        for (QLegendMarker* marker : markers)
            visible += marker->isVisible() ? 1 : 0;
        return visible;
    }

private Q_SLOTS:
    void defaults()
    {
        ui::QtChartsPriceChart chart;
        QCOMPARE(chart.window(), std::chrono::seconds {15min});
        QVERIFY(chart.chart()->legend()->isVisible());
        QCOMPARE(chart.pointCount("BRENT_CRUDE_USD"), 0);
    }

    void factoryMakesAQtChartsChart()
    {
        std::unique_ptr<ui::PriceChart> chart(ui::createPriceChart());
        QVERIFY(qobject_cast<ui::QtChartsPriceChart*>(chart.get()));
    }

    void pointsAreAddedAsPercentChange()
    {
        ui::QtChartsPriceChart chart;
        chart.addPoint("BRENT_CRUDE_USD", m_t0, 80.0);
        chart.addPoint("BRENT_CRUDE_USD", m_t0.addSecs(2), 84.0);
        chart.addPoint("NATURAL_GAS_USD", m_t0.addSecs(2), 3.0);
        QCOMPARE(chart.pointCount("BRENT_CRUDE_USD"), 2);
        QCOMPARE(chart.pointCount("NATURAL_GAS_USD"), 1);

        const QList<QLineSeries*> segments = chart.segments("BRENT_CRUDE_USD");
        QCOMPARE(segments.size(), 1);
        QCOMPARE(segments.front()->count(), 2);
        QCOMPARE(segments.front()->at(0).y(), 0.0);
        QCOMPARE(segments.front()->at(1).y(), 5.0);
        QCOMPARE(segments.front()->at(1).x(), qreal(m_t0.addSecs(2).toMSecsSinceEpoch()));
    }

    void legendShowsLabelAndLastPrice()
    {
        ui::QtChartsPriceChart chart;
        chart.setSeriesLabel("BRENT_CRUDE_USD", "BRENT_CRUDE_USD");
        chart.addPoint("BRENT_CRUDE_USD", m_t0, 80.0);
        chart.addPoint("BRENT_CRUDE_USD", m_t0.addSecs(2), 84.0);
        QCOMPARE(chart.legendText("BRENT_CRUDE_USD"), QString("BRENT_CRUDE_USD  84.00  (+5.00%)"));
        QCOMPARE(chart.segments("BRENT_CRUDE_USD").front()->name(), chart.legendText("BRENT_CRUDE_USD"));
    }

    void rollingWindowDropsOldPoints()
    {
        ui::QtChartsPriceChart chart;
        chart.setWindow(60s);
        for (int i = 0; i <= 120; i += 2) {
            chart.addPoint("BRENT_CRUDE_USD", m_t0.addSecs(i), 80.0 + i * 0.01);
            chart.addPoint("WTI_USD", m_t0.addSecs(i), 75.0);
        }
        // Newest is t0+120; the window keeps t0+60 .. t0+120 inclusive.
        QCOMPARE(chart.pointCount("BRENT_CRUDE_USD"), 31);
        QCOMPARE(chart.pointCount("WTI_USD"), 31);
        const QLineSeries* series = chart.segments("BRENT_CRUDE_USD").front();
        QCOMPARE(series->count(), 31);
        QCOMPARE(series->at(0).x(), qreal(m_t0.addSecs(60).toMSecsSinceEpoch()));
        // The baseline moves with the window: the first point in the window is 0 %.
        QCOMPARE(series->at(0).y(), 0.0);
    }

    void shrinkingTheWindowDropsAtOnce()
    {
        ui::QtChartsPriceChart chart;
        for (int i = 0; i < 100; ++i)
            chart.addPoint("BRENT_CRUDE_USD", m_t0.addSecs(i * 10), 80.0);
        QCOMPARE(chart.pointCount("BRENT_CRUDE_USD"), 91); // 15 min back from t0+990 s
        chart.setWindow(100s);
        QCOMPARE(chart.pointCount("BRENT_CRUDE_USD"), 11);
    }

    void gapCreatesABreak()
    {
        ui::QtChartsPriceChart chart;
        chart.addPoint("BRENT_CRUDE_USD", m_t0, 80.0);
        chart.addPoint("BRENT_CRUDE_USD", m_t0.addSecs(2), 81.0);
        chart.insertGap("BRENT_CRUDE_USD");
        chart.addPoint("BRENT_CRUDE_USD", m_t0.addSecs(10), 82.0);
        chart.addPoint("BRENT_CRUDE_USD", m_t0.addSecs(12), 83.0);

        QCOMPARE(chart.runCount("BRENT_CRUDE_USD"), 2);
        const QList<QLineSeries*> segments = chart.segments("BRENT_CRUDE_USD");
        QCOMPARE(segments.size(), 2);
        QCOMPARE(segments[0]->count(), 2);
        QCOMPARE(segments[1]->count(), 2);
        // No segment spans the gap.
        QVERIFY(segments[0]->at(1).x() < segments[1]->at(0).x());
        QCOMPARE(segments[0]->color(), segments[1]->color());
        // Both pieces share one legend entry (marker items only count as visible once the chart is shown).
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(visibleLegendEntries(chart.chart()), 1);
    }

    void gapBeforeFirstPointIsIgnoredAndRunsExpireWithTheWindow()
    {
        ui::QtChartsPriceChart chart;
        chart.insertGap("WTI_USD");
        chart.addPoint("WTI_USD", m_t0, 70.0);
        QCOMPARE(chart.runCount("WTI_USD"), 1);

        chart.setWindow(30s);
        chart.insertGap("WTI_USD");
        chart.addPoint("WTI_USD", m_t0.addSecs(10), 71.0);
        QCOMPARE(chart.runCount("WTI_USD"), 2);
        chart.addPoint("WTI_USD", m_t0.addSecs(40), 72.0);
        QCOMPARE(chart.runCount("WTI_USD"), 1);
        QCOMPARE(chart.segments("WTI_USD").size(), 1);
    }

    void clearEmptiesEverything()
    {
        ui::QtChartsPriceChart chart;
        chart.addPoint("BRENT_CRUDE_USD", m_t0, 80.0);
        chart.addPoint("WTI_USD", m_t0, 70.0);
        chart.clear();
        QCOMPARE(chart.pointCount("BRENT_CRUDE_USD"), 0);
        QCOMPARE(chart.segments("WTI_USD").size(), 0);
        QCOMPARE(chart.chart()->series().size(), 0);
    }

    void grabImageIsNotBlank()
    {
        ui::QtChartsPriceChart chart;
        chart.resize(800, 400);
        for (int i = 0; i < 30; ++i) {
            chart.addPoint("BRENT_CRUDE_USD", m_t0.addSecs(i * 2), 80.0 + (i % 7) * 0.2);
            chart.addPoint("NATURAL_GAS_USD", m_t0.addSecs(i * 2), 3.0 - (i % 5) * 0.01);
        }
        const QPixmap pixmap = chart.grabImage();
        QVERIFY(!pixmap.isNull());
        QCOMPARE(pixmap.size(), QSize(800, 400));
        // The time axis must have room below the plot (Qt 6.4 drops it if the view gets the chart too late).
        QVERIFY2(chart.chart()->plotArea().bottom() < 400 - 25,
            qPrintable(QString::number(chart.chart()->plotArea().bottom())));

        const QImage image = pixmap.toImage();
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4) {
            for (int x = 0; x < image.width(); x += 4)
                colours.insert(image.pixel(x, y));
        }
        QVERIFY2(colours.size() > 10, qPrintable(QString("only %1 colours").arg(colours.size())));
    }

    void thresholdLinesAreDashedAtTheirPercent()
    {
        ui::QtChartsPriceChart chart;
        const QList<ui::ThresholdLine> lines {{84.0, "Brent <b>high</b>: above 84"}, {76.0, "below 76"}};
        // No point yet: kept, but nothing to place them against.
        chart.setThresholdLines("BRENT_CRUDE_USD", lines);
        QCOMPARE(chart.thresholdLines("BRENT_CRUDE_USD"), lines);
        QCOMPARE(chart.thresholdSeries("BRENT_CRUDE_USD").size(), 0);

        chart.addPoint("BRENT_CRUDE_USD", m_t0, 80.0);
        chart.addPoint("BRENT_CRUDE_USD", m_t0.addSecs(120), 80.4);
        const QList<QLineSeries*> series = chart.thresholdSeries("BRENT_CRUDE_USD");
        QCOMPARE(series.size(), 2);
        QCOMPARE(series[0]->count(), 2);
        QCOMPARE(series[0]->at(0).y(), 5.0); // 84 is +5 % of the first price, 80
        QCOMPARE(series[0]->at(1).y(), 5.0);
        QCOMPARE(series[1]->at(0).y(), -5.0);
        QCOMPARE(series[0]->pen().style(), Qt::DashLine);
        QCOMPARE(series[0]->color(), chart.segments("BRENT_CRUDE_USD").first()->color());
        QCOMPARE(series[0]->name(), QStringLiteral("Brent &lt;b&gt;high&lt;/b&gt;: above 84"));
        // They span the time axis, and the value axis grows to show them.
        const auto* axisY = qobject_cast<QValueAxis*>(chart.chart()->axes(Qt::Vertical).first());
        QVERIFY(axisY->min() <= -5.0 && axisY->max() >= 5.0);
        const auto* axisX = qobject_cast<QDateTimeAxis*>(chart.chart()->axes(Qt::Horizontal).first());
        QCOMPARE(series[0]->at(0).x(), qreal(axisX->min().toMSecsSinceEpoch()));
        QCOMPARE(series[0]->at(1).x(), qreal(axisX->max().toMSecsSinceEpoch()));

        // Non-finite prices are dropped; an empty list removes the lines.
        chart.setThresholdLines("BRENT_CRUDE_USD", {{std::nan(""), "x"}, {82.0, "above 82"}});
        QCOMPARE(chart.thresholdSeries("BRENT_CRUDE_USD").size(), 1);
        chart.setThresholdLines("BRENT_CRUDE_USD", {});
        QCOMPARE(chart.thresholdSeries("BRENT_CRUDE_USD").size(), 0);
        QCOMPARE(chart.segments("BRENT_CRUDE_USD").size(), 1);
    }

    void thresholdLinesGoWithTheirPoints()
    {
        ui::QtChartsPriceChart chart;
        chart.addPoint("WTI_USD", m_t0, 70.0);
        chart.setThresholdLines("WTI_USD", {{77.0, "above 77"}});
        QCOMPARE(chart.thresholdSeries("WTI_USD").first()->at(0).y(), 10.0);
        chart.clearCode("WTI_USD");
        QCOMPARE(chart.thresholdSeries("WTI_USD").size(), 0);
        QCOMPARE(chart.thresholdLines("WTI_USD").size(), 1); // back with the next point
        chart.addPoint("WTI_USD", m_t0.addSecs(10), 77.0);
        QCOMPARE(chart.thresholdSeries("WTI_USD").first()->at(0).y(), 0.0);
        chart.resize(800, 400);
        QVERIFY(!chart.grabImage().isNull());
    }

    void batchRedrawsOnceAtTheOutermostEnd()
    {
        ui::QtChartsPriceChart chart;
        chart.beginBatch();
        chart.beginBatch();
        chart.addPoint("WTI_USD", m_t0, 70.0);
        chart.addPoint("WTI_USD", m_t0.addSecs(2), 70.5);
        chart.insertGap("WTI_USD");
        chart.addPoint("WTI_USD", m_t0.addSecs(60), 71.0);
        chart.endBatch();
        QCOMPARE(chart.pointCount("WTI_USD"), 3);
        QVERIFY(chart.segments("WTI_USD").isEmpty()); // recorded, not drawn yet
        chart.endBatch();
        QCOMPARE(chart.segments("WTI_USD").size(), 2);
        QCOMPARE(chart.segments("WTI_USD").front()->count(), 2);
        QCOMPARE(chart.runCount("WTI_USD"), 2);
        // Unbalanced ends are harmless, and points after the batch draw at once again.
        chart.endBatch();
        chart.addPoint("WTI_USD", m_t0.addSecs(62), 71.2);
        QCOMPARE(chart.segments("WTI_USD").back()->count(), 2);
    }
};

QTEST_MAIN(TestQtChartsPriceChart)
#include "tst_qtchartspricechart.moc"
