#pragma once

#include "cache/cacheentry.h"
#include "storage/sqlitefile.h"
#include "storage/storageresult.h"

#include <QHash>
#include <QList>
#include <QString>

namespace oilwatch::cache {

// One change to the persisted cache, in the order the cache saw it.
struct CacheWrite
{
    enum class Kind
    {
        Put,
        Remove,
        Clear, // the entries and the lookup counters
        Count, // adds hits and misses to the counters kept in the file
    };
    Kind kind = Kind::Put;
    QString key; // Put and Remove
    CacheEntry entry; // Put
    qint64 hits = 0; // Count
    qint64 misses = 0; // Count
};

// What open() found on disk. The entries' fetchedAtMonotonicMs is meaningless (another process's steady
// clock, or none): the caller rebases it from fetchedAtUtc.
struct StoredCache
{
    storage::OpenReport report;
    QHash<QString, CacheEntry> entries;
    // The lookups counted so far by every process that used the file (`oilwatch cache stats` shows them).
    qint64 hits = 0;
    qint64 misses = 0;
};

// The cache's SQLite file, synchronously: load everything, apply writes in batches. No threads here; the
// instance belongs to the thread that opened it (QtSql), which for SqliteCache is its writer thread.
class SqliteCacheStore
{
public:
    static constexpr qint32 kApplicationId = 0x4F574331; // "OWC1": not the history's "OWH1"
    // 2: keys carry their origin ("ORIGIN|latest:CODE"); the entries of a version 1 file migrate under the
    // origin "unknown", which no request ever asks for, so they are never served.
    // 3: a `counters` table holds the lookups counted by every process (hits, misses).
    static constexpr int kSchemaVersion = 3;

    SqliteCacheStore(QString path, const util::Clock& clock);

    storage::StorageResult<StoredCache> open();
    void close() { m_file.close(); }
    bool isOpen() const { return m_file.isOpen(); }
    // True when the open file is no longer at its path: someone deleted or moved it, and what is written
    // through the open connection would be lost at the next start.
    bool fileMissing() const;

    // All of `writes` in one transaction, in order: on disk either all of them or none.
    std::optional<storage::StorageError> apply(const QList<CacheWrite>& writes);

private:
    storage::StorageResult<QHash<QString, CacheEntry>> load() const;
    storage::StorageResult<std::pair<qint64, qint64>> loadCounters() const;

    storage::SqliteFile m_file;
};

} // namespace oilwatch::cache
