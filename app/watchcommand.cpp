#include "app/alertwiring.h"
#include "app/apisetup.h"
#include "app/apistack.h"
#include "app/commands.h"
#include "app/lineoutput.h"
#include "app/metricssetup.h"
#include "app/pollinterval.h"
#include "app/quotestack.h"
#include "app/sessionlogsetup.h"
#include "app/signalwatcher.h"
#include "feed/pricefeed.h"
#include "settings/settingsstore.h"

#include <QCoreApplication>
#include <QTextStream>

namespace oilwatch::app {

int runWatch(const WatchOptions& options)
{
    setUpLogging(options.verbose);
    auto choice = chooseApi({options.demo, options.baseUrl, options.timeoutMs});
    if (auto* error = std::get_if<api::ApiError>(&choice)) {
        QTextStream(stderr) << "oilwatch watch: " << error->describe() << Qt::endl;
        return error->exitCode();
    }
    ApiSetup setup = std::move(std::get<ApiSetup>(choice));
    if (setup.simulated && !options.json)
        QTextStream(stderr) << "oilwatch watch: no API key: simulated prices from the built-in simulator"
                            << Qt::endl;

    // --interval, else poll.interval_s from the settings, else the default for the server, as the dashboard.
    const settings::SettingsStore store;
    const auto interval = pollInterval(setup.config,
        options.intervalSec > 0 ? std::optional(std::chrono::milliseconds(qint64(options.intervalSec * 1000)))
                                : store.pollInterval());
    // A poll must be over, retries and waits included, before the next one is due.
    setup.config.totalDeadline = interval;
    auto metricsChoice = startMetrics(options.metricsListen);
    if (auto* error = std::get_if<telemetry::MetricsEndpointError>(&metricsChoice)) {
        QTextStream(stderr) << "oilwatch watch: " << error->message << Qt::endl;
        return exitCodeFor(*error);
    }
    MetricsSetup& metrics = std::get<MetricsSetup>(metricsChoice);
    if (metrics.endpoint)
        // On stderr even with --json: with port 0 this is the only way to learn the port.
        QTextStream(stderr) << "oilwatch watch: metrics at " << metrics.endpoint->url().toString()
                            << Qt::endl;
    // The resilience settings saved from the window or `oilwatch config`: the same pipeline as the
    // dashboard's.
    const settings::LoadedResilienceSettings resilience = store.resilience();
    if (!resilience.warning.isEmpty())
        QTextStream(stderr) << "oilwatch watch: " << resilience.warning << ": "
                            << settings::describeSettingsErrors(resilience.errors).replace('\n', "; ")
                            << Qt::endl;
    ApiStack stack(setup.config, resilience.settings, metrics.registry());
    auto quoteStack = QuoteStack::create(stack.client(), options.cacheUrl, interval);
    if (auto* error = std::get_if<api::ApiError>(&quoteStack)) {
        QTextStream(stderr) << "oilwatch watch: " << error->describe() << Qt::endl;
        return error->exitCode();
    }
    QuoteStack& quotes = *std::get<std::unique_ptr<QuoteStack>>(quoteStack);
    feed::PriceFeed feed(quotes.quotes(), options.codes, interval);
    metrics.observe(stack, quotes, feed);
    SessionRecording session(feed, stack.pipeline()); // for `oilwatch export session`

    QTextStream out(stdout);
    auto print = [&out](const auto& line) {
        out << line << '\n';
        out.flush(); // one event, one line, at once: watch is read live
    };
    QObject::connect(&stack.pipeline(), &resilience::ResilientTransport::resilienceEvent, &feed,
        [&](const resilience::ResilienceEvent& event) {
            print(options.json ? eventJsonLine(event) : eventTextLine(event).toUtf8());
        });
    QObject::connect(&feed, &feed::PriceFeed::quoteReceived, &feed,
        [&](const api::Quote& quote, const api::FetchInfo& info) {
            print(options.json ? quoteJsonLine(quote, info)
                               : (clockPrefix(quote.receivedAt) + QStringLiteral("  quote  ")
                                   + quoteTextLine(quote, info))
                                     .toUtf8());
        });
    // The same alert rules as the dashboard's, evaluated on what this watch sees.
    AlertWiring alerts(feed, stack.pipeline(), util::SystemClock::instance());
    for (const QString& problem : alerts.loadErrors())
        QTextStream(stderr) << "oilwatch watch: alert rules: " << problem << Qt::endl;
    QObject::connect(
        &alerts.engine(), &alerts::AlertEngine::transitioned, &feed, [&](const alerts::AlertEvent& event) {
            print(options.json ? alertJsonLine(event) : alertTextLine(event).toUtf8());
        });
    int lastExitCode = kExitOk;
    QObject::connect(&feed, &feed::PriceFeed::pollFailed, &feed, [&](const api::ApiError& error) {
        const QDateTime now = util::SystemClock::instance().nowUtc();
        print(options.json
                ? errorJsonLine(error, now)
                : (clockPrefix(now) + QStringLiteral("  error  ") + errorTextLine(error)).toUtf8());
        lastExitCode = error.exitCode();
    });
    int polls = 0;
    QObject::connect(&feed, &feed::PriceFeed::pollFinished, &feed, [&](bool ok) {
        if (ok)
            lastExitCode = kExitOk;
        if (options.count > 0 && ++polls >= options.count) {
            feed.stop();
            quotes.afterCacheWrites(
                &feed, QuoteStack::kSharedCacheWait, [&] { QCoreApplication::exit(lastExitCode); });
        }
    });
    SignalWatcher signalWatcher;
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, &feed, [&feed](int) {
        feed.stop();
        QCoreApplication::exit(kExitOk);
    });
    quotes.whenCacheReady(&feed, QuoteStack::kSharedCacheWait, [&feed] { feed.start(); });
    return QCoreApplication::exec();
}

} // namespace oilwatch::app
