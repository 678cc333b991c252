#include "sim/simrouter.h"
#include "util/utc.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

Q_DECLARE_METATYPE(oilwatch::sim::HttpParseError)

using namespace oilwatch::sim;
using oilwatch::util::ManualClock;

namespace {

const QByteArray kKey = "test-key";
// 2026-03-10T10:30:15Z
const QDateTime kStart = QDateTime::fromSecsSinceEpoch(1'773'138'615, oilwatch::util::utc());

HttpRequest makeRequest(const QByteArray& target, const QByteArray& authorization = "Token " + kKey,
    const QByteArray& method = "GET")
{
    HttpRequest request;
    request.method = method;
    request.target = target;
    const qsizetype question = target.indexOf('?');
    request.path = question < 0 ? target : target.left(question);
    request.query = question < 0 ? QByteArray() : target.mid(question + 1);
    request.headers.emplace_back("Host", "127.0.0.1");
    if (!authorization.isNull())
        request.headers.emplace_back("Authorization", authorization);
    return request;
}

// What the server's injector decides for fault settings alone (no profile).
FaultDecision decisionOf(const FaultSettings& faults)
{
    FaultInjector injector;
    injector.setSettings(faults);
    return injector.decide(0);
}

const QJsonObject json(const SimResponse& response)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(response.body, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning() << "not JSON:" << response.body.left(200);
    return document.object();
}

} // namespace

class TestSimRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void standardHeadersOnEveryResponse_data();
    void standardHeadersOnEveryResponse();
    void authentication_data();
    void authentication();
    void quotaCountsDownAndResetsAtMidnight();
    void enforcedQuotaAnswersTheDurable429();
    void requestIdsAreUniqueAndSeeded();
    void onlyUnfaultedSuccessesAreRepeatable();
    void renewalCountsLikeARequest();
    void unknownPathIs404();
    void nonGetIs405();
    void forcedStatus_data();
    void forcedStatus();
    void forcedRateLimit();
    void forcedBadGatewayIsHtml();
    void forcedBody();
    void faultsSpareNonApiPaths();
    void profileStatuses_data();
    void profileStatuses();
    void profileBurstRateLimitIsRetryable();
    void profileQuotaExhaustedIsFinalUntilMidnight();
    void profileOutageAnswers503();
    void profileBodyFaults();
    void profileBadDataOnlyInPriceAnswers();
    void profileDecisionsSpareNonApiPaths();
    void parseErrorResponses_data();
    void parseErrorResponses();

private:
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<PriceModel> m_model;
    std::unique_ptr<SimRouter> m_router;

    SimResponse get(const QByteArray& target, const FaultSettings& faults = {})
    {
        return m_router->handle(makeRequest(target), m_clock->nowUtc(), decisionOf(faults));
    }
    SimResponse getWith(const QByteArray& target, const FaultRule& rule)
    {
        FaultDecision decision;
        decision.rule = rule;
        return m_router->handle(makeRequest(target), m_clock->nowUtc(), decision);
    }
    static FaultRule ruleOf(FaultKind kind, int status = 500)
    {
        FaultRule rule;
        rule.kind = kind;
        rule.status = status;
        return rule;
    }
};

void TestSimRouter::init()
{
    m_clock = std::make_unique<ManualClock>(kStart);
    m_model = std::make_unique<PriceModel>(CommodityCatalog::builtin(), 42, *m_clock);
    m_router = std::make_unique<SimRouter>(*m_model, QString::fromLatin1(kKey), 42);
}

void TestSimRouter::cleanup()
{
    m_router.reset();
    m_model.reset();
    m_clock.reset();
}

void TestSimRouter::standardHeadersOnEveryResponse_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<int>("status");
    QTest::addRow("latest") << QByteArray("/v1/prices/latest?by_code=WTI_USD") << "Token " + kKey
                            << QByteArray("GET") << 200;
    QTest::addRow("past_week") << QByteArray("/v1/prices/past_week?by_code=WTI_USD") << "Token " + kKey
                               << QByteArray("GET") << 200;
    QTest::addRow("commodities") << QByteArray("/v1/commodities") << "Token " + kKey << QByteArray("GET")
                                 << 200;
    QTest::addRow("401") << QByteArray("/v1/commodities") << QByteArray() << QByteArray("GET") << 401;
    QTest::addRow("400") << QByteArray("/v1/prices/latest?by_code=NOPE") << "Token " + kKey
                         << QByteArray("GET") << 400;
    QTest::addRow("404") << QByteArray("/nowhere") << QByteArray() << QByteArray("GET") << 404;
    QTest::addRow("405") << QByteArray("/v1/commodities") << "Token " + kKey << QByteArray("DELETE") << 405;
}

