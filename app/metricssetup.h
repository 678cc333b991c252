#pragma once

#include "telemetry/metrics.h"
#include "telemetry/metricsendpoint.h"

#include <memory>
#include <optional>
#include <variant>

namespace oilwatch::feed {
class PriceFeed;
}

namespace oilwatch::app {

class ApiStack;
class QuoteStack;

// The metrics of this run and the endpoint serving them, or nothing when nobody asked for metrics.
struct MetricsSetup
{
    // Declared in the order they are built; the endpoint stops before what it serves goes away.
    std::unique_ptr<telemetry::Metrics> metrics;
    std::unique_ptr<telemetry::MetricsEndpoint> endpoint;

    telemetry::MetricsRegistry* registry() { return metrics ? &metrics->registry() : nullptr; }
    // Records what the stacks and the feed do; nothing when metrics are off.
    void observe(ApiStack& api, QuoteStack& quotes, feed::PriceFeed& feed);
};

// Listens on --metrics-listen when given, else on OILWATCH_METRICS_LISTEN when set; off otherwise.
std::variant<MetricsSetup, telemetry::MetricsEndpointError> startMetrics(
    std::optional<telemetry::ListenAddress> fromFlag);

// A bad address in the environment is a usage error (2), like a bad flag; a port that is taken is a local
// failure (1), like `oilwatch sim` on a busy port.
int exitCodeFor(const telemetry::MetricsEndpointError& error);

} // namespace oilwatch::app
