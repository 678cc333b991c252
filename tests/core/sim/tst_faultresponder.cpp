// FaultResponder: how faults become answers (core/sim/faultresponder.cpp). The same through the router,
// with the headers it adds, is in tst_simrouter.
#include "sim/faultprofile.h"
#include "sim/faultresponder.h"
#include "sim/simresponse.h"
#include "support/faultprofiles.h"
#include "util/clock.h"

#include <algorithm>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch::sim;
using oilwatch::util::ManualClock;

using namespace oilwatch::testing;

class TestFaultResponder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reshapesBodies();
    void hugeBodyIsPaddedValidJson();
    void badDataRewritesEveryRecord_data();
    void badDataRewritesEveryRecord();
    void badDataParameters();
    void settingsRuleThenProfileRule();
    void quotaExhaustedBody();
};

void TestFaultResponder::reshapesBodies()
{
    const QByteArray original = latestResponse().body;
    QVERIFY(!QJsonDocument::fromJson(original).isNull());

    SimResponse response = latestResponse();
    response.status = 401;
    FaultResponder::reshapeBody(ruleOf(FaultKind::EmptyBody, 1), response);
    QCOMPARE(response.status, 200);
    QVERIFY(response.body.isEmpty());

    response = latestResponse();
    FaultResponder::reshapeBody(ruleOf(FaultKind::MalformedJson, 1), response);
    QVERIFY(response.body.startsWith(original.chopped(1)));
    QJsonParseError error {};
    QJsonDocument::fromJson(response.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);

    response = latestResponse();
    FaultResponder::reshapeBody(ruleOf(FaultKind::TruncatedJson, 1), response);
    QVERIFY(response.body.size() < original.size());
    QVERIFY(!response.body.isEmpty());
    QVERIFY(original.startsWith(response.body));
    QJsonDocument::fromJson(response.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);

    response = latestResponse();
    FaultResponder::reshapeBody(ruleOf(FaultKind::PriceString, 1), response);
    QJsonObject data = QJsonDocument::fromJson(response.body).object()["data"].toObject();
    QVERIFY(data["price"].isString());
    QCOMPARE(data["price"].toString(), QStringLiteral("62.5"));
    QCOMPARE(data["currency"].toString(), QStringLiteral("USD"));

    response = latestResponse();
    FaultResponder::reshapeBody(ruleOf(FaultKind::PriceNull, 1), response);
    data = QJsonDocument::fromJson(response.body).object()["data"].toObject();
    QVERIFY(data.contains(QStringLiteral("price")));
    QVERIFY(data["price"].isNull());

    // Several prices (a keyed map or a history page) all change.
    response.body = R"({"data":{"A":{"price":1.5,"x":1},"B":{"price":2}}})";
    FaultResponder::reshapeBody(ruleOf(FaultKind::PriceString, 1), response);
    QCOMPARE(response.body, QByteArray(R"({"data":{"A":{"price":"1.5","x":1},"B":{"price":"2"}}})"));

    // Connection-level kinds leave the body to the connection.
    response = latestResponse();
    FaultResponder::reshapeBody(ruleOf(FaultKind::Hang, 1), response);
    QCOMPARE(response.body, original);
}

