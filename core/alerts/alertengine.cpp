#include "alerts/alertengine.h"

#include "alerts/alertcondition.h"
#include "alerts/notifier.h"

#include <algorithm>

namespace oilwatch::alerts {

namespace {

StateTimings timingsOf(const AlertRule& rule)
{
    return StateTimings {rule.pendingMs, rule.cooldownMs};
}

bool shouldNotify(const AlertRule& rule, AlertState to)
{
    return to == AlertState::Firing || (to == AlertState::Resolved && rule.notifyOnResolve);
}

} // namespace

QString transitionMessage(const AlertRule& rule, AlertState to, const QString& detail)
{
    const QString condition = describeCondition(rule);
    const QString name = displayName(rule);
    const QString head = QStringLiteral("%1 %2").arg(name, alertStateName(to));
    if (detail.isEmpty())
        return name == condition ? head : QStringLiteral("%1 (%2)").arg(head, condition);
    if (name == condition)
        return QStringLiteral("%1: %2").arg(head, detail);
    return QStringLiteral("%1: %2 (%3)").arg(head, detail, condition);
}

AlertEngine::AlertEngine(const util::Clock& clock, int historyCapacity, QObject* parent)
    : QObject(parent)
    , m_clock(clock)
    , m_historyCapacity(std::max(1, historyCapacity))
{
    qRegisterMetaType<oilwatch::alerts::AlertEvent>();
}

AlertEngine::~AlertEngine()
{
    if (m_scheduler && m_timer)
        m_scheduler->cancel(m_timer);
}

void AlertEngine::setRules(const QList<AlertRule>& rules)
{
    std::vector<RuleSlot> next;
    next.reserve(std::size_t(rules.size()));
    qint64 longestWindow = 0;
    for (const AlertRule& rule : rules) {
        const auto old = std::find_if(m_slots.begin(), m_slots.end(),
            [&](const RuleSlot& s) { return s.rule == rule && rule.enabled; });
        next.push_back(old != m_slots.end() ? *old : RuleSlot {rule, AlertStateMachine(timingsOf(rule))});
        if (rule.kind == AlertKind::PercentMove)
            longestWindow = std::max(longestWindow, rule.windowMs);
    }
    m_slots = std::move(next);
    m_inputs.setRetentionMs(longestWindow);
    Q_EMIT rulesChanged();
    evaluate();
}

QList<AlertRule> AlertEngine::rules() const
{
    QList<AlertRule> out;
    for (const RuleSlot& slot : m_slots)
        out.append(slot.rule);
    return out;
}

AlertState AlertEngine::stateOf(const QString& ruleId) const
{
    const auto it = std::find_if(
        m_slots.begin(), m_slots.end(), [&](const RuleSlot& s) { return s.rule.id == ruleId; });
    return it == m_slots.end() ? AlertState::Normal : it->machine.state();
}

void AlertEngine::addNotifier(Notifier* notifier)
{
    if (notifier && !m_notifiers.contains(notifier))
        m_notifiers.append(notifier);
}

void AlertEngine::removeNotifier(Notifier* notifier)
{
    m_notifiers.removeAll(notifier);
}

void AlertEngine::observeQuote(const api::Quote& quote, const api::FetchInfo& info)
{
    m_inputs.addQuote(quote, info, m_clock.monotonicMs());
    evaluate();
}

void AlertEngine::observeSuspect(const QString& code, bool suspect, const QString& reason)
{
    m_inputs.setSuspect(code, suspect, reason);
    evaluate();
}

void AlertEngine::observeBreaker(const QString& host, resilience::BreakerState state)
{
    m_inputs.setBreakerState(host, state, m_clock.monotonicMs());
    evaluate();
}

void AlertEngine::evaluate()
{
    const qint64 nowMs = m_clock.monotonicMs();
    for (RuleSlot& slot : m_slots) {
        if (slot.rule.enabled)
            evaluateRule(slot, nowMs);
    }
}

void AlertEngine::evaluateRule(RuleSlot& slot, qint64 nowMs)
{
    const std::optional<Measurement> measurement = m_inputs.measure(slot.rule, nowMs);
    // Nothing to measure proves nothing: Hold keeps a firing alert firing and a normal one normal, ends a
    // pending period (the breach is no longer shown to last) and still lets a cooldown run out.
    const Verdict verdict = measurement ? judge(slot.rule, measurement->value) : Verdict::Hold;
    const AlertStateMachine::Steps steps = slot.machine.step(verdict, nowMs);
    for (int i = 0; i < steps.count; ++i)
        record(slot.rule, steps.steps[i], measurement, nowMs);
}

void AlertEngine::record(const AlertRule& rule, const AlertStateMachine::Step& step,
    const std::optional<Measurement>& measurement, qint64 nowMs)
{
    AlertEvent event;
    event.ruleId = rule.id;
    event.ruleName = displayName(rule);
    event.code = rule.code;
    event.kind = rule.kind;
    event.from = step.from;
    event.to = step.to;
    if (measurement)
        event.value = measurement->value;
    event.atUtc = m_clock.nowUtc();
    event.atMonotonicMs = nowMs;
    event.detail = measurement ? measurement->detail : QString();
    event.message = transitionMessage(rule, step.to, event.detail);

    m_history.push_back(event);
    while (m_history.size() > std::size_t(m_historyCapacity))
        m_history.pop_front();
    if (shouldNotify(rule, step.to)) {
        for (Notifier* notifier : m_notifiers)
            notifier->notify(event);
    }
    Q_EMIT transitioned(event);
}

void AlertEngine::startPeriodicEvaluation(util::Scheduler& scheduler, qint64 intervalMs)
{
    if (m_scheduler && m_timer)
        m_scheduler->cancel(m_timer);
    m_scheduler = &scheduler;
    m_intervalMs = std::max<qint64>(intervalMs, 1);
    scheduleNext();
}

void AlertEngine::scheduleNext()
{
    m_timer = m_scheduler->schedule(m_intervalMs, this, [this] {
        m_timer = 0;
        evaluate();
        scheduleNext();
    });
}

} // namespace oilwatch::alerts
