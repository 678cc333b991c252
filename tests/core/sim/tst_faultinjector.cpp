// FaultInjector: the decisions a profile rolls, and the bodies it reshapes (core/sim/faultinjector.cpp).
#include "sim/faultinjector.h"
#include "sim/faultprofile.h"
#include "sim/faultresponder.h"
#include "sim/simresponse.h"
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

namespace {

[[maybe_unused]] FaultProfile parsed(const QByteArray& json)
{
    const FaultProfileResult result = FaultProfile::fromJson(json);
    if (const auto* error = std::get_if<FaultProfileError>(&result)) {
        qWarning() << "unexpected error:" << error->message;
        return {};
    }
    return std::get<FaultProfile>(result);
}

[[maybe_unused]] FaultProfile withRules(std::vector<FaultRule> rules)
{
    FaultProfile profile;
    profile.faults = std::move(rules);
    return profile;
}

[[maybe_unused]] FaultRule ruleOf(FaultKind kind, double rate, int status = 500)
{
    FaultRule rule;
    rule.kind = kind;
    rule.rate = rate;
    rule.status = status;
    return rule;
}

[[maybe_unused]] SimResponse latestResponse()
{
    SimResponse response;
    response.body = R"({"status":"success","data":{"code":"WTI_USD","price":62.5,"currency":"USD"}})";
    return response;
}

} // namespace

class TestFaultInjector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthyDecidesNothing();
    void decisionsAreDeterministicForASeed();
    void ratesHoldOverManyRequests();
    void rulesAreExclusiveAndOrdered();
    void latencyDistributions();
    void repeatingOutageFollowsTheClock();
    void oneShotOutage();
    void outageCanReset();
    void reshapesBodies();
    void hugeBodyIsPaddedValidJson();
    void badDataRewritesEveryRecord_data();
    void badDataRewritesEveryRecord();
    void badDataParameters();
};

void TestFaultInjector::healthyDecidesNothing()
{
    FaultInjector injector(*FaultProfile::builtin(u"healthy"), 1, 0);
    for (int i = 0; i < 100; ++i) {
        const FaultDecision decision = injector.decide(i * 1000);
        QCOMPARE(decision.latencyMs, 0);
        QVERIFY(!decision.rule);
        QVERIFY(!decision.outage);
    }
}

void TestFaultInjector::decisionsAreDeterministicForASeed()
{
    const FaultProfile chaos = *FaultProfile::builtin(u"chaos");
    auto sequence = [&chaos](quint64 seed) {
        FaultInjector injector(chaos, seed, 0);
        QList<QPair<int, int>> out;
        for (int i = 0; i < 500; ++i) {
            const FaultDecision decision = injector.decide(i);
            out.append({decision.latencyMs,
                decision.rule ? int(decision.rule->kind) * 1000 + decision.rule->status : -1});
        }
        return out;
    };
    QCOMPARE(sequence(7), sequence(7));
    QVERIFY(sequence(7) != sequence(8));

    // A seed in the profile wins over the server's.
    FaultProfile seeded = chaos;
    seeded.seed = 7;
    FaultInjector a(seeded, 100, 0);
    FaultInjector b(seeded, 200, 0);
    for (int i = 0; i < 200; ++i)
        QCOMPARE(a.decide(i).latencyMs, b.decide(i).latencyMs);

    // Switching profile reseeds: the sequence restarts.
    FaultInjector restarted(chaos, 7, 0);
    const int first = restarted.decide(0).latencyMs;
    restarted.decide(1);
    restarted.setProfile(chaos, 7, 0);
    QCOMPARE(restarted.decide(0).latencyMs, first);
}

void TestFaultInjector::ratesHoldOverManyRequests()
{
    for (quint64 seed : {1ULL, 42ULL, 20260101ULL}) {
        FaultInjector injector(withRules({ruleOf(FaultKind::Status, 0.2)}), seed, 0);
        int hits = 0;
        for (int i = 0; i < 1000; ++i)
            hits += injector.decide(i).rule ? 1 : 0;
        QVERIFY2(hits >= 150 && hits <= 250, qPrintable(QString::number(hits)));
    }
    FaultInjector never(withRules({ruleOf(FaultKind::Hang, 0.0)}), 3, 0);
    FaultInjector always(withRules({ruleOf(FaultKind::Hang, 1.0)}), 3, 0);
    for (int i = 0; i < 200; ++i) {
        QVERIFY(!never.decide(i).rule);
        QVERIFY(always.decide(i).rule);
    }
}

void TestFaultInjector::rulesAreExclusiveAndOrdered()
{
    FaultInjector injector(withRules({ruleOf(FaultKind::Status, 0.2, 500),
                               ruleOf(FaultKind::Status, 0.1, 502), ruleOf(FaultKind::Close, 0.3)}),
        5, 0);
    QMap<int, int> counts;
    for (int i = 0; i < 4000; ++i) {
        const FaultDecision decision = injector.decide(i);
        counts[decision.rule ? (decision.rule->kind == FaultKind::Close ? 1 : decision.rule->status) : 0]++;
    }
    QVERIFY2(counts[500] > 700 && counts[500] < 900, qPrintable(QString::number(counts[500])));
    QVERIFY2(counts[502] > 320 && counts[502] < 480, qPrintable(QString::number(counts[502])));
    QVERIFY2(counts[1] > 1080 && counts[1] < 1320, qPrintable(QString::number(counts[1])));
    QVERIFY2(counts[0] > 1480 && counts[0] < 1720, qPrintable(QString::number(counts[0])));
}

