#include "bench/benchrun.h"
#include "bench/httpresponsereader.h"
#include "sim/simserver.h"
#include "support/tlstestserver.h"
#include "util/threadpriority.h"

#include <memory>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using oilwatch::bench::BenchConfig;
using oilwatch::bench::BenchProgress;
using oilwatch::bench::BenchResult;
using oilwatch::bench::BenchRun;
using oilwatch::bench::EngineKind;
using oilwatch::bench::HttpResponseReader;
using oilwatch::bench::LoadModel;
using oilwatch::bench::TargetKind;
using oilwatch::sim::FaultSettings;
using oilwatch::sim::SimServer;
using oilwatch::testing::TlsTestServer;
using namespace std::chrono_literals;

namespace {

constexpr int kRunTimeoutMs = 60'000;

// Feeds a response in pieces of `step` bytes and says how many bytes the reader took.
qsizetype feedInSteps(HttpResponseReader& reader, QByteArrayView bytes, qsizetype step)
{
    qsizetype used = 0;
    while (used < bytes.size() && !reader.isComplete() && !reader.hasError())
        used += reader.consume(bytes.sliced(used, std::min(step, bytes.size() - used)));
    return used;
}

// The nice value of every thread of this process named `name` (Linux: /proc/self/task), or none.
QList<int> niceOfThreadsNamed(const QString& name)
{
    QList<int> nices;
    const QDir tasks(QStringLiteral("/proc/self/task"));
    for (const QString& tid : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(tid + QStringLiteral("/comm")));
        QFile stat(tasks.filePath(tid + QStringLiteral("/stat")));
        if (!comm.open(QIODevice::ReadOnly) || !stat.open(QIODevice::ReadOnly)
            || QString::fromUtf8(comm.readAll()).trimmed() != name)
            continue;
        // "tid (comm) state ..."; the nice value is the 19th field, the 17th after the name.
        const QByteArray line = stat.readAll();
        const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
        if (fields.size() > 16)
            nices.append(fields[16].toInt());
    }
    return nices;
}

} // namespace

class TestBenchRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void readerFramesBodies_data();
    void readerFramesBodies();
    void readerStopsAtTheEndOfOneResponse();
    void readerCompletesACloseDelimitedBodyOnClose();
    void readerRejectsGarbage_data();
    void readerRejectsGarbage();

    void p50MatchesTheServerLatency_data();
    void p50MatchesTheServerLatency();
    void openModelShowsAStallOnlyWhenCorrected();
    void closedModelReachesItsConcurrency_data();
    void closedModelReachesItsConcurrency();
    void countBoundedRunsSendExactlyN_data();
    void countBoundedRunsSendExactlyN();
    void warmUpIsNotMeasured();
    void seriesCoversEverySecond();
    void stopReturnsPartialResultsAtOnce();
    void destroyingMidRunIsSafe();
    void errorsAreTyped();
    void timeoutsAreTyped();
    void connectFailuresAreTyped();
    void httpsWithInsecureCompletesEveryRequest_data();
    void httpsWithInsecureCompletesEveryRequest();
    void anUntrustedCertificateFailsTypedAndFast_data();
    void anUntrustedCertificateFailsTypedAndFast();
    void plainHttpAddressedAsHttpsFailsTyped_data();
    void plainHttpAddressedAsHttpsFailsTyped();
    void pipelineCountsRetries();
    void keepsEachRequestWhenAsked();
    void runsTheBuiltInSimulator();
    void badConfigFailsWithoutSending();
    void badFaultProfileFails();
    void progressArrivesAtMostFourTimesASecond();
    void lowPriorityRunsItsThreadsBelowTheCaller_data();
    void lowPriorityRunsItsThreadsBelowTheCaller();

private:
    BenchConfig configFor(EngineKind engine, LoadModel model = LoadModel::Closed) const
    {
        BenchConfig config;
        config.target = TargetKind::Url;
        config.url
            = QUrl(m_server->baseUrl().toString() + QStringLiteral("/v1/prices/latest?by_code=WTI_USD"));
        config.apiKey = m_server->apiKey().toUtf8();
        config.engine = engine;
        config.model = model;
        config.concurrency = 4;
        config.duration = 1s;
        return config;
    }

    static BenchResult runToEnd(BenchRun& run)
    {
        QSignalSpy finished(&run, &BenchRun::finished);
        QSignalSpy failed(&run, &BenchRun::failed);
        run.start();
        if (!finished.wait(kRunTimeoutMs)) {
            qWarning() << "run did not finish" << failed;
            return BenchResult();
        }
        return finished.first().first().value<BenchResult>();
    }

    // A run bounded by `requests` instead of a duration, to its end.
    static BenchResult runCounted(BenchConfig config, qint64 requests)
    {
        config.duration.reset();
        config.requestCount = requests;
        BenchRun run(config);
        return runToEnd(run);
    }

    std::unique_ptr<SimServer> m_server;
};