void TestSimRouter::standardHeadersOnEveryResponse()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, authorization);
    QFETCH(QByteArray, method);
    QFETCH(int, status);
    const SimResponse response
        = m_router->handle(makeRequest(target, authorization, method), m_clock->nowUtc());
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("Content-Type"), QByteArray("application/json; charset=utf-8"));
    QVERIFY(QRegularExpression(QStringLiteral("^req_[0-9a-f]{16}$"))
                .match(QString::fromLatin1(response.header("X-Request-Id")))
                .hasMatch());
    QCOMPARE(response.header("X-RateLimit-Limit"), QByteArray("10000"));
    QVERIFY(!response.header("X-RateLimit-Remaining").isEmpty());
    // 2026-03-11T00:00:00Z
    QCOMPARE(response.header("X-RateLimit-Reset"), QByteArray("1773187200"));
    QCOMPARE(response.header("X-RateLimit-State"), QByteArray("available"));
    QCOMPARE(response.header("X-RateLimit-Window"), QByteArray("daily_counter"));
    QVERIFY(!json(response).isEmpty());
}

void TestSimRouter::authentication_data()
{
    QTest::addColumn<QByteArray>("authorization");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addRow("token") << "Token " + kKey << 200 << QString();
    QTest::addRow("bearer") << "Bearer " + kKey << 200 << QString();
    QTest::addRow("scheme any case") << "token " + kKey << 200 << QString();
    QTest::addRow("missing") << QByteArray() << 401 << "MISSING_API_KEY";
    QTest::addRow("empty") << QByteArray("") << 401 << "MISSING_API_KEY";
    QTest::addRow("wrong key") << QByteArray("Token nope") << 401 << "INVALID_API_KEY";
    QTest::addRow("key of other case") << "Token " + kKey.toUpper() << 401 << "INVALID_API_KEY";
    QTest::addRow("no scheme") << kKey << 401 << "INVALID_API_KEY";
    QTest::addRow("basic") << "Basic " + kKey << 401 << "INVALID_API_KEY";
}

void TestSimRouter::authentication()
{
    QFETCH(QByteArray, authorization);
    QFETCH(int, status);
    QFETCH(QString, code);
    const SimResponse response = m_router->handle(
        makeRequest("/v1/prices/latest?by_code=WTI_USD", authorization), m_clock->nowUtc());
    QCOMPARE(response.status, status);
    const QJsonObject body = json(response);
    if (status == 200) {
        QCOMPARE(body["status"].toString(), QStringLiteral("success"));
        return;
    }
    QCOMPARE(body["status"].toString(), QStringLiteral("error"));
    QCOMPARE(body["error"]["code"].toString(), code);
    QVERIFY(!body["error"]["message"].toString().isEmpty());
    QCOMPARE(body["error"]["request_id"].toString(), QString::fromLatin1(response.header("X-Request-Id")));
    QCOMPARE(response.header("X-RateLimit-Remaining"), QByteArray("10000")); // refused requests cost nothing
}

