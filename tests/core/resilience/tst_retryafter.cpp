#include "resilience/retryafter.h"

#include <limits>

#include <QTest>
#include <QTimeZone>

using namespace oilwatch::resilience;

namespace {

// 2026-01-01T00:00:00Z, a Thursday.
const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1'767'225'600, QTimeZone::utc());
constexpr qint64 kNone = -1;

} // namespace

class TestRetryAfter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expected"); // kNone: nullopt

        QTest::addRow("zero") << QByteArray("0") << qint64(0);
        QTest::addRow("seconds") << QByteArray("5") << qint64(5000);
        QTest::addRow("surrounding whitespace") << QByteArray("  7 \t") << qint64(7000);
        QTest::addRow("leading zeros") << QByteArray("007") << qint64(7000);
        QTest::addRow("exactly the maximum") << QByteArray("60") << qint64(60'000);
        QTest::addRow("just above clamps") << QByteArray("61") << qint64(60'000);
        QTest::addRow("an hour clamps") << QByteArray("3600") << qint64(60'000);
        QTest::addRow("too long for any integer")
            << QByteArray("99999999999999999999999999999") << qint64(60'000);
        QTest::addRow("negative") << QByteArray("-5") << kNone;
        QTest::addRow("plus sign") << QByteArray("+3") << kNone;
        QTest::addRow("fraction") << QByteArray("1.5") << kNone;
        QTest::addRow("unit") << QByteArray("5s") << kNone;
        QTest::addRow("empty") << QByteArray() << kNone;
        QTest::addRow("blank") << QByteArray("   ") << kNone;
        QTest::addRow("word") << QByteArray("soon") << kNone;
        QTest::addRow("two numbers") << QByteArray("1 2") << kNone;

        QTest::addRow("imf-fixdate 30 s ahead")
            << QByteArray("Thu, 01 Jan 2026 00:00:30 GMT") << qint64(30'000);
        QTest::addRow("imf-fixdate now") << QByteArray("Thu, 01 Jan 2026 00:00:00 GMT") << qint64(0);
        QTest::addRow("imf-fixdate past") << QByteArray("Wed, 31 Dec 2025 23:59:00 GMT") << qint64(0);
        QTest::addRow("imf-fixdate long past") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(0);
        QTest::addRow("imf-fixdate a day ahead clamps")
            << QByteArray("Fri, 02 Jan 2026 00:00:00 GMT") << qint64(60'000);
        QTest::addRow("imf-fixdate lower case")
            << QByteArray("thu, 01 jan 2026 00:00:30 gmt") << qint64(30'000);
        QTest::addRow("rfc 850") << QByteArray("Thursday, 01-Jan-26 00:00:45 GMT") << qint64(45'000);
        QTest::addRow("asctime padded day") << QByteArray("Thu Jan  1 00:00:10 2026") << qint64(10'000);
        QTest::addRow("asctime single space") << QByteArray("Thu Jan 1 00:00:10 2026") << qint64(10'000);

        QTest::addRow("not GMT") << QByteArray("Thu, 01 Jan 2026 00:00:30 UTC") << kNone;
        QTest::addRow("no zone") << QByteArray("Thu, 01 Jan 2026 00:00:30") << kNone;
        QTest::addRow("day 32") << QByteArray("Thu, 32 Jan 2026 00:00:30 GMT") << kNone;
        QTest::addRow("30 February") << QByteArray("Mon, 30 Feb 2026 00:00:30 GMT") << kNone;
        QTest::addRow("one-digit day in imf") << QByteArray("Thu, 1 Jan 2026 00:00:30 GMT") << kNone;
        QTest::addRow("unknown month") << QByteArray("Thu, 01 Foo 2026 00:00:30 GMT") << kNone;
        QTest::addRow("unknown weekday") << QByteArray("Xyz, 01 Jan 2026 00:00:30 GMT") << kNone;
        QTest::addRow("no comma") << QByteArray("Thu 01 Jan 2026 00:00:30 GMT") << kNone;
        QTest::addRow("letter in the day") << QByteArray("Thu, 1a Jan 2026 00:00:30 GMT") << kNone;
        QTest::addRow("letter in the time") << QByteArray("Thu, 01 Jan 2026 00:00:3x GMT") << kNone;
        QTest::addRow("letter in the year") << QByteArray("Thu, 01 Jan 2O26 00:00:30 GMT") << kNone;
        QTest::addRow("hour 24") << QByteArray("Thu, 01 Jan 2026 24:00:00 GMT") << kNone;
        QTest::addRow("short time") << QByteArray("Thu, 01 Jan 2026 0:00:30 GMT") << kNone;
        QTest::addRow("two-digit year in imf") << QByteArray("Thu, 01 Jan 26 00:00:30 GMT") << kNone;
        QTest::addRow("iso 8601 is not an http-date") << QByteArray("2026-01-01T00:00:30Z") << kNone;
        QTest::addRow("rfc 850 short weekday") << QByteArray("Thu, 01-Jan-26 00:00:45 GMT") << kNone;
    }

    void parse()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, expected);
        const std::optional<qint64> actual = parseRetryAfter(value, kNow);
        if (expected == kNone) {
            QVERIFY2(!actual, qPrintable(QString::number(actual.value_or(0))));
        } else {
            QVERIFY(actual);
            QCOMPARE(*actual, expected);
        }
    }

    void maximumIsAParameter_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("maxMs");
        QTest::addColumn<qint64>("expected");
        QTest::addRow("larger max") << QByteArray("120") << qint64(300'000) << qint64(120'000);
        QTest::addRow("smaller max") << QByteArray("20") << qint64(10'000) << qint64(10'000);
        QTest::addRow("zero max") << QByteArray("20") << qint64(0) << qint64(0);
        QTest::addRow("negative max acts as zero") << QByteArray("20") << qint64(-5) << qint64(0);
        // Found by tests/fuzz/fuzz_retryafter: seconds * 1000 overflowed (UB) before the cap was checked.
        constexpr qint64 kTop = std::numeric_limits<qint64>::max();
        QTest::addRow("longest max, digits past it") << QByteArray("99999999999999999999") << kTop << kTop;
        QTest::addRow("longest max, digits below it")
            << QByteArray("999999999999999") << kTop << qint64(999'999'999'999'999'000);
        QTest::addRow("max just past a whole second")
            << QByteArray("9223372036854775") << kTop << qint64(9'223'372'036'854'775'000);
        QTest::addRow("one second past max") << QByteArray("9223372036854776") << kTop << kTop;
        QTest::addRow("date with larger max")
            << QByteArray("Thu, 01 Jan 2026 00:02:00 GMT") << qint64(300'000) << qint64(120'000);
    }

    void maximumIsAParameter()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, maxMs);
        QFETCH(qint64, expected);
        QCOMPARE(parseRetryAfter(value, kNow, maxMs), std::optional<qint64>(expected));
    }

    void httpDateForms_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime rfcExample(QDate(1994, 11, 6), QTime(8, 49, 37), QTimeZone::utc());
        QTest::addRow("imf-fixdate") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << kNow << rfcExample;
        QTest::addRow("rfc 850, 94 is the past")
            << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << kNow << rfcExample;
        QTest::addRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << kNow << rfcExample;
        QTest::addRow("rfc 850, 30 is this century")
            << QByteArray("Tuesday, 01-Jan-30 00:00:00 GMT") << kNow
            << QDateTime(QDate(2030, 1, 1), QTime(0, 0), QTimeZone::utc());
        QTest::addRow("rfc 850, 76 is exactly 50 years ahead")
            << QByteArray("Wednesday, 01-Jan-76 00:00:00 GMT") << kNow
            << QDateTime(QDate(2076, 1, 1), QTime(0, 0), QTimeZone::utc());
        QTest::addRow("rfc 850, 77 is more than 50 years ahead")
            << QByteArray("Saturday, 01-Jan-77 00:00:00 GMT") << kNow
            << QDateTime(QDate(1977, 1, 1), QTime(0, 0), QTimeZone::utc());
        QTest::addRow("rfc 850 near a century's end")
            << QByteArray("Friday, 01-Jan-00 00:00:00 GMT")
            << QDateTime(QDate(2099, 6, 1), QTime(0, 0), QTimeZone::utc())
            << QDateTime(QDate(2100, 1, 1), QTime(0, 0), QTimeZone::utc());
    }

    void httpDateForms()
    {
        QFETCH(QByteArray, value);
        QFETCH(QDateTime, now);
        QFETCH(QDateTime, expected);
        const std::optional<QDateTime> actual = parseHttpDate(value, now);
        QVERIFY(actual);
        QCOMPARE(*actual, expected);
    }

    void deadline_data()
    {
        QTest::addColumn<qint64>("waitMs");
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<qint64>("deadlineMs"); // kNone: no deadline
        QTest::addColumn<qint64>("expected"); // kNone: nullopt
        QTest::addRow("no deadline") << qint64(1000) << qint64(0) << kNone << qint64(1000);
        QTest::addRow("well before") << qint64(1000) << qint64(0) << qint64(5000) << qint64(1000);
        QTest::addRow("one ms before") << qint64(4999) << qint64(0) << qint64(5000) << qint64(4999);
        QTest::addRow("exactly at") << qint64(5000) << qint64(0) << qint64(5000) << kNone;
        QTest::addRow("past") << qint64(6000) << qint64(0) << qint64(5000) << kNone;
        QTest::addRow("offset now") << qint64(1000) << qint64(4500) << qint64(5000) << kNone;
        QTest::addRow("deadline already passed") << qint64(0) << qint64(6000) << qint64(5000) << kNone;
        QTest::addRow("negative wait is zero") << qint64(-50) << qint64(0) << kNone << qint64(0);
    }

    void deadline()
    {
        QFETCH(qint64, waitMs);
        QFETCH(qint64, nowMs);
        QFETCH(qint64, deadlineMs);
        QFETCH(qint64, expected);
        const std::optional<qint64> deadlineOpt
            = deadlineMs == kNone ? std::nullopt : std::optional<qint64>(deadlineMs);
        const std::optional<qint64> expectedOpt
            = expected == kNone ? std::nullopt : std::optional<qint64>(expected);
        QCOMPARE(waitWithinDeadline(waitMs, nowMs, deadlineOpt), expectedOpt);
    }
};

QTEST_GUILESS_MAIN(TestRetryAfter)
#include "tst_retryafter.moc"