void TestBenchRun::init()
{
    m_server = std::make_unique<SimServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestBenchRun::cleanup()
{
    m_server.reset();
}

void TestBenchRun::readerFramesBodies_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << 200
                                    << true;
    QTest::newRow("empty body") << QByteArray("HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n") << 404
                                << true;
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n")
                             << 200 << true;
    QTest::newRow("connection close")
        << QByteArray("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno")
        << 503 << false;
    QTest::newRow("http/1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok") << 200 << false;
    QTest::newRow("http/1.0 keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok") << 200
        << true;
    QTest::newRow("close among tokens")
        << QByteArray("HTTP/1.1 200 OK\r\nConnection: TE, Close\r\nContent-Length: 2\r\n\r\nok") << 200
        << false;
    QTest::newRow("interim 100 first")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx")
        << 201 << true;
    QTest::newRow("204 has no body") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << 204 << true;
}

void TestBenchRun::readerFramesBodies()
{
    QFETCH(QByteArray, response);
    QFETCH(int, status);
    QFETCH(bool, keepAlive);
    // Whole, and byte by byte: a response may arrive split anywhere.
    for (const qsizetype step : {response.size(), qsizetype(1), qsizetype(7)}) {
        HttpResponseReader reader;
        QCOMPARE(feedInSteps(reader, response, step), response.size());
        QVERIFY2(reader.isComplete(), reader.errorText());
        QCOMPARE(reader.status(), status);
        QCOMPARE(reader.keepAlive(), keepAlive);
    }
}

void TestBenchRun::readerStopsAtTheEndOfOneResponse()
{
    const QByteArray one = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
    HttpResponseReader reader;
    QCOMPARE(reader.consume(QByteArray(one + one)), one.size());
    QVERIFY(reader.isComplete());
    reader.reset();
    QCOMPARE(reader.consume(one), one.size());
    QVERIFY(reader.isComplete());
}

void TestBenchRun::readerCompletesACloseDelimitedBodyOnClose()
{
    HttpResponseReader reader;
    reader.consume("HTTP/1.1 200 OK\r\n\r\nsome body");
    QCOMPARE(reader.state(), HttpResponseReader::State::Body);
    reader.connectionClosed();
    QVERIFY(reader.isComplete());
    QVERIFY(!reader.keepAlive());

    HttpResponseReader cut;
    cut.consume("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
    cut.connectionClosed();
    QVERIFY(cut.hasError());
}

void TestBenchRun::readerRejectsGarbage_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n");
    QTest::newRow("bad status") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n");
    QTest::newRow("bad length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -4\r\n\r\n");
    QTest::newRow("two lengths") << QByteArray(
        "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n");
    QTest::newRow("bad chunk size") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    QTest::newRow("chunk overrun") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n");
    QTest::newRow("gzip coding") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
    QTest::newRow("endless head") << QByteArray("HTTP/1.1 200 OK\r\nX: ")
            + QByteArray(HttpResponseReader::kMaxHeadBytes, 'a');
}

void TestBenchRun::readerRejectsGarbage()
{
    QFETCH(QByteArray, bytes);
    for (const qsizetype step : {bytes.size(), qsizetype(3)}) {
        HttpResponseReader reader;
        feedInSteps(reader, bytes, step);
        QVERIFY(reader.hasError());
        QVERIFY(!reader.keepAlive());
    }
}

void TestBenchRun::p50MatchesTheServerLatency_data()
{
    QTest::addColumn<EngineKind>("engine");
    QTest::addColumn<LoadModel>("model");
    QTest::newRow("raw closed") << EngineKind::Raw << LoadModel::Closed;
    QTest::newRow("pipeline closed") << EngineKind::Pipeline << LoadModel::Closed;
    QTest::newRow("raw open") << EngineKind::Raw << LoadModel::Open;
    QTest::newRow("pipeline open") << EngineKind::Pipeline << LoadModel::Open;
}

