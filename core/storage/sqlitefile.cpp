#include "storage/sqlitefile.h"

#include "util/clock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
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

StorageError sqlError(const QString& what, const QSqlError& error)
{
    return StorageError {QStringLiteral("%1: %2").arg(what, error.text())};
}

QVariant sqlScalar(const QSqlDatabase& db, const QString& sql, QString* error)
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

SqliteFile::SqliteFile(QString path, const util::Clock& clock, SqliteFileKind kind)
    : m_path(std::move(path))
    , m_clock(clock)
    , m_kind(std::move(kind))
    // QtSql connections are process-global by name: a UUID keeps instances on any thread apart.
    , m_connectionName(
          QStringLiteral("oilwatch.sqlitefile.") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{ }

SqliteFile::~SqliteFile()
{
    close();
}

QSqlDatabase SqliteFile::database() const
{
    return m_open ? QSqlDatabase::database(m_connectionName, false) : QSqlDatabase();
}

StorageResult<OpenReport> SqliteFile::open()
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
        if (auto error = replaceUnusable(verdict, report)) {
            return *error;
        }
        verdict = Verdict {Check::Empty, {}, {}, 0};
    }
    if (auto error = configure()) {
        dropConnection();
        return *error;
    }
    if (verdict.check == Check::Outdated) {
        if (auto failed = migrate(verdict.version)) {
            const Verdict unusable {Check::Unusable, RecoveryWarning::Reason::Foreign,
                QStringLiteral("migration from schema %1 failed: %2")
                    .arg(verdict.version)
                    .arg(failed->message),
                verdict.version};
            if (auto error = replaceUnusable(unusable, report)) {
                return *error;
            }
            if (auto error = configure()) {
                dropConnection();
                return *error;
            }
            verdict = Verdict {Check::Empty, {}, {}, 0};
        } else {
            report.migratedFrom = verdict.version;
        }
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

std::optional<StorageError> SqliteFile::replaceUnusable(const Verdict& verdict, OpenReport& report)
{
    // Never delete what we cannot read: the user's data may still be recoverable by hand.
    dropConnection();
    auto moved = moveAside(verdict.reason);
    if (!moved) {
        return moved.error();
    }
    report.warning = RecoveryWarning {verdict.reason, moved.value(),
        QStringLiteral("The %1 %2 (%3); it was moved to %4 and a new one was started.")
            .arg(m_kind.description, reasonText(verdict.reason), verdict.detail, moved.value())};
    if (auto error = prepareFile()) {
        return error;
    }
    if (auto error = openConnection()) {
        return error;
    }
    const Verdict fresh = inspect();
    if (fresh.check != Check::Empty) {
        dropConnection();
        return StorageError {
            QStringLiteral("a fresh %1 could not be created: %2").arg(m_kind.description, fresh.detail)};
    }
    return std::nullopt;
}

void SqliteFile::close()
{
    m_open = false;
    dropConnection();
}

std::optional<StorageError> SqliteFile::prepareFile() const
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

std::optional<StorageError> SqliteFile::openConnection()
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

SqliteFile::Verdict SqliteFile::inspect() const
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
    const QVariant appId = sqlScalar(db, QStringLiteral("PRAGMA application_id"), &error);
    const QVariant version = sqlScalar(db, QStringLiteral("PRAGMA user_version"), &error);
    const QVariant tables = sqlScalar(db, QStringLiteral("SELECT count(*) FROM sqlite_master"), &error);
    if (!appId.isValid() || !version.isValid() || !tables.isValid()) {
        return {Check::Unusable, RecoveryWarning::Reason::Damaged, error};
    }
    if (appId.toLongLong() == 0 && version.toLongLong() == 0 && tables.toLongLong() == 0) {
        return {Check::Empty, {}, {}}; // a valid SQLite file with nothing in it yet
    }
    if (appId.toLongLong() != m_kind.applicationId) {
        return {Check::Unusable, RecoveryWarning::Reason::Foreign,
            QStringLiteral("application_id %1").arg(appId.toLongLong())};
    }
    const int fileVersion = static_cast<int>(version.toLongLong());
    if (fileVersion != m_kind.schemaVersion && !canMigrateFrom(fileVersion)) {
        return {Check::Unusable, RecoveryWarning::Reason::Foreign,
            QStringLiteral("schema version %1, expected %2").arg(fileVersion).arg(m_kind.schemaVersion)};
    }
    // A full check costs a read of the whole file, once per start: worth it to never chart damaged data.
    const QVariant integrity = sqlScalar(db, QStringLiteral("PRAGMA integrity_check(1)"), &error);
    if (!integrity.isValid()) {
        return {Check::Unusable, RecoveryWarning::Reason::Damaged, error};
    }
    if (integrity.toString() != QLatin1String("ok")) {
        return {Check::Unusable, RecoveryWarning::Reason::Damaged, integrity.toString()};
    }
    if (fileVersion != m_kind.schemaVersion) {
        return {Check::Outdated, {}, {}, fileVersion};
    }
    return {Check::Usable, {}, {}};
}

bool SqliteFile::canMigrateFrom(int version) const
{
    if (version <= 0 || version >= m_kind.schemaVersion) {
        return false;
    }
    for (int step = version; step < m_kind.schemaVersion; ++step) {
        if (!m_kind.migrations.contains(step)) {
            return false;
        }
    }
    return true;
}

std::optional<StorageError> SqliteFile::migrate(int fromVersion) const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QStringList statements;
    for (int step = fromVersion; step < m_kind.schemaVersion; ++step) {
        statements << m_kind.migrations.value(step);
    }
    statements << QStringLiteral("PRAGMA user_version = %1").arg(m_kind.schemaVersion);
    return inTransaction(db, QStringLiteral("migration"), [&]() -> std::optional<StorageError> {
        for (const QString& sql : std::as_const(statements)) {
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                return sqlError(QStringLiteral("cannot migrate"), q.lastError());
            }
        }
        return std::nullopt;
    });
}

std::optional<StorageError> SqliteFile::configure() const
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
    // SQLite keeps every page it touched until its cache is full (2000 KiB per connection by default), so a
    // file the feed appends to makes the dashboard grow by what it writes (about 20 KB a minute) for an hour
    // and a half. Our reads are sequential range scans that the OS file cache serves as well.
    if (!q.exec(QStringLiteral("PRAGMA cache_size = -%1").arg(kPageCacheKiB))) {
        return sqlError(QStringLiteral("cannot set the page cache size"), q.lastError());
    }
    return std::nullopt;
}

std::optional<StorageError> SqliteFile::createSchema() const
{
    QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
    QStringList statements = m_kind.schema;
    statements << QStringLiteral("PRAGMA application_id = %1").arg(m_kind.applicationId)
               << QStringLiteral("PRAGMA user_version = %1").arg(m_kind.schemaVersion);
    return inTransaction(db, QStringLiteral("schema"), [&]() -> std::optional<StorageError> {
        for (const QString& sql : statements) {
            QSqlQuery q(db);
            if (!q.exec(sql)) {
                return sqlError(QStringLiteral("cannot create schema"), q.lastError());
            }
        }
        return std::nullopt;
    });
}

StorageResult<QString> SqliteFile::moveAside(RecoveryWarning::Reason reason) const
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

void SqliteFile::dropConnection()
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

} // namespace oilwatch::storage
