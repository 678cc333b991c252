#include "telemetry/cachemetrics.h"

#include "telemetry/metricsregistry.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace oilwatch::telemetry {

namespace {

prometheus::Gauge& plainGauge(
    prometheus::Registry& registry, const std::string& name, const std::string& help)
{
    return prometheus::BuildGauge().Name(name).Help(help).Register(registry).Add({});
}

} // namespace

CacheMetrics::CacheMetrics(MetricsRegistry& registry)
    : m_registry(registry)
    , m_lookups(prometheus::BuildCounter()
                    .Name("oilwatch_cache_lookups_total")
                    .Help("Codes asked of the cache: hit when served from it without a request, else miss")
                    .Register(registry.registry()))
    , m_entries(plainGauge(registry.registry(), "oilwatch_cache_entries", "Entries in the price cache"))
    , m_bytes(plainGauge(registry.registry(), "oilwatch_cache_bytes", "Size of the price cache's entries"))
{ }

void CacheMetrics::recordStats(const cache::CacheStats& stats)
{
    // A counter only goes up; a smaller count means the source restarted, which starts a new difference.
    const auto grow = [](qint64 now, qint64 before) { return now >= before ? now - before : now; };
    m_lookups.Add({{"result", "hit"}}).Increment(double(grow(stats.hits, m_last.hits)));
    m_lookups.Add({{"result", "miss"}}).Increment(double(grow(stats.misses, m_last.misses)));
    m_entries.Set(double(stats.entries));
    m_bytes.Set(double(stats.bytes));
    m_last = stats;
}

void CacheMetrics::recordSharedCacheState(cache::RedisState state)
{
    if (!m_sharedUp)
        m_sharedUp = &plainGauge(m_registry.registry(), "oilwatch_shared_cache_up",
            "1 while the shared (Redis) cache is connected, 0 while the local cache stands in");
    m_sharedUp->Set(state == cache::RedisState::Connected ? 1.0 : 0.0);
}

} // namespace oilwatch::telemetry
