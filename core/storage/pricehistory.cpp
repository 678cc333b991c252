#include "storage/pricehistory.h"

#include "util/clock.h"
#include "util/utc.h"

#include <algorithm>
#include <cmath>

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace oilwatch::storage {

namespace {

QVariant toSql(const QDateTime& time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant(QMetaType::fromType<qint64>());
}

QDateTime fromSql(const QVariant& value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), util::utc());
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
    quote.origin = api::Origin::fromId(q.value(8).toString());
    return quote;
}

} // namespace

namespace {

QString quotesTable(const QString& name)
{
    return QStringLiteral("CREATE TABLE %1 ("
                          " code TEXT NOT NULL,"
                          " origin TEXT NOT NULL,"
                          " created_at INTEGER NOT NULL," // ms since the epoch, UTC
                          " price REAL NOT NULL,"
                          " currency TEXT,"
                          " unit TEXT,"
                          " type TEXT,"
                          " source TEXT,"
                          " received_at INTEGER,"
                          " PRIMARY KEY (code, origin, created_at))"
                          " WITHOUT ROWID")
        .arg(name);
}

// " AND origin = ?" when the filter names one origin; bindOrigin() adds its value in the same place.
QString originClause(const OriginFilter& origins)
{
    return origins.isAll() ? QString() : QStringLiteral(" AND origin = ?");
}

// " AND created_at >= ?" and " AND created_at <= ?" for the ends of a range that are set; bindRange() adds
// their values in the same order, after bindOrigin().
QString rangeClause(const QDateTime& from, const QDateTime& to)
{
    QString sql;
    if (from.isValid())
        sql += QStringLiteral(" AND created_at >= ?");
    if (to.isValid())
        sql += QStringLiteral(" AND created_at <= ?");
    return sql;
}

void bindRange(QSqlQuery& q, const QDateTime& from, const QDateTime& to)
{
    if (from.isValid())
        q.addBindValue(from.toMSecsSinceEpoch());
    if (to.isValid())
        q.addBindValue(to.toMSecsSinceEpoch());
}

void bindOrigin(QSqlQuery& q, const OriginFilter& origins)
{
    if (!origins.isAll())
        q.addBindValue(origins.origin()->id());
}

// Rejected quotes. No NOT NULL on the quote's fields: what the API sent is kept as it came, a NaN price
// (stored as NULL) included. The UNIQUE constraint keeps one row per distinct rejected answer.
QStringList quarantineSchema()
{
    return {QStringLiteral("CREATE TABLE quarantine ("
                           " origin TEXT NOT NULL,"
                           " code TEXT NOT NULL,"
                           " created_at INTEGER," // ms since the epoch, UTC
                           " price REAL,"
                           " unit TEXT,"
                           " currency TEXT,"
                           " type TEXT,"
                           " source TEXT,"
                           " received_at INTEGER,"
                           " rules TEXT NOT NULL," // rule names, comma-separated
                           " message TEXT NOT NULL,"
                           " detected_at INTEGER NOT NULL,"
                           " UNIQUE (origin, code, created_at, price, rules))"),
        QStringLiteral("CREATE INDEX quarantine_by_time ON quarantine (detected_at)")};
}

SqliteFileKind historyFileKind()
{
    SqliteFileKind kind;
    kind.applicationId = PriceHistory::kApplicationId;
    kind.schemaVersion = PriceHistory::kSchemaVersion;
    kind.description = QStringLiteral("price history");
    // The primary key (code, created_at) is the deduplication rule, and WITHOUT ROWID stores the rows in its
    // order: one code's time range, what every chart asks for, is one contiguous run of pages. With a rowid
    // table and a separate index, a year of one code among ten meant reading nearly the whole file.
    // The origin sits between code and time in the key: one code's series from one server stays one
    // contiguous run, and a read of every origin (--origin all) still finds a code's rows together.
    kind.schema = QStringList {quotesTable(QStringLiteral("quotes"))} + quarantineSchema();
    // 2 -> 3: rows from before origins were recorded may be the simulator's or any server's: "unknown".
    kind.migrations.insert(2,
        {quotesTable(QStringLiteral("quotes_v3")),
            QStringLiteral("INSERT INTO quotes_v3"
                           " (code, origin, created_at, price, currency, unit, type, source, received_at)"
                           " SELECT code, 'unknown', created_at, price, currency, unit, type, source,"
                           " received_at FROM quotes"),
            QStringLiteral("DROP TABLE quotes"), QStringLiteral("ALTER TABLE quotes_v3 RENAME TO quotes")});
    // 3 -> 4: rejected quotes were not kept before; the table starts empty.
    kind.migrations.insert(3, quarantineSchema());
    return kind;
}

} // namespace

