#include "app/dashboard.h"

#include "app/apistack.h"
#include "app/quotestack.h"
#include "benchpanel.h"
#include "historychartview.h"
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
    return setup.simulated || api::ClientConfig::isLoopback(setup.config.baseUrl)
        ? feed::PriceFeed::kSimulatorInterval
        : feed::PriceFeed::kLiveInterval;
}

Dashboard::Dashboard(const ApiSetup& setup, ApiStack& api, QuoteStack& quotes, const QString& alertRulesPath)
    : m_quotes(quotes)
    , m_feed(quotes.quotes(), feed::PriceFeed::defaultCodes(), pollIntervalFor(setup))
    , m_backfill(api.client(), quotes.history(), util::SystemClock::instance())
    , m_rangeLoader(api.client(), quotes.history(), util::SystemClock::instance())
    , m_alerts(m_feed, api.pipeline(), util::SystemClock::instance(), alertRulesPath)
    , m_window(m_feed.codes(), modeFor(setup), util::SystemClock::instance())
{
    m_backfill.setGate(&quotes.gate());
    m_rangeLoader.setGate(&quotes.gate());
    m_rangeLoader.setMinimumGap(ui::MainWindow::kGapPolls * pollIntervalFor(setup));
    m_window.chartView()->setLoader(&m_rangeLoader);
    m_window.chartView()->setCodes(m_feed.codes());
    // The breaker and limiter registries key hosts without the port, as the pipeline sees request URLs.
    m_window.attachResilience(api.pipeline(), setup.config.baseUrl.host());
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
    QObject::connect(
        &m_backfill, &feed::HistoryBackfill::historyReady, &m_window, &ui::MainWindow::seedHistory);
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
