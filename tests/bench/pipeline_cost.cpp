// What the app's request path costs on top of Qt's own: the same GET, the same number of requests in flight,
// against the same simulator, sent three ways in one process:
//   qnam       a bare QNetworkAccessManager: get(), then readAll() when the reply finishes;
//   transport  transport::QnamTransport (timeout timer, body cap, response object);
//   pipeline   resilience::ResilientTransport over QnamTransport, with default settings, as app/apistack.cpp
//              composes it (limiter, deadline, retry, breaker, attempt timeout).
// Per mode it prints requests/s (wall clock) and CPU microseconds per request (getrusage of the whole
// process, so the simulator must run in another process: `oilwatch sim --port 0`). Every mode warms up first
// (the connections are opened then), and the measured phase starts after. pipeline_cost.sh also runs one mode
// per process under callgrind to count instructions per request.

#include "logging/logging.h"
#include "resilience/resilienttransport.h"
#include "transport/qnamtransport.h"
#include "util/clock.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <sys/resource.h>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace {

using namespace oilwatch;

// QNetworkAccessManager opens at most six connections per host: more in flight would queue inside Qt, and
// the modes would then measure Qt's queue rather than the request path.
constexpr int kMaxConcurrency = 6;

struct Options
{
    QUrl url;
    QByteArray apiKey;
    QStringList modes;
    int requests = 20'000;
    int warmup = 500;
    int concurrency = 4;
    int rounds = 1;
};

// A mode's request path, alive for all its phases (warm-up and measured), so the connections stay open.
class Mode
{
public:
    virtual ~Mode() = default;
    // Sends one GET; `done(ok)` runs once, on this thread, ok meaning a 200 with a body.
    virtual void send(std::function<void(bool ok)> done) = 0;
};

