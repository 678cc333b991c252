#pragma once

#include "resilience/resilienceevents.h"

#include <deque>

#include <QAbstractTableModel>

namespace oilwatch::ui {

// The resilience timeline: one row per event, newest first, at most `capacity` rows so a long-running
// dashboard does not grow without bound (the log file keeps the full history).
class ResilienceEventModel final : public QAbstractTableModel
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

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    int capacity() const { return m_capacity; }
    // Row 0 is the newest.
    const resilience::ResilienceEvent& eventAt(int row) const { return m_events.at(std::size_t(row)); }

public Q_SLOTS:
    void addEvent(const oilwatch::resilience::ResilienceEvent& event);
    void clear();

private:
    int m_capacity;
    std::deque<resilience::ResilienceEvent> m_events;
};

// "Breaker", "Retry", …: the event's kind in a word for the type column.
QString eventTypeLabel(const resilience::ResilienceEvent& event);
QString eventHost(const resilience::ResilienceEvent& event);

} // namespace oilwatch::ui
