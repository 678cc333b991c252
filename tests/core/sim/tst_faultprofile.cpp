#include "sim/faultinjector.h"
#include "sim/faultprofile.h"
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

FaultProfile parsed(const QByteArray& json)
{
    const FaultProfileResult result = FaultProfile::fromJson(json);
    if (const auto* error = std::get_if<FaultProfileError>(&result)) {
        qWarning() << "unexpected error:" << error->message;
        return {};
    }
    return std::get<FaultProfile>(result);
}

FaultProfile withRules(std::vector<FaultRule> rules)
{
    FaultProfile profile;
    profile.faults = std::move(rules);
    return profile;
}

FaultRule ruleOf(FaultKind kind, double rate, int status = 500)
{
    FaultRule rule;
    rule.kind = kind;
    rule.rate = rate;
    rule.status = status;
    return rule;
}

SimResponse latestResponse()
{
    SimResponse response;
    response.body = R"({"status":"success","data":{"code":"WTI_USD","price":62.5,"currency":"USD"}})";
    return response;
}

} // namespace

class TestFaultProfile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtinsAreValid();
    void builtinsDoWhatTheirNamesSay();
    void parsesEveryField();
    void roundTripsEveryKind();
    void defaultsApply();
    void rejectsBadInput_data();
    void rejectsBadInput();
    void resolvesNamesAndFiles();

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

void TestFaultProfile::builtinsAreValid()
{
    const QStringList names = FaultProfile::builtinNames();
    QCOMPARE(names,
        QStringList({"healthy", "latency", "flaky", "outage", "ratelimited", "quota", "hang", "slowbody",
            "chaos", "baddata"}));
    for (const QString& name : names) {
        const std::optional<FaultProfile> profile = FaultProfile::builtin(name);
        QVERIFY2(profile, qPrintable(name));
        QCOMPARE(profile->name, name);
        const FaultProfileResult again = FaultProfile::fromJson(profile->toJson());
        QVERIFY2(std::holds_alternative<FaultProfile>(again), qPrintable(name));
        QCOMPARE(std::get<FaultProfile>(again), *profile);
        double total = 0;
        for (const FaultRule& rule : profile->faults)
            total += rule.rate;
        QVERIFY(total <= 1.0);
    }
    QVERIFY(!FaultProfile::builtin(u"nope"));
    QVERIFY(!FaultProfile::builtin(u"Flaky")); // names are exact
}

void TestFaultProfile::builtinsDoWhatTheirNamesSay()
{
    QVERIFY(FaultProfile::builtin(u"healthy")->isHealthy());

    const FaultProfile latency = *FaultProfile::builtin(u"latency");
    QCOMPARE(latency.latency.kind, LatencyKind::LogNormal);
    QCOMPARE(latency.latency.medianMs, 50.0);
    QVERIFY(latency.faults.empty());

    const FaultProfile flaky = *FaultProfile::builtin(u"flaky");
    double serverErrors = 0;
    for (const FaultRule& rule : flaky.faults) {
        QCOMPARE(rule.kind, FaultKind::Status);
        QVERIFY(rule.status >= 500);
        serverErrors += rule.rate;
    }
    QVERIFY(qAbs(serverErrors - 0.2) < 1e-9);

    const FaultProfile outage = *FaultProfile::builtin(u"outage");
    QCOMPARE(outage.outage.downSec, 20);
    QCOMPARE(outage.outage.upSec, 20);
    QVERIFY(outage.outage.repeat);

    QCOMPARE(FaultProfile::builtin(u"ratelimited")->faults.at(0).kind, FaultKind::RateLimit);
    QCOMPARE(FaultProfile::builtin(u"quota")->faults.at(0).kind, FaultKind::QuotaExhausted);
    QCOMPARE(FaultProfile::builtin(u"quota")->faults.at(0).rate, 1.0);
    QCOMPARE(FaultProfile::builtin(u"hang")->faults.at(0).kind, FaultKind::Hang);
    QCOMPARE(FaultProfile::builtin(u"slowbody")->faults.at(0).kind, FaultKind::SlowBody);

    const FaultProfile chaos = *FaultProfile::builtin(u"chaos");
    QVERIFY(chaos.latency.kind != LatencyKind::None);
    QSet<int> kinds;
    for (const FaultRule& rule : chaos.faults)
        kinds.insert(int(rule.kind));
    QVERIFY(kinds.size() >= 10);

    // Every bad-data kind, nothing else, spikes both ways, about a third of the answers.
    const FaultProfile baddata = *FaultProfile::builtin(u"baddata");
    QSet<int> badKinds;
    double badShare = 0;
    bool up = false;
    bool down = false;
    for (const FaultRule& rule : baddata.faults) {
        QVERIFY(rule.isBadData());
        badKinds.insert(int(rule.kind));
        badShare += rule.rate;
        up = up || (rule.kind == FaultKind::Spike && rule.factor > 1);
        down = down || (rule.kind == FaultKind::Spike && rule.factor < 1);
    }
    QCOMPARE(badKinds.size(), 7);
    QVERIFY(up && down);
    QVERIFY(badShare > 0.25 && badShare < 0.5);
    QVERIFY(baddata.latency.kind == LatencyKind::None && !baddata.outage.enabled());
}

