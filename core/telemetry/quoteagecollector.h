#pragma once

#include "util/clock.h"

#include <map>
#include <mutex>
#include <optional>
#include <prometheus/collectable.h>
#include <string>

namespace oilwatch::telemetry {

// Each code's quote age, computed when Prometheus scrapes rather than when a quote is served: while the
// network is down nothing is served, and an age frozen at the last serve would hide exactly the staleness it
// is there to show. Also says per code how the last answer was served (a state set: one series per
// served_from, 1 for the current one).
//
// Internal to core/telemetry (it includes prometheus-cpp, which only oilwatch_core sees): QuoteMetrics owns
// it.
//
// record() runs on the feed's thread, Collect() on the endpoint's: both hold the mutex, and Collect() touches
// nothing but this object and the clock.
class QuoteAgeCollector final : public prometheus::Collectable
{
public:
    static const std::vector<std::string>& servedFromValues();

    explicit QuoteAgeCollector(const util::Clock& clock)
        : m_clock(clock)
    { }

    // `ageMs` is how old the value shown was when served; none when no value could be shown (an error), in
    // which case the age keeps counting from the code's previous value, if any.
    void record(const std::string& code, const std::string& servedFrom, std::optional<qint64> ageMs);

    std::vector<prometheus::MetricFamily> Collect() const override;

private:
    struct Last
    {
        std::optional<qint64> zeroAgeAtMs; // monotonic time at which the value shown was 0 s old
        std::string servedFrom;
    };

    const util::Clock& m_clock;
    mutable std::mutex m_mutex;
    std::map<std::string, Last> m_codes;
};

} // namespace oilwatch::telemetry
