#include "app/apisetup.h"
#include "app/apistack.h"
#include "app/commands.h"
#include "app/lineoutput.h"
#include "app/quotestack.h"
#include "feed/pricefeed.h"
#include "settings/settingsstore.h"

#include <cstdio>

#include <QCoreApplication>
#include <QTextStream>

namespace oilwatch::app {

namespace {

int fail(const api::ApiError& error)
{
    QTextStream(stderr) << "oilwatch fetch: " << errorTextLine(error) << Qt::endl;
    return error.exitCode();
}

// Prints each quote, and each failure once; returns the exit code of the last failure, else kExitOk.
int printOutcomes(const QList<feed::CodeOutcome>& outcomes, bool json)
{
    int exitCode = kExitOk;
    QTextStream out(stdout);
    QStringList reported;
    for (const feed::CodeOutcome& outcome : outcomes) {
        if (!outcome.result) {
            // One failed request fails every code it asked for: say so once.
            const api::ApiError& error = outcome.result.error();
            if (error.lastValue || !reported.contains(error.describe())) {
                reported << error.describe();
                exitCode = fail(error);
                // A rejected value is data a program reads: it gets the JSON line too.
                if (json && error.suspect)
                    out << errorJsonLine(error, util::SystemClock::instance().nowUtc()) << '\n';
            }
            continue;
        }
        const api::Quote& quote = outcome.result.value();
        out << (json ? quoteJsonLine(quote, outcome.info) : quoteTextLine(quote, outcome.info).toUtf8())
            << '\n';
    }
    out.flush();
    return exitCode;
}

} // namespace

int runFetch(const FetchOptions& options)
{
    setUpLogging(options.verbose);
    auto choice = chooseApi({options.demo, options.baseUrl, options.timeoutMs});
    if (auto* error = std::get_if<api::ApiError>(&choice))
        return fail(*error);
    ApiSetup setup = std::move(std::get<ApiSetup>(choice));
    if (setup.simulated && !options.json)
        QTextStream(stderr) << "oilwatch fetch: no API key: simulated prices from the built-in simulator"
                            << Qt::endl;

    // The resilience settings saved from the window or `oilwatch config`, as watch and the dashboard use
    // them.
    const settings::LoadedResilienceSettings resilience = settings::SettingsStore().resilience();
    if (!resilience.warning.isEmpty())
        QTextStream(stderr) << "oilwatch fetch: " << resilience.warning << ": "
                            << settings::describeSettingsErrors(resilience.errors).replace('\n', "; ")
                            << Qt::endl;
    ApiStack stack(setup.config, resilience.settings);
    // A fetch counts as fresh for as long as the feed would wait before asking again.
    const auto fresh = setup.simulated ? feed::PriceFeed::kSimulatorInterval : feed::PriceFeed::kLiveInterval;
    auto quoteStack = QuoteStack::create(stack.client(), options.cacheUrl, fresh);
    if (auto* error = std::get_if<api::ApiError>(&quoteStack))
        return fail(*error);
    QuoteStack& quotes = *std::get<std::unique_ptr<QuoteStack>>(quoteStack);

    int exitCode = kExitOk;
    QObject context;
    auto fetch = [&] {
        quotes.quotes().fetch(options.codes, &context, [&](const QList<feed::CodeOutcome>& outcomes) {
            exitCode = printOutcomes(outcomes, options.json);
            quotes.afterCacheWrites(
                &context, QuoteStack::kSharedCacheWait, [&] { QCoreApplication::exit(exitCode); });
        });
    };
    quotes.whenCacheReady(&context, QuoteStack::kSharedCacheWait, fetch);
    QCoreApplication::exec();
    // Leaving the scope closes the history after the quotes this fetch appended.
    return exitCode;
}

} // namespace oilwatch::app
