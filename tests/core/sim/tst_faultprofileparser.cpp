// FaultProfile::fromJson (core/sim/faultprofileparser.cpp).
#include "sim/faultinjector.h"
#include "sim/faultprofile.h"
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

class TestFaultProfileParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryField();
    void defaultsApply();
    void rejectsBadInput_data();
    void rejectsBadInput();
};

void TestFaultProfileParser::parsesEveryField()
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

void TestFaultProfileParser::defaultsApply()
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

void TestFaultProfileParser::rejectsBadInput_data()
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

void TestFaultProfileParser::rejectsBadInput()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, messagePart);
    const FaultProfileResult result = FaultProfile::fromJson(json);
    const auto* error = std::get_if<FaultProfileError>(&result);
    QVERIFY2(error, json.constData());
    QVERIFY2(error->message.contains(messagePart), qPrintable(error->message));
    QVERIFY(!error->message.contains(u'\n'));
}

QTEST_GUILESS_MAIN(TestFaultProfileParser)
#include "tst_faultprofileparser.moc"
