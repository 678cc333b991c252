#pragma once

#include "util/clock.h"

#include <optional>
#include <variant>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace oilwatch::resilience {

// The shared vocabulary of the resilience stages, kept here so that the events can name it without the
// event header depending on every stage.

enum class BreakerState
{
    Closed, // calls flow, outcomes are counted
    Open, // calls fail at once until the open duration has passed
    HalfOpen, // a few probes may go through to test the host
    ForcedOpen, // set by the user: every call fails at once, no probes
    Disabled, // set by the user: every call flows, nothing is counted
};

enum class TransitionReason
{
    FailureRate, // the window's failure rate reached the threshold
    SlowCallRate, // the window's slow-call rate reached the threshold
    ConsecutiveFailures,
    OpenDurationElapsed, // open → half-open
    ProbesSucceeded, // half-open → closed
    ProbeFailed, // half-open → open
    ProbesSlow, // half-open → open: the probes answered, too slowly
    Manual, // forceOpen(), disable(), reset()
};

// Why an outcome is worth another attempt.
enum class RetryCause
{
    Network,
    Timeout, // our own attempt timeout, or HTTP 408
    TooManyRequests, // a burst 429 (never a spent quota)
    ServerError, // 500, 502, 503, 504
};

enum class DelaySource
{
    Backoff,
    RetryAfter, // the server said how long to wait
};

enum class GiveUpReason
{
    NotIdempotent, // only GET is retried
    NotRetryable, // the outcome is permanent (4xx, bad response, cancelled, ...)
    QuotaExhausted, // 402, or a 429 whose daily/monthly/trial quota is spent: nothing helps before the reset
    AttemptsExhausted,
    BudgetEmpty, // the retry budget has too few tokens left
    DeadlineWouldPass, // the wait would end at or after the caller's deadline
};

enum class RejectionCause
{
    BreakerOpen,
    Overloaded, // the concurrency limiter's queue is full
    BudgetEmpty,
};

QString stateName(BreakerState state);
QString transitionReasonName(TransitionReason reason);
QString retryCauseName(RetryCause cause);
QString delaySourceName(DelaySource source);
QString giveUpReasonName(GiveUpReason reason);
QString rejectionCauseName(RejectionCause cause);

struct AttemptStarted
{
    QString host;
    int attempt = 1; // 1 for the first try
};

struct RetryScheduled
{
    QString host;
    int nextAttempt = 2;
    qint64 delayMs = 0;
    RetryCause cause = RetryCause::Network;
    DelaySource source = DelaySource::Backoff;
};

struct BudgetSpent
{
    QString host;
    int tokensSpent = 0;
    int tokensLeft = 0;
};

struct BreakerTransition
{
    QString host;
    BreakerState from = BreakerState::Closed;
    BreakerState to = BreakerState::Closed;
    TransitionReason reason = TransitionReason::Manual;
    std::optional<qint64> nextProbeInMs; // set when the new state is Open
};

struct RequestRejected
{
    QString host;
    RejectionCause cause = RejectionCause::BreakerOpen;
    std::optional<qint64> retryInMs; // when the caller may expect a different answer, if known
};

struct ResilienceEvent
{
    QDateTime atUtc; // for people and logs
    qint64 atMonotonicMs = 0; // for ordering and durations: the wall clock may jump
    std::variant<AttemptStarted, RetryScheduled, BudgetSpent, BreakerTransition, RequestRejected> payload;

    template <typename T> static ResilienceEvent at(const util::Clock& clock, T payload)
    {
        return ResilienceEvent {clock.nowUtc(), clock.monotonicMs(), std::move(payload)};
    }
    // One line for a log: "breaker api.example.com closed → open (consecutive_failures), probe in 5000 ms".
    QString describe() const;
    // One JSON object per event for the CLI's --json lines and exports: "type" (attempt, retry, budget,
    // breaker, rejected), "ts" (ISO-8601 UTC) and the payload's fields in snake_case.
    QJsonObject toJson() const;
};

// One interface for everything the stages report, so that logging, the status bar and metrics subscribe in
// one place. Called synchronously on the thread of the stage that reports.
class ResilienceObserver
{
public:
    virtual ~ResilienceObserver() = default;
    virtual void onResilienceEvent(const ResilienceEvent& event) = 0;
};

// Keeps every event: for tests, and for a pipeline that wants to report the history of one request.
class RecordingObserver final : public ResilienceObserver
{
public:
    void onResilienceEvent(const ResilienceEvent& event) override { m_events.append(event); }
    const QList<ResilienceEvent>& events() const { return m_events; }
    template <typename T> QList<T> eventsOf() const
    {
        QList<T> out;
        for (const ResilienceEvent& event : m_events) {
            if (const T* payload = std::get_if<T>(&event.payload))
                out.append(*payload);
        }
        return out;
    }
    void clear() { m_events.clear(); }

private:
    QList<ResilienceEvent> m_events;
};

} // namespace oilwatch::resilience
