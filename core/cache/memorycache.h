#pragma once

#include "cache/pricecache.h"

#include <list>

#include <QHash>

namespace oilwatch::cache {

struct MemoryCacheLimits
{
    qint64 maxEntries = 512;
    qint64 maxBytes = 8 * 1024 * 1024;
    // How long an entry is kept at all. This is retention, not freshness: CachePolicy decides what is fresh.
    // Keep it at least as long as CachePolicySettings::maxStalenessMs, or stale fallback has nothing to
    // serve.
    qint64 ttlMs = 60 * 60 * 1000;
};

// In-process LRU cache, bounded by entry count and by bytes, with a TTL on the injected clock.
// Expired entries are dropped when they are looked up or reach the LRU tail, not by a timer: until then they
// still count in stats().entries and stats().bytes.
class MemoryCache final : public PriceCache
{
public:
    MemoryCache(MemoryCacheLimits limits, const util::Clock& clock);

    std::optional<CacheEntry> get(const QString& key) override;
    std::optional<CacheEntry> peek(const QString& key) const override;
    bool put(const QString& key, CacheEntry entry) override;
    void remove(const QString& key) override;
    void clear() override;
    CacheStats stats() const override;

    const MemoryCacheLimits& limits() const { return m_limits; }

private:
    struct Slot
    {
        QString key;
        CacheEntry entry;
        qint64 bytes = 0;
    };
    using Recency = std::list<Slot>; // front is the most recently used

    bool expired(const CacheEntry& entry) const;
    void erase(Recency::iterator slot);
    bool withinBounds(qint64 extraEntries, qint64 extraBytes) const;

    MemoryCacheLimits m_limits;
    const util::Clock& m_clock;
    Recency m_recency;
    QHash<QString, Recency::iterator> m_index;
    qint64 m_bytes = 0;
    qint64 m_hits = 0;
    qint64 m_misses = 0;
};

} // namespace oilwatch::cache
