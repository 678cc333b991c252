#include "alerthistorymodel.h"

#include "theme.h"

#include <QFont>
#include <QGuiApplication>

namespace oilwatch::ui {

using alerts::AlertEvent;
using alerts::AlertKind;
using alerts::AlertState;

QString alertStateLabel(AlertState state)
{
    switch (state) {
    case AlertState::Normal:
        return QStringLiteral("Normal");
    case AlertState::Pending:
        return QStringLiteral("Pending");
    case AlertState::Firing:
        return QStringLiteral("Firing");
    case AlertState::Resolved:
        return QStringLiteral("Resolved");
    }
    return {};
}

QString alertValueText(const AlertEvent& event)
{
    if (!event.value)
        return {};
    const double v = *event.value;
    switch (event.kind) {
    case AlertKind::Above:
    case AlertKind::Below:
        return QString::number(v, 'g', 10);
    case AlertKind::PercentMove:
        return QStringLiteral("%1%2 %").arg(
            v >= 0 ? QStringLiteral("+") : QString(), QString::number(v, 'f', 2));
    case AlertKind::Stale:
    case AlertKind::BreakerOpen:
        return QStringLiteral("%1 s").arg(QString::number(v, 'f', 0));
    case AlertKind::DataSuspect:
        return v != 0.0 ? QStringLiteral("suspect") : QStringLiteral("ok");
    }
    return {};
}

AlertHistoryModel::AlertHistoryModel(int capacity, QObject* parent)
    : NewestFirstTableModel({QStringLiteral("Time"), QStringLiteral("Rule"), QStringLiteral("Code"),
                                QStringLiteral("State"), QStringLiteral("Value"), QStringLiteral("Details")},
        capacity, parent)
{ }

QVariant AlertHistoryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AlertEvent& event = eventAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return event.atUtc.toLocalTime().toString(QStringLiteral("yyyy-MM-dd hh:mm:ss"));
        case RuleColumn:
            return event.ruleName;
        case CodeColumn:
            return event.code;
        case StateColumn:
            return alertStateLabel(event.to);
        case ValueColumn:
            return alertValueText(event);
        case DetailsColumn:
            return event.detail;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return event.atUtc.toUTC().toString(Qt::ISODateWithMs);
        if (index.column() == StateColumn)
            return QStringLiteral("%1 → %2").arg(alertStateLabel(event.from), alertStateLabel(event.to));
        return event.message;
    case Qt::TextAlignmentRole:
        if (index.column() == ValueColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ForegroundRole:
        if (index.column() != StateColumn)
            break;
        if (event.to == AlertState::Firing)
            return errorColour(QGuiApplication::palette());
        if (event.to == AlertState::Pending)
            return warningColour(QGuiApplication::palette());
        if (event.to == AlertState::Resolved)
            return upColour(QGuiApplication::palette());
        break;
    case Qt::FontRole:
        // Firing is what a reader scans for; colour and weight on the state alone keep the table calm.
        if (event.to == AlertState::Firing && index.column() == StateColumn) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    default:
        break;
    }
    return {};
}

void AlertHistoryModel::addEvent(const AlertEvent& event)
{
    prependRow(event);
}

void AlertHistoryModel::setHistory(const std::deque<AlertEvent>& oldestFirst)
{
    resetRows(oldestFirst);
}

void AlertHistoryModel::clear()
{
    clearRows();
}

} // namespace oilwatch::ui