void TestFaultProfile::parsesEveryField()
{
    const FaultProfile profile = parsed(R"({
        "name": "mine", "seed": 99,
        "latency": {"kind": "uniform", "min_ms": 5, "max_ms": 15, "rate": 0.5},
        "faults": [
            {"kind": "status", "status": 502, "rate": 0.1},
            {"kind": "rate_limit", "retry_after_s": 7, "rate": 0.05},
            {"kind": "slow_body", "chunk_bytes": 3, "interval_ms": 20, "rate": 0.05},
            {"kind": "reset", "after_bytes": 10, "rate": 0.05},
            {"kind": "huge_body", "bytes": 1000, "rate": 0.05},
            {"kind": "price_null", "rate": 0.05},
            {"kind": "spike", "factor": 0.1, "rate": 0.05},
            {"kind": "future_created_at", "seconds": 600, "rate": 0.05},
            {"kind": "wrong_unit", "unit": "litre", "rate": 0.05},
            {"kind": "wrong_currency", "currency": "GBP", "rate": 0.05}
        ],
        "outage": {"down_s": 3, "up_s": 4, "repeat": false, "mode": "reset"}
    })");
    QCOMPARE(profile.name, QStringLiteral("mine"));
    QCOMPARE(profile.seed, std::optional<quint64>(99));
    QCOMPARE(profile.latency.kind, LatencyKind::Uniform);
    QCOMPARE(profile.latency.minMs, 5);
    QCOMPARE(profile.latency.maxMs, 15);
    QCOMPARE(profile.latency.rate, 0.5);
    QCOMPARE(profile.faults.size(), size_t(10));
    QCOMPARE(profile.faults[0].status, 502);
    QCOMPARE(profile.faults[0].rate, 0.1);
    QCOMPARE(profile.faults[1].retryAfterSec, 7);
    QCOMPARE(profile.faults[2].chunkBytes, 3);
    QCOMPARE(profile.faults[2].intervalMs, 20);
    QCOMPARE(profile.faults[3].afterBytes, qint64(10));
    QCOMPARE(profile.faults[4].bodyBytes, qint64(1000));
    QCOMPARE(profile.faults[5].kind, FaultKind::PriceNull);
    QCOMPARE(profile.faults[6].factor, 0.1);
    QCOMPARE(profile.faults[7].kind, FaultKind::FutureCreatedAt);
    QCOMPARE(profile.faults[7].shiftSeconds(), qint64(600));
    QCOMPARE(profile.faults[8].unit, QStringLiteral("litre"));
    QCOMPARE(profile.faults[9].currency, QStringLiteral("GBP"));
    QCOMPARE(profile.outage.downSec, 3);
    QCOMPARE(profile.outage.upSec, 4);
    QVERIFY(!profile.outage.repeat);
    QCOMPARE(profile.outage.mode, OutageMode::Reset);
}

