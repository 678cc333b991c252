#pragma once

#include "sim/faultprofile.h"

#include <optional>

#include <QByteArray>

namespace oilwatch::sim {

// Faults applied to every /v1 response until changed; they combine with the fault profile (the profile's
// latency adds to latencyMs, its faults act on the answer these settings produced).
struct FaultSettings
{
    // The same faults as a profile (one fault path: FaultInjector rolls it with the active profile and
    // FaultResponder applies both): fixed latency, and one rule hitting every request, a status (with the
    // forced body, if any) or, with a body alone, the answer's own status with that body. stallOnceMs is a
    // schedule of the server, not a fault of an answer, and stays out of it.
    FaultProfile asProfile() const;

    int latencyMs = 0; // added before the response is written
    int forcedStatus = 0; // 0: no forced status
    std::optional<QByteArray> forcedBody; // replaces the body (any status)
    // A one-shot server stall, the pause a benchmark must not hide (coordinated omission): the next
    // request starts it, and every response due before it ends waits for its end. Armed again only by the
    // next setFaults() or profile switch.
    int stallOnceMs = 0;
};

} // namespace oilwatch::sim
