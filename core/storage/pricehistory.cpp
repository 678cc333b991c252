#include "storage/pricehistory.h"

#include "util/clock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace oilwatch::storage {

namespace {

constexpr QFile::Permissions kFilePermissions = QFile::ReadOwner | QFile::WriteOwner;
constexpr QFile::Permissions kDirPermissions = QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner;

// Every SQLite 3 file starts with these 16 bytes; checking them first spares us parsing garbage.
constexpr char kSqliteMagic[] = "SQLite format 3";
constexpr qint64 kSqliteHeaderSize = 100;

StorageError sqlError(const QString& what, const QSqlError& error)
{
    return StorageError {QStringLiteral("%1: %2").arg(what, error.text())};
}

// Runs a statement that returns one value (PRAGMAs, counts). An empty QVariant means it failed.
QVariant scalar(const QSqlDatabase& db, const QString& sql, QString* error = nullptr)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        if (error) {
            *error = q.lastError().text();
        }
        return {};
    }
    return q.value(0);
}

QVariant toSql(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime fromSql(const QVariant& value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

api::Quote readQuote(const QSqlQuery& q)
{
    api::Quote quote;
    quote.code = q.value(0).toString();
    quote.price = q.value(1).toDouble();
    quote.currency = q.value(2).toString();
    quote.unit = q.value(3).toString();
    quote.createdAt = fromSql(q.value(4));
    quote.type = q.value(5).toString();
    quote.source = q.value(6).toString();
    quote.receivedAt = fromSql(q.value(7));
    return quote;
}

QString reasonText(RecoveryWarning::Reason reason)
{
    switch (reason) {
    case RecoveryWarning::Reason::NotSqlite:
        return QStringLiteral("is not a SQLite database");
    case RecoveryWarning::Reason::Foreign:
        return QStringLiteral("belongs to another application or schema version");
    case RecoveryWarning::Reason::Damaged:
        return QStringLiteral("is damaged");
    }
    return {};
}

} // namespace

PriceHistory::PriceHistory(QString path, const util::Clock& clock)
    : m_path(std::move(path))
    , m_clock(clock)
    // QtSql connections are process-global by name: a UUID keeps instances on any thread apart.
    , m_connectionName(
          QStringLiteral("oilwatch.pricehistory.") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

PriceHistory::~PriceHistory()
{
    close();
}

bool PriceHistory::isOpen() const
{
    return m_open;
}

StorageResult<OpenReport> PriceHistory::open()
{
    if (m_open) {
        return OpenReport {};
    }
    if (auto error = prepareFile()) {
        return *error;
    }
    if (auto error = openConnection()) {
        return *error;
    }
    OpenReport report;
    Verdict verdict = inspect();
    if (verdict.check == Check::Unusable) {
        // Never delete what we cannot read: the user's history may still be recoverable by hand.
        dropConnection();
        auto moved = moveAside(verdict.reason);
        if (!moved) {
            return moved.error();
        }
        report.warning = RecoveryWarning {verdict.reason, moved.value(),
            QStringLiteral("The price history %1 (%2); it was moved to %3 and a "
                           "new history was started.")
                .arg(reasonText(verdict.reason), verdict.detail, moved.value())};
        if (auto error = prepareFile()) {
            return *error;
        }
        if (auto error = openConnection()) {
            return *error;
        }
        verdict = inspect();
        if (verdict.check != Check::Empty) {
            dropConnection();
            return StorageError {
                QStringLiteral("a fresh price history could not be created: %1").arg(verdict.detail)};
        }
    }
    if (auto error = configure()) {
        dropConnection();
        return *error;
    }
    if (verdict.check == Check::Empty) {
        if (auto error = createSchema()) {
            dropConnection();
            return *error;
        }
    }
    m_open = true;
    return report;
}

void PriceHistory::close()
{
    m_open = false;
    dropConnection();
}

std::optional<StorageError> PriceHistory::prepareFile() const
{
    const QFileInfo info(m_path);
    const QString dir = info.absolutePath();
    if (!QFileInfo::exists(dir)) {
        if (!QDir().mkpath(dir)) {
            return StorageError {QStringLiteral("cannot create folder %1").arg(dir)};
        }
        // Prices are not secret, but what the user watches is nobody else's business.
        QFile::setPermissions(dir, kDirPermissions);
    }
    if (!info.exists()) {
        // Created by us rather than by SQLite so that the mode is 0600 from the first byte; SQLite gives its
        // -wal and -shm files the mode of the database file.
        QFile file(m_path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kFilePermissions)) {
            return StorageError {QStringLiteral("cannot create %1: %2").arg(m_path, file.errorString())};
        }
    }
    return std::nullopt;
}

std::optional<StorageError> PriceHistory::openConnection()
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        if (!db.isValid()) {
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return StorageError {QStringLiteral("the QSQLITE driver is not available")};
        }
        db.setDatabaseName(m_path);
        if (db.open()) {
            return std::nullopt;
        }
    }
    const StorageError error = sqlError(QStringLiteral("cannot open %1").arg(m_path),
        QSqlDatabase::database(m_connectionName, false).lastError());
    dropConnection();
    return error;
}

