#pragma once

#include <QColor>
#include <QPalette>

namespace oilwatch::ui {

// Colours with meaning (up, down, warning) are picked per palette so they stay readable on light and dark
// backgrounds; everything else comes from the palette itself.
bool isDarkPalette(const QPalette& palette);
QColor upColour(const QPalette& palette);
QColor downColour(const QPalette& palette);
QColor errorColour(const QPalette& palette);
QColor warningColour(const QPalette& palette);
// Secondary text: the palette's text blended towards the background it is drawn on.
QColor dimTextColour(const QPalette& palette, QPalette::ColorRole text = QPalette::WindowText,
    QPalette::ColorRole background = QPalette::Window);

} // namespace oilwatch::ui
