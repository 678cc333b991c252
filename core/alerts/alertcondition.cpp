#include "alerts/alertcondition.h"

#include <cmath>

namespace oilwatch::alerts {

namespace {

Verdict judgeUpward(double value, double threshold, double hysteresis)
{
    if (value > threshold)
        return Verdict::Breach;
    return value <= threshold - hysteresis ? Verdict::Clear : Verdict::Hold;
}

} // namespace

Verdict judge(const AlertRule& rule, double value)
{
    if (std::isnan(value))
        return Verdict::Hold;
    switch (rule.kind) {
    case AlertKind::Above:
    case AlertKind::Stale:
    case AlertKind::BreakerOpen:
        return judgeUpward(value, rule.threshold, rule.hysteresis);
    case AlertKind::PercentMove:
        return judgeUpward(std::abs(value), rule.threshold, rule.hysteresis);
    case AlertKind::Below:
        // The mirror image of Above: negate both sides.
        return judgeUpward(-value, -rule.threshold, rule.hysteresis);
    case AlertKind::DataSuspect:
        return value != 0.0 ? Verdict::Breach : Verdict::Clear;
    }
    return Verdict::Hold;
}

} // namespace oilwatch::alerts
