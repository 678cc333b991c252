#include "app/dashboardhost.h"

#include "app/metricssetup.h"
#include "logging/logging.h"
#include "mainwindow.h"

#include <QStatusBar>

namespace oilwatch::app {

namespace {

constexpr int kSwitchMessageMs = 15'000;

} // namespace

DashboardHost::DashboardHost(ApiChoice choice, SessionFlags flags, MetricsSetup& metrics, QObject* parent)
    : QObject(parent)
    , m_choice(std::move(choice))
    , m_flags(std::move(flags))
    , m_metrics(metrics)
{ }

DashboardHost::~DashboardHost() = default;

std::optional<api::ApiError> DashboardHost::open(ApiSetup setup)
{
    auto opened = DashboardSession::open(std::move(setup), m_flags, m_metrics.registry());
    if (auto* error = std::get_if<api::ApiError>(&opened))
        return *error;
    m_session = std::move(std::get<std::unique_ptr<DashboardSession>>(opened));
    attach(*m_session);
    m_session->window().show();
    m_session->dashboard().start();
    Q_EMIT sessionShown();
    return std::nullopt;
}

void DashboardHost::attach(DashboardSession& session)
{
    m_metrics.observe(session.api(), session.quotes(), session.dashboard().feed());
    // Queued: the session that asks is replaced, so the switch must not run inside its own signal.
    connect(&session.dashboard().preferences(), &PreferencesWiring::sourceChanged, this,
        &DashboardHost::switchSource, Qt::QueuedConnection);
}

QStringList DashboardHost::applicable(const QStringList& changed, QStringList* pinned) const
{
    const bool haveKey = m_session && !m_session->dashboard().preferences().currentKey().key.isEmpty();
    QStringList apply;
    for (const QString& what : changed) {
        QString reason;
        if (what == QLatin1String("api.base_url")) {
            if (m_choice.baseUrl)
                reason = QStringLiteral("--base-url stays in use for this run");
            else if (m_choice.forceDemo)
                reason = QStringLiteral("--demo keeps the simulator for this run");
            else if (!haveKey)
                // Without a key the dashboard shows the public demo of the real API, wherever that points.
                reason = QStringLiteral("it is used once an API key is set");
        } else if (what.startsWith(QLatin1String("cache."))) {
            if (m_flags.cacheUrl)
                reason = QStringLiteral("--cache-url stays in use for this run");
            else if (!qEnvironmentVariableIsEmpty("OILWATCH_CACHE_URL"))
                reason = QStringLiteral("OILWATCH_CACHE_URL is set and stays in use");
        } else if (m_choice.forceDemo) {
            reason = QStringLiteral("--demo keeps the simulator for this run");
        }
        if (reason.isEmpty())
            apply << what;
        else
            *pinned << QStringLiteral("%1 saved; %2").arg(what, reason);
    }
    return apply;
}

void DashboardHost::switchSource(const QStringList& changed)
{
    if (!m_session)
        return;
    QStringList pinned;
    const QStringList apply = applicable(changed, &pinned);
    if (!pinned.isEmpty())
        m_session->window().showSettingsWarning(
            QStringLiteral("Saved, not applied"), pinned.join(QLatin1Char('\n')));
    if (apply.isEmpty())
        return;

    ApiChoice choice = m_choice;
    // The key in hand: the keychain is not asked again under a live window.
    choice.knownKey = m_session->dashboard().preferences().currentKey();
    auto chosen = chooseApi(choice);
    if (auto* error = std::get_if<api::ApiError>(&chosen)) {
        m_session->window().showSettingsWarning(QStringLiteral("Could not switch"), error->describe());
        return;
    }
    const QString what = apply.join(QStringLiteral(", "));
    if (replaceWith(std::move(std::get<ApiSetup>(chosen))))
        return;
    logging::logger("app")->info(
        "{} changed: now on {}", what.toStdString(), m_session->setup().config.hostLabel().toStdString());
    m_session->window().statusBar()->showMessage(
        QStringLiteral("%1 changed: now on %2").arg(what, m_session->setup().config.hostLabel()),
        kSwitchMessageMs);
}

std::optional<api::ApiError> DashboardHost::replaceWith(ApiSetup setup)
{
    ui::MainWindow& old = m_session->window();
    const bool visible = old.isVisible();
    // The new window opens where the old one was, on the same tab.
    old.saveLayout();
    auto opened = DashboardSession::open(std::move(setup), m_flags, m_metrics.registry());
    if (auto* error = std::get_if<api::ApiError>(&opened)) {
        old.showSettingsWarning(QStringLiteral("Could not switch"), error->describe());
        return *error;
    }
    std::unique_ptr<DashboardSession> next = std::move(std::get<std::unique_ptr<DashboardSession>>(opened));
    attach(*next);
    if (visible)
        next->window().show();
    next->dashboard().start();
    m_session = std::move(next); // the old window, its stacks and its simulator go now
    Q_EMIT sessionShown();
    return std::nullopt;
}

} // namespace oilwatch::app
