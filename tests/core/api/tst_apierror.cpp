#include "api/apierror.h"
#include "logging/redaction.h"
#include "util/utc.h"

#include <QTest>

using namespace oilwatch::api;

class TestApiError : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statusMapsToKind_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");

        QTest::addRow("400 invalid_code (fail/data)")
            << 400
            << QByteArray(
                   R"({"status":"fail","data":{"error":"invalid_code","message":"Unknown code BRENNT",)"
                   R"("suggestions":["BRENT_CRUDE_USD"],"invalid_codes":["BRENNT"]}})")
            << int(ErrorKind::InvalidCode) << 2 << "Unknown code BRENNT";
        QTest::addRow("400 other") << 400
                                   << QByteArray(R"({"error":{"code":"bad_param","message":"per_page"}})")
                                   << int(ErrorKind::ClientError) << 2 << "per_page";
        QTest::addRow("401 canonical")
            << 401
            << QByteArray(
                   R"({"error":{"code":"INVALID_API_KEY","message":"Invalid API key","request_id":"req_1"}})")
            << int(ErrorKind::Auth) << 3 << "Invalid API key";
        QTest::addRow("401 minimal") << 401 << QByteArray(R"({"error":"Invalid API key"})")
                                     << int(ErrorKind::Auth) << 3 << "Invalid API key";
        QTest::addRow("402 quota") << 402
                                   << QByteArray(
                                          R"({"error":{"code":"MONTHLY_QUOTA_EXCEEDED","message":"Quota"}})")
                                   << int(ErrorKind::RateLimited) << 4 << "Quota";
        QTest::addRow("403 canonical plan")
            << 403
            << QByteArray(
                   R"({"error":{"code":"plan_upgrade_required","message":"Futures data requires a higher plan.",)"
                   R"("request_id":"req_canonical_123","retry":{"retryable":false}}})")
            << int(ErrorKind::Forbidden) << 3 << "Futures data requires a higher plan.";
        QTest::addRow("404 not found")
            << 404
            << QByteArray(
                   R"({"status":"fail","error":{"code":"COMMODITY_NOT_FOUND","message":"Commodity not found"}})")
            << int(ErrorKind::NotFound) << 2 << "Commodity not found";
        QTest::addRow("422 validation") << 422 << QByteArray(R"({"message":"start_date is invalid"})")
                                        << int(ErrorKind::ClientError) << 2 << "start_date is invalid";
        QTest::addRow("429 legacy flat")
            << 429
            << QByteArray(
                   R"({"error":"Rate limit exceeded","error_code":"rate_limit_exceeded","request_id":"req_legacy_429","retry_after":12})")
            << int(ErrorKind::RateLimited) << 4 << "Rate limit exceeded";
        QTest::addRow("429 docs envelope")
            << 429
            << QByteArray(
                   R"({"status":"error","error":{"code":"RATE_LIMIT_EXCEEDED","message":"Rate limit exceeded. Please retry after 60 seconds.",)"
                   R"("details":{"limit":100,"remaining":0,"reset_after":60}},"meta":{"request_id":"req_abc123def456"}})")
            << int(ErrorKind::RateLimited) << 4 << "Rate limit exceeded. Please retry after 60 seconds.";
        QTest::addRow("500 empty") << 500 << QByteArray() << int(ErrorKind::Server) << 5 << "HTTP 500 error";
        QTest::addRow("502 html") << 502 << QByteArray("<html><body><h1>502 Bad Gateway</h1></body></html>")
                                  << int(ErrorKind::Server) << 5 << "HTTP 502 error";
        QTest::addRow("503 cookbook")
            << 503
            << QByteArray(
                   R"({"error":{"code":"UNAVAILABLE","message":"Maintenance","status":503,"request_id":"r"}})")
            << int(ErrorKind::Server) << 5 << "Maintenance";
        QTest::addRow("504") << 504 << QByteArray("gateway timeout") << int(ErrorKind::Server) << 5
                             << "HTTP 504 error";
        QTest::addRow("408") << 408 << QByteArray() << int(ErrorKind::Timeout) << 5 << "HTTP 408 error";
    }
    void statusMapsToKind()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(int, kind);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const ApiError error = ApiError::fromHttpResponse(status, {}, body);
        QCOMPARE(int(error.kind), kind);
        QCOMPARE(error.exitCode(), exitCode);
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(error.message, message);
    }

    void invalidCodeCarriesSuggestions()
    {
        const ApiError error = ApiError::fromHttpResponse(400, {},
            R"({"status":"fail","data":{"error":"invalid_code","suggestions":["BRENT_CRUDE_USD","WTI_USD"],"invalid_codes":["BRENNT"]}})");
        QCOMPARE(error.suggestions, QStringList({"BRENT_CRUDE_USD", "WTI_USD"}));
        QCOMPARE(error.invalidCodes, QStringList({"BRENNT"}));
        QVERIFY(error.describe().contains("did you mean BRENT_CRUDE_USD, WTI_USD?"));
    }

    void suggestionsNamedOnceWhenTheMessageHasThem()
    {
        const ApiError error = ApiError::fromHttpResponse(400, {},
            R"({"status":"fail","data":{"error":"invalid_code","message":"Unknown code BRENNT. Did you mean BRENT_CRUDE_USD?",)"
            R"("suggestions":["BRENT_CRUDE_USD"],"invalid_codes":["BRENNT"]}})");
        QCOMPARE(error.describe().count("BRENT_CRUDE_USD"), 1);
    }

    void requestIdFromBodyThenHeader()
    {
        const RawHeaders headers {{"x-request-id", "req_header"}};
        QCOMPARE(
            ApiError::fromHttpResponse(500, headers, R"({"error":{"message":"x","request_id":"req_body"}})")
                .requestId,
            QString("req_body"));
        QCOMPARE(ApiError::fromHttpResponse(500, headers, "oops").requestId, QString("req_header"));
        QCOMPARE(ApiError::fromHttpResponse(
                     429, {}, R"({"error":{"code":"R","message":"m"},"meta":{"request_id":"req_meta"}})")
                     .requestId,
            QString("req_meta"));
    }

    void rateLimitHeaders()
    {
        const RawHeaders headers {{"X-RateLimit-Limit", "1000"}, {"X-RateLimit-Remaining", "0"},
            {"X-RateLimit-Reset", "1705320000"}, {"Retry-After", "1050"}, {"X-RateLimit-State", "available"},
            {"X-RateLimit-Window", "hourly_circuit_breaker"}};
        const ApiError error = ApiError::fromHttpResponse(429, headers, {});
        QCOMPARE(error.rateLimit.limit, 1000);
        QCOMPARE(error.rateLimit.remaining, 0);
        QCOMPARE(error.rateLimit.reset, QDateTime::fromSecsSinceEpoch(1705320000, oilwatch::util::utc()));
        QCOMPARE(error.rateLimit.retryAfterSec.value_or(-1), 1050);
        QVERIFY(!error.rateLimit.quotaExhausted());
        QVERIFY(error.isRetryable());
    }

    void bodyRetryAfterWhenNoHeader()
    {
        const ApiError error
            = ApiError::fromHttpResponse(429, {}, R"({"error":"Rate limit exceeded","retry_after":12})");
        QCOMPARE(error.rateLimit.retryAfterSec.value_or(-1), 12);
    }

    // Found by tests/fuzz/fuzz_apierror: a negative wait in the body was taken as it came (the header's
    // rule refuses it), and a number no int holds was cast to int, which is undefined behaviour.
    void bodyRetryAfterMustBeAUsableWait_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("expected"); // -1: none
        QTest::addRow("negative") << QByteArray(R"({"error":"x","retry_after":-7})") << -1;
        QTest::addRow("negative string") << QByteArray(R"({"error":"x","retry_after":"-7"})") << -1;
        QTest::addRow("too large for int") << QByteArray(R"({"error":"x","retry_after":1e10})") << -1;
        QTest::addRow("largest int") << QByteArray(R"({"error":"x","retry_after":2147483647})") << 2147483647;
        QTest::addRow("bad first key, good second")
            << QByteArray(R"({"error":{"message":"m","details":{"reset_after":-1},"retry_after":5}})") << 5;
        QTest::addRow("fraction rounds down") << QByteArray(R"({"error":"x","retryAfter":2.9})") << 2;
    }
    void bodyRetryAfterMustBeAUsableWait()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, expected);
        const ApiError error = ApiError::fromHttpResponse(429, {}, body);
        QCOMPARE(error.rateLimit.retryAfterSec.value_or(-1), expected);
    }

    void quotaExhaustedIsFinal_data()
    {
        QTest::addColumn<QByteArray>("state");
        QTest::addColumn<QByteArray>("window");
        QTest::addColumn<bool>("exhausted");
        QTest::addRow("daily_counter") << QByteArray("exhausted") << QByteArray("daily_counter") << true;
        QTest::addRow("monthly_counter") << QByteArray("exhausted") << QByteArray("monthly_counter") << true;
        QTest::addRow("trial_counter") << QByteArray("exhausted") << QByteArray("trial_counter") << true;
        QTest::addRow("cookbook daily") << QByteArray("exhausted") << QByteArray("daily") << true;
        QTest::addRow("burst") << QByteArray("exhausted") << QByteArray("hourly_circuit_breaker") << false;
        QTest::addRow("available") << QByteArray("available") << QByteArray("daily_counter") << false;
        QTest::addRow("unavailable") << QByteArray("unavailable") << QByteArray("enforcement_check") << false;
    }
    void quotaExhaustedIsFinal()
    {
        QFETCH(QByteArray, state);
        QFETCH(QByteArray, window);
        QFETCH(bool, exhausted);
        const ApiError error = ApiError::fromHttpResponse(
            429, {{"X-RateLimit-State", state}, {"X-RateLimit-Window", window}}, {});
        QCOMPARE(error.rateLimit.quotaExhausted(), exhausted);
        QCOMPARE(error.isRetryable(), !exhausted);
    }

    void isoResetHeader()
    {
        const RateLimitInfo info = rateLimitFromHeaders({{"X-RateLimit-Reset", "2026-01-15T12:00:00Z"}});
        QCOMPARE(info.reset, QDateTime(QDate(2026, 1, 15), QTime(12, 0), oilwatch::util::utc()));
    }

    void excerptIsShortAndRedacted()
    {
        const QByteArray body
            = "<html>Authorization: Token opa_live_abcdef123456 " + QByteArray(2000, 'x') + "</html>";
        const ApiError error = ApiError::fromHttpResponse(502, {}, body);
        QVERIFY(!error.excerpt.contains("opa_live_abcdef123456"));
        QVERIFY(error.excerpt.size() <= 161);
        QVERIFY(error.describe().startsWith("server: HTTP 502 error (HTTP 502)"));
    }

    // Found by tests/fuzz/fuzz_apierror: a line break in a header or body field went into the "one line"
    // message and describe(), where it splits a log line (or forges one); a key echoed back went unmasked.
    void serverTextStaysOneLineAndRedacted()
    {
        oilwatch::logging::registerSecret(QStringLiteral("fuzzkey0123456789abcdef"));
        const RawHeaders headers {{"X-Request-Id", "r\req_1"}};
        const ApiError error = ApiError::fromHttpResponse(401, headers,
            "{\"error\":{\"code\":\"bad\\nkey\",\"message\":\"Invalid\\r\\nINFO forged line\\u2028x\"},"
            "\"data\":{\"suggestions\":[\"A\\nB\"]},\"meta\":{\"request_id\":\"fuzzkey0123456789abcdef\"}}");
        QCOMPARE(error.message, QString("Invalid  INFO forged line x"));
        QCOMPARE(error.code, QString("bad key"));
        QVERIFY(!error.requestId.contains("fuzzkey0123456789abcdef"));
        const QString shown = error.describe();
        QVERIFY2(!shown.contains(u'\n') && !shown.contains(u'\r') && !shown.contains(QChar(0x2028)),
            qPrintable(shown));
        QVERIFY(!shown.contains("fuzzkey0123456789abcdef"));
        QCOMPARE(ApiError::fromHttpResponse(500, headers, "oops").requestId, QString("r eq_1"));
        QCOMPARE(ApiError::make(ErrorKind::Network, "host\nunreachable\x1b[2J").message,
            QString("host unreachable [2J"));
        oilwatch::logging::clearRegisteredSecrets();
    }

    void everyKindHasAName()
    {
        for (int k = int(ErrorKind::Config); k <= int(ErrorKind::Cancelled); ++k)
            QVERIFY(errorKindName(ErrorKind(k)) != QLatin1String("unknown"));
    }
};

QTEST_GUILESS_MAIN(TestApiError)
#include "tst_apierror.moc"
