#include "sim/tickbodycache.h"

namespace oilwatch::sim {

QByteArray TickBodyCache::find(QByteArrayView key, const Stamp& stamp) const
{
    if (stamp != m_stamp)
        return {};
    // A linear scan: a handful of short keys, compared without building a QByteArray for the lookup.
    for (const auto& [storedKey, body] : m_entries) {
        if (QByteArrayView(storedKey) == key)
            return body;
    }
    return {};
}

void TickBodyCache::store(QByteArrayView key, const Stamp& stamp, const QByteArray& body)
{
    if (stamp != m_stamp || qsizetype(m_entries.size()) >= kMaxEntries) {
        m_entries.clear();
        m_stamp = stamp;
    }
    for (auto& [storedKey, storedBody] : m_entries) {
        if (QByteArrayView(storedKey) == key) {
            storedBody = body;
            return;
        }
    }
    m_entries.emplace_back(key.toByteArray(), body);
}

} // namespace oilwatch::sim
