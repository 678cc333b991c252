#pragma once

#include <set>
#include <string>

#include <QString>

namespace oilwatch::telemetry {

// Every label value becomes a time series of its own in Prometheus, kept for as long as the process runs.
// Codes, hosts and paths come from flags and config, but a typo loop or a proxy rewriting paths must not
// grow the scrape without bound: past the limit, new values are folded into "other".
class BoundedLabelValues
{
public:
    explicit BoundedLabelValues(std::size_t limit)
        : m_limit(limit)
    { }

    std::string admit(const QString& value);

private:
    std::size_t m_limit;
    std::set<std::string> m_seen;
};

} // namespace oilwatch::telemetry
