#include "app/quotestack.h"

#include "util/clock.h"

namespace oilwatch::app {

std::variant<std::unique_ptr<QuoteStack>, api::ApiError> QuoteStack::create(api::OilPriceApiClient& client,
    std::optional<QUrl> cacheUrl, std::chrono::milliseconds pollInterval,
    std::function<void(const QString&)> onHistoryWarning)
{
    const util::Clock& clock = util::SystemClock::instance();
    const QString dataDirectory = privateDataDirectory();
    if (dataDirectory.isEmpty())
        return api::ApiError::make(api::ErrorKind::Config,
            QStringLiteral("cannot create the app-data folder for the cache and history"));
    auto choice = chooseCache(dataDirectory, std::move(cacheUrl));
    if (auto* error = std::get_if<api::ApiError>(&choice))
        return *error;
    auto backend = makePriceCache(std::get<CacheChoice>(choice), clock);
    if (auto* error = std::get_if<api::ApiError>(&backend))
        return *error;

    std::unique_ptr<QuoteStack> stack(new QuoteStack);
    stack->m_backend = std::move(std::get<CacheBackend>(backend));
    stack->m_history = openHistoryStore(dataDirectory, clock, std::move(onHistoryWarning));
    stack->m_quotes = std::make_unique<feed::CachedQuotes>(client, *stack->m_backend.cache,
        cache::CachePolicy(clock, policyFor(pollInterval)), clock, stack->m_history.get());
    return stack;
}

} // namespace oilwatch::app
