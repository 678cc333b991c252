#include "app/preferenceswiring.h"

#include "app/apistack.h"
#include "app/cachesetup.h"
#include "app/dashboard.h"
#include "app/quotestack.h"
#include "cache/redisconnection.h"
#include "feed/pricefeed.h"
#include "logging/logging.h"
#include "logging/redaction.h"
#include "resiliencesettingsform.h"
#include "themechoice.h"
#include "util/clock.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <QTimer>
#include <QWidget>

namespace oilwatch::app {

PreferencesWiring::PreferencesWiring(
    const ApiSetup& setup, ApiStack& api, QuoteStack& quotes, feed::PriceFeed& feed, QObject* parent)
    : QObject(parent)
    , m_setup(setup)
    , m_api(api)
    , m_quotes(quotes)
    , m_feed(feed)
    , m_key {
          setup.keySource == secrets::KeySource::None ? QString() : setup.config.apiKey, setup.keySource, {}}
{
    // The plan's quota as the API last stated it, for the poll interval's cost.
    connect(&m_feed, &feed::PriceFeed::quoteReceived, this,
        [this](const api::Quote&, const api::FetchInfo& info) {
            if (info.rateLimit.limit > 0) {
                m_knownLimit = info.rateLimit.limit;
                m_knownLimitWindow = info.rateLimit.window;
            }
        });
}

PreferencesWiring::~PreferencesWiring() = default;

std::chrono::milliseconds PreferencesWiring::pollInterval() const
{
    return m_feed.interval();
}

ui::PreferencesServices PreferencesWiring::services()
{
    ui::PreferencesServices services;
    services.testConnection = [this](const QString& key, const QUrl& url, QObject* context, auto done) {
        testConnection(key, url, context, std::move(done));
    };
    services.testCache
        = [this](const QUrl& url, QObject* context, auto done) { testCache(url, context, std::move(done)); };
    services.keychain = m_keychain;
    services.session = &m_session;
    services.keySource = m_key.source;
    services.knownLimit = m_knownLimit;
    services.knownLimitWindow = m_knownLimitWindow;
    return services;
}

void PreferencesWiring::open(QWidget* parent)
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    m_dialog = new ui::PreferencesDialog(m_store, services(), m_api.pipeline().settings(), parent);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_dialog->resilienceForm()->setAppliesLive(true);
    watchResilienceForm(m_dialog->resilienceForm());
    connect(m_dialog, &ui::PreferencesDialog::applied, this, &PreferencesWiring::apply);
    connect(m_dialog, &ui::PreferencesDialog::apiKeyChanged, this, &PreferencesWiring::useApiKey);
    m_dialog->open();
}

void PreferencesWiring::watchResilienceForm(ui::ResilienceSettingsForm* form)
{
    form->setAppliesLive(true);
    connect(form, &ui::ResilienceSettingsForm::saved, this,
        [this](const resilience::ResilienceSettings& settings) { m_api.pipeline().setSettings(settings); });
}

void PreferencesWiring::apply(const QStringList& changedKeys)
{
    if (changedKeys.contains(QStringLiteral("look.theme")))
        ui::applyTheme(m_store.theme());
    if (changedKeys.contains(QStringLiteral("poll.interval_s"))) {
        const auto interval = Dashboard::pollIntervalFor(m_setup);
        m_feed.setInterval(interval);
        // A poll must be over, retries and waits included, before the next one is due.
        m_api.client().setTotalDeadline(interval);
        m_quotes.quotes().setPolicySettings(policyFor(interval));
        logging::logger("app")->info("poll interval now {} ms", qint64(interval.count()));
    }
    if (changedKeys.contains(QStringLiteral("resilience")))
        m_api.pipeline().setSettings(m_store.resilience().settings);
    QStringList source;
    for (const QString& key : changedKeys) {
        if (key == QLatin1String("api.base_url") || key.startsWith(QLatin1String("cache.")))
            source << key;
    }
    if (!source.isEmpty())
        Q_EMIT sourceChanged(source);
}

