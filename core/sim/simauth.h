#pragma once

#include "sim/httprequest.h"

#include <QByteArray>

namespace oilwatch::sim {

// Who may ask, and how much: the API key check (contract §1, §6: `Authorization: Token <key>`, Bearer
// accepted) and the key's daily quota, counted per UTC day like the API's daily_counter. Keeps the text of
// the X-RateLimit-Limit and -Remaining headers, which change far less often than requests come.
class SimAuth
{
public:
    // The limit X-RateLimit-Limit advertises when no quota is enforced: the counter counts down and stays at
    // 0, and requests keep being answered, so benchmarks at 100k requests a second are never cut off.
    static constexpr int kDailyLimit = 10'000;

    enum class Verdict
    {
        Ok,
        MissingKey, // no Authorization header, or an empty one
        InvalidKey, // another key, or a scheme other than Token and Bearer
    };

    // dailyQuota > 0 enforces a quota: that many authorised requests a UTC day; 0: none.
    SimAuth(QByteArray apiKey, int dailyQuota);

    Verdict check(const HttpRequest& request) const;

    // Starts a new quota day when nowMs is past the last one's midnight.
    void rollDay(qint64 nowMs);
    // True when an enforced quota has nothing left today: the request gets the quota-exhausted 429.
    bool spent() const { return m_quota > 0 && m_remaining == 0; }
    // Counts one authorised request.
    void spend();

    int remaining() const { return m_remaining; }
    int limit() const { return m_limit; }
    const QByteArray& limitHeader() const { return m_limitHeader; }
    const QByteArray& remainingHeader(int remaining);

private:
    QByteArray m_apiKey;
    int m_quota = 0;
    int m_limit = kDailyLimit;
    int m_remaining = kDailyLimit;
    qint64 m_day = -1;
    QByteArray m_limitHeader;
    int m_remainingHeaderFor = -1;
    QByteArray m_remainingHeader;
};

} // namespace oilwatch::sim
