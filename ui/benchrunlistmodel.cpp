#include "benchrunlistmodel.h"

#include "displayformat.h"
#include "theme.h"

#include <algorithm>

#include <QFileInfo>

namespace oilwatch::ui {

BenchRunListModel::BenchRunListModel(QObject* parent)
    : QAbstractListModel(parent)
{ }

BenchRunListModel::~BenchRunListModel() = default;

QString BenchRunListModel::runLabel(int number, const bench::BenchResult& result)
{
    const bench::BenchConfig& c = result.config;
    const QString load = c.model == bench::LoadModel::Open
        ? QStringLiteral("open %1/s").arg(formatNumber(c.ratePerSec, c.ratePerSec < 10 ? 1 : 0))
        : QStringLiteral("closed ×%1").arg(c.concurrency);
    // The simulator's fault profile is what tells two simulator runs apart at a glance.
    const QString target = c.target == bench::TargetKind::Simulator && !c.faultProfile.isEmpty()
        ? QStringLiteral("%1 %2").arg(
            bench::targetKindName(c.target), QFileInfo(c.faultProfile).completeBaseName())
        : bench::targetKindName(c.target);
    QString label
        = QStringLiteral("#%1 %2 · %3 · %4").arg(number).arg(target, bench::engineKindName(c.engine), load);
    if (result.context.startedUtc.isValid())
        label += QStringLiteral(" · ")
            + result.context.startedUtc.toLocalTime().toString(QStringLiteral("hh:mm:ss"));
    if (result.stoppedEarly)
        label += QStringLiteral(" (stopped)");
    return label;
}

int BenchRunListModel::addRun(const bench::BenchResult& result)
{
    dropOldest();
    Entry e;
    e.result = std::make_shared<const bench::BenchResult>(result);
    e.label = runLabel(++m_runsAdded, result);
    const bool room = overlaidRows().size() < kMaxOverlaid;
    e.colour = freeColour();
    e.overlaid = room;
    const int row = int(m_entries.size());
    beginInsertRows({}, row, row);
    m_entries.push_back(std::move(e));
    endInsertRows();
    if (room)
        Q_EMIT overlayChanged();
    return row;
}

void BenchRunListModel::dropOldest()
{
    if (int(m_entries.size()) < kCapacity)
        return;
    auto oldest
        = std::find_if(m_entries.begin(), m_entries.end(), [](const Entry& e) { return !e.overlaid; });
    // With kCapacity above kMaxOverlaid there is always an unchecked run to drop.
    if (oldest == m_entries.end())
        return;
    const int row = int(oldest - m_entries.begin());
    beginRemoveRows({}, row, row);
    m_entries.erase(oldest);
    endRemoveRows();
}

QColor BenchRunListModel::freeColour() const
{
    for (std::size_t i = 0; i < kSeriesColourCount; ++i) {
        const QColor candidate = seriesColour(i);
        const bool taken = std::any_of(m_entries.begin(), m_entries.end(),
            [&](const Entry& e) { return e.overlaid && e.colour == candidate; });
        if (!taken)
            return candidate;
    }
    return seriesColour(0); // unreachable while kMaxOverlaid < kSeriesColourCount
}

const bench::BenchResult* BenchRunListModel::result(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries[std::size_t(row)].result.get() : nullptr;
}

QString BenchRunListModel::label(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries[std::size_t(row)].label : QString();
}

QColor BenchRunListModel::colour(int row) const
{
    return row >= 0 && row < rowCount() ? m_entries[std::size_t(row)].colour : QColor();
}

bool BenchRunListModel::isOverlaid(int row) const
{
    return row >= 0 && row < rowCount() && m_entries[std::size_t(row)].overlaid;
}

bool BenchRunListModel::setOverlaid(int row, bool overlaid)
{
    if (row < 0 || row >= rowCount())
        return false;
    Entry& e = m_entries[std::size_t(row)];
    if (e.overlaid == overlaid)
        return true;
    if (overlaid) {
        if (overlaidRows().size() >= kMaxOverlaid) {
            Q_EMIT overlayLimitReached();
            return false;
        }
        // Its old colour may have gone to another run meanwhile.
        const bool clash = std::any_of(m_entries.begin(), m_entries.end(),
            [&](const Entry& other) { return other.overlaid && other.colour == e.colour; });
        if (clash)
            e.colour = freeColour();
    }
    e.overlaid = overlaid;
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i, {Qt::CheckStateRole, Qt::DecorationRole});
    Q_EMIT overlayChanged();
    return true;
}

QList<int> BenchRunListModel::overlaidRows() const
{
    QList<int> rows;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        if (m_entries[i].overlaid)
            rows.append(int(i));
    }
    return rows;
}

int BenchRunListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

QVariant BenchRunListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry& e = m_entries[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return e.label;
    case Qt::ToolTipRole:
        return QStringLiteral("%1\n%2 requests, %3 errors, %4 req/s")
            .arg(e.label)
            .arg(e.result->completed)
            .arg(e.result->errors)
            .arg(formatNumber(e.result->throughputPerSec(), 1));
    case Qt::CheckStateRole:
        return e.overlaid ? Qt::Checked : Qt::Unchecked;
    case Qt::DecorationRole:
        // The swatch says which spectrum line is this run; an unchecked run has none on the chart.
        return e.overlaid ? QVariant(e.colour) : QVariant();
    default:
        return {};
    }
}

bool BenchRunListModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::CheckStateRole
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    return setOverlaid(index.row(), static_cast<Qt::CheckState>(value.toInt()) == Qt::Checked);
}

Qt::ItemFlags BenchRunListModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren;
}

} // namespace oilwatch::ui
