#pragma once

#include <QString>
#include <QtGlobal>

namespace oilwatch::alerts {

// Grafana's alert states, with Resolved kept as a state of its own: it lasts the rule's cooldown, so the
// user sees that an alert has just ended and that it will not fire again for a while.
enum class AlertState
{
    Normal, // the condition is false, or has not been evaluated yet
    Pending, // the condition is true, but for less than the pending period
    Firing, // the condition has held for the pending period; the user has been told
    Resolved, // the alert stopped firing less than a cooldown ago; no re-firing meanwhile
};

// "normal", "pending", "firing", "resolved": the names in JSON lines and logs.
QString alertStateName(AlertState state);

// What one evaluation found, with the rule's hysteresis already applied.
enum class Verdict
{
    Breach, // the condition is true
    Hold, // false, but inside the hysteresis band: a firing alert keeps firing
    Clear, // false and past the band: a firing alert resolves
};

QString verdictName(Verdict verdict);

// The timing of one rule; see AlertRule for why the defaults are what they are.
struct StateTimings
{
    qint64 pendingMs = 0;
    qint64 cooldownMs = 0;
};

// One rule's state, driven by verdicts at monotonic times. Pure: no clock, no signals; step() says whether
// the state changed. The rules:
//   Normal   --Breach-->            Pending (Firing at once when pendingMs is 0)
//   Pending  --Breach, pending over--> Firing    --Hold or Clear--> Normal (the breach must be unbroken)
//   Firing   --Clear-->             Resolved  (Breach and Hold keep it firing: that is the hysteresis)
//   Resolved --cooldown over-->     Normal, and then at once on as from Normal with the same verdict
//   Resolved, within the cooldown: stays whatever the verdict (that is the cooldown)
// Times must not go backwards; a time earlier than the last one counts as the last one.
class AlertStateMachine
{
public:
    explicit AlertStateMachine(StateTimings timings = {});

    struct Step
    {
        AlertState from = AlertState::Normal;
        AlertState to = AlertState::Normal;
    };

    // The transitions this verdict caused, in order: none, one, or two (Resolved → Normal → Pending or
    // Firing when a cooldown ends on a breach).
    struct Steps
    {
        int count = 0;
        Step steps[2];
    };

    Steps step(Verdict verdict, qint64 nowMs);

    AlertState state() const { return m_state; }
    // When the current state began; for Pending that is when the breach began.
    qint64 enteredAtMs() const { return m_enteredAtMs; }
    const StateTimings& timings() const { return m_timings; }

private:
    void moveTo(AlertState to, qint64 nowMs, Steps& steps);
    void fromNormal(Verdict verdict, qint64 nowMs, Steps& steps);

    StateTimings m_timings;
    AlertState m_state = AlertState::Normal;
    qint64 m_enteredAtMs = 0;
    qint64 m_lastMs = 0;
};

} // namespace oilwatch::alerts
