#include "alerts/alertevent.h"

#include <QJsonValue>

namespace oilwatch::alerts {

QJsonObject alertEventJson(const AlertEvent& event)
{
    return QJsonObject {
        {QStringLiteral("type"), QStringLiteral("alert")},
        {QStringLiteral("ts"), event.atUtc.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("rule_id"), event.ruleId},
        {QStringLiteral("rule_name"), event.ruleName},
        {QStringLiteral("code"), event.code},
        {QStringLiteral("kind"), alertKindName(event.kind)},
        {QStringLiteral("state"), alertStateName(event.to)},
        {QStringLiteral("previous_state"), alertStateName(event.from)},
        {QStringLiteral("value"), event.value ? QJsonValue(*event.value) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("message"), event.message},
    };
}

} // namespace oilwatch::alerts