void TestFaultResponder::hugeBodyIsPaddedValidJson()
{
    FaultRule rule = ruleOf(FaultKind::HugeBody, 1);
    QCOMPARE(rule.bodyBytes, qint64(8 * 1024 * 1024));
    rule.bodyBytes = 100'000;
    SimResponse response = latestResponse();
    response.status = 503;
    FaultResponder::reshapeBody(rule, response);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.size(), qsizetype(100'000));
    const QJsonObject root = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(root["data"].toObject()["code"].toString(), QStringLiteral("WTI_USD"));
    QCOMPARE(root["padding"].toString().size(), 100'000 - latestResponse().body.size() - 13);

    rule.bodyBytes = 64; // smaller than the answer: padding only, still the size asked for
    response = latestResponse();
    FaultResponder::reshapeBody(rule, response);
    QCOMPARE(response.body.size(), qsizetype(64));
    QVERIFY(!QJsonDocument::fromJson(response.body).isNull());
}

void TestFaultResponder::badDataRewritesEveryRecord_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("first"); // the first record's new value, as text
    QTest::addColumn<QString>("second"); // the second's
    QTest::addRow("spike") << int(FaultKind::Spike) << "price"
                           << "625"
                           << "21.5";
    QTest::addRow("zero") << int(FaultKind::ZeroPrice) << "price"
                          << "0"
                          << "0";
    QTest::addRow("negative") << int(FaultKind::NegativePrice) << "price"
                              << "-62.5"
                              << "-2.15";
    QTest::addRow("future") << int(FaultKind::FutureCreatedAt) << "created_at"
                            << "2026-01-01T13:00:00.000Z"
                            << "2026-01-01T12:59:59.250Z";
    QTest::addRow("stale") << int(FaultKind::StaleCreatedAt) << "created_at"
                           << "2025-12-02T12:00:00.000Z"
                           << "2025-12-02T11:59:59.250Z";
    QTest::addRow("unit") << int(FaultKind::WrongUnit) << "unit"
                          << "gallon"
                          << "barrel";
    QTest::addRow("currency") << int(FaultKind::WrongCurrency) << "currency"
                              << "EUR"
                              << "USD";
}

void TestFaultResponder::badDataRewritesEveryRecord()
{
    QFETCH(int, kind);
    QFETCH(QString, field);
    QFETCH(QString, first);
    QFETCH(QString, second);
    // A history page: the rewrite reaches every record, and the other fields stay as they were.
    SimResponse response;
    response.body
        = R"({"status":"success","data":{"prices":[)"
          R"({"code":"WTI_USD","price":62.5,"currency":"USD","unit":"barrel","created_at":"2026-01-01T12:00:00.000Z"},)"
          R"({"code":"GASOLINE_USD","price":2.15,"currency":"EUR","unit":"gallon","created_at":"2026-01-01T11:59:59.250Z"}]}})";
    const QJsonArray before
        = QJsonDocument::fromJson(response.body).object()["data"].toObject()["prices"].toArray();
    FaultResponder::reshapeBody(ruleOf(FaultKind(kind), 1), response);
    const QJsonDocument document = QJsonDocument::fromJson(response.body);
    QVERIFY2(!document.isNull(), response.body.constData());
    const QJsonArray after = document.object()["data"].toObject()["prices"].toArray();
    QCOMPARE(after.size(), 2);
    QCOMPARE(after[0][field].toVariant().toString(), first);
    QCOMPARE(after[1][field].toVariant().toString(), second);
    for (qsizetype i = 0; i < 2; ++i) {
        for (const QString& other : after[i].toObject().keys()) {
            if (other != field)
                QCOMPARE(after[i][other], before[i][other]);
        }
    }
}

void TestFaultResponder::badDataParameters()
{
    SimResponse response = latestResponse();
    FaultRule spike = ruleOf(FaultKind::Spike, 1);
    spike.factor = 0.01;
    FaultResponder::reshapeBody(spike, response);
    QCOMPARE(QJsonDocument::fromJson(response.body).object()["data"].toObject()["price"].toDouble(), 0.625);

    response.body = R"({"data":{"code":"WTI_USD","price":1,"unit":"barrel","currency":"USD"}})";
    FaultRule unit = ruleOf(FaultKind::WrongUnit, 1);
    unit.unit = QStringLiteral("litre");
    FaultResponder::reshapeBody(unit, response);
    FaultRule currency = ruleOf(FaultKind::WrongCurrency, 1);
    currency.currency = QStringLiteral("GBP");
    FaultResponder::reshapeBody(currency, response);
    QCOMPARE(response.body,
        QByteArray(R"({"data":{"code":"WTI_USD","price":1,"unit":"litre","currency":"GBP"}})"));

    // The defaults: an hour ahead, thirty days back.
    QCOMPARE(ruleOf(FaultKind::FutureCreatedAt, 1).shiftSeconds(), qint64(3600));
    QCOMPARE(ruleOf(FaultKind::StaleCreatedAt, 1).shiftSeconds(), qint64(30 * 86'400));
    FaultRule shifted = ruleOf(FaultKind::FutureCreatedAt, 1);
    shifted.shiftSec = 90;
    response.body = R"({"data":{"created_at":"2026-01-01T23:59:00.000Z"}})";
    FaultResponder::reshapeBody(shifted, response);
    QCOMPARE(response.body, QByteArray(R"({"data":{"created_at":"2026-01-02T00:00:30.000Z"}})"));
    // Not a time: left alone rather than invented.
    response.body = R"({"data":{"created_at":"yesterday"}})";
    FaultResponder::reshapeBody(shifted, response);
    QCOMPARE(response.body, QByteArray(R"({"data":{"created_at":"yesterday"}})"));
}

// The settings' rule goes first, the profile's on top of it: a forced body with prices, then a spike of them.
void TestFaultResponder::settingsRuleThenProfileRule()
{
    FaultDecision decision;
    decision.forced = FaultRule {};
    decision.forced->kind = FaultKind::Body;
    decision.forced->body = QByteArray(R"({"data":{"price":2}})");
    decision.rule = ruleOf(FaultKind::Spike, 1.0);
    RequestContext ctx;
    ctx.isV1 = true;
    ctx.priceAnswer = true;
    SimResponse response = latestResponse();
    FaultResponder(10).apply(decision, ctx, response);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body, QByteArray(R"({"data":{"price":20}})"));

    // A forced status replaces the answer with its error; a forced 429 is the burst limit.
    FaultDecision forced429;
    forced429.forced = ruleOf(FaultKind::Status, 1.0, 429);
    SimResponse limited = latestResponse();
    FaultResponder(10).apply(forced429, ctx, limited);
    QCOMPARE(limited.status, 429);
    QCOMPARE(ctx.limit, RequestContext::Limit::Forced);
    QCOMPARE(limited.header("Retry-After"), QByteArray::number(FaultResponder::kForcedRetryAfterSec));
}

// The quota-exhausted answer of an enforced quota and of the quota_exhausted kind alike.
void TestFaultResponder::quotaExhaustedBody()
{
    RequestContext ctx;
    ctx.nowMs = 1'773'138'615'000; // 2026-03-10T10:30:15Z
    ctx.requestId = "req_1";
    SimResponse response = latestResponse();
    FaultResponder::setQuotaExhausted(7, ctx, response);
    QCOMPARE(response.status, 429);
    QCOMPARE(ctx.limit, RequestContext::Limit::Quota);
    QCOMPARE(response.header("Retry-After"), QByteArray::number(13 * 3600 + 29 * 60 + 45));
    const QJsonObject error = QJsonDocument::fromJson(response.body).object()["error"].toObject();
    QCOMPARE(error["code"].toString(), QStringLiteral("DAILY_QUOTA_EXCEEDED"));
    QCOMPARE(error["details"].toObject()["limit"].toInt(), 7);
    QCOMPARE(error["details"].toObject()["reset_after"].toInt(), 13 * 3600 + 29 * 60 + 45);
    QCOMPARE(error["retry"].toObject()["retryable"].toBool(true), false);
    QCOMPARE(error["request_id"].toString(), QStringLiteral("req_1"));
}

QTEST_GUILESS_MAIN(TestFaultResponder)
#include "tst_faultresponder.moc"
