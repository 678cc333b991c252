#include "telemetry/quotemetrics.h"

#include "telemetry/metricsregistry.h"
#include "telemetry/quoteagecollector.h"

#include <prometheus/counter.h>
#include <prometheus/registry.h>

namespace oilwatch::telemetry {

QuoteMetrics::QuoteMetrics(MetricsRegistry& registry, const util::Clock& clock)
    : m_served(
        prometheus::BuildCounter()
            .Name("oilwatch_quotes_served_total")
            .Help("Quotes served per code, by where the value came from: live, cache, stale, or expired "
                  "(an error carrying a value too old to show) and error (no value at all)")
            .Register(registry.registry()))
    , m_ages(std::make_shared<QuoteAgeCollector>(clock))
{
    registry.addCollectable(m_ages);
}

QuoteMetrics::~QuoteMetrics() = default;

void QuoteMetrics::recordServed(const QList<feed::CodeOutcome>& outcomes)
{
    for (const feed::CodeOutcome& outcome : outcomes)
        recordOne(outcome);
}

void QuoteMetrics::recordOne(const feed::CodeOutcome& outcome)
{
    const std::string code = m_codes.admit(outcome.code);
    std::string servedFrom;
    std::optional<qint64> ageMs;
    if (outcome.result) {
        servedFrom = api::servedFromName(outcome.info.servedFrom).toStdString();
        ageMs = outcome.info.ageMs;
    } else if (const api::ApiError& error = outcome.result.error();
               error.kind == api::ErrorKind::CacheExpired && error.lastValue) {
        servedFrom = "expired";
        ageMs = error.lastValueAgeMs;
    } else {
        servedFrom = "error";
    }
    m_served.Add({{"code", code}, {"served_from", servedFrom}}).Increment();
    m_ages->record(code, servedFrom, ageMs);
}

} // namespace oilwatch::telemetry