void TestSimRouter::quotaCountsDownAndResetsAtMidnight()
{
    QCOMPARE(get("/v1/commodities").header("X-RateLimit-Remaining"), QByteArray("9999"));
    QCOMPARE(get("/v1/prices/latest?by_code=NOPE").header("X-RateLimit-Remaining"), QByteArray("9998"));
    for (int i = 0; i < 10'100; ++i)
        m_router->handle(makeRequest("/v1/prices/latest?by_code=WTI_USD"), m_clock->nowUtc());
    QCOMPARE(m_router->remainingQuota(), 0);
    const SimResponse spent = get("/v1/prices/latest?by_code=WTI_USD");
    QCOMPARE(spent.header("X-RateLimit-Remaining"), QByteArray("0")); // never below zero
    m_clock->advanceMs(14 * 3600 * 1000); // past midnight UTC
    const SimResponse nextDay = get("/v1/commodities");
    QCOMPARE(nextDay.header("X-RateLimit-Remaining"), QByteArray("9999"));
    QCOMPARE(nextDay.header("X-RateLimit-Reset"), QByteArray("1773273600")); // 2026-03-12T00:00:00Z
}

// `oilwatch sim --quota N` (issue 13): N authorised requests a UTC day, then the contract's durable 429 with
// state exhausted and window daily_counter, so a client stops and does not retry, until midnight.
void TestSimRouter::enforcedQuotaAnswersTheDurable429()
{
    SimRouter router(*m_model, QString::fromLatin1(kKey), 42, 3);
    const auto at = [&](const QByteArray& target, const QByteArray& authorization = "Token " + kKey) {
        return router.handle(makeRequest(target, authorization), m_clock->nowUtc());
    };
    QCOMPARE(at("/v1/commodities").header("X-RateLimit-Limit"), QByteArray("3"));
    QCOMPARE(at("/v1/commodities", "Token wrong").status, 401); // costs nothing
    QCOMPARE(at("/v1/demo/prices", QByteArray()).status, 200); // nor does the public demo
    QVERIFY(router.mayRenew(m_clock->nowUtc().toMSecsSinceEpoch()));
    QCOMPARE(at("/v1/prices/latest?by_code=WTI_USD").header("X-RateLimit-Remaining"), QByteArray("1"));
    const SimResponse last = at("/v1/prices/latest?by_code=WTI_USD");
    QCOMPARE(last.status, 200);
    QCOMPARE(last.header("X-RateLimit-Remaining"), QByteArray("0"));
    QVERIFY(!router.mayRenew(m_clock->nowUtc().toMSecsSinceEpoch()));

    for (const QByteArray& target : {QByteArray("/v1/prices/latest?by_code=WTI_USD"),
             QByteArray("/v1/prices/past_day?by_code=WTI_USD"), QByteArray("/v1/commodities")}) {
        const SimResponse refused = at(target);
        QCOMPARE(refused.status, 429);
        QVERIFY(!refused.repeatable);
        QCOMPARE(refused.header("X-RateLimit-Limit"), QByteArray("3"));
        QCOMPARE(refused.header("X-RateLimit-Remaining"), QByteArray("0"));
        QCOMPARE(refused.header("X-RateLimit-State"), QByteArray("exhausted"));
        QCOMPARE(refused.header("X-RateLimit-Window"), QByteArray("daily_counter"));
        QCOMPARE(refused.header("X-RateLimit-Reset"), QByteArray("1773187200"));
        QCOMPARE(refused.header("Retry-After"), QByteArray::number(13 * 3600 + 29 * 60 + 45));
        QVERIFY(refused.header("X-Total").isNull()); // no pagination on a refusal
        const QJsonObject body = json(refused);
        QCOMPARE(body["status"].toString(), QStringLiteral("error"));
        QCOMPARE(body["error"]["code"].toString(), QStringLiteral("DAILY_QUOTA_EXCEEDED"));
        QCOMPARE(body["error"]["retry"]["retryable"].toBool(true), false);
        QCOMPARE(body["error"]["details"]["limit"].toInt(), 3);
        QCOMPARE(body["error"]["details"]["remaining"].toInt(-1), 0);
        QCOMPARE(body["error"]["details"]["reset_at"].toString(), QStringLiteral("2026-03-11T00:00:00.000Z"));
        QCOMPARE(body["error"]["request_id"].toString(), QString::fromLatin1(refused.header("X-Request-Id")));
    }
    QCOMPARE(at("/v1/commodities", "Token wrong").status, 401); // the key is checked before the quota

    m_clock->advanceMs(14 * 3600 * 1000); // past midnight UTC: a new day's quota
    QVERIFY(router.mayRenew(m_clock->nowUtc().toMSecsSinceEpoch()));
    const SimResponse nextDay = at("/v1/prices/latest?by_code=WTI_USD");
    QCOMPARE(nextDay.status, 200);
    QCOMPARE(nextDay.header("X-RateLimit-Remaining"), QByteArray("2"));
}

void TestSimRouter::onlyUnfaultedSuccessesAreRepeatable()
{
    QVERIFY(get("/v1/prices/latest?by_code=WTI_USD").repeatable);
    QVERIFY(get("/v1/prices/latest?by_code=WTI_USD").repeatable); // from the body cache
    QVERIFY(get("/v1/commodities").repeatable);
    // The request id is in these bodies, or they depend on more than the request.
    QVERIFY(!get("/v1/prices/latest?by_code=NOPE").repeatable);
    QVERIFY(!get("/v1/nowhere").repeatable);
    QVERIFY(!m_router->handle(makeRequest("/v1/commodities", "Token wrong"), m_clock->nowUtc()).repeatable);
    QVERIFY(!get("/v1/prices/past_day?by_code=WTI_USD").repeatable);
    FaultSettings forced;
    forced.forcedStatus = 503;
    QVERIFY(!get("/v1/commodities", forced).repeatable);
    FaultSettings body;
    body.forcedBody = QByteArray("{}");
    QVERIFY(!get("/v1/commodities", body).repeatable);
    QVERIFY(!getWith("/v1/commodities", ruleOf(FaultKind::EmptyBody)).repeatable);
}

void TestSimRouter::renewalCountsLikeARequest()
{
    SimRouter routed(*m_model, QString::fromLatin1(kKey), 7);
    SimRouter renewed(*m_model, QString::fromLatin1(kKey), 7);
    const qint64 nowMs = m_clock->nowUtc().toMSecsSinceEpoch();
    for (int i = 0; i < 3; ++i) {
        const SimResponse response = routed.handleAt(makeRequest("/v1/commodities"), nowMs);
        const SimRouter::Renewal renewal = renewed.renewAnswer(nowMs);
        QCOMPARE(QByteArray(renewal.requestId.data(), qsizetype(renewal.requestId.size())),
            response.header("X-Request-Id"));
        QCOMPARE(QByteArray::number(renewal.remaining), response.header("X-RateLimit-Remaining"));
    }
    QCOMPARE(renewed.remainingQuota(), routed.remainingQuota());
}

void TestSimRouter::requestIdsAreUniqueAndSeeded()
{
    QSet<QByteArray> ids;
    QList<QByteArray> sequence;
    for (int i = 0; i < 200; ++i) {
        const QByteArray id = get("/v1/commodities").header("X-Request-Id");
        ids.insert(id);
        sequence.append(id);
    }
    QCOMPARE(ids.size(), 200);
    SimRouter again(*m_model, QString::fromLatin1(kKey), 42);
    SimRouter other(*m_model, QString::fromLatin1(kKey), 43);
    const auto first = [this](SimRouter& router) {
        return router.handle(makeRequest("/v1/commodities"), m_clock->nowUtc()).header("X-Request-Id");
    };
    QCOMPARE(first(again), sequence.first());
    QVERIFY(first(other) != sequence.first());
}

void TestSimRouter::unknownPathIs404()
{
    for (const QByteArray& path : {QByteArray("/v1/nope"), QByteArray("/"),
             QByteArray("/v1/prices/past_decade"), QByteArray("/v2/prices/latest")}) {
        const SimResponse response = get(path);
        QCOMPARE(response.status, 404);
        const QJsonObject body = json(response);
        QCOMPARE(body["status"].toString(), QStringLiteral("error"));
        QCOMPARE(body["error"]["code"].toString(), QStringLiteral("NOT_FOUND"));
        QVERIFY(!body["error"]["message"].toString().isEmpty());
    }
    QCOMPARE(get("/v1/commodities/").status, 200); // a trailing slash is fine
}

void TestSimRouter::nonGetIs405()
{
    for (const QByteArray& method :
        {QByteArray("POST"), QByteArray("PUT"), QByteArray("DELETE"), QByteArray("HEAD")}) {
        const SimResponse response
            = m_router->handle(makeRequest("/v1/prices/latest", "Token " + kKey, method), m_clock->nowUtc());
        QCOMPARE(response.status, 405);
        QCOMPARE(response.header("Allow"), QByteArray("GET"));
        QCOMPARE(json(response)["error"]["code"].toString(), QStringLiteral("METHOD_NOT_ALLOWED"));
    }
}

void TestSimRouter::forcedStatus_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addRow("500") << 500 << "INTERNAL_SERVER_ERROR";
    QTest::addRow("503") << 503 << "SERVICE_UNAVAILABLE";
    QTest::addRow("504") << 504 << "GATEWAY_TIMEOUT";
    QTest::addRow("403") << 403 << "FORBIDDEN";
    QTest::addRow("402") << 402 << "PAYMENT_REQUIRED";
}

