#include "report/alertexport.h"
#include "report/csvwriter.h"
#include "support/strictcsv.h"

#include <QBuffer>
#include <QTest>

using namespace oilwatch;

class TestAlertExport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void historyRoundTrips()
    {
        std::deque<alerts::AlertEvent> history;
        alerts::AlertEvent firing;
        firing.ruleName = "=Brent, high";
        firing.code = "BRENT_CRUDE_USD";
        firing.from = alerts::AlertState::Pending;
        firing.to = alerts::AlertState::Firing;
        firing.value = -3.5;
        firing.atUtc = QDateTime(QDate(2026, 1, 1), QTime(0, 1), Qt::UTC);
        firing.detail = "change -3.50 %";
        firing.message = "Brent high firing:\nchange -3.50 %";
        alerts::AlertEvent cooled = firing;
        cooled.value.reset();
        cooled.from = alerts::AlertState::Firing;
        cooled.to = alerts::AlertState::Normal;
        history = {firing, cooled};

        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        report::CsvWriter csv(buffer);
        report::writeAlertHistory(history, csv);
        const auto parsed = testing::parseStrictCsv(bytes);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error));
        QCOMPARE(parsed.header, report::alertColumns());
        QCOMPARE(parsed.rows.size(), 2);
        QCOMPARE(parsed.cell(0, "timestamp"), "2026-01-01T00:01:00.000Z");
        QCOMPARE(parsed.cell(0, "rule"), "'=Brent, high");
        QCOMPARE(parsed.cell(0, "state"), "firing");
        QCOMPARE(parsed.cell(0, "previous_state"), "pending");
        QCOMPARE(parsed.cell(0, "value"), "-3.5");
        QCOMPARE(parsed.cell(0, "message"), firing.message);
        QCOMPARE(parsed.cell(1, "value"), "");
    }
};

QTEST_GUILESS_MAIN(TestAlertExport)
#include "tst_alertexport.moc"
