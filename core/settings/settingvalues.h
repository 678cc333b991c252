#pragma once

#include "validation/validationsettings.h"

#include <optional>
#include <utility>

#include <QVariant>

namespace oilwatch::settings {

// The value shapes of the validation settings, shared by the settings store (which judges what is typed) and
// the app (which reads them into ValidationSettings), so both accept exactly the same text.

// "A,B" as two finite numbers. Takes a QVariant because QSettings reads an unquoted "1,2" from an ini file
// as a list of two strings.
std::optional<std::pair<double, double>> parseNumberPair(const QVariant& value);
// "PERCENT,MINUTES", both above 0.
std::optional<validation::SpikeLimit> parseSpikeLimit(const QVariant& value);
// A finite number above 0.
std::optional<double> parsePositive(const QVariant& value);

} // namespace oilwatch::settings
