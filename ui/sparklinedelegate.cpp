#include "sparklinedelegate.h"

#include "theme.h"

#include <algorithm>

#include <QPainter>
#include <QPainterPath>

namespace oilwatch::ui {

SparklineDelegate::SparklineDelegate(int role, QObject* parent)
    : QStyledItemDelegate(parent)
    , m_role(role)
{ }

void SparklineDelegate::paint(
    QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    // The cell's background and selection as any other cell, without text.
    QStyleOptionViewItem cell = option;
    initStyleOption(&cell, index);
    cell.text.clear();
    QStyledItemDelegate::paint(painter, cell, QModelIndex());

    const QList<double> points = index.data(m_role).value<QList<double>>();
    if (points.isEmpty())
        return;
    const QRectF area = QRectF(option.rect).adjusted(6, 5, -6, -5);
    if (area.width() < 4 || area.height() < 4)
        return;
    const auto [low, high] = std::minmax_element(points.cbegin(), points.cend());
    const double span = *high - *low;
    const auto yOf = [&](double price) {
        // A flat series is drawn through the middle rather than along the bottom edge.
        return span > 0 ? area.bottom() - (price - *low) / span * area.height() : area.center().y();
    };
    const QColor colour = points.constLast() > points.constFirst() ? upColour(option.palette)
        : points.constLast() < points.constFirst()                 ? downColour(option.palette)
                                                                   : option.palette.color(QPalette::Text);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    if (points.size() == 1) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawEllipse(QPointF(area.right(), yOf(points.constFirst())), 2.0, 2.0);
        painter->restore();
        return;
    }
    QPainterPath path;
    const double step = area.width() / double(points.size() - 1);
    for (qsizetype i = 0; i < points.size(); ++i) {
        const QPointF at(area.left() + double(i) * step, yOf(points.at(i)));
        if (i == 0)
            path.moveTo(at);
        else
            path.lineTo(at);
    }
    painter->setPen(QPen(colour, 1.5));
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path);
    painter->restore();
    ++m_paintedLines;
}

QSize SparklineDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const QSize text = QStyledItemDelegate::sizeHint(option, index);
    return {std::max(text.width(), 120), text.height()};
}

} // namespace oilwatch::ui
