#include "alerts/alertstate.h"

#include <algorithm>

namespace oilwatch::alerts {

QString alertStateName(AlertState state)
{
    switch (state) {
    case AlertState::Normal:
        return QStringLiteral("normal");
    case AlertState::Pending:
        return QStringLiteral("pending");
    case AlertState::Firing:
        return QStringLiteral("firing");
    case AlertState::Resolved:
        return QStringLiteral("resolved");
    }
    return {};
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Breach:
        return QStringLiteral("breach");
    case Verdict::Hold:
        return QStringLiteral("hold");
    case Verdict::Clear:
        return QStringLiteral("clear");
    }
    return {};
}

AlertStateMachine::AlertStateMachine(StateTimings timings)
    : m_timings {std::max<qint64>(timings.pendingMs, 0), std::max<qint64>(timings.cooldownMs, 0)}
{ }

AlertStateMachine::Steps AlertStateMachine::step(Verdict verdict, qint64 nowMs)
{
    nowMs = std::max(nowMs, m_lastMs);
    m_lastMs = nowMs;
    Steps steps;
    switch (m_state) {
    case AlertState::Normal:
        fromNormal(verdict, nowMs, steps);
        break;
    case AlertState::Pending:
        if (verdict != Verdict::Breach)
            moveTo(AlertState::Normal, nowMs, steps);
        else if (nowMs - m_enteredAtMs >= m_timings.pendingMs)
            moveTo(AlertState::Firing, nowMs, steps);
        break;
    case AlertState::Firing:
        if (verdict == Verdict::Clear)
            moveTo(AlertState::Resolved, nowMs, steps);
        break;
    case AlertState::Resolved:
        if (nowMs - m_enteredAtMs >= m_timings.cooldownMs) {
            moveTo(AlertState::Normal, nowMs, steps);
            fromNormal(verdict, nowMs, steps);
        }
        break;
    }
    return steps;
}

void AlertStateMachine::fromNormal(Verdict verdict, qint64 nowMs, Steps& steps)
{
    if (verdict != Verdict::Breach)
        return;
    moveTo(m_timings.pendingMs == 0 ? AlertState::Firing : AlertState::Pending, nowMs, steps);
}

void AlertStateMachine::moveTo(AlertState to, qint64 nowMs, Steps& steps)
{
    steps.steps[steps.count++] = Step {m_state, to};
    m_state = to;
    m_enteredAtMs = nowMs;
}

} // namespace oilwatch::alerts
