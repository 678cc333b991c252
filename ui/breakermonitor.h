#pragma once

#include "resilience/resilienceevents.h"

#include <deque>
#include <optional>

#include <QObject>
#include <QString>

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::resilience {
class ResilientTransport;
}

namespace oilwatch::ui {

// What the UI shows about one host's resilience stages at one moment.
struct BreakerSnapshot
{
    QString host;
    resilience::BreakerState state = resilience::BreakerState::Closed;
    std::optional<qint64> nextProbeInMs; // while Open, when the transition that opened it was seen
    int retriesLastMinute = 0;
    int inFlight = 0;
    int waiting = 0;
    int calls = 0; // in the breaker's window
    int failures = 0;
    int consecutiveFailures = 0;
};

// The only UI object that touches the pipeline, and then only to read a breaker's state and metrics and a
// limiter's counts, or to use the breaker's user controls. Everything else it knows comes from
// ResilientTransport::resilienceEvent, so it never polls from a thread and never blocks.
class BreakerMonitor final : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kRetryWindowMs = 60'000;

    BreakerMonitor(resilience::ResilientTransport& pipeline, QString host, const util::Clock& clock,
        QObject* parent = nullptr);

    const QString& host() const { return m_host; }
    // Reading the state may itself move an Open breaker to HalfOpen (the breaker does that lazily), which
    // arrives here as an event and a nested changed().
    BreakerSnapshot snapshot();

    void forceOpen();
    void disable();
    void reset();

public Q_SLOTS:
    // Re-reads the time-dependent parts (probe countdown, retry window, limiter counts); called every second
    // by the window's timer.
    void refresh();

Q_SIGNALS:
    void changed();
    // Every event of the pipeline, for the timeline; not only this host's.
    void eventSeen(const oilwatch::resilience::ResilienceEvent& event);

private:
    void onEvent(const resilience::ResilienceEvent& event);
    void dropOldRetries(qint64 nowMs);

    resilience::ResilientTransport& m_pipeline;
    QString m_host;
    const util::Clock& m_clock;
    std::optional<qint64> m_openUntilMs; // monotonic, from the transition into Open
    std::deque<qint64> m_retryTimesMs; // monotonic, oldest first
};

// Words and colours for a breaker state, shared by the status bar and the panel.
QString breakerStateWords(resilience::BreakerState state);
QString breakerStatusText(const BreakerSnapshot& snapshot);

} // namespace oilwatch::ui
