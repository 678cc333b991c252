#include "cache/sqlitecache.h"

#include <algorithm>
#include <utility>

#include <QMutexLocker>

namespace oilwatch::cache {

SqliteCache::SqliteCache(QString path, const util::Clock& clock, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_clock(clock)
    , m_writerContext(std::make_unique<QObject>())
    , m_store(std::make_unique<SqliteCacheStore>(m_path, clock))
{
    m_saveCounts.setSingleShot(true);
    m_saveCounts.setInterval(kCounterSaveDelayMs);
    connect(&m_saveCounts, &QTimer::timeout, this, &SqliteCache::saveCounts);
    m_thread.setObjectName(QStringLiteral("oilwatch.cache.writer"));
    m_writerContext->moveToThread(&m_thread);
    m_thread.start();
}

SqliteCache::~SqliteCache()
{
    flush();
    // The connection must be closed on the thread that opened it.
    QMetaObject::invokeMethod(
        m_writerContext.get(), [this] { m_store->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

storage::StorageResult<storage::OpenReport> SqliteCache::open()
{
    if (m_open) {
        return storage::OpenReport {};
    }
    std::optional<storage::StorageResult<StoredCache>> stored;
    QMetaObject::invokeMethod(
        m_writerContext.get(), [this, &stored] { stored = m_store->open(); }, Qt::BlockingQueuedConnection);
    if (!stored->ok()) {
        return stored->error();
    }
    m_open = true;
    m_hits += stored->value().hits;
    m_misses += stored->value().misses;
    rewriteAll(); // what was put before open() is newer than the file: keep it, and write it
    QHash<QString, CacheEntry>& loaded = stored->value().entries;
    for (auto it = loaded.begin(); it != loaded.end(); ++it) {
        if (m_entries.contains(it.key()) || !it.value().fetchedAtUtc.isValid()) {
            continue; // an entry whose fetch time is unknown has no age, and cannot be served honestly
        }
        rebase(it.value());
        m_bytes += it.value().sizeBytes();
        m_entries.insert(it.key(), std::move(it.value()));
    }
    return stored->value().report;
}

void SqliteCache::rebase(CacheEntry& entry) const
{
    // A wall clock set back since the write would make the age negative: count it as just fetched.
    const qint64 ageMs = std::max<qint64>(0, entry.fetchedAtUtc.msecsTo(m_clock.nowUtc()));
    entry.fetchedAtMonotonicMs = m_clock.monotonicMs() - ageMs;
}

void SqliteCache::flush()
{
    saveCounts();
    // Writes are posted to the writer thread in order, so an empty call behind them returns after them.
    QMetaObject::invokeMethod(
        m_writerContext.get(), [] {}, Qt::BlockingQueuedConnection);
}

std::optional<CacheEntry> SqliteCache::get(const QString& key)
{
    const auto found = m_entries.constFind(key);
    countLookup(found != m_entries.cend());
    if (found == m_entries.cend()) {
        return std::nullopt;
    }
    return found.value();
}

std::optional<CacheEntry> SqliteCache::peek(const QString& key) const
{
    const auto found = m_entries.constFind(key);
    if (found == m_entries.cend()) {
        return std::nullopt;
    }
    return found.value();
}

void SqliteCache::countLookup(bool hit)
{
    ++(hit ? m_hits : m_misses);
    ++(hit ? m_unsavedHits : m_unsavedMisses);
    if (!m_saveCounts.isActive()) {
        m_saveCounts.start();
    }
}

std::optional<CacheWrite> SqliteCache::takeCounts()
{
    if (!m_open || (m_unsavedHits == 0 && m_unsavedMisses == 0)) {
        return std::nullopt; // before open() they stay unsaved, and are written with the first save after it
    }
    m_saveCounts.stop();
    CacheWrite count;
    count.kind = CacheWrite::Kind::Count;
    count.hits = std::exchange(m_unsavedHits, 0);
    count.misses = std::exchange(m_unsavedMisses, 0);
    return count;
}

void SqliteCache::saveCounts()
{
    if (std::optional<CacheWrite> count = takeCounts()) {
        enqueue(std::move(*count));
    }
}

bool SqliteCache::put(const QString& key, CacheEntry entry)
{
    const auto old = m_entries.constFind(key);
    if (old != m_entries.cend()) {
        m_bytes -= old.value().sizeBytes();
    }
    m_bytes += entry.sizeBytes();
    if (m_open) {
        enqueue(CacheWrite {CacheWrite::Kind::Put, key, entry});
    }
    m_entries.insert(key, std::move(entry));
    return true;
}

void SqliteCache::remove(const QString& key)
{
    const auto found = m_entries.constFind(key);
    if (found != m_entries.cend()) {
        m_bytes -= found.value().sizeBytes();
        m_entries.erase(found);
    }
    if (m_open) {
        enqueue(CacheWrite {CacheWrite::Kind::Remove, key, {}});
    }
}

void SqliteCache::clear()
{
    m_entries.clear();
    m_bytes = 0;
    m_hits = m_misses = m_unsavedHits = m_unsavedMisses = 0;
    if (m_open) {
        enqueue(CacheWrite {CacheWrite::Kind::Clear, {}, {}});
    }
}

CacheStats SqliteCache::stats() const
{
    return CacheStats {m_hits, m_misses, static_cast<qint64>(m_entries.size()), m_bytes};
}

CachePersistStats SqliteCache::persistStats() const
{
    const QMutexLocker lock(&m_mutex);
    return m_persist;
}

void SqliteCache::enqueue(CacheWrite write)
{
    // The counts ride along with any write, in the same batch: a poll that stores a price costs one write.
    std::optional<CacheWrite> count = write.kind == CacheWrite::Kind::Count ? std::nullopt : takeCounts();
    bool startBatch = false;
    {
        const QMutexLocker lock(&m_mutex);
        startBatch = m_pending.isEmpty();
        m_pending.append(std::move(write));
        if (count) {
            m_pending.append(std::move(*count));
        }
    }
    // One wake-up per batch: writes queued while the writer is busy go to disk together, in one transaction.
    if (startBatch) {
        QMetaObject::invokeMethod(
            m_writerContext.get(), [this] { writePending(); }, Qt::QueuedConnection);
    }
}

void SqliteCache::writePending()
{
    QList<CacheWrite> batch;
    {
        const QMutexLocker lock(&m_mutex);
        batch.swap(m_pending);
    }
    if (batch.isEmpty()) {
        return;
    }
    std::optional<storage::StorageError> error;
    bool rewrite = false;
    if (m_store->fileMissing()) {
        // The batch is dropped: the memory it was applied to is written whole instead.
        rewrite = restartMissingFile();
        error = storage::StorageError {rewrite
                ? QStringLiteral("the price cache file %1 was removed; a new one was started").arg(m_path)
                : QStringLiteral("the price cache file %1 was removed and cannot be created again")
                      .arg(m_path)};
    } else {
        error = m_store->apply(batch);
    }
    {
        const QMutexLocker lock(&m_mutex);
        if (error) {
            ++m_persist.batchesFailed;
            m_persist.lastError = error->message;
        } else {
            ++m_persist.batchesWritten;
        }
    }
    if (error) {
        // Posted to this object's thread; dropped by Qt if the cache is destroyed first.
        QMetaObject::invokeMethod(
            this,
            [this, rewrite, message = error->message] {
                if (rewrite) {
                    rewriteAll();
                }
                Q_EMIT writeFailed(message);
            },
            Qt::QueuedConnection);
    }
}

bool SqliteCache::restartMissingFile()
{
    m_store->close();
    const auto reopened = m_store->open(); // creates a new, empty file
    return reopened.ok();
}

void SqliteCache::rewriteAll()
{
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        enqueue(CacheWrite {CacheWrite::Kind::Put, it.key(), it.value()});
    }
}

} // namespace oilwatch::cache
