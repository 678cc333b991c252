#pragma once

#include <QStyledItemDelegate>

namespace oilwatch::ui {

// Draws a cell's points (a QList<double> under `role`, oldest first) as a small line scaled to the cell:
// the shape of the last hour next to the number. Green when the last point is above the first, red when
// below, the text colour when flat; one point is a dot, none is nothing.
class SparklineDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit SparklineDelegate(int role, QObject* parent = nullptr);

    void paint(
        QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // How many times paint() drew a line: for tests that the delegate is the one drawing.
    int paintedLines() const { return m_paintedLines; }

private:
    int m_role;
    mutable int m_paintedLines = 0;
};

} // namespace oilwatch::ui
