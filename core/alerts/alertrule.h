#pragma once

#include <optional>

#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace oilwatch::alerts {

// What a rule watches. Each kind measures one number per evaluation (see AlertRule::threshold for its unit)
// and compares it with the threshold.
enum class AlertKind
{
    Above, // the price is strictly above the threshold
    Below, // the price is strictly below the threshold
    PercentMove, // the price moved by more than threshold % (either way) over the last windowMs
    Stale, // the shown value is older than threshold seconds
    BreakerOpen, // the API host's circuit breaker has been open for more than threshold seconds
    DataSuspect, // the validation verdict on the code's latest quote is "suspect" (no threshold)
};

// "above", "below", "percent_move", "stale", "breaker_open", "data_suspect": the names in the JSON file.
QString alertKindName(AlertKind kind);
std::optional<AlertKind> alertKindFromName(const QString& name);
// "Price above", "Price below", ...: for people.
QString alertKindLabel(AlertKind kind);
// The unit of the threshold and hysteresis for a kind: "price", "%", "s", or empty for DataSuspect.
QString thresholdUnit(AlertKind kind);

// One alert rule: a plain value, compared by value, saved as one JSON object.
struct AlertRule
{
    // Chosen by whoever creates the rule (the editor uses a UUID); must be unique among the rules. Transition
    // events and the history name rules by it, so renaming a rule keeps its history.
    QString id;
    QString name;
    QString code; // the commodity code, e.g. BRENT_CRUDE_USD
    AlertKind kind = AlertKind::Above;
    // In the kind's unit: a price in the quote's currency (Above, Below), a percentage of the reference
    // price (PercentMove, so 5 means ±5 %), or seconds (Stale, BreakerOpen). Unused by DataSuspect.
    double threshold = 0.0;
    // PercentMove only: the move is measured against the oldest price seen within this window. 15 minutes is
    // the chart's default window, so what the rule watches is what the user sees.
    qint64 windowMs = 15 * 60'000;
    // Grafana's "for": the condition must hold this long before the alert fires; shorter breaches stay
    // Pending and then go back to Normal. One minute, two polls at the live 30 s interval: one odd value does
    // not page anybody.
    qint64 pendingMs = 60'000;
    // In the threshold's unit. A firing alert resolves only once the value is back past threshold − h (h +
    // threshold for Below): a price hovering around the threshold does not fire and resolve on every poll.
    // 0 resolves as soon as the condition is false.
    double hysteresis = 0.0;
    // After resolving, the rule stays Resolved this long and does not fire again: at most one notification
    // per cooldown for a price that keeps crossing. Five minutes.
    qint64 cooldownMs = 5 * 60'000;
    bool enabled = true;
    // A desktop notification is always sent when the alert fires; also when it resolves if this is set.
    bool notifyOnResolve = false;

    // Every field, with the kind by name and durations in milliseconds: {"id":..., "name":..., "code":...,
    // "kind":"above", "threshold":80, "window_ms":900000, "pending_ms":60000, "hysteresis":0.5,
    // "cooldown_ms":300000, "enabled":true, "notify_on_resolve":false}.
    QJsonObject toJson() const;

    friend bool operator==(const AlertRule&, const AlertRule&) = default;
};

// One problem with one field of a rule, e.g. {"threshold", "must be greater than 0 for a percent move"}.
struct RuleProblem
{
    QString field; // the JSON key
    QString message;
    friend bool operator==(const RuleProblem&, const RuleProblem&) = default;
};

// Everything wrong with a rule, empty when it can be used: an id, a code, a finite threshold (> 0 for the
// kinds that measure a move or a duration), a hysteresis in [0, threshold) for those kinds and ≥ 0 for the
// price kinds, a window of at least one second, and no negative durations. The name may be empty (the
// rule's description stands in for it).
QList<RuleProblem> validateRule(const AlertRule& rule);

struct RuleFromJson
{
    AlertRule rule;
    QList<RuleProblem> problems; // empty when the rule can be used
};

// Reads what toJson() writes. Missing optional keys keep the defaults above; "id", "code" and "kind" are
// required, and "threshold" too except for DataSuspect. A value of the wrong type is a problem, as is
// anything validateRule() rejects. Unknown keys are ignored, so a newer file still loads.
RuleFromJson ruleFromJson(const QJsonObject& json);

// "BRENT_CRUDE_USD above 80", "WTI_USD moves 5 % in 15 min", ...: a rule in a few words, for the
// history, notifications and the editor's list.
QString describeCondition(const AlertRule& rule);
// The name, or the condition when the name is empty.
QString displayName(const AlertRule& rule);

} // namespace oilwatch::alerts
Q_DECLARE_METATYPE(oilwatch::alerts::AlertRule)
