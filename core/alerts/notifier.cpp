#include "alerts/notifier.h"

namespace oilwatch::alerts {

QString notificationTitle(const AlertEvent& event)
{
    switch (event.to) {
    case AlertState::Firing:
        return QStringLiteral("Alert firing: %1").arg(event.ruleName);
    case AlertState::Resolved:
        return QStringLiteral("Alert resolved: %1").arg(event.ruleName);
    case AlertState::Normal:
    case AlertState::Pending:
        break;
    }
    return QStringLiteral("Alert %1: %2").arg(alertStateName(event.to), event.ruleName);
}

QString notificationBody(const AlertEvent& event)
{
    return event.message;
}

} // namespace oilwatch::alerts
