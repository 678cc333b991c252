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

} // namespace oilwatch::ui
