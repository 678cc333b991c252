#pragma once

#include "api/quote.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QStringList>

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::ui {

// The compact view of a long watchlist: one row per code, in the watchlist's order, with the latest price,
// its change from the value before, how old it is, where it came from and the last kSparkPoints prices for
// a sparkline (SparklineDelegate draws the Trend column from SparkRole). Holds what it shows; it never asks
// for anything.
class WatchlistTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Commodity,
        Price,
        Change,
        Age,
        Served,
        Trend,
        ColumnCount
    };
    // The Trend column's points, oldest first, as a QList<double>.
    static constexpr int SparkRole = Qt::UserRole + 1;
    // Enough for a shape at a glance (an hour of 1-minute polls), little enough that 50 rows cost nothing.
    static constexpr int kSparkPoints = 60;

    explicit WatchlistTableModel(const util::Clock& clock, QObject* parent = nullptr);

    // Keeps what is known of codes that stay, in the new order; drops the rest.
    void setCodes(const QStringList& codes);
    QStringList codes() const { return m_codes; }
    void addQuote(const api::Quote& quote, const api::FetchInfo& info);
    // Seeds a code's sparkline from stored history (oldest first) when it has no points yet.
    void seedHistory(const QString& code, const QList<api::Quote>& quotesOldestFirst);
    // Re-renders the Age column (the window's one-second tick).
    void refreshAges();
    QList<double> sparkPoints(const QString& code) const { return m_rows.value(code).spark; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        std::optional<api::Quote> quote;
        std::optional<double> previous;
        api::ServedFrom servedFrom = api::ServedFrom::Live;
        QDateTime fetchedAt;
        QList<double> spark;
    };
    QString text(const QString& code, const Row& row, int column) const;
    void appendPoint(Row& row, double price);

    const util::Clock& m_clock;
    QStringList m_codes;
    QHash<QString, Row> m_rows;
};

} // namespace oilwatch::ui
