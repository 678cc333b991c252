#pragma once

#include "cache/pricecache.h"
#include "cache/sqlitecachestore.h"
#include "storage/sqlitefile.h"
#include "storage/storageresult.h"

#include <memory>

#include <QHash>
#include <QMutex>
#include <QObject>
#include <QThread>
#include <QTimer>

namespace oilwatch::cache {

// How the disk side of a SqliteCache is doing. Writes are batched: one batch is one transaction.
struct CachePersistStats
{
    qint64 batchesWritten = 0;
    qint64 batchesFailed = 0; // the memory kept serving; those changes are not on disk
    QString lastError; // of the last failed batch; empty when none failed
};

// The default cache backend: the last value of every key, kept across restarts in a SQLite file (WAL, 0600)
// so the app opens with the last known prices before the network answers.
//
// The caller's (GUI) thread never waits on disk after open(): every entry is loaded into memory at open()
// (one small entry per key), get() answers from memory, and put / remove / clear are written in order, in
// batches, by a writer thread that owns the file's QtSql connection. No LRU and no TTL: CachePolicy decides
// what an entry's age allows.
// Lookups are counted (stats().hits and .misses) and the counts kept in the file, added to those of every
// earlier process: `oilwatch cache stats`, a process of its own, shows what the dashboard, `watch` and
// `fetch` counted. A lookup only bumps a number in memory; the counts go to the writer thread
// kCounterSaveDelayMs after the first unsaved lookup, at flush() and at destruction, so a lookup never
// waits on disk and a poll costs at most one small write.
// A failed write is counted in persistStats() and signalled with writeFailed(); the value stays served from
// memory. A cache file deleted or moved while open is noticed at the next write: a new file is started and
// every entry held in memory is written to it again. Until open() succeeds the cache is memory-only; what
// was put before is written at open().
class SqliteCache final : public QObject, public PriceCache
{
    Q_OBJECT
public:
    static constexpr qint32 kApplicationId = SqliteCacheStore::kApplicationId;
    // Long enough that a burst of lookups (a watchlist of twenty codes) is one write, short enough that
    // `cache stats` run next to a dashboard is behind it by a couple of seconds at most.
    static constexpr int kCounterSaveDelayMs = 2000;

    SqliteCache(QString path, const util::Clock& clock, QObject* parent = nullptr);
    // Flushes: nothing put before destruction is lost.
    ~SqliteCache() override;

    // Reads the whole file, on the writer thread, and waits for it: call it once at start-up. An unusable
    // file is moved aside and reported in the warning, like the price history's.
    storage::StorageResult<storage::OpenReport> open();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    // Blocks until every write queued before the call, and the lookup counts, are on disk (or have
    // failed). For tests and shutdown.
    void flush();

    std::optional<CacheEntry> get(const QString& key) override;
    std::optional<CacheEntry> peek(const QString& key) const override;
    bool put(const QString& key, CacheEntry entry) override;
    void remove(const QString& key) override;
    void clear() override;
    CacheStats stats() const override;

    CachePersistStats persistStats() const;

Q_SIGNALS:
    // Emitted on this object's thread after a batch of writes could not be stored (disk full, file gone).
    void writeFailed(const QString& message);

private:
    void enqueue(CacheWrite write);
    void countLookup(bool hit);
    void saveCounts();
    std::optional<CacheWrite> takeCounts();
    void writePending(); // on the writer thread
    bool restartMissingFile(); // on the writer thread
    void rewriteAll(); // after the file was restarted
    void rebase(CacheEntry& entry) const;

    QString m_path;
    const util::Clock& m_clock;
    bool m_open = false;
    QHash<QString, CacheEntry> m_entries;
    qint64 m_bytes = 0;
    qint64 m_hits = 0; // the file's counts at open() plus this process's
    qint64 m_misses = 0;
    qint64 m_unsavedHits = 0; // not yet queued for the file
    qint64 m_unsavedMisses = 0;
    QTimer m_saveCounts;

    QThread m_thread;
    std::unique_ptr<QObject> m_writerContext; // lives on m_thread: what runs there is invoked on it
    std::unique_ptr<SqliteCacheStore> m_store; // used on m_thread only

    mutable QMutex m_mutex; // guards what follows, shared with the writer thread
    QList<CacheWrite> m_pending;
    CachePersistStats m_persist;
};

} // namespace oilwatch::cache