void TestSimRouter::forcedStatus()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    FaultSettings faults;
    faults.forcedStatus = status;
    const SimResponse response = get("/v1/prices/past_week?by_code=WTI_USD", faults);
    QCOMPARE(response.status, status);
    const QJsonObject body = json(response);
    QCOMPARE(body["status"].toString(), QStringLiteral("error"));
    QCOMPARE(body["error"]["code"].toString(), code);
    QCOMPARE(body["error"]["request_id"].toString(), QString::fromLatin1(response.header("X-Request-Id")));
    QVERIFY(response.header("X-Total").isNull()); // no pagination claims on an error
    QCOMPARE(response.header("Content-Type"), QByteArray("application/json; charset=utf-8"));

    // A forced success status keeps the real body.
    faults.forcedStatus = 203;
    const SimResponse success = get("/v1/prices/latest?by_code=WTI_USD", faults);
    QCOMPARE(success.status, 203);
    QCOMPARE(json(success)["data"]["code"].toString(), QStringLiteral("WTI_USD"));
}

void TestSimRouter::forcedRateLimit()
{
    FaultSettings faults;
    faults.forcedStatus = 429;
    const SimResponse response = get("/v1/prices/latest?by_code=WTI_USD", faults);
    QCOMPARE(response.status, 429);
    QCOMPARE(response.header("Retry-After"), QByteArray("2"));
    QCOMPARE(response.header("X-RateLimit-Remaining"), QByteArray("0"));
    QCOMPARE(response.header("X-RateLimit-Limit"), QByteArray("10000"));
    QCOMPARE(response.header("X-RateLimit-State"), QByteArray("exhausted"));
    QCOMPARE(response.header("X-RateLimit-Window"), QByteArray("hourly_circuit_breaker"));
    const QJsonObject body = json(response);
    QCOMPARE(body["error"]["code"].toString(), QStringLiteral("RATE_LIMIT_EXCEEDED"));
    QCOMPARE(body["error"]["retry_after"].toInt(), 2);
}

