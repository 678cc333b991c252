// The alert history view: the table, its summary and note, the Clear button, and a screenshot.
#include "alerthistorymodel.h"
#include "alerthistoryview.h"
#include "screenshots.h"
#include "support/testquotes.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

using namespace oilwatch;
using namespace oilwatch::alerts;

namespace {

AlertEvent makeEvent(const QString& name, const QString& code, AlertKind kind, AlertState from, AlertState to,
    double value, int minute, const QString& message)
{
    AlertEvent e;
    e.ruleId = name;
    e.ruleName = name;
    e.code = code;
    e.kind = kind;
    e.from = from;
    e.to = to;
    e.value = value;
    e.atUtc = testing::kT0.addSecs(minute * 60);
    e.message = message;
    e.detail = message.mid(message.indexOf(QLatin1String(": ")) + 2);
    return e;
}

void fill(ui::AlertHistoryModel& model)
{
    const QString brent = QStringLiteral("BRENT_CRUDE_USD");
    const QString wti = QStringLiteral("WTI_USD");
    using S = AlertState;
    model.addEvent(makeEvent("Brent high", brent, AlertKind::Above, S::Normal, S::Pending, 80.4, 1,
        "Brent high pending: price 80.4 (BRENT_CRUDE_USD above 80)"));
    model.addEvent(makeEvent("Brent high", brent, AlertKind::Above, S::Pending, S::Firing, 81.2, 2,
        "Brent high firing: price 81.2 (BRENT_CRUDE_USD above 80)"));
    model.addEvent(makeEvent("WTI_USD moves 5 % in 15 min", wti, AlertKind::PercentMove, S::Normal, S::Firing,
        -5.4, 4, "WTI_USD moves 5 % in 15 min firing: -5.40 % from 76 to 71.9"));
    model.addEvent(makeEvent("Brent high", brent, AlertKind::Above, S::Firing, S::Resolved, 79.4, 9,
        "Brent high resolved: price 79.4 (BRENT_CRUDE_USD above 80)"));
    model.addEvent(makeEvent("Brent data", brent, AlertKind::DataSuspect, S::Normal, S::Firing, 1, 11,
        "Brent data firing: data suspect: price jumped 14 % in 1 min"));
}

} // namespace

class TestAlertHistoryView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyThenFilledThenCleared()
    {
        ui::AlertHistoryModel model;
        ui::AlertHistoryView view(&model);
        QCOMPARE(view.summaryText(), QStringLiteral("No alert has fired yet."));
        auto* clear = view.findChild<QPushButton*>();
        QVERIFY(clear && !clear->isEnabled());
        fill(model);
        QCOMPARE(view.summaryText(), QStringLiteral("5 transitions, newest first"));
        QVERIFY(clear->isEnabled());
        QCOMPARE(view.table()->model(), &model);
        clear->click();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(view.summaryText(), QStringLiteral("No alert has fired yet."));
    }

    void noteIsPlainTextAndHiddenWhenEmpty()
    {
        ui::AlertHistoryModel model;
        ui::AlertHistoryView view(&model);
        view.show();
        QLabel* note = nullptr;
        for (QLabel* label : view.findChildren<QLabel*>()) {
            QCOMPARE(label->textFormat(), Qt::PlainText);
            if (label->text().isEmpty())
                note = label;
        }
        QVERIFY(note && note->isHidden());
        view.setNote(QStringLiteral("Desktop notifications are not available <here>."));
        QVERIFY(note->isVisible());
        QCOMPARE(view.note(), QStringLiteral("Desktop notifications are not available <here>."));
        view.setNote({});
        QVERIFY(note->isHidden());
    }

    void screenshotShowsEveryColumnUncut()
    {
        ui::AlertHistoryModel model;
        ui::AlertHistoryView view(&model);
        view.setNote(QStringLiteral("Desktop notifications are not available here (no system tray); alerts "
                                    "appear in this table only."));
        fill(model);
        view.resize(980, 300);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // The short columns are sized to their contents, so none is elided.
        QHeaderView* header = view.table()->horizontalHeader();
        for (int column = 0; column < ui::AlertHistoryModel::DetailsColumn; ++column) {
            const int needed = static_cast<QAbstractItemView*>(view.table())->sizeHintForColumn(column);
            QVERIFY2(header->sectionSize(column) >= needed, qPrintable(QString::number(column)));
        }
        testing::saveScreenshot(view, QStringLiteral("screenshot-alert-history.png"));
    }
};

QTEST_MAIN(TestAlertHistoryView)
#include "tst_alerthistoryview.moc"