PriceHistory::PriceHistory(QString path, const util::Clock& clock)
    : m_file(std::move(path), clock, historyFileKind())
    , m_clock(clock)
{ }

StorageResult<OpenReport> PriceHistory::open()
{
    return m_file.open();
}

void PriceHistory::close()
{
    m_file.close();
}

StorageResult<int> PriceHistory::append(const QList<api::Quote>& quotes)
{
    if (!m_file.isOpen()) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QSqlDatabase db = m_file.database();
    int added = 0;
    const auto error = inTransaction(db, QStringLiteral("append"), [&]() -> std::optional<StorageError> {
        QSqlQuery q(db);
        if (!q.prepare(QStringLiteral("INSERT OR IGNORE INTO quotes"
                                      " (code, origin, created_at, price, currency, unit, type, source,"
                                      " received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
            return sqlError(QStringLiteral("cannot prepare append"), q.lastError());
        }
        for (const api::Quote& quote : quotes) {
            if (quote.code.isEmpty() || !quote.createdAt.isValid()) {
                continue;
            }
            q.addBindValue(quote.code);
            q.addBindValue(quote.origin.id());
            q.addBindValue(quote.createdAt.toMSecsSinceEpoch());
            q.addBindValue(quote.price);
            q.addBindValue(quote.currency);
            q.addBindValue(quote.unit);
            q.addBindValue(quote.type);
            q.addBindValue(quote.source);
            q.addBindValue(toSql(quote.receivedAt));
            if (!q.exec()) {
                return sqlError(QStringLiteral("cannot append"), q.lastError());
            }
            added += q.numRowsAffected(); // 0 when the primary key ignored it as a duplicate
        }
        return std::nullopt;
    });
    if (error) {
        return *error;
    }
    return added;
}

StorageResult<QList<api::Quote>> PriceHistory::query(const OriginFilter& origins, const QString& code,
    const QDateTime& from, const QDateTime& to, int limit, Order order) const
{
    if (!m_file.isOpen()) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QString sql = QStringLiteral("SELECT code, price, currency, unit, created_at, type, source, received_at,"
                                 " origin FROM quotes WHERE code = ?")
        + originClause(origins);
    sql += rangeClause(from, to);
    sql += order == Order::NewestFirst ? QStringLiteral(" ORDER BY created_at DESC")
                                       : QStringLiteral(" ORDER BY created_at ASC");
    sql += QStringLiteral(" LIMIT ?"); // SQLite reads a negative limit as none

    QSqlQuery q(m_file.database());
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        return sqlError(QStringLiteral("cannot prepare query"), q.lastError());
    }
    q.addBindValue(code);
    bindOrigin(q, origins);
    bindRange(q, from, to);
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

StorageResult<std::optional<api::Quote>> PriceHistory::latest(
    const OriginFilter& origins, const QString& code) const
{
    auto result = query(origins, code, {}, {}, 1, Order::NewestFirst);
    if (!result) {
        return result.error();
    }
    if (result.value().isEmpty()) {
        return std::optional<api::Quote> {};
    }
    return std::optional<api::Quote> {result.value().constFirst()};
}

StorageResult<QList<PriceBucket>> PriceHistory::downsample(const OriginFilter& origins, const QString& code,
    const QDateTime& from, const QDateTime& to, int buckets) const
{
    if (!m_file.isOpen()) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    if (!from.isValid() || !to.isValid() || to < from || buckets < 1) {
        return StorageError {QStringLiteral("downsample needs a valid range and at least one bucket")};
    }
    const qint64 fromMs = from.toMSecsSinceEpoch();
    const qint64 toMs = to.toMSecsSinceEpoch();
    const qint64 widthMs = std::max<qint64>(1, (toMs - fromMs + buckets - 1) / buckets); // rounded up
    // Only the two numeric columns, in index order: the strings of a full Quote are what makes a raw
    // year-long query slow, and a chart needs none of them.
    QSqlQuery q(m_file.database());
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT created_at, price FROM quotes WHERE code = ?")
            + originClause(origins)
            + QStringLiteral(" AND created_at >= ? AND created_at <= ? ORDER BY created_at ASC"))) {
        return sqlError(QStringLiteral("cannot prepare downsample"), q.lastError());
    }
    q.addBindValue(code);
    bindOrigin(q, origins);
    q.addBindValue(fromMs);
    q.addBindValue(toMs);
    if (!q.exec()) {
        return sqlError(QStringLiteral("cannot downsample"), q.lastError());
    }
    QList<PriceBucket> result;
    qint64 index = -1;
    while (q.next()) {
        const qint64 at = q.value(0).toLongLong();
        const double price = q.value(1).toDouble();
        // The range's end itself belongs to the last bucket.
        const qint64 slot = std::min<qint64>((at - fromMs) / widthMs, buckets - 1);
        if (slot != index) {
            index = slot;
            PriceBucket bucket;
            bucket.start = QDateTime::fromMSecsSinceEpoch(fromMs + slot * widthMs, util::utc());
            bucket.end = QDateTime::fromMSecsSinceEpoch(
                slot == buckets - 1 ? toMs : std::min(toMs, fromMs + (slot + 1) * widthMs), util::utc());
            bucket.first = bucket.low = bucket.high = price;
            result.append(bucket);
        }
        PriceBucket& bucket = result.last();
        bucket.low = std::min(bucket.low, price);
        bucket.high = std::max(bucket.high, price);
        bucket.last = price;
        ++bucket.count;
    }
    return result;
}

