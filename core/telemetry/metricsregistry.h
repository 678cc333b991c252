#pragma once

#include "telemetry/prometheusfwd.h"

#include <memory>

namespace oilwatch::telemetry {

// Everything one process exports, in one place: the prometheus Registry for plain counters, gauges and
// histograms, plus collectables that compute their samples at scrape time (a quote's age must keep growing
// while nothing is served). The prometheus types are only named (prometheusfwd.h), so that code outside
// core/telemetry never needs prometheus-cpp's headers.
class MetricsRegistry
{
public:
    MetricsRegistry();
    ~MetricsRegistry();
    MetricsRegistry(const MetricsRegistry&) = delete;
    MetricsRegistry& operator=(const MetricsRegistry&) = delete;

    prometheus::Registry& registry();
    // Collect() runs on the endpoint's thread: `collectable` must be thread-safe.
    void addCollectable(std::shared_ptr<prometheus::Collectable> collectable);
    // The registry and every added collectable as one, for MetricsEndpoint.
    std::weak_ptr<prometheus::Collectable> exposed() const;

private:
    class Combined;
    std::shared_ptr<Combined> m_combined;
};

} // namespace oilwatch::telemetry
