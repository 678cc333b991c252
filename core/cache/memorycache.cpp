#include "cache/memorycache.h"

namespace oilwatch::cache {

MemoryCache::MemoryCache(MemoryCacheLimits limits, const util::Clock& clock)
    : m_limits(limits)
    , m_clock(clock)
{ }

std::optional<CacheEntry> MemoryCache::get(const QString& key)
{
    const auto found = m_index.constFind(key);
    if (found == m_index.cend()) {
        ++m_misses;
        return std::nullopt;
    }
    const Recency::iterator slot = found.value();
    if (expired(slot->entry)) {
        erase(slot);
        ++m_misses;
        return std::nullopt;
    }
    // splice keeps the iterator stored in m_index valid, so a hit is O(1) with no re-hashing.
    m_recency.splice(m_recency.begin(), m_recency, slot);
    ++m_hits;
    return slot->entry;
}

std::optional<CacheEntry> MemoryCache::peek(const QString& key) const
{
    const auto found = m_index.constFind(key);
    if (found == m_index.cend() || expired(found.value()->entry))
        return std::nullopt;
    return found.value()->entry;
}

bool MemoryCache::put(const QString& key, CacheEntry entry)
{
    remove(key);
    const qint64 bytes = entry.sizeBytes();
    if (bytes > m_limits.maxBytes || m_limits.maxEntries < 1)
        return false;
    while (!m_recency.empty() && !withinBounds(1, bytes))
        erase(std::prev(m_recency.end()));
    m_recency.push_front(Slot {key, std::move(entry), bytes});
    m_index.insert(key, m_recency.begin());
    m_bytes += bytes;
    return true;
}

void MemoryCache::remove(const QString& key)
{
    const auto found = m_index.constFind(key);
    if (found != m_index.cend())
        erase(found.value());
}

void MemoryCache::clear()
{
    m_recency.clear();
    m_index.clear();
    m_bytes = 0;
}

CacheStats MemoryCache::stats() const
{
    return CacheStats {m_hits, m_misses, static_cast<qint64>(m_recency.size()), m_bytes};
}

bool MemoryCache::expired(const CacheEntry& entry) const
{
    // Inclusive: an entry exactly ttlMs old is still served, matching CachePolicy's inclusive staleness
    // bound.
    return entry.ageMs(m_clock) > m_limits.ttlMs;
}

void MemoryCache::erase(Recency::iterator slot)
{
    m_bytes -= slot->bytes;
    m_index.remove(slot->key);
    m_recency.erase(slot);
}

bool MemoryCache::withinBounds(qint64 extraEntries, qint64 extraBytes) const
{
    return static_cast<qint64>(m_recency.size()) + extraEntries <= m_limits.maxEntries
        && m_bytes + extraBytes <= m_limits.maxBytes;
}

} // namespace oilwatch::cache
