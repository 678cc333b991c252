#pragma once

#include "settings/settingsstore.h"

#include <QPalette>

namespace oilwatch::ui {

// look.theme applied to the running application: every window repaints at once, since widgets that colour
// themselves (tiles, badges, charts) listen for QEvent::PaletteChange. Qt 6.4 has no API to ask the
// platform for a colour scheme, so light and dark are palettes of our own; "system" restores the palette
// the application started with. Call on the GUI thread, with a QApplication.
void applyTheme(settings::Theme theme);

// The palettes used, for tests and the screenshot script.
QPalette lightPalette();
QPalette darkPalette();

} // namespace oilwatch::ui
