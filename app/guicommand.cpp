#include "api/oilpriceapiclient.h"
#include "app/apisetup.h"
#include "app/apistack.h"
#include "app/commands.h"
#include "app/metricssetup.h"
#include "app/quotestack.h"
#include "benchpanel.h"
#include "feed/historybackfill.h"
#include "feed/pricefeed.h"
#include "mainwindow.h"
#include "resiliencesettingsstore.h"
#include "telemetry/logging.h"
#include "transport/networkreachability.h"

#include <QApplication>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QTextStream>
#include <QTimer>

namespace oilwatch::app {

namespace {

// Grabs the window after the given time of live updates, saves it and quits: for docs, CI and bug reports.
void scheduleScreenshot(QWidget& window, const GuiOptions& options, int& exitCode)
{
    const int delayMs = static_cast<int>(options.screenshotAfterSec * 1000.0);
    QTimer::singleShot(delayMs, &window, [&window, &exitCode, path = options.screenshotPath] {
        const QPixmap image = window.grab();
        if (image.isNull() || !image.save(path, "PNG")) {
            QTextStream(stderr) << "oilwatch: cannot write the screenshot to " << path << Qt::endl;
            exitCode = kExitFailure;
        } else {
            telemetry::logger("app")->info("screenshot saved to {}", path.toStdString());
        }
        QApplication::exit(exitCode);
    });
}

// Says why the dashboard cannot start, in a dialog unless it runs headless for a screenshot.
int refuseToStart(const api::ApiError& error, const GuiOptions& options)
{
    QTextStream(stderr) << "oilwatch: " << error.describe() << Qt::endl;
    if (options.screenshotPath.isEmpty())
        QMessageBox::critical(nullptr, QStringLiteral("OilWatch"), error.describe());
    return error.exitCode();
}

} // namespace

int runGui(const GuiOptions& options)
{
    setUpLogging(options.verbose);
    auto choice = chooseApi({options.demo, options.baseUrl, 10'000});
    if (auto* error = std::get_if<api::ApiError>(&choice))
        return refuseToStart(*error, options);
    ApiSetup setup = std::move(std::get<ApiSetup>(choice));
    telemetry::logger("app")->info("starting in {} mode against {}", setup.simulated ? "simulator" : "live",
        setup.config.hostLabel().toStdString());

    // The pipeline takes its settings at construction: what the Resilience panel saves is read here, at the
    // next start. Unusable stored settings fall back to the defaults and say so in the status bar.
    QSettings store;
    const ui::LoadedResilienceSettings resilienceSettings = ui::loadResilienceSettings(store);
    if (!resilienceSettings.warning.isEmpty())
        telemetry::logger("app")->warn("{}: {}", resilienceSettings.warning.toStdString(),
            ui::describeSettingsErrors(resilienceSettings.errors)
                .replace(QLatin1Char('\n'), QStringLiteral("; "))
                .toStdString());
    // A simulator on this machine (built in, or `oilwatch sim` through --base-url) costs no quota: poll it
    // often.
    const auto interval = setup.simulated || api::ClientConfig::isLoopback(setup.config.baseUrl)
        ? feed::PriceFeed::kSimulatorInterval
        : feed::PriceFeed::kLiveInterval;
    // A poll must be over, retries and waits included, before the next one is due.
    setup.config.totalDeadline = interval;
    auto metricsChoice = startMetrics(options.metricsListen);
    if (auto* error = std::get_if<telemetry::MetricsEndpointError>(&metricsChoice)) {
        QTextStream(stderr) << "oilwatch: " << error->message << Qt::endl;
        if (options.screenshotPath.isEmpty())
            QMessageBox::critical(nullptr, QStringLiteral("OilWatch"), error->message);
        return exitCodeFor(*error);
    }
    MetricsSetup& metrics = std::get<MetricsSetup>(metricsChoice);
    ApiStack stack(setup.config, resilienceSettings.settings, metrics.registry());
    api::OilPriceApiClient& client = stack.client();
    // The cache serves what the last poll fetched and stands in when the API fails; the history (on its own
    // thread) keeps every price received, for the chart across restarts.
    // The history opens on its own thread; a file it had to move aside is shown once the window exists.
    QPointer<ui::MainWindow> windowForWarnings;
    auto quoteStack = QuoteStack::create(
        client, options.cacheUrl, interval, [&windowForWarnings](const QString& warning) {
            if (windowForWarnings)
                windowForWarnings->showStorageWarning(QStringLiteral("History reset"), warning);
        });
    if (auto* error = std::get_if<api::ApiError>(&quoteStack))
        return refuseToStart(*error, options);
    QuoteStack& quotes = *std::get<std::unique_ptr<QuoteStack>>(quoteStack);
    feed::PriceFeed feed(quotes.quotes(), feed::PriceFeed::defaultCodes(), interval);
    feed::HistoryBackfill backfill(client, quotes.history(), util::SystemClock::instance());
    metrics.observe(stack, quotes, feed);

    ui::DataMode mode;
    mode.simulated = setup.simulated;
    mode.host = setup.config.hostLabel();
    mode.pollInterval = interval;
    ui::MainWindow window(feed.codes(), mode, util::SystemClock::instance());
    windowForWarnings = &window;
    // The breaker and limiter registries key hosts without the port, as the pipeline sees request URLs.
    window.attachResilience(stack.pipeline(), setup.config.baseUrl.host());
    if (!resilienceSettings.warning.isEmpty())
        // Short, for a status bar already holding the breaker's state; the why is in the tooltip.
        window.showSettingsWarning(QStringLiteral("Using default settings"),
            resilienceSettings.warning + QLatin1Char('\n')
                + ui::describeSettingsErrors(resilienceSettings.errors));
    const CacheBackend& backend = quotes.cacheBackend();
    if (backend.warning)
        window.showStorageWarning(QStringLiteral("Cache reset"), *backend.warning);
    if (backend.shared) {
        const auto showShared = [&window](cache::RedisState state, const QString& text) {
            window.setSharedCacheState(
                state == cache::RedisState::Connected ? ui::SharedCacheState::Up : ui::SharedCacheState::Down,
                text);
        };
        showShared(backend.shared->state(), backend.shared->statusText());
        QObject::connect(backend.shared, &cache::RedisCache::stateChanged, &window, showShared);
    }
    transport::NetworkReachability reachability;
    reachability.loadDefaultBackend();
    window.attachReachability(reachability);
    // Benchmarks of the live API spend the user's quota with the user's key; the panel says so first.
    if (!setup.simulated)
        window.benchPanel()->setApiKey(setup.config.apiKey.toUtf8());

    QObject::connect(&feed, &feed::PriceFeed::quoteReceived, &window, &ui::MainWindow::onQuote);
    QObject::connect(&feed, &feed::PriceFeed::pollFailed, &window, &ui::MainWindow::onPollFailed);
    QObject::connect(&feed, &feed::PriceFeed::cacheStatsChanged, &window, &ui::MainWindow::setCacheStats);
    QObject::connect(&backfill, &feed::HistoryBackfill::historyReady, &window, &ui::MainWindow::seedHistory);
    if (options.view == QLatin1String("resilience"))
        window.showResilience();
    else if (options.view == QLatin1String("benchmark"))
        window.showBenchmark();
    window.show();
    // The last stored prices at once, marked with their age, before the network answers; then the stored
    // week to the chart (codes never seen are backfilled from past_week on the way), then live polls.
    feed.showLastKnown();
    backfill.run(feed.codes());
    feed.start();

    int exitCode = kExitOk;
    if (!options.screenshotPath.isEmpty())
        scheduleScreenshot(window, options, exitCode);
    const int loopCode = QApplication::exec();
    feed.stop();
    return exitCode != kExitOk ? exitCode : loopCode;
}

} // namespace oilwatch::app
