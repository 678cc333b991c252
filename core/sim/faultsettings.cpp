#include "sim/faultsettings.h"

namespace oilwatch::sim {

FaultProfile FaultSettings::asProfile() const
{
    FaultProfile profile;
    profile.name = QStringLiteral("settings");
    if (latencyMs > 0) {
        profile.latency.kind = LatencyKind::Fixed;
        profile.latency.fixedMs = latencyMs;
    }
    if (forcedStatus > 0 || forcedBody) {
        FaultRule rule;
        rule.kind = forcedStatus > 0 ? FaultKind::Status : FaultKind::Body;
        if (forcedStatus > 0)
            rule.status = forcedStatus;
        rule.body = forcedBody;
        rule.rate = 1.0;
        profile.faults.push_back(rule);
    }
    return profile;
}

} // namespace oilwatch::sim
