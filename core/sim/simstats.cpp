#include "sim/simstats.h"

#include <algorithm>

#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::sim {

QByteArray SimStats::toJson() const
{
    QJsonObject paths;
    for (const auto& [path, count] : requestsByPath)
        paths.insert(QString::fromUtf8(path), double(count));
    QJsonObject root;
    root[QStringLiteral("requests_total")] = double(requestsTotal);
    root[QStringLiteral("requests_by_path")] = paths;
    root[QStringLiteral("in_flight")] = double(inFlight);
    root[QStringLiteral("max_in_flight")] = double(maxInFlight);
    root[QStringLiteral("busiest_100ms")] = double(busiest100msRequests);
    root[QStringLiteral("profile")] = profile;
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

SimStatsCounters::SimStatsCounters()
{
    m_steady.start();
}

void SimStatsCounters::requestStarted(const QByteArray& path)
{
    m_total.fetch_add(1, std::memory_order_relaxed);
    counterFor(path).fetch_add(1, std::memory_order_relaxed);
    const qint64 now = m_inFlight.fetch_add(1, std::memory_order_relaxed) + 1;
    qint64 max = m_maxInFlight.load(std::memory_order_relaxed);
    while (now > max && !m_maxInFlight.compare_exchange_weak(max, now, std::memory_order_relaxed)) { }
}

void SimStatsCounters::requestFinished()
{
    m_inFlight.fetch_sub(1, std::memory_order_relaxed);
}

void SimStatsCounters::apiRequestArrived()
{
    const quint64 generation = m_resetGeneration.load(std::memory_order_acquire);
    if (generation != m_generation) {
        m_generation = generation;
        m_origin = m_originMs.load(std::memory_order_relaxed);
        m_lastBucket = 0;
        m_windowSum = 0;
        m_ring.fill(0);
        m_localBusiest = 0;
        m_logCount.store(0, std::memory_order_relaxed);
        m_logTruncated.store(false, std::memory_order_relaxed);
    }
    const qint64 offsetMs = std::max<qint64>(0, m_steady.elapsed() - m_origin);

    // The ring holds the last kWindowBuckets buckets; moving forward empties the ones that fall out.
    const qint64 bucket = offsetMs / kBucketMs;
    const qint64 steps = std::min<qint64>(bucket - m_lastBucket, kWindowBuckets);
    for (qint64 i = 1; i <= steps; ++i) {
        quint32& slot = m_ring[size_t((m_lastBucket + i) % kWindowBuckets)];
        m_windowSum -= slot;
        slot = 0;
    }
    m_lastBucket = std::max(m_lastBucket, bucket);
    ++m_ring[size_t(m_lastBucket % kWindowBuckets)];
    ++m_windowSum;
    m_localBusiest = std::max(m_localBusiest, m_windowSum);

    const qsizetype index = m_logCount.load(std::memory_order_relaxed);
    if (index < kMaxArrivals) {
        const auto chunk = size_t(index / kLogChunk);
        if (!m_logChunks[chunk]) {
            m_logChunks[chunk] = std::make_unique<std::atomic<quint32>[]>(size_t(kLogChunk));
            m_logChunkPtrs[chunk].store(m_logChunks[chunk].get(), std::memory_order_release);
        }
        m_logChunks[chunk][size_t(index % kLogChunk)].store(quint32(offsetMs), std::memory_order_relaxed);
        m_logCount.store(index + 1, std::memory_order_release);
    } else {
        m_logTruncated.store(true, std::memory_order_relaxed);
    }
    m_busiest.store(m_localBusiest, std::memory_order_relaxed);
    m_seenGeneration.store(generation, std::memory_order_release);
}

bool SimStatsCounters::arrivalsCurrent() const
{
    const quint64 seen = m_seenGeneration.load(std::memory_order_acquire);
    return seen == m_resetGeneration.load(std::memory_order_acquire);
}

std::vector<quint32> SimStatsCounters::arrivalOffsetsMs(bool* truncated) const
{
    std::vector<quint32> offsets;
    if (truncated)
        *truncated = false;
    if (!arrivalsCurrent())
        return offsets;
    const qsizetype count = m_logCount.load(std::memory_order_acquire);
    offsets.reserve(size_t(count));
    for (qsizetype i = 0; i < count; ++i) {
        const std::atomic<quint32>* chunk
            = m_logChunkPtrs[size_t(i / kLogChunk)].load(std::memory_order_acquire);
        offsets.push_back(chunk[size_t(i % kLogChunk)].load(std::memory_order_relaxed));
    }
    if (truncated)
        *truncated = m_logTruncated.load(std::memory_order_relaxed);
    return offsets;
}

std::atomic<quint64>& SimStatsCounters::counterFor(const QByteArray& path)
{
    // Clients repeat their path: comparing it with the last one costs less than hashing it.
    if (m_lastCounter && QByteArrayView(path) == QByteArrayView(m_lastPath))
        return *m_lastCounter;
    // No lock for the lookup: only this (the server) thread inserts, and readers never modify the table.
    const auto found = m_pathIndex.constFind(path);
    if (found != m_pathIndex.cend())
        return rememberLast(path, m_pathCounts[size_t(found.value())]);
    const QByteArray key = m_pathIndex.size() < kMaxDistinctPaths ? path : kOtherPaths.toByteArray();
    QMutexLocker lock(&m_pathsMutex);
    const auto again = m_pathIndex.constFind(key);
    if (again != m_pathIndex.cend())
        return rememberLast(path, m_pathCounts[size_t(again.value())]);
    m_pathCounts.emplace_back(0);
    m_pathIndex.insert(QByteArray(key.constData(), key.size()), qsizetype(m_pathCounts.size()) - 1);
    return rememberLast(path, m_pathCounts.back());
}

std::atomic<quint64>& SimStatsCounters::rememberLast(const QByteArray& path, std::atomic<quint64>& counter)
{
    // A deep copy: sharing the caller's array would make it copy itself the next time it is refilled.
    m_lastPath = QByteArray(path.constData(), path.size());
    m_lastCounter = &counter;
    return counter;
}

SimStats SimStatsCounters::snapshot() const
{
    SimStats stats;
    stats.requestsTotal = m_total.load(std::memory_order_relaxed);
    stats.inFlight = m_inFlight.load(std::memory_order_relaxed);
    stats.maxInFlight = m_maxInFlight.load(std::memory_order_relaxed);
    stats.busiest100msRequests = arrivalsCurrent() ? m_busiest.load(std::memory_order_relaxed) : 0;
    QMutexLocker lock(&m_pathsMutex);
    for (auto it = m_pathIndex.cbegin(); it != m_pathIndex.cend(); ++it) {
        const quint64 count = m_pathCounts[size_t(it.value())].load(std::memory_order_relaxed);
        if (count > 0)
            stats.requestsByPath.emplace(it.key(), count);
    }
    return stats;
}

void SimStatsCounters::reset()
{
    QMutexLocker lock(&m_pathsMutex);
    m_total.store(0, std::memory_order_relaxed);
    for (auto& count : m_pathCounts)
        count.store(0, std::memory_order_relaxed);
    m_maxInFlight.store(m_inFlight.load(std::memory_order_relaxed), std::memory_order_relaxed);
    m_originMs.store(m_steady.elapsed(), std::memory_order_relaxed);
    m_resetGeneration.fetch_add(1, std::memory_order_release);
}

} // namespace oilwatch::sim
