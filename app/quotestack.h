#pragma once

#include "app/cachesetup.h"
#include "feed/cachedquotes.h"
#include "feed/catalogueloader.h"
#include "feed/quotegate.h"
#include "storage/historystore.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

#include <QUrl>

namespace oilwatch::api {
class OilPriceApiClient;
}

namespace oilwatch::app {

// The cache, the price history and the quote gate (validation and quarantine) in front of a client: what
// fetch, watch and the dashboard poll through, built the same way for all three, so every live quote any of
// them shows has passed the validator. Lives on one thread, after the client it uses.
class QuoteStack
{
public:
    // The cache backend from --cache-url / OILWATCH_CACHE_URL, the history in the data folder; values
    // younger than pollInterval are served from the cache.
    // `onHistoryWarning` hears when the history file was unusable (see openHistoryStore), and about
    // validation settings that were ignored (loadValidationSettings).
    static std::variant<std::unique_ptr<QuoteStack>, api::ApiError> create(api::OilPriceApiClient& client,
        std::optional<QUrl> cacheUrl, std::chrono::milliseconds pollInterval,
        std::function<void(const QString&)> onHistoryWarning = {});

    // How long a command waits on the shared cache before going on without it: a Redis on the LAN answers
    // in milliseconds, and one that does not must not hold a fetch up.
    static constexpr std::chrono::milliseconds kSharedCacheWait {2'000};

    // Runs `go` once the shared cache (when there is one) has warmed up from Redis or is down, or after
    // `bound`: a one-shot fetch then serves what other machines fetched instead of asking the API again.
    void whenCacheReady(QObject* context, std::chrono::milliseconds bound, std::function<void()> go);
    // Runs `done` once Redis has answered every write sent so far, or after `bound`: a short-lived process
    // must not exit with its puts still in the socket's buffer.
    void afterCacheWrites(QObject* context, std::chrono::milliseconds bound, std::function<void()> done);

    feed::CachedQuotes& quotes() { return *m_quotes; }
    storage::HistoryStore& history() { return *m_history; }
    feed::QuoteGate& gate() { return *m_gate; }
    feed::CatalogueLoader& catalogue() { return *m_catalogue; }
    // The validation settings that could not be used (the defaults stand in), one sentence each.
    const QStringList& ignoredSettings() const { return m_ignoredSettings; }
    const CacheBackend& cacheBackend() const { return m_backend; }

private:
    QuoteStack() = default;

    CacheBackend m_backend;
    std::unique_ptr<storage::HistoryStore> m_history;
    std::unique_ptr<feed::QuoteGate> m_gate;
    std::unique_ptr<feed::CatalogueLoader> m_catalogue;
    QStringList m_ignoredSettings;
    std::unique_ptr<feed::CachedQuotes> m_quotes;
};

} // namespace oilwatch::app
