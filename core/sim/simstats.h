#pragma once

#include <array>
#include <atomic>
#include <deque>
#include <map>
#include <memory>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>
#include <QElapsedTimer>
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
    // The most /v1 requests that arrived within one 100 ms window since start or the last reset: the load
    // spike a herd of retrying clients puts on a server. Windows are ten consecutive 10 ms buckets, so the
    // true maximum over any 100 ms interval lies between this and the busiest 110 ms.
    quint64 busiest100msRequests = 0;
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

    static constexpr qint64 kBucketMs = 10;
    static constexpr int kWindowBuckets = 10; // 100 ms
    static constexpr qsizetype kLogChunk = 16 * 1024;
    static constexpr qsizetype kMaxArrivals = 200'000; // 800 KB at most, enough for any benchmark run

    SimStatsCounters();

    void requestStarted(const QByteArray& path); // server thread only
    void requestFinished();
    // A /v1 request arrived (server thread only): feeds the busiest-window figure and the arrival log.
    void apiRequestArrived();

    quint64 requestsTotal() const { return m_total.load(std::memory_order_relaxed); }
    qint64 inFlight() const { return m_inFlight.load(std::memory_order_relaxed); }
    SimStats snapshot() const; // without the profile name
    // When each /v1 request since the last reset arrived, in ms after that reset, oldest first; at most
    // kMaxArrivals (later ones are not logged). *truncated says whether any were left out.
    std::vector<quint32> arrivalOffsetsMs(bool* truncated = nullptr) const;
    // Zeroes the totals; max_in_flight restarts from what is in flight now.
    void reset();

private:
    std::atomic<quint64>& counterFor(const QByteArray& path);
    std::atomic<quint64>& rememberLast(const QByteArray& path, std::atomic<quint64>& counter);
    // True when the server thread has seen the latest reset, so what it published belongs to it.
    bool arrivalsCurrent() const;

    static constexpr qsizetype kLogChunks = (kMaxArrivals + kLogChunk - 1) / kLogChunk;

    std::atomic<quint64> m_total {0};
    std::atomic<qint64> m_inFlight {0};
    std::atomic<qint64> m_maxInFlight {0};
    mutable QMutex m_pathsMutex;
    QHash<QByteArray, qsizetype> m_pathIndex;
    std::deque<std::atomic<quint64>> m_pathCounts; // a deque: elements never move as it grows
    // Server thread only: the last path counted and its counter (counters live as long as the table).
    QByteArray m_lastPath;
    std::atomic<quint64>* m_lastCounter = nullptr;

    // Arrival timing. A reset from another thread cannot safely clear the server thread's ring, so it only
    // bumps m_resetGeneration; the server thread clears its state on the next arrival and acknowledges the
    // generation, and readers ignore whatever was published under an older one.
    QElapsedTimer m_steady;
    std::atomic<qint64> m_originMs {0}; // m_steady time of the last reset
    std::atomic<quint64> m_resetGeneration {0};
    std::atomic<quint64> m_seenGeneration {0};
    std::atomic<quint64> m_busiest {0};
    // Server thread only.
    quint64 m_generation = 0;
    qint64 m_origin = 0;
    qint64 m_lastBucket = 0;
    quint64 m_windowSum = 0;
    std::array<quint32, kWindowBuckets> m_ring {};
    quint64 m_localBusiest = 0;
    // The log in fixed chunks allocated as it grows, so it never moves under a reader; chunks are kept
    // across resets and freed with the counters.
    std::array<std::unique_ptr<std::atomic<quint32>[]>, kLogChunks> m_logChunks;
    std::array<std::atomic<std::atomic<quint32>*>, kLogChunks> m_logChunkPtrs {};
    std::atomic<qsizetype> m_logCount {0};
    std::atomic<bool> m_logTruncated {false};
};

} // namespace oilwatch::sim
