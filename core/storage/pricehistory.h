#pragma once

#include "api/quote.h"
#include "storage/sqlitefile.h"
#include "storage/storageresult.h"
#include "util/lttb.h"

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

// The quotes of one slice of time, summarised for a chart: first, low, high and last price.
struct PriceBucket
{
    QDateTime start; // UTC, inclusive
    QDateTime end; // UTC, exclusive (inclusive for the last bucket, whose end is the range's end)
    double first = 0.0;
    double low = 0.0;
    double high = 0.0;
    double last = 0.0;
    int count = 0;
};

// Which origins a read covers: the one being watched (what the chart, `history` and exports show unless
// told otherwise) or every origin at once (`--origin all`). There is no default: each reader says which.
class OriginFilter
{
public:
    static OriginFilter all() { return OriginFilter(std::nullopt); }
    static OriginFilter only(api::Origin origin) { return OriginFilter(std::move(origin)); }

    bool isAll() const { return !m_origin.has_value(); }
    // Set unless isAll().
    const std::optional<api::Origin>& origin() const { return m_origin; }

private:
    explicit OriginFilter(std::optional<api::Origin> origin)
        : m_origin(std::move(origin))
    { }

    std::optional<api::Origin> m_origin;
};

// A quote the validator rejected, kept for review and export (table quarantine, schema 4). Storage knows
// nothing of the rules: it keeps their names as validation::ruleName spells them.
struct QuarantineRecord
{
    api::Quote quote; // as received: origin, code, created_at, price, unit, currency, source
    QStringList rules; // the names of the rules it broke, e.g. {"spike"}
    QString message; // what the rules said, for a person; plain text
    QDateTime detectedAt; // our clock, UTC
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
    // 2: clustered by (code, created_at). 3: every row has its origin; rows of version 2 files migrate as
    // "unknown". 4: the quarantine table (rejected quotes); a version 3 file gains it, empty.
    static constexpr int kSchemaVersion = 4;
    static constexpr std::chrono::days kDefaultRetention {365};

    // The clock stamps the name of a moved-aside file and drives applyRetention().
    PriceHistory(QString path, const util::Clock& clock);
    PriceHistory(const PriceHistory&) = delete;
    PriceHistory& operator=(const PriceHistory&) = delete;

    StorageResult<OpenReport> open();
    void close();
    bool isOpen() const { return m_file.isOpen(); }
    QString path() const { return m_file.path(); }

    // Adds the quotes not stored yet (identity: code + origin + createdAt) in one transaction; returns how
    // many were new. Quotes without a code or a valid createdAt cannot be identified and are skipped.
    StorageResult<int> append(const QList<api::Quote>& quotes);

    // Quotes of one code with from <= createdAt <= to; an invalid bound is open, limit <= 0 means no limit.
    // Under OriginFilter::all(), quotes of several origins at the same time are all returned.
    StorageResult<QList<api::Quote>> query(const OriginFilter& origins, const QString& code,
        const QDateTime& from, const QDateTime& to, int limit = 0, Order order = Order::NewestFirst) const;
    StorageResult<std::optional<api::Quote>> latest(const OriginFilter& origins, const QString& code) const;
    // The same range cut into `buckets` equal slices of time, oldest first, empty slices left out: what a
    // chart of a wide window draws, without reading every quote into memory. Both bounds must be valid.
    StorageResult<QList<PriceBucket>> downsample(const OriginFilter& origins, const QString& code,
        const QDateTime& from, const QDateTime& to, int buckets) const;
    // Time (ms since the epoch) and price of every quote in from <= created_at <= to (an invalid bound is
    // open), oldest first: what an interactive chart holds. Only the two numeric columns are read, so a year
    // of minute data costs megabytes, not the strings of half a million Quotes.
    StorageResult<QList<util::SeriesPoint>> points(
        const OriginFilter& origins, const QString& code, const QDateTime& from, const QDateTime& to) const;
    StorageResult<QStringList> codes(const OriginFilter& origins) const;
    // Every origin with stored rows, "unknown" included when a migrated file has some.
    StorageResult<QList<api::Origin>> storedOrigins() const;

    // Keeps rejected quotes for review. The same rejected answer seen again (same origin, code, created_at,
    // price and rules: a poller meets a bad tick until the next one) is kept once. Returns how many were new.
    StorageResult<int> appendQuarantined(const QList<QuarantineRecord>& records);
    // Newest detection first; `codes` empty means every code; limit <= 0 means no limit.
    StorageResult<QList<QuarantineRecord>> quarantined(
        const OriginFilter& origins, const QStringList& codes, int limit = 0) const;

    // Deletes quotes created before olderThan, and quarantined ones detected before it; returns how many
    // price rows were removed.
    StorageResult<int> prune(const QDateTime& olderThan);
    StorageResult<int> applyRetention(std::chrono::days keep = kDefaultRetention);

private:
    SqliteFile m_file;
    const util::Clock& m_clock;
};

} // namespace oilwatch::storage
