#pragma once

#include <utility>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>

namespace oilwatch::sim {

// Response bodies that only change when the price model does. A body is stored under a key (the raw query
// value that chose it) with a stamp: the request's second and the model's revision. It is handed out again
// only for the same stamp, so a hit is exactly the body the model would have produced. All entries share one
// stamp: storing under a new one drops the rest, and the number of keys is capped because clients choose
// them.
class TickBodyCache
{
public:
    static constexpr qsizetype kMaxEntries = 64;

    struct Stamp
    {
        qint64 nowSec = 0;
        quint64 revision = 0;
        bool operator==(const Stamp&) const = default;
    };

    // The body stored for key under this stamp; null when there is none.
    QByteArray find(QByteArrayView key, const Stamp& stamp) const;
    void store(QByteArrayView key, const Stamp& stamp, const QByteArray& body);
    qsizetype size() const { return qsizetype(m_entries.size()); }

private:
    Stamp m_stamp;
    std::vector<std::pair<QByteArray, QByteArray>> m_entries;
};

} // namespace oilwatch::sim