void TestBenchRun::p50MatchesTheServerLatency()
{
    QFETCH(EngineKind, engine);
    QFETCH(LoadModel, model);
    // The issue's bound is 5% + 1 ms. The client is kept idle between answers (one request in flight, a
    // fixed count, a rate that never queues), so all the benchmark adds is its own thread wake-ups: 0.3 to
    // 2.3 ms at the median on a quiet machine (raw closed to pipeline open). A loaded machine adds its
    // scheduling delay to each of the 3 to 5 wake-ups of a request (the simulator's read and timer, the
    // pipeline's QNetworkAccessManager thread, the open model's pacer), and that reaches 5 to 15 ms at the
    // median while other builds and busy loops hold both cores: at 50 ms (3.5 ms allowed) this failed most
    // runs under load, so L stays at 300 ms (16 ms allowed); see docs/BENCHMARKS.md, "Latency accuracy".
    // Load only ever adds: the simulator never answers early. So a slow run is repeated, and the best one
    // must meet the bound: an error of the benchmark's own is in every run and still fails, and no run may
    // come out faster than the server.
    constexpr qint64 kLatencyUs = 300'000;
    constexpr qint64 kAllowedUs = kLatencyUs * 5 / 100 + 1000;
    constexpr int kRequests = 20;
    constexpr int kMaxRuns = 3;
    FaultSettings faults;
    faults.latencyMs = int(kLatencyUs / 1000);
    m_server->setFaults(faults);
    BenchConfig config = configFor(engine, model);
    config.concurrency = 1;
    config.ratePerSec = 1e6 / double(kLatencyUs + 20'000); // open: each request finds the connection idle
    QStringList p50s;
    bool withinBound = false;
    for (int attempt = 0; attempt < kMaxRuns && !withinBound; ++attempt) {
        const BenchResult result = runCounted(config, kRequests);
        QCOMPARE(result.completed, kRequests);
        QCOMPARE(result.errors, 0);
        const qint64 p50 = result.success.valueAtPercentile(50.0);
        p50s << QStringLiteral("%1 us").arg(p50);
        // The server alone takes L, and a percentile is its bucket's highest value (never below the sample):
        // nothing may come out under L itself (docs/BENCHMARKS.md says so).
        QVERIFY2(p50 >= kLatencyUs,
            qPrintable(QStringLiteral("p50 %1 us: faster than the server answers").arg(p50)));
        withinBound = p50 - kLatencyUs <= kAllowedUs;
    }
    QVERIFY2(withinBound, qPrintable(QStringLiteral("p50 of each run: ") + p50s.join(QStringLiteral(", "))));
}

void TestBenchRun::openModelShowsAStallOnlyWhenCorrected()
{
    // wrk2's example: a server freezes for a second. The few requests in flight see it (uncorrected); the
    // ~200 that were due during it and had to wait for a connection are what users see (corrected).
    BenchConfig config = configFor(EngineKind::Raw, LoadModel::Open);
    config.ratePerSec = 200;
    config.concurrency = 2;
    config.duration = 3s;
    BenchRun run(config);
    bool stalled = false;
    connect(&run, &BenchRun::progress, this, [this, &stalled](const BenchProgress& progress) {
        if (!stalled && !progress.warmingUp && progress.completed >= 100) {
            FaultSettings faults;
            faults.stallOnceMs = 1000;
            m_server->setFaults(faults);
            stalled = true;
        }
    });
    const BenchResult result = runToEnd(run);
    QVERIFY(stalled);
    QCOMPARE(result.errors, 0);
    QVERIFY2(result.completed >= 550, qPrintable(QString::number(result.completed)));
    const qint64 corrected = result.success.valueAtPercentile(99.0);
    const qint64 uncorrected = result.uncorrected.valueAtPercentile(99.0);
    QVERIFY2(corrected >= 500'000, qPrintable(QStringLiteral("corrected p99 %1 us").arg(corrected)));
    QVERIFY2(uncorrected < 100'000, qPrintable(QStringLiteral("uncorrected p99 %1 us").arg(uncorrected)));
    QVERIFY2(result.uncorrected.maxUs() >= 900'000, "the requests in flight during the stall saw it");
    QVERIFY2(result.late >= 150, qPrintable(QStringLiteral("late %1").arg(result.late)));
}

void TestBenchRun::closedModelReachesItsConcurrency_data()
{
    QTest::addColumn<EngineKind>("engine");
    QTest::addColumn<int>("concurrency");
    QTest::newRow("raw 64") << EngineKind::Raw << 64;
    // Far above QNetworkAccessManager's six connections per host.
    QTest::newRow("pipeline 24") << EngineKind::Pipeline << 24;
}

void TestBenchRun::closedModelReachesItsConcurrency()
{
    QFETCH(EngineKind, engine);
    QFETCH(int, concurrency);
    FaultSettings faults;
    faults.latencyMs = 100; // long enough for every slot's request to overlap at the server
    m_server->setFaults(faults);
    BenchConfig config = configFor(engine);
    config.concurrency = concurrency;
    config.duration = 1s;
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.errors, 0);
    QCOMPARE(m_server->stats().maxInFlight, concurrency);
    QCOMPARE(result.maxInFlight, concurrency);
}

void TestBenchRun::countBoundedRunsSendExactlyN_data()
{
    QTest::addColumn<EngineKind>("engine");
    QTest::addColumn<LoadModel>("model");
    QTest::addColumn<int>("threads");
    QTest::newRow("raw closed") << EngineKind::Raw << LoadModel::Closed << 0;
    QTest::newRow("raw closed, 3 threads") << EngineKind::Raw << LoadModel::Closed << 3;
    QTest::newRow("raw open, 3 threads") << EngineKind::Raw << LoadModel::Open << 3;
    QTest::newRow("pipeline closed") << EngineKind::Pipeline << LoadModel::Closed << 0;
}

void TestBenchRun::countBoundedRunsSendExactlyN()
{
    QFETCH(EngineKind, engine);
    QFETCH(LoadModel, model);
    QFETCH(int, threads);
    constexpr qint64 kRequests = 777;
    BenchConfig config = configFor(engine, model);
    config.concurrency = 7;
    config.threads = threads;
    config.ratePerSec = 2000;
    config.duration.reset();
    config.requestCount = kRequests;
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.completed, kRequests);
    QCOMPARE(result.success.count(), kRequests);
    QCOMPARE(m_server->requestCount(), quint64(kRequests));
    QVERIFY(!result.stoppedEarly);
    QVERIFY(result.measuredMs > 0);
}

void TestBenchRun::warmUpIsNotMeasured()
{
    BenchConfig config = configFor(EngineKind::Raw);
    config.warmup = 300ms;
    config.duration.reset();
    config.requestCount = 200;
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.completed, 200);
    // The server saw the warm-up too, and it ran for its whole length before the measured requests.
    QVERIFY2(m_server->requestCount() > 300, qPrintable(QString::number(m_server->requestCount())));
}

void TestBenchRun::seriesCoversEverySecond()
{
    BenchConfig config = configFor(EngineKind::Raw);
    config.duration = 2s;
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.measuredMs, 2000);
    QCOMPARE(result.series.size(), 2);
    qint64 requests = 0;
    for (int i = 0; i < result.series.size(); ++i) {
        QCOMPARE(result.series[i].second, i);
        QVERIFY(result.series[i].requests > 0);
        QVERIFY(result.series[i].p50Us > 0 && result.series[i].p50Us <= result.series[i].p99Us);
        requests += result.series[i].requests;
    }
    QCOMPARE(requests, result.completed);
}

