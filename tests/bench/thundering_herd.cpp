// The thundering-herd benchmark: N independent clients hit the built-in simulator at the same instant while
// it fails, and retry per the resilience policy. The simulator itself measures how many retries land in its
// busiest 100 ms window, for each jitter kind. Traffic goes to 127.0.0.1 only and every run ends by itself.

#include "resilience/backoff.h"
#include "resilience/resiliencesettings.h"
#include "resilience/resilienttransport.h"
#include "sim/faultprofile.h"
#include "sim/simserver.h"
#include "transport/qnamtransport.h"
#include "util/clock.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <optional>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QTextStream>
#include <QTimer>

namespace {

using namespace oilwatch;

struct Options
{
    int clients = 100;
    int seeds = 5;
    qint64 outageMs = 2000; // -1: the simulator never recovers
    int maxAttempts = 4;
    qint64 baseMs = 500;
    qint64 runTimeoutMs = 15'000;
    std::vector<resilience::JitterKind> kinds;
    QString csvPath;
    QString arrivalsPath;
};

struct RunResult
{
    resilience::JitterKind kind = resilience::JitterKind::Full;
    int seed = 0;
    quint64 busiestRetries = 0; // the simulator's busiest_100ms after the post-first-wave reset
    quint64 retriesAfterReset = 0;
    quint64 retriesBeforeReset = 0; // early retries that arrived before the first wave was complete
    quint64 requestsTotal = 0;
    qint64 firstWaveMs = -1; // from the start until all first attempts had arrived
    qint64 finishMs = -1; // from the start until the last client had its answer
    int successes = 0;
    int failures = 0;
    bool timedOut = false;
    std::vector<quint32> arrivals; // ms after the reset
};

// One client with nothing shared: its own connection pool, timers, random sequence, breaker and budget, as
// if it were a separate process.
struct Client
{
    Client(const resilience::ResilienceSettings& settings, quint64 seed)
        : random(seed)
        , pipeline(network, settings, util::SystemClock::instance(), scheduler, random)
    { }

