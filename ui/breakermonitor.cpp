#include "breakermonitor.h"

#include "resilience/resilienttransport.h"
#include "util/clock.h"

#include <algorithm>

namespace oilwatch::ui {

using resilience::BreakerState;

BreakerMonitor::BreakerMonitor(
    resilience::ResilientTransport& pipeline, QString host, const util::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_pipeline(pipeline)
    , m_host(std::move(host).toLower())
    , m_clock(clock)
{
    connect(&m_pipeline, &resilience::ResilientTransport::resilienceEvent, this, &BreakerMonitor::onEvent);
}

void BreakerMonitor::onEvent(const resilience::ResilienceEvent& event)
{
    // Stamped with our clock at arrival: the signal is delivered synchronously on this thread, and the
    // countdown and the retry window are then measured on one scale whatever clock the pipeline uses.
    const qint64 nowMs = m_clock.monotonicMs();
    if (const auto* transition = std::get_if<resilience::BreakerTransition>(&event.payload)) {
        if (transition->host.compare(m_host, Qt::CaseInsensitive) == 0) {
            if (transition->to == BreakerState::Open && transition->nextProbeInMs)
                m_openUntilMs = nowMs + *transition->nextProbeInMs;
            else
                m_openUntilMs.reset();
        }
    } else if (const auto* retry = std::get_if<resilience::RetryScheduled>(&event.payload)) {
        if (retry->host.compare(m_host, Qt::CaseInsensitive) == 0)
            m_retryTimesMs.push_back(nowMs);
    }
    Q_EMIT eventSeen(event);
    Q_EMIT changed();
}

void BreakerMonitor::dropOldRetries(qint64 nowMs)
{
    while (!m_retryTimesMs.empty() && nowMs - m_retryTimesMs.front() >= kRetryWindowMs)
        m_retryTimesMs.pop_front();
}

BreakerSnapshot BreakerMonitor::snapshot()
{
    resilience::CircuitBreaker& breaker = m_pipeline.breakerFor(m_host);
    BreakerSnapshot s;
    s.host = m_host;
    // First, so that a lazy Open → HalfOpen transition it triggers is already folded into what follows.
    s.state = breaker.state();
    const qint64 nowMs = m_clock.monotonicMs();
    if (s.state == BreakerState::Open && m_openUntilMs)
        s.nextProbeInMs = std::max<qint64>(0, *m_openUntilMs - nowMs);
    dropOldRetries(nowMs);
    s.retriesLastMinute = static_cast<int>(m_retryTimesMs.size());
    const resilience::ConcurrencyLimiter& limiter = m_pipeline.limiterFor(m_host);
    s.inFlight = limiter.inFlight();
    s.waiting = limiter.queued();
    const resilience::BreakerMetrics metrics = breaker.metrics();
    s.calls = metrics.calls;
    s.failures = metrics.failures;
    s.consecutiveFailures = metrics.consecutiveFailures;
    return s;
}

void BreakerMonitor::refresh()
{
    Q_EMIT changed();
}

void BreakerMonitor::forceOpen()
{
    m_pipeline.breakerFor(m_host).forceOpen();
}

void BreakerMonitor::disable()
{
    m_pipeline.breakerFor(m_host).disable();
}

void BreakerMonitor::reset()
{
    m_pipeline.breakerFor(m_host).reset();
}

QString breakerStateWords(BreakerState state)
{
    switch (state) {
    case BreakerState::Closed:
        return QStringLiteral("closed");
    case BreakerState::Open:
        return QStringLiteral("open");
    case BreakerState::HalfOpen:
        return QStringLiteral("half-open");
    case BreakerState::ForcedOpen:
        return QStringLiteral("forced open");
    case BreakerState::Disabled:
        return QStringLiteral("disabled");
    }
    return QStringLiteral("unknown");
}

QString breakerStatusText(const BreakerSnapshot& snapshot)
{
    QString text = QStringLiteral("%1: %2").arg(snapshot.host, breakerStateWords(snapshot.state));
    if (snapshot.nextProbeInMs) {
        // Rounded up: "0 s" would claim the probe is due while the breaker still rejects.
        const qint64 seconds = (*snapshot.nextProbeInMs + 999) / 1000;
        text += QStringLiteral(" — next probe in %1 s").arg(seconds);
    }
    return text;
}

} // namespace oilwatch::ui
