#include "watchlisttablemodel.h"

#include "displayformat.h"
#include "util/clock.h"

namespace oilwatch::ui {

WatchlistTableModel::WatchlistTableModel(const util::Clock& clock, QObject* parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
{ }

void WatchlistTableModel::setCodes(const QStringList& codes)
{
    beginResetModel();
    m_codes = codes;
    for (auto it = m_rows.begin(); it != m_rows.end();) {
        if (!codes.contains(it.key()))
            it = m_rows.erase(it);
        else
            ++it;
    }
    endResetModel();
}

void WatchlistTableModel::appendPoint(Row& row, double price)
{
    row.spark.append(price);
    if (row.spark.size() > kSparkPoints)
        row.spark.remove(0, row.spark.size() - kSparkPoints);
}

void WatchlistTableModel::addQuote(const api::Quote& quote, const api::FetchInfo& info)
{
    const qsizetype at = m_codes.indexOf(quote.code);
    if (at < 0)
        return;
    Row& row = m_rows[quote.code];
    // The same observation served again from the cache is not a new point, nor a change.
    const bool same = row.quote && row.quote->createdAt == quote.createdAt && row.quote->price == quote.price;
    if (!same) {
        if (row.quote)
            row.previous = row.quote->price;
        if (info.servedFrom != api::ServedFrom::Stale)
            appendPoint(row, quote.price);
    }
    row.quote = quote;
    row.servedFrom = info.servedFrom;
    row.fetchedAt = m_clock.nowUtc().addMSecs(-info.ageMs);
    Q_EMIT dataChanged(index(int(at), 0), index(int(at), ColumnCount - 1));
}

void WatchlistTableModel::seedHistory(const QString& code, const QList<api::Quote>& quotesOldestFirst)
{
    const qsizetype at = m_codes.indexOf(code);
    if (at < 0)
        return;
    Row& row = m_rows[code];
    if (!row.spark.isEmpty())
        return;
    for (const api::Quote& quote : quotesOldestFirst)
        appendPoint(row, quote.price);
    Q_EMIT dataChanged(index(int(at), Trend), index(int(at), Trend));
}

void WatchlistTableModel::refreshAges()
{
    if (!m_codes.isEmpty())
        Q_EMIT dataChanged(index(0, Age), index(int(m_codes.size()) - 1, Age), {Qt::DisplayRole});
}

int WatchlistTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_codes.size());
}

int WatchlistTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString WatchlistTableModel::text(const QString& code, const Row& row, int column) const
{
    switch (column) {
    case Commodity:
        return displayName(code);
    case Price:
        if (!row.quote)
            return QStringLiteral("—");
        return formatMoney(row.quote->price, effectiveCurrency(row.quote->currency, code),
                   priceDecimals(row.quote->price))
            + (row.quote->unit.isEmpty() ? QString() : QStringLiteral(" / ") + formatUnit(row.quote->unit));
    case Change: {
        if (!row.quote || !row.previous)
            return {};
        const double delta = row.quote->price - *row.previous;
        const double percent = *row.previous != 0.0 ? 100.0 * delta / *row.previous : 0.0;
        const QString sign = delta > 0 ? QStringLiteral("+") : delta < 0 ? QStringLiteral("−") : QString();
        return QStringLiteral("%1%2 (%1%3%)")
            .arg(sign, formatNumber(std::abs(delta), priceDecimals(row.quote->price)),
                formatNumber(std::abs(percent), 2));
    }
    case Age:
        if (!row.fetchedAt.isValid())
            return {};
        return formatDuration(std::max<qint64>(0, row.fetchedAt.secsTo(m_clock.nowUtc())));
    case Served:
        return row.quote ? servedFromText(row.servedFrom) : QString();
    default:
        return {};
    }
}

QVariant WatchlistTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_codes.size())
        return {};
    const QString& code = m_codes.at(index.row());
    const Row row = m_rows.value(code);
    switch (role) {
    case Qt::DisplayRole:
        return text(code, row, index.column());
    case Qt::ToolTipRole:
        return index.column() == Commodity ? code : QVariant();
    case Qt::TextAlignmentRole:
        if (index.column() == Price || index.column() == Change || index.column() == Age)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    case SparkRole:
        return QVariant::fromValue(row.spark);
    case Qt::UserRole:
        return code;
    default:
        return {};
    }
}

QVariant WatchlistTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Commodity:
        return QStringLiteral("Commodity");
    case Price:
        return QStringLiteral("Price");
    case Change:
        return QStringLiteral("Change");
    case Age:
        return QStringLiteral("Age");
    case Served:
        return QStringLiteral("Served from");
    case Trend:
        return QStringLiteral("Trend");
    default:
        return {};
    }
}

} // namespace oilwatch::ui
