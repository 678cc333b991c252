#pragma once

#include "sim/faultprofile.h"

#include <optional>
#include <random>

namespace oilwatch::sim {

struct SimResponse;

// What one request gets. Connection-level kinds (hang, slow body, reset, close, outage reset) are carried
// out by the connection; the rest reshape the response (see SimRouter::handleAt).
struct FaultDecision
{
    int latencyMs = 0;
    std::optional<FaultRule> rule;
    bool outage = false;
    OutageMode outageMode = OutageMode::Status503;
    int outageRemainingSec = 0; // until the service is up again, for Retry-After

    bool resetsConnection() const
    {
        return (outage && outageMode == OutageMode::Reset)
            || (!outage && rule && rule->kind == FaultKind::Reset);
    }
};

// Rolls the faults of one profile for request after request. Deterministic: the same profile, seed and
// request times give the same decisions. Not thread-safe: one per server thread.
class FaultInjector
{
public:
    FaultInjector() = default;
    FaultInjector(FaultProfile profile, quint64 seed, qint64 sinceMs)
    {
        setProfile(std::move(profile), seed, sinceMs);
    }

    // Reseeds the generator and restarts the outage schedule at sinceMs (on the simulator's clock).
    void setProfile(FaultProfile profile, quint64 seed, qint64 sinceMs);
    const FaultProfile& profile() const { return m_profile; }

    FaultDecision decide(qint64 nowMs);

    // Down at nowMs? remainingSec: whole seconds until it is up again (at least 1).
    bool isDown(qint64 nowMs, int* remainingSec = nullptr) const;

    // The body-level faults that do not need the router's context: empty, malformed, truncated, wrong types,
    // huge, and the bad-data kinds (spike, zero or negative price, shifted created_at, wrong unit or
    // currency), which rewrite every matching field of the body. Other kinds leave the response alone.
    static void reshapeBody(const FaultRule& rule, SimResponse& response);

private:
    double unit(); // uniform in [0, 1), the same on every standard library
    double gaussian();
    int sampleLatency();

    FaultProfile m_profile;
    std::mt19937_64 m_rng;
    qint64 m_sinceMs = 0;
};

} // namespace oilwatch::sim
