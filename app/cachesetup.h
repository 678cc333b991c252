#pragma once

#include "api/apierror.h"
#include "cache/cachepolicy.h"
#include "cache/pricecache.h"
#include "cache/rediscache.h"
#include "storage/historystore.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <variant>

#include <QString>
#include <QUrl>

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::app {

// The app-data folder (cache.sqlite, history.sqlite, logs/), created with user-only permissions: it holds
// prices, hosts and codes. Empty when it cannot be created.
QString privateDataDirectory();

// Where the cache lives, decided once at start.
struct CacheChoice
{
    QString dataDirectory; // cache.sqlite goes here
    std::optional<QUrl> redisUrl; // from --cache-url, else OILWATCH_CACHE_URL
};

struct CacheBackend
{
    // Declared in the order they must be built; destroyed in reverse, the shared cache before what it uses.
    std::unique_ptr<cache::PriceCache> local; // under a shared cache: SQLite, or memory when that failed
    std::unique_ptr<util::QtScheduler> scheduler; // the shared cache's reconnect timers
    std::unique_ptr<util::SeededRandom> random; // and their jitter
    std::unique_ptr<cache::PriceCache> cache; // what callers use: the shared cache, or the local one
    cache::RedisCache* shared = nullptr; // = cache when a Redis URL was given, for its state
    QString description; // for `cache stats` and the log: which backend, where; never a password
    bool persistent = false; // survives the process
    // The cache file found at start was unusable and moved aside, or could not be opened at all (the cache
    // then lives in memory for this run). The window shows it; the CLI prints it once.
    std::optional<QString> warning;
};

// --cache-url when given, else OILWATCH_CACHE_URL; an unusable environment value is a Config error (exit 2).
std::variant<CacheChoice, api::ApiError> chooseCache(
    const QString& dataDirectory, std::optional<QUrl> cacheUrl);

// The one place that picks the cache backend: the integrator swaps backends here and nowhere else.
std::variant<CacheBackend, api::ApiError> makePriceCache(const CacheChoice& choice, const util::Clock& clock);

// A value younger than most of the poll interval is served without a request; the last value is shown as
// stale for up to an hour after a failure.
cache::CachePolicySettings policyFor(std::chrono::milliseconds pollInterval);

// The price history in the data folder, opening on its worker thread.
// `onWarning` (optional) hears, on the caller's thread, when the file found was unusable and moved aside or
// could not be opened: the window shows it.
std::unique_ptr<storage::HistoryStore> openHistoryStore(const QString& dataDirectory,
    const util::Clock& clock, std::function<void(const QString&)> onWarning = {});

} // namespace oilwatch::app
