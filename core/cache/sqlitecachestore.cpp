#include "cache/sqlitecachestore.h"

#include "util/utc.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace oilwatch::cache {

namespace {

// Counters are added to, never set: two processes using the same file (the dashboard and a `watch`) both
// count, and the file holds the sum.
const QString kCountersTable
    = QStringLiteral("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL DEFAULT 0)");

storage::SqliteFileKind cacheFileKind()
{
    storage::SqliteFileKind kind;
    kind.applicationId = SqliteCacheStore::kApplicationId;
    kind.schemaVersion = SqliteCacheStore::kSchemaVersion;
    kind.description = QStringLiteral("price cache");
    // Nothing is NOT NULL: SQLite binds an empty QByteArray as NULL, and an empty body is still an entry.
    kind.schema = {QStringLiteral("CREATE TABLE entries ("
                                  " key TEXT PRIMARY KEY,"
                                  " body BLOB,"
                                  " fetched_at INTEGER," // ms since the epoch, UTC
                                  " created_at INTEGER," // ms since the epoch, UTC; NULL when unknown
                                  " etag BLOB,"
                                  " last_modified BLOB)"),
        kCountersTable};
    kind.migrations.insert(
        1, {QStringLiteral("UPDATE entries SET key = 'unknown|' || key WHERE instr(key, '|') = 0")});
    kind.migrations.insert(2, {kCountersTable});
    return kind;
}

QVariant timeToSql(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime timeFromSql(const QVariant& value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), util::utc());
}

std::optional<storage::StorageError> exec(QSqlQuery& q, const QString& what)
{
    if (q.exec()) {
        return std::nullopt;
    }
    return storage::sqlError(what, q.lastError());
}

} // namespace

SqliteCacheStore::SqliteCacheStore(QString path, const util::Clock& clock)
    : m_file(std::move(path), clock, cacheFileKind())
{ }

storage::StorageResult<StoredCache> SqliteCacheStore::open()
{
    auto opened = m_file.open();
    if (!opened) {
        return opened.error();
    }
    auto entries = load();
    if (!entries) {
        m_file.close();
        return entries.error();
    }
    const auto counters = loadCounters();
    if (!counters) {
        m_file.close();
        return counters.error();
    }
    return StoredCache {
        opened.value(), std::move(entries.value()), counters.value().first, counters.value().second};
}

storage::StorageResult<std::pair<qint64, qint64>> SqliteCacheStore::loadCounters() const
{
    QSqlQuery q(m_file.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT name, value FROM counters"))) {
        return storage::sqlError(QStringLiteral("cannot read the cache counters"), q.lastError());
    }
    std::pair<qint64, qint64> counters {0, 0};
    while (q.next()) {
        if (q.value(0).toString() == QLatin1String("hits")) {
            counters.first = q.value(1).toLongLong();
        } else if (q.value(0).toString() == QLatin1String("misses")) {
            counters.second = q.value(1).toLongLong();
        }
    }
    return counters;
}

storage::StorageResult<QHash<QString, CacheEntry>> SqliteCacheStore::load() const
{
    QSqlQuery q(m_file.database());
    q.setForwardOnly(true);
    if (!q.exec(
            QStringLiteral("SELECT key, body, fetched_at, created_at, etag, last_modified FROM entries"))) {
        return storage::sqlError(QStringLiteral("cannot read the price cache"), q.lastError());
    }
    QHash<QString, CacheEntry> entries;
    while (q.next()) {
        CacheEntry entry;
        entry.body = q.value(1).toByteArray();
        entry.fetchedAtUtc = timeFromSql(q.value(2));
        entry.createdAt = timeFromSql(q.value(3));
        entry.etag = q.value(4).toByteArray();
        entry.lastModified = q.value(5).toByteArray();
        entries.insert(q.value(0).toString(), std::move(entry));
    }
    return entries;
}

bool SqliteCacheStore::fileMissing() const
{
    return m_file.isOpen() && !QFileInfo::exists(m_file.path());
}

std::optional<storage::StorageError> SqliteCacheStore::apply(const QList<CacheWrite>& writes)
{
    if (!m_file.isOpen()) {
        return storage::StorageError {QStringLiteral("the price cache is not open")};
    }
    QSqlDatabase db = m_file.database();
    return storage::inTransaction(
        db, QStringLiteral("cache write"), [&]() -> std::optional<storage::StorageError> {
            QSqlQuery put(db);
            QSqlQuery remove(db);
            QSqlQuery clear(db);
            QSqlQuery clearCounters(db);
            QSqlQuery count(db);
            if (!put.prepare(QStringLiteral("INSERT OR REPLACE INTO entries"
                                            " (key, body, fetched_at, created_at, etag, last_modified)"
                                            " VALUES (?, ?, ?, ?, ?, ?)"))
                || !remove.prepare(QStringLiteral("DELETE FROM entries WHERE key = ?"))
                || !clear.prepare(QStringLiteral("DELETE FROM entries"))
                || !clearCounters.prepare(QStringLiteral("DELETE FROM counters"))
                || !count.prepare(
                    QStringLiteral("INSERT INTO counters (name, value) VALUES (?, ?)"
                                   " ON CONFLICT(name) DO UPDATE SET value = value + excluded.value"))) {
                return storage::sqlError(QStringLiteral("cannot prepare cache write"), db.lastError());
            }
            for (const CacheWrite& write : writes) {
                std::optional<storage::StorageError> error;
                switch (write.kind) {
                case CacheWrite::Kind::Put:
                    put.addBindValue(write.key);
                    put.addBindValue(write.entry.body);
                    put.addBindValue(timeToSql(write.entry.fetchedAtUtc));
                    put.addBindValue(timeToSql(write.entry.createdAt));
                    put.addBindValue(write.entry.etag);
                    put.addBindValue(write.entry.lastModified);
                    error = exec(put, QStringLiteral("cannot store cache entry"));
                    break;
                case CacheWrite::Kind::Remove:
                    remove.addBindValue(write.key);
                    error = exec(remove, QStringLiteral("cannot remove cache entry"));
                    break;
                case CacheWrite::Kind::Clear:
                    error = exec(clear, QStringLiteral("cannot clear the cache"));
                    if (!error) {
                        error = exec(clearCounters, QStringLiteral("cannot clear the cache counters"));
                    }
                    break;
                case CacheWrite::Kind::Count:
                    for (const auto& [name, delta] : {std::pair {QStringLiteral("hits"), write.hits},
                             std::pair {QStringLiteral("misses"), write.misses}}) {
                        if (error || delta == 0) {
                            continue;
                        }
                        count.addBindValue(name);
                        count.addBindValue(delta);
                        error = exec(count, QStringLiteral("cannot store the cache counters"));
                    }
                    break;
                }
                if (error) {
                    return error;
                }
            }
            return std::nullopt;
        });
}

} // namespace oilwatch::cache
