#pragma once

#include "feed/cachedquotes.h"
#include "telemetry/boundedlabels.h"
#include "telemetry/prometheusfwd.h"

#include <memory>

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::telemetry {

class MetricsRegistry;
class QuoteAgeCollector;

// How every code was served (live, cache, stale, expired, error) and how old its value is: the metric side
// of "never stale in silence".
class QuoteMetrics
{
public:
    // `clock` tells the age at scrape time, from the endpoint's thread: it must be safe to read there.
    QuoteMetrics(MetricsRegistry& registry, const util::Clock& clock);
    ~QuoteMetrics();

    void recordServed(const QList<feed::CodeOutcome>& outcomes);

private:
    void recordOne(const feed::CodeOutcome& outcome);

    prometheus::Family<prometheus::Counter>& m_served;
    std::shared_ptr<QuoteAgeCollector> m_ages;
    BoundedLabelValues m_codes {64};
};

} // namespace oilwatch::telemetry
