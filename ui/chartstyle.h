#pragma once

#include <QList>
#include <QPalette>

class QAbstractAxis;
class QChart;
class QChartView;

namespace oilwatch::ui {

// What every chart of the app shares: no animation (data arrives in steps, animation only lags), square
// corners, small margins, antialiased lines and no frame around the view.
void prepareChart(QChart* chart, QChartView* view);

// The light or dark chart theme for the palette, with the palette's base as background and its text on the
// legend and the axes. setTheme() resets series pens: callers re-apply theirs afterwards.
void applyChartPalette(QChart* chart, const QList<QAbstractAxis*>& axes, const QPalette& palette);

} // namespace oilwatch::ui
