#include "benchsummarymodel.h"

#include "displayformat.h"

#include <QFont>

namespace oilwatch::ui {

namespace {

QString count(qint64 n)
{
    return formatNumber(double(n), 0);
}

} // namespace

BenchSummaryModel::BenchSummaryModel(QObject* parent)
    : QAbstractTableModel(parent)
{ }

void BenchSummaryModel::setResult(const bench::BenchResult& r)
{
    QList<Row> rows;
    const auto heading = [&rows](const QString& title) { rows.append({title, {}, true}); };
    const auto add = [&rows](const QString& metric, const QString& value) {
        rows.append({metric, value, false});
    };

    heading(QStringLiteral("Run"));
    add(QStringLiteral("Target"),
        r.context.target.isEmpty() ? bench::targetKindName(r.config.target) : r.context.target);
    add(QStringLiteral("Load"),
        r.config.model == bench::LoadModel::Open
            ? QStringLiteral("open, %1 req/s, at most %2 in flight")
                  .arg(formatNumber(r.config.ratePerSec, 1))
                  .arg(r.config.concurrency)
            : QStringLiteral("closed, %1 workers").arg(r.config.concurrency));
    add(QStringLiteral("Engine"), bench::engineKindName(r.config.engine));
    add(QStringLiteral("Measured"),
        formatDurationMs(r.measuredMs) + (r.stoppedEarly ? QStringLiteral(" (stopped early)") : QString()));

    heading(QStringLiteral("Requests"));
    add(QStringLiteral("Completed"), count(r.completed));
    add(QStringLiteral("Throughput"), QStringLiteral("%1 req/s").arg(formatNumber(r.throughputPerSec(), 1)));
    add(QStringLiteral("Errors"), count(r.errors));
    for (auto it = r.errorsByKind.cbegin(); it != r.errorsByKind.cend(); ++it)
        add(QStringLiteral("Errors: ") + it.key(), count(it.value()));
    add(QStringLiteral("Retries"), count(r.retries));
    add(QStringLiteral("Breaker trips"), count(r.breakerTrips));
    add(QStringLiteral("Late"), count(r.late));

    heading(r.config.model == bench::LoadModel::Open ? QStringLiteral("Latency of successes (corrected)")
                                                     : QStringLiteral("Latency of successes"));
    const bench::LatencyHistogram& h = r.success;
    add(QStringLiteral("Min"), formatLatencyUs(double(h.minUs())));
    add(QStringLiteral("Mean"), formatLatencyUs(h.meanUs()));
    add(QStringLiteral("Stddev"), formatLatencyUs(h.stddevUs()));
    add(QStringLiteral("Max"), formatLatencyUs(double(h.maxUs())));
    for (const auto& [name, percentile] : {std::pair {"p50", 50.0}, {"p90", 90.0}, {"p95", 95.0},
             {"p99", 99.0}, {"p99.9", 99.9}, {"p99.99", 99.99}})
        add(QString::fromLatin1(name), formatLatencyUs(double(h.valueAtPercentile(percentile))));

    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

void BenchSummaryModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

QString BenchSummaryModel::value(const QString& metric) const
{
    for (const Row& row : m_rows) {
        if (!row.heading && row.metric == metric)
            return row.value;
    }
    return {};
}

QStringList BenchSummaryModel::metrics() const
{
    QStringList names;
    for (const Row& row : m_rows)
        names.append(row.metric);
    return names;
}

int BenchSummaryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int BenchSummaryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BenchSummaryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == MetricColumn ? row.metric : row.value;
    case Qt::FontRole:
        if (row.heading) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::TextAlignmentRole:
        // Numbers line up on their right edge so digits of equal weight sit above each other.
        return index.column() == ValueColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    default:
        return {};
    }
}

QVariant BenchSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == MetricColumn ? QStringLiteral("Metric") : QStringLiteral("Value");
}

} // namespace oilwatch::ui