void PreferencesWiring::useApiKey(const QString& key, secrets::KeySource source)
{
    logging::registerSecret(key);
    if (m_key.source == secrets::KeySource::Environment) {
        Q_EMIT notApplied(QStringLiteral("Key saved; OILPRICEAPI_KEY is set and stays in use"));
        return;
    }
    const bool hadKey = !m_key.key.isEmpty();
    m_key = secrets::ResolvedKey {key, source, {}};
    if (!hadKey || m_setup.config.builtInSimulator || m_setup.config.publicDemo) {
        // The demo or the simulator ran for want of a key: live prices come from another origin.
        Q_EMIT sourceChanged({QStringLiteral("the API key")});
        return;
    }
    m_api.client().setApiKey(key);
    logging::logger("app")->info(
        "API key replaced ({}); used from the next request", secrets::keySourceName(source).toStdString());
}

void PreferencesWiring::testConnection(const QString& typedKey, const QUrl& baseUrl, QObject* context,
    std::function<void(const ui::ConnectionTestResult&)> done)
{
    api::ClientConfig config;
    config.baseUrl = baseUrl;
    config.apiKey = typedKey.isEmpty() ? m_api.client().config().apiKey : typedKey;
    logging::registerSecret(config.apiKey);
    if (const auto invalid = config.validate()) {
        ui::ConnectionTestResult refused;
        refused.message = invalid->describe();
        QTimer::singleShot(0, context, [done, refused] { done(refused); });
        return;
    }
    // A client of its own on a transport of its own: the test neither waits behind the dashboard's polls
    // nor trips its breaker. QNAM answers asynchronously: nothing blocks the GUI thread.
    auto client = std::make_shared<api::OilPriceApiClient>(config, m_testNetwork);
    client->latest(QStringLiteral("BRENT_CRUDE_USD"), context,
        [client, done](const api::Result<api::Quote>& result, const api::FetchInfo& info) {
            ui::ConnectionTestResult out;
            out.ok = result.ok();
            out.message = result.ok() ? QStringLiteral("answered in %1 ms").arg(info.latencyMs)
                                      : logging::redactSecrets(result.error().describe());
            const api::RateLimitInfo& limits = result.ok() ? info.rateLimit : result.error().rateLimit;
            out.limit = limits.limit;
            out.remaining = limits.remaining;
            out.window = limits.window;
            done(out);
        });
}

void PreferencesWiring::testCache(
    const QUrl& url, QObject* context, std::function<void(const ui::CacheTestResult&)> done)
{
    const auto parsed = cache::RedisUrl::parse(url.toString());
    if (!parsed) {
        QTimer::singleShot(0, context, [done, message = parsed.error().message] { done({false, message}); });
        return;
    }
    // hiredis on the event loop (RedisQtAdapter): connecting and PING never block the GUI thread.
    struct Probe
    {
        util::QtScheduler scheduler;
        util::SeededRandom random {1};
        std::unique_ptr<cache::RedisConnection> connection;
        bool finished = false;
    };
    auto probe = std::make_shared<Probe>();
    cache::RedisConnectionSettings settings;
    settings.name = QStringLiteral("preferences test");
    probe->connection
        = std::make_unique<cache::RedisConnection>(parsed.value(), probe->scheduler, probe->random, settings);
    const qint64 started = util::SystemClock::instance().monotonicMs();
    // The probe lives until it has an answer or the bound passed, whoever asked; `done` runs only while
    // the asker (`context`) lives.
    QPointer<QObject> asker(context);
    auto finish = [probe, done, asker](bool ok, const QString& message) {
        if (probe->finished)
            return;
        probe->finished = true;
        if (asker)
            done({ok, message});
        // Not from inside its own signal: released from the event loop.
        QTimer::singleShot(0, [probe] { probe->connection.reset(); });
    };
    cache::RedisConnection* connection = probe->connection.get();
    connect(connection, &cache::RedisConnection::stateChanged, connection,
        [connection, finish, started](cache::RedisState state, const QString& reason) {
            if (state == cache::RedisState::Connected) {
                connection->command({QByteArrayLiteral("PING")}, connection,
                    [finish, started](const cache::RedisResult& reply) {
                        const qint64 ms = util::SystemClock::instance().monotonicMs() - started;
                        if (reply)
                            finish(true, QStringLiteral("connected, PING answered in %1 ms").arg(ms));
                        else
                            finish(false, reply.error().message);
                    });
            } else if (state != cache::RedisState::Connecting) {
                finish(false, reason);
            }
        });
    QTimer::singleShot(
        6'000, connection, [finish] { finish(false, QStringLiteral("no answer within 6 s")); });
    connection->start();
}

} // namespace oilwatch::app
