#include "app/dashboard.h"

#include "app/apistack.h"
#include "app/exportsources.h"
#include "app/pollinterval.h"
#include "app/quotestack.h"
#include "benchpanel.h"
#include "exportdialog.h"
#include "historychartview.h"
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
    mode.publicDemo = setup.config.publicDemo;
    mode.host = setup.config.hostLabel();
    mode.pollInterval = Dashboard::pollIntervalFor(setup);
    return mode;
}

} // namespace

// What to watch at start: this run's codes, else the saved list (codes the stored catalogue no longer
// knows dropped), else the default five.
QStringList initialCodes(
    QuoteStack& quotes, const feed::WatchlistStore& store, const std::optional<QStringList>& forThisRun)
{
    if (forThisRun)
        return *forThisRun;
    const std::optional<validation::Catalogue> catalogue = quotes.catalogue().stored();
    return feed::Watchlist::loadCodes(
        store, feed::PriceFeed::defaultCodes(), catalogue ? &*catalogue : nullptr);
}

QString catalogueNote(feed::CatalogueLoader::Source source)
{
    switch (source) {
    case feed::CatalogueLoader::Source::Api:
        return QStringLiteral("loaded from the API just now");
    case feed::CatalogueLoader::Source::Cache:
        return QStringLiteral("from the cache (loaded within the last day)");
    case feed::CatalogueLoader::Source::StaleCache:
        return QStringLiteral("from the cache: the API could not be reached (offline?)");
    case feed::CatalogueLoader::Source::None:
        break;
    }
    return QStringLiteral("the API could not be reached and none is stored");
}

std::chrono::milliseconds Dashboard::pollIntervalFor(const ApiSetup& setup)
{
    return pollInterval(setup.config, settings::SettingsStore().pollInterval());
}

Dashboard::Dashboard(const ApiSetup& setup, ApiStack& api, QuoteStack& quotes, const QString& alertRulesPath,
    const std::optional<QStringList>& codesForThisRun)
    : m_quotes(quotes)
    , m_watchlist(initialCodes(quotes, m_watchlistStore, codesForThisRun))
    , m_feed(quotes.quotes(), m_watchlist.codes(), pollIntervalFor(setup))
    , m_backfill(api.client(), quotes.history(), util::SystemClock::instance())
    , m_session(m_feed, api.pipeline())
    , m_rangeLoader(api.client(), quotes.history(), util::SystemClock::instance())
    , m_alerts(m_feed, api.pipeline(), util::SystemClock::instance(), alertRulesPath)
    , m_window(m_feed.codes(), modeFor(setup), util::SystemClock::instance())
    , m_preferences(setup, api, quotes, m_feed)
{
    m_backfill.setGate(&quotes.gate());
    m_rangeLoader.setGate(&quotes.gate());
    m_rangeLoader.setMinimumGap(ui::MainWindow::kGapPolls * pollIntervalFor(setup));
    m_window.chartView()->setLoader(&m_rangeLoader);
    m_window.chartView()->setCodes(m_feed.codes());
    // The breaker and limiter registries key hosts without the port, as the pipeline sees request URLs.
    m_window.attachResilience(api.pipeline(), setup.config.baseUrl.host());
    // Saved from the Resilience tab or Preferences, settings apply live; what this run's flags pin says so.
    m_preferences.watchResilienceForm(m_window.resiliencePanel()->settingsForm());
    QObject::connect(
        &m_preferences, &PreferencesWiring::notApplied, &m_window, [this](const QString& message) {
            m_window.showSettingsWarning(QStringLiteral("Saved, not applied"), message);
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
    // A range chosen while the start-up backfill ran was read before it stored its part: read it again.
    QObject::connect(
        &m_backfill, &feed::HistoryBackfill::finished, &m_window, [this] { m_window.chartView()->reload(); });

    // The watchlist decides; the window, the feed (next poll, new codes at once) and the backfill follow.
    if (!codesForThisRun)
        m_watchlist.setStore(&m_watchlistStore);
    if (const std::optional<validation::Catalogue> stored = quotes.catalogue().stored())
        m_watchlist.setCatalogue(*stored);
    m_window.attachWatchlist(m_watchlist);
    ui::MainMenus::connect(m_window.menus().watchlistAction(), [this] { m_window.editWatchlist(); });
    // The demo's "Add API key…" offer opens Preferences on the key.
    QObject::connect(
        &m_window, &ui::MainWindow::addApiKeyRequested, &m_window, [this] { m_preferences.open(&m_window); });
    QObject::connect(&m_watchlist, &feed::Watchlist::changed, &m_feed,
        [this](const QStringList& codes, const QStringList& added) {
            m_feed.setCodes(codes);
            if (!added.isEmpty())
                m_backfill.run(added);
        });

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
    m_quotes.catalogue().load(&m_window, [this, &gate](const validation::Catalogue& catalogue, auto source) {
        if (source != feed::CatalogueLoader::Source::None) {
            gate.setCatalogue(catalogue);
            m_watchlist.setCatalogue(catalogue);
        }
        m_window.setCatalogueNote(catalogueNote(source));
    });
    m_feed.showLastKnown();
    m_backfill.run(m_feed.codes());
    m_feed.start();
}

} // namespace oilwatch::app