QList<QPair<QByteArray, QByteArray>> requestHeaders(const Options& options)
{
    return {{QByteArrayLiteral("Authorization"), "Token " + options.apiKey},
        {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
}

class BareQnamMode final : public Mode
{
public:
    explicit BareQnamMode(const Options& options)
        : m_request(options.url)
    {
        for (const auto& [name, value] : requestHeaders(options))
            m_request.setRawHeader(name, value);
    }

    void send(std::function<void(bool ok)> done) override
    {
        QNetworkReply* reply = m_manager.get(m_request);
        QObject::connect(reply, &QNetworkReply::finished, &m_manager, [reply, done = std::move(done)] {
            reply->deleteLater();
            const bool ok = reply->error() == QNetworkReply::NoError
                && reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200;
            const QByteArray body = reply->readAll();
            done(ok && !body.isEmpty());
        });
    }

private:
    QNetworkAccessManager m_manager;
    QNetworkRequest m_request;
};

transport::HttpRequest transportRequest(const Options& options)
{
    transport::HttpRequest request;
    request.url = options.url;
    request.headers = requestHeaders(options);
    return request;
}

bool succeeded(const transport::HttpResponse& response)
{
    return response.error == transport::TransportError::None && response.status == 200
        && !response.body.isEmpty();
}

// The app's path from the HttpTransport seam down: QnamTransport alone, or the resilience pipeline over it
// (default settings, as app/apistack.cpp composes it).
class TransportMode final : public Mode
{
public:
    TransportMode(const Options& options, bool withPipeline)
        : m_request(transportRequest(options))
        , m_random(1)
    {
        if (withPipeline)
            m_pipeline.emplace(m_network, resilience::ResilienceSettings {}, util::SystemClock::instance(),
                m_scheduler, m_random);
    }

    void send(std::function<void(bool ok)> done) override
    {
        transport::HttpTransport& path
            = m_pipeline ? static_cast<transport::HttpTransport&>(*m_pipeline) : m_network;
        path.get(m_request, &m_context,
            [done = std::move(done)](const transport::HttpResponse& response) { done(succeeded(response)); });
    }

private:
    transport::HttpRequest m_request;
    transport::QnamTransport m_network;
    util::QtScheduler m_scheduler;
    util::SeededRandom m_random;
    std::optional<resilience::ResilientTransport> m_pipeline;
    QObject m_context;
};

std::unique_ptr<Mode> makeMode(const QString& name, const Options& options)
{
    if (name == u"qnam")
        return std::make_unique<BareQnamMode>(options);
    if (name == u"transport" || name == u"pipeline")
        return std::make_unique<TransportMode>(options, name == u"pipeline");
    return nullptr;
}

// Keeps `concurrency` requests in flight until `count` have completed; returns how many failed.
int runRequests(Mode& mode, int count, int concurrency)
{
    int sent = 0;
    int completed = 0;
    int failed = 0;
    QEventLoop loop;
    std::function<void()> sendNext = [&] {
        ++sent;
        mode.send([&](bool ok) {
            ++completed;
            if (!ok)
                ++failed;
            if (sent < count)
                sendNext();
            else if (completed == count)
                loop.quit();
        });
    };
    for (int i = 0; i < std::min(count, concurrency); ++i)
        sendNext();
    if (completed < count)
        loop.exec();
    return failed;
}

double cpuSeconds()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

struct Measurement
{
    double wallSeconds = 0;
    double cpuSeconds = 0;
    int failed = 0;
};

Measurement measure(const QString& name, const Options& options)
{
    const std::unique_ptr<Mode> mode = makeMode(name, options);
    Measurement result;
    result.failed = runRequests(*mode, options.warmup, options.concurrency);
    QElapsedTimer wall;
    const double cpuBefore = cpuSeconds();
    wall.start();
    result.failed += runRequests(*mode, options.requests, options.concurrency);
    result.wallSeconds = double(wall.nsecsElapsed()) / 1e9;
    result.cpuSeconds = cpuSeconds() - cpuBefore;
    return result;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

int run(const Options& options)
{
    std::printf("url %s, %d requests per mode after %d warm-up, %d in flight, %d round(s)\n",
        qPrintable(options.url.toString()), options.requests, options.warmup, options.concurrency,
        options.rounds);
    std::vector<std::vector<double>> rates(size_t(options.modes.size()));
    std::vector<std::vector<double>> cpuUs(size_t(options.modes.size()));
    int failures = 0;
    // Rounds alternate the modes, so a change in the machine's load hits every mode alike.
    for (int round = 0; round < options.rounds; ++round) {
        for (qsizetype m = 0; m < options.modes.size(); ++m) {
            const Measurement result = measure(options.modes[m], options);
            failures += result.failed;
            const double perSecond = options.requests > 0 ? options.requests / result.wallSeconds : 0;
            const double perRequestUs = options.requests > 0 ? result.cpuSeconds * 1e6 / options.requests : 0;
            rates[size_t(m)].push_back(perSecond);
            cpuUs[size_t(m)].push_back(perRequestUs);
            std::printf(
                "round %d %-10s %9.0f req/s  %8.2f us CPU/request  (%.2f s wall, %.2f s CPU, %d failed)\n",
                round + 1, qPrintable(options.modes[m]), perSecond, perRequestUs, result.wallSeconds,
                result.cpuSeconds, result.failed);
            std::fflush(stdout);
        }
    }
    if (options.requests > 0) {
        std::printf("median over %d round(s):\n", options.rounds);
        for (qsizetype m = 0; m < options.modes.size(); ++m)
            std::printf("  %-10s %9.0f req/s  %8.2f us CPU/request\n", qPrintable(options.modes[m]),
                median(rates[size_t(m)]), median(cpuUs[size_t(m)]));
    }
    if (failures > 0)
        std::fprintf(
            stderr, "pipeline_cost: %d requests failed; the numbers measure something else\n", failures);
    return failures > 0 ? 1 : 0;
}

int positive(const QCommandLineParser& parser, const QCommandLineOption& option, int minimum, bool* ok)
{
    bool parsed = false;
    const int value = parser.value(option).toInt(&parsed);
    if (!parsed || value < minimum) {
        std::fprintf(stderr, "pipeline_cost: --%s must be an integer >= %d\n",
            qPrintable(option.names().first()), minimum);
        *ok = false;
    }
    return value;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "CPU per request of bare QNetworkAccessManager, QnamTransport and the resilience pipeline, against a "
        "simulator in another process (start one with `oilwatch sim --port 0`)."));
    parser.addHelpOption();
    const QCommandLineOption urlOption(QStringLiteral("url"),
        QStringLiteral("what to GET, e.g. http://127.0.0.1:PORT/v1/prices/latest?by_code=BRENT_CRUDE_USD"),
        QStringLiteral("url"));
    const QCommandLineOption keyOption(QStringLiteral("key"),
        QStringLiteral("API key sent as Authorization: Token"), QStringLiteral("key"),
        QStringLiteral("opa_sim_demo"));
    const QCommandLineOption modeOption(QStringLiteral("mode"),
        QStringLiteral("qnam, transport, pipeline or all (the three, alternating)"), QStringLiteral("mode"),
        QStringLiteral("all"));
    const QCommandLineOption requestsOption(QStringLiteral("requests"),
        QStringLiteral("measured requests per mode and round (0: warm-up only, a baseline for callgrind)"),
        QStringLiteral("n"), QStringLiteral("20000"));
    const QCommandLineOption warmupOption(QStringLiteral("warmup"),
        QStringLiteral("requests before measuring, per mode and round"), QStringLiteral("n"),
        QStringLiteral("500"));
    const QCommandLineOption concurrencyOption(QStringLiteral("concurrency"),
        QStringLiteral("requests in flight, 1 to %1").arg(kMaxConcurrency), QStringLiteral("n"),
        QStringLiteral("4"));
    const QCommandLineOption roundsOption(QStringLiteral("rounds"),
        QStringLiteral("times every mode is measured"), QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption logDirOption(QStringLiteral("log-dir"),
        QStringLiteral("log to DIR/oilwatch.log, as the app does (default: no log sink)"),
        QStringLiteral("dir"));
    parser.addOptions({urlOption, keyOption, modeOption, requestsOption, warmupOption, concurrencyOption,
        roundsOption, logDirOption});
    parser.process(app);
    if (parser.isSet(logDirOption))
        logging::initLogging({parser.value(logDirOption)});

    Options options;
    options.url = QUrl(parser.value(urlOption), QUrl::StrictMode);
    options.apiKey = parser.value(keyOption).toUtf8();
    const QString mode = parser.value(modeOption);
    options.modes = mode == u"all"
        ? QStringList {QStringLiteral("qnam"), QStringLiteral("transport"), QStringLiteral("pipeline")}
        : QStringList {mode};
    bool ok = true;
    options.requests = positive(parser, requestsOption, 0, &ok);
    options.warmup = positive(parser, warmupOption, 1, &ok);
    options.concurrency = positive(parser, concurrencyOption, 1, &ok);
    options.rounds = positive(parser, roundsOption, 1, &ok);
    if (options.concurrency > kMaxConcurrency) {
        std::fprintf(stderr, "pipeline_cost: --concurrency must be at most %d\n", kMaxConcurrency);
        ok = false;
    }
    if (!options.url.isValid() || options.url.scheme() != u"http") {
        std::fprintf(stderr, "pipeline_cost: --url must be an http:// URL\n");
        ok = false;
    }
    if (!makeMode(options.modes.first(), options)) {
        std::fprintf(stderr, "pipeline_cost: unknown --mode %s\n", qPrintable(mode));
        ok = false;
    }
    return ok ? run(options) : 2;
}
