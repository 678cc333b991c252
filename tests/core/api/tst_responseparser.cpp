#include "api/responseparser.h"
#include "util/utc.h"

#include <QTest>

using namespace oilwatch::api;

namespace {
const QDateTime kReceived(QDate(2026, 11, 26), QTime(12, 0), oilwatch::util::utc());
}

class TestResponseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void documentedLatestFlat()
    {
        const auto result = ResponseParser::parseLatest(
            R"({"status":"success","data":{"price":62.56,"formatted":"$62.56","currency":"USD","code":"WTI_USD",)"
            R"("created_at":"2025-09-30T20:27:42.177Z","type":"spot_price","source":"oilprice.business_insider",)"
            R"("metadata":{"source":"oilprice.business_insider","source_description":"Business Insider"}}})",
            kReceived);
        QVERIFY(result.ok());
        QCOMPARE(result.value().size(), 1);
        const Quote& q = result.value().constFirst();
        QCOMPARE(q.code, QString("WTI_USD"));
        QCOMPARE(q.price, 62.56);
        QCOMPARE(q.currency, QString("USD"));
        QCOMPARE(q.createdAt, QDateTime(QDate(2025, 9, 30), QTime(20, 27, 42, 177), oilwatch::util::utc()));
        QCOMPARE(q.type, QString("spot_price"));
        QCOMPARE(q.source, QString("oilprice.business_insider"));
        QCOMPARE(q.receivedAt, kReceived);
    }

    void fixtureWithUnitAndUnknownFields()
    {
        const auto result = ResponseParser::parseLatest(
            R"({"status":"success","data":{"code":"BRENT_CRUDE_USD","price":72.5,"formatted":"$72.50","currency":"USD",)"
            R"("unit":"barrel","created_at":"2026-01-15T12:00:00Z","type":"spot_price","source":"fixture",)"
            R"("data_status":"current","changes":{"24h":{"amount":1.2}},"something_new":[1,2,3]}})",
            kReceived);
        QVERIFY(result.ok());
        QCOMPARE(result.value().constFirst().unit, QString("barrel"));
        QCOMPARE(result.value().constFirst().createdAt,
            QDateTime(QDate(2026, 1, 15), QTime(12, 0), oilwatch::util::utc()));
    }

    void keyedByCode()
    {
        const auto result = ResponseParser::parseLatest(
            R"({"status":"success","data":{"WTI_USD":{"price":74.52,"currency":"USD","code":"WTI_USD","created_at":"2025-12-29T15:30:00.000Z"},)"
            R"("BRENT_CRUDE_USD":{"price":78.1,"currency":"USD","created_at":"2025-12-29T15:30:00.000Z"}}})",
            kReceived);
        QVERIFY(result.ok());
        QCOMPARE(result.value().size(), 2);
        QStringList codes;
        for (const Quote& q : result.value())
            codes << q.code;
        codes.sort();
        QCOMPARE(codes, QStringList({"BRENT_CRUDE_USD", "WTI_USD"})); // the key fills in a missing code
    }

    void legacyGoListAndBareObject()
    {
        const auto legacy = ResponseParser::parseLatest(
            R"({"status":"success","data":{"prices":[{"code":"BRENT_CRUDE_USD","name":"Brent Crude Oil","price":75.42,)"
            R"("currency":"USD","unit":"barrel","updated_at":"2024-01-10T12:00:00Z"}]}})",
            kReceived);
        QVERIFY(legacy.ok());
        QCOMPARE(legacy.value().constFirst().createdAt,
            QDateTime(QDate(2024, 1, 10), QTime(12, 0), oilwatch::util::utc()));

        const auto bare = ResponseParser::parseLatest(
            R"({"code":"WTI_USD","price":70,"created_at":"2026-01-15T12:00:00Z"})", kReceived);
        QVERIFY(bare.ok());
        QCOMPARE(bare.value().constFirst().price, 70.0);
    }

    void untrustworthyBodiesAreTypedErrors_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("messagePart");
        QTest::addRow("empty") << QByteArray("") << "empty response body";
        QTest::addRow("whitespace") << QByteArray("  \n") << "empty response body";
        QTest::addRow("malformed") << QByteArray(R"({"status":"success","data":{"price":)")
                                   << "not valid JSON";
        QTest::addRow("html") << QByteArray("<html>oops</html>") << "not valid JSON";
        QTest::addRow("no data") << QByteArray(R"({"status":"success"})") << "no price records";
        QTest::addRow("missing price")
            << QByteArray(R"({"data":{"code":"WTI_USD","created_at":"2026-01-15T12:00:00Z"}})")
            << "price is missing";
        QTest::addRow("null price") << QByteArray(
            R"({"data":{"code":"WTI_USD","price":null,"created_at":"2026-01-15T12:00:00Z"}})")
                                    << "price is missing";
        QTest::addRow("string price")
            << QByteArray(R"({"data":{"code":"WTI_USD","price":"62.5","created_at":"2026-01-15T12:00:00Z"}})")
            << "price is not a number";
        // Qt 6.4 rejects the literal as JSON; either way it must be a typed error, never infinity.
        QTest::addRow("infinite price")
            << QByteArray(R"({"data":{"code":"WTI_USD","price":1e999,"created_at":"2026-01-15T12:00:00Z"}})")
            << "";
        QTest::addRow("no timestamp")
            << QByteArray(R"({"data":{"code":"WTI_USD","price":62.5}})") << "without a timestamp";
        QTest::addRow("bad timestamp")
            << QByteArray(R"({"data":{"code":"WTI_USD","price":62.5,"created_at":"yesterday"}})")
            << "unreadable timestamp";
        QTest::addRow("no code") << QByteArray(
            R"({"data":{"price":62.5,"created_at":"2026-01-15T12:00:00Z"}})")
                                 << "price record without a code";
        QTest::addRow("array root") << QByteArray("[1,2]") << "no data object";
        // Found by tests/fuzz/fuzz_responseparser: the code of a record went into the message as sent, line
        // breaks and all (Qt's JSON reader takes raw control characters inside strings).
        QTest::addRow("line break in the code")
            << QByteArray("{\"data\":{\"code\":\"WTI\nX\",\"price\":1,\"created_at\":\"soon\"}}")
            << "WTI X: unreadable timestamp";
    }
    void untrustworthyBodiesAreTypedErrors()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, messagePart);
        const auto result = ResponseParser::parseLatest(body, kReceived);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, ErrorKind::BadResponse);
        QVERIFY2(result.error().message.contains(messagePart), qPrintable(result.error().message));
        QCOMPARE(result.error().exitCode(), 6);
        QVERIFY(!result.error().message.contains(u'\n'));
    }

    void historyPageWithMeta()
    {
        const auto page = ResponseParser::parseHistoryPage(
            R"({"status":"success","data":{"prices":[)"
            R"({"code":"BRENT_CRUDE_USD","price":81.25,"currency":"USD","unit":"barrel","created_at":"2026-07-20T00:00:00Z","type":"spot_price"},)"
            R"({"code":"EU_CARBON_EUR","price":72.4,"currency":null,"unit":"tonne","created_at":"2026-07-20T01:00:00Z","type":"spot_price","formatted":"x"}]},)"
            R"("meta":{"page":1,"per_page":3,"total":5,"total_pages":2,"has_next":true,"has_prev":false}})",
            {}, kReceived);
        QVERIFY(page.ok());
        QCOMPARE(page.value().quotes.size(), 2);
        QCOMPARE(page.value().quotes.at(1).currency, QString()); // null currency is tolerated
        QCOMPARE(page.value().pagination.total, 5);
        QCOMPARE(page.value().pagination.totalPages, 2);
        QVERIFY(page.value().pagination.hasNext);
    }

    void historyPaginationFromHeaders_data()
    {
        QTest::addColumn<QByteArray>("hasNextHeader");
        QTest::addColumn<QByteArray>("page");
        QTest::addColumn<bool>("hasNext");
        QTest::addRow("X-Has-Next true") << QByteArray("true") << QByteArray("1") << true;
        QTest::addRow("X-Has-Next false") << QByteArray("false") << QByteArray("1") << false;
        QTest::addRow("pages arithmetic, more") << QByteArray() << QByteArray("1") << true;
        QTest::addRow("pages arithmetic, last") << QByteArray() << QByteArray("2") << false;
    }
    void historyPaginationFromHeaders()
    {
        QFETCH(QByteArray, hasNextHeader);
        QFETCH(QByteArray, page);
        QFETCH(bool, hasNext);
        RawHeaders headers {{"X-Total", "5"}, {"X-Total-Pages", "2"}, {"X-Page", page}, {"X-Per-Page", "3"}};
        if (!hasNextHeader.isEmpty())
            headers.append({"X-Has-Next", hasNextHeader});
        const auto result = ResponseParser::parseHistoryPage(R"({"data":{"prices":[]}})", headers, kReceived);
        QVERIFY(result.ok());
        QCOMPARE(result.value().pagination.hasNext, hasNext);
        QCOMPARE(result.value().pagination.perPage, 3);
    }

    void historyBadRecordIsAnError()
    {
        const auto result = ResponseParser::parseHistoryPage(
            R"({"data":{"prices":[{"code":"WTI_USD","price":"NaN","created_at":"2026-07-20T00:00:00Z"}]}})",
            {}, kReceived);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, ErrorKind::BadResponse);
        QVERIFY(!ResponseParser::parseHistoryPage(R"({"data":{"prices":{}}})", {}, kReceived).ok());
    }

    void commodityEnvelopes_data()
    {
        QTest::addColumn<QByteArray>("body");
        const QByteArray item
            = R"({"code":"BRENT_CRUDE_USD","name":"Brent Crude Oil","category":"Crude Oil","unit":"barrel","currency":"USD","active":true})";
        QTest::addRow("nested") << (R"({"data":{"commodities":[)" + item + R"(],"metadata":{"total":1}}})");
        QTest::addRow("data list") << (R"({"data":[)" + item + "]}");
        QTest::addRow("bare list") << ("[" + item + "]");
    }
    void commodityEnvelopes()
    {
        QFETCH(QByteArray, body);
        const auto result = ResponseParser::parseCommodities(body);
        QVERIFY(result.ok());
        QCOMPARE(result.value().size(), 1);
        QCOMPARE(result.value().constFirst().name, QString("Brent Crude Oil"));
        QCOMPARE(result.value().constFirst().unit, QString("barrel"));
    }

    void commoditiesWithoutItemsIsAnError()
    {
        QVERIFY(!ResponseParser::parseCommodities(R"({"data":{"commodities":[]}})").ok());
        QVERIFY(!ResponseParser::parseCommodities(R"({"data":{"commodities":[{"name":"x"}]}})").ok());
    }
};

QTEST_GUILESS_MAIN(TestResponseParser)
#include "tst_responseparser.moc"
