#include "app/apistack.h"

#include <random>

namespace oilwatch::app {

ApiStack::ApiStack(api::ClientConfig config, resilience::ResilienceSettings settings)
    // Jitter exists to de-synchronise clients: every process must draw its own sequence.
    : m_random(std::random_device {}())
    , m_pipeline(m_network, std::move(settings), util::SystemClock::instance(), m_scheduler, m_random)
    , m_client(std::move(config), m_pipeline)
{ }

} // namespace oilwatch::app
