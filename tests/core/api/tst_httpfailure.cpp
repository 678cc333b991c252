// api::failureOf: what the transport reports, in the API's typed error. Table-driven: one row per way a
// response can end, including the pipeline's own refusals, which the transport carries in its own terms.
#include "api/httpfailure.h"

#include <QTest>

using namespace oilwatch;
using api::ErrorKind;
using transport::TransportError;

class TestHttpFailure : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void mapsEveryEnding_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("failed");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QString>("message");

        const auto none = int(TransportError::None);
        QTest::addRow("200 is no failure") << none << 200 << QByteArray("{}") << false << 0 << 0 << "";
        QTest::addRow("204 is no failure") << none << 204 << QByteArray() << false << 0 << 0 << "";
        QTest::addRow("2xx with a bad body is the parser's")
            << none << 200 << QByteArray("<html>") << false << 0 << 0 << "";
        QTest::addRow("401 body parsed")
            << none << 401 << QByteArray(R"({"error":{"code":"INVALID_API_KEY","message":"Bad key"}})")
            << true << int(ErrorKind::Auth) << 401 << "Bad key";
        QTest::addRow("503 without JSON") << none << 503 << QByteArray("<html>down</html>") << true
                                          << int(ErrorKind::Server) << 503 << "HTTP 503 error";
        QTest::addRow("timeout") << int(TransportError::Timeout) << 0 << QByteArray() << true
                                 << int(ErrorKind::Timeout) << 0 << "the reason";
        QTest::addRow("network") << int(TransportError::Network) << 0 << QByteArray() << true
                                 << int(ErrorKind::Network) << 0 << "the reason";
        QTest::addRow("tls is its own kind, never retried")
            << int(TransportError::Tls) << 0 << QByteArray() << true << int(ErrorKind::Tls) << 0
            << "the server's TLS certificate is not trusted or the handshake failed, not retried: the reason";
        QTest::addRow("body too large") << int(TransportError::BodyTooLarge) << 200 << QByteArray() << true
                                        << int(ErrorKind::BadResponse) << 0 << "the reason";
        QTest::addRow("cancelled") << int(TransportError::Cancelled) << 0 << QByteArray() << true
                                   << int(ErrorKind::Cancelled) << 0 << "request cancelled";
        QTest::addRow("rejected without a reason") << int(TransportError::Rejected) << 0 << QByteArray()
                                                   << true << int(ErrorKind::Overloaded) << 0 << "the reason";
    }

    void mapsEveryEnding()
    {
        QFETCH(int, error);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(bool, failed);
        QFETCH(int, kind);
        QFETCH(int, httpStatus);
        QFETCH(QString, message);

        transport::HttpResponse response;
        response.error = TransportError(error);
        response.status = status;
        response.body = body;
        if (response.error != TransportError::None)
            response.errorString = QStringLiteral("the reason");
        const std::optional<api::ApiError> failure = api::failureOf(response);
        QCOMPARE(failure.has_value(), failed);
        if (!failure)
            return;
        QCOMPARE(int(failure->kind), kind);
        QCOMPARE(failure->httpStatus, httpStatus);
        QCOMPARE(failure->message, message);
    }

    void rejectionsKeepTheirKindAndRetryHint_data()
    {
        QTest::addColumn<int>("rejection");
        QTest::addColumn<int>("retryAfterSec"); // -1: none
        QTest::addColumn<int>("kind");

        QTest::addRow("circuit open, next probe known")
            << int(transport::RejectionKind::CircuitOpen) << 3 << int(ErrorKind::CircuitOpen);
        QTest::addRow("circuit open, half-open probe busy")
            << int(transport::RejectionKind::CircuitOpen) << -1 << int(ErrorKind::CircuitOpen);
        QTest::addRow("overloaded") << int(transport::RejectionKind::Overloaded) << -1
                                    << int(ErrorKind::Overloaded);
    }

    void rejectionsKeepTheirKindAndRetryHint()
    {
        QFETCH(int, rejection);
        QFETCH(int, retryAfterSec);
        const std::optional<int> retryAfter
            = retryAfterSec < 0 ? std::nullopt : std::optional<int>(retryAfterSec);
        QFETCH(int, kind);

        transport::HttpResponse response;
        response.error = TransportError::Rejected;
        response.errorString = QStringLiteral("circuit open for host");
        response.rejection
            = transport::Rejection {transport::RejectionKind(rejection), response.errorString, retryAfter};
        const std::optional<api::ApiError> failure = api::failureOf(response);
        QVERIFY(failure);
        QCOMPARE(int(failure->kind), kind);
        QCOMPARE(failure->message, QStringLiteral("circuit open for host"));
        QCOMPARE(failure->rateLimit.retryAfterSec, retryAfter);
        QCOMPARE(failure->httpStatus, 0);
        QVERIFY(!failure->isRetryable());
    }

    // Headers travel with an HTTP error into the typed error: the pipeline's retry reads Retry-After there.
    void httpErrorKeepsRateLimitHeaders()
    {
        transport::HttpResponse response;
        response.status = 429;
        response.headers = {{"Retry-After", "7"}, {"X-Request-Id", "req_9"}};
        response.body = R"({"error":"Rate limit exceeded"})";
        const std::optional<api::ApiError> failure = api::failureOf(response);
        QVERIFY(failure);
        QCOMPARE(failure->kind, ErrorKind::RateLimited);
        QCOMPARE(failure->rateLimit.retryAfterSec, std::optional<int>(7));
        QCOMPARE(failure->requestId, QStringLiteral("req_9"));
    }
};

QTEST_GUILESS_MAIN(TestHttpFailure)
#include "tst_httpfailure.moc"
