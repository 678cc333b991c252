#include "badgelabel.h"

#include <algorithm>

#include <QPainter>

namespace oilwatch::ui {

namespace {

constexpr int kPaddingX = 7;
constexpr int kPaddingY = 1;

} // namespace

BadgeLabel::BadgeLabel(QWidget* parent)
    : QLabel(parent)
{
    QFont f = font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 0.8);
    setFont(f);
    setAlignment(Qt::AlignCenter);
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
}

void BadgeLabel::setTone(BadgeTone tone)
{
    if (tone == m_tone)
        return;
    m_tone = tone;
    update();
}

void BadgeLabel::reserveWidthFor(const QStringList& texts)
{
    m_reserved = texts;
    updateGeometry();
}

QSize BadgeLabel::pillSize(const QString& text) const
{
    const QFontMetrics metrics(font());
    return {metrics.horizontalAdvance(text) + 2 * kPaddingX, metrics.height() + 2 * kPaddingY};
}

QSize BadgeLabel::sizeHint() const
{
    QSize size = pillSize(text());
    for (const QString& reserved : m_reserved)
        size = size.expandedTo(pillSize(reserved));
    return size;
}

void BadgeLabel::paintEvent(QPaintEvent*)
{
    if (text().isEmpty())
        return;
    const BadgeColours c = colours();
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QRectF pill = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    const qreal radius = std::min(pill.height(), pill.width()) / 2.0;
    painter.setPen(Qt::NoPen);
    painter.setBrush(c.background);
    painter.drawRoundedRect(pill, radius, radius);
    painter.setPen(c.text);
    painter.setFont(font());
    painter.drawText(rect(), Qt::AlignCenter, text());
}

} // namespace oilwatch::ui
