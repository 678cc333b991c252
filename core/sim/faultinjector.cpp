#include "sim/faultinjector.h"

#include "sim/jsonwriter.h"
#include "sim/simresponse.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

#include <QDateTime>

namespace oilwatch::sim {

void FaultInjector::setProfile(FaultProfile profile, quint64 seed, qint64 sinceMs)
{
    m_profile = std::move(profile);
    m_rng.seed(m_profile.seed.value_or(seed));
    m_sinceMs = sinceMs;
}

bool FaultInjector::isDown(qint64 nowMs, int* remainingSec) const
{
    const OutageSpec& outage = m_profile.outage;
    if (!outage.enabled())
        return false;
    const qint64 downMs = qint64(outage.downSec) * 1000;
    const qint64 elapsed = std::max<qint64>(0, nowMs - m_sinceMs);
    qint64 phase = elapsed;
    if (outage.repeat)
        phase = elapsed % (downMs + qint64(outage.upSec) * 1000);
    if (phase >= downMs)
        return false;
    if (remainingSec)
        *remainingSec = int(std::max<qint64>(1, (downMs - phase + 999) / 1000));
    return true;
}

FaultDecision FaultInjector::decide(qint64 nowMs)
{
    FaultDecision decision;
    // The settings' profile rolls nothing: its latency is fixed and its one rule hits every request.
    decision.latencyMs = m_settings.latency.kind == LatencyKind::Fixed ? m_settings.latency.fixedMs : 0;
    if (!m_settings.faults.empty())
        decision.forced = m_settings.faults.front();
    if (m_profile.isHealthy())
        return decision;
    if (isDown(nowMs, &decision.outageRemainingSec)) {
        decision.outage = true;
        decision.outageMode = m_profile.outage.mode;
        return decision;
    }
    // One roll each for latency and rule, always both when configured, so a profile's sequence of decisions
    // depends only on its seed and not on which faults earlier rolls happened to pick.
    if (m_profile.latency.kind != LatencyKind::None) {
        const int delay = sampleLatency();
        if (m_profile.latency.rate >= 1.0 || unit() < m_profile.latency.rate)
            decision.latencyMs += delay;
    }
    if (!m_profile.faults.empty()) {
        const double roll = unit();
        double cumulative = 0.0;
        for (const FaultRule& rule : m_profile.faults) {
            cumulative += rule.rate;
            if (roll < cumulative) {
                decision.rule = rule;
                break;
            }
        }
    }
    return decision;
}

double FaultInjector::unit()
{
    return double(m_rng() >> 11) * 0x1.0p-53;
}

double FaultInjector::gaussian()
{
    // Box-Muller by hand: std::normal_distribution differs between standard libraries.
    const double u1 = 1.0 - unit(); // (0, 1]: log stays finite
    const double u2 = unit();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

int FaultInjector::sampleLatency()
{
    const LatencySpec& latency = m_profile.latency;
    switch (latency.kind) {
    case LatencyKind::None:
        return 0;
    case LatencyKind::Fixed:
        return latency.fixedMs;
    case LatencyKind::Uniform:
        return latency.minMs + int(unit() * double(latency.maxMs - latency.minMs + 1));
    case LatencyKind::LogNormal: {
        const double ms = latency.medianMs * std::exp(latency.sigma * gaussian());
        return int(std::clamp(std::lround(ms), 0L, long(FaultProfile::kMaxLatencyMs)));
    }
    }
    return 0;
}

} // namespace oilwatch::sim
