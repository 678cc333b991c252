#include "telemetry/metrics.h"

#include "cache/rediscache.h"
#include "feed/cachedquotes.h"
#include "feed/pricefeed.h"
#include "resilience/resilienttransport.h"

namespace oilwatch::telemetry {

Metrics::Metrics(const util::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_quotes(m_registry, clock)
    , m_cache(m_registry)
    , m_resilience(m_registry)
{ }

Metrics::~Metrics() = default;

void Metrics::observe(feed::CachedQuotes& quotes)
{
    connect(&quotes, &feed::CachedQuotes::served, this,
        [this](const QList<feed::CodeOutcome>& outcomes) { m_quotes.recordServed(outcomes); });
}

void Metrics::observe(feed::PriceFeed& feed)
{
    connect(&feed, &feed::PriceFeed::cacheStatsChanged, this,
        [this](const cache::CacheStats& stats) { m_cache.recordStats(stats); });
}

void Metrics::observe(resilience::ResilientTransport& pipeline)
{
    connect(&pipeline, &resilience::ResilientTransport::resilienceEvent, this,
        [this](const resilience::ResilienceEvent& event) { m_resilience.onResilienceEvent(event); });
}

void Metrics::observe(cache::RedisCache& sharedCache)
{
    m_cache.recordSharedCacheState(sharedCache.state());
    connect(&sharedCache, &cache::RedisCache::stateChanged, this,
        [this](cache::RedisState state) { m_cache.recordSharedCacheState(state); });
}

} // namespace oilwatch::telemetry