void TestBenchRun::stopReturnsPartialResultsAtOnce()
{
    BenchConfig config = configFor(EngineKind::Raw);
    config.duration = 60s;
    BenchRun run(config);
    QSignalSpy finished(&run, &BenchRun::finished);
    run.start();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() > 50, 5000);
    // From now on every request hangs at the server: stopping must cancel them, not wait for them.
    FaultSettings faults;
    faults.latencyMs = 30'000;
    m_server->setFaults(faults);
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().inFlight, 4, 5000);
    QVERIFY(run.isRunning());
    QElapsedTimer timer;
    timer.start();
    run.stop();
    QVERIFY(finished.wait(5000));
    QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    const auto result = finished.first().first().value<BenchResult>();
    QVERIFY(result.stoppedEarly);
    QVERIFY(result.completed > 0);
    QVERIFY(result.measuredMs < 60'000);
    QVERIFY(!run.isRunning());
    QCOMPARE(result.errors, 0); // the cancelled requests count as nothing
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().inFlight, 0, 5000); // and their connections are gone
}

void TestBenchRun::destroyingMidRunIsSafe()
{
    FaultSettings faults;
    faults.latencyMs = 20;
    m_server->setFaults(faults);
    BenchConfig config = configFor(EngineKind::Pipeline);
    config.duration = 60s;
    auto run = std::make_unique<BenchRun>(config);
    run->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_server->requestCount() > 20, 5000);
    run.reset();
    // The connections went with it.
    QTRY_COMPARE_WITH_TIMEOUT(m_server->stats().inFlight, 0, 5000);
    const quint64 after = m_server->requestCount();
    QTest::qWait(100); // nothing may still be sending
    QCOMPARE(m_server->requestCount(), after);
}

