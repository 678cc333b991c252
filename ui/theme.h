#pragma once

#include <cstddef>

#include <QColor>
#include <QPalette>

class QWidget;

namespace oilwatch::ui {

// Colours with meaning (up, down, warning) are picked per palette so they stay readable on light and dark
// backgrounds; everything else comes from the palette itself.
bool isDarkPalette(const QPalette& palette);
QColor upColour(const QPalette& palette);
QColor downColour(const QPalette& palette);
QColor errorColour(const QPalette& palette);
QColor warningColour(const QPalette& palette);
// Secondary text: the palette's text blended towards the background it is drawn on.
// Sets the colour a label or other widget draws its text in, keeping the rest of its palette.
void setTextColour(QWidget* widget, const QColor& colour);

// Distinct hues for chart series that keep enough contrast on both the light and the dark chart theme; eight
// of them, then they repeat.
QColor seriesColour(std::size_t index);
constexpr std::size_t kSeriesColourCount = 8;
QColor dimTextColour(const QPalette& palette, QPalette::ColorRole text = QPalette::WindowText,
    QPalette::ColorRole background = QPalette::Window);
// A value kept on screen that is no longer current: half way to the background, still large-text readable.
QColor greyedTextColour(const QPalette& palette, QPalette::ColorRole text = QPalette::WindowText,
    QPalette::ColorRole background = QPalette::Window);

// What a badge says about the state it names, from all well to needs attention.
enum class BadgeTone
{
    Good,
    Caution,
    Warning,
    Critical,
    Neutral
};

// A badge is a filled pill: its text is measured against its own fill, not against the window.
struct BadgeColours
{
    QColor background;
    QColor text;
};
BadgeColours badgeColours(const QPalette& palette, BadgeTone tone);

// WCAG 2 contrast ratio (1 to 21) of two opaque colours; 4.5 is the minimum for normal text.
double contrastRatio(const QColor& a, const QColor& b);

} // namespace oilwatch::ui
