#pragma once

#include "alerts/alertevent.h"
#include "newestfirsttablemodel.h"

#include <deque>

namespace oilwatch::ui {

// The alert history: one row per state transition, newest first, at most `capacity` rows (the engine keeps
// the same bound, so the table can be filled from AlertEngine::history() and then follow transitioned()).
// Text from the API (a suspect reason in a message) goes out as DisplayRole data only, which item views
// draw as plain text.
class AlertHistoryModel final : public NewestFirstTableModel<alerts::AlertEvent>
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        RuleColumn,
        CodeColumn,
        StateColumn,
        ValueColumn,
        DetailsColumn, // the measurement; the whole message is its tooltip
        ColumnCount,
    };
    static constexpr int kDefaultCapacity = 500;

    explicit AlertHistoryModel(int capacity = kDefaultCapacity, QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // Row 0 is the newest.
    const alerts::AlertEvent& eventAt(int row) const { return rowAt(row); }

public Q_SLOTS:
    void addEvent(const oilwatch::alerts::AlertEvent& event);
    // Replaces the rows with a history given oldest first (AlertEngine::history()).
    void setHistory(const std::deque<oilwatch::alerts::AlertEvent>& oldestFirst);
    void clear();
};

// "Firing", "Pending", ...: the state column's word.
QString alertStateLabel(alerts::AlertState state);
// "81.2", "+5.30 %", "300 s", "yes": a transition's value in its rule's unit, empty when there is none.
QString alertValueText(const alerts::AlertEvent& event);

} // namespace oilwatch::ui