void TestFaultProfile::roundTripsEveryKind()
{
    FaultProfile profile;
    profile.name = QStringLiteral("every kind");
    profile.seed = 12345;
    profile.latency.kind = LatencyKind::LogNormal;
    profile.latency.medianMs = 42.5;
    profile.latency.sigma = 0.25;
    profile.latency.rate = 0.75;
    const FaultKind kinds[] = {FaultKind::Status, FaultKind::RateLimit, FaultKind::QuotaExhausted,
        FaultKind::Hang, FaultKind::SlowBody, FaultKind::Reset, FaultKind::Close, FaultKind::EmptyBody,
        FaultKind::MalformedJson, FaultKind::TruncatedJson, FaultKind::PriceString, FaultKind::PriceNull,
        FaultKind::HugeBody, FaultKind::Spike, FaultKind::ZeroPrice, FaultKind::NegativePrice,
        FaultKind::FutureCreatedAt, FaultKind::StaleCreatedAt, FaultKind::WrongUnit,
        FaultKind::WrongCurrency};
    for (FaultKind kind : kinds)
        profile.faults.push_back(ruleOf(kind, 0.04));
    profile.faults[0].status = 504;
    profile.faults[1].retryAfterSec = 1050;
    profile.faults[4].chunkBytes = 5;
    profile.faults[4].intervalMs = 7;
    profile.faults[5].afterBytes = 3;
    profile.faults[12].bodyBytes = 4096;
    profile.faults[13].factor = 100;
    profile.faults[16].shiftSec = 86'400;
    profile.faults[18].unit = QStringLiteral("bbl");
    profile.outage = {10, 30, true, OutageMode::Status503};

    const QByteArray json = profile.toJson();
    const FaultProfileResult result = FaultProfile::fromJson(json);
    QVERIFY2(std::holds_alternative<FaultProfile>(result), json.constData());
    QCOMPARE(std::get<FaultProfile>(result), profile);
    // Kinds are written by name, so a file stays readable and stable across releases.
    QVERIFY(json.contains("\"quota_exhausted\""));
    QVERIFY(json.contains("\"truncated_json\""));
    QVERIFY(json.contains("\"stale_created_at\""));
}

void TestFaultProfile::defaultsApply()
{
    const FaultProfile profile = parsed(R"({"faults":[{"kind":"hang"},{"kind":"slow_body","rate":0}]})");
    QCOMPARE(profile.name, QStringLiteral("custom"));
    QVERIFY(!profile.seed);
    QCOMPARE(profile.faults.at(0).rate, 1.0); // a rule without a rate always applies
    QCOMPARE(profile.faults.at(1).chunkBytes, 16);
    QCOMPARE(profile.faults.at(1).intervalMs, 100);
    QVERIFY(!profile.outage.enabled());
    QVERIFY(parsed("{}").isHealthy());
    QCOMPARE(parsed(R"({"latency":{"kind":"lognormal","median_ms":50}})").latency.sigma, 0.5);
}

