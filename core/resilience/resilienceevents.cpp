#include "resilience/resilienceevents.h"

namespace oilwatch::resilience {

QString stateName(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed:
        return QStringLiteral("closed");
    case BreakerState::Open:
        return QStringLiteral("open");
    case BreakerState::HalfOpen:
        return QStringLiteral("half_open");
    case BreakerState::ForcedOpen:
        return QStringLiteral("forced_open");
    case BreakerState::Disabled:
        return QStringLiteral("disabled");
    }
    return QStringLiteral("unknown");
}

QString transitionReasonName(TransitionReason reason)
{
    switch (reason) {
    case TransitionReason::FailureRate:
        return QStringLiteral("failure_rate");
    case TransitionReason::SlowCallRate:
        return QStringLiteral("slow_call_rate");
    case TransitionReason::ConsecutiveFailures:
        return QStringLiteral("consecutive_failures");
    case TransitionReason::OpenDurationElapsed:
        return QStringLiteral("open_duration_elapsed");
    case TransitionReason::ProbesSucceeded:
        return QStringLiteral("probes_succeeded");
    case TransitionReason::ProbeFailed:
        return QStringLiteral("probe_failed");
    case TransitionReason::ProbesSlow:
        return QStringLiteral("probes_slow");
    case TransitionReason::Manual:
        return QStringLiteral("manual");
    }
    return QStringLiteral("unknown");
}

QString retryCauseName(RetryCause cause)
{
    switch (cause) {
    case RetryCause::Network:
        return QStringLiteral("network");
    case RetryCause::Timeout:
        return QStringLiteral("timeout");
    case RetryCause::TooManyRequests:
        return QStringLiteral("too_many_requests");
    case RetryCause::ServerError:
        return QStringLiteral("server_error");
    }
    return QStringLiteral("unknown");
}

QString delaySourceName(DelaySource source)
{
    switch (source) {
    case DelaySource::Backoff:
        return QStringLiteral("backoff");
    case DelaySource::RetryAfter:
        return QStringLiteral("retry_after");
    }
    return QStringLiteral("unknown");
}

QString giveUpReasonName(GiveUpReason reason)
{
    switch (reason) {
    case GiveUpReason::NotIdempotent:
        return QStringLiteral("not_idempotent");
    case GiveUpReason::NotRetryable:
        return QStringLiteral("not_retryable");
    case GiveUpReason::QuotaExhausted:
        return QStringLiteral("quota_exhausted");
    case GiveUpReason::AttemptsExhausted:
        return QStringLiteral("attempts_exhausted");
    case GiveUpReason::BudgetEmpty:
        return QStringLiteral("budget_empty");
    case GiveUpReason::DeadlineWouldPass:
        return QStringLiteral("deadline_would_pass");
    }
    return QStringLiteral("unknown");
}

QString rejectionCauseName(RejectionCause cause)
{
    switch (cause) {
    case RejectionCause::BreakerOpen:
        return QStringLiteral("breaker_open");
    case RejectionCause::Overloaded:
        return QStringLiteral("overloaded");
    case RejectionCause::BudgetEmpty:
        return QStringLiteral("budget_empty");
    }
    return QStringLiteral("unknown");
}

namespace {

QString optionalMs(const std::optional<qint64>& ms, const char* label)
{
    return ms ? QStringLiteral(", %1 %2 ms").arg(QLatin1String(label)).arg(*ms) : QString();
}

} // namespace

QString ResilienceEvent::describe() const
{
    struct Describer
    {
        QString operator()(const AttemptStarted& e) const
        {
            return QStringLiteral("attempt %1 to %2").arg(e.attempt).arg(e.host);
        }
        QString operator()(const RetryScheduled& e) const
        {
            return QStringLiteral("retry %1 to %2 in %3 ms (%4, delay from %5)")
                .arg(e.nextAttempt)
                .arg(e.host)
                .arg(e.delayMs)
                .arg(retryCauseName(e.cause), delaySourceName(e.source));
        }
        QString operator()(const BudgetSpent& e) const
        {
            return QStringLiteral("retry budget for %1: spent %2, %3 left")
                .arg(e.host)
                .arg(e.tokensSpent)
                .arg(e.tokensLeft);
        }
        QString operator()(const BreakerTransition& e) const
        {
            return QStringLiteral("breaker %1 %2 → %3 (%4)")
                       .arg(e.host, stateName(e.from), stateName(e.to), transitionReasonName(e.reason))
                + optionalMs(e.nextProbeInMs, "probe in");
        }
        QString operator()(const RequestRejected& e) const
        {
            return QStringLiteral("request to %1 rejected: %2").arg(e.host, rejectionCauseName(e.cause))
                + optionalMs(e.retryInMs, "retry in");
        }
    };
    return std::visit(Describer {}, payload);
}

} // namespace oilwatch::resilience

namespace oilwatch::resilience {

QJsonObject ResilienceEvent::toJson() const
{
    struct ToJson
    {
        QJsonObject operator()(const AttemptStarted& e) const
        {
            return {{QStringLiteral("type"), QStringLiteral("attempt")}, {QStringLiteral("host"), e.host},
                {QStringLiteral("attempt"), e.attempt}};
        }
        QJsonObject operator()(const RetryScheduled& e) const
        {
            return {{QStringLiteral("type"), QStringLiteral("retry")}, {QStringLiteral("host"), e.host},
                {QStringLiteral("attempt"), e.nextAttempt}, {QStringLiteral("delay_ms"), double(e.delayMs)},
                {QStringLiteral("cause"), retryCauseName(e.cause)},
                {QStringLiteral("delay_from"), delaySourceName(e.source)}};
        }
        QJsonObject operator()(const BudgetSpent& e) const
        {
            return {{QStringLiteral("type"), QStringLiteral("budget")}, {QStringLiteral("host"), e.host},
                {QStringLiteral("tokens_spent"), e.tokensSpent},
                {QStringLiteral("tokens_left"), e.tokensLeft}};
        }
        QJsonObject operator()(const BreakerTransition& e) const
        {
            QJsonObject json {{QStringLiteral("type"), QStringLiteral("breaker")},
                {QStringLiteral("host"), e.host}, {QStringLiteral("from"), stateName(e.from)},
                {QStringLiteral("to"), stateName(e.to)},
                {QStringLiteral("reason"), transitionReasonName(e.reason)}};
            if (e.nextProbeInMs)
                json.insert(QStringLiteral("next_probe_ms"), double(*e.nextProbeInMs));
            return json;
        }
        QJsonObject operator()(const RequestRejected& e) const
        {
            QJsonObject json {{QStringLiteral("type"), QStringLiteral("rejected")},
                {QStringLiteral("host"), e.host}, {QStringLiteral("cause"), rejectionCauseName(e.cause)}};
            if (e.retryInMs)
                json.insert(QStringLiteral("retry_in_ms"), double(*e.retryInMs));
            return json;
        }
    };
    QJsonObject json = std::visit(ToJson {}, payload);
    json.insert(QStringLiteral("ts"), atUtc.toUTC().toString(Qt::ISODateWithMs));
    return json;
}

} // namespace oilwatch::resilience
