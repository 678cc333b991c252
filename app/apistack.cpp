#include "app/apistack.h"

#include <random>

namespace oilwatch::app {

ApiStack::ApiStack(
    api::ClientConfig config, resilience::ResilienceSettings settings, telemetry::MetricsRegistry* metrics)
    : m_metered(metrics
            ? std::make_unique<telemetry::MeteredTransport>(m_qnam, *metrics, util::SystemClock::instance())
            : nullptr)
    // Jitter exists to de-synchronise clients: every process must draw its own sequence.
    , m_random(std::random_device {}())
    , m_pipeline(network(), std::move(settings), util::SystemClock::instance(), m_scheduler, m_random)
    , m_client(std::move(config), m_pipeline)
{ }

transport::HttpTransport& ApiStack::network()
{
    if (m_metered)
        return *m_metered;
    return m_qnam;
}

} // namespace oilwatch::app
