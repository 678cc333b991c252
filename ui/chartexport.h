#pragma once

#include <optional>

#include <QString>

class QWidget;

namespace oilwatch::ui {

// Writes what `widget` shows to `path`, as a PNG (raster, at the screen's device pixel ratio) or an SVG
// (vector: lines and text stay sharp at any size), chosen by the file's suffix, case-insensitive.
// Returns the error for a person, or nothing when the file was written. Another suffix is refused before
// anything is written. The widget is rendered as it is, so an API key never shown in it cannot be in the
// file either.
std::optional<QString> exportWidgetImage(QWidget& widget, const QString& path);

// The file-dialog filter for the formats exportWidgetImage() writes.
QString chartImageFilter();

} // namespace oilwatch::ui
