#include "benchchartaxes.h"

#include <algorithm>
#include <cmath>

#include <QtCharts/QValueAxis>

namespace oilwatch::ui {

namespace {

// 1, 2 or 5 times a power of ten, at least `value`: five ticks on such a range fall on round numbers.
double niceCeiling(double value)
{
    if (!(value > 0.0))
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * magnitude >= value * (1.0 - 1e-12))
            return step * magnitude;
    }
    return 10.0 * magnitude;
}

} // namespace

void setLatencyAxisRange(QValueAxis* axis, double highestMs)
{
    // A little headroom so the highest point does not sit on the frame.
    const double top = niceCeiling(std::max(highestMs, 0.001) * 1.05);
    axis->setRange(0.0, top);
    axis->setTickCount(6);
    const double step = top / 5.0;
    int decimals = 0;
    while (decimals < 3
        && std::abs(step * std::pow(10.0, decimals) - std::round(step * std::pow(10.0, decimals))) > 1e-6)
        ++decimals;
    axis->setLabelFormat(QStringLiteral("%.") + QString::number(decimals) + QStringLiteral("f"));
}

void setCountAxisRange(QValueAxis* axis, double highest)
{
    const double top = niceCeiling(std::max(highest, 5.0) * 1.05);
    axis->setRange(0.0, top);
    axis->setTickCount(6);
    axis->setLabelFormat(QStringLiteral("%.0f"));
}

} // namespace oilwatch::ui
