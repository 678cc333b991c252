#include "sim/httprequestparser.h"

#include <QTest>

using oilwatch::sim::HttpParseError;
using oilwatch::sim::HttpRequest;
using oilwatch::sim::HttpRequestParser;

Q_DECLARE_METATYPE(oilwatch::sim::HttpParseError)

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesSimpleGet();
    void parsesInAnyChunking_data();
    void parsesInAnyChunking();
    void headerLookupIgnoresCase();
    void decodesQueryValues();
    void readsBodyByContentLength();
    void yieldsPipelinedRequestsInOrder();
    void keepAliveFollowsHttpRules_data();
    void keepAliveFollowsHttpRules();
    void rejectsBadRequests_data();
    void rejectsBadRequests();
    void acceptsHeadersUpToTheLimit();
    void endlessHeadersStayBounded();
    void ignoresInputAfterError();
    void rejectsWhatCannotBeHttpBeforeTheHeadEnds();
    void acceptsAbsoluteFormTarget();
    void peekAndPopWalkThePipeline();
    void reusedSlotsKeepNothingOfEarlierRequests();
};

void TestHttpRequestParser::parsesSimpleGet()
{
    HttpRequestParser parser;
    parser.feed("GET /v1/prices/latest?by_code=WTI_USD HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token "
                "k\r\n\r\n");
    const auto request = parser.next();
    QVERIFY(request.has_value());
    QCOMPARE(request->method, QByteArray("GET"));
    QCOMPARE(request->target, QByteArray("/v1/prices/latest?by_code=WTI_USD"));
    QCOMPARE(request->path, QByteArray("/v1/prices/latest"));
    QCOMPARE(request->query, QByteArray("by_code=WTI_USD"));
    QCOMPARE(request->versionMinor, 1);
    QCOMPARE(request->headers.size(), size_t(2));
    QCOMPARE(request->header("Authorization"), QByteArray("Token k"));
    QVERIFY(request->body.isEmpty());
    QVERIFY(!parser.next().has_value());
    QVERIFY(!parser.hasError());
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestHttpRequestParser::parsesInAnyChunking_data()
{
    QTest::addColumn<int>("chunkSize");
    for (int size : {1, 2, 3, 7, 16, 1000})
        QTest::addRow("chunks of %d", size) << size;
}

void TestHttpRequestParser::parsesInAnyChunking()
{
    QFETCH(int, chunkSize);
    const QByteArray wire
        = "\r\nPOST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloGET /y HTTP/1.1\nHost: h\n\n";
    HttpRequestParser parser;
    std::vector<HttpRequest> requests;
    for (qsizetype i = 0; i < wire.size(); i += chunkSize) {
        parser.feed(QByteArrayView(wire).sliced(i, std::min<qsizetype>(chunkSize, wire.size() - i)));
        while (auto request = parser.next())
            requests.push_back(*request);
    }
    QVERIFY(!parser.hasError());
    QCOMPARE(requests.size(), size_t(2));
    QCOMPARE(requests[0].method, QByteArray("POST"));
    QCOMPARE(requests[0].body, QByteArray("hello"));
    QCOMPARE(requests[1].path, QByteArray("/y"));
    QCOMPARE(requests[1].header("host"), QByteArray("h"));
}

void TestHttpRequestParser::headerLookupIgnoresCase()
{
    HttpRequestParser parser;
    parser.feed("GET / HTTP/1.1\r\nhOsT: example\r\nX-Thing:   padded value  \r\n\r\n");
    const auto request = parser.next();
    QVERIFY(request.has_value());
    QCOMPARE(request->header("HOST"), QByteArray("example"));
    QCOMPARE(request->header("x-thing"), QByteArray("padded value"));
    QVERIFY(request->hasHeader("X-THING"));
    QVERIFY(!request->hasHeader("Missing"));
    QVERIFY(request->header("Missing").isNull());
}

void TestHttpRequestParser::decodesQueryValues()
{
    HttpRequestParser parser;
    parser.feed("GET /p?by_code=WTI_USD%2CBRENT_CRUDE_USD&q=a+b&flag&empty= HTTP/1.1\r\nHost: h\r\n\r\n");
    const auto request = parser.next();
    QVERIFY(request.has_value());
    QCOMPARE(
        request->queryValue("by_code"), std::optional<QString>(QStringLiteral("WTI_USD,BRENT_CRUDE_USD")));
    QCOMPARE(request->queryValue("q"), std::optional<QString>(QStringLiteral("a b")));
    QCOMPARE(request->queryValue("flag"), std::optional<QString>(QString()));
    QCOMPARE(request->queryValue("empty"), std::optional<QString>(QString()));
    QVERIFY(!request->queryValue("missing").has_value());
}

void TestHttpRequestParser::readsBodyByContentLength()
{
    HttpRequestParser parser;
    parser.feed("POST /v1 HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\n01234");
    QVERIFY(!parser.next().has_value());
    parser.feed("56789EXTRA");
    const auto request = parser.next();
    QVERIFY(request.has_value());
    QCOMPARE(request->body, QByteArray("0123456789"));
    QCOMPARE(parser.bufferedBytes(), 5); // "EXTRA" waits for the rest of the next request
}

void TestHttpRequestParser::yieldsPipelinedRequestsInOrder()
{
    HttpRequestParser parser;
    QByteArray wire;
    for (int i = 0; i < 50; ++i)
        wire += "GET /r" + QByteArray::number(i) + " HTTP/1.1\r\nHost: h\r\n\r\n";
    parser.feed(wire);
    QCOMPARE(parser.pendingRequestCount(), 50);
    for (int i = 0; i < 50; ++i) {
        const auto request = parser.next();
        QVERIFY(request.has_value());
        QCOMPARE(request->path, "/r" + QByteArray::number(i));
    }
    QVERIFY(!parser.next().has_value());
}

void TestHttpRequestParser::keepAliveFollowsHttpRules_data()
{
    QTest::addColumn<QByteArray>("version");
    QTest::addColumn<QByteArray>("connection");
    QTest::addColumn<bool>("keepAlive");
    QTest::addRow("1.1 default") << QByteArray("HTTP/1.1") << QByteArray() << true;
    QTest::addRow("1.1 close") << QByteArray("HTTP/1.1") << QByteArray("close") << false;
    QTest::addRow("1.1 Close in list") << QByteArray("HTTP/1.1") << QByteArray("Upgrade, CLOSE") << false;
    QTest::addRow("1.1 keep-alive") << QByteArray("HTTP/1.1") << QByteArray("keep-alive") << true;
    QTest::addRow("1.0 default") << QByteArray("HTTP/1.0") << QByteArray() << false;
    QTest::addRow("1.0 keep-alive") << QByteArray("HTTP/1.0") << QByteArray("Keep-Alive") << true;
    QTest::addRow("1.0 close") << QByteArray("HTTP/1.0") << QByteArray("close") << false;
}

void TestHttpRequestParser::keepAliveFollowsHttpRules()
{
    QFETCH(QByteArray, version);
    QFETCH(QByteArray, connection);
    QFETCH(bool, keepAlive);
    QByteArray wire = "GET / " + version + "\r\nHost: h\r\n";
    if (!connection.isNull())
        wire += "Connection: " + connection + "\r\n";
    wire += "\r\n";
    HttpRequestParser parser;
    parser.feed(wire);
    const auto request = parser.next();
    QVERIFY(request.has_value());
    QCOMPARE(request->keepAlive, keepAlive);
}

void TestHttpRequestParser::rejectsBadRequests_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<HttpParseError>("error");
    QTest::addColumn<int>("status");
    QTest::addRow("no version") << QByteArray("GET /\r\nHost: h\r\n\r\n") << HttpParseError::BadRequest
                                << 400;
    QTest::addRow("double space") << QByteArray("GET  / HTTP/1.1\r\nHost: h\r\n\r\n")
                                  << HttpParseError::BadRequest << 400;
    QTest::addRow("bad method") << QByteArray("G(T / HTTP/1.1\r\nHost: h\r\n\r\n")
                                << HttpParseError::BadRequest << 400;
    QTest::addRow("garbage version") << QByteArray("GET / HTTX/1.1\r\nHost: h\r\n\r\n")
                                     << HttpParseError::BadRequest << 400;
    QTest::addRow("http/2") << QByteArray("GET / HTTP/2.0\r\nHost: h\r\n\r\n")
                            << HttpParseError::VersionNotSupported << 505;
    QTest::addRow("missing host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << HttpParseError::BadRequest
                                  << 400;
    QTest::addRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n")
                               << HttpParseError::BadRequest << 400;
    QTest::addRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nBroken\r\n\r\n")
                              << HttpParseError::BadRequest << 400;
    QTest::addRow("space before colon")
        << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << HttpParseError::BadRequest << 400;
    QTest::addRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n")
                              << HttpParseError::BadRequest << 400;
    QTest::addRow("negative length") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n")
                                     << HttpParseError::BadRequest << 400;
    QTest::addRow("conflicting lengths")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        << HttpParseError::BadRequest << 400;
    QTest::addRow("body too large") << QByteArray(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 65537\r\n\r\n")
                                    << HttpParseError::BodyTooLarge << 413;
    QTest::addRow("huge length") << QByteArray(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n")
                                 << HttpParseError::BodyTooLarge << 413;
    QTest::addRow("chunked") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
                             << HttpParseError::NotImplemented << 501;
    QTest::addRow("headers too large") << "GET / HTTP/1.1\r\nHost: h\r\nX-Big: "
            + QByteArray(HttpRequestParser::kMaxHeaderBytes, 'a') + "\r\n\r\n"
                                       << HttpParseError::HeaderTooLarge << 431;
}

void TestHttpRequestParser::rejectsBadRequests()
{
    QFETCH(QByteArray, wire);
    QFETCH(HttpParseError, error);
    QFETCH(int, status);
    HttpRequestParser parser;
    parser.feed(wire);
    QVERIFY(!parser.next().has_value());
    QCOMPARE(parser.error(), error);
    QCOMPARE(HttpRequestParser::statusCode(parser.error()), status);
    QVERIFY(QByteArray(HttpRequestParser::describe(parser.error())).size() > 5);
}

void TestHttpRequestParser::acceptsHeadersUpToTheLimit()
{
    const QByteArray start = "GET / HTTP/1.1\r\nHost: h\r\nX-Big: ";
    // The head (request line and headers, with their line ends) may fill the limit exactly.
    const QByteArray wire
        = start + QByteArray(HttpRequestParser::kMaxHeaderBytes - start.size() - 2, 'a') + "\r\n\r\n";
    HttpRequestParser parser;
    parser.feed(wire);
    QVERIFY2(!parser.hasError(), HttpRequestParser::describe(parser.error()));
    QVERIFY(parser.next().has_value());

    HttpRequestParser overLimit;
    overLimit.feed(
        start + QByteArray(HttpRequestParser::kMaxHeaderBytes - start.size() - 1, 'a') + "\r\n\r\n");
    QCOMPARE(overLimit.error(), HttpParseError::HeaderTooLarge);
}

void TestHttpRequestParser::endlessHeadersStayBounded()
{
    HttpRequestParser parser;
    parser.feed("GET / HTTP/1.1\r\nHost: h\r\n");
    const QByteArray chunk(1024, 'x');
    for (int i = 0; i < 1024 && !parser.hasError(); ++i) {
        parser.feed(chunk);
        QVERIFY(parser.bufferedBytes() <= HttpRequestParser::kMaxHeaderBytes + chunk.size());
    }
    QCOMPARE(parser.error(), HttpParseError::HeaderTooLarge);
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestHttpRequestParser::rejectsWhatCannotBeHttpBeforeTheHeadEnds()
{
    // The start of a TLS ClientHello: a client speaking https to the plain port waits for our answer, so
    // waiting for the end of a head that never comes would stall both sides.
    HttpRequestParser tls;
    tls.feed(QByteArray::fromHex("160301020001000200"));
    QCOMPARE(tls.error(), HttpParseError::BadRequest);

    // A request line arriving a byte at a time is not refused while it can still be one.
    HttpRequestParser slow;
    for (const char c : QByteArray("GET /v1/prices HTTP/1.1\r\nHost: h\r\n")) {
        slow.feed(QByteArrayView(&c, 1));
        QVERIFY2(!slow.hasError(), HttpRequestParser::describe(slow.error()));
    }
    slow.feed("\r\n");
    QVERIFY(slow.next().has_value());
}

void TestHttpRequestParser::ignoresInputAfterError()
{
    HttpRequestParser parser;
    parser.feed("BROKEN\r\n\r\n");
    QVERIFY(parser.hasError());
    parser.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    QVERIFY(!parser.next().has_value());
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestHttpRequestParser::acceptsAbsoluteFormTarget()
{
    HttpRequestParser parser;
    parser.feed("GET http://127.0.0.1:8080/v1/commodities?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const auto request = parser.next();
    QVERIFY(request.has_value());
    QCOMPARE(request->path, QByteArray("/v1/commodities"));
    QCOMPARE(request->query, QByteArray("x=1"));
}

void TestHttpRequestParser::peekAndPopWalkThePipeline()
{
    HttpRequestParser parser;
    QCOMPARE(parser.peek(), nullptr);
    parser.feed("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n");
    QCOMPARE(parser.pendingRequestCount(), 2);
    const HttpRequest* first = parser.peek();
    QVERIFY(first);
    QCOMPARE(first->path, QByteArray("/a"));
    QCOMPARE(parser.peek(), first); // peeking takes nothing
    parser.pop();
    QVERIFY(parser.peek());
    QCOMPARE(parser.peek()->path, QByteArray("/b"));
    parser.pop();
    QCOMPARE(parser.peek(), nullptr);
    parser.pop(); // nothing left: no effect
    QVERIFY(!parser.hasPendingRequest());
    QCOMPARE(parser.bufferedBytes(), 0);
}

void TestHttpRequestParser::reusedSlotsKeepNothingOfEarlierRequests()
{
    HttpRequestParser parser;
    parser.feed("POST /long/path?x=1&y=2 HTTP/1.1\r\nHost: h\r\nX-One: 1\r\nConnection: close\r\n"
                "Content-Length: 3\r\n\r\nabc");
    const HttpRequest* first = parser.peek();
    QVERIFY(first);
    QCOMPARE(first->headers.size(), size_t(4));
    QVERIFY(!first->keepAlive);
    parser.pop();

    // Parsed into the same slot as the first: shorter fields, fewer headers, no body, an empty value.
    parser.feed("GET /s HTTP/1.1\r\nHost: h\r\nX-Empty:\r\n\r\n");
    const HttpRequest* second = parser.peek();
    QVERIFY(second);
    QCOMPARE(second->method, QByteArray("GET"));
    QCOMPARE(second->target, QByteArray("/s"));
    QCOMPARE(second->path, QByteArray("/s"));
    QVERIFY(second->query.isEmpty());
    QVERIFY(second->body.isEmpty());
    QVERIFY(second->keepAlive);
    QCOMPARE(second->headers.size(), size_t(2));
    QVERIFY(!second->hasHeader("X-One"));
    QVERIFY(!second->header("X-Empty").isNull()); // present, though empty
    QVERIFY(second->header("X-Empty").isEmpty());
}

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
