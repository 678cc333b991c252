#include "resilience/circuitbreaker.h"

#include <algorithm>
#include <cmath>

namespace oilwatch::resilience {

namespace {

// Per-second buckets up to a minute-long window; longer windows get coarser buckets instead of more.
constexpr qint64 kMaxBuckets = 60;

} // namespace

CallOutcome classifyForBreaker(const api::ApiError& error)
{
    switch (error.kind) {
    case api::ErrorKind::Network:
    case api::ErrorKind::Timeout:
    case api::ErrorKind::Server:
        return CallOutcome::Failure;
    case api::ErrorKind::RateLimited:
        return error.httpStatus == 429 && !error.rateLimit.quotaExhausted() ? CallOutcome::Failure
                                                                            : CallOutcome::Ignored;
    default:
        return CallOutcome::Ignored;
    }
}

void CircuitBreaker::setSettings(const CircuitBreakerSettings& settings)
{
    m_settings = settings;
    const qint64 window = std::max<qint64>(1, m_settings.windowMs);
    m_bucketMs = std::max<qint64>(1000, (window + kMaxBuckets - 1) / kMaxBuckets);
    const qint64 count = std::max<qint64>(1, (window + m_bucketMs - 1) / m_bucketMs);
    m_buckets.assign(static_cast<std::size_t>(count), {});
    clearWindow();
}

CircuitBreaker::CircuitBreaker(
    QString host, CircuitBreakerSettings settings, const util::Clock& clock, ResilienceObserver* observer)
    : m_host(std::move(host))
    , m_settings(settings)
    , m_clock(clock)
    , m_observer(observer)
{
    const qint64 window = std::max<qint64>(1, m_settings.windowMs);
    m_bucketMs = std::max<qint64>(1000, (window + kMaxBuckets - 1) / kMaxBuckets);
    const qint64 count = std::max<qint64>(1, (window + m_bucketMs - 1) / m_bucketMs);
    m_buckets.resize(static_cast<std::size_t>(count));
}

qint64 CircuitBreaker::openDurationForTrip(int trip) const
{
    const double grown = static_cast<double>(m_settings.openBaseMs)
        * std::pow(std::max(1.0, m_settings.openMultiplier), std::max(0, trip - 1));
    return static_cast<qint64>(std::min(grown, static_cast<double>(m_settings.openMaxMs)));
}

void CircuitBreaker::updateTime()
{
    if (m_state == BreakerState::Open && m_clock.monotonicMs() >= m_openUntilMs)
        transitionTo(BreakerState::HalfOpen, TransitionReason::OpenDurationElapsed);
}

void CircuitBreaker::transitionTo(BreakerState to, TransitionReason reason)
{
    const BreakerState from = m_state;
    m_state = to;
    ++m_generation; // calls still out were admitted under the old state: their results no longer count
    clearWindow();
    m_probesOut = 0;
    m_probesDone = 0;
    m_slowProbes = 0;
    std::optional<qint64> nextProbe;
    if (to == BreakerState::Open) {
        ++m_trips;
        nextProbe = openDurationForTrip(m_trips);
        m_openUntilMs = m_clock.monotonicMs() + *nextProbe;
    } else if (to == BreakerState::Closed) {
        m_trips = 0;
    }
    if (m_observer && from != to)
        m_observer->onResilienceEvent(
            ResilienceEvent::at(m_clock, BreakerTransition {m_host, from, to, reason, nextProbe}));
}

BreakerAdmission CircuitBreaker::tryAcquire()
{
    updateTime();
    const qint64 now = m_clock.monotonicMs();
    switch (m_state) {
    case BreakerState::Closed:
    case BreakerState::Disabled:
        return BreakerPermit {m_generation, now, false};
    case BreakerState::HalfOpen:
        if (m_probesOut + m_probesDone < m_settings.halfOpenProbes) {
            ++m_probesOut;
            return BreakerPermit {m_generation, now, true};
        }
        return BreakerRejection {m_state, std::nullopt};
    case BreakerState::Open:
        return BreakerRejection {m_state, m_openUntilMs - now};
    case BreakerState::ForcedOpen:
        return BreakerRejection {m_state, std::nullopt};
    }
    return BreakerRejection {m_state, std::nullopt};
}

void CircuitBreaker::record(const BreakerPermit& permit, CallOutcome outcome)
{
    record(permit, outcome, m_clock.monotonicMs() - permit.startedMs);
}

void CircuitBreaker::record(const BreakerPermit& permit, CallOutcome outcome, qint64 durationMs)
{
    updateTime();
    if (permit.generation != m_generation)
        return;
    const bool slow = slowDetection() && durationMs >= m_settings.slowCallDurationMs;
    if (m_state == BreakerState::Closed)
        recordClosed(outcome, slow);
    else if (m_state == BreakerState::HalfOpen && permit.probe)
        recordHalfOpen(outcome, slow);
}

void CircuitBreaker::recordClosed(CallOutcome outcome, bool slow)
{
    if (outcome == CallOutcome::Ignored)
        return;
    const bool failed = outcome == CallOutcome::Failure;
    Bucket& bucket = currentBucket();
    ++bucket.calls;
    bucket.failures += failed ? 1 : 0;
    bucket.slowCalls += slow ? 1 : 0;
    m_consecutiveFailures = failed ? m_consecutiveFailures + 1 : 0;

    if (m_settings.consecutiveFailureThreshold > 0
        && m_consecutiveFailures >= m_settings.consecutiveFailureThreshold) {
        transitionTo(BreakerState::Open, TransitionReason::ConsecutiveFailures);
        return;
    }
    const BreakerMetrics window = metrics();
    if (window.calls < m_settings.minimumCalls)
        return;
    if (window.failureRate() >= m_settings.failureRateThreshold)
        transitionTo(BreakerState::Open, TransitionReason::FailureRate);
    else if (slowDetection() && window.slowCallRate() >= m_settings.slowCallRateThreshold)
        transitionTo(BreakerState::Open, TransitionReason::SlowCallRate);
}

void CircuitBreaker::recordHalfOpen(CallOutcome outcome, bool slow)
{
    --m_probesOut;
    if (outcome == CallOutcome::Ignored)
        return; // the slot is free again for a probe that can tell us something
    if (outcome == CallOutcome::Failure) {
        transitionTo(BreakerState::Open, TransitionReason::ProbeFailed);
        return;
    }
    ++m_probesDone;
    m_slowProbes += slow ? 1 : 0;
    if (m_probesDone < m_settings.halfOpenProbes)
        return;
    // The same slow-call rule as when closed, over the probes: otherwise a host that answers every call
    // slowly would close the breaker only to trip it again on the next full window.
    const double slowRate = 100.0 * m_slowProbes / m_probesDone;
    if (slowDetection() && slowRate >= m_settings.slowCallRateThreshold)
        transitionTo(BreakerState::Open, TransitionReason::ProbesSlow);
    else
        transitionTo(BreakerState::Closed, TransitionReason::ProbesSucceeded);
}

void CircuitBreaker::release(const BreakerPermit& permit)
{
    updateTime();
    if (permit.generation == m_generation && permit.probe && m_state == BreakerState::HalfOpen)
        --m_probesOut;
}

void CircuitBreaker::forceOpen()
{
    if (m_state != BreakerState::ForcedOpen)
        transitionTo(BreakerState::ForcedOpen, TransitionReason::Manual);
}

void CircuitBreaker::disable()
{
    if (m_state != BreakerState::Disabled)
        transitionTo(BreakerState::Disabled, TransitionReason::Manual);
}

void CircuitBreaker::reset()
{
    m_trips = 0;
    m_consecutiveFailures = 0;
    transitionTo(BreakerState::Closed, TransitionReason::Manual);
}

BreakerState CircuitBreaker::state()
{
    updateTime();
    return m_state;
}

CircuitBreaker::Bucket& CircuitBreaker::currentBucket()
{
    const qint64 epoch = m_clock.monotonicMs() / m_bucketMs;
    Bucket& bucket = m_buckets[static_cast<std::size_t>(epoch % static_cast<qint64>(m_buckets.size()))];
    if (bucket.epoch != epoch)
        bucket = Bucket {epoch, 0, 0, 0};
    return bucket;
}

void CircuitBreaker::clearWindow()
{
    std::fill(m_buckets.begin(), m_buckets.end(), Bucket {});
    m_consecutiveFailures = 0;
}

BreakerMetrics CircuitBreaker::metrics() const
{
    BreakerMetrics out;
    const qint64 epoch = m_clock.monotonicMs() / m_bucketMs;
    const qint64 oldest = epoch - static_cast<qint64>(m_buckets.size()) + 1;
    for (const Bucket& bucket : m_buckets) {
        if (bucket.epoch < oldest || bucket.epoch > epoch)
            continue;
        out.calls += bucket.calls;
        out.failures += bucket.failures;
        out.slowCalls += bucket.slowCalls;
    }
    out.consecutiveFailures = m_consecutiveFailures;
    return out;
}

CircuitBreakerRegistry::CircuitBreakerRegistry(
    CircuitBreakerSettings settings, const util::Clock& clock, ResilienceObserver* observer)
    : HostRegistry(settings, [&clock, observer](const QString& host, const CircuitBreakerSettings& current) {
        return std::make_unique<CircuitBreaker>(host, current, clock, observer);
    })
{ }

} // namespace oilwatch::resilience
