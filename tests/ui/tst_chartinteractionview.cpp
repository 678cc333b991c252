#include "chartinteractionview.h"

#include <QSignalSpy>
#include <QWheelEvent>
#include <QtCharts/QChart>
#include <QtCharts/QLineSeries>
#include <QtCharts/QValueAxis>
#include <QtTest>

using namespace oilwatch;

// The view on its own, over a plain chart with x from 0 to 1000: gestures come out as requests in axis
// values, nothing else moves the axes.
class TestChartInteractionView : public QObject
{
    Q_OBJECT

private:
    struct Fixture
    {
        QChart* chart = new QChart;
        ui::ChartInteractionView view {chart};
        QValueAxis* x = new QValueAxis;
        QValueAxis* y = new QValueAxis;

        Fixture()
        {
            auto* series = new QLineSeries;
            series->append(0, 0);
            series->append(1000, 1);
            chart->addSeries(series);
            chart->addAxis(x, Qt::AlignBottom);
            chart->addAxis(y, Qt::AlignLeft);
            series->attachAxis(x);
            series->attachAxis(y);
            x->setRange(0, 1000);
            y->setRange(0, 1);
            chart->legend()->hide();
            view.resize(800, 400);
            view.show();
            QVERIFY(QTest::qWaitForWindowExposed(&view));
        }

        // The viewport position of value x (and the plot's vertical middle).
        QPoint at(double value) const
        {
            const QPointF inChart = chart->mapToPosition(QPointF(value, 0.5));
            return view.mapFromScene(chart->mapToScene(inChart));
        }

        void wheel(const QPoint& pos, int delta)
        {
            QWheelEvent event(QPointF(pos), QPointF(view.viewport()->mapToGlobal(pos)), QPoint(),
                QPoint(0, delta), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(view.viewport(), &event);
        }
    };

private Q_SLOTS:
    void wheelAsksForAZoomAroundTheCursor()
    {
        Fixture f;
        QSignalSpy spy(&f.view, &ui::ChartInteractionView::wheelZoomRequested);
        f.wheel(f.at(250), 120);
        QCOMPARE(spy.size(), 1);
        QVERIFY(qAbs(spy[0][0].toDouble() - 250) < 3); // a pixel is ~1.3 units here
        QCOMPARE(spy[0][1].toDouble(), ui::ChartInteractionView::kWheelStep);
        f.wheel(f.at(250), -240);
        QCOMPARE(spy.size(), 2);
        QVERIFY(qAbs(spy[1][1].toDouble() - 1.0 / (0.8 * 0.8)) < 1e-9);
        // Outside the plot the wheel is not the chart's.
        f.wheel(QPoint(2, 2), 120);
        QCOMPARE(spy.size(), 2);
    }

    void leftDragPans()
    {
        Fixture f;
        QSignalSpy started(&f.view, &ui::ChartInteractionView::panStarted);
        QSignalSpy panned(&f.view, &ui::ChartInteractionView::panRequested);
        QTest::mousePress(f.view.viewport(), Qt::LeftButton, {}, f.at(500));
        QTest::mouseMove(f.view.viewport(), f.at(400));
        QTest::mouseMove(f.view.viewport(), f.at(300));
        QTest::mouseRelease(f.view.viewport(), Qt::LeftButton, {}, f.at(300));
        QCOMPARE(started.size(), 1);
        double total = 0;
        for (const QList<QVariant>& call : panned)
            total += call[0].toDouble();
        // Dragged 200 units to the left: the view moves 200 units later in time.
        QVERIFY2(qAbs(total - 200) < 3, qPrintable(QString::number(total)));
    }

    void aClickIsNotAPan()
    {
        Fixture f;
        QSignalSpy started(&f.view, &ui::ChartInteractionView::panStarted);
        QTest::mouseClick(f.view.viewport(), Qt::LeftButton, {}, f.at(500));
        QCOMPARE(started.size(), 0);
    }

    void rightDragAndShiftDragSelectARange_data()
    {
        QTest::addColumn<int>("button");
        QTest::addColumn<int>("modifiers");
        QTest::addRow("right") << int(Qt::RightButton) << int(Qt::NoModifier);
        QTest::addRow("shift+left") << int(Qt::LeftButton) << int(Qt::ShiftModifier);
    }

    void rightDragAndShiftDragSelectARange()
    {
        QFETCH(int, button);
        QFETCH(int, modifiers);
        Fixture f;
        QSignalSpy selected(&f.view, &ui::ChartInteractionView::rangeSelected);
        QSignalSpy panned(&f.view, &ui::ChartInteractionView::panStarted);
        const auto b = Qt::MouseButton(button);
        const auto m = Qt::KeyboardModifiers(modifiers);
        QTest::mousePress(f.view.viewport(), b, m, f.at(600));
        QTest::mouseMove(f.view.viewport(), f.at(200));
        QVERIFY(f.view.isRubberBandVisible());
        QTest::mouseRelease(f.view.viewport(), b, m, f.at(200));
        QVERIFY(!f.view.isRubberBandVisible());
        QCOMPARE(panned.size(), 0);
        QCOMPARE(selected.size(), 1);
        QVERIFY(qAbs(selected[0][0].toDouble() - 200) < 3);
        QVERIFY(qAbs(selected[0][1].toDouble() - 600) < 3);
    }

    void hoverReportsTheTimeAndTheCrosshairIsDrawn()
    {
        Fixture f;
        QSignalSpy moved(&f.view, &ui::ChartInteractionView::hoverMoved);
        QSignalSpy left(&f.view, &ui::ChartInteractionView::hoverLeft);
        QTest::mouseMove(f.view.viewport(), f.at(700));
        QTRY_VERIFY(!moved.isEmpty());
        QVERIFY(qAbs(moved.last()[0].toDouble() - 700) < 3);
        f.view.showCrosshair(700, "WTI 70.00");
        QVERIFY(f.view.isCrosshairVisible());
        QCOMPARE(f.view.crosshairText(), QStringLiteral("WTI 70.00"));
        QTest::mouseMove(f.view.viewport(), QPoint(2, 2)); // off the plot
        QVERIFY(!left.isEmpty());
        f.view.hideCrosshair();
        QVERIFY(!f.view.isCrosshairVisible());
    }
};

QTEST_MAIN(TestChartInteractionView)
#include "tst_chartinteractionview.moc"
