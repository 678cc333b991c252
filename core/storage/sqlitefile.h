#pragma once

#include "storage/storageresult.h"

#include <optional>

#include <QMap>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>
#include <QStringList>

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::storage {

// Why the file found at open could not be used and was moved aside. The UI shows it: data was lost from
// view, but the old file is kept for inspection.
struct RecoveryWarning
{
    enum class Reason
    {
        NotSqlite, // garbage or a truncated file
        Foreign, // a SQLite database that is not ours (application_id / user_version / schema)
        Damaged, // ours, but integrity_check or a read failed
    };
    Reason reason = Reason::NotSqlite;
    QString movedTo; // the new path of the old file
    QString message; // one human-readable line
};

struct OpenReport
{
    std::optional<RecoveryWarning> warning; // set when a clean database replaced an unusable file
    std::optional<int> migratedFrom; // the schema version the file had, when open() migrated it
};

// What makes a file one of ours: its identity stamps and the schema a new file gets.
struct SqliteFileKind
{
    qint32 applicationId = 0; // PRAGMA application_id; tells our files from other SQLite files
    int schemaVersion = 1; // PRAGMA user_version
    QStringList schema; // statements that create a new file's tables, run in one transaction
    // The statements that bring a file of schema N up to N + 1, by N. A file of an older schema is migrated
    // step by step in one transaction at open, after its integrity check, so an upgrade keeps the user's
    // data. A file no chain of steps leads from (older than the first step, or written by a newer app) is
    // moved aside as foreign, and so is one whose migration fails: its data is kept for inspection either
    // way.
    QMap<int, QStringList> migrations;
    QString description; // "price history": names the file in warnings and errors
};

// One of our SQLite files on disk, and the single place that decides whether a file found there is usable:
// it creates the folder (0700) and the file (0600), checks header, application_id, schema version and
// integrity at open, moves an unusable file aside under a timestamped name (never deletes it), turns on WAL
// and creates the schema in a new file.
// The QtSql connection belongs to the thread that called open() (a QtSql rule); each instance has its own
// connection name, so instances on any thread never share or replace a connection.
class SqliteFile
{
public:
    // The most memory SQLite's page cache takes per connection (see configure()).
    static constexpr int kPageCacheKiB = 256;

    SqliteFile(QString path, const util::Clock& clock, SqliteFileKind kind);
    ~SqliteFile();
    SqliteFile(const SqliteFile&) = delete;
    SqliteFile& operator=(const SqliteFile&) = delete;

    StorageResult<OpenReport> open();
    void close();
    bool isOpen() const { return m_open; }
    QString path() const { return m_path; }
    const SqliteFileKind& kind() const { return m_kind; }
    // The open connection; invalid when closed.
    QSqlDatabase database() const;

private:
    enum class Check
    {
        Usable,
        Outdated, // usable once migrated from `version`
        Empty,
        Unusable
    };
    struct Verdict
    {
        Check check = Check::Usable;
        RecoveryWarning::Reason reason = RecoveryWarning::Reason::Damaged;
        QString detail;
        int version = 0;
    };

    std::optional<StorageError> prepareFile() const;
    std::optional<StorageError> openConnection();
    Verdict inspect() const;
    std::optional<StorageError> configure() const;
    std::optional<StorageError> createSchema() const;
    bool canMigrateFrom(int version) const;
    std::optional<StorageError> migrate(int fromVersion) const;
    // Moves the unusable file aside and opens a new, empty one in its place.
    std::optional<StorageError> replaceUnusable(const Verdict& verdict, OpenReport& report);
    StorageResult<QString> moveAside(RecoveryWarning::Reason reason) const;
    void dropConnection();

    QString m_path;
    const util::Clock& m_clock;
    SqliteFileKind m_kind;
    QString m_connectionName;
    bool m_open = false;
};

// "<what>: <driver text>", the one shape of every SQL failure message.
StorageError sqlError(const QString& what, const QSqlError& error);

// Runs a statement that returns one value (PRAGMAs, counts). An invalid QVariant means it failed.
QVariant sqlScalar(const QSqlDatabase& db, const QString& sql, QString* error = nullptr);

// Runs `work` inside a transaction on `db`: commits when it returns no error, rolls back and passes its error
// on otherwise. `what` names the work in the error ("append").
template <class Work>
std::optional<StorageError> inTransaction(QSqlDatabase db, const QString& what, Work work)
{
    if (!db.transaction()) {
        return sqlError(QStringLiteral("cannot begin %1").arg(what), db.lastError());
    }
    if (std::optional<StorageError> error = work()) {
        db.rollback();
        return error;
    }
    if (!db.commit()) {
        const StorageError error = sqlError(QStringLiteral("cannot commit %1").arg(what), db.lastError());
        db.rollback();
        return error;
    }
    return std::nullopt;
}

} // namespace oilwatch::storage
