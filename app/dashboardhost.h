#pragma once

#include "app/apisetup.h"
#include "app/dashboardsession.h"

#include <functional>
#include <memory>
#include <optional>

#include <QObject>
#include <QStringList>

namespace oilwatch::app {

struct MetricsSetup;

// Keeps the one dashboard of the process, and builds a new one when a saved setting changes where prices
// come from (the endpoint, the cache backend, or a key where the demo or the simulator ran): a new session
// for the new origin, no restart. The old window stays until the new one is up, in the same place with the
// same tab; if the new one cannot be built, the old one stays and its status bar says why. Flags of this
// run (--base-url, --demo, --cache-url) keep winning over what is saved, as at start.
class DashboardHost final : public QObject
{
    Q_OBJECT
public:
    // `choice` and `flags` are this run's; `metrics` (may hold nothing) must outlive the host.
    DashboardHost(ApiChoice choice, SessionFlags flags, MetricsSetup& metrics, QObject* parent = nullptr);
    ~DashboardHost() override;

    // The first dashboard, on `setup`: built, shown and started. An error when it cannot be built.
    std::optional<api::ApiError> open(ApiSetup setup);
    DashboardSession* session() const { return m_session.get(); }

    // What `changed` (see PreferencesWiring::sourceChanged) asks for: a new session when any of it applies to
    // this run. Runs from the event loop, never inside a signal of the session it replaces.
    void switchSource(const QStringList& changed);

Q_SIGNALS:
    // A new session is shown (after open and after every switch).
    void sessionShown();

private:
    // What of `changed` this run's flags leave to the settings; the rest is said in the status bar.
    QStringList applicable(const QStringList& changed, QStringList* pinned) const;
    std::optional<api::ApiError> replaceWith(ApiSetup setup);
    void attach(DashboardSession& session);

    ApiChoice m_choice;
    SessionFlags m_flags;
    MetricsSetup& m_metrics;
    std::unique_ptr<DashboardSession> m_session;
};

} // namespace oilwatch::app
