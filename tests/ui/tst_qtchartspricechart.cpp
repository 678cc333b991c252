#include "chartinteractionview.h"
#include "qtchartspricechart.h"
#include "util/utc.h"

#include <cmath>

#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QImage>
#include <QSet>
#include <QWheelEvent>
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

    // A chart on screen with a minute of WTI points at 70 + i % 10 and BRENT at 80 + i % 5 for `minutes`.
    struct Shown
    {
        ui::QtChartsPriceChart chart;
        explicit Shown(const QDateTime& t0, int minutes = 60)
        {
            chart.setWindow(std::chrono::hours(24));
            chart.beginBatch();
            for (int i = 0; i < minutes; ++i) {
                chart.addPoint("WTI_USD", t0.addSecs(i * 60), 70.0 + i % 10);
                chart.addPoint("BRENT_CRUDE_USD", t0.addSecs(i * 60), 80.0 + i % 5);
            }
            chart.endBatch();
            chart.resize(900, 420);
            chart.show();
            if (!QTest::qWaitForWindowExposed(&chart))
                qFatal("no window");
            QCoreApplication::processEvents(); // the queued redraw at the laid-out width
        }
        QWidget* viewport() const { return chart.view()->viewport(); }
        // The viewport position of a time, in the middle of the plot's height.
        QPoint at(const QDateTime& time) const
        {
            const QRectF plot = chart.chart()->plotArea();
            const QPointF p = chart.chart()->mapToPosition(QPointF(qreal(time.toMSecsSinceEpoch()), 0));
            return chart.view()->mapFromScene(chart.chart()->mapToScene(QPointF(p.x(), plot.center().y())));
        }
        void wheel(const QPoint& pos, int delta)
        {
            QWheelEvent event(QPointF(pos), QPointF(viewport()->mapToGlobal(pos)), QPoint(), QPoint(0, delta),
                Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(viewport(), &event);
        }
        // The legend entry's label on screen, found by its text.
        QPoint legendEntry(const QString& code) const
        {
            // The legend draws the name as rich text, which folds the double spaces.
            const QString text = code + QLatin1Char(' ');
            const QList<QGraphicsItem*> items = chart.view()->scene()->items();
            for (QGraphicsItem* item : items) {
                auto* label = dynamic_cast<QGraphicsTextItem*>(item);
                if (label && label->isVisible() && label->toPlainText().startsWith(text))
                    return chart.view()->mapFromScene(label->mapToScene(label->boundingRect().center()));
            }
            return {};
        }
    };

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

    void wheelZoomsAroundTheCursorAndBackAndResetReturn()
    {
        Shown s(m_t0);
        QSignalSpy changed(&s.chart, &ui::PriceChart::zoomChanged);
        const ui::TimeRange live = s.chart.visibleRange();
        QCOMPARE(live.from, m_t0.toMSecsSinceEpoch());
        QVERIFY(!s.chart.isZoomed());
        const QDateTime cursor = m_t0.addSecs(30 * 60);
        s.wheel(s.at(cursor), 120);
        QVERIFY(s.chart.isZoomed());
        QVERIFY(s.chart.canZoomBack());
        const ui::TimeRange once = s.chart.visibleRange();
        QVERIFY(qAbs(double(once.span()) - 0.8 * double(live.span())) < 0.01 * double(live.span()));
        // The time under the cursor stays under it (within a pixel's worth).
        QVERIFY(once.from > live.from && once.to < live.to);
        s.wheel(s.at(cursor), 120);
        const ui::TimeRange twice = s.chart.visibleRange();
        QVERIFY(twice.span() < once.span());
        // The axis shows it.
        const auto* axisX = qobject_cast<QDateTimeAxis*>(s.chart.chart()->axes(Qt::Horizontal).first());
        QCOMPARE(axisX->min().toMSecsSinceEpoch(), twice.from);
        QCOMPARE(axisX->max().toMSecsSinceEpoch(), twice.to);

        s.chart.zoomBack();
        QCOMPARE(s.chart.visibleRange(), once);
        s.chart.zoomBack();
        QVERIFY(!s.chart.isZoomed());
        QVERIFY(!s.chart.canZoomBack());
        QCOMPARE(s.chart.visibleRange(), live);

        s.wheel(s.at(cursor), 360);
        QVERIFY(s.chart.isZoomed());
        s.chart.resetZoom();
        QVERIFY(!s.chart.isZoomed());
        QVERIFY(!s.chart.canZoomBack());
        QVERIFY(changed.size() >= 5);
        // Unzoomed, the range follows new points again.
        s.chart.addPoint("WTI_USD", m_t0.addSecs(90 * 60), 71.0);
        QCOMPARE(s.chart.visibleRange().to, m_t0.addSecs(90 * 60).toMSecsSinceEpoch());
    }

    void zoomedRangeStaysWhileNewPointsArrive()
    {
        Shown s(m_t0);
        s.wheel(s.at(m_t0.addSecs(30 * 60)), 120);
        const ui::TimeRange zoomed = s.chart.visibleRange();
        s.chart.addPoint("WTI_USD", m_t0.addSecs(61 * 60), 71.0);
        QCOMPARE(s.chart.visibleRange(), zoomed);
    }

    void rubberBandZoomsToTheSelectedTime()
    {
        Shown s(m_t0);
        QTest::mousePress(s.viewport(), Qt::RightButton, {}, s.at(m_t0.addSecs(10 * 60)));
        QTest::mouseMove(s.viewport(), s.at(m_t0.addSecs(20 * 60)));
        QTest::mouseRelease(s.viewport(), Qt::RightButton, {}, s.at(m_t0.addSecs(20 * 60)));
        const ui::TimeRange range = s.chart.visibleRange();
        // Within a pixel (an hour over ~800 px is ~5 s a pixel).
        QVERIFY2(qAbs(range.from - m_t0.addSecs(10 * 60).toMSecsSinceEpoch()) < 10'000,
            qPrintable(QString::number(range.from)));
        QVERIFY(qAbs(range.to - m_t0.addSecs(20 * 60).toMSecsSinceEpoch()) < 10'000);
        // Only what is in view is drawn, and the value axis fits it.
        const QList<QLineSeries*> wti = s.chart.segments("WTI_USD");
        QCOMPARE(wti.size(), 1);
        QVERIFY2(wti.front()->count() >= 9 && wti.front()->count() <= 12,
            qPrintable(QString::number(wti.front()->count())));
        s.chart.zoomBack();
        QVERIFY(!s.chart.isZoomed());
    }

    void dragPansTheZoomedRange()
    {
        Shown s(m_t0);
        s.chart.zoomTo(
            {m_t0.addSecs(20 * 60).toMSecsSinceEpoch(), m_t0.addSecs(30 * 60).toMSecsSinceEpoch()});
        const ui::TimeRange before = s.chart.visibleRange();
        const QPoint from = s.at(m_t0.addSecs(25 * 60));
        const QPoint to = from + QPoint(-200, 0);
        QTest::mousePress(s.viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(s.viewport(), from + QPoint(-100, 0));
        QTest::mouseMove(s.viewport(), to);
        QTest::mouseRelease(s.viewport(), Qt::LeftButton, {}, to);
        const ui::TimeRange after = s.chart.visibleRange();
        QCOMPARE(after.span(), before.span());
        // 200 px of a 10-minute view is about 200 / plot width of it, later in time.
        const double expected = 200.0 / s.chart.chart()->plotArea().width() * double(before.span());
        QVERIFY2(qAbs(double(after.from - before.from) - expected) < 0.02 * double(before.span()),
            qPrintable(QString("%1 vs %2").arg(after.from - before.from).arg(expected)));
        // Back undoes the whole drag in one step.
        s.chart.zoomBack();
        QCOMPARE(s.chart.visibleRange(), before);
        // Panning stops at the newest point.
        for (int drag = 0; drag < 8; ++drag) {
            QTest::mousePress(s.viewport(), Qt::LeftButton, {}, from);
            QTest::mouseMove(s.viewport(), from + QPoint(-100, 0));
            QTest::mouseMove(s.viewport(), from + QPoint(-300, 0));
            QTest::mouseRelease(s.viewport(), Qt::LeftButton, {}, from + QPoint(-300, 0));
        }
        QCOMPARE(s.chart.visibleRange().to, m_t0.addSecs(59 * 60).toMSecsSinceEpoch());
    }

    void crosshairShowsTheExactStoredValues()
    {
        Shown s(m_t0);
        // Minute 23: WTI 70 + 3 = 73, BRENT 80 + 3 = 83; the cursor a few seconds off still finds them.
        const QDateTime point = m_t0.addSecs(23 * 60);
        QTest::mouseMove(s.viewport(), s.at(point.addSecs(4)));
        QTRY_VERIFY(s.chart.view()->isCrosshairVisible());
        const QString text = s.chart.view()->crosshairText();
        QVERIFY2(text.contains(QStringLiteral("WTI_USD  73.00")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("BRENT_CRUDE_USD  83.00")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("at ") + point.toLocalTime().toString("hh:mm:ss")),
            qPrintable(text));

        const QList<ui::QtChartsPriceChart::CrosshairValue> values
            = s.chart.valuesAt(point.toMSecsSinceEpoch() + 4000);
        QCOMPARE(values.size(), 2);
        QCOMPARE(values[0].code, QStringLiteral("WTI_USD"));
        QCOMPARE(values[0].time, point);
        QCOMPARE(values[0].price, 73.0);
        QCOMPARE(values[0].percent, (73.0 - 70.0) / 70.0 * 100.0);
        QCOMPARE(values[1].price, 83.0);
        // Leaving the plot takes it away.
        QTest::mouseMove(s.viewport(), QPoint(1, 1));
        QVERIFY(!s.chart.view()->isCrosshairVisible());
    }

    void legendClickHidesAndShowsASeries()
    {
        Shown s(m_t0);
        QSignalSpy toggled(&s.chart, &ui::PriceChart::seriesVisibilityChanged);
        const QPoint entry = s.legendEntry("WTI_USD");
        QVERIFY(!entry.isNull());
        QTest::mouseClick(s.viewport(), Qt::LeftButton, {}, entry);
        QCOMPARE(toggled.size(), 1);
        QVERIFY(!s.chart.isSeriesVisible("WTI_USD"));
        QVERIFY(!s.chart.segments("WTI_USD").front()->isVisible());
        QVERIFY(s.chart.isSeriesVisible("BRENT_CRUDE_USD"));
        // The entry stays to be clicked again; the crosshair and the value axis leave the hidden code out.
        QCOMPARE(visibleLegendEntries(s.chart.chart()), 2);
        QCOMPARE(s.chart.valuesAt(m_t0.addSecs(600).toMSecsSinceEpoch()).size(), 1);
        const auto* axisY = qobject_cast<QValueAxis*>(s.chart.chart()->axes(Qt::Vertical).first());
        QVERIFY2(axisY->max() < 10.0,
            qPrintable(QString::number(axisY->max()))); // BRENT: +5 % at most; WTI +12.9 %
        QTest::mouseClick(s.viewport(), Qt::LeftButton, {}, s.legendEntry("WTI_USD"));
        QVERIFY(s.chart.isSeriesVisible("WTI_USD"));
        QVERIFY(s.chart.segments("WTI_USD").front()->isVisible());
        QVERIFY(axisY->max() > 12.0);
    }

    void absoluteModePlotsPrices()
    {
        Shown s(m_t0);
        QSignalSpy spy(&s.chart, &ui::PriceChart::valueModeChanged);
        QCOMPARE(s.chart.valueMode(), ui::ValueMode::PercentChange);
        QCOMPARE(s.chart.segments("WTI_USD").front()->at(0).y(), 0.0);
        s.chart.setValueMode(ui::ValueMode::Absolute);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(s.chart.segments("WTI_USD").front()->at(0).y(), 70.0);
        QCOMPARE(s.chart.segments("BRENT_CRUDE_USD").front()->at(1).y(), 81.0);
        const auto* axisY = qobject_cast<QValueAxis*>(s.chart.chart()->axes(Qt::Vertical).first());
        QVERIFY(axisY->min() <= 70.0 && axisY->max() >= 84.0);
        s.chart.setValueMode(ui::ValueMode::PercentChange);
        QCOMPARE(s.chart.segments("BRENT_CRUDE_USD").front()->at(1).y(), 1.25);
    }

    void gapsStayGapsAfterZoomAndDownsampling()
    {
        ui::QtChartsPriceChart chart;
        chart.setWindow(std::chrono::hours(24 * 7));
        chart.resize(900, 420);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        // Three days of minute data with an hour missing each day: ~4,300 points, far more than pixels.
        chart.beginBatch();
        for (int i = 0; i < 3 * 24 * 60; ++i) {
            if (i % (24 * 60) < 60 && i >= 24 * 60) {
                chart.insertGap("WTI_USD");
                continue;
            }
            chart.addPoint("WTI_USD", m_t0.addSecs(i * 60), 70.0 + std::sin(i / 50.0) + (i == 2000 ? 9 : 0));
        }
        chart.endBatch();
        QCoreApplication::processEvents();
        QCOMPARE(chart.runCount("WTI_USD"), 3);
        QList<QLineSeries*> pieces = chart.segments("WTI_USD");
        QCOMPARE(pieces.size(), 3);
        int drawn = 0;
        for (QLineSeries* piece : pieces)
            drawn += piece->count();
        // About one point per pixel of the plot, as wide as it was when drawn (the axis labels then take
        // some).
        const int width = chart.width();
        QVERIFY2(drawn <= width, qPrintable(QString("%1 points for %2 px").arg(drawn).arg(width)));
        // The spike at minute 2000 survives the downsampling.
        double top = 0;
        for (QLineSeries* piece : pieces) {
            for (const QPointF& p : piece->points())
                top = std::max(top, p.y());
        }
        QCOMPARE(top, (79.0 + std::sin(2000 / 50.0) - 70.0 - std::sin(0.0)) / 70.0 * 100.0);
        // Zoomed over the second hole: still two pieces, not one bridge.
        chart.zoomTo({m_t0.addSecs((24 * 60 - 120) * 60).toMSecsSinceEpoch(),
            m_t0.addSecs((24 * 60 + 120) * 60).toMSecsSinceEpoch()});
        pieces = chart.segments("WTI_USD");
        QCOMPARE(pieces.size(), 2);
        QVERIFY(pieces[0]->points().last().x() < m_t0.addSecs(24 * 60 * 60).toMSecsSinceEpoch());
        QCOMPARE(
            pieces[1]->points().first().x(), qreal(m_t0.addSecs((24 * 60 + 60) * 60).toMSecsSinceEpoch()));
        // Every point in view is drawn when they fit.
        QCOMPARE(pieces[0]->count() + pieces[1]->count(), 120 + 61);
    }

    // A month of minutes (43,200 points, far more than 16 per pixel) goes through the block candidates: the
    // highest and lowest points and every gap survive, live points keep coming, and about a point a pixel
    // is drawn.
    void longRangesKeepExtremesAndGapsThroughTheBlockCandidates()
    {
        ui::QtChartsPriceChart chart;
        chart.setWindow(std::chrono::days(40));
        chart.resize(900, 420);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        const int minutes = 30 * 24 * 60;
        QList<util::SeriesPoint> points;
        std::vector<std::size_t> starts;
        for (int i = 0; i < minutes; ++i) {
            if (i == 10'001 || i == 20'000 || i == 20'003)
                starts.push_back(std::size_t(points.size()));
            if (i > 10'000 && i < 10'100)
                continue; // a hole of 99 minutes: point 10,001 starts the second run
            const double y
                = 70.0 + std::sin(i / 300.0) + (i == 31'337 ? 6.0 : 0.0) - (i == 5'555 ? 4.0 : 0.0);
            points.append({double(m_t0.addSecs(qint64(i) * 60).toMSecsSinceEpoch()), y});
        }
        // Run starts as indices into `points` (the hole shifted them).
        starts = {10'001, 19'901, 19'904};
        chart.setValueMode(ui::ValueMode::Absolute);
        chart.replaceSeries("WTI_USD", points, starts);
        QCoreApplication::processEvents();
        QCOMPARE(chart.runCount("WTI_USD"), 4);
        for (int round = 0; round < 2; ++round) {
            const QList<QLineSeries*> pieces = chart.segments("WTI_USD");
            QCOMPARE(pieces.size(), 4);
            double top = 0;
            double bottom = 1e9;
            int drawn = 0;
            for (QLineSeries* piece : pieces) {
                drawn += piece->count();
                for (const QPointF& p : piece->points()) {
                    top = std::max(top, p.y());
                    bottom = std::min(bottom, p.y());
                }
            }
            QCOMPARE(top, 76.0 + std::sin(31'337 / 300.0));
            QCOMPARE(bottom, 66.0 + std::sin(5'555 / 300.0));
            QVERIFY2(drawn <= chart.width() + 8, qPrintable(QString::number(drawn)));
            // Each piece ends and starts at the points around its gap.
            QCOMPARE(pieces[0]->points().last().x(), points[10'000].x);
            QCOMPARE(pieces[1]->points().first().x(), points[10'001].x);
            QCOMPARE(pieces[2]->points().first().x(), points[19'901].x);
            QCOMPARE(pieces[3]->points().first().x(), points[19'904].x);
            // Live points keep the candidates up to date.
            chart.beginBatch();
            for (int i = 0; i < 200; ++i)
                chart.addPoint("WTI_USD", m_t0.addSecs(qint64(minutes + i) * 60), 70.0);
            chart.endBatch();
        }
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
