#include "resilienceeventmodel.h"

#include "breakerstatuswidget.h"
#include "theme.h"

#include <algorithm>

#include <QFont>
#include <QGuiApplication>

namespace oilwatch::ui {

using namespace oilwatch::resilience;

QString eventTypeLabel(const ResilienceEvent& event)
{
    struct Label
    {
        QString operator()(const AttemptStarted&) const { return QStringLiteral("Attempt"); }
        QString operator()(const RetryScheduled&) const { return QStringLiteral("Retry"); }
        QString operator()(const BudgetSpent&) const { return QStringLiteral("Budget"); }
        QString operator()(const BreakerTransition&) const { return QStringLiteral("Breaker"); }
        QString operator()(const RequestRejected&) const { return QStringLiteral("Rejected"); }
    };
    return std::visit(Label {}, event.payload);
}

QString eventHost(const ResilienceEvent& event)
{
    return std::visit([](const auto& payload) { return payload.host; }, event.payload);
}

ResilienceEventModel::ResilienceEventModel(int capacity, QObject* parent)
    : NewestFirstTableModel(
        {QStringLiteral("Time"), QStringLiteral("Host"), QStringLiteral("Event"), QStringLiteral("Details")},
        capacity, parent)
{ }

QVariant ResilienceEventModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ResilienceEvent& event = eventAt(index.row());
    const auto* transition = std::get_if<BreakerTransition>(&event.payload);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return event.atUtc.toLocalTime().toString(QStringLiteral("hh:mm:ss.zzz"));
        case HostColumn:
            return eventHost(event);
        case TypeColumn:
            return eventTypeLabel(event);
        case DetailsColumn:
            return event.describe();
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return event.atUtc.toUTC().toString(Qt::ISODateWithMs);
        return event.describe();
    case Qt::ForegroundRole:
        // Transitions are what a reader scans for; colour them like the status bar does.
        if (transition && index.column() == TypeColumn)
            return breakerStateColour(transition->to, QGuiApplication::palette());
        if (std::holds_alternative<RequestRejected>(event.payload) && index.column() == TypeColumn)
            return errorColour(QGuiApplication::palette());
        break;
    case Qt::FontRole:
        if (transition) {
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

void ResilienceEventModel::addEvent(const ResilienceEvent& event)
{
    prependRow(event);
}

void ResilienceEventModel::clear()
{
    clearRows();
}

} // namespace oilwatch::ui