void TestFaultProfile::rejectsBadInput_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("messagePart");
    QTest::addRow("not json") << QByteArray("{\"faults\": [") << "not valid JSON";
    QTest::addRow("array root") << QByteArray("[]") << "JSON object";
    QTest::addRow("unknown top field") << QByteArray(R"({"fautls":[]})") << "fautls: unknown field";
    QTest::addRow("empty name") << QByteArray(R"({"name":" "})") << "name:";
    QTest::addRow("fractional seed") << QByteArray(R"({"seed":1.5})") << "seed: must be a whole number";
    QTest::addRow("negative seed") << QByteArray(R"({"seed":-1})") << "seed:";
    QTest::addRow("faults not array") << QByteArray(R"({"faults":{}})") << "faults: must be an array";
    QTest::addRow("rule not object") << QByteArray(R"({"faults":[1]})") << "faults[0]: must be an object";
    QTest::addRow("missing kind") << QByteArray(R"({"faults":[{"rate":0.1}]})")
                                  << "faults[0].kind: is required";
    QTest::addRow("unknown kind") << QByteArray(R"({"faults":[{"kind":"explode"}]})")
                                  << "faults[0].kind: unknown kind \"explode\"";
    QTest::addRow("rate too high") << QByteArray(R"({"faults":[{"kind":"hang","rate":1.5}]})")
                                   << "faults[0].rate: must be a number from 0 to 1";
    QTest::addRow("rate as string") << QByteArray(R"({"faults":[{"kind":"hang","rate":"0.2"}]})")
                                    << "faults[0].rate";
    QTest::addRow("status missing") << QByteArray(R"({"faults":[{"kind":"status"}]})")
                                    << "faults[0].status: is required";
    QTest::addRow("status out of range")
        << QByteArray(R"({"faults":[{"kind":"hang"},{"kind":"status","status":42}]})")
        << "faults[1].status: must be a whole number from 200 to 599";
    QTest::addRow("field of another kind")
        << QByteArray(R"({"faults":[{"kind":"hang","status":500}]})") << "faults[0].status: unknown field";
    QTest::addRow("rates over one") << QByteArray(
        R"({"faults":[{"kind":"status","status":500,"rate":0.6},{"kind":"hang","rate":0.5}]})")
                                    << "faults: rates add up to 1.1";
    QTest::addRow("chunk zero") << QByteArray(R"({"faults":[{"kind":"slow_body","chunk_bytes":0}]})")
                                << "faults[0].chunk_bytes";
    QTest::addRow("huge too small") << QByteArray(R"({"faults":[{"kind":"huge_body","bytes":10}]})")
                                    << "faults[0].bytes";
    QTest::addRow("spike factor one")
        << QByteArray(R"({"faults":[{"kind":"spike","factor":1}]})") << "faults[0].factor: must not be 1";
    QTest::addRow("spike factor zero") << QByteArray(R"({"faults":[{"kind":"spike","factor":0}]})")
                                       << "faults[0].factor: must be a number from 0.001 to 1000";
    QTest::addRow("shift zero") << QByteArray(R"({"faults":[{"kind":"future_created_at","seconds":0}]})")
                                << "faults[0].seconds: must be a whole number from 1";
    QTest::addRow("shift too far") << QByteArray(R"({"faults":[{"kind":"stale_created_at","seconds":1e10}]})")
                                   << "faults[0].seconds";
    QTest::addRow("unit with a quote") << QByteArray(R"({"faults":[{"kind":"wrong_unit","unit":"a\"b"}]})")
                                       << "faults[0].unit: must be 1 to 32 characters";
    QTest::addRow("empty currency") << QByteArray(R"({"faults":[{"kind":"wrong_currency","currency":""}]})")
                                    << "faults[0].currency";
    QTest::addRow("factor on zero_price") << QByteArray(R"({"faults":[{"kind":"zero_price","factor":2}]})")
                                          << "faults[0].factor: unknown field";
    QTest::addRow("latency kind") << QByteArray(R"({"latency":{"kind":"gaussian"}})") << "latency.kind";
    QTest::addRow("latency fixed without ms")
        << QByteArray(R"({"latency":{"kind":"fixed"}})") << "latency.ms: is required";
    QTest::addRow("uniform reversed")
        << QByteArray(R"({"latency":{"kind":"uniform","min_ms":9,"max_ms":3}})") << "latency.max_ms";
    QTest::addRow("lognormal without median")
        << QByteArray(R"({"latency":{"kind":"lognormal"}})") << "latency.median_ms: is required";
    QTest::addRow("latency too long")
        << QByteArray(R"({"latency":{"kind":"fixed","ms":700000}})") << "latency.ms";
    QTest::addRow("outage down zero") << QByteArray(R"({"outage":{"down_s":0,"up_s":5}})") << "outage.down_s";
    QTest::addRow("outage needs up") << QByteArray(R"({"outage":{"down_s":5}})")
                                     << "outage.up_s: is required";
    QTest::addRow("outage mode") << QByteArray(R"({"outage":{"down_s":5,"up_s":5,"mode":"explode"}})")
                                 << "outage.mode";
    QTest::addRow("outage repeat") << QByteArray(R"({"outage":{"down_s":5,"up_s":5,"repeat":"yes"}})")
                                   << "outage.repeat";
    // Found by tests/fuzz/fuzz_faultprofile: a key with a line break made a two-line message.
    QTest::addRow("line break in an unknown key")
        << QByteArray("{\"faults\":[{\"kind\":\"hang\",\"ra\\nte\":1}]}")
        << "faults[0].ra\\u000ate: unknown field";
    QTest::addRow("escape sequence in an unknown key")
        << QByteArray("{\"\\u001b[2J\\u2028\":1}") << "\\u001b[2J\\u2028: unknown field";
}

void TestFaultProfile::rejectsBadInput()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, messagePart);
    const FaultProfileResult result = FaultProfile::fromJson(json);
    const auto* error = std::get_if<FaultProfileError>(&result);
    QVERIFY2(error, json.constData());
    QVERIFY2(error->message.contains(messagePart), qPrintable(error->message));
    QVERIFY(!error->message.contains(u'\n'));
}

