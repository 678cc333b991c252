#include "cache/cachepolicy.h"

namespace oilwatch::cache {

namespace {

CacheDecision fromEntry(CacheAction action, api::ServedFrom servedFrom, const CacheEntry& entry, qint64 ageMs)
{
    CacheDecision decision;
    decision.action = action;
    decision.servedFrom = servedFrom;
    decision.ageSec = ageMs / 1000;
    decision.entry = entry;
    return decision;
}

} // namespace

CachePolicy::CachePolicy(const util::Clock& clock, CachePolicySettings settings)
    : m_clock(clock)
    , m_settings(settings)
{ }

CacheDecision CachePolicy::beforeRequest(const std::optional<CacheEntry>& cached) const
{
    CacheDecision decision;
    if (!cached)
        return decision;
    const qint64 ageMs = cached->ageMs(m_clock);
    if (ageMs < m_settings.freshTtlMs)
        return fromEntry(CacheAction::ServeCached, api::ServedFrom::Cache, *cached, ageMs);
    // Keep the old entry with the fetch so its ETag / Last-Modified can make the request conditional.
    decision.entry = cached;
    return decision;
}

CacheDecision CachePolicy::onSuccess() const
{
    CacheDecision decision;
    decision.action = CacheAction::ServeLive;
    return decision;
}

CacheDecision CachePolicy::onFailure(const api::ApiError& error, const std::optional<CacheEntry>& last) const
{
    if (!last || !allowsStaleFallback(error)) {
        CacheDecision decision;
        decision.action = CacheAction::PassError;
        decision.error = error;
        return decision;
    }
    const qint64 ageMs = last->ageMs(m_clock);
    if (ageMs <= m_settings.maxStalenessMs)
        return fromEntry(CacheAction::ServeStale, api::ServedFrom::Stale, *last, ageMs);

    CacheDecision decision = fromEntry(CacheAction::CacheExpired, api::ServedFrom::Stale, *last, ageMs);
    api::ApiError expired = api::ApiError::make(api::ErrorKind::CacheExpired,
        QStringLiteral("last value is %1 s old, more than the %2 s allowed; the request failed with %3")
            .arg(decision.ageSec)
            .arg(m_settings.maxStalenessMs / 1000)
            .arg(api::errorKindName(error.kind)));
    // Keep the failure's identity so the log can tie the expired value to the request that failed.
    expired.httpStatus = error.httpStatus;
    expired.requestId = error.requestId;
    expired.rateLimit = error.rateLimit;
    decision.error = expired;
    return decision;
}

bool CachePolicy::allowsStaleFallback(const api::ApiError& error)
{
    // No default: a new ErrorKind must be classified here, -Wswitch says so.
    switch (error.kind) {
    case api::ErrorKind::Server:
    case api::ErrorKind::Timeout:
    case api::ErrorKind::Network:
    case api::ErrorKind::CircuitOpen:
    case api::ErrorKind::Overloaded:
    case api::ErrorKind::RateLimited:
    case api::ErrorKind::BadResponse:
    // A rejected price: the last good value stands in, marked with its age (and, by CachedQuotes, suspect).
    case api::ErrorKind::DataQuality:
        return true;
    case api::ErrorKind::Config:
    case api::ErrorKind::Auth:
    case api::ErrorKind::Forbidden:
    case api::ErrorKind::InvalidCode:
    case api::ErrorKind::NotFound:
    case api::ErrorKind::ClientError:
    case api::ErrorKind::Cancelled:
    case api::ErrorKind::CacheExpired:
    case api::ErrorKind::Tls: // a certificate we do not trust: the user must see it, not an old price
    case api::ErrorKind::Local:
        return false;
    }
    return false;
}

} // namespace oilwatch::cache
