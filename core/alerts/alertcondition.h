#pragma once

#include "alerts/alertrule.h"
#include "alerts/alertstate.h"

namespace oilwatch::alerts {

// Compares one measured value (in the unit of AlertRule::threshold) with a rule, hysteresis included:
//   Above, Stale, BreakerOpen:  value > threshold → Breach;  value ≤ threshold − hysteresis → Clear
//   Below:                      value < threshold → Breach;  value ≥ threshold + hysteresis → Clear
//   PercentMove:                as Above, on the size of the move (a fall counts like a rise)
//   DataSuspect:                value ≠ 0 (suspect) → Breach; otherwise Clear
// Anything between is Hold. Strict comparisons: a price exactly at the threshold is not "above" it. A NaN
// value is Hold: it proves nothing either way.
Verdict judge(const AlertRule& rule, double value);

} // namespace oilwatch::alerts
