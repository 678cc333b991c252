#pragma once

#include "api/apierror.h"
#include "resilience/backoff.h"
#include "resilience/resilienceevents.h"
#include "resilience/retryafter.h"
#include "resilience/retrybudget.h"
#include "util/clock.h"

#include <optional>

#include <QByteArray>

namespace oilwatch::resilience {

struct RetrySettings
{
    // Four attempts in all (three retries): with the default backoff the last retry starts within about
    // 3.5 s of the first failure at most, inside one poll period, and a benchmark client gives up quickly.
    int maxAttempts = 4;
    BackoffSettings backoff;
    // The longest Retry-After we honour; see kMaxRetryAfterMs.
    qint64 maxRetryAfterMs = kMaxRetryAfterMs;
};

struct FailedAttempt
{
    api::ApiError error;
    QByteArray method = "GET";
    int attempt = 1; // the attempt that just failed, 1 for the first
    // The raw Retry-After header when the response had one (it may be an HTTP-date, which ApiError's
    // rateLimit.retryAfterSec cannot hold); when empty, rateLimit.retryAfterSec is used.
    QByteArray retryAfterHeader;
    std::optional<qint64> deadlineMs; // on the clock's monotonic scale; none = no overall deadline
};

struct RetryClassification
{
    std::optional<RetryCause> cause; // set when the outcome is transient
    GiveUpReason whyNot = GiveUpReason::NotRetryable; // meaningful only without a cause
    bool retryable() const { return cause.has_value(); }
};

struct RetryDecision
{
    bool retry = false;
    qint64 delayMs = 0;
    int nextAttempt = 0; // the attempt the retry will be
    std::optional<RetryCause> cause; // set whenever the outcome was transient, even when we gave up
    DelaySource delaySource = DelaySource::Backoff;
    std::optional<GiveUpReason> giveUp; // set exactly when !retry
    int tokensSpent = 0; // taken from the budget for this retry
    int tokensLeft = -1; // after this decision; -1 without a budget
};

// Decides whether a failed attempt is retried and after how long. It sends nothing and waits for nothing:
// the pipeline asks, then schedules the retry itself.
class RetryPolicy
{
public:
    RetryPolicy(RetrySettings settings, const util::Clock& clock);

    // Only GET is retried (the client sends nothing else; a retried POST could act twice). Transient: network
    // errors, timeouts, 408, a burst 429, 500, 502, 503, 504. Never a spent quota (402, or a 429 whose
    // X-RateLimit-State is exhausted for a daily/monthly/trial window), nor any other status or kind
    // (501 and 505 will not change by asking again).
    static RetryClassification classify(const api::ApiError& error, QByteArrayView method);

    // In this order: classification, attempts left, delay (a readable Retry-After, clamped to
    // maxRetryAfterMs, else `backoff`), the deadline, and last the budget, so that tokens are only taken
    // for a retry that will really happen. `budget` may be null (no budget).
    RetryDecision decide(const FailedAttempt& failed, Backoff& backoff, RetryBudget* budget) const;

    // The backoff for one request, with this policy's settings.
    Backoff makeBackoff(util::RandomSource& random) const { return Backoff(m_settings.backoff, random); }
    const RetrySettings& settings() const { return m_settings; }
    // New settings at run time: the next decision uses them (a backoff already made keeps its own).
    void setSettings(const RetrySettings& settings) { m_settings = settings; }

private:
    RetrySettings m_settings;
    const util::Clock& m_clock;
};

} // namespace oilwatch::resilience
