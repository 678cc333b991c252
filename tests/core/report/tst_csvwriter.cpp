#include "report/csvwriter.h"
#include "support/strictcsv.h"

#include <clocale>

#include <QBuffer>
#include <QLocale>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace oilwatch::report;
using oilwatch::testing::Bom;
using oilwatch::testing::parseStrictCsv;

namespace {

template <typename Rows> QByteArray written(Rows rows, CsvWriter::Options options = {})
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        CsvWriter csv(buffer, options);
        rows(csv);
    }
    return bytes;
}

} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textCellsRoundTrip_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<QByteArray>("expected"); // the bytes of the cell as written
        QTest::newRow("plain") << "BRENT_CRUDE_USD" << QByteArray("BRENT_CRUDE_USD");
        QTest::newRow("empty") << "" << QByteArray("");
        QTest::newRow("comma") << "a,b" << QByteArray("\"a,b\"");
        QTest::newRow("quote") << "say \"hi\"" << QByteArray("\"say \"\"hi\"\"\"");
        QTest::newRow("LF") << "two\nlines" << QByteArray("\"two\nlines\"");
        QTest::newRow("CRLF inside") << "two\r\nlines" << QByteArray("\"two\r\nlines\"");
        QTest::newRow("unicode") << QString::fromUtf8("Ölpreis € – 原油 🛢")
                                 << QString::fromUtf8("Ölpreis € – 原油 🛢").toUtf8();
        QTest::newRow("space kept") << " padded " << QByteArray(" padded ");
        // OWASP CSV injection: neutralised with a leading ' and quoted.
        QTest::newRow("=formula") << "=HYPERLINK(\"http://x\",\"y\")"
                                  << QByteArray("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        QTest::newRow("+") << "+1+2" << QByteArray("\"'+1+2\"");
        QTest::newRow("- text") << "-2+3" << QByteArray("\"'-2+3\"");
        QTest::newRow("@") << "@SUM(A1)" << QByteArray("\"'@SUM(A1)\"");
        QTest::newRow("tab") << "\t=1" << QByteArray("\"'\t=1\"");
        QTest::newRow("CR") << "\r=1" << QByteArray("\"'\r=1\"");
        QTest::newRow("= later is fine") << "a=b" << QByteArray("a=b");
    }
    void textCellsRoundTrip()
    {
        QFETCH(QString, cell);
        QFETCH(QByteArray, expected);
        const QByteArray bytes = written([&](CsvWriter& csv) {
            csv.header({"first", "cell", "last"});
            csv.text(u"x");
            csv.text(cell);
            csv.text(u"y");
            csv.endRow();
        });
        QCOMPARE(bytes, QByteArray("first,cell,last\r\nx,") + expected + ",y\r\n");
        const auto csv = parseStrictCsv(bytes);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.rows.size(), 1);
        const bool neutralised = CsvWriter::needsNeutralising(cell.toUtf8());
        QCOMPARE(csv.cell(0, "cell"), neutralised ? QLatin1Char('\'') + cell : cell);
    }

    // A number stays a number: a negative price is not neutralised, and it is written with '.' under any
    // locale, as the shortest text that reads back to the same double.
    void numbersAreNumbers_data()
    {
        QTest::addColumn<double>("value");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("price") << 81.25 << QByteArray("81.25");
        QTest::newRow("negative") << -37.63 << QByteArray("-37.63"); // WTI, April 2020
        QTest::newRow("zero") << 0.0 << QByteArray("0");
        QTest::newRow("whole") << 80.0 << QByteArray("80");
        QTest::newRow("0.1") << 0.1 << QByteArray("0.1");
        QTest::newRow("tiny") << 1e-9 << QByteArray("1e-09");
        QTest::newRow("NaN is empty") << std::nan("") << QByteArray("");
        QTest::newRow("inf is empty") << std::numeric_limits<double>::infinity() << QByteArray("");
    }
    void numbersAreNumbers()
    {
        QFETCH(double, value);
        QFETCH(QByteArray, expected);
        const QLocale before;
        QLocale::setDefault(QLocale(QLocale::German)); // decimal comma
        std::setlocale(LC_NUMERIC, "de_DE.UTF-8"); // may be missing: then only Qt's locale differs
        const QByteArray bytes = written([&](CsvWriter& csv) {
            csv.number(value);
            csv.integer(-42);
            csv.endRow();
        });
        std::setlocale(LC_NUMERIC, "C");
        QLocale::setDefault(before);
        QCOMPARE(bytes, expected + ",-42\r\n");
    }
    void numbersReadBackExactly()
    {
        QRandomGenerator random(7);
        for (int i = 0; i < 10'000; ++i) {
            const double value = (random.generateDouble() - 0.5) * std::pow(10.0, random.bounded(-6, 7));
            const QByteArray bytes = written([&](CsvWriter& csv) {
                csv.number(value);
                csv.endRow();
            });
            bool ok = false;
            QCOMPARE(bytes.chopped(2).toDouble(&ok), value);
            QVERIFY(ok);
        }
    }

    void timestampsAreIsoUtc_data()
    {
        QTest::addColumn<QDateTime>("at");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("epoch") << QDateTime::fromMSecsSinceEpoch(0, Qt::UTC)
                               << QByteArray("1970-01-01T00:00:00.000Z");
        QTest::newRow("ms") << QDateTime(QDate(2026, 3, 1), QTime(8, 30, 5, 7), Qt::UTC)
                            << QByteArray("2026-03-01T08:30:05.007Z");
        QTest::newRow("leap day") << QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59, 999), Qt::UTC)
                                  << QByteArray("2024-02-29T23:59:59.999Z");
        QTest::newRow("before 1970") << QDateTime(QDate(1969, 12, 31), QTime(23, 0), Qt::UTC)
                                     << QByteArray("1969-12-31T23:00:00.000Z");
        QTest::newRow("offset zone is converted") << QDateTime(QDate(2026, 6, 1), QTime(10, 0),
            QTimeZone(3600 * 2)) << QByteArray("2026-06-01T08:00:00.000Z");
        QTest::newRow("invalid is empty") << QDateTime() << QByteArray("");
    }
    void timestampsAreIsoUtc()
    {
        QFETCH(QDateTime, at);
        QFETCH(QByteArray, expected);
        const QByteArray bytes = written([&](CsvWriter& csv) {
            csv.timestampUtc(at);
            csv.endRow();
        });
        QCOMPARE(bytes, expected + "\r\n");
    }
    // The fast formatter against Qt's on random instants over four centuries, one day cache included.
    void timestampsMatchQt()
    {
        QRandomGenerator random(11);
        QByteArray bytes;
        QList<qint64> instants;
        for (int i = 0; i < 20'000; ++i) {
            // Runs of nearby instants (the day cache) and far jumps.
            const qint64 base = qint64(random.bounded(-2'000'000, 2'000'000)) * 3'600'000LL;
            instants << base << base + random.bounded(86'400'000);
        }
        bytes = written([&](CsvWriter& csv) {
            for (qint64 ms : instants) {
                csv.timestampUtcMs(ms);
                csv.endRow();
            }
        });
        const QList<QByteArray> lines = bytes.split('\n');
        for (int i = 0; i < instants.size(); ++i) {
            const QByteArray expected
                = QDateTime::fromMSecsSinceEpoch(instants[i], Qt::UTC).toString(Qt::ISODateWithMs).toUtf8();
            QCOMPARE(lines[i].chopped(1), expected);
        }
    }
    void localTimeCarriesItsOffset()
    {
        qputenv("TZ", "Europe/Berlin");
        const QDateTime at(QDate(2026, 1, 15), QTime(12, 0), Qt::UTC);
        const QByteArray bytes = written([&](CsvWriter& csv) {
            csv.timestampUtc(at);
            csv.timestampLocal(at);
            csv.endRow();
        });
        const QList<QByteArray> cells = bytes.chopped(2).split(',');
        QCOMPARE(cells.size(), 2);
        QCOMPARE(QDateTime::fromString(QString::fromUtf8(cells[1]), Qt::ISODateWithMs).toUTC(), at);
        QVERIFY(cells[1].contains('+') || cells[1].endsWith('Z'));
        qunsetenv("TZ");
    }

    void byteOrderMarkOnlyWhenAsked()
    {
        auto rows = [](CsvWriter& csv) { csv.header({"a"}); };
        const QByteArray plain = written(rows);
        const QByteArray excel = written(rows, {true});
        QCOMPARE(plain, QByteArray("a\r\n"));
        QCOMPARE(excel,
            QByteArray("\xEF\xBB\xBF"
                       "a\r\n"));
        QVERIFY(parseStrictCsv(excel, Bom::Required).ok());
        QVERIFY(!parseStrictCsv(excel, Bom::Forbidden).ok());
    }
    void emptyCellsAndGaps()
    {
        const QByteArray bytes = written([](CsvWriter& csv) {
            csv.header({"t", "A", "B"});
            csv.timestampUtcMs(0);
            csv.empty();
            csv.number(-1.5);
            csv.endRow();
        });
        const auto csv = parseStrictCsv(bytes);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.cell(0, "A"), QString());
        QCOMPARE(csv.cell(0, "B"), "-1.5");
    }
    // Rows reach the device as the buffer fills, not at the end: memory stays flat.
    void streamsInChunks()
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        CsvWriter csv(buffer);
        for (int i = 0; i < 50'000; ++i) {
            csv.timestampUtcMs(qint64(i) * 60'000);
            csv.textUtf8("BRENT_CRUDE_USD");
            csv.number(80.0 + i / 1000.0);
            csv.endRow();
        }
        const qsizetype beforeFlush = bytes.size();
        QVERIFY(beforeFlush > 0);
        QVERIFY(csv.flush());
        QVERIFY(bytes.size() - beforeFlush < CsvWriter::kFlushBytes); // at most one buffer held back
        QCOMPARE(csv.rowsWritten(), 50'000);
        QCOMPARE(parseStrictCsv(QByteArray("t,c,p\r\n") + bytes).rows.size(), 50'000);
    }
    void aRefusingDeviceIsReported()
    {
        QByteArray bytes;
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly); // write() fails
        CsvWriter csv(buffer);
        csv.header({"a"});
        QVERIFY(!csv.flush());
        QVERIFY(!csv.ok());
        QVERIFY(!csv.errorString().isEmpty());
    }

    // The strict reader itself refuses what a lenient one would guess at.
    void strictReaderRefusesMalformed_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("bare LF") << QByteArray("a,b\nc,d\n");
        QTest::newRow("bare CR") << QByteArray("a,b\rc,d\r\n");
        QTest::newRow("no final CRLF") << QByteArray("a,b\r\nc,d");
        QTest::newRow("unclosed quote") << QByteArray("a\r\n\"x\r\n");
        QTest::newRow("quote mid-field") << QByteArray("a\r\nx\"y\r\n");
        QTest::newRow("text after quote") << QByteArray("a\r\n\"x\"y\r\n");
        QTest::newRow("ragged row") << QByteArray("a,b\r\n1\r\n");
        QTest::newRow("bad UTF-8") << QByteArray("a\r\n\xC3\x28\r\n");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("trailing comma at end") << QByteArray("a,");
    }
    void strictReaderRefusesMalformed()
    {
        QFETCH(QByteArray, bytes);
        QVERIFY(!parseStrictCsv(bytes).ok());
    }
    void strictReaderReadsQuotedEverything()
    {
        const auto csv = parseStrictCsv("a,b\r\n\"1,2\",\"x\"\"y\r\nz\"\r\n,\r\n");
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.rows.size(), 2);
        QCOMPARE(csv.rows[0], QStringList({"1,2", "x\"y\r\nz"}));
        QCOMPARE(csv.rows[1], QStringList({"", ""}));
    }
};

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
