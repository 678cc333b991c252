#include "elidedlabel.h"

#include <QPainter>

namespace oilwatch::ui {

ElidedLabel::ElidedLabel(QWidget* parent)
    : QLabel(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

QSize ElidedLabel::sizeHint() const
{
    const QMargins m = contentsMargins();
    return {fontMetrics().horizontalAdvance(text()) + m.left() + m.right(),
        fontMetrics().height() + m.top() + m.bottom()};
}

QSize ElidedLabel::minimumSizeHint() const
{
    const QMargins m = contentsMargins();
    // Enough for a first word and the ellipsis, so a squeezed message still says what it is about.
    const int least = std::min(
        fontMetrics().horizontalAdvance(text()), fontMetrics().horizontalAdvance(QStringLiteral("⚠ Xxxxx…")));
    return {least + m.left() + m.right(), sizeHint().height()};
}

void ElidedLabel::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.setPen(palette().color(foregroundRole()));
    const QRect area = contentsRect();
    painter.drawText(area, Qt::AlignLeft | Qt::AlignVCenter,
        fontMetrics().elidedText(text(), Qt::ElideRight, area.width()));
}

} // namespace oilwatch::ui
