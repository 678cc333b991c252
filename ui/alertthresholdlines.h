#pragma once

#include "alerts/alertrule.h"
#include "pricechart.h"

#include <QList>
#include <QStringList>

namespace oilwatch::ui {

// The chart lines of a code's enabled Above and Below rules, in rule order: "Brent high: above 80", or
// "BRENT_CRUDE_USD above 80" for a rule without a name. The other kinds have no price to draw.
QList<ThresholdLine> thresholdLinesFor(const QList<alerts::AlertRule>& rules, const QString& code);

// Sets the threshold lines of every code in `codes` from `rules`; a code with no such rule gets none, so
// a removed rule's line goes away. Call it after every AlertEngine::rulesChanged().
void showAlertThresholds(PriceChart& chart, const QList<alerts::AlertRule>& rules, const QStringList& codes);

} // namespace oilwatch::ui
