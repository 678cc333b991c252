#include "telemetry/boundedlabels.h"

namespace oilwatch::telemetry {

std::string BoundedLabelValues::admit(const QString& value)
{
    std::string text = value.isEmpty() ? std::string("none") : value.toStdString();
    if (m_seen.contains(text))
        return text;
    if (m_seen.size() >= m_limit)
        return "other";
    m_seen.insert(text);
    return text;
}

} // namespace oilwatch::telemetry
