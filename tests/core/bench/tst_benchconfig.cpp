#include "bench/benchconfig.h"

#include <functional>

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace oilwatch::bench;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(oilwatch::bench::BenchConfig)

namespace {

constexpr char kKey[] = "opa_live_0123456789abcdefSECRET";

BenchConfig with(const std::function<void(BenchConfig&)>& change)
{
    BenchConfig config;
    change(config);
    return config;
}

} // namespace

class TestBenchConfig : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names()
    {
        QCOMPARE(targetKindName(TargetKind::Simulator), QStringLiteral("sim"));
        QCOMPARE(targetKindName(TargetKind::LiveApi), QStringLiteral("live"));
        QCOMPARE(targetKindName(TargetKind::Url), QStringLiteral("url"));
        QCOMPARE(loadModelName(LoadModel::Closed), QStringLiteral("closed"));
        QCOMPARE(loadModelName(LoadModel::Open), QStringLiteral("open"));
        QCOMPARE(engineKindName(EngineKind::Raw), QStringLiteral("raw"));
        QCOMPARE(engineKindName(EngineKind::Pipeline), QStringLiteral("pipeline"));
    }

    void validate_data()
    {
        QTest::addColumn<BenchConfig>("config");
        QTest::addColumn<QString>("problem"); // a part of the message; empty: valid

        QTest::newRow("defaults") << BenchConfig() << QString();
        QTest::newRow("concurrency 1") << with([](BenchConfig& c) { c.concurrency = 1; }) << QString();
        QTest::newRow("concurrency 10000")
            << with([](BenchConfig& c) { c.concurrency = 10'000; }) << QString();
        QTest::newRow("concurrency 0") << with([](BenchConfig& c) { c.concurrency = 0; })
                                       << QStringLiteral("Concurrency must be between 1 and 10000 (it is 0)");
        QTest::newRow("concurrency 10001") << with([](BenchConfig& c) { c.concurrency = 10'001; })
                                           << QStringLiteral("Concurrency must be between 1 and 10000");
        QTest::newRow("open without rate")
            << with([](BenchConfig& c) { c.model = LoadModel::Open; }) << QStringLiteral("rate above 0");
        QTest::newRow("open with negative rate") << with([](BenchConfig& c) {
            c.model = LoadModel::Open;
            c.ratePerSec = -3;
        }) << QStringLiteral("rate above 0");
        QTest::newRow("open with infinite rate") << with([](BenchConfig& c) {
            c.model = LoadModel::Open;
            c.ratePerSec = std::numeric_limits<double>::infinity();
        }) << QStringLiteral("rate above 0");
        QTest::newRow("open with rate") << with([](BenchConfig& c) {
            c.model = LoadModel::Open;
            c.ratePerSec = 0.5;
        }) << QString();
        QTest::newRow("closed ignores rate") << with([](BenchConfig& c) { c.ratePerSec = -1; }) << QString();
        QTest::newRow("neither duration nor count")
            << with([](BenchConfig& c) { c.duration.reset(); })
            << QStringLiteral("Set a duration or a number of requests");
        QTest::newRow("count only") << with([](BenchConfig& c) {
            c.duration.reset();
            c.requestCount = 100;
        }) << QString();
        QTest::newRow("count 0") << with([](BenchConfig& c) { c.requestCount = 0; })
                                 << QStringLiteral("number of requests must be at least 1 (it is 0)");
        QTest::newRow("duration 0") << with([](BenchConfig& c) { c.duration = 0ms; })
                                    << QStringLiteral("duration must be above 0 ms");
        QTest::newRow("duration 0 but a count") << with([](BenchConfig& c) {
            c.duration = 0ms;
            c.requestCount = 5;
        }) << QString();
        QTest::newRow("negative warm-up") << with([](BenchConfig& c) { c.warmup = -1ms; })
                                          << QStringLiteral("warm-up cannot be negative (it is -1 ms)");
        QTest::newRow("zero timeout") << with([](BenchConfig& c) { c.requestTimeout = 0ms; })
                                      << QStringLiteral("request timeout must be above 0 ms");
        QTest::newRow("negative threads")
            << with([](BenchConfig& c) { c.threads = -1; }) << QStringLiteral("Threads must be between 0");
        QTest::newRow("url http") << with([](BenchConfig& c) {
            c.target = TargetKind::Url;
            c.url = QUrl(QStringLiteral("http://127.0.0.1:8080/x"));
        }) << QString();
        QTest::newRow("url https") << with([](BenchConfig& c) {
            c.target = TargetKind::Url;
            c.url = QUrl(QStringLiteral("HTTPS://example.com"));
        }) << QString();
        QTest::newRow("url ftp") << with([](BenchConfig& c) {
            c.target = TargetKind::Url;
            c.url = QUrl(QStringLiteral("ftp://example.com/file"));
        }) << QStringLiteral("must start with http:// or https:// (it is \"ftp://example.com/file\")");
        QTest::newRow("url empty") << with([](BenchConfig& c) { c.target = TargetKind::Url; })
                                   << QStringLiteral("must start with http:// or https://");
        QTest::newRow("url without host") << with([](BenchConfig& c) {
            c.target = TargetKind::Url;
            c.url = QUrl(QStringLiteral("http:///path"));
        }) << QStringLiteral("The URL has no host");
        QTest::newRow("endpoint without slash")
            << with([](BenchConfig& c) { c.endpoint = QStringLiteral("v1"); })
            << QStringLiteral("endpoint must start with \"/\"");
        QTest::newRow("live without key") << with([](BenchConfig& c) { c.target = TargetKind::LiveApi; })
                                          << QStringLiteral("live API needs an API key");
        QTest::newRow("live with blank key") << with([](BenchConfig& c) {
            c.target = TargetKind::LiveApi;
            c.apiKey = "   ";
        }) << QStringLiteral("live API needs an API key");
        QTest::newRow("live with key") << with([](BenchConfig& c) {
            c.target = TargetKind::LiveApi;
            c.apiKey = kKey;
        }) << QString();
        QTest::newRow("insecure url") << with([](BenchConfig& c) {
            c.target = TargetKind::Url;
            c.url = QUrl(QStringLiteral("https://127.0.0.1:8443/x"));
            c.insecure = true;
        }) << QString();
        QTest::newRow("insecure live") << with([](BenchConfig& c) {
            c.target = TargetKind::LiveApi;
            c.apiKey = kKey;
            c.insecure = true;
        }) << QStringLiteral("the live API always verifies its certificate");
        QTest::newRow("sim without profile") << with([](BenchConfig& c) { c.faultProfile.clear(); })
                                             << QStringLiteral("needs a fault profile");
    }
    void validate()
    {
        QFETCH(BenchConfig, config);
        QFETCH(QString, problem);
        const std::optional<QString> message = config.validate();
        if (problem.isEmpty()) {
            QVERIFY2(!message, qPrintable(message.value_or(QString())));
            return;
        }
        QVERIFY(message);
        QVERIFY2(message->contains(problem), qPrintable(*message));
        QVERIFY(!message->contains(QLatin1Char('\n')));
    }

    void aUrlMessageNeverShowsTheKey()
    {
        BenchConfig config;
        config.target = TargetKind::Url;
        config.apiKey = kKey;
        config.url = QUrl(QStringLiteral("ftp://user:pw@example.com/?api_key=%1").arg(QLatin1String(kKey)));
        const std::optional<QString> message = config.validate();
        QVERIFY(message);
        QVERIFY2(!message->contains(QLatin1String(kKey)), qPrintable(*message));
        QVERIFY(!message->contains(QLatin1String("pw@")));
    }

    void redactedMasksTheKeyAndCredentials()
    {
        BenchConfig config;
        config.apiKey = kKey;
        const QString text = QStringLiteral("https://bob:hunter2@example.com/x?a=1&token=abc123 kind-%1")
                                 .arg(QLatin1String(kKey));
        const QString out = config.redacted(text);
        QVERIFY2(!out.contains(QLatin1String(kKey)), qPrintable(out));
        QVERIFY2(
            !out.contains(QLatin1String("hunter2")) && !out.contains(QLatin1String("bob")), qPrintable(out));
        QVERIFY2(!out.contains(QLatin1String("abc123")), qPrintable(out));
        QVERIFY2(out.startsWith(QLatin1String("https://example.com/x?a=1&token=")), qPrintable(out));
        QCOMPARE(config.redacted(QStringLiteral("timeout")), QStringLiteral("timeout"));
        QCOMPARE(config.redacted(QStringLiteral("mailto:a@b.c")), QStringLiteral("mailto:a@b.c"));
    }

    void plannedRequests_data()
    {
        QTest::addColumn<BenchConfig>("config");
        QTest::addColumn<qint64>("planned");
        QTest::newRow("closed with duration") << BenchConfig() << qint64(-1);
        QTest::newRow("closed with count")
            << with([](BenchConfig& c) { c.requestCount = 250; }) << qint64(250);
        QTest::newRow("closed with count and warm-up") << with([](BenchConfig& c) {
            c.requestCount = 250;
            c.warmup = 1s;
        }) << qint64(-1);
        QTest::newRow("open 1000/s for 10 s") << with([](BenchConfig& c) {
            c.model = LoadModel::Open;
            c.ratePerSec = 1000;
        }) << qint64(10'000);
        QTest::newRow("open 3/s for 1.5 s, 2 s warm-up") << with([](BenchConfig& c) {
            c.model = LoadModel::Open;
            c.ratePerSec = 3;
            c.duration = 1500ms;
            c.warmup = 2s;
        }) << qint64(5 + 6);
        QTest::newRow("open 0.1/s for 1 s") << with([](BenchConfig& c) {
            c.model = LoadModel::Open;
            c.ratePerSec = 0.1;
            c.duration = 1s;
        }) << qint64(1);
        QTest::newRow("open with count and warm-up") << with([](BenchConfig& c) {
            c.model = LoadModel::Open;
            c.ratePerSec = 100;
            c.requestCount = 42;
            c.warmup = 500ms;
        }) << qint64(42 + 50);
        QTest::newRow("open without rate")
            << with([](BenchConfig& c) { c.model = LoadModel::Open; }) << qint64(-1);
    }
    void plannedRequests()
    {
        QFETCH(BenchConfig, config);
        QFETCH(qint64, planned);
        QCOMPARE(config.plannedRequests(), planned);
    }

    void jsonHasTheSettingsAndNeverTheKey()
    {
        BenchConfig config;
        config.target = TargetKind::Url;
        config.url
            = QUrl(QStringLiteral("https://user:secretpw@example.com/v1?token=%1").arg(QLatin1String(kKey)));
        config.apiKey = kKey;
        config.model = LoadModel::Open;
        config.ratePerSec = 250;
        config.concurrency = 8;
        config.requestCount = 1000;
        config.warmup = 2s;
        config.engine = EngineKind::Pipeline;
        config.codes = {QStringLiteral("WTI_USD"), QStringLiteral("BRENT_CRUDE_USD")};
        config.insecure = true;
        const QJsonObject json = config.toJson();
        QCOMPARE(json.value(QStringLiteral("insecure")), QJsonValue(true));
        QCOMPARE(json.value(QStringLiteral("target")).toString(), QStringLiteral("url"));
        QCOMPARE(json.value(QStringLiteral("model")).toString(), QStringLiteral("open"));
        QCOMPARE(json.value(QStringLiteral("engine")).toString(), QStringLiteral("pipeline"));
        QCOMPARE(json.value(QStringLiteral("rate_per_sec")).toDouble(), 250.0);
        QCOMPARE(json.value(QStringLiteral("concurrency")).toInt(), 8);
        QCOMPARE(json.value(QStringLiteral("request_count")).toInteger(), 1000);
        QVERIFY(json.value(QStringLiteral("duration_ms")).isNull()); // a count replaces the duration
        QCOMPARE(json.value(QStringLiteral("warmup_ms")).toInteger(), 2000);
        QCOMPARE(json.value(QStringLiteral("codes")).toArray().size(), 2);
        QVERIFY(
            json.value(QStringLiteral("url")).toString().startsWith(QLatin1String("https://example.com/v1")));

        const QByteArray text = QJsonDocument(json).toJson();
        QVERIFY2(!text.contains(kKey), text.constData());
        QVERIFY2(!text.contains("secretpw"), text.constData());
        QVERIFY(!text.contains("api_key"));
    }

    void closedModelExportsNoRate()
    {
        const QJsonObject json = BenchConfig().toJson();
        QVERIFY(json.value(QStringLiteral("rate_per_sec")).isNull());
        QCOMPARE(json.value(QStringLiteral("duration_ms")).toInteger(), 10'000);
        QCOMPARE(json.value(QStringLiteral("fault_profile")).toString(), QStringLiteral("healthy"));
        QCOMPARE(json.value(QStringLiteral("insecure")), QJsonValue(false));
        QCOMPARE(json.value(QStringLiteral("endpoint")).toString(), QStringLiteral("/v1/prices/latest"));
    }
};

QTEST_APPLESS_MAIN(TestBenchConfig)
#include "tst_benchconfig.moc"
