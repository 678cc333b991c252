#pragma once

#include "api/apierror.h"
#include "api/quote.h"
#include "cache/cacheentry.h"
#include "util/clock.h"

#include <optional>

namespace oilwatch::cache {

struct CachePolicySettings
{
    // Younger than this, a cached value is served without a request. Defaults to the live poll interval so
    // that a poll never re-asks for what the previous poll just fetched.
    qint64 freshTtlMs = 60'000;
    // After a failed request, the last value is shown as stale up to this age (inclusive), then it is too
    // old.
    qint64 maxStalenessMs = 60 * 60 * 1000;
};

enum class CacheAction
{
    ServeCached, // fresh: no request
    FetchLive, // nothing fresh: ask the API (conditional headers come from `entry` when present)
    ServeLive, // the API answered
    ServeStale, // the API failed; the last value is shown, marked stale
    CacheExpired, // the API failed; the last value is too old to show as current, `error` says so
    PassError, // the API failed in a way an old value must not hide
};

// One decision. Every decision names where the value shown comes from and how old it is, so a stale value is
// never shown in silence.
struct CacheDecision
{
    CacheAction action = CacheAction::FetchLive;
    api::ServedFrom servedFrom = api::ServedFrom::Live;
    qint64 ageSec = 0; // age of `entry` in whole seconds, rounded down; 0 when live
    std::optional<CacheEntry> entry; // the cached, stale or expired value; for FetchLive, the validators
    std::optional<api::ApiError> error; // set for CacheExpired (kind CacheExpired) and PassError
};

// Pure decisions about cached values on the injected clock: no I/O, no state beyond the settings.
class CachePolicy
{
public:
    explicit CachePolicy(const util::Clock& clock, CachePolicySettings settings = {});

    // Before a request: serve a fresh cached value, or go to the API.
    CacheDecision beforeRequest(const std::optional<CacheEntry>& cached) const;
    CacheDecision onSuccess() const;
    // After the request failed for good (retries, breaker and limiter have had their say).
    CacheDecision onFailure(const api::ApiError& error, const std::optional<CacheEntry>& last) const;

    // Whether a failure of this kind may be covered by the last value. Failures of the service (server,
    // network, timeout, local refusals, rate limits including a spent quota, unusable 2xx bodies) may: the
    // old price is still the right answer to the question asked. Failures of the request or set-up (config,
    // auth, forbidden, invalid code, not found, other 4xx) may not: waiting will not fix them and an old
    // price would hide what the user has to fix. A cancelled call has nobody to show anything to.
    static bool allowsStaleFallback(const api::ApiError& error);

    const CachePolicySettings& settings() const { return m_settings; }
    // For a poll interval changed at run time (Preferences): the next decision uses these.
    void setSettings(const CachePolicySettings& settings) { m_settings = settings; }

private:
    const util::Clock& m_clock;
    CachePolicySettings m_settings;
};

} // namespace oilwatch::cache
