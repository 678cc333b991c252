#pragma once

#include "telemetry/boundedlabels.h"
#include "telemetry/prometheusfwd.h"
#include "transport/httptransport.h"

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::telemetry {

class MetricsRegistry;

// Counts and times every attempt that reaches the network, by host, path and outcome. It sits under the
// resilience pipeline (pipeline → this → network), where one call is one attempt: the pipeline's events say
// that an attempt started, not how it ended or how long it took.
//
// Labels carry the URL's host and path only: never the query (which names codes and, for some servers,
// credentials) and never a header.
class MeteredTransport final : public transport::HttpTransport
{
public:
    // `inner`, `registry` and `clock` must outlive this object.
    MeteredTransport(transport::HttpTransport& inner, MetricsRegistry& registry, const util::Clock& clock);

    void get(const transport::HttpRequest& request, QObject* context, Callback done) override;

    // "2xx" .. "5xx" for an answer, else what stopped it: timeout, network, tls, body_too_large, cancelled,
    // rejected.
    static std::string outcomeLabel(const transport::HttpResponse& response);

private:
    void record(const std::string& host, const std::string& endpoint, const transport::HttpResponse& response,
        qint64 elapsedMs);

    transport::HttpTransport& m_inner;
    const util::Clock& m_clock;
    prometheus::Family<prometheus::Counter>& m_attempts;
    prometheus::Family<prometheus::Histogram>& m_durations;
    BoundedLabelValues m_hosts {16};
    BoundedLabelValues m_endpoints {32};
};

} // namespace oilwatch::telemetry
