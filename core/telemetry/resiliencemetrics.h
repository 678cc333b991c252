#pragma once

#include "resilience/resilienceevents.h"
#include "telemetry/boundedlabels.h"
#include "telemetry/prometheusfwd.h"

namespace oilwatch::telemetry {

class MetricsRegistry;

// Retries, breaker transitions and state, and rejections per host, from the pipeline's events: the same
// events the log, the resilience panel and watch's lines are made of, so the numbers cannot disagree.
class ResilienceMetrics final : public resilience::ResilienceObserver
{
public:
    explicit ResilienceMetrics(MetricsRegistry& registry);

    void onResilienceEvent(const resilience::ResilienceEvent& event) override;

private:
    std::string hostLabel(const QString& host);
    void setBreakerState(const std::string& host, resilience::BreakerState state);
    void record(const std::string& host, const resilience::RetryScheduled& retry);
    void record(const std::string& host, const resilience::BreakerTransition& transition);
    void record(const std::string& host, const resilience::RequestRejected& rejection);
    void record(const std::string&, const resilience::AttemptStarted&) { }
    void record(const std::string&, const resilience::BudgetSpent&) { }

    prometheus::Family<prometheus::Counter>& m_retries;
    prometheus::Family<prometheus::Counter>& m_transitions;
    prometheus::Family<prometheus::Gauge>& m_breakerState;
    prometheus::Family<prometheus::Counter>& m_rejections;
    BoundedLabelValues m_hosts {16};
    std::set<std::string> m_knownHosts;
};

} // namespace oilwatch::telemetry