void TestBenchRun::errorsAreTyped()
{
    FaultSettings faults;
    faults.forcedStatus = 404;
    m_server->setFaults(faults);
    BenchConfig config = configFor(EngineKind::Raw);
    config.duration.reset();
    config.requestCount = 100;
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.errors, 100);
    QCOMPARE(result.errorsByKind.value(QStringLiteral("http_4xx")), 100);
    QCOMPARE(result.failure.count(), 100);
    QCOMPARE(result.success.count(), 0);
}

void TestBenchRun::timeoutsAreTyped()
{
    FaultSettings faults;
    faults.latencyMs = 5000;
    m_server->setFaults(faults);
    BenchConfig config = configFor(EngineKind::Raw);
    config.requestTimeout = 200ms;
    config.duration.reset();
    config.requestCount = 4;
    QElapsedTimer timer;
    timer.start();
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.errorsByKind.value(QStringLiteral("timeout")), 4);
    QVERIFY(timer.elapsed() < 2000);
    // Reported within the sweep's 5%.
    QVERIFY(result.failure.minUs() >= 200'000 && result.failure.maxUs() <= 260'000);
}

void TestBenchRun::connectFailuresAreTyped()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost));
    const quint16 port = closed.serverPort();
    closed.close(); // nothing listens there now
    BenchConfig config = configFor(EngineKind::Raw);
    config.url = QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port));
    config.duration.reset();
    config.requestCount = 20;
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.errorsByKind.value(QStringLiteral("connect")), 20);
}

namespace {

QString kindsOf(const BenchResult& result)
{
    QStringList kinds;
    for (auto it = result.errorsByKind.constBegin(); it != result.errorsByKind.constEnd(); ++it)
        kinds << QStringLiteral("%1 %2").arg(it.key()).arg(it.value());
    return QStringLiteral("errors: ") + kinds.join(QStringLiteral(", "));
}

void addEngineRows()
{
    QTest::addColumn<EngineKind>("engine");
    QTest::newRow("raw") << EngineKind::Raw;
    QTest::newRow("pipeline") << EngineKind::Pipeline;
}

} // namespace

void TestBenchRun::httpsWithInsecureCompletesEveryRequest_data()
{
    addEngineRows();
}

