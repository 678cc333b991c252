#pragma once

#include "bench/benchresult.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>

namespace oilwatch::ui {

// One run's numbers as a two-column table (metric, value): counts, throughput, errors by kind, the latency
// moments and percentiles, what the pipeline did (retries, breaker trips) and requests that started late.
// The rows are computed once per run, so the view never recomputes a percentile while painting.
class BenchSummaryModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        MetricColumn,
        ValueColumn,
        ColumnCount,
    };

    explicit BenchSummaryModel(QObject* parent = nullptr);

    void setResult(const bench::BenchResult& result);
    void clear();

    // The value shown for a metric ("p99", "Errors: timeout"), empty when there is no such row; for tests.
    QString value(const QString& metric) const;
    QStringList metrics() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString metric;
        QString value;
        bool heading = false; // starts a group: drawn bold
    };

    QList<Row> m_rows;
};

} // namespace oilwatch::ui