void TestSimRouter::forcedBadGatewayIsHtml()
{
    FaultSettings faults;
    faults.forcedStatus = 502;
    const SimResponse response = get("/v1/prices/latest?by_code=WTI_USD", faults);
    QCOMPARE(response.status, 502);
    QVERIFY(response.header("Content-Type").startsWith("text/html"));
    QVERIFY(response.body.contains("<html>"));
    QVERIFY(QJsonDocument::fromJson(response.body).isNull());
    QVERIFY(!response.header("X-Request-Id").isEmpty());
}

void TestSimRouter::forcedBody()
{
    FaultSettings faults;
    faults.forcedBody = QByteArray("{\"status\":\"success\",\"data\":{\"price\":");
    const SimResponse malformed = get("/v1/prices/latest?by_code=WTI_USD", faults);
    QCOMPARE(malformed.status, 200);
    QCOMPARE(malformed.body, *faults.forcedBody);

    faults.forcedStatus = 503;
    faults.forcedBody = QByteArray("down");
    const SimResponse both = get("/v1/commodities", faults);
    QCOMPARE(both.status, 503);
    QCOMPARE(both.body, QByteArray("down"));

    faults.forcedStatus = 0;
    faults.forcedBody = QByteArray();
    const SimResponse empty = get("/v1/commodities", faults);
    QCOMPARE(empty.status, 200);
    QVERIFY(empty.body.isEmpty());
}

void TestSimRouter::faultsSpareNonApiPaths()
{
    FaultSettings faults;
    faults.forcedStatus = 500;
    QCOMPARE(get("/favicon.ico", faults).status, 404);
    QCOMPARE(get("/v1/commodities", faults).status, 500);
}

void TestSimRouter::parseErrorResponses_data()
{
    QTest::addColumn<HttpParseError>("error");
    QTest::addColumn<int>("status");
    QTest::addRow("bad request") << HttpParseError::BadRequest << 400;
    QTest::addRow("headers") << HttpParseError::HeaderTooLarge << 431;
    QTest::addRow("body") << HttpParseError::BodyTooLarge << 413;
    QTest::addRow("chunked") << HttpParseError::NotImplemented << 501;
    QTest::addRow("version") << HttpParseError::VersionNotSupported << 505;
}

