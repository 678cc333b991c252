#include "app/dashboardsession.h"

#include "feed/watchlist.h"
#include "logging/logging.h"
#include "settings/settingsstore.h"

#include <QPointer>

namespace oilwatch::app {

DashboardSession::DashboardSession(ApiSetup setup)
    : m_setup(std::move(setup))
    , m_warningsTo(std::make_shared<QPointer<ui::MainWindow>>())
{ }

DashboardSession::~DashboardSession()
{
    // The dashboard first (it stops the feed), then what it polled through, then the simulator.
    m_dashboard.reset();
    m_quotes.reset();
    m_api.reset();
}

std::variant<std::unique_ptr<DashboardSession>, api::ApiError> DashboardSession::open(
    ApiSetup setup, const SessionFlags& flags, telemetry::MetricsRegistry* metrics)
{
    // Unusable stored resilience settings fall back to the defaults and say so in the status bar.
    const settings::LoadedResilienceSettings resilience = settings::SettingsStore().resilience();
    if (!resilience.warning.isEmpty())
        logging::logger("app")->warn("{}: {}", resilience.warning.toStdString(),
            settings::describeSettingsErrors(resilience.errors)
                .replace(QLatin1Char('\n'), QStringLiteral("; "))
                .toStdString());
    const auto interval = Dashboard::pollIntervalFor(setup);
    // A poll must be over, retries and waits included, before the next one is due.
    setup.config.totalDeadline = interval;

    std::unique_ptr<DashboardSession> session(new DashboardSession(std::move(setup)));
    session->m_api = std::make_unique<ApiStack>(session->m_setup.config, resilience.settings, metrics);
    // The cache serves what the last poll fetched and stands in when the API fails; the history (on its own
    // thread) keeps every price received, for the chart across restarts. A history file it had to move
    // aside is shown once the window exists.
    auto quotes = QuoteStack::create(session->api().client(), flags.cacheUrl, interval,
        [warningsTo = session->m_warningsTo](const QString& warning) {
            if (*warningsTo)
                (*warningsTo)->showStorageWarning(QStringLiteral("History reset"), warning);
        });
    if (auto* error = std::get_if<api::ApiError>(&quotes))
        return *error;
    session->m_quotes = std::move(std::get<std::unique_ptr<QuoteStack>>(quotes));
    // --watchlist was checked for spelling when parsed; against this origin's catalogue once one is stored.
    if (flags.watchlist) {
        const std::optional<validation::Catalogue> catalogue = session->quotes().catalogue().stored();
        if (const auto error = feed::Watchlist::check(*flags.watchlist, catalogue ? &*catalogue : nullptr))
            return api::ApiError::make(
                api::ErrorKind::Config, QStringLiteral("--watchlist: ") + error->message);
    }
    session->m_dashboard = std::make_unique<Dashboard>(
        session->m_setup, session->api(), session->quotes(), flags.alertRulesPath, flags.watchlist);
    *session->m_warningsTo = &session->window();
    if (!resilience.warning.isEmpty())
        // Short, for a status bar already holding the breaker's state; the why is in the tooltip.
        session->window().showSettingsWarning(QStringLiteral("Using default settings"),
            resilience.warning + QLatin1Char('\n') + settings::describeSettingsErrors(resilience.errors));
    return session;
}

} // namespace oilwatch::app