StorageResult<QList<util::SeriesPoint>> PriceHistory::points(
    const OriginFilter& origins, const QString& code, const QDateTime& from, const QDateTime& to) const
{
    if (!m_file.isOpen()) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QString sql
        = QStringLiteral("SELECT created_at, price FROM quotes WHERE code = ?") + originClause(origins);
    sql += rangeClause(from, to);
    sql += QStringLiteral(" ORDER BY created_at ASC");
    QSqlQuery q(m_file.database());
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        return sqlError(QStringLiteral("cannot prepare the point query"), q.lastError());
    }
    q.addBindValue(code);
    bindOrigin(q, origins);
    bindRange(q, from, to);
    if (!q.exec()) {
        return sqlError(QStringLiteral("cannot read points"), q.lastError());
    }
    QList<util::SeriesPoint> result;
    while (q.next()) {
        result.append({static_cast<double>(q.value(0).toLongLong()), q.value(1).toDouble()});
    }
    return result;
}

StorageResult<QStringList> PriceHistory::codes(const OriginFilter& origins) const
{
    if (!m_file.isOpen()) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QSqlQuery q(m_file.database());
    q.setForwardOnly(true);
    const QString where = origins.isAll() ? QString() : QStringLiteral(" WHERE origin = ?");
    if (!q.prepare(
            QStringLiteral("SELECT DISTINCT code FROM quotes") + where + QStringLiteral(" ORDER BY code"))) {
        return sqlError(QStringLiteral("cannot prepare the code list"), q.lastError());
    }
    bindOrigin(q, origins);
    if (!q.exec()) {
        return sqlError(QStringLiteral("cannot list codes"), q.lastError());
    }
    QStringList result;
    while (q.next()) {
        result.append(q.value(0).toString());
    }
    return result;
}

StorageResult<QList<api::Origin>> PriceHistory::storedOrigins() const
{
    if (!m_file.isOpen()) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QSqlQuery q(m_file.database());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT DISTINCT origin FROM quotes ORDER BY origin"))) {
        return sqlError(QStringLiteral("cannot list origins"), q.lastError());
    }
    QList<api::Origin> result;
    while (q.next()) {
        result.append(api::Origin::fromId(q.value(0).toString()));
    }
    return result;
}

