#include "resilience/resiliencesettings.h"

#include <QJsonDocument>
#include <QTest>

using namespace oilwatch::resilience;

namespace {

QJsonObject parse(const QByteArray& json)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qFatal("bad test JSON: %s", json.constData());
    return document.object();
}

QString errorText(const QList<SettingsError>& errors)
{
    QStringList lines;
    for (const SettingsError& error : errors)
        lines << error.key + QStringLiteral(": ") + error.message;
    return lines.join(QStringLiteral("; "));
}

} // namespace

class TestResilienceSettings : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaultsInJson()
    {
        const QJsonObject json = ResilienceSettings().toJson();
        const QJsonObject expected = parse(R"({
            "timeouts": {"attemptMs": 10000, "totalMs": 30000},
            "retry": {"maxAttempts": 4, "jitter": "full", "baseMs": 500, "capMs": 30000,
                      "maxRetryAfterMs": 60000},
            "budget": {"enabled": true, "capacity": 500, "retryCost": 5, "timeoutRetryCost": 10,
                       "successRefund": 1},
            "breaker": {"windowMs": 60000, "minimumCalls": 5, "failureRateThreshold": 50,
                        "consecutiveFailureThreshold": 5, "slowCallDurationMs": 5000,
                        "slowCallRateThreshold": 100, "openBaseMs": 5000, "openMultiplier": 2,
                        "openMaxMs": 300000, "halfOpenProbes": 2},
            "limiter": {"maxInFlight": 8, "maxQueued": 256}
        })");
        QCOMPARE(json, expected);
    }

    void roundTripDefaults()
    {
        const SettingsParseResult result = settingsFromJson(ResilienceSettings().toJson());
        QVERIFY2(result.ok(), qPrintable(errorText(result.errors)));
        QVERIFY(result.settings == ResilienceSettings());
    }

    void roundTripEveryFieldChanged()
    {
        ResilienceSettings s;
        s.timeouts = {2'500, 12'000};
        s.retry.maxAttempts = 6;
        s.retry.backoff = {JitterKind::Decorrelated, 250, 20'000};
        s.retry.maxRetryAfterMs = 45'000;
        s.budget = {false, 100, 3, 7, 2};
        s.breaker.windowMs = 30'000;
        s.breaker.minimumCalls = 12;
        s.breaker.failureRateThreshold = 37.5;
        s.breaker.consecutiveFailureThreshold = 0;
        s.breaker.slowCallDurationMs = 2500;
        s.breaker.slowCallRateThreshold = 80;
        s.breaker.openBaseMs = 1000;
        s.breaker.openMultiplier = 1.5;
        s.breaker.openMaxMs = 60'000;
        s.breaker.halfOpenProbes = 4;
        s.limiter = {3, 17};
        QVERIFY(!(s == ResilienceSettings()));
        const QByteArray text = QJsonDocument(s.toJson()).toJson();
        const SettingsParseResult result = settingsFromJson(QJsonDocument::fromJson(text).object());
        QVERIFY2(result.ok(), qPrintable(errorText(result.errors)));
        QVERIFY(result.settings == s);
        QCOMPARE(result.settings.retry.backoff.jitter, JitterKind::Decorrelated);
        QCOMPARE(result.settings.breaker.failureRateThreshold, 37.5);
        QCOMPARE(result.settings.limiter.maxQueued, 17);
    }

    void missingKeysKeepDefaults()
    {
        const SettingsParseResult result = settingsFromJson(parse(R"({"breaker": {"minimumCalls": 10}})"));
        QVERIFY(result.ok());
        ResilienceSettings expected;
        expected.breaker.minimumCalls = 10;
        QVERIFY(result.settings == expected);
        QVERIFY(settingsFromJson(QJsonObject()).settings == ResilienceSettings());
    }

    // Every row holds one bad value: it is reported under its key and the default is kept.
    void badValues_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("messagePart");

        QTest::addRow("attempts zero") << QByteArray(R"({"retry":{"maxAttempts":0}})") << "retry.maxAttempts"
                                       << "[1, 10], got 0";
        QTest::addRow("attempts too many")
            << QByteArray(R"({"retry":{"maxAttempts":11}})") << "retry.maxAttempts"
            << "got 11";
        QTest::addRow("attempts fraction")
            << QByteArray(R"({"retry":{"maxAttempts":2.5}})") << "retry.maxAttempts"
            << "whole number";
        QTest::addRow("attempts as text")
            << QByteArray(R"({"retry":{"maxAttempts":"4"}})") << "retry.maxAttempts"
            << "got \"4\"";
        QTest::addRow("attempts null")
            << QByteArray(R"({"retry":{"maxAttempts":null}})") << "retry.maxAttempts"
            << "got null";
        QTest::addRow("unknown jitter") << QByteArray(R"({"retry":{"jitter":"gaussian"}})") << "retry.jitter"
                                        << "got \"gaussian\"";
        QTest::addRow("jitter as number") << QByteArray(R"({"retry":{"jitter":1}})") << "retry.jitter"
                                          << "got 1";
        QTest::addRow("negative base") << QByteArray(R"({"retry":{"baseMs":-1}})") << "retry.baseMs"
                                       << "got -1";
        QTest::addRow("cap below base")
            << QByteArray(R"({"retry":{"baseMs":1000,"capMs":999}})") << "retry.capMs"
            << "below baseMs";
        QTest::addRow("retry-after negative")
            << QByteArray(R"({"retry":{"maxRetryAfterMs":-1}})") << "retry.maxRetryAfterMs"
            << "got -1";
        QTest::addRow("capacity zero") << QByteArray(R"({"budget":{"capacity":0}})") << "budget.capacity"
                                       << "got 0";
        QTest::addRow("enabled as text") << QByteArray(R"({"budget":{"enabled":"yes"}})") << "budget.enabled"
                                         << "true or false";
        QTest::addRow("negative cost") << QByteArray(R"({"budget":{"retryCost":-5}})") << "budget.retryCost"
                                       << "got -5";
        QTest::addRow("rate zero") << QByteArray(R"({"breaker":{"failureRateThreshold":0}})")
                                   << "breaker.failureRateThreshold"
                                   << "(0, 100]";
        QTest::addRow("rate over 100")
            << QByteArray(R"({"breaker":{"failureRateThreshold":150}})") << "breaker.failureRateThreshold"
            << "got 150";
        QTest::addRow("rate as text")
            << QByteArray(R"({"breaker":{"slowCallRateThreshold":"50"}})") << "breaker.slowCallRateThreshold"
            << "got \"50\"";
        QTest::addRow("window too short")
            << QByteArray(R"({"breaker":{"windowMs":500}})") << "breaker.windowMs"
            << "got 500";
        QTest::addRow("no probes") << QByteArray(R"({"breaker":{"halfOpenProbes":0}})")
                                   << "breaker.halfOpenProbes"
                                   << "got 0";
        QTest::addRow("shrinking open")
            << QByteArray(R"({"breaker":{"openMultiplier":0.5}})") << "breaker.openMultiplier"
            << "got 0.5";
        QTest::addRow("open max below base")
            << QByteArray(R"({"breaker":{"openBaseMs":10000,"openMaxMs":5000}})") << "breaker.openMaxMs"
            << "below openBaseMs";
        QTest::addRow("minimum calls zero")
            << QByteArray(R"({"breaker":{"minimumCalls":0}})") << "breaker.minimumCalls"
            << "got 0";
        QTest::addRow("in flight zero")
            << QByteArray(R"({"limiter":{"maxInFlight":0}})") << "limiter.maxInFlight"
            << "got 0";
        QTest::addRow("queue negative")
            << QByteArray(R"({"limiter":{"maxQueued":-1}})") << "limiter.maxQueued"
            << "got -1";
        QTest::addRow("huge number") << QByteArray(R"({"limiter":{"maxQueued":1e300}})")
                                     << "limiter.maxQueued"
                                     << "whole number";
        QTest::addRow("section not an object") << QByteArray(R"({"retry":5})") << "retry"
                                               << "must be an object";
        QTest::addRow("typo in a key") << QByteArray(R"({"retry":{"maxAtempts":3}})") << "retry.maxAtempts"
                                       << "unknown key";
        QTest::addRow("typo in a section") << QByteArray(R"({"breakr":{}})") << "breakr"
                                           << "unknown key";
    }

    void badValues()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, key);
        QFETCH(QString, messagePart);
        const SettingsParseResult result = settingsFromJson(parse(json));
        QCOMPARE(result.errors.size(), 1);
        QCOMPARE(result.errors.first().key, key);
        QVERIFY2(
            result.errors.first().message.contains(messagePart), qPrintable(result.errors.first().message));
        // The bad value did not get in. For the cross-field checks the other, valid field does, and the
        // corrected one is the larger of its default and that field.
        ResilienceSettings expected;
        if (key == QLatin1String("retry.capMs"))
            expected.retry.backoff.baseMs = 1000;
        if (key == QLatin1String("breaker.openMaxMs"))
            expected.breaker.openBaseMs = 10'000;
        QVERIFY2(result.settings == expected, QJsonDocument(result.settings.toJson()).toJson().constData());
    }

    void goodValuesSurviveBadNeighbours()
    {
        const SettingsParseResult result = settingsFromJson(parse(
            R"({"retry":{"maxAttempts":2,"baseMs":"fast"},"limiter":{"maxInFlight":3,"maxQueued":-4}})"));
        QCOMPARE(result.errors.size(), 2);
        QCOMPARE(result.settings.retry.maxAttempts, 2);
        QCOMPARE(result.settings.retry.backoff.baseMs, 500);
        QCOMPARE(result.settings.limiter.maxInFlight, 3);
        QCOMPARE(result.settings.limiter.maxQueued, 256);
    }

    void everyJitterNameIsAccepted_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addRow("full") << "full" << int(JitterKind::Full);
        QTest::addRow("equal") << "equal" << int(JitterKind::Equal);
        QTest::addRow("decorrelated") << "decorrelated" << int(JitterKind::Decorrelated);
        QTest::addRow("none") << "none" << int(JitterKind::None);
        QTest::addRow("python") << "python_sdk_reference" << int(JitterKind::PythonSdkReference);
    }

    void everyJitterNameIsAccepted()
    {
        QFETCH(QString, name);
        QFETCH(int, kind);
        const SettingsParseResult result
            = settingsFromJson(QJsonObject {{"retry", QJsonObject {{"jitter", name}}}});
        QVERIFY(result.ok());
        QCOMPARE(int(result.settings.retry.backoff.jitter), kind);
    }
};

QTEST_GUILESS_MAIN(TestResilienceSettings)
#include "tst_resiliencesettings.moc"
