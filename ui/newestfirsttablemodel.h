#pragma once

#include <algorithm>
#include <deque>

#include <QAbstractTableModel>
#include <QStringList>

namespace oilwatch::ui {

// The storage of an event log shown as a table: one row per item, newest first, at most `capacity` rows
// so that a long-running dashboard does not grow without bound. The column titles are given once;
// subclasses give data();
// every change goes through the proper begin/end calls, so views and QAbstractItemModelTester stay happy.
template <class T> class NewestFirstTableModel : public QAbstractTableModel
{
public:
    NewestFirstTableModel(QStringList headers, int capacity, QObject* parent = nullptr)
        : QAbstractTableModel(parent)
        , m_headers(std::move(headers))
        , m_capacity(std::max(1, capacity))
    { }

    int rowCount(const QModelIndex& parent = {}) const override
    {
        // A table: only the invisible root has children.
        return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
    }

    int columnCount(const QModelIndex& parent = {}) const override
    {
        return parent.isValid() ? 0 : static_cast<int>(m_headers.size());
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override
    {
        if (role != Qt::DisplayRole || orientation != Qt::Horizontal)
            return QAbstractTableModel::headerData(section, orientation, role);
        return m_headers.value(section);
    }

    int capacity() const { return m_capacity; }
    // Row 0 is the newest.
    const T& rowAt(int row) const { return m_rows.at(std::size_t(row)); }

protected:
    void prependRow(const T& item)
    {
        // Drop the oldest first, so the model never holds more than its capacity, even between two signals.
        if (static_cast<int>(m_rows.size()) >= m_capacity) {
            const int last = static_cast<int>(m_rows.size()) - 1;
            beginRemoveRows({}, last, last);
            m_rows.pop_back();
            endRemoveRows();
        }
        beginInsertRows({}, 0, 0);
        m_rows.push_front(item);
        endInsertRows();
    }

    // Replaces every row with `oldestFirst`, keeping the newest `capacity` of them.
    template <class Range> void resetRows(const Range& oldestFirst)
    {
        beginResetModel();
        m_rows.assign(oldestFirst.rbegin(), oldestFirst.rend());
        if (m_rows.size() > std::size_t(m_capacity))
            m_rows.resize(std::size_t(m_capacity));
        endResetModel();
    }

    void clearRows()
    {
        if (m_rows.empty())
            return;
        beginResetModel();
        m_rows.clear();
        endResetModel();
    }

private:
    QStringList m_headers;
    int m_capacity;
    std::deque<T> m_rows;
};

} // namespace oilwatch::ui
