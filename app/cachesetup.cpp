#include "app/cachesetup.h"

#include "app/commandline.h"
#include "cache/memorycache.h"
#include "cache/sqlitecache.h"
#include "logging/logging.h"
#include "settings/settingsstore.h"
#include "util/ownerpermissions.h"

#include <QDir>
#include <QStandardPaths>

namespace oilwatch::app {

namespace {

constexpr qint64 kMaxStalenessMs = 60LL * 60 * 1000;
// The memory cache keeps entries a day: long past the staleness bound, so an expired value can still be
// shown, greyed, next to its error.
constexpr qint64 kMemoryRetentionMs = 24LL * 60 * 60 * 1000;

} // namespace

QString privateDataDirectory()
{
    const QString directory = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (directory.isEmpty() || !QDir().mkpath(directory))
        return {};
    util::restrictToOwner(directory);
    return directory;
}

std::variant<CacheChoice, api::ApiError> chooseCache(
    const QString& dataDirectory, std::optional<QUrl> cacheUrl)
{
    CacheChoice choice;
    choice.dataDirectory = dataDirectory;
    choice.redisUrl = std::move(cacheUrl);
    const QString fromEnvironment = qEnvironmentVariable("OILWATCH_CACHE_URL").trimmed();
    if (!choice.redisUrl && !fromEnvironment.isEmpty()) {
        choice.redisUrl = parseCacheUrl(fromEnvironment);
        if (!choice.redisUrl)
            // Not the value itself: a Redis URL may carry a password.
            return api::ApiError::make(api::ErrorKind::Config,
                QStringLiteral("OILWATCH_CACHE_URL is not ") + cacheUrlExpected(fromEnvironment));
    }
    // Last, the settings (cache.backend = redis with cache.redis_url).
    const settings::SettingsStore store;
    if (!choice.redisUrl && store.cacheBackend() == settings::CacheBackendKind::Redis) {
        choice.redisUrl = store.sharedCacheUrl();
        if (!choice.redisUrl)
            return api::ApiError::make(api::ErrorKind::Config,
                QStringLiteral(
                    "cache.backend is redis but cache.redis_url is not a usable redis:// URL; fix it "
                    "with `oilwatch config set cache.redis_url URL`"));
    }
    return choice;
}

namespace {

// The cache on this machine: SQLite in the data folder, or memory for this run when that is not possible.
void makeLocalCache(CacheBackend& backend, const QString& dataDirectory, const util::Clock& clock)
{
    if (!dataDirectory.isEmpty()) {
        auto sqlite
            = std::make_unique<cache::SqliteCache>(dataDirectory + QStringLiteral("/cache.sqlite"), clock);
        const auto opened = sqlite->open();
        if (opened) {
            if (opened.value().warning)
                backend.warning = opened.value().warning->message;
            backend.description = QStringLiteral("sqlite at ") + sqlite->path();
            backend.persistent = true;
            backend.cache = std::move(sqlite);
            return;
        }
        backend.warning = QStringLiteral("cache file unusable, prices are kept for this run only: ")
            + opened.error().message;
    } else {
        backend.warning = QStringLiteral("no private data folder, prices are kept for this run only");
    }
    cache::MemoryCacheLimits limits;
    limits.ttlMs = kMemoryRetentionMs;
    backend.cache = std::make_unique<cache::MemoryCache>(limits, clock);
    backend.description = QStringLiteral("memory (this process only)");
}

} // namespace

std::variant<CacheBackend, api::ApiError> makePriceCache(const CacheChoice& choice, const util::Clock& clock)
{
    CacheBackend backend;
    makeLocalCache(backend, choice.dataDirectory, clock);
    if (choice.redisUrl) {
        // Redis goes in front of the local cache: reads stay local (the GUI never waits on the network),
        // writes are shared, and a Redis that is down only costs the sharing.
        backend.local = std::move(backend.cache);
        backend.scheduler = std::make_unique<util::QtScheduler>();
        backend.random = std::make_unique<util::SeededRandom>(
            static_cast<std::uint64_t>(QDateTime::currentMSecsSinceEpoch()));
        auto shared = std::make_unique<cache::RedisCache>(*backend.local,
            choice.redisUrl->toString(QUrl::FullyEncoded), clock, *backend.scheduler, *backend.random);
        backend.shared = shared.get();
        backend.description = QStringLiteral("redis at %1:%2 over %3")
                                  .arg(choice.redisUrl->host())
                                  .arg(choice.redisUrl->port(6379))
                                  .arg(backend.description);
        backend.cache = std::move(shared);
    }
    if (backend.warning)
        logging::logger("cache")->warn("{}", backend.warning->toStdString());
    logging::logger("cache")->info("cache backend: {}", backend.description.toStdString());
    return backend;
}

cache::CachePolicySettings policyFor(std::chrono::milliseconds pollInterval)
{
    cache::CachePolicySettings settings;
    // Three quarters of the interval, not all of it: an entry is stamped when its answer arrives, so the next
    // poll, one interval after the last one started, finds it the interval minus that request's latency old.
    // A TTL of the whole interval would serve every other poll from the cache and halve the refresh rate.
    settings.freshTtlMs = pollInterval.count() * 3 / 4;
    settings.maxStalenessMs = kMaxStalenessMs;
    return settings;
}

std::unique_ptr<storage::HistoryStore> openHistoryStore(
    const QString& dataDirectory, const util::Clock& clock, std::function<void(const QString&)> onWarning)
{
    auto store
        = std::make_unique<storage::HistoryStore>(dataDirectory + QStringLiteral("/history.sqlite"), clock);
    store->open(store.get(),
        [path = store->path(), onWarning = std::move(onWarning)](
            const storage::StorageResult<storage::OpenReport>& opened) {
            QString warning;
            if (!opened) {
                warning = QStringLiteral("cannot open the price history: ") + opened.error().message;
                logging::logger("history")->error("{} ({})", warning.toStdString(), path.toStdString());
            } else if (opened.value().warning) {
                warning = opened.value().warning->message;
                logging::logger("history")->warn("{}", warning.toStdString());
            }
            if (!warning.isEmpty() && onWarning)
                onWarning(warning);
        });
    // Once a start is enough: a year of history loses a day a day.
    store->applyRetention(
        storage::PriceHistory::kDefaultRetention, store.get(), [](const storage::StorageResult<int>& pruned) {
            if (pruned && pruned.value() > 0)
                logging::logger("history")->info(
                    "retention: removed {} prices older than a year", pruned.value());
        });
    return store;
}

} // namespace oilwatch::app