void TestSimRouter::parseErrorResponses()
{
    QFETCH(HttpParseError, error);
    QFETCH(int, status);
    const SimResponse response = m_router->parseErrorResponse(error, m_clock->nowUtc().toMSecsSinceEpoch());
    QCOMPARE(response.status, status);
    QCOMPARE(json(response)["status"].toString(), QStringLiteral("error"));
    QVERIFY(!response.header("X-Request-Id").isEmpty());
    const QByteArray wire = response.serialize(false);
    QVERIFY(wire.startsWith("HTTP/1.1 " + QByteArray::number(status) + ' '));
    QVERIFY(wire.contains("\r\nConnection: close\r\n"));
    QVERIFY(wire.contains("\r\nContent-Length: " + QByteArray::number(response.body.size()) + "\r\n"));
    QVERIFY(wire.endsWith("\r\n\r\n" + response.body));
}

void TestSimRouter::profileStatuses_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("code");
    QTest::addRow("500") << 500 << "INTERNAL_SERVER_ERROR";
    QTest::addRow("503") << 503 << "SERVICE_UNAVAILABLE";
    QTest::addRow("504") << 504 << "GATEWAY_TIMEOUT";
    QTest::addRow("502") << 502 << QString();
}

void TestSimRouter::profileStatuses()
{
    QFETCH(int, status);
    QFETCH(QString, code);
    const SimResponse response
        = getWith("/v1/prices/past_day?by_code=WTI_USD", ruleOf(FaultKind::Status, status));
    QCOMPARE(response.status, status);
    QVERIFY(response.header("X-Total").isNull()); // the pagination headers of the real answer are gone
    QVERIFY(!response.header("X-Request-Id").isEmpty());
    if (code.isEmpty()) {
        QVERIFY(response.header("Content-Type").startsWith("text/html"));
        QVERIFY(response.body.contains("502 Bad Gateway"));
    } else {
        QCOMPARE(json(response)["error"]["code"].toString(), code);
        QCOMPARE(json(response)["error"]["request_id"].toString(),
            QString::fromLatin1(response.header("X-Request-Id")));
    }
}

void TestSimRouter::profileBurstRateLimitIsRetryable()
{
    FaultRule rule = ruleOf(FaultKind::RateLimit);
    rule.retryAfterSec = 1050;
    const SimResponse response = getWith("/v1/prices/latest?by_code=WTI_USD", rule);
    QCOMPARE(response.status, 429);
    QCOMPARE(response.header("Retry-After"), QByteArray("1050"));
    QCOMPARE(response.header("X-RateLimit-Window"), QByteArray("hourly_circuit_breaker"));
    QCOMPARE(response.header("X-RateLimit-State"), QByteArray("available")); // the daily quota is not spent
    QVERIFY(response.header("X-RateLimit-Remaining").toInt() > 0);
    QCOMPARE(json(response)["error"]["code"].toString(), QStringLiteral("RATE_LIMIT_EXCEEDED"));
    QCOMPARE(json(response)["error"]["retry_after"].toInt(), 1050);
    QCOMPARE(json(response)["error"]["retry"]["retryable"].toBool(), true);
}

void TestSimRouter::profileQuotaExhaustedIsFinalUntilMidnight()
{
    const SimResponse response
        = getWith("/v1/prices/latest?by_code=WTI_USD", ruleOf(FaultKind::QuotaExhausted));
    QCOMPARE(response.status, 429);
    QCOMPARE(response.header("X-RateLimit-State"), QByteArray("exhausted"));
    QCOMPARE(response.header("X-RateLimit-Window"), QByteArray("daily_counter"));
    QCOMPARE(response.header("X-RateLimit-Remaining"), QByteArray("0"));
    // 10:30:15 UTC: 13 h 29 min 45 s to midnight.
    QCOMPARE(response.header("Retry-After"), QByteArray::number(13 * 3600 + 29 * 60 + 45));
    QCOMPARE(response.header("X-RateLimit-Reset"), QByteArray("1773187200"));
    QCOMPARE(json(response)["error"]["retry"]["retryable"].toBool(true), false);

    m_clock->advanceMs((13 * 3600 + 29 * 60 + 44) * 1000LL + 999);
    const SimResponse last = getWith("/v1/commodities", ruleOf(FaultKind::QuotaExhausted));
    QCOMPARE(last.header("Retry-After"), QByteArray("1")); // never 0: that would invite a busy loop
}