void TestFaultProfile::resolvesNamesAndFiles()
{
    const FaultProfileResult builtin = FaultProfile::resolve(QStringLiteral("chaos"));
    QCOMPARE(std::get<FaultProfile>(builtin).name, QStringLiteral("chaos"));

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString good = dir.filePath(QStringLiteral("good.json"));
    QFile file(good);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"name":"from-file","faults":[{"kind":"close","rate":0.5}]})");
    file.close();
    const FaultProfileResult loaded = FaultProfile::resolve(good);
    QVERIFY(std::holds_alternative<FaultProfile>(loaded));
    QCOMPARE(std::get<FaultProfile>(loaded).name, QStringLiteral("from-file"));
    QCOMPARE(std::get<FaultProfile>(loaded).faults.at(0).kind, FaultKind::Close);

    const QString bad = dir.filePath(QStringLiteral("bad.json"));
    QFile badFile(bad);
    QVERIFY(badFile.open(QIODevice::WriteOnly));
    badFile.write(R"({"faults":[{"kind":"close","rate":2}]})");
    badFile.close();
    const FaultProfileResult failed = FaultProfile::resolve(bad);
    QVERIFY(std::holds_alternative<FaultProfileError>(failed));
    QVERIFY(std::get<FaultProfileError>(failed).message.startsWith(bad + ": faults[0].rate"));

    const FaultProfileResult missing = FaultProfile::resolve(dir.filePath(QStringLiteral("nope.json")));
    QVERIFY(
        std::get<FaultProfileError>(missing).message.contains(QStringLiteral("neither a built-in profile")));
    QVERIFY(std::get<FaultProfileError>(missing).message.contains(QStringLiteral("slowbody")));
}

void TestFaultProfile::healthyDecidesNothing()
{
    FaultInjector injector(*FaultProfile::builtin(u"healthy"), 1, 0);
    for (int i = 0; i < 100; ++i) {
        const FaultDecision decision = injector.decide(i * 1000);
        QCOMPARE(decision.latencyMs, 0);
        QVERIFY(!decision.rule);
        QVERIFY(!decision.outage);
    }
}

void TestFaultProfile::decisionsAreDeterministicForASeed()
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

void TestFaultProfile::ratesHoldOverManyRequests()
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

void TestFaultProfile::rulesAreExclusiveAndOrdered()
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

void TestFaultProfile::latencyDistributions()
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

void TestFaultProfile::repeatingOutageFollowsTheClock()
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

void TestFaultProfile::oneShotOutage()
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

void TestFaultProfile::outageCanReset()
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

void TestFaultProfile::reshapesBodies()
{
    const QByteArray original = latestResponse().body;
    QVERIFY(!QJsonDocument::fromJson(original).isNull());

    SimResponse response = latestResponse();
    response.status = 401;
    FaultInjector::reshapeBody(ruleOf(FaultKind::EmptyBody, 1), response);
    QCOMPARE(response.status, 200);
    QVERIFY(response.body.isEmpty());

    response = latestResponse();
    FaultInjector::reshapeBody(ruleOf(FaultKind::MalformedJson, 1), response);
    QVERIFY(response.body.startsWith(original.chopped(1)));
    QJsonParseError error {};
    QJsonDocument::fromJson(response.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);

    response = latestResponse();
    FaultInjector::reshapeBody(ruleOf(FaultKind::TruncatedJson, 1), response);
    QVERIFY(response.body.size() < original.size());
    QVERIFY(!response.body.isEmpty());
    QVERIFY(original.startsWith(response.body));
    QJsonDocument::fromJson(response.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);

    response = latestResponse();
    FaultInjector::reshapeBody(ruleOf(FaultKind::PriceString, 1), response);
    QJsonObject data = QJsonDocument::fromJson(response.body).object()["data"].toObject();
    QVERIFY(data["price"].isString());
    QCOMPARE(data["price"].toString(), QStringLiteral("62.5"));
    QCOMPARE(data["currency"].toString(), QStringLiteral("USD"));

    response = latestResponse();
    FaultInjector::reshapeBody(ruleOf(FaultKind::PriceNull, 1), response);
    data = QJsonDocument::fromJson(response.body).object()["data"].toObject();
    QVERIFY(data.contains(QStringLiteral("price")));
    QVERIFY(data["price"].isNull());

    // Several prices (a keyed map or a history page) all change.
    response.body = R"({"data":{"A":{"price":1.5,"x":1},"B":{"price":2}}})";
    FaultInjector::reshapeBody(ruleOf(FaultKind::PriceString, 1), response);
    QCOMPARE(response.body, QByteArray(R"({"data":{"A":{"price":"1.5","x":1},"B":{"price":"2"}}})"));

    // Connection-level kinds leave the body to the connection.
    response = latestResponse();
    FaultInjector::reshapeBody(ruleOf(FaultKind::Hang, 1), response);
    QCOMPARE(response.body, original);
}

