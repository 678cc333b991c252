#pragma once

#include <atomic>
#include <deque>
#include <map>

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>
#include <QMutex>
#include <QString>

namespace oilwatch::sim {

// A snapshot of the simulator's counters. Control requests (/_sim/...) are not counted.
struct SimStats
{
    quint64 requestsTotal = 0;
    std::map<QByteArray, quint64> requestsByPath; // path without query, as sent; zero counts left out
    qint64 inFlight = 0; // parsed, response not fully written, connection alive
    qint64 maxInFlight = 0; // since start or the last reset
    QString profile; // name of the active fault profile

    QByteArray toJson() const;
};

// The live counters. Written by the server thread only, read and reset from any thread. The hot path is
// lock-free: a path's counter is found without locking because only the writer ever changes the table; the
// mutex orders that rare change against readers.
class SimStatsCounters
{
public:
    static constexpr qsizetype kMaxDistinctPaths = 256; // clients choose paths; memory must not follow them
    static constexpr QByteArrayView kOtherPaths = "(other)";
    static constexpr QByteArrayView kUnparsed = "(bad request)";

    void requestStarted(const QByteArray& path); // server thread only
    void requestFinished();

    quint64 requestsTotal() const { return m_total.load(std::memory_order_relaxed); }
    qint64 inFlight() const { return m_inFlight.load(std::memory_order_relaxed); }
    SimStats snapshot() const; // without the profile name
    // Zeroes the totals; max_in_flight restarts from what is in flight now.
    void reset();

private:
    std::atomic<quint64>& counterFor(const QByteArray& path);

    std::atomic<quint64> m_total {0};
    std::atomic<qint64> m_inFlight {0};
    std::atomic<qint64> m_maxInFlight {0};
    mutable QMutex m_pathsMutex;
    QHash<QByteArray, qsizetype> m_pathIndex;
    std::deque<std::atomic<quint64>> m_pathCounts; // a deque: elements never move as it grows
};

} // namespace oilwatch::sim
