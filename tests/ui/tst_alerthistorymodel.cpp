// The alert history's model: newest first, bounded, every column, and a well-behaved Qt model.
#include "alerthistorymodel.h"
#include "support/testquotes.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QtTest>

using namespace oilwatch;
using namespace oilwatch::alerts;
using ui::AlertHistoryModel;

namespace {

AlertEvent makeEvent(
    AlertState to, int minute, std::optional<double> value = 81.2, AlertKind kind = AlertKind::Above)
{
    AlertEvent e;
    e.ruleId = QStringLiteral("r%1").arg(minute);
    e.ruleName = QStringLiteral("Brent high");
    e.code = QStringLiteral("BRENT_CRUDE_USD");
    e.kind = kind;
    e.from = AlertState::Pending;
    e.to = to;
    e.value = value;
    e.atUtc = testing::kT0.addSecs(minute * 60);
    e.message = QStringLiteral("Brent high %1: <b>price</b>").arg(alertStateName(to));
    e.detail = QStringLiteral("<b>price</b>");
    return e;
}

} // namespace

class TestAlertHistoryModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void headers()
    {
        AlertHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList headers;
        for (int c = 0; c < model.columnCount(); ++c)
            headers << model.headerData(c, Qt::Horizontal).toString();
        QCOMPARE(headers, QStringList({"Time", "Rule", "Code", "State", "Value", "Details"}));
        QCOMPARE(model.capacity(), 500);
    }

    void newestFirstWithEveryColumn()
    {
        AlertHistoryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addEvent(makeEvent(AlertState::Pending, 1));
        model.addEvent(makeEvent(AlertState::Firing, 2));
        QCOMPARE(model.rowCount(), 2);
        auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };
        QCOMPARE(cell(0, AlertHistoryModel::TimeColumn).toString(),
            testing::kT0.addSecs(120).toLocalTime().toString("yyyy-MM-dd hh:mm:ss"));
        QCOMPARE(cell(0, AlertHistoryModel::TimeColumn, Qt::ToolTipRole).toString(),
            QStringLiteral("2026-01-01T00:02:00.000Z"));
        QCOMPARE(cell(0, AlertHistoryModel::RuleColumn).toString(), QStringLiteral("Brent high"));
        QCOMPARE(cell(0, AlertHistoryModel::CodeColumn).toString(), QStringLiteral("BRENT_CRUDE_USD"));
        QCOMPARE(cell(0, AlertHistoryModel::StateColumn).toString(), QStringLiteral("Firing"));
        QCOMPARE(cell(0, AlertHistoryModel::StateColumn, Qt::ToolTipRole).toString(),
            QStringLiteral("Pending → Firing"));
        QCOMPARE(cell(0, AlertHistoryModel::ValueColumn).toString(), QStringLiteral("81.2"));
        // Text from the API stays text: the model hands it over as it is, never as markup.
        QCOMPARE(cell(0, AlertHistoryModel::DetailsColumn).toString(), QStringLiteral("<b>price</b>"));
        QCOMPARE(cell(0, AlertHistoryModel::DetailsColumn, Qt::ToolTipRole).toString(),
            QStringLiteral("Brent high firing: <b>price</b>"));
        QCOMPARE(cell(1, AlertHistoryModel::StateColumn).toString(), QStringLiteral("Pending"));
        // Firing stands out.
        QVERIFY(cell(0, AlertHistoryModel::StateColumn, Qt::FontRole).value<QFont>().bold());
        QVERIFY(cell(0, AlertHistoryModel::StateColumn, Qt::ForegroundRole).isValid());
        QVERIFY(!cell(0, AlertHistoryModel::DetailsColumn, Qt::FontRole).isValid());
        QVERIFY(!cell(1, AlertHistoryModel::StateColumn, Qt::FontRole).isValid());
    }

    void valueText_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<double>("value");
        QTest::addColumn<QString>("text");
        QTest::addRow("price") << int(AlertKind::Below) << 59.5 << "59.5";
        QTest::addRow("rise") << int(AlertKind::PercentMove) << 5.3 << "+5.30 %";
        QTest::addRow("fall") << int(AlertKind::PercentMove) << -5.3 << "-5.30 %";
        QTest::addRow("stale") << int(AlertKind::Stale) << 301.4 << "301 s";
        QTest::addRow("breaker") << int(AlertKind::BreakerOpen) << 120.0 << "120 s";
        QTest::addRow("suspect") << int(AlertKind::DataSuspect) << 1.0 << "suspect";
        QTest::addRow("not suspect") << int(AlertKind::DataSuspect) << 0.0 << "ok";
    }

    void valueText()
    {
        QFETCH(int, kind);
        QFETCH(double, value);
        QFETCH(QString, text);
        QCOMPARE(ui::alertValueText(makeEvent(AlertState::Firing, 0, value, AlertKind(kind))), text);
        QCOMPARE(
            ui::alertValueText(makeEvent(AlertState::Firing, 0, std::nullopt, AlertKind(kind))), QString());
    }

    void boundedAndResettable()
    {
        AlertHistoryModel model(3);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < 5; ++i)
            model.addEvent(makeEvent(AlertState::Firing, i));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.eventAt(0).ruleId, QStringLiteral("r4"));
        QCOMPARE(model.eventAt(2).ruleId, QStringLiteral("r2"));

        std::deque<AlertEvent> history;
        for (int i = 0; i < 4; ++i)
            history.push_back(makeEvent(AlertState::Resolved, 10 + i));
        model.setHistory(history);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.eventAt(0).ruleId, QStringLiteral("r13"));
        QCOMPARE(model.eventAt(2).ruleId, QStringLiteral("r11"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestAlertHistoryModel)
#include "tst_alerthistorymodel.moc"
