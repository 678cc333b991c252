#include "sim/simauth.h"

#include <algorithm>

namespace oilwatch::sim {

SimAuth::SimAuth(QByteArray apiKey, int dailyQuota)
    : m_apiKey(std::move(apiKey))
    , m_quota(std::max(0, dailyQuota))
    , m_limit(m_quota > 0 ? m_quota : kDailyLimit)
    , m_remaining(m_limit)
    , m_limitHeader(QByteArray::number(m_limit))
{ }

SimAuth::Verdict SimAuth::check(const HttpRequest& request) const
{
    const QByteArray authorization = request.header("Authorization");
    if (authorization.trimmed().isEmpty())
        return Verdict::MissingKey;
    const qsizetype space = authorization.indexOf(' ');
    if (space < 0)
        return Verdict::InvalidKey;
    const QByteArrayView scheme = QByteArrayView(authorization).first(space);
    const QByteArrayView key = QByteArrayView(authorization).sliced(space + 1).trimmed();
    const bool knownScheme = scheme.compare("Token", Qt::CaseInsensitive) == 0
        || scheme.compare("Bearer", Qt::CaseInsensitive) == 0;
    return knownScheme && key == m_apiKey ? Verdict::Ok : Verdict::InvalidKey;
}

void SimAuth::rollDay(qint64 nowMs)
{
    constexpr qint64 kMsPerDay = 86'400'000;
    const qint64 day = nowMs / kMsPerDay;
    if (day != m_day) {
        m_day = day;
        m_remaining = m_limit;
    }
}

void SimAuth::spend()
{
    m_remaining = std::max(0, m_remaining - 1);
}

const QByteArray& SimAuth::remainingHeader(int remaining)
{
    // The text only changes with the count, which stays at 0 once a benchmark has used up the day's quota.
    if (remaining != m_remainingHeaderFor) {
        m_remainingHeaderFor = remaining;
        m_remainingHeader = QByteArray::number(remaining);
    }
    return m_remainingHeader;
}

} // namespace oilwatch::sim
