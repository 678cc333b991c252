#include "telemetry/meteredtransport.h"

#include "telemetry/metricsregistry.h"
#include "util/clock.h"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace oilwatch::telemetry {

namespace {

// From a loopback simulator (milliseconds) to a slow live API near the attempt timeout (tens of seconds).
const prometheus::Histogram::BucketBoundaries kLatencyBuckets {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

} // namespace

MeteredTransport::MeteredTransport(
    transport::HttpTransport& inner, MetricsRegistry& registry, const util::Clock& clock)
    : m_inner(inner)
    , m_clock(clock)
    , m_attempts(prometheus::BuildCounter()
                     .Name("oilwatch_http_attempts_total")
                     .Help("HTTP attempts sent, by host, path and outcome (status class or transport error)")
                     .Register(registry.registry()))
    , m_durations(prometheus::BuildHistogram()
                      .Name("oilwatch_http_attempt_duration_seconds")
                      .Help("Time from sending an attempt to its answer or failure, by host and path")
                      .Register(registry.registry()))
{ }

void MeteredTransport::get(const transport::HttpRequest& request, QObject* context, Callback done)
{
    const std::string host = m_hosts.admit(request.url.host().toLower());
    const std::string endpoint = m_endpoints.admit(request.url.path());
    const qint64 startedMs = m_clock.monotonicMs();
    m_inner.get(request, context,
        [this, host, endpoint, startedMs, done = std::move(done)](const transport::HttpResponse& response) {
            record(host, endpoint, response, m_clock.monotonicMs() - startedMs);
            done(response);
        });
}

std::string MeteredTransport::outcomeLabel(const transport::HttpResponse& response)
{
    switch (response.error) {
    case transport::TransportError::None:
        break;
    case transport::TransportError::Timeout:
        return "timeout";
    case transport::TransportError::Network:
        return "network";
    case transport::TransportError::Tls:
        return "tls";
    case transport::TransportError::BodyTooLarge:
        return "body_too_large";
    case transport::TransportError::Cancelled:
        return "cancelled";
    case transport::TransportError::Rejected:
        return "rejected";
    }
    if (response.status < 100 || response.status > 599)
        return "invalid_status";
    return std::to_string(response.status / 100) + "xx";
}

void MeteredTransport::record(const std::string& host, const std::string& endpoint,
    const transport::HttpResponse& response, qint64 elapsedMs)
{
    m_attempts.Add({{"host", host}, {"endpoint", endpoint}, {"outcome", outcomeLabel(response)}}).Increment();
    m_durations.Add({{"host", host}, {"endpoint", endpoint}}, kLatencyBuckets)
        .Observe(double(std::max<qint64>(elapsedMs, 0)) / 1000.0);
}

} // namespace oilwatch::telemetry