PriceHistory::Verdict PriceHistory::inspect() const
{
    {
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly)) {
            return {Check::Unusable, RecoveryWarning::Reason::Damaged, file.errorString()};
        }
        if (file.size() == 0) {
            return {Check::Empty, {}, {}};
        }
        const QByteArray header = file.read(kSqliteHeaderSize);
        if (header.size() < kSqliteHeaderSize
            || !header.startsWith(QByteArray(kSqliteMagic, sizeof kSqliteMagic))) {
            return {Check::Unusable, RecoveryWarning::Reason::NotSqlite, QStringLiteral("no SQLite header")};
        }
    }

    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QString error;
    const QVariant appId = scalar(db, QStringLiteral("PRAGMA application_id"), &error);
    const QVariant version = scalar(db, QStringLiteral("PRAGMA user_version"), &error);
    const QVariant tables = scalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), &error);
    if (!appId.isValid() || !version.isValid() || !tables.isValid()) {
        return {Check::Unusable, RecoveryWarning::Reason::Damaged, error};
    }
    if (appId.toLongLong() == 0 && version.toLongLong() == 0 && tables.toLongLong() == 0) {
        return {Check::Empty, {}, {}}; // a valid SQLite file with nothing in it yet
    }
    if (appId.toLongLong() != kApplicationId) {
        return {Check::Unusable, RecoveryWarning::Reason::Foreign,
            QStringLiteral("application_id %1").arg(appId.toLongLong())};
    }
    if (version.toLongLong() != kSchemaVersion) {
        return {Check::Unusable, RecoveryWarning::Reason::Foreign,
            QStringLiteral("schema version %1, expected %2").arg(version.toLongLong()).arg(kSchemaVersion)};
    }
    // A full check costs a read of the whole file, once per start: worth it to never chart damaged data.
    const QVariant integrity = scalar(db, QStringLiteral("PRAGMA integrity_check(1)"), &error);
    if (!integrity.isValid()) {
        return {Check::Unusable, RecoveryWarning::Reason::Damaged, error};
    }
    if (integrity.toString() != QLatin1String("ok")) {
        return {Check::Unusable, RecoveryWarning::Reason::Damaged, integrity.toString()};
    }
    return {Check::Usable, {}, {}};
}

std::optional<StorageError> PriceHistory::configure() const
{
    const QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QSqlQuery q(db);
    // WAL lets the UI read while the feed writes; NORMAL is durable across app crashes in WAL mode and
    // only risks the last commits on power loss, which a price cache can afford.
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL"))) {
        return sqlError(QStringLiteral("cannot enable WAL"), q.lastError());
    }
    if (!q.exec(QStringLiteral("PRAGMA synchronous=NORMAL"))) {
        return sqlError(QStringLiteral("cannot set synchronous"), q.lastError());
    }
    return std::nullopt;
}

std::optional<StorageError> PriceHistory::createSchema() const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction()) {
        return sqlError(QStringLiteral("cannot begin schema transaction"), db.lastError());
    }
    // UNIQUE(code, created_at) is both the deduplication rule and the index every query walks.
    const QStringList statements {
        QStringLiteral("CREATE TABLE quotes ("
                       " id INTEGER PRIMARY KEY,"
                       " code TEXT NOT NULL,"
                       " created_at INTEGER NOT NULL," // ms since the epoch, UTC
                       " price REAL NOT NULL,"
                       " currency TEXT,"
                       " unit TEXT,"
                       " type TEXT,"
                       " source TEXT,"
                       " received_at INTEGER,"
                       " UNIQUE (code, created_at))"),
        QStringLiteral("PRAGMA application_id = %1").arg(kApplicationId),
        QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion),
    };
    for (const QString& sql : statements) {
        QSqlQuery q(db);
        if (!q.exec(sql)) {
            const StorageError error = sqlError(QStringLiteral("cannot create schema"), q.lastError());
            db.rollback();
            return error;
        }
    }
    if (!db.commit()) {
        const StorageError error = sqlError(QStringLiteral("cannot commit schema"), db.lastError());
        db.rollback();
        return error;
    }
    return std::nullopt;
}

StorageResult<QString> PriceHistory::moveAside(RecoveryWarning::Reason reason) const
{
    const QString kind
        = reason == RecoveryWarning::Reason::Foreign ? QStringLiteral("foreign") : QStringLiteral("corrupt");
    const QString stamp = m_clock.nowUtc().toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    const QString base = QStringLiteral("%1.%2-%3").arg(m_path, kind, stamp);
    QString target = base;
    // Two recoveries in the same second must not overwrite the first one's evidence.
    for (int n = 2; QFileInfo::exists(target) || QFileInfo::exists(target + QStringLiteral("-wal")); ++n) {
        target = QStringLiteral("%1-%2").arg(base).arg(n);
    }
    if (!QFile::rename(m_path, target)) {
        return StorageError {QStringLiteral("cannot move %1 aside to %2").arg(m_path, target)};
    }
    // A leftover -wal would otherwise be replayed into the new database.
    for (const QString& suffix : {QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        if (QFileInfo::exists(m_path + suffix) && !QFile::rename(m_path + suffix, target + suffix)) {
            return StorageError {QStringLiteral("cannot move %1 aside").arg(m_path + suffix)};
        }
    }
    return target;
}

void PriceHistory::dropConnection()
{
    if (!QSqlDatabase::contains(m_connectionName)) {
        return;
    }
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    } // removeDatabase wants no QSqlDatabase handle alive
    QSqlDatabase::removeDatabase(m_connectionName);
}

