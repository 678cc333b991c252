#pragma once

#include <QIcon>

namespace oilwatch::ui {

// The application icon (resources/icons/oilwatch.svg), from PNGs built into the binary at every hicolor
// size: no SVG plugin at run time, and the same picture on every platform, with or without an icon theme.
QIcon applicationIcon();

} // namespace oilwatch::ui
