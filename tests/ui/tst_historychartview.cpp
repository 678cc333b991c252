// The chart tab driven as a person would: preset buttons, Back/Reset after a wheel zoom, the % / price
// toggle, and a preset loading a week through HistoryRangeLoader from the built-in simulator over loopback
// into a real SQLite file, with its progress shown. Saves the user guide's picture of the chart.
#include "chartinteractionview.h"
#include "feed/historyrangeloader.h"
#include "historychartview.h"
#include "qtchartspricechart.h"
#include "screenshots.h"
#include "storage/historystore.h"
#include "support/simstack.h"

#include <QAbstractButton>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QWheelEvent>
#include <QtCharts/QChart>
#include <QtTest>

using namespace oilwatch;
using Preset = ui::HistoryChartView::Preset;

class TestHistoryChartView : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<sim::SimServer> m_sim;
    QTemporaryDir m_dir;

    static ui::QtChartsPriceChart* chartOf(ui::HistoryChartView& view)
    {
        return qobject_cast<ui::QtChartsPriceChart*>(view.chart());
    }

    static void show(ui::HistoryChartView& view)
    {
        view.resize(1000, 460);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
    }

    static QPoint plotPoint(ui::QtChartsPriceChart& chart, double xFraction)
    {
        const QRectF plot = chart.chart()->plotArea();
        const QPointF inChart(plot.left() + plot.width() * xFraction, plot.center().y());
        return chart.view()->mapFromScene(chart.chart()->mapToScene(inChart));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_sim = std::make_unique<sim::SimServer>();
        QVERIFY(m_sim->start());
    }
    void cleanupTestCase() { m_sim.reset(); }

    void presetsSetTheWindow()
    {
        ui::HistoryChartView view;
        show(view);
        QCOMPARE(view.preset(), Preset::Minutes15);
        QVERIFY(view.presetButton(Preset::Minutes15)->isChecked());
        QCOMPARE(view.chart()->window(), ui::PriceChart::kDefaultWindow);
        QSignalSpy changed(&view, &ui::HistoryChartView::presetChanged);
        for (const Preset preset : ui::HistoryChartView::kPresets) {
            QAbstractButton* button = view.presetButton(preset);
            QCOMPARE(button->text(), ui::HistoryChartView::presetLabel(preset));
            QTest::mouseClick(button, Qt::LeftButton);
            QVERIFY(button->isChecked());
            QCOMPARE(view.preset(), preset);
            const auto span = ui::HistoryChartView::presetSpan(preset);
            QCOMPARE(view.chart()->window(), span.count() > 0 ? span : ui::HistoryChartView::kAllWindow);
        }
        QCOMPARE(changed.size(), int(ui::HistoryChartView::kPresets.size()));
        QCOMPARE(ui::HistoryChartView::presetSpan(Preset::Day1), std::chrono::seconds(86'400));
    }

    void backAndResetFollowTheZoom()
    {
        ui::HistoryChartView view;
        show(view);
        ui::QtChartsPriceChart* chart = chartOf(view);
        const QDateTime t0 = QDateTime::currentDateTimeUtc().addSecs(-600);
        for (int i = 0; i < 60; ++i)
            chart->addPoint("WTI_USD", t0.addSecs(i * 10), 70.0 + i % 4);
        QCoreApplication::processEvents();
        QVERIFY(!view.backButton()->isEnabled());
        QVERIFY(!view.resetButton()->isEnabled());
        const QPoint at = plotPoint(*chart, 0.5);
        for (int notch = 0; notch < 2; ++notch) {
            QWheelEvent wheel(QPointF(at), QPointF(chart->view()->viewport()->mapToGlobal(at)), QPoint(),
                QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(chart->view()->viewport(), &wheel);
        }
        QVERIFY(chart->isZoomed());
        QVERIFY(view.backButton()->isEnabled());
        QTest::mouseClick(view.backButton(), Qt::LeftButton);
        QVERIFY(chart->isZoomed()); // one notch back
        QTest::mouseClick(view.resetButton(), Qt::LeftButton);
        QVERIFY(!chart->isZoomed());
        QVERIFY(!view.backButton()->isEnabled());
        QVERIFY(!view.resetButton()->isEnabled());
        // A preset leaves the zoom too.
        chart->zoomTo({t0.addSecs(60).toMSecsSinceEpoch(), t0.addSecs(120).toMSecsSinceEpoch()});
        QVERIFY(view.resetButton()->isEnabled());
        QTest::mouseClick(view.presetButton(Preset::Hour1), Qt::LeftButton);
        QVERIFY(!chart->isZoomed());
    }

    void valueModeButtonTogglesPricesAndPercent()
    {
        ui::HistoryChartView view;
        show(view);
        QCOMPARE(view.chart()->valueMode(), ui::ValueMode::PercentChange);
        QTest::mouseClick(view.valueModeButton(), Qt::LeftButton);
        QCOMPARE(view.chart()->valueMode(), ui::ValueMode::Absolute);
        QTest::mouseClick(view.valueModeButton(), Qt::LeftButton);
        QCOMPARE(view.chart()->valueMode(), ui::ValueMode::PercentChange);
    }

    // 1W with nothing stored: the loader fetches the week from the simulator, the progress bar shows while
    // it does, and the chart ends with a week of points per code (the simulator's hourly history and more).
    void aPresetLoadsAndBackfillsTheRangeWithProgress()
    {
        storage::HistoryStore store(m_dir.filePath("view.sqlite"), util::SystemClock::instance());
        store.open(nullptr, {});
        testing::SimStack stack(testing::SimStack::configFor(*m_sim));
        feed::HistoryRangeLoader loader(stack.client, store, util::SystemClock::instance());
        ui::HistoryChartView view;
        view.setLoader(&loader);
        view.setCodes({"WTI_USD", "BRENT_CRUDE_USD"});
        show(view);
        QSignalSpy finished(&loader, &feed::HistoryRangeLoader::finished);
        QTest::mouseClick(view.presetButton(Preset::Week1), Qt::LeftButton);
        QVERIFY(loader.isLoading());
        QVERIFY(view.progressBar()->isVisible());
        QCOMPARE(view.progressBar()->maximum(), 2 * feed::HistoryRangeLoader::kStepsPerCode);
        QVERIFY(finished.wait(30'000));
        QVERIFY(!view.progressBar()->isVisible());
        QCOMPARE(view.statusText(), QString());
        ui::QtChartsPriceChart* chart = chartOf(view);
        QVERIFY2(chart->pointCount("WTI_USD") > 7 * 24 - 2,
            qPrintable(QString::number(chart->pointCount("WTI_USD"))));
        QVERIFY(chart->pointCount("BRENT_CRUDE_USD") > 7 * 24 - 2);
        QVERIFY(chart->visibleRange().span() > 6LL * 86'400'000);

        // The picture for the user guide: the toolbar and the crosshair over a week.
        QCoreApplication::processEvents();
        // The offscreen platform leaves the first preset, at the screen's corner, marked as under the mouse:
        // it would draw hovered in the picture.
        view.presetButton(Preset::Minutes15)->setAttribute(Qt::WA_UnderMouse, false);
        QTest::mouseMove(chart->view()->viewport(), plotPoint(*chart, 0.62));
        QTRY_VERIFY(chart->view()->isCrosshairVisible());
        testing::saveScreenshot(view, QStringLiteral("screenshot-chart-history.png"));
    }

    void aFailedLoadSaysWhichCode()
    {
        storage::HistoryStore store(m_dir.filePath("failed.sqlite"), util::SystemClock::instance());
        store.open(nullptr, {});
        testing::SimStack stack(testing::SimStack::configFor(*m_sim));
        feed::HistoryRangeLoader loader(stack.client, store, util::SystemClock::instance());
        ui::HistoryChartView view;
        view.setLoader(&loader);
        view.setCodes({"NOT_A_CODE"});
        QSignalSpy finished(&loader, &feed::HistoryRangeLoader::finished);
        view.selectPreset(Preset::Day1);
        QVERIFY(finished.wait(30'000));
        QCOMPARE(view.statusText(), QStringLiteral("Not all history loaded: NOT_A_CODE"));
    }
};

QTEST_MAIN(TestHistoryChartView)
#include "tst_historychartview.moc"
