#pragma once

#include "alerts/alertrule.h"
#include "alerts/alertstate.h"

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace oilwatch::alerts {

// One state transition of one rule: what the history shows, notifications say and `watch --json` prints.
struct AlertEvent
{
    QString ruleId;
    QString ruleName; // displayName() of the rule at the time: never empty
    QString code;
    AlertKind kind = AlertKind::Above;
    AlertState from = AlertState::Normal;
    AlertState to = AlertState::Normal;
    // The measured value in the unit of the rule's threshold; empty when there was nothing to measure
    // (a transition made by the cooldown running out before any data came in).
    std::optional<double> value;
    QDateTime atUtc; // for people and logs
    qint64 atMonotonicMs = 0; // for ordering and durations
    // One line for people: "Brent high firing: price 81.2 (BRENT_CRUDE_USD above 80)". May hold text from
    // the API (a suspect reason): show it as plain text.
    QString message;
    // The measurement part of the message alone ("price 81.2"), for a table that shows the rule and state
    // in columns of their own; empty when nothing was measured. Plain text, like the message.
    QString detail;
};

// The `alert` line of `oilwatch watch --json`:
// {"type":"alert","ts":"2026-01-01T00:01:00.000Z","rule_id":"…","rule_name":"…","code":"BRENT_CRUDE_USD",
//  "kind":"above","state":"firing","previous_state":"pending","value":81.2,"message":"…"}.
// "value" is null when the event has none; "ts" is ISO-8601 UTC with milliseconds, like the other lines.
QJsonObject alertEventJson(const AlertEvent& event);

} // namespace oilwatch::alerts

Q_DECLARE_METATYPE(oilwatch::alerts::AlertEvent)
