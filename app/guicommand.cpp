#include "api/oilpriceapiclient.h"
#include "app/apisetup.h"
#include "app/apistack.h"
#include "app/commands.h"
#include "app/dashboard.h"
#include "app/metricssetup.h"
#include "app/quotestack.h"
#include "feed/watchlist.h"
#include "logging/logging.h"
#include "mainwindow.h"
#include "settings/settingsstore.h"
#include "themechoice.h"
#include "transport/networkreachability.h"
#include "util/singleinstance.h"

#include <QApplication>
#include <QMessageBox>
#include <QPointer>
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
            logging::logger("app")->info("screenshot saved to {}", path.toStdString());
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
    // One dashboard per user: a second launch brings the first to the front. A screenshot run is a
    // headless capture (docs, CI, bug reports) that must not be swallowed by a dashboard already open.
    util::SingleInstance instance;
    if (options.screenshotPath.isEmpty()) {
        switch (instance.claim()) {
        case util::SingleInstance::Role::Secondary:
            QTextStream(stdout) << "oilwatch: already running; its window was brought to the front."
                                << Qt::endl;
            return kExitOk;
        case util::SingleInstance::Role::Alone:
            logging::logger("app")->warn(
                "cannot guard against a second instance: {}", instance.error().toStdString());
            break;
        case util::SingleInstance::Role::Primary:
            break;
        }
    }
    // Without a key: the public demo's real prices, unless the platform says there is no network or the
    // demo does not answer (then the simulator, so the first window still shows prices at once).
    transport::NetworkReachability reachability;
    reachability.loadDefaultBackend();
    ApiChoice apiChoice {options.demo, options.baseUrl, 10'000};
    apiChoice.publicDemoWithoutKey = true;
    apiChoice.offline = reachability.hasBackend() && reachability.isOffline();
    auto choice = chooseApi(apiChoice);
    if (auto* error = std::get_if<api::ApiError>(&choice))
        return refuseToStart(*error, options);
    ApiSetup setup = std::move(std::get<ApiSetup>(choice));
    if (auto error = confirmPublicDemo(setup))
        return refuseToStart(*error, options);
    logging::logger("app")->info("starting in {} mode against {}",
        setup.simulated ? "simulator" : (setup.config.publicDemo ? "public demo" : "live"),
        setup.config.hostLabel().toStdString());

    // The pipeline takes its settings at construction: what the Resilience panel saves is read here, at the
    // next start. Unusable stored settings fall back to the defaults and say so in the status bar.
    const settings::LoadedResilienceSettings resilienceSettings = settings::SettingsStore().resilience();
    if (!resilienceSettings.warning.isEmpty())
        logging::logger("app")->warn("{}: {}", resilienceSettings.warning.toStdString(),
            settings::describeSettingsErrors(resilienceSettings.errors)
                .replace(QLatin1Char('\n'), QStringLiteral("; "))
                .toStdString());
    const auto interval = Dashboard::pollIntervalFor(setup);
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
    // The cache serves what the last poll fetched and stands in when the API fails; the history (on its own
    // thread) keeps every price received, for the chart across restarts.
    // The history opens on its own thread; a file it had to move aside is shown once the window exists.
    QPointer<ui::MainWindow> windowForWarnings;
    auto quoteStack = QuoteStack::create(
        stack.client(), options.cacheUrl, interval, [&windowForWarnings](const QString& warning) {
            if (windowForWarnings)
                windowForWarnings->showStorageWarning(QStringLiteral("History reset"), warning);
        });
    if (auto* error = std::get_if<api::ApiError>(&quoteStack))
        return refuseToStart(*error, options);
    QuoteStack& quotes = *std::get<std::unique_ptr<QuoteStack>>(quoteStack);
    // --watchlist was checked for spelling when parsed; against the catalogue once one is stored.
    if (options.watchlist) {
        const std::optional<validation::Catalogue> catalogue = quotes.catalogue().stored();
        if (const auto error
            = feed::Watchlist::check(*options.watchlist, catalogue ? &*catalogue : nullptr)) {
            QTextStream(stderr) << "oilwatch: --watchlist: " << error->message << Qt::endl;
            return kExitUsage;
        }
    }
    Dashboard dashboard(setup, stack, quotes, alerts::AlertRuleStore::defaultPath(), options.watchlist);
    metrics.observe(stack, quotes, dashboard.feed());
    ui::MainWindow& window = dashboard.window();
    ui::applyTheme(settings::SettingsStore().theme());
    windowForWarnings = &window;
    QObject::connect(&instance, &util::SingleInstance::activationRequested, &window, [&window] {
        logging::logger("app")->info("a second launch asked for the window");
        window.showNormal();
        window.raise();
        window.activateWindow();
    });
    if (!resilienceSettings.warning.isEmpty())
        // Short, for a status bar already holding the breaker's state; the why is in the tooltip.
        window.showSettingsWarning(QStringLiteral("Using default settings"),
            resilienceSettings.warning + QLatin1Char('\n')
                + settings::describeSettingsErrors(resilienceSettings.errors));
    if (options.view == QLatin1String("resilience"))
        window.showResilience();
    else if (options.view == QLatin1String("alerts"))
        window.showAlerts();
    else if (options.view == QLatin1String("benchmark"))
        window.showBenchmark();
    window.show();
    dashboard.start();

    int exitCode = kExitOk;
    if (!options.screenshotPath.isEmpty())
        scheduleScreenshot(window, options, exitCode);
    const int loopCode = QApplication::exec();
    return exitCode != kExitOk ? exitCode : loopCode;
}

} // namespace oilwatch::app
