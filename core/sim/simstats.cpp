#include "sim/simstats.h"

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
    root[QStringLiteral("profile")] = profile;
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
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

std::atomic<quint64>& SimStatsCounters::counterFor(const QByteArray& path)
{
    // No lock for the lookup: only this (the server) thread inserts, and readers never modify the table.
    const auto found = m_pathIndex.constFind(path);
    if (found != m_pathIndex.cend())
        return m_pathCounts[size_t(found.value())];
    const QByteArray key = m_pathIndex.size() < kMaxDistinctPaths ? path : kOtherPaths.toByteArray();
    QMutexLocker lock(&m_pathsMutex);
    const auto again = m_pathIndex.constFind(key);
    if (again != m_pathIndex.cend())
        return m_pathCounts[size_t(again.value())];
    m_pathCounts.emplace_back(0);
    m_pathIndex.insert(key, qsizetype(m_pathCounts.size()) - 1);
    return m_pathCounts.back();
}

SimStats SimStatsCounters::snapshot() const
{
    SimStats stats;
    stats.requestsTotal = m_total.load(std::memory_order_relaxed);
    stats.inFlight = m_inFlight.load(std::memory_order_relaxed);
    stats.maxInFlight = m_maxInFlight.load(std::memory_order_relaxed);
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
}

} // namespace oilwatch::sim
