#pragma once

#include "sim/httprequest.h"
#include "sim/simresponse.h"

#include <QByteArrayView>

namespace oilwatch::sim {

class SimServerThread;

// The simulator's own control endpoints, beside the API and never faulted or counted:
//   GET  /_sim/stats    counters as JSON
//   GET  /_sim/arrivals when each /v1 request since the last reset arrived, for plotting a herd
//   GET  /_sim/profile  the active fault profile
//   POST /_sim/profile  switch profile: a JSON profile as the body, or ?name=<built-in>
//   POST /_sim/reset    zero the counters
// No API key: the server only listens on loopback, and requests from anywhere else are refused anyway.
class SimControl
{
public:
    explicit SimControl(SimServerThread& shared)
        : m_shared(shared)
    { }

    static bool isControlPath(QByteArrayView path) { return path == "/_sim" || path.startsWith("/_sim/"); }

    SimResponse handle(const HttpRequest& request, bool fromLoopback);

private:
    SimResponse arrivals() const;
    SimResponse switchProfile(const HttpRequest& request);

    SimServerThread& m_shared;
};

} // namespace oilwatch::sim
