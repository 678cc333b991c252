// Which rules become chart lines, and that they reach the chart.
#include "alertthresholdlines.h"
#include "qtchartspricechart.h"
#include "support/testquotes.h"

#include <QtTest>

using namespace oilwatch;
using namespace oilwatch::alerts;

namespace {

AlertRule rule(const QString& code, AlertKind kind, double threshold, const QString& name = {})
{
    AlertRule r;
    r.id = name + code;
    r.name = name;
    r.code = code;
    r.kind = kind;
    r.threshold = threshold;
    return r;
}

} // namespace

class TestAlertThresholdLines : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void onlyEnabledPriceRulesOfTheCode()
    {
        AlertRule off = rule("BRENT_CRUDE_USD", AlertKind::Above, 90);
        off.enabled = false;
        const QList<AlertRule> rules {rule("BRENT_CRUDE_USD", AlertKind::Above, 80, "Brent high"),
            rule("BRENT_CRUDE_USD", AlertKind::Below, 60), rule("BRENT_CRUDE_USD", AlertKind::PercentMove, 5),
            rule("BRENT_CRUDE_USD", AlertKind::Stale, 300), rule("WTI_USD", AlertKind::Above, 75), off};
        const QList<ui::ThresholdLine> lines = ui::thresholdLinesFor(rules, "BRENT_CRUDE_USD");
        QCOMPARE(lines,
            QList<ui::ThresholdLine>({{80, "Brent high: above 80"}, {60, "BRENT_CRUDE_USD below 60"}}));
        QVERIFY(ui::thresholdLinesFor(rules, "NATURAL_GAS_USD").isEmpty());
    }

    void showOnChartSetsAndClearsPerCode()
    {
        ui::QtChartsPriceChart chart;
        chart.addPoint("BRENT_CRUDE_USD", testing::kT0, 78);
        chart.addPoint("WTI_USD", testing::kT0, 74);
        const QStringList codes {"BRENT_CRUDE_USD", "WTI_USD"};
        ui::showAlertThresholds(chart,
            {rule("BRENT_CRUDE_USD", AlertKind::Above, 80), rule("WTI_USD", AlertKind::Below, 70)}, codes);
        QCOMPARE(chart.thresholdLines("BRENT_CRUDE_USD").size(), 1);
        QCOMPARE(chart.thresholdLines("WTI_USD").size(), 1);
        ui::showAlertThresholds(chart, {rule("WTI_USD", AlertKind::Below, 70)}, codes);
        QVERIFY(chart.thresholdLines("BRENT_CRUDE_USD").isEmpty());
        QCOMPARE(chart.thresholdSeries("BRENT_CRUDE_USD").size(), 0);
        QCOMPARE(chart.thresholdSeries("WTI_USD").size(), 1);
    }
};

QTEST_MAIN(TestAlertThresholdLines)
#include "tst_alertthresholdlines.moc"
