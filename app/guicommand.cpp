#include "api/oilpriceapiclient.h"
#include "app/apisetup.h"
#include "app/commands.h"
#include "app/dashboardhost.h"
#include "app/metricssetup.h"
#include "logging/logging.h"
#include "mainwindow.h"
#include "settings/settingsstore.h"
#include "themechoice.h"
#include "transport/networkreachability.h"
#include "util/singleinstance.h"

#include <QApplication>
#include <QMessageBox>
#include <QTextStream>
#include <QTimer>

namespace oilwatch::app {

namespace {

// Grabs the window after the given time of live updates, saves it and quits: for docs, CI and bug reports.
void scheduleScreenshot(DashboardHost& host, const GuiOptions& options, int& exitCode)
{
    const int delayMs = static_cast<int>(options.screenshotAfterSec * 1000.0);
    QTimer::singleShot(delayMs, &host, [&host, &exitCode, path = options.screenshotPath] {
        const QPixmap image = host.session()->window().grab();
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

    auto metricsChoice = startMetrics(options.metricsListen);
    if (auto* error = std::get_if<telemetry::MetricsEndpointError>(&metricsChoice)) {
        QTextStream(stderr) << "oilwatch: " << error->message << Qt::endl;
        if (options.screenshotPath.isEmpty())
            QMessageBox::critical(nullptr, QStringLiteral("OilWatch"), error->message);
        return exitCodeFor(*error);
    }
    MetricsSetup& metrics = std::get<MetricsSetup>(metricsChoice);
    ui::applyTheme(settings::SettingsStore().theme());
    DashboardHost host(apiChoice, SessionFlags {options.cacheUrl, options.watchlist}, metrics);
    // The first window opens on the tab asked for; a window that replaces it keeps the tab the user was on.
    QObject::connect(
        &host, &DashboardHost::sessionShown, &host,
        [&options, &host] {
            DashboardSession& session = *host.session();
            if (options.view == QLatin1String("resilience"))
                session.window().showResilience();
            else if (options.view == QLatin1String("alerts"))
                session.window().showAlerts();
            else if (options.view == QLatin1String("benchmark"))
                session.window().showBenchmark();
        },
        Qt::SingleShotConnection);
    if (auto error = host.open(std::move(setup)))
        return refuseToStart(*error, options);
    QObject::connect(&instance, &util::SingleInstance::activationRequested, &host, [&host] {
        logging::logger("app")->info("a second launch asked for the window");
        ui::MainWindow& window = host.session()->window();
        window.showNormal();
        window.raise();
        window.activateWindow();
    });

    int exitCode = kExitOk;
    if (!options.screenshotPath.isEmpty())
        scheduleScreenshot(host, options, exitCode);
    const int loopCode = QApplication::exec();
    return exitCode != kExitOk ? exitCode : loopCode;
}

} // namespace oilwatch::app
