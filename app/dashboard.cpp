#include "app/dashboard.h"

#include "app/apistack.h"
#include "app/exportsources.h"
#include "app/quotestack.h"
#include "benchpanel.h"
#include "exportdialog.h"
#include "mainmenus.h"
#include "resiliencepanel.h"
#include "settings/settingsstore.h"
#include "util/clock.h"

namespace oilwatch::app {

namespace {

ui::DataMode modeFor(const ApiSetup& setup)
{
    ui::DataMode mode;
    mode.simulated = setup.simulated;
    mode.host = setup.config.hostLabel();
    mode.pollInterval = Dashboard::pollIntervalFor(setup);
    return mode;
}

} // namespace

std::chrono::milliseconds Dashboard::pollIntervalFor(const ApiSetup& setup)
{
    if (const auto chosen = settings::SettingsStore().pollInterval())
        return *chosen;
    return setup.simulated || api::ClientConfig::isLoopback(setup.config.baseUrl)
        ? feed::PriceFeed::kSimulatorInterval
        : feed::PriceFeed::kLiveInterval;
}

Dashboard::Dashboard(const ApiSetup& setup, ApiStack& api, QuoteStack& quotes, const QString& alertRulesPath)
    : m_quotes(quotes)
    , m_feed(quotes.quotes(), feed::PriceFeed::defaultCodes(), pollIntervalFor(setup))
    , m_backfill(api.client(), quotes.history(), util::SystemClock::instance())
    , m_session(m_feed, api.pipeline())
    , m_alerts(m_feed, api.pipeline(), util::SystemClock::instance(), alertRulesPath)
    , m_window(m_feed.codes(), modeFor(setup), util::SystemClock::instance())
    , m_preferences(setup, api, quotes, m_feed)
{
    m_backfill.setGate(&quotes.gate());
    // The breaker and limiter registries key hosts without the port, as the pipeline sees request URLs.
    m_window.attachResilience(api.pipeline(), setup.config.baseUrl.host());
    // Saved from the Resilience tab or Preferences, settings apply live; some wait for the next start.
    m_preferences.watchResilienceForm(m_window.resiliencePanel()->settingsForm());
    QObject::connect(
        &m_preferences, &PreferencesWiring::restartNeeded, &m_window, [this](const QString& message) {
            m_window.showSettingsWarning(QStringLiteral("Restart to apply"), message);
        });
    showCacheState(quotes);
    m_window.attachAlerts(m_alerts.engine(), m_alerts.store());
    // One status-bar warning for both: they share the settings label, and neither may hide the other.
    const QStringList problems = quotes.ignoredSettings() + m_alerts.loadErrors();
    if (!problems.isEmpty())
        m_window.showSettingsWarning(m_alerts.loadErrors().isEmpty()
                ? QStringLiteral("Some validation settings were ignored")
                : QStringLiteral("Some alert rules were skipped"),
            problems.join(QLatin1Char('\n')));
    m_reachability.loadDefaultBackend();
    m_window.attachReachability(m_reachability);
    // Benchmarks of the live API spend the user's quota with the user's key; the panel says so first.
    if (!setup.simulated)
        m_window.benchPanel()->setApiKey(setup.config.apiKey.toUtf8());

    QObject::connect(&m_feed, &feed::PriceFeed::quoteReceived, &m_window, &ui::MainWindow::onQuote);
    QObject::connect(&m_feed, &feed::PriceFeed::pollFailed, &m_window, &ui::MainWindow::onPollFailed);
    QObject::connect(&m_feed, &feed::PriceFeed::cacheStatsChanged, &m_window, &ui::MainWindow::setCacheStats);
    QObject::connect(&m_feed, &feed::PriceFeed::intervalChanged, &m_window, &ui::MainWindow::setPollInterval);
    QObject::connect(
        &m_backfill, &feed::HistoryBackfill::historyReady, &m_window, &ui::MainWindow::seedHistory);
    // F5, View → Refresh Now and the tray's Refresh: a poll now; one already under way is not doubled.
    ui::MainMenus::connect(m_window.menus().refreshAction(), [this] { m_feed.pollNow(); });
    ui::MainMenus::connect(m_window.menus().preferencesAction(), [this] { m_preferences.open(&m_window); });
    // File → Export…: not modal, so the prices keep updating while a long export runs in the background.
    const ui::ExportSources exportSources = exportSourcesFor(api, quotes, m_feed, m_alerts.engine());
    ui::MainMenus::connect(m_window.menus().exportAction(), [this, exportSources] {
        auto* dialog = new ui::ExportDialog(exportSources, &m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    m_window.restoreLayout();
}

Dashboard::~Dashboard()
{
    m_feed.stop();
}

void Dashboard::showCacheState(const QuoteStack& quotes)
{
    const CacheBackend& backend = quotes.cacheBackend();
    if (backend.warning)
        m_window.showStorageWarning(QStringLiteral("Cache reset"), *backend.warning);
    if (!backend.shared)
        return;
    const auto showShared = [this](cache::RedisState state, const QString& text) {
        m_window.setSharedCacheState(
            state == cache::RedisState::Connected ? ui::SharedCacheState::Up : ui::SharedCacheState::Down,
            text);
    };
    showShared(backend.shared->state(), backend.shared->statusText());
    QObject::connect(backend.shared, &cache::RedisCache::stateChanged, &m_window, showShared);
}

void Dashboard::start()
{
    // The validator checks units, currencies and the API's price limits once the catalogue is in; until then
    // (and offline with none stored) its built-in table applies.
    feed::QuoteGate& gate = m_quotes.gate();
    m_quotes.catalogue().load(&m_window, [&gate](const validation::Catalogue& catalogue, auto source) {
        if (source != feed::CatalogueLoader::Source::None)
            gate.setCatalogue(catalogue);
    });
    m_feed.showLastKnown();
    m_backfill.run(m_feed.codes());
    m_feed.start();
}

} // namespace oilwatch::app
