#include "telemetry/quoteagecollector.h"

#include <prometheus/metric_family.h>

namespace oilwatch::telemetry {

const std::vector<std::string>& QuoteAgeCollector::servedFromValues()
{
    static const std::vector<std::string> values {"live", "cache", "stale", "expired", "error"};
    return values;
}

void QuoteAgeCollector::record(
    const std::string& code, const std::string& servedFrom, std::optional<qint64> ageMs)
{
    const qint64 now = m_clock.monotonicMs();
    std::lock_guard lock(m_mutex);
    Last& last = m_codes[code];
    last.servedFrom = servedFrom;
    if (ageMs)
        last.zeroAgeAtMs = now - *ageMs;
}

std::vector<prometheus::MetricFamily> QuoteAgeCollector::Collect() const
{
    prometheus::MetricFamily age {"oilwatch_quote_age_seconds",
        "Age of the value shown for each code, now: from when it was fetched from the API",
        prometheus::MetricType::Gauge, {}};
    prometheus::MetricFamily servedFrom {"oilwatch_quote_served_from",
        "How each code was last served (1 for the current way): live, cache, stale, expired or error",
        prometheus::MetricType::Gauge, {}};
    const qint64 now = m_clock.monotonicMs();
    std::lock_guard lock(m_mutex);
    for (const auto& [code, last] : m_codes) {
        if (last.zeroAgeAtMs) {
            prometheus::ClientMetric sample;
            sample.label = {{"code", code}};
            sample.gauge.value = double(now - *last.zeroAgeAtMs) / 1000.0;
            age.metric.push_back(std::move(sample));
        }
        for (const std::string& way : servedFromValues()) {
            prometheus::ClientMetric sample;
            sample.label = {{"code", code}, {"served_from", way}};
            sample.gauge.value = way == last.servedFrom ? 1.0 : 0.0;
            servedFrom.metric.push_back(std::move(sample));
        }
    }
    return {std::move(age), std::move(servedFrom)};
}

} // namespace oilwatch::telemetry
