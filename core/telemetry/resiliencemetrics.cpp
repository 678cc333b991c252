#include "telemetry/resiliencemetrics.h"

#include "telemetry/metricsregistry.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace oilwatch::telemetry {

using resilience::BreakerState;

namespace {

constexpr BreakerState kAllStates[] {BreakerState::Closed, BreakerState::Open, BreakerState::HalfOpen,
    BreakerState::ForcedOpen, BreakerState::Disabled};

} // namespace

ResilienceMetrics::ResilienceMetrics(MetricsRegistry& registry)
    : m_retries(prometheus::BuildCounter()
                    .Name("oilwatch_retries_total")
                    .Help("Retries scheduled by the pipeline, per host and cause")
                    .Register(registry.registry()))
    , m_transitions(prometheus::BuildCounter()
                        .Name("oilwatch_breaker_transitions_total")
                        .Help("Circuit breaker state changes, per host")
                        .Register(registry.registry()))
    , m_breakerState(prometheus::BuildGauge()
                         .Name("oilwatch_breaker_state")
                         .Help("Current circuit breaker state per host (1 for the current state)")
                         .Register(registry.registry()))
    , m_rejections(prometheus::BuildCounter()
                       .Name("oilwatch_rejections_total")
                       .Help("Requests refused before reaching the network: breaker_open, overloaded "
                             "(limiter queue full), budget_empty (retry budget spent)")
                       .Register(registry.registry()))
{ }

void ResilienceMetrics::onResilienceEvent(const resilience::ResilienceEvent& event)
{
    std::visit(
        [this](const auto& payload) {
            const std::string host = hostLabel(payload.host);
            record(host, payload);
        },
        event.payload);
}

std::string ResilienceMetrics::hostLabel(const QString& host)
{
    std::string label = m_hosts.admit(host);
    // A breaker starts closed and says nothing until it changes: show its state from the host's first event.
    if (m_knownHosts.insert(label).second)
        setBreakerState(label, BreakerState::Closed);
    return label;
}

void ResilienceMetrics::setBreakerState(const std::string& host, BreakerState state)
{
    for (const BreakerState each : kAllStates)
        m_breakerState.Add({{"host", host}, {"state", resilience::stateName(each).toStdString()}})
            .Set(each == state ? 1.0 : 0.0);
}

void ResilienceMetrics::record(const std::string& host, const resilience::RetryScheduled& retry)
{
    m_retries.Add({{"host", host}, {"cause", resilience::retryCauseName(retry.cause).toStdString()}})
        .Increment();
}

void ResilienceMetrics::record(const std::string& host, const resilience::BreakerTransition& transition)
{
    m_transitions
        .Add({{"host", host}, {"from", resilience::stateName(transition.from).toStdString()},
            {"to", resilience::stateName(transition.to).toStdString()}})
        .Increment();
    setBreakerState(host, transition.to);
}

void ResilienceMetrics::record(const std::string& host, const resilience::RequestRejected& rejection)
{
    m_rejections
        .Add({{"host", host}, {"cause", resilience::rejectionCauseName(rejection.cause).toStdString()}})
        .Increment();
}

} // namespace oilwatch::telemetry
