#pragma once

#include "cache/cacheentry.h"

#include <optional>

#include <QMetaType>
#include <QString>

namespace oilwatch::cache {

// hits and misses count lookups through get(): a hit found an entry (whatever its age: CachePolicy decides
// whether it is served or only kept as the fallback), a miss found none (MemoryCache: or one past its TTL).
// A persistent backend (SqliteCache) keeps them in its file, summed over every process that used it.
struct CacheStats
{
    qint64 hits = 0;
    qint64 misses = 0;
    qint64 entries = 0;
    qint64 bytes = 0; // sum of CacheEntry::sizeBytes() of the entries held
};

// The one interface for every cache backend, so that the policy and the client never know which one they use.
//
// It is synchronous because every backend answers from memory on the caller's thread: MemoryCache is memory
// only, and SqliteCache loads its file at open() and writes on a thread of its own. A backend that cannot
// answer from memory (Redis) must keep its I/O off the caller's thread the same way.
class PriceCache
{
public:
    virtual ~PriceCache() = default;

    // A hit refreshes the entry's recency where the backend tracks it, hence not const.
    virtual std::optional<CacheEntry> get(const QString& key) = 0;
    // A lookup that is not counted in stats() and changes nothing: for a cache layered over this one
    // (RedisCache), whose own bookkeeping lookups are not the user's.
    virtual std::optional<CacheEntry> peek(const QString& key) const = 0;
    // Returns false when the backend refused the entry (too large for its bounds); any older value under the
    // same key is gone either way, so the cache never answers with something older than the last put.
    virtual bool put(const QString& key, CacheEntry entry) = 0;
    virtual void remove(const QString& key) = 0;
    virtual void clear() = 0;
    virtual CacheStats stats() const = 0;

protected:
    PriceCache() = default;
    PriceCache(const PriceCache&) = default;
    PriceCache& operator=(const PriceCache&) = default;
};

} // namespace oilwatch::cache

Q_DECLARE_METATYPE(oilwatch::cache::CacheStats)
