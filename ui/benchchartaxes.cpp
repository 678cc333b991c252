#include "benchchartaxes.h"

#include <algorithm>
#include <cmath>

#include <QtCharts/QValueAxis>

namespace oilwatch::ui {

namespace {

// A round number at least `value` whose fifth is round too, so five tick intervals land on readable values.
double niceCeiling(double value)
{
    if (!(value > 0.0))
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0}) {
        if (step * magnitude >= value * (1.0 - 1e-12))
            return step * magnitude;
    }
    return 10.0 * magnitude;
}

} // namespace

void setLatencyAxisRange(QValueAxis* axis, double highestMs)
{
    // A little headroom so the highest point does not sit on the frame; an empty chart, or one of a few
    // microseconds, still gets a 0.1 ms scale whose ticks read as distinct numbers.
    const double top = niceCeiling(std::max(highestMs, 0.1) * 1.05);
    axis->setRange(0.0, top);
    axis->setTickCount(6);
    const double step = top / 5.0;
    int decimals = 0;
    while (decimals < 3
        && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f"));
}

void setSecondsAxisRange(QValueAxis* axis, double lastSecond)
{
    // Ticks every 1, 2, 5, 10, 20, 30, 60 ... seconds, so they fall on whole seconds people count in.
    const double target = std::max(lastSecond, 1.0) / 5.0;
    double interval = 1.0;
    for (double step :
        {1.0, 2.0, 5.0, 10.0, 15.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 900.0, 1800.0, 3600.0}) {
        interval = step;
        if (step >= target)
            break;
    }
    if (interval < target)
        interval = std::ceil(target / 3600.0) * 3600.0;
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(interval);
    axis->setRange(0.0, std::ceil(std::max(lastSecond, 1.0) / interval) * interval);
    axis->setLabelFormat(QStringLiteral("%.0f"));
}

void setCountAxisRange(QValueAxis* axis, double highest)
{
    const double top = niceCeiling(std::max(highest, 5.0) * 1.05);
    axis->setRange(0.0, top);
    axis->setTickCount(6);
    axis->setLabelFormat(QStringLiteral("%.0f"));
}

} // namespace oilwatch::ui
