#include "cache/sqlitecachestore.h"

#include "util/utc.h"

#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace oilwatch::cache {

namespace {

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
                                  " last_modified BLOB)")};
    kind.migrations.insert(
        1, {QStringLiteral("UPDATE entries SET key = 'unknown|' || key WHERE instr(key, '|') = 0")});
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
    return StoredCache {opened.value(), std::move(entries.value())};
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
            if (!put.prepare(QStringLiteral("INSERT OR REPLACE INTO entries"
                                            " (key, body, fetched_at, created_at, etag, last_modified)"
                                            " VALUES (?, ?, ?, ?, ?, ?)"))
                || !remove.prepare(QStringLiteral("DELETE FROM entries WHERE key = ?"))
                || !clear.prepare(QStringLiteral("DELETE FROM entries"))) {
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
