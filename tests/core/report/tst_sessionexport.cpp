#include "api/apierror.h"
#include "report/csvwriter.h"
#include "report/sessionexport.h"
#include "report/sessionlog.h"
#include "support/strictcsv.h"
#include "support/testquotes.h"
#include "util/clock.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::report;

class TestSessionExport : public QObject
{
    Q_OBJECT
private:
    static testing::StrictCsv exported(const SessionExportRequest& request, SessionOutcome* outcome = nullptr)
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        CsvWriter csv(buffer);
        const SessionOutcome result = writeSession(request, csv);
        if (outcome)
            *outcome = result;
        return testing::parseStrictCsv(bytes);
    }

private Q_SLOTS:
    void everyLineIsARowInRange()
    {
        QTemporaryDir dir;
        util::ManualClock clock;
        SessionLog log(dir.path(), clock, 2048, 4); // rotates: rows come from several files, in order
        api::FetchInfo info;
        info.servedFrom = api::ServedFrom::Cache;
        info.ageMs = 1500;
        for (int i = 0; i < 40; ++i) {
            api::Quote quote = testing::quote("BRENT_CRUDE_USD", i, -1.25 + i);
            quote.source = i == 0 ? "=cmd|' /C calc'!A0" : "test, \"quoted\"";
            log.recordQuote(quote, info);
            clock.advanceMs(60'000);
        }
        api::ApiError error;
        error.kind = api::ErrorKind::Timeout;
        error.message = "no answer\nin 10 s";
        log.recordError(error);
        // A line cut by a crash is skipped, not fatal.
        QFile tail(SessionLog::files(dir.path()).constLast());
        QVERIFY(tail.open(QIODevice::Append));
        tail.write("{\"type\":\"quo");
        tail.close();

        SessionExportRequest request;
        request.directory = dir.path();
        SessionOutcome outcome;
        testing::StrictCsv csv = exported(request, &outcome);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.header, sessionColumns(false));
        QCOMPARE(outcome.skippedLines, 1);
        const int first = int(40 - outcome.rows + 1); // the oldest files may have rotated away
        QVERIFY(outcome.rows > 10);
        QCOMPARE(qint64(csv.rows.size()), outcome.rows);
        QCOMPARE(csv.rows.constLast().value(csv.column("type")), "error");
        QCOMPARE(csv.rows.constLast().value(csv.column("detail")).contains("no answer\nin 10 s"), true);
        QCOMPARE(csv.cell(0, "served_from"), "cache");
        QCOMPARE(csv.cell(0, "age_s"), "1.5");
        QCOMPARE(csv.cell(0, "source"), first == 0 ? "'=cmd|' /C calc'!A0" : "test, \"quoted\"");
        for (int i = 1; i < csv.rows.size(); ++i)
            QVERIFY(csv.rows[i - 1][0] <= csv.rows[i][0]);

        // --from / --to
        request.from = testing::kT0.addSecs(35 * 60);
        request.to = testing::kT0.addSecs(37 * 60);
        csv = exported(request);
        QCOMPARE(csv.rows.size(), 3);
        QCOMPARE(csv.cell(0, "price"), "33.75");
    }
    void noLogGivesTheHeaderAlone()
    {
        QTemporaryDir dir;
        SessionExportRequest request;
        request.directory = dir.filePath("none");
        request.localTimeColumn = true;
        const testing::StrictCsv csv = exported(request);
        QVERIFY(csv.ok());
        QCOMPARE(csv.header.value(1), "local_time");
        QVERIFY(csv.rows.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSessionExport)
#include "tst_sessionexport.moc"
