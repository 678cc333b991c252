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
    : QAbstractTableModel(parent)
    , m_capacity(std::max(1, capacity))
{ }

int ResilienceEventModel::rowCount(const QModelIndex& parent) const
{
    // A table: only the invisible root has children.
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int ResilienceEventModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

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

QVariant ResilienceEventModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return QStringLiteral("Time");
    case HostColumn:
        return QStringLiteral("Host");
    case TypeColumn:
        return QStringLiteral("Event");
    case DetailsColumn:
        return QStringLiteral("Details");
    }
    return {};
}

void ResilienceEventModel::addEvent(const ResilienceEvent& event)
{
    // Drop the oldest first, so the model never holds more than its capacity, even between two signals.
    if (static_cast<int>(m_events.size()) >= m_capacity) {
        const int last = static_cast<int>(m_events.size()) - 1;
        beginRemoveRows({}, last, last);
        m_events.pop_back();
        endRemoveRows();
    }
    beginInsertRows({}, 0, 0);
    m_events.push_front(event);
    endInsertRows();
}

void ResilienceEventModel::clear()
{
    if (m_events.empty())
        return;
    beginResetModel();
    m_events.clear();
    endResetModel();
}

} // namespace oilwatch::ui
