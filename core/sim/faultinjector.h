#pragma once

#include "sim/faultprofile.h"
#include "sim/faultsettings.h"

#include <optional>
#include <random>

namespace oilwatch::sim {

// What one request gets. Connection-level kinds (hang, slow body, reset, close, outage reset) are carried
// out by the connection; the rest reshape the response (FaultResponder).
struct FaultDecision
{
    int latencyMs = 0;
    std::optional<FaultRule> forced; // the fault settings' rule: every request
    std::optional<FaultRule> rule; // the profile's roll
    bool outage = false;
    OutageMode outageMode = OutageMode::Status503;
    int outageRemainingSec = 0; // until the service is up again, for Retry-After

    // Anything that changes the answer (latency alone does not).
    bool faults() const { return forced || rule || outage; }

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
    // The fault settings, as a profile under the active one: their latency adds to the profile's, their rule
    // applies before the profile's.
    void setSettings(const FaultSettings& settings) { m_settings = settings.asProfile(); }
    bool isHealthy() const { return m_profile.isHealthy() && m_settings.isHealthy(); }

    FaultDecision decide(qint64 nowMs);

    // Down at nowMs? remainingSec: whole seconds until it is up again (at least 1).
    bool isDown(qint64 nowMs, int* remainingSec = nullptr) const;

private:
    double unit(); // uniform in [0, 1), the same on every standard library
    double gaussian();
    int sampleLatency();

    FaultProfile m_profile;
    FaultProfile m_settings;
    std::mt19937_64 m_rng;
    qint64 m_sinceMs = 0;
};

} // namespace oilwatch::sim
