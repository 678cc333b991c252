// A run handed to k6: the script's options follow the run (closed → constant-vus or shared-iterations, open →
// constant-arrival-rate, the warm-up left out of the thresholds), its thresholds are the run's p95/p99, the
// key is read from the environment and never written, and node parses the result as JavaScript. k6's
// --summary-export read back, in both of its shapes, and refused with a reason when it is not one.
#include "bench/k6export.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch::bench;

namespace {

BenchResult runOf(BenchConfig config)
{
    BenchResult result;
    result.config = std::move(config);
    result.context
        = RunContext::current(QStringLiteral("https://api.example.com/v1/prices/latest?by_code=WTI_USD"),
            QDateTime::currentDateTimeUtc());
    for (int i = 1; i <= 1000; ++i)
        result.success.record(qint64(i) * 100); // 0.1 .. 100 ms
    result.completed = 1010;
    result.errors = 10;
    return result;
}

// node --check: the script is valid JavaScript (an ES module).
QString nodeCheck(const QByteArray& script)
{
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        return QStringLiteral("node is not installed (packaging/debian-build-deps.txt lists nodejs)");
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("bench.mjs")));
    if (!file.open(QIODevice::WriteOnly) || file.write(script) != script.size())
        return QStringLiteral("cannot write the script");
    file.close();
    QProcess process;
    process.start(node, {QStringLiteral("--check"), file.fileName()});
    if (!process.waitForFinished(30'000))
        return QStringLiteral("node did not finish");
    return process.exitCode() == 0 ? QString() : QString::fromUtf8(process.readAllStandardError());
}

} // namespace

