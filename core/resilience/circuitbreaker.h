#pragma once

#include "api/apierror.h"
#include "resilience/hostregistry.h"
#include "resilience/resilienceevents.h"
#include "util/clock.h"

#include <map>
#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include <QString>
#include <QStringList>

namespace oilwatch::resilience {

// What a finished call tells the breaker about the host.
enum class CallOutcome
{
    Success,
    Failure,
    // Says nothing about the host's health, so it counts neither way (resilience4j's "ignored"): a 4xx is
    // our request's fault, a spent quota is our plan's, a cancel or a local refusal never reached the host,
    // and a 2xx with an unusable body came from a host that answered.
    Ignored,
};

// Failures: network errors, timeouts (ours and 408), every 5xx, and a burst 429 (the host is shedding load).
// Everything else, including a quota-exhausted 429 or 402, is Ignored. A success is CallOutcome::Success.
CallOutcome classifyForBreaker(const api::ApiError& error);

struct CircuitBreakerSettings
{
    // Time-based, not count-based: a poller makes one request every few seconds and would take many minutes
    // to fill resilience4j's 100-call window, while a benchmark fills any count in a blink. A minute of
    // history serves both; it is kept in at most 60 buckets, so memory stays fixed.
    qint64 windowMs = 60'000;
    // Small, so a poller's breaker can act within its first half minute of an outage (Polly's and
    // resilience4j's 100 would never be reached by a poller).
    int minimumCalls = 5;
    // Percent of counted calls in the window; opens at or above it. Half failing is clearly not noise.
    double failureRateThreshold = 50.0;
    // Opens after this many failures in a row, whatever the window says: catches an outage early when
    // calls are sparse. 0 turns it off.
    int consecutiveFailureThreshold = 5;
    // A call that takes this long counts as slow even if it succeeds. 5 s is well past the API's normal
    // sub-second answers yet below the 10 s attempt timeout. 0 turns slow-call detection off.
    qint64 slowCallDurationMs = 5'000;
    // Percent of counted calls that were slow; opens at or above it. 100 % (resilience4j's default) means
    // only a host that has become slow for everyone trips the breaker.
    double slowCallRateThreshold = 100.0;
    // Open for 5 s the first time (Polly's break duration: short enough not to hide a blip for long), twice
    // as long on every consecutive trip, at most 5 minutes; back to 5 s after the breaker closes again.
    qint64 openBaseMs = 5'000;
    double openMultiplier = 2.0;
    qint64 openMaxMs = 300'000;
    // Probes let through when half-open; that many successes close the breaker, any failure re-opens it.
    // Two rather than one so a single lucky answer does not close it.
    int halfOpenProbes = 2;
};

// Permission to send one call. Hand it back through record() or release().
struct BreakerPermit
{
    quint64 generation = 0; // the breaker state the permit was given in; results from older states are stale
    qint64 startedMs = 0; // monotonic; record() measures the duration from here
    bool probe = false;
};

struct BreakerRejection
{
    BreakerState state = BreakerState::Open;
    // Until the breaker lets the next probe through; nullopt when that is not known (forced open, or all
    // half-open probes are still out).
    std::optional<qint64> untilNextProbeMs;
};

using BreakerAdmission = std::variant<BreakerPermit, BreakerRejection>;

struct BreakerMetrics
{
    int calls = 0; // successes and failures in the window (ignored calls are not counted)
    int failures = 0;
    int slowCalls = 0;
    int consecutiveFailures = 0;
    double failureRate() const { return calls ? 100.0 * failures / calls : 0.0; }
    double slowCallRate() const { return calls ? 100.0 * slowCalls / calls : 0.0; }
};

// One per host. Pure and thread-affine: time comes from the clock, and Open becomes HalfOpen lazily, on the
// first call to tryAcquire(), state() or record() after the open duration (the transition event carries
// that moment). Transition events go to the observer.
class CircuitBreaker
{
public:
    using Settings = CircuitBreakerSettings; // for HostRegistry

    CircuitBreaker(QString host, CircuitBreakerSettings settings, const util::Clock& clock,
        ResilienceObserver* observer = nullptr);

    BreakerAdmission tryAcquire();
    // The duration is measured on the clock from permit.startedMs.
    void record(const BreakerPermit& permit, CallOutcome outcome);
    void record(const BreakerPermit& permit, CallOutcome outcome, qint64 durationMs);
    // The call ended without an outcome (cancelled before an answer): frees its probe slot, counts nothing.
    void release(const BreakerPermit& permit);

    // User controls. forceOpen() rejects everything, disable() lets everything through uncounted, and
    // reset() returns to a fresh Closed state with the open duration back at its base.
    void forceOpen();
    void disable();
    void reset();

    BreakerState state();
    BreakerMetrics metrics() const;
    // How many times in a row the breaker has opened without closing in between.
    int consecutiveTrips() const { return m_trips; }
    // The open duration the next trip would get.
    qint64 nextOpenDurationMs() const { return openDurationForTrip(m_trips + 1); }
    const QString& host() const { return m_host; }
    const CircuitBreakerSettings& settings() const { return m_settings; }
    // New settings at run time (Preferences): the state and its timers stay, the window of recorded
    // outcomes starts afresh (its buckets are sized from windowMs).
    void setSettings(const CircuitBreakerSettings& settings);

private:
    struct Bucket
    {
        qint64 epoch = -1; // which bucketMs-long slice of time the counts belong to
        int calls = 0;
        int failures = 0;
        int slowCalls = 0;
    };

    void updateTime();
    void transitionTo(BreakerState to, TransitionReason reason);
    void recordClosed(CallOutcome outcome, bool slow);
    void recordHalfOpen(CallOutcome outcome, bool slow);
    Bucket& currentBucket();
    void clearWindow();
    qint64 openDurationForTrip(int trip) const;
    bool slowDetection() const { return m_settings.slowCallDurationMs > 0; }

    QString m_host;
    CircuitBreakerSettings m_settings;
    const util::Clock& m_clock;
    ResilienceObserver* m_observer;

    BreakerState m_state = BreakerState::Closed;
    quint64 m_generation = 1;
    qint64 m_bucketMs = 1000;
    std::vector<Bucket> m_buckets;
    int m_consecutiveFailures = 0;
    int m_trips = 0;
    qint64 m_openUntilMs = 0;
    int m_probesOut = 0; // probes handed out in this half-open period and not released
    int m_probesDone = 0;
    int m_slowProbes = 0;
};

// The breakers of all hosts (see HostRegistry for the contract), each reporting to the same observer.
class CircuitBreakerRegistry : public HostRegistry<CircuitBreaker>
{
public:
    CircuitBreakerRegistry(
        CircuitBreakerSettings settings, const util::Clock& clock, ResilienceObserver* observer = nullptr);
};

} // namespace oilwatch::resilience
