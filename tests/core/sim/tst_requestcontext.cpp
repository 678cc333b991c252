// The request context and the simulator's error bodies (core/sim/requestcontext.cpp).
#include "sim/requestcontext.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace oilwatch::sim;

class TestRequestContext : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nextMidnight()
    {
        RequestContext ctx;
        ctx.nowMs = 1'773'138'615'000; // 2026-03-10T10:30:15Z
        QCOMPARE(ctx.nextMidnightSec(), qint64(1'773'187'200)); // 2026-03-11T00:00:00Z
        ctx.nowMs = 1'773'187'200'000; // exactly midnight: the next one
        QCOMPARE(ctx.nextMidnightSec(), qint64(1'773'273'600));
    }

    void errorEnvelope()
    {
        SimResponse response;
        setError(response, 404, "NOT_FOUND", "No route \"x\"", "req_1");
        QCOMPARE(response.status, 404);
        const QJsonObject body = QJsonDocument::fromJson(response.body).object();
        QCOMPARE(body["status"].toString(), QStringLiteral("error"));
        const QJsonObject error = body["error"].toObject();
        QCOMPARE(error["code"].toString(), QStringLiteral("NOT_FOUND"));
        QCOMPARE(error["message"].toString(), QStringLiteral("No route \"x\"")); // escaped, still JSON
        QCOMPARE(error["request_id"].toString(), QStringLiteral("req_1"));
    }

    void validationNamesTheField()
    {
        SimResponse response;
        setValidationError(response, "page", QStringLiteral("two"), "page must be a whole number", "req_2");
        QCOMPARE(response.status, 422);
        const QJsonObject error = QJsonDocument::fromJson(response.body).object()["error"].toObject();
        QCOMPARE(error["code"].toString(), QStringLiteral("VALIDATION_ERROR"));
        QCOMPARE(error["field"].toString(), QStringLiteral("page"));
        QCOMPARE(error["value"].toString(), QStringLiteral("two"));
    }

    void canonicalCodes()
    {
        QCOMPARE(canonicalCode(429), QByteArray("RATE_LIMIT_EXCEEDED"));
        QCOMPARE(canonicalCode(502), QByteArray("BAD_GATEWAY"));
        QCOMPARE(canonicalCode(418), QByteArray("HTTP_418"));
    }
};

QTEST_GUILESS_MAIN(TestRequestContext)
#include "tst_requestcontext.moc"
