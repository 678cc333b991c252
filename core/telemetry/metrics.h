#pragma once

#include "telemetry/cachemetrics.h"
#include "telemetry/metricsregistry.h"
#include "telemetry/quotemetrics.h"
#include "telemetry/resiliencemetrics.h"

#include <QObject>

namespace oilwatch::cache {
class RedisCache;
}
namespace oilwatch::feed {
class CachedQuotes;
class PriceFeed;
} // namespace oilwatch::feed
namespace oilwatch::resilience {
class ResilientTransport;
}

namespace oilwatch::telemetry {

// The metrics of one running app: one registry and the recorders that fill it from the signals of the
// objects they observe. A QObject so that every connection ends with it, whichever side goes first.
// Lives on the thread of the objects it observes; only the endpoint's scrapes run elsewhere.
class Metrics final : public QObject
{
    Q_OBJECT
public:
    // `clock` is read at every scrape, on the endpoint's thread, for the quotes' ages.
    explicit Metrics(const util::Clock& clock, QObject* parent = nullptr);
    ~Metrics() override;

    void observe(feed::CachedQuotes& quotes);
    void observe(feed::PriceFeed& feed);
    void observe(resilience::ResilientTransport& pipeline);
    void observe(cache::RedisCache& sharedCache);

    MetricsRegistry& registry() { return m_registry; }
    QuoteMetrics& quotes() { return m_quotes; }
    CacheMetrics& cache() { return m_cache; }
    ResilienceMetrics& resilience() { return m_resilience; }

private:
    MetricsRegistry m_registry;
    QuoteMetrics m_quotes;
    CacheMetrics m_cache;
    ResilienceMetrics m_resilience;
};

} // namespace oilwatch::telemetry
