#pragma once

#include "api/quote.h"
#include "storage/storageresult.h"

#include <chrono>
#include <optional>

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::storage {

// Why the file found at open could not be used and was moved aside. The UI shows it: history was lost from
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
};

enum class Order
{
    NewestFirst,
    OldestFirst
};

// Every quote we ever received, in a SQLite file, so that charts survive restarts.
// An instance and its QtSql connection belong to the thread that opened it (a QtSql rule); use one instance
// per thread. Each instance has its own connection name, so instances never share or replace a connection.
class PriceHistory
{
public:
    static constexpr qint32 kApplicationId = 0x4F574831; // "OWH1": tells our files from other SQLite files
    static constexpr int kSchemaVersion = 1;
    static constexpr std::chrono::days kDefaultRetention {365};

    // The clock stamps the name of a moved-aside file and drives applyRetention().
    PriceHistory(QString path, const util::Clock& clock);
    ~PriceHistory();
    PriceHistory(const PriceHistory&) = delete;
    PriceHistory& operator=(const PriceHistory&) = delete;

    StorageResult<OpenReport> open();
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }

    // Adds the quotes not stored yet (identity: code + createdAt) in one transaction; returns how many were
    // new. Quotes without a code or a valid createdAt cannot be identified and are skipped.
    StorageResult<int> append(const QList<api::Quote>& quotes);

    // Quotes of one code with from <= createdAt <= to; an invalid bound is open, limit <= 0 means no limit.
    StorageResult<QList<api::Quote>> query(const QString& code, const QDateTime& from, const QDateTime& to,
        int limit = 0, Order order = Order::NewestFirst) const;
    StorageResult<std::optional<api::Quote>> latest(const QString& code) const;
    StorageResult<QStringList> codes() const;

    // Deletes quotes created before olderThan; returns how many were removed.
    StorageResult<int> prune(const QDateTime& olderThan);
    StorageResult<int> applyRetention(std::chrono::days keep = kDefaultRetention);

private:
    enum class Check
    {
        Usable,
        Empty,
        Unusable
    };
    struct Verdict
    {
        Check check = Check::Usable;
        RecoveryWarning::Reason reason = RecoveryWarning::Reason::Damaged;
        QString detail;
    };

    std::optional<StorageError> prepareFile() const;
    std::optional<StorageError> openConnection();
    Verdict inspect() const;
    std::optional<StorageError> configure() const;
    std::optional<StorageError> createSchema() const;
    StorageResult<QString> moveAside(RecoveryWarning::Reason reason) const;
    void dropConnection();

    QString m_path;
    const util::Clock& m_clock;
    QString m_connectionName;
    bool m_open = false;
};

} // namespace oilwatch::storage