void TestBenchRun::httpsWithInsecureCompletesEveryRequest()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    QFETCH(EngineKind, engine);
    TlsTestServer server(QByteArrayLiteral(R"({"status":"success","data":{"price":78.45}})"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    constexpr qint64 kRequests = 60;
    BenchConfig config = configFor(engine);
    config.url = server.url();
    config.insecure = true;
    config.concurrency = 3;
    const BenchResult result = runCounted(config, kRequests);
    QVERIFY2(result.errors == 0, qPrintable(kindsOf(result)));
    QCOMPARE(result.completed, kRequests);
    QCOMPARE(server.requestCount(), int(kRequests));
    // The raw engine counts what came off the wire (head and body), the pipeline the bodies it was handed.
    const qint64 perResponse = engine == EngineKind::Raw ? server.responseSize() : server.bodySize();
    QCOMPARE(result.bytesReceived, kRequests * perResponse);
    // Kept alive: a handshake per connection, not per request.
    QVERIFY2(server.encryptedConnections() <= config.concurrency,
        qPrintable(QString::number(server.encryptedConnections())));
    QCOMPARE(server.handshakeFailures(), 0);
}

void TestBenchRun::anUntrustedCertificateFailsTypedAndFast_data()
{
    QTest::addColumn<EngineKind>("engine");
    QTest::addColumn<qint64>("requests");
    QTest::newRow("raw") << EngineKind::Raw << qint64(20);
    // The pipeline retries a failed handshake as the app does (4 attempts) and its breaker opens after 5
    // failures in a row: one request shows the whole story.
    QTest::newRow("pipeline") << EngineKind::Pipeline << qint64(1);
}

void TestBenchRun::anUntrustedCertificateFailsTypedAndFast()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    QFETCH(EngineKind, engine);
    QFETCH(qint64, requests);
    TlsTestServer server(QByteArrayLiteral("{}"));
    QString error;
    QVERIFY2(server.start(&error), qPrintable(error));
    BenchConfig config = configFor(engine);
    config.url = server.url(); // self-signed: no system trusts it
    config.concurrency = 2;
    QElapsedTimer timer;
    timer.start();
    const BenchResult result = runCounted(config, requests);
    QCOMPARE(result.completed, requests);
    QCOMPARE(result.errors, requests);
    QCOMPARE(result.errorsByKind.value(QStringLiteral("tls")), requests);
    QCOMPARE(result.errorsByKind.size(), 1);
    QCOMPARE(result.success.count(), 0);
    QCOMPARE(server.requestCount(), 0); // no request ever went over an unverified connection
    // A TLS failure is not retried (api::ErrorKind::Tls): the next handshake meets the same certificate.
    QCOMPARE(result.retries, 0);
    // Refused at once, not left to the 30 s request timeout.
    QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));
    QTRY_VERIFY_WITH_TIMEOUT(server.handshakeFailures() >= 1, 5000); // and the server saw it refused
}

void TestBenchRun::plainHttpAddressedAsHttpsFailsTyped_data()
{
    addEngineRows();
}

void TestBenchRun::plainHttpAddressedAsHttpsFailsTyped()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("this Qt has no TLS backend");
    QFETCH(EngineKind, engine);
    BenchConfig config = configFor(engine);
    config.url.setScheme(QStringLiteral("https")); // the simulator speaks plain HTTP only
    config.insecure = true; // no certificate check could make this work
    config.concurrency = 1;
    const qint64 requests = engine == EngineKind::Raw ? 10 : 1;
    QElapsedTimer timer;
    timer.start();
    const BenchResult result = runCounted(config, requests);
    QCOMPARE(result.completed, requests);
    QCOMPARE(result.errorsByKind.value(QStringLiteral("tls")), requests);
    QVERIFY2(timer.elapsed() < 10'000, qPrintable(QString::number(timer.elapsed())));
}

void TestBenchRun::pipelineCountsRetries()
{
    FaultSettings faults;
    faults.forcedStatus = 503;
    m_server->setFaults(faults);
    BenchConfig config = configFor(EngineKind::Pipeline);
    config.concurrency = 1;
    config.duration.reset();
    config.requestCount = 1;
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.errorsByKind.value(QStringLiteral("http_5xx")), 1);
    // The request was tried more than once, and the server saw every attempt.
    QVERIFY2(result.retries >= 1, qPrintable(QString::number(result.retries)));
    QCOMPARE(m_server->requestCount(), quint64(1 + result.retries));
}

void TestBenchRun::keepsEachRequestWhenAsked()
{
    BenchConfig config = configFor(EngineKind::Raw, LoadModel::Open);
    config.ratePerSec = 500;
    config.duration.reset();
    config.requestCount = 50;
    config.recordEachRequest = true;
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.requests.size(), 50);
    for (int i = 1; i < result.requests.size(); ++i) {
        // Open model: due every 2 ms, in order.
        QCOMPARE(result.requests[i].scheduledUs - result.requests[i - 1].scheduledUs, 2000);
        QVERIFY(result.requests[i].sentUs >= result.requests[i].scheduledUs);
        QCOMPARE(result.requests[i].status, 200);
        QVERIFY(result.requests[i].errorKind.isEmpty());
    }
}