StorageResult<int> PriceHistory::append(const QList<api::Quote>& quotes)
{
    if (!m_open) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    if (!db.transaction()) {
        return sqlError(QStringLiteral("cannot begin append"), db.lastError());
    }
    int added = 0;
    {
        QSqlQuery q(db);
        if (!q.prepare(QStringLiteral("INSERT OR IGNORE INTO quotes"
                                      " (code, created_at, price, currency, unit, type, source, received_at)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"))) {
            const StorageError error = sqlError(QStringLiteral("cannot prepare append"), q.lastError());
            db.rollback();
            return error;
        }
        for (const api::Quote& quote : quotes) {
            if (quote.code.isEmpty() || !quote.createdAt.isValid()) {
                continue;
            }
            q.addBindValue(quote.code);
            q.addBindValue(quote.createdAt.toMSecsSinceEpoch());
            q.addBindValue(quote.price);
            q.addBindValue(quote.currency);
            q.addBindValue(quote.unit);
            q.addBindValue(quote.type);
            q.addBindValue(quote.source);
            q.addBindValue(toSql(quote.receivedAt));
            if (!q.exec()) {
                const StorageError error = sqlError(QStringLiteral("cannot append"), q.lastError());
                q.finish();
                db.rollback();
                return error;
            }
            added += q.numRowsAffected(); // 0 when the UNIQUE constraint ignored it
        }
    }
    if (!db.commit()) {
        const StorageError error = sqlError(QStringLiteral("cannot commit append"), db.lastError());
        db.rollback();
        return error;
    }
    return added;
}

StorageResult<QList<api::Quote>> PriceHistory::query(
    const QString& code, const QDateTime& from, const QDateTime& to, int limit, Order order) const
{
    if (!m_open) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QString sql = QStringLiteral("SELECT code, price, currency, unit, created_at, type, source, received_at"
                                 " FROM quotes WHERE code = ?");
    if (from.isValid()) {
        sql += QStringLiteral(" AND created_at >= ?");
    }
    if (to.isValid()) {
        sql += QStringLiteral(" AND created_at <= ?");
    }
    sql += order == Order::NewestFirst ? QStringLiteral(" ORDER BY created_at DESC")
                                       : QStringLiteral(" ORDER BY created_at ASC");
    sql += QStringLiteral(" LIMIT ?"); // SQLite reads a negative limit as none

    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        return sqlError(QStringLiteral("cannot prepare query"), q.lastError());
    }
    q.addBindValue(code);
    if (from.isValid()) {
        q.addBindValue(from.toMSecsSinceEpoch());
    }
    if (to.isValid()) {
        q.addBindValue(to.toMSecsSinceEpoch());
    }
    q.addBindValue(limit > 0 ? limit : -1);
    if (!q.exec()) {
        return sqlError(QStringLiteral("cannot query"), q.lastError());
    }
    QList<api::Quote> quotes;
    while (q.next()) {
        quotes.append(readQuote(q));
    }
    return quotes;
}

StorageResult<std::optional<api::Quote>> PriceHistory::latest(const QString& code) const
{
    auto result = query(code, {}, {}, 1, Order::NewestFirst);
    if (!result) {
        return result.error();
    }
    if (result.value().isEmpty()) {
        return std::optional<api::Quote> {};
    }
    return std::optional<api::Quote> {result.value().constFirst()};
}

StorageResult<QStringList> PriceHistory::codes() const
{
    if (!m_open) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT DISTINCT code FROM quotes ORDER BY code"))) {
        return sqlError(QStringLiteral("cannot list codes"), q.lastError());
    }
    QStringList result;
    while (q.next()) {
        result.append(q.value(0).toString());
    }
    return result;
}

StorageResult<int> PriceHistory::prune(const QDateTime& olderThan)
{
    if (!m_open) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    if (!olderThan.isValid()) {
        return StorageError {QStringLiteral("prune needs a valid cut-off time")};
    }
    QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
    if (!q.prepare(QStringLiteral("DELETE FROM quotes WHERE created_at < ?"))) {
        return sqlError(QStringLiteral("cannot prepare prune"), q.lastError());
    }
    q.addBindValue(olderThan.toMSecsSinceEpoch());
    if (!q.exec()) {
        return sqlError(QStringLiteral("cannot prune"), q.lastError());
    }
    return q.numRowsAffected();
}

StorageResult<int> PriceHistory::applyRetention(std::chrono::days keep)
{
    return prune(m_clock.nowUtc().addDays(-keep.count()));
}

} // namespace oilwatch::storage
