// Each rule kind against its threshold and hysteresis band: table-driven.
#include "alerts/alertcondition.h"

#include <limits>

#include <QTest>

using namespace oilwatch::alerts;

class TestAlertCondition : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void judge_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<double>("hysteresis");
        QTest::addColumn<double>("value");
        QTest::addColumn<int>("verdict");
        const int above = int(AlertKind::Above);
        const int below = int(AlertKind::Below);
        const int move = int(AlertKind::PercentMove);
        const int stale = int(AlertKind::Stale);
        const int breaker = int(AlertKind::BreakerOpen);
        const int suspect = int(AlertKind::DataSuspect);
        const int B = int(Verdict::Breach);
        const int H = int(Verdict::Hold);
        const int C = int(Verdict::Clear);
        QTest::addRow("above: over") << above << 80.0 << 0.5 << 80.01 << B;
        QTest::addRow("above: at the threshold is not above") << above << 80.0 << 0.5 << 80.0 << H;
        QTest::addRow("above: inside the band") << above << 80.0 << 0.5 << 79.6 << H;
        QTest::addRow("above: at the band's edge") << above << 80.0 << 0.5 << 79.5 << C;
        QTest::addRow("above: no hysteresis clears at the threshold") << above << 80.0 << 0.0 << 80.0 << C;
        QTest::addRow("below: under") << below << 60.0 << 1.0 << 59.9 << B;
        QTest::addRow("below: at the threshold") << below << 60.0 << 1.0 << 60.0 << H;
        QTest::addRow("below: inside the band") << below << 60.0 << 1.0 << 60.9 << H;
        QTest::addRow("below: past the band") << below << 60.0 << 1.0 << 61.0 << C;
        QTest::addRow("below: negative prices") << below << 0.0 << 0.0 << -37.6 << B;
        QTest::addRow("move: a rise") << move << 5.0 << 1.0 << 5.2 << B;
        QTest::addRow("move: a fall counts too") << move << 5.0 << 1.0 << -5.2 << B;
        QTest::addRow("move: a fall inside the band") << move << 5.0 << 1.0 << -4.5 << H;
        QTest::addRow("move: small") << move << 5.0 << 1.0 << 3.9 << C;
        QTest::addRow("stale: older") << stale << 300.0 << 60.0 << 301.0 << B;
        QTest::addRow("stale: fresh again but inside the band") << stale << 300.0 << 60.0 << 250.0 << H;
        QTest::addRow("stale: fresh") << stale << 300.0 << 60.0 << 0.0 << C;
        QTest::addRow("breaker: open too long") << breaker << 120.0 << 0.0 << 121.0 << B;
        QTest::addRow("breaker: closed") << breaker << 120.0 << 0.0 << 0.0 << C;
        QTest::addRow("suspect: yes") << suspect << 0.0 << 0.0 << 1.0 << B;
        QTest::addRow("suspect: no") << suspect << 0.0 << 0.0 << 0.0 << C;
        QTest::addRow("NaN proves nothing")
            << above << 80.0 << 0.0 << std::numeric_limits<double>::quiet_NaN() << H;
    }

    void judge()
    {
        QFETCH(int, kind);
        QFETCH(double, threshold);
        QFETCH(double, hysteresis);
        QFETCH(double, value);
        QFETCH(int, verdict);
        AlertRule rule;
        rule.kind = AlertKind(kind);
        rule.threshold = threshold;
        rule.hysteresis = hysteresis;
        QCOMPARE(verdictName(oilwatch::alerts::judge(rule, value)), verdictName(Verdict(verdict)));
    }
};

QTEST_GUILESS_MAIN(TestAlertCondition)
#include "tst_alertcondition.moc"