void TestBenchRun::runsTheBuiltInSimulator()
{
    BenchConfig config;
    config.target = TargetKind::Simulator;
    config.faultProfile = QStringLiteral("healthy");
    config.codes = QStringList {QStringLiteral("BRENT_CRUDE_USD")};
    config.engine = EngineKind::Raw;
    config.concurrency = 2;
    config.duration.reset();
    config.requestCount = 100;
    BenchRun run(config);
    const BenchResult result = runToEnd(run);
    QCOMPARE(result.completed, 100);
    QCOMPARE(result.errors, 0);
    QVERIFY(result.bytesReceived > 100 * 100);
    QVERIFY(result.context.target.contains(QStringLiteral("by_code=BRENT_CRUDE_USD")));
}

void TestBenchRun::badConfigFailsWithoutSending()
{
    BenchConfig config = configFor(EngineKind::Raw);
    config.concurrency = 0;
    BenchRun run(config);
    QSignalSpy failed(&run, &BenchRun::failed);
    QSignalSpy finished(&run, &BenchRun::finished);
    run.start();
    QVERIFY(failed.wait(5000));
    QVERIFY(!failed.first().first().toString().isEmpty());
    QCOMPARE(finished.size(), 0);
    QVERIFY(!run.isRunning());
    QCOMPARE(m_server->requestCount(), quint64(0));
}

void TestBenchRun::badFaultProfileFails()
{
    BenchConfig config;
    config.target = TargetKind::Simulator;
    config.faultProfile = QStringLiteral("no-such-profile-or-file");
    BenchRun run(config);
    QSignalSpy failed(&run, &BenchRun::failed);
    run.start();
    QVERIFY(failed.wait(5000));
    QVERIFY2(failed.first().first().toString().contains(QStringLiteral("fault profile")),
        qPrintable(failed.first().first().toString()));
}

void TestBenchRun::progressArrivesAtMostFourTimesASecond()
{
    BenchConfig config = configFor(EngineKind::Raw);
    config.warmup = 500ms;
    config.duration = 2s;
    BenchRun run(config);
    QSignalSpy progress(&run, &BenchRun::progress);
    const BenchResult result = runToEnd(run);
    QVERIFY2(progress.size() >= 6 && progress.size() <= 12, qPrintable(QString::number(progress.size())));
    QVERIFY(progress.first().first().value<BenchProgress>().warmingUp);
    qint64 seconds = 0;
    for (const auto& signal : progress)
        seconds += signal.first().value<BenchProgress>().newSeconds.size();
    QCOMPARE(seconds, result.series.size()); // every second once
    const auto last = progress.last().first().value<BenchProgress>();
    QCOMPARE(last.completed, result.completed);
    QCOMPARE(last.inFlight, 0);
}

void TestBenchRun::lowPriorityRunsItsThreadsBelowTheCaller_data()
{
    QTest::addColumn<bool>("low");
    QTest::addRow("low priority") << true;
    QTest::addRow("default") << false;
}

void TestBenchRun::lowPriorityRunsItsThreadsBelowTheCaller()
{
#ifndef Q_OS_LINUX
    QSKIP("thread nice values are read from /proc");
#endif
    QFETCH(bool, low);
    const int callerNice = oilwatch::util::currentThreadNice();
    if (low && callerNice + oilwatch::util::kBackgroundNiceSteps > 19)
        QSKIP("this process already runs at the lowest priority");
    BenchConfig config;
    config.target = TargetKind::Simulator;
    config.concurrency = 2;
    config.duration = 30s;
    BenchRun run(config);
    run.setLowPriority(low);
    QSignalSpy progress(&run, &BenchRun::progress);
    QSignalSpy finished(&run, &BenchRun::finished);
    run.start();
    // The worker lowers itself once its thread runs; the first progress comes after its start.
    QVERIFY(progress.wait(kRunTimeoutMs));
    const int expected = low ? callerNice + oilwatch::util::kBackgroundNiceSteps : callerNice;
    QTRY_COMPARE(niceOfThreadsNamed(QStringLiteral("bench-worker-0")), QList<int> {expected});
    // The fixture's own simulator runs beside the run's, at the caller's priority.
    const QList<int> sims = niceOfThreadsNamed(QStringLiteral("oilwatch-sim"));
    QCOMPARE(sims.size(), 2);
    QCOMPARE(sims.count(expected), low ? 1 : 2);
    QCOMPARE(oilwatch::util::currentThreadNice(), callerNice);
    run.stop();
    QVERIFY(finished.wait(kRunTimeoutMs));
}

QTEST_GUILESS_MAIN(TestBenchRun)
#include "tst_benchrun.moc"
