#pragma once

#include "theme.h"

#include <QLabel>
#include <QStringList>

namespace oilwatch::ui {

// A word on a coloured pill ("FRESH", "STALE", "Offline"): the colour says it at a glance, the word says
// it without relying on colour. Colours follow the palette, so a theme switch repaints it correctly.
class BadgeLabel final : public QLabel
{
    Q_OBJECT
public:
    explicit BadgeLabel(QWidget* parent = nullptr);

    void setTone(BadgeTone tone);
    BadgeTone tone() const { return m_tone; }
    BadgeColours colours() const { return badgeColours(palette(), m_tone); }
    // Sizes the pill for the widest of these words, so switching between them never moves its neighbours.
    void reserveWidthFor(const QStringList& texts);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QSize pillSize(const QString& text) const;

    BadgeTone m_tone = BadgeTone::Neutral;
    QStringList m_reserved;
};

} // namespace oilwatch::ui
