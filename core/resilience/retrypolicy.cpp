#include "resilience/retrypolicy.h"

#include <algorithm>

namespace oilwatch::resilience {

namespace {

RetryClassification transient(RetryCause cause)
{
    return RetryClassification {cause, GiveUpReason::NotRetryable};
}

RetryClassification permanent(GiveUpReason why)
{
    return RetryClassification {std::nullopt, why};
}

} // namespace

RetryPolicy::RetryPolicy(RetrySettings settings, const util::Clock& clock)
    : m_settings(std::move(settings))
    , m_clock(clock)
{ }

RetryClassification RetryPolicy::classify(const api::ApiError& error, QByteArrayView method)
{
    if (method != QByteArrayView("GET"))
        return permanent(GiveUpReason::NotIdempotent);
    // A status says more than the kind we derived from it, so it decides whenever there is one.
    switch (error.httpStatus) {
    case 0:
        break;
    case 408:
        return transient(RetryCause::Timeout);
    case 429:
        if (error.rateLimit.quotaExhausted())
            return permanent(GiveUpReason::QuotaExhausted);
        return transient(RetryCause::TooManyRequests);
    case 402:
        return permanent(GiveUpReason::QuotaExhausted);
    case 500:
    case 502:
    case 503:
    case 504:
        return transient(RetryCause::ServerError);
    default:
        return permanent(GiveUpReason::NotRetryable);
    }
    switch (error.kind) {
    case api::ErrorKind::Network:
        return transient(RetryCause::Network);
    case api::ErrorKind::Timeout:
        return transient(RetryCause::Timeout);
    case api::ErrorKind::Tls: // the next handshake meets the same certificate
        return permanent(GiveUpReason::NotRetryable);
    default:
        return permanent(GiveUpReason::NotRetryable);
    }
}

RetryDecision RetryPolicy::decide(const FailedAttempt& failed, Backoff& backoff, RetryBudget* budget) const
{
    RetryDecision decision;
    decision.nextAttempt = failed.attempt + 1;
    if (budget && budget->isEnabled())
        decision.tokensLeft = budget->available();
    const auto giveUp = [&decision](GiveUpReason reason) {
        decision.retry = false;
        decision.giveUp = reason;
        return decision;
    };

    const RetryClassification classification = classify(failed.error, failed.method);
    decision.cause = classification.cause;
    if (!classification.retryable())
        return giveUp(classification.whyNot);
    if (failed.attempt >= m_settings.maxAttempts)
        return giveUp(GiveUpReason::AttemptsExhausted);

    const QDateTime nowUtc = m_clock.nowUtc();
    std::optional<qint64> serverWait;
    if (!failed.retryAfterHeader.isEmpty())
        serverWait = parseRetryAfter(failed.retryAfterHeader, nowUtc, m_settings.maxRetryAfterMs);
    if (!serverWait && failed.error.rateLimit.retryAfterSec) {
        const qint64 seconds = std::max(0, *failed.error.rateLimit.retryAfterSec);
        serverWait = std::min(seconds * 1000, std::max<qint64>(0, m_settings.maxRetryAfterMs));
    }
    if (serverWait) {
        decision.delayMs = *serverWait;
        decision.delaySource = DelaySource::RetryAfter;
    } else {
        decision.delayMs = backoff.delayBeforeRetry(failed.attempt);
        decision.delaySource = DelaySource::Backoff;
    }

    if (!waitWithinDeadline(decision.delayMs, m_clock.monotonicMs(), failed.deadlineMs))
        return giveUp(GiveUpReason::DeadlineWouldPass);

    if (budget) {
        const int spent = budget->trySpendRetry(*decision.cause == RetryCause::Timeout);
        if (spent < 0)
            return giveUp(GiveUpReason::BudgetEmpty);
        decision.tokensSpent = spent;
        decision.tokensLeft = budget->isEnabled() ? budget->available() : -1;
    }
    decision.retry = true;
    return decision;
}

} // namespace oilwatch::resilience
