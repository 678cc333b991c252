#pragma once

#include "validation/validationsettings.h"

#include <QStringList>

class QSettings;

namespace oilwatch::app {

// The validator's settings: ValidationSettings' defaults (each reasoned in validationsettings.h), with what
// the user set in QSettings on top. Keys (README, "Data quality"):
//   validation/clock_skew_s = 300             how far created_at may lie in our future
//   validation/max_latest_age_h = 120         the oldest created_at a "latest" answer may carry
//   validation/range/CODE = "MIN,MAX"         plausible range of CODE; wins over the catalogue and table
//   validation/spike/CODE = "PERCENT,MINUTES" spike limit of CODE
//   validation/spike_default = "PERCENT,MINUTES"  spike limit of codes whose category has none
// A value that does not parse is ignored, with a line in `warnings` naming the key: a typo must not turn a
// rule off in silence.
validation::ValidationSettings loadValidationSettings(QSettings& store, QStringList* warnings = nullptr);

} // namespace oilwatch::app