void TestFaultInjector::latencyDistributions()
{
    FaultProfile profile;
    profile.latency.kind = LatencyKind::Fixed;
    profile.latency.fixedMs = 123;
    FaultInjector fixed(profile, 1, 0);
    QCOMPARE(fixed.decide(0).latencyMs, 123);

    profile.latency = {};
    profile.latency.kind = LatencyKind::Uniform;
    profile.latency.minMs = 10;
    profile.latency.maxMs = 20;
    FaultInjector uniform(profile, 1, 0);
    int low = 21;
    int high = 9;
    for (int i = 0; i < 1000; ++i) {
        const int ms = uniform.decide(i).latencyMs;
        QVERIFY(ms >= 10 && ms <= 20);
        low = std::min(low, ms);
        high = std::max(high, ms);
    }
    QCOMPARE(low, 10);
    QCOMPARE(high, 20);

    profile.latency = {};
    profile.latency.kind = LatencyKind::LogNormal;
    profile.latency.medianMs = 50;
    profile.latency.sigma = 0.5;
    FaultInjector logNormal(profile, 1, 0);
    std::vector<int> samples;
    for (int i = 0; i < 1001; ++i)
        samples.push_back(logNormal.decide(i).latencyMs);
    std::sort(samples.begin(), samples.end());
    QVERIFY2(samples[500] >= 45 && samples[500] <= 55, qPrintable(QString::number(samples[500])));
    QVERIFY(samples.front() < 30); // a real spread: exp(-2 sigma) * 50 is about 18
    QVERIFY(samples.back() > 120);

    profile.latency.rate = 0.5;
    FaultInjector half(profile, 1, 0);
    int delayed = 0;
    for (int i = 0; i < 1000; ++i)
        delayed += half.decide(i).latencyMs > 0 ? 1 : 0;
    QVERIFY2(delayed > 420 && delayed < 580, qPrintable(QString::number(delayed)));
}

void TestFaultInjector::repeatingOutageFollowsTheClock()
{
    ManualClock clock;
    clock.advanceMs(5000); // the schedule starts when the profile is set, not at zero
    FaultProfile profile = *FaultProfile::builtin(u"outage");
    FaultInjector injector(profile, 1, clock.monotonicMs());

    FaultDecision decision = injector.decide(clock.monotonicMs());
    QVERIFY(decision.outage);
    QCOMPARE(decision.outageMode, OutageMode::Status503);
    QCOMPARE(decision.outageRemainingSec, 20);
    QVERIFY(!decision.resetsConnection());

    clock.advanceMs(19'999);
    decision = injector.decide(clock.monotonicMs());
    QVERIFY(decision.outage);
    QCOMPARE(decision.outageRemainingSec, 1);

    clock.advanceMs(1);
    QVERIFY(!injector.decide(clock.monotonicMs()).outage);
    clock.advanceMs(19'999);
    QVERIFY(!injector.decide(clock.monotonicMs()).outage);
    clock.advanceMs(1);
    QVERIFY(injector.decide(clock.monotonicMs()).outage); // down again: it repeats
    clock.advanceMs(20'000 + 3 * 40'000);
    QVERIFY(!injector.decide(clock.monotonicMs()).outage);
}

void TestFaultInjector::oneShotOutage()
{
    ManualClock clock;
    FaultProfile profile;
    profile.outage.downSec = 5;
    profile.outage.repeat = false;
    FaultInjector injector(profile, 1, clock.monotonicMs());
    QVERIFY(injector.isDown(clock.monotonicMs()));
    clock.advanceMs(4999);
    QVERIFY(injector.isDown(clock.monotonicMs()));
    clock.advanceMs(1);
    for (int i = 0; i < 10; ++i) {
        QVERIFY(!injector.isDown(clock.monotonicMs()));
        clock.advanceMs(3'600'000);
    }
}

void TestFaultInjector::outageCanReset()
{
    FaultProfile profile;
    profile.outage = {2, 2, true, OutageMode::Reset};
    profile.faults = {ruleOf(FaultKind::Status, 1.0)};
    FaultInjector injector(profile, 1, 0);
    const FaultDecision down = injector.decide(0);
    QVERIFY(down.outage);
    QVERIFY(down.resetsConnection());
    QVERIFY(!down.rule); // during an outage nothing else applies
    const FaultDecision up = injector.decide(2000);
    QVERIFY(!up.outage);
    QVERIFY(up.rule);
    QVERIFY(!up.resetsConnection());
}

void TestFaultInjector::reshapesBodies()
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

void TestFaultInjector::hugeBodyIsPaddedValidJson()
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

void TestFaultInjector::badDataRewritesEveryRecord_data()
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

void TestFaultInjector::badDataRewritesEveryRecord()
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

void TestFaultInjector::badDataParameters()
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

QTEST_GUILESS_MAIN(TestFaultInjector)
#include "tst_faultinjector.moc"