class TestK6Export : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theClosedModelIsConstantVusWithTheRunsThresholds()
    {
        BenchConfig config;
        config.target = TargetKind::Url;
        config.url = QUrl(QStringLiteral("https://api.example.com/v1/prices/latest?by_code=WTI_USD"));
        config.apiKey = "opa_live_secret_2718";
        config.concurrency = 16;
        config.duration = std::chrono::seconds(30);
        const BenchResult result = runOf(config);
        const QByteArray script = k6::script(result);
        QVERIFY2(nodeCheck(script).isEmpty(), qPrintable(nodeCheck(script)));
        QVERIFY(script.contains("executor: 'constant-vus'"));
        QVERIFY(script.contains("vus: 16"));
        QVERIFY(script.contains("duration: '30s'"));
        const QString p95
            = QString::number(std::ceil(double(result.success.valueAtPercentile(95)) / 100.0) / 10.0);
        const QString p99
            = QString::number(std::ceil(double(result.success.valueAtPercentile(99)) / 100.0) / 10.0);
        QVERIFY2(
            script.contains(
                QStringLiteral("'http_req_duration': ['p(95)<=%1', 'p(99)<=%2']").arg(p95, p99).toUtf8()),
            script.constData());
        QVERIFY(script.contains("'http_req_failed': ['rate<=0.00990099"));
        QVERIFY(script.contains("\"https://api.example.com/v1/prices/latest?by_code=WTI_USD\""));
        QVERIFY(script.contains("__ENV.OILPRICEAPI_KEY"));
        QVERIFY(!script.contains("opa_live_secret_2718"));
    }

    void theOpenModelIsConstantArrivalRateAndTheWarmupIsLeftOut()
    {
        BenchConfig config;
        config.target = TargetKind::LiveApi;
        config.apiKey = "opa_live_secret_2718";
        config.model = LoadModel::Open;
        config.ratePerSec = 250;
        config.concurrency = 64;
        config.duration = std::chrono::seconds(20);
        config.warmup = std::chrono::seconds(5);
        const QByteArray script = k6::script(runOf(config));
        QVERIFY2(nodeCheck(script).isEmpty(), qPrintable(nodeCheck(script)));
        QCOMPARE(script.count("executor: 'constant-arrival-rate'"), 2);
        QVERIFY(script.contains("rate: 250"));
        QVERIFY(script.contains("maxVUs: 64"));
        QVERIFY(script.contains("    warmup: {"));
        QVERIFY(script.contains("startTime: '5s'"));
        QVERIFY(script.contains("'http_req_duration{scenario:measured}'"));
        QVERIFY(!script.contains("opa_live_secret_2718"));
    }

    void aRequestCountIsSharedIterations()
    {
        BenchConfig config;
        config.target = TargetKind::Url;
        config.url = QUrl(QStringLiteral("http://127.0.0.1:9/health"));
        config.requestCount = 5000;
        config.concurrency = 8;
        const QByteArray script = k6::script(runOf(config));
        QVERIFY2(nodeCheck(script).isEmpty(), qPrintable(nodeCheck(script)));
        QVERIFY(script.contains("executor: 'shared-iterations'"));
        QVERIFY(script.contains("iterations: 5000"));
        QVERIFY(!script.contains("Authorization")); // a URL run without a key sends none
    }

    void aSimulatorRunTargetsOilwatchSimWithItsProfile()
    {
        BenchConfig config;
        config.faultProfile = QStringLiteral("flaky");
        const QByteArray script = k6::script(runOf(config));
        QVERIFY2(nodeCheck(script).isEmpty(), qPrintable(nodeCheck(script)));
        QVERIFY(script.contains("oilwatch sim --port 8080 --faults flaky"));
        QVERIFY(script.contains("\"http://127.0.0.1:8080/v1/prices/latest?by_code=WTI_USD\""));
    }

    // The two shapes k6 has written: the statistics at the top of the metric (--summary-export), or under
    // "values" (handleSummary's data).
    void aSummaryIsReadBack_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("summary-export") << QByteArray(
            R"k6({"metrics":{"http_req_duration":{"avg":12.5,"min":1.25,"med":10,"max":240,"p(90)":20,)k6"
            R"k6("p(95)":31.5,"p(99)":80,"p(99.9)":200},"http_reqs":{"count":4000,"rate":199.9},)k6"
            R"k6("http_req_failed":{"passes":8,"fails":3992,"value":0.002}}})k6");
        QTest::newRow("values") << QByteArray(
            R"k6({"metrics":{"http_req_duration":{"type":"trend","contains":"time","values":{"avg":12.5,)k6"
            R"k6("min":1.25,"med":10,"max":240,"p(90)":20,"p(95)":31.5,"p(99)":80,"p(99.9)":200}},)k6"
            R"k6("http_reqs":{"type":"counter","values":{"count":4000,"rate":199.9}},)k6"
            R"k6("http_req_failed":{"type":"rate","values":{"rate":0.002,"passes":8,"fails":3992}}}})k6");
    }

    void aSummaryIsReadBack()
    {
        QFETCH(QByteArray, json);
        const auto parsed = k6::parseSummary(json);
        QVERIFY(std::holds_alternative<k6::Summary>(parsed));
        const k6::Summary& summary = std::get<k6::Summary>(parsed);
        const QList<std::pair<double, double>> expected {
            {0, 1.25}, {50, 10}, {90, 20}, {95, 31.5}, {99, 80}, {99.9, 200}, {100, 240}};
        QCOMPARE(summary.points.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(summary.points[i].percentile, expected[i].first);
            QCOMPARE(summary.points[i].ms, expected[i].second);
        }
        QCOMPARE(summary.avgMs, 12.5);
        QCOMPARE(summary.requests, qint64(4000));
        QCOMPARE(summary.ratePerSec, 199.9);
        QCOMPARE(summary.failedRate, 0.002);
    }

    void notASummaryIsRefusedWithAReason_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("said");
        QTest::newRow("not JSON") << QByteArray("{\"metrics\":") << "not JSON";
        QTest::newRow("no durations")
            << QByteArray(R"k6({"metrics":{"http_reqs":{"count":1}}})k6") << "not a k6";
        QTest::newRow("no percentile")
            << QByteArray(R"k6({"metrics":{"http_req_duration":{"avg":"x"}}})k6") << "no percentile";
    }

    void notASummaryIsRefusedWithAReason()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, said);
        const auto parsed = k6::parseSummary(json);
        QVERIFY(std::holds_alternative<k6::SummaryError>(parsed));
        QVERIFY2(std::get<k6::SummaryError>(parsed).message.contains(said),
            qPrintable(std::get<k6::SummaryError>(parsed).message));
    }
};

QTEST_GUILESS_MAIN(TestK6Export)
#include "tst_k6export.moc"
