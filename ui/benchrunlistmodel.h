#pragma once

#include "bench/benchresult.h"

#include <memory>
#include <vector>

#include <QAbstractListModel>
#include <QColor>
#include <QList>

namespace oilwatch::ui {

// The runs of this session, newest last. A run's check box overlays it on the percentile spectrum; at most
// kMaxOverlaid are checked at once, each in a colour no other checked run has. The oldest unchecked runs
// are dropped beyond kCapacity, so a long session does not hold every result it ever made.
class BenchRunListModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    static constexpr int kMaxOverlaid = 4;
    static constexpr int kCapacity = 20;

    explicit BenchRunListModel(QObject* parent = nullptr);
    ~BenchRunListModel() override;

    // Adds a finished run, overlaid when there is room. Returns its row.
    int addRun(const bench::BenchResult& result);
    const bench::BenchResult* result(int row) const;
    QString label(int row) const;
    QColor colour(int row) const;
    bool isOverlaid(int row) const;
    // Returns false, and changes nothing, when it would overlay a fifth run.
    bool setOverlaid(int row, bool overlaid);
    QList<int> overlaidRows() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

    // "#3 sim · closed ×16 · 12:04:31": short enough for a legend.
    static QString runLabel(int number, const bench::BenchResult& result);

Q_SIGNALS:
    void overlayChanged();
    void overlayLimitReached();

private:
    struct Entry
    {
        std::shared_ptr<const bench::BenchResult> result;
        QString label;
        QColor colour;
        bool overlaid = false;
    };

    QColor freeColour() const;
    void dropOldest();

    std::vector<Entry> m_entries;
    int m_runsAdded = 0;
};

} // namespace oilwatch::ui