    transport::QnamTransport network;
    util::QtScheduler scheduler;
    util::SeededRandom random;
    resilience::ResilientTransport pipeline;
    QObject context; // the lifetime of this client's calls
};

sim::FaultProfile failingProfile()
{
    // A plain 503 without Retry-After: the built-in outage profile sends Retry-After, which the policy
    // honours, so every client would wait the same server-given time whatever its jitter.
    sim::FaultProfile profile;
    profile.name = QStringLiteral("herd-503");
    sim::FaultRule rule;
    rule.kind = sim::FaultKind::Status;
    rule.status = 503;
    rule.rate = 1.0;
    profile.faults = {rule};
    return profile;
}

resilience::ResilienceSettings settingsFor(resilience::JitterKind kind, const Options& options)
{
    resilience::ResilienceSettings settings;
    settings.retry.maxAttempts = options.maxAttempts;
    settings.retry.backoff.jitter = kind;
    settings.retry.backoff.baseMs = options.baseMs;
    // One request per client: the limiter never queues, but say so rather than rely on the default.
    settings.limiter.maxInFlight = 8;
    return settings;
}

transport::HttpRequest latestRequest(const sim::SimServer& server)
{
    transport::HttpRequest request;
    request.url = QUrl(server.baseUrl().toString() + QStringLiteral("/v1/prices/latest?by_code=WTI_USD"));
    request.headers.append({QByteArrayLiteral("Authorization"), "Token " + server.apiKey().toUtf8()});
    return request;
}

// Opens every client's connection before the herd starts, so the first wave measures synchronised
// clients rather than 100 TCP handshakes and QNAM thread start-ups. Goes around the pipeline, so no
// breaker or budget sees it.
bool warmUp(std::vector<std::unique_ptr<Client>>& clients, const transport::HttpRequest& request)
{
    int pending = int(clients.size());
    QEventLoop loop;
    for (auto& client : clients) {
        client->network.get(request, &client->context, [&](const transport::HttpResponse&) {
            if (--pending == 0)
                loop.quit();
        });
    }
    QTimer::singleShot(10'000, &loop, &QEventLoop::quit);
    if (pending > 0)
        loop.exec();
    return pending == 0;
}

RunResult runOnce(sim::SimServer& server, resilience::JitterKind kind, int seed, const Options& options)
{
    RunResult result;
    result.kind = kind;
    result.seed = seed;
    const resilience::ResilienceSettings settings = settingsFor(kind, options);
    const transport::HttpRequest request = latestRequest(server);

    std::vector<std::unique_ptr<Client>> clients;
    clients.reserve(size_t(options.clients));
    for (int i = 0; i < options.clients; ++i) {
        // Distinct per client and per run, the same for every jitter kind: kinds are compared on equal seeds.
        clients.push_back(std::make_unique<Client>(settings, quint64(seed) * 1'000'003ULL + quint64(i)));
        // The breaker would cut retries short after a few failures; this measures the backoff alone.
        clients.back()->pipeline.breakerFor(request.url.host()).disable();
    }
    server.setFaultProfile(*sim::FaultProfile::builtin(u"healthy"));
    if (!warmUp(clients, request))
        std::fprintf(stderr, "warning: warm-up did not finish for every client\n");

    server.setFaultProfile(failingProfile());
    server.resetStats();
    const quint64 countBefore = server.requestCount();
    const auto clientCount = quint64(options.clients);

    QEventLoop loop;
    QElapsedTimer sinceStart;
    int pending = options.clients;

    // The first wave is over once every client's first attempt has arrived; resetting then leaves only
    // retries in the simulator's window. Polled at 1 ms: a few of the earliest full-jitter retries can slip
    // in before it, and they are reported as retriesBeforeReset.
    QTimer firstWave;
    firstWave.setTimerType(Qt::PreciseTimer);
    firstWave.setInterval(1);
    QObject::connect(&firstWave, &QTimer::timeout, &loop, [&] {
        if (server.requestCount() - countBefore < clientCount)
            return;
        server.resetStats();
        result.firstWaveMs = sinceStart.elapsed();
        firstWave.stop();
    });
    QTimer recovery;
    recovery.setSingleShot(true);
    recovery.setTimerType(Qt::PreciseTimer);
    QObject::connect(&recovery, &QTimer::timeout, &loop,
        [&] { server.setFaultProfile(*sim::FaultProfile::builtin(u"healthy")); });
    QTimer giveUp;
    giveUp.setSingleShot(true);
    QObject::connect(&giveUp, &QTimer::timeout, &loop, [&] {
        result.timedOut = true;
        loop.quit();
    });

    sinceStart.start();
    firstWave.start();
    if (options.outageMs >= 0)
        recovery.start(int(options.outageMs));
    giveUp.start(int(options.runTimeoutMs));
    // All in one go from one thread: each client's QNAM thread puts its request on its open connection.
    for (auto& client : clients) {
        client->pipeline.get(request, &client->context, [&](const transport::HttpResponse& response) {
            if (response.status >= 200 && response.status < 300
                && response.error == transport::TransportError::None)
                ++result.successes;
            else
                ++result.failures;
            if (--pending == 0) {
                result.finishMs = sinceStart.elapsed();
                loop.quit();
            }
        });
    }
    loop.exec();

    const sim::SimStats stats = server.stats();
    result.requestsTotal = server.requestCount() - countBefore;
    if (result.firstWaveMs >= 0) {
        result.busiestRetries = stats.busiest100msRequests;
        result.retriesAfterReset = stats.requestsTotal;
        result.retriesBeforeReset = result.requestsTotal - clientCount - stats.requestsTotal;
        result.arrivals = server.arrivalOffsetsMs();
    }
    clients.clear(); // closes the connections before the next run's clients open theirs
    return result;
}

template <typename T> T median(std::vector<T> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : T((values[n / 2 - 1] + values[n / 2]) / 2);
}

QString kindLabel(resilience::JitterKind kind)
{
    switch (kind) {
    case resilience::JitterKind::None:
        return QStringLiteral("none (base·2^(n-1))");
    case resilience::JitterKind::PythonSdkReference:
        return QStringLiteral("python SDK (+0-30%)");
    case resilience::JitterKind::Full:
        return QStringLiteral("full");
    case resilience::JitterKind::Equal:
        return QStringLiteral("equal");
    case resilience::JitterKind::Decorrelated:
        return QStringLiteral("decorrelated");
    }
    return resilience::jitterKindName(kind);
}

void printTable(const std::vector<RunResult>& results, const Options& options)
{
    QTextStream out(stdout);
    out << "\nclients " << options.clients << ", max attempts " << options.maxAttempts << ", base "
        << options.baseMs << " ms, outage "
        << (options.outageMs < 0 ? QStringLiteral("forever")
                                 : QString::number(options.outageMs) + QStringLiteral(" ms"))
        << ", " << options.seeds << " seeds per kind; median [min-max]\n";
    out << QStringLiteral("%1 | %2 | %3 | %4 | %5 | %6 | %7\n")
               .arg(QStringLiteral("jitter"), -22)
               .arg(QStringLiteral("busiest 100 ms of retries"), -25)
               .arg(QStringLiteral("retries measured"), -16)
               .arg(QStringLiteral("early retries"), -13)
               .arg(QStringLiteral("requests total"), -14)
               .arg(QStringLiteral("finish ms"), -17)
               .arg(QStringLiteral("succeeded"));
    auto cell = [](const auto& values) {
        if (values.empty())
            return QStringLiteral("-");
        const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
        return QStringLiteral("%1 [%2-%3]").arg(double(median(values))).arg(double(*lo)).arg(double(*hi));
    };
    for (const resilience::JitterKind kind : options.kinds) {
        std::vector<quint64> busiest, after, before, total;
        std::vector<qint64> finish;
        std::vector<int> ok;
        int timedOut = 0; // their finish time is unknown, so it stays out of the finish column
        for (const RunResult& r : results) {
            if (r.kind != kind)
                continue;
            busiest.push_back(r.busiestRetries);
            after.push_back(r.retriesAfterReset);
            before.push_back(r.retriesBeforeReset);
            total.push_back(r.requestsTotal);
            if (r.timedOut)
                ++timedOut;
            else
                finish.push_back(r.finishMs);
            ok.push_back(r.successes);
        }
        if (busiest.empty())
            continue;
        out << QStringLiteral("%1 | %2 | %3 | %4 | %5 | %6 | %7\n")
                   .arg(kindLabel(kind), -22)
                   .arg(cell(busiest), -25)
                   .arg(cell(after), -16)
                   .arg(cell(before), -13)
                   .arg(cell(total), -14)
                   .arg(cell(finish)
                           + (timedOut ? QStringLiteral(" (%1 timed out)").arg(timedOut) : QString()),
                       -17)
                   .arg(cell(ok));
    }
}

bool writeCsv(const std::vector<RunResult>& results, const Options& options)
{
    QFile file(options.csvPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "jitter,seed,clients,max_attempts,base_ms,outage_ms,busiest_100ms_retries,retries_after_reset,"
           "retries_before_reset,requests_total,first_wave_ms,finish_ms,successes,failures,timed_out\n";
    for (const RunResult& r : results) {
        out << resilience::jitterKindName(r.kind) << ',' << r.seed << ',' << options.clients << ','
            << options.maxAttempts << ',' << options.baseMs << ',' << options.outageMs << ','
            << r.busiestRetries << ',' << r.retriesAfterReset << ',' << r.retriesBeforeReset << ','
            << r.requestsTotal << ',' << r.firstWaveMs << ',' << r.finishMs << ',' << r.successes << ','
            << r.failures << ',' << (r.timedOut ? 1 : 0) << '\n';
    }
    return true;
}

bool writeArrivals(const std::vector<RunResult>& results, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text))
        return false;
    QTextStream out(&file);
    out << "jitter,seed,offset_ms\n";
    for (const RunResult& r : results) {
        for (const quint32 offset : r.arrivals)
            out << resilience::jitterKindName(r.kind) << ',' << r.seed << ',' << offset << '\n';
    }
    return true;
}

std::optional<Options> parseOptions(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Thundering herd: N clients against a failing simulator on 127.0.0.1; the simulator measures the "
        "busiest 100 ms window of their retries for each jitter kind."));
    parser.addHelpOption();
    const QCommandLineOption clients(QStringLiteral("clients"), QStringLiteral("clients (default 100)"),
        QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption seeds(QStringLiteral("seeds"),
        QStringLiteral("runs per jitter kind (default 5)"), QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption outage(QStringLiteral("outage-ms"),
        QStringLiteral(
            "the simulator answers 503 for this long, then 200 (default 2000); -1: never recovers"),
        QStringLiteral("MS"), QStringLiteral("2000"));
    const QCommandLineOption attempts(QStringLiteral("max-attempts"),
        QStringLiteral("attempts per request (default 4)"), QStringLiteral("N"), QStringLiteral("4"));
    const QCommandLineOption base(QStringLiteral("base-ms"), QStringLiteral("backoff base (default 500)"),
        QStringLiteral("MS"), QStringLiteral("500"));
    const QCommandLineOption kinds(QStringLiteral("kinds"),
        QStringLiteral(
            "comma-separated jitter kinds (default none,python_sdk_reference,full,equal,decorrelated)"),
        QStringLiteral("LIST"), QStringLiteral("none,python_sdk_reference,full,equal,decorrelated"));
    const QCommandLineOption runTimeout(QStringLiteral("run-timeout-ms"),
        QStringLiteral(
            "a run that has not finished by then is cut short and marked timed out (default 15000)"),
        QStringLiteral("MS"), QStringLiteral("15000"));
    const QCommandLineOption csv(
        QStringLiteral("csv"), QStringLiteral("write one row per run to FILE"), QStringLiteral("FILE"));
    const QCommandLineOption arrivals(QStringLiteral("arrivals"),
        QStringLiteral("write every retry's arrival time at the simulator to FILE, for plotting"),
        QStringLiteral("FILE"));
    parser.addOptions({clients, seeds, outage, attempts, base, kinds, runTimeout, csv, arrivals});
    parser.process(app);

    Options options;
    bool ok = true;
    auto number = [&](const QCommandLineOption& option, qint64 lo, qint64 hi) {
        bool valid = false;
        const qint64 value = parser.value(option).toLongLong(&valid);
        if (!valid || value < lo || value > hi) {
            std::fprintf(stderr, "--%s must be a number from %lld to %lld\n",
                qPrintable(option.names().first()), static_cast<long long>(lo), static_cast<long long>(hi));
            ok = false;
        }
        return value;
    };
    options.clients = int(number(clients, 1, 1000));
    options.seeds = int(number(seeds, 1, 100));
    options.outageMs = number(outage, -1, 60'000);
    options.maxAttempts = int(number(attempts, 2, 10));
    options.baseMs = number(base, 1, 10'000);
    options.runTimeoutMs = number(runTimeout, 1000, 120'000);
    for (const QString& name : parser.value(kinds).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (const auto kind = resilience::jitterKindFromName(name.trimmed())) {
            options.kinds.push_back(*kind);
        } else {
            std::fprintf(stderr, "unknown jitter kind %s\n", qPrintable(name));
            ok = false;
        }
    }
    options.csvPath = parser.value(csv);
    options.arrivalsPath = parser.value(arrivals);
    if (!ok)
        return std::nullopt;
    return options;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    const std::optional<Options> options = parseOptions(app);
    if (!options)
        return 2;

    sim::SimOptions simOptions;
    simOptions.seed = 1;
    sim::SimServer server(simOptions);
    QString error;
    if (!server.start(&error)) {
        std::fprintf(stderr, "simulator: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("simulator on %s\n", qPrintable(server.baseUrl().toString()));

    std::vector<RunResult> results;
    for (int seed = 1; seed <= options->seeds; ++seed) {
        for (const resilience::JitterKind kind : options->kinds) {
            RunResult result = runOnce(server, kind, seed, *options);
            std::printf(
                "%-22s seed %d: busiest 100 ms %3llu retries (%llu measured, %llu early), %llu requests, "
                "first wave %lld ms, finished in %lld ms, %d ok%s\n",
                qPrintable(resilience::jitterKindName(kind)), seed,
                static_cast<unsigned long long>(result.busiestRetries),
                static_cast<unsigned long long>(result.retriesAfterReset),
                static_cast<unsigned long long>(result.retriesBeforeReset),
                static_cast<unsigned long long>(result.requestsTotal),
                static_cast<long long>(result.firstWaveMs), static_cast<long long>(result.finishMs),
                result.successes, result.timedOut ? ", TIMED OUT" : "");
            std::fflush(stdout);
            results.push_back(std::move(result));
        }
    }
    server.stop();
    printTable(results, *options);

    if (!options->csvPath.isEmpty() && !writeCsv(results, *options)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(options->csvPath));
        return 1;
    }
    if (!options->arrivalsPath.isEmpty() && !writeArrivals(results, options->arrivalsPath)) {
        std::fprintf(stderr, "cannot write %s\n", qPrintable(options->arrivalsPath));
        return 1;
    }
    return 0;
}
