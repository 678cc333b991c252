#include "app/quotestack.h"

#include "app/validationsetup.h"
#include "cache/rediscache.h"
#include "logging/logging.h"
#include "util/clock.h"

#include <QSettings>
#include <QTimer>

namespace oilwatch::app {

namespace {

// `done`, run by whichever of the waiter's triggers comes first; the waiter (and with it the other
// triggers) goes away then.
std::function<void()> firstOf(QObject* waiter, std::function<void()> done)
{
    return [waiter, done = std::move(done)] {
        if (waiter->property("fired").toBool())
            return;
        waiter->setProperty("fired", true);
        waiter->deleteLater();
        done();
    };
}

} // namespace

std::variant<std::unique_ptr<QuoteStack>, api::ApiError> QuoteStack::create(api::OilPriceApiClient& client,
    std::optional<QUrl> cacheUrl, std::chrono::milliseconds pollInterval,
    std::function<void(const QString&)> onHistoryWarning)
{
    const util::Clock& clock = util::SystemClock::instance();
    const QString dataDirectory = privateDataDirectory();
    if (dataDirectory.isEmpty())
        return api::ApiError::make(api::ErrorKind::Local,
            QStringLiteral("cannot create the app-data folder for the cache and history"));
    auto choice = chooseCache(dataDirectory, std::move(cacheUrl));
    if (auto* error = std::get_if<api::ApiError>(&choice))
        return *error;
    auto backend = makePriceCache(std::get<CacheChoice>(choice), clock);
    if (auto* error = std::get_if<api::ApiError>(&backend))
        return *error;

    std::unique_ptr<QuoteStack> stack(new QuoteStack);
    stack->m_backend = std::move(std::get<CacheBackend>(backend));
    stack->m_history = openHistoryStore(dataDirectory, clock, onHistoryWarning);
    QSettings store;
    QStringList ignored;
    stack->m_gate = std::make_unique<feed::QuoteGate>(
        clock, stack->m_history.get(), loadValidationSettings(store, &ignored));
    for (const QString& warning : std::as_const(ignored))
        logging::logger("validation")->warn("{}", warning.toStdString());
    stack->m_ignoredSettings = ignored;
    stack->m_quotes = std::make_unique<feed::CachedQuotes>(client, *stack->m_backend.cache,
        cache::CachePolicy(clock, policyFor(pollInterval)), clock, stack->m_history.get());
    stack->m_quotes->setGate(stack->m_gate.get());
    // The catalogue stored by an earlier run, at once and without a request; the dashboard asks the API for a
    // newer one at start (Dashboard::start).
    stack->m_catalogue = std::make_unique<feed::CatalogueLoader>(client, *stack->m_backend.cache, clock);
    if (std::optional<validation::Catalogue> stored = stack->m_catalogue->stored())
        stack->m_gate->setCatalogue(std::move(*stored));
    return stack;
}

void QuoteStack::whenCacheReady(QObject* context, std::chrono::milliseconds bound, std::function<void()> go)
{
    cache::RedisCache* shared = m_backend.shared;
    auto* waiter = new QObject(context);
    const auto fire = firstOf(waiter, std::move(go));
    const bool gaveUp = shared && shared->state() == cache::RedisState::Disconnected && shared->lastError();
    if (!shared || shared->warm() || gaveUp) {
        QMetaObject::invokeMethod(waiter, fire, Qt::QueuedConnection);
        return;
    }
    QObject::connect(shared, &cache::RedisCache::synced, waiter, fire);
    QObject::connect(shared, &cache::RedisCache::stateChanged, waiter, [fire](cache::RedisState state) {
        if (state == cache::RedisState::Disconnected)
            fire();
    });
    QTimer::singleShot(bound, waiter, fire);
}

void QuoteStack::afterCacheWrites(
    QObject* context, std::chrono::milliseconds bound, std::function<void()> done)
{
    auto* waiter = new QObject(context);
    const auto fire = firstOf(waiter, std::move(done));
    if (!m_backend.shared) {
        QMetaObject::invokeMethod(waiter, fire, Qt::QueuedConnection);
        return;
    }
    m_backend.shared->afterWrites(waiter, fire);
    QTimer::singleShot(bound, waiter, fire);
}

} // namespace oilwatch::app
