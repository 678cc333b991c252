#include "app/commands.h"
#include "app/signalwatcher.h"
#include "bench/benchreport.h"
#include "bench/benchrun.h"
#include "bench/k6export.h"

#include <cstdio>

#include <QCoreApplication>
#include <QTextStream>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace oilwatch::app {

namespace {

bool stderrIsTerminal()
{
#ifdef Q_OS_UNIX
    return ::isatty(STDERR_FILENO) == 1;
#else
    return false;
#endif
}

QString progressLine(const bench::BenchProgress& progress)
{
    const QString phase = progress.warmingUp ? QStringLiteral("warm-up") : QStringLiteral("measuring");
    const QString elapsed = progress.totalMs >= 0
        ? QStringLiteral("%1/%2 s")
              .arg(progress.elapsedMs / 1000.0, 0, 'f', 1)
              .arg(progress.totalMs / 1000.0, 0, 'f', 1)
        : QStringLiteral("%1 s").arg(progress.elapsedMs / 1000.0, 0, 'f', 1);
    return QStringLiteral("\r%1 %2  %3 requests  %4 errors  %5 in flight   ")
        .arg(phase, elapsed)
        .arg(progress.completed)
        .arg(progress.errors)
        .arg(progress.inFlight);
}

// The warning before a live run: how many requests will count against the user's quota.
QString liveWarning(const bench::BenchConfig& config)
{
    const qint64 planned = config.plannedRequests();
    if (planned >= 0)
        return QStringLiteral(
            "oilwatch bench: --live sends %1 requests to the live API; each one counts against "
            "your plan's quota.")
            .arg(planned);
    return QStringLiteral(
        "oilwatch bench: --live sends as many requests as %1 workers complete in %2 s to the "
        "live API; each one counts against your plan's quota.")
        .arg(config.concurrency)
        .arg(double(config.duration.value_or(std::chrono::milliseconds(0)).count() + config.warmup.count())
            / 1000.0);
}

// Writes every export asked for; the first failure is reported and makes the exit code 1.
int writeExports(const BenchOptions& options, const bench::BenchResult& result)
{
    using namespace bench;
    const std::pair<const QString*, QByteArray (*)(const BenchResult&)> exports[] = {
        {&options.jsonPath, &bench::report::summaryJson},
        {&options.csvPath, &bench::report::summaryCsv},
        {&options.seriesPath, &bench::report::seriesCsv},
        {&options.requestsCsvPath, &bench::report::requestsCsv},
        {&options.hgrmPath, [](const BenchResult& r) { return bench::report::hgrm(r.success); }},
        {&options.k6Path, &bench::k6::script},
    };
    int code = kExitOk;
    for (const auto& [path, render] : exports) {
        if (path->isEmpty())
            continue;
        if (const std::optional<QString> error = bench::report::writeFile(*path, render(result))) {
            QTextStream(stderr) << "oilwatch bench: " << *error << Qt::endl;
            code = kExitFailure;
        }
    }
    return code;
}

} // namespace

int runBench(const BenchOptions& options)
{
    setUpLogging(options.verbose);
    bench::BenchConfig config = options.config;
    QTextStream err(stderr);
    if (config.target == bench::TargetKind::LiveApi) {
        config.apiKey = qgetenv("OILPRICEAPI_KEY").trimmed();
        if (config.apiKey.isEmpty()) {
            err << "oilwatch bench: --live needs the API key in OILPRICEAPI_KEY" << Qt::endl;
            return kExitAuth;
        }
    }
    if (const std::optional<QString> problem = config.validate()) {
        err << "oilwatch bench: " << *problem << "\nRun 'oilwatch --help' for usage." << Qt::endl;
        return kExitUsage;
    }
    if (config.target == bench::TargetKind::LiveApi)
        err << liveWarning(config) << Qt::endl;

    bench::BenchRun run(config);
    const bool showProgress = stderrIsTerminal();
    int exitCode = kExitOk;
    QObject::connect(
        &run, &bench::BenchRun::progress, &run, [&err, showProgress](const bench::BenchProgress& p) {
            if (showProgress)
                err << progressLine(p) << Qt::flush;
        });
    QObject::connect(&run, &bench::BenchRun::finished, &run,
        [&options, &err, &exitCode, showProgress](const bench::BenchResult& result) {
            if (showProgress)
                err << "\r" << QString(78, QLatin1Char(' ')) << "\r" << Qt::flush;
            QTextStream(stdout) << bench::report::textSummary(result) << Qt::flush;
            exitCode = writeExports(options, result);
            QCoreApplication::exit(exitCode);
        });
    QObject::connect(&run, &bench::BenchRun::failed, &run, [&err, &exitCode](const QString& message) {
        err << "oilwatch bench: " << message << Qt::endl;
        exitCode = kExitFailure;
        QCoreApplication::exit(exitCode);
    });
    // Ctrl-C ends the run early; what was measured is still printed and exported.
    SignalWatcher signals;
    QObject::connect(&signals, &SignalWatcher::terminationRequested, &run, [&run](int) { run.stop(); });

    // One line on what is about to happen; scripts may wait for it before interrupting the run.
    err << "oilwatch bench: " << bench::targetKindName(config.target) << ", "
        << bench::engineKindName(config.engine) << " engine, " << bench::loadModelName(config.model)
        << " model, concurrency " << config.concurrency
        << (config.insecure ? ", TLS certificates not verified" : "")
        << " (Ctrl-C stops and prints what was measured)" << Qt::endl;
    run.start();
    QCoreApplication::exec();
    return exitCode;
}

} // namespace oilwatch::app
