#pragma once

#include "newestfirsttablemodel.h"
#include "resilience/resilienceevents.h"

namespace oilwatch::ui {

// The resilience timeline: one row per event, newest first, at most `capacity` rows so a long-running
// dashboard does not grow without bound (the log file keeps the full history).
class ResilienceEventModel final : public NewestFirstTableModel<resilience::ResilienceEvent>
{
    Q_OBJECT
public:
    enum Column
    {
        TimeColumn,
        HostColumn,
        TypeColumn,
        DetailsColumn,
        ColumnCount,
    };
    static constexpr int kDefaultCapacity = 500;

    explicit ResilienceEventModel(int capacity = kDefaultCapacity, QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

    // Row 0 is the newest.
    const resilience::ResilienceEvent& eventAt(int row) const { return rowAt(row); }

public Q_SLOTS:
    void addEvent(const oilwatch::resilience::ResilienceEvent& event);
    void clear();
};

// "Breaker", "Retry", …: the event's kind in a word for the type column.
QString eventTypeLabel(const resilience::ResilienceEvent& event);
QString eventHost(const resilience::ResilienceEvent& event);

} // namespace oilwatch::ui
