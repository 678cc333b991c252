#pragma once

#include "app/apisetup.h"
#include "app/apistack.h"
#include "app/dashboard.h"
#include "app/quotestack.h"

#include <memory>
#include <optional>
#include <variant>

#include <QStringList>
#include <QUrl>

namespace oilwatch::telemetry {
class MetricsRegistry;
}

namespace oilwatch::app {

// What a dashboard is built from besides the API choice: the flags of this run.
struct SessionFlags
{
    std::optional<QUrl> cacheUrl; // --cache-url; unset: OILWATCH_CACHE_URL, else the settings
    std::optional<QStringList> watchlist; // --watchlist: shown, not saved
    QString alertRulesPath = alerts::AlertRuleStore::defaultPath();
};

// One API choice's whole object graph, in the order it is built: the choice (and the built-in simulator,
// when that is it), the network and resilience pipeline, the cache and history for that origin, and the
// dashboard on them. Everything a price passes through belongs to one origin, so switching the endpoint,
// the cache or from the demo to a key builds a new session rather than swapping parts under a running one
// (a cached price of one server must never be shown as another's). Lives on the GUI thread.
class DashboardSession
{
public:
    // The dashboard is built but not shown or started. An error when the cache or the history cannot be
    // opened (the app-data folder, a bad --cache-url).
    static std::variant<std::unique_ptr<DashboardSession>, api::ApiError> open(
        ApiSetup setup, const SessionFlags& flags, telemetry::MetricsRegistry* metrics);
    DashboardSession(const DashboardSession&) = delete;
    DashboardSession& operator=(const DashboardSession&) = delete;
    ~DashboardSession();

    const ApiSetup& setup() const { return m_setup; }
    ApiStack& api() { return *m_api; }
    QuoteStack& quotes() { return *m_quotes; }
    Dashboard& dashboard() { return *m_dashboard; }
    ui::MainWindow& window() { return m_dashboard->window(); }

private:
    explicit DashboardSession(ApiSetup setup);

    ApiSetup m_setup; // the stacks and the dashboard keep references into it
    std::unique_ptr<ApiStack> m_api;
    std::unique_ptr<QuoteStack> m_quotes;
    std::unique_ptr<Dashboard> m_dashboard;
    // Set once the window exists: a history file moved aside while opening is shown there.
    std::shared_ptr<QPointer<ui::MainWindow>> m_warningsTo;
};

} // namespace oilwatch::app
