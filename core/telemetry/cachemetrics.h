#pragma once

#include "cache/pricecache.h"
#include "cache/redisconnection.h"
#include "telemetry/prometheusfwd.h"

namespace oilwatch::telemetry {

class MetricsRegistry;

// The price cache as the feed counts it (a hit is a code served without a request), its size, and whether
// the shared cache is reachable.
class CacheMetrics
{
public:
    explicit CacheMetrics(MetricsRegistry& registry);

    // `stats` are cumulative since start (PriceFeed::cacheStats()): the counters move by the difference.
    void recordStats(const cache::CacheStats& stats);
    // Only a process with a shared cache exports oilwatch_shared_cache_up, so "absent" means "not used".
    void recordSharedCacheState(cache::RedisState state);

private:
    MetricsRegistry& m_registry;
    prometheus::Family<prometheus::Counter>& m_lookups;
    prometheus::Gauge& m_entries;
    prometheus::Gauge& m_bytes;
    prometheus::Gauge* m_sharedUp = nullptr;
    cache::CacheStats m_last;
};

} // namespace oilwatch::telemetry
