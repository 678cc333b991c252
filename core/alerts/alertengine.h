#pragma once

#include "alerts/alertevent.h"
#include "alerts/alertinputs.h"
#include "alerts/alertrule.h"
#include "alerts/alertstate.h"
#include "api/quote.h"
#include "resilience/resilienceevents.h"
#include "util/clock.h"
#include "util/timer.h"

#include <deque>
#include <vector>

#include <QList>
#include <QObject>

namespace oilwatch::alerts {

class Notifier;

// Evaluates every enabled rule on what the app reports and turns the verdicts into Grafana-style state
// transitions (see AlertStateMachine). Each transition is kept in a bounded history, emitted as
// transitioned(), and sent to the notifiers when it is Firing, or Resolved for a rule with notifyOnResolve.
//
// What the app feeds it, all on the engine's thread:
//   - observeQuote() for every quote shown to the user (live or cached) that passed validation;
//   - observeSuspect() with the validation verdict of every quote (true with the reason, or false);
//   - observeBreaker() on every breaker transition (ResilienceObserver events), per host;
//   - evaluate() on a timer, or startPeriodicEvaluation() once: pending periods, ages, breaker open times
//     and cooldowns advance with time, not only with data.
// Each observe*() call evaluates the rules right away, so a breach is seen at the poll that brings it.
// Time comes from the clock: monotonic for durations, UTC for the events' timestamps.
class AlertEngine final : public QObject
{
    Q_OBJECT
public:
    // Enough for a day of a busy rule set, small enough to show in full.
    static constexpr int kDefaultHistoryCapacity = 500;
    // A stale or breaker rule measured in seconds needs no finer step; Grafana's default is 1 min.
    static constexpr qint64 kDefaultEvaluationIntervalMs = 5'000;

    explicit AlertEngine(
        const util::Clock& clock, int historyCapacity = kDefaultHistoryCapacity, QObject* parent = nullptr);
    ~AlertEngine() override;

    // Replaces the rule set. A rule whose id and every field are unchanged keeps its state; a new or edited
    // rule starts Normal (an edited rule is a new question; its old state no longer answers it), and a
    // removed rule is forgotten. Disabled rules are kept but not evaluated, and stay Normal. Then evaluates.
    void setRules(const QList<AlertRule>& rules);
    QList<AlertRule> rules() const;
    // Normal for an unknown id.
    AlertState stateOf(const QString& ruleId) const;

    // Not owned; must outlive the engine or be removed first.
    void addNotifier(Notifier* notifier);
    void removeNotifier(Notifier* notifier);

    void observeQuote(const api::Quote& quote, const api::FetchInfo& info);
    void observeSuspect(const QString& code, bool suspect, const QString& reason = {});
    void observeBreaker(const QString& host, resilience::BreakerState state);
    void evaluate();
    // Calls evaluate() every intervalMs through the scheduler until the engine is destroyed or this is called
    // again (which replaces the previous schedule). The scheduler must outlive the engine.
    void startPeriodicEvaluation(
        util::Scheduler& scheduler, qint64 intervalMs = kDefaultEvaluationIntervalMs);

    // Oldest first; at most historyCapacity() transitions.
    const std::deque<AlertEvent>& history() const { return m_history; }
    int historyCapacity() const { return m_historyCapacity; }
    const AlertInputs& inputs() const { return m_inputs; }

Q_SIGNALS:
    void transitioned(const oilwatch::alerts::AlertEvent& event);
    // After setRules(): for the chart's threshold lines and the editor.
    void rulesChanged();

private:
    struct RuleSlot
    {
        AlertRule rule;
        AlertStateMachine machine;
    };

    void evaluateRule(RuleSlot& slot, qint64 nowMs);
    void record(const AlertRule& rule, const AlertStateMachine::Step& step,
        const std::optional<Measurement>& measurement, qint64 nowMs);
    void scheduleNext();

    const util::Clock& m_clock;
    int m_historyCapacity;
    std::vector<RuleSlot> m_slots;
    AlertInputs m_inputs;
    QList<Notifier*> m_notifiers;
    std::deque<AlertEvent> m_history;
    util::Scheduler* m_scheduler = nullptr;
    util::TimerId m_timer = 0;
    qint64 m_intervalMs = kDefaultEvaluationIntervalMs;
};

// "Brent high firing: price 81.2 (BRENT_CRUDE_USD above 80)": the message of one transition.
QString transitionMessage(const AlertRule& rule, AlertState to, const QString& detail);

} // namespace oilwatch::alerts