StorageResult<int> PriceHistory::appendQuarantined(const QList<QuarantineRecord>& records)
{
    if (!m_file.isOpen()) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QSqlDatabase db = m_file.database();
    int added = 0;
    const auto error = inTransaction(db, QStringLiteral("quarantine"), [&]() -> std::optional<StorageError> {
        QSqlQuery q(db);
        if (!q.prepare(QStringLiteral("INSERT OR IGNORE INTO quarantine"
                                      " (origin, code, created_at, price, unit, currency, type, source,"
                                      " received_at, rules, message, detected_at)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
            return sqlError(QStringLiteral("cannot prepare quarantine"), q.lastError());
        }
        for (const QuarantineRecord& record : records) {
            const api::Quote& quote = record.quote;
            q.addBindValue(quote.origin.id());
            q.addBindValue(quote.code);
            q.addBindValue(toSql(quote.createdAt));
            q.addBindValue(
                std::isfinite(quote.price) ? QVariant(quote.price) : QVariant(QMetaType::fromType<double>()));
            q.addBindValue(quote.unit);
            q.addBindValue(quote.currency);
            q.addBindValue(quote.type);
            q.addBindValue(quote.source);
            q.addBindValue(toSql(quote.receivedAt));
            q.addBindValue(record.rules.join(QLatin1Char(',')));
            q.addBindValue(record.message);
            q.addBindValue(toSql(record.detectedAt.isValid() ? record.detectedAt : m_clock.nowUtc()));
            if (!q.exec()) {
                return sqlError(QStringLiteral("cannot quarantine"), q.lastError());
            }
            added += q.numRowsAffected();
        }
        return std::nullopt;
    });
    if (error) {
        return *error;
    }
    return added;
}

StorageResult<QList<QuarantineRecord>> PriceHistory::quarantined(
    const OriginFilter& origins, const QStringList& codes, int limit) const
{
    if (!m_file.isOpen()) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    QString sql = QStringLiteral("SELECT origin, code, created_at, price, unit, currency, type, source,"
                                 " received_at, rules, message, detected_at FROM quarantine WHERE 1")
        + originClause(origins);
    if (!codes.isEmpty()) {
        QStringList marks(codes.size(), QStringLiteral("?"));
        sql += QStringLiteral(" AND code IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    sql += QStringLiteral(" ORDER BY detected_at DESC, rowid DESC LIMIT ?");
    QSqlQuery q(m_file.database());
    q.setForwardOnly(true);
    if (!q.prepare(sql)) {
        return sqlError(QStringLiteral("cannot prepare the quarantine query"), q.lastError());
    }
    bindOrigin(q, origins);
    for (const QString& code : codes) {
        q.addBindValue(code);
    }
    q.addBindValue(limit > 0 ? limit : -1);
    if (!q.exec()) {
        return sqlError(QStringLiteral("cannot read the quarantine"), q.lastError());
    }
    QList<QuarantineRecord> records;
    while (q.next()) {
        QuarantineRecord record;
        record.quote.origin = api::Origin::fromId(q.value(0).toString());
        record.quote.code = q.value(1).toString();
        record.quote.createdAt = fromSql(q.value(2));
        record.quote.price = q.value(3).isNull() ? std::nan("") : q.value(3).toDouble();
        record.quote.unit = q.value(4).toString();
        record.quote.currency = q.value(5).toString();
        record.quote.type = q.value(6).toString();
        record.quote.source = q.value(7).toString();
        record.quote.receivedAt = fromSql(q.value(8));
        record.rules = q.value(9).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        record.message = q.value(10).toString();
        record.detectedAt = fromSql(q.value(11));
        records.append(record);
    }
    return records;
}

StorageResult<int> PriceHistory::prune(const QDateTime& olderThan)
{
    if (!m_file.isOpen()) {
        return StorageError {QStringLiteral("price history is not open")};
    }
    if (!olderThan.isValid()) {
        return StorageError {QStringLiteral("prune needs a valid cut-off time")};
    }
    QSqlQuery q(m_file.database());
    if (!q.prepare(QStringLiteral("DELETE FROM quotes WHERE created_at < ?"))) {
        return sqlError(QStringLiteral("cannot prepare prune"), q.lastError());
    }
    q.addBindValue(olderThan.toMSecsSinceEpoch());
    if (!q.exec()) {
        return sqlError(QStringLiteral("cannot prune"), q.lastError());
    }
    const int removed = q.numRowsAffected();
    QSqlQuery quarantine(m_file.database());
    if (!quarantine.prepare(QStringLiteral("DELETE FROM quarantine WHERE detected_at < ?"))) {
        return sqlError(QStringLiteral("cannot prepare the quarantine prune"), quarantine.lastError());
    }
    quarantine.addBindValue(olderThan.toMSecsSinceEpoch());
    if (!quarantine.exec()) {
        return sqlError(QStringLiteral("cannot prune the quarantine"), quarantine.lastError());
    }
    return removed;
}

StorageResult<int> PriceHistory::applyRetention(std::chrono::days keep)
{
    return prune(m_clock.nowUtc().addDays(-keep.count()));
}

} // namespace oilwatch::storage