void TestSimRouter::profileOutageAnswers503()
{
    FaultDecision decision;
    decision.outage = true;
    decision.outageRemainingSec = 17;
    const SimResponse response
        = m_router->handle(makeRequest("/v1/prices/latest?by_code=WTI_USD"), m_clock->nowUtc(), decision);
    QCOMPARE(response.status, 503);
    QCOMPARE(response.header("Retry-After"), QByteArray("17"));
    QCOMPARE(json(response)["error"]["code"].toString(), QStringLiteral("SERVICE_UNAVAILABLE"));
}

void TestSimRouter::profileBodyFaults()
{
    const SimResponse empty = getWith("/v1/prices/latest?by_code=WTI_USD", ruleOf(FaultKind::EmptyBody));
    QCOMPARE(empty.status, 200);
    QVERIFY(empty.body.isEmpty());
    const SimResponse asString = getWith("/v1/prices/latest?by_code=WTI_USD", ruleOf(FaultKind::PriceString));
    QVERIFY(json(asString)["data"]["price"].isString());
    QVERIFY(json(asString)["data"]["price"].toString().toDouble() > 0);
    const SimResponse nulls
        = getWith("/v1/prices/past_day?by_code=WTI_USD&per_page=5", ruleOf(FaultKind::PriceNull));
    const QJsonArray prices = json(nulls)["data"]["prices"].toArray();
    QCOMPARE(prices.size(), 5);
    for (const QJsonValue& price : prices)
        QVERIFY(price.toObject()["price"].isNull());
    QCOMPARE(nulls.header("X-Per-Page"), QByteArray("5")); // a body fault keeps the headers
    // Connection-level kinds leave the answer whole; the connection acts on them.
    const SimResponse hang = getWith("/v1/prices/latest?by_code=WTI_USD", ruleOf(FaultKind::Hang));
    QCOMPARE(hang.status, 200);
    QCOMPARE(json(hang)["data"]["code"].toString(), QStringLiteral("WTI_USD"));
}

void TestSimRouter::profileBadDataOnlyInPriceAnswers()
{
    // Every record of a history page is corrupted...
    const SimResponse page
        = getWith("/v1/prices/past_day?by_code=WTI_USD&per_page=5", ruleOf(FaultKind::WrongUnit));
    const QJsonArray records = json(page)["data"]["prices"].toArray();
    QCOMPARE(records.size(), 5);
    for (const QJsonValue& record : records)
        QCOMPARE(record["unit"].toString(), QStringLiteral("gallon"));
    // ...and each code of a keyed latest answer.
    const SimResponse keyed
        = getWith("/v1/prices/latest?by_code=WTI_USD,GASOLINE_USD", ruleOf(FaultKind::ZeroPrice));
    QCOMPARE(json(keyed)["data"]["WTI_USD"]["price"].toDouble(-1), 0.0);
    QCOMPARE(json(keyed)["data"]["GASOLINE_USD"]["price"].toDouble(-1), 0.0);
    QVERIFY(!keyed.repeatable); // never cached as the answer for that second
    const SimResponse healthy
        = m_router->handle(makeRequest("/v1/prices/latest?by_code=WTI_USD,GASOLINE_USD"), m_clock->nowUtc());
    QVERIFY(json(healthy)["data"]["WTI_USD"]["price"].toDouble() > 0);
    // The catalogue stays true: the client judges prices against it.
    for (const char* path : {"/v1/commodities", "/v1/commodities/WTI_USD"}) {
        const SimResponse catalogue = getWith(path, ruleOf(FaultKind::WrongUnit));
        QCOMPARE(catalogue.status, 200);
        QCOMPARE(catalogue.body, m_router->handle(makeRequest(path), m_clock->nowUtc()).body);
    }
}

void TestSimRouter::profileDecisionsSpareNonApiPaths()
{
    FaultDecision decision;
    decision.rule = ruleOf(FaultKind::Status, 500);
    const SimResponse response = m_router->handle(makeRequest("/nowhere"), m_clock->nowUtc(), decision);
    QCOMPARE(response.status, 404);
}

QTEST_GUILESS_MAIN(TestSimRouter)

#include "tst_simrouter.moc"
