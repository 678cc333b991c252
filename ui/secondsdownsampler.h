#pragma once

#include "bench/benchresult.h"

#include <QList>

namespace oilwatch::ui {

// Merges consecutive seconds so a long run draws at most `maxPoints` points per line: a chart a few hundred
// pixels wide cannot show more, and redrawing thousands of points four times a second would load the GUI
// thread.
// Each merged point keeps its first second; requests become the per-second average (the chart's unit),
// errors and percentiles the worst of the merged seconds, so a spike never disappears.
QList<bench::SecondSample> downsampleSeconds(const QList<bench::SecondSample>& seconds, int maxPoints);

} // namespace oilwatch::ui