void TestFaultProfile::hugeBodyIsPaddedValidJson()
{
    FaultRule rule = ruleOf(FaultKind::HugeBody, 1);
    QCOMPARE(rule.bodyBytes, qint64(8 * 1024 * 1024));
    rule.bodyBytes = 100'000;
    SimResponse response = latestResponse();
    response.status = 503;
    FaultInjector::reshapeBody(rule, response);
    QCOMPARE(response.status, 200);
    QCOMPARE(response.body.size(), qsizetype(100'000));
    const QJsonObject root = QJsonDocument::fromJson(response.body).object();
    QCOMPARE(root["data"].toObject()["code"].toString(), QStringLiteral("WTI_USD"));
    QCOMPARE(root["padding"].toString().size(), 100'000 - latestResponse().body.size() - 13);

    rule.bodyBytes = 64; // smaller than the answer: padding only, still the size asked for
    response = latestResponse();
    FaultInjector::reshapeBody(rule, response);
    QCOMPARE(response.body.size(), qsizetype(64));
    QVERIFY(!QJsonDocument::fromJson(response.body).isNull());
}

void TestFaultProfile::badDataRewritesEveryRecord_data()
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

void TestFaultProfile::badDataRewritesEveryRecord()
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
    FaultInjector::reshapeBody(ruleOf(FaultKind(kind), 1), response);
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

void TestFaultProfile::badDataParameters()
{
    SimResponse response = latestResponse();
    FaultRule spike = ruleOf(FaultKind::Spike, 1);
    spike.factor = 0.01;
    FaultInjector::reshapeBody(spike, response);
    QCOMPARE(QJsonDocument::fromJson(response.body).object()["data"].toObject()["price"].toDouble(), 0.625);

    response.body = R"({"data":{"code":"WTI_USD","price":1,"unit":"barrel","currency":"USD"}})";
    FaultRule unit = ruleOf(FaultKind::WrongUnit, 1);
    unit.unit = QStringLiteral("litre");
    FaultInjector::reshapeBody(unit, response);
    FaultRule currency = ruleOf(FaultKind::WrongCurrency, 1);
    currency.currency = QStringLiteral("GBP");
    FaultInjector::reshapeBody(currency, response);
    QCOMPARE(response.body,
        QByteArray(R"({"data":{"code":"WTI_USD","price":1,"unit":"litre","currency":"GBP"}})"));

    // The defaults: an hour ahead, thirty days back.
    QCOMPARE(ruleOf(FaultKind::FutureCreatedAt, 1).shiftSeconds(), qint64(3600));
    QCOMPARE(ruleOf(FaultKind::StaleCreatedAt, 1).shiftSeconds(), qint64(30 * 86'400));
    FaultRule shifted = ruleOf(FaultKind::FutureCreatedAt, 1);
    shifted.shiftSec = 90;
    response.body = R"({"data":{"created_at":"2026-01-01T23:59:00.000Z"}})";
    FaultInjector::reshapeBody(shifted, response);
    QCOMPARE(response.body, QByteArray(R"({"data":{"created_at":"2026-01-02T00:00:30.000Z"}})"));
    // Not a time: left alone rather than invented.
    response.body = R"({"data":{"created_at":"yesterday"}})";
    FaultInjector::reshapeBody(shifted, response);
    QCOMPARE(response.body, QByteArray(R"({"data":{"created_at":"yesterday"}})"));
}

QTEST_GUILESS_MAIN(TestFaultProfile)
#include "tst_faultprofile.moc"
