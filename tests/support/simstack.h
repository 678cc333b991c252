#pragma once

#include "api/oilpriceapiclient.h"
#include "resilience/resilienttransport.h"
#include "sim/faultprofile.h"
#include "sim/simserver.h"
#include "transport/qnamtransport.h"
#include "util/randomsource.h"
#include "util/timer.h"

namespace oilwatch::testing {

// Times scaled down so that failing rows finish fast: attempt timeout 400 ms, deadline 2.5 s, backoff 20 ms.
inline resilience::ResilienceSettings fastResilience()
{
    resilience::ResilienceSettings settings;
    settings.timeouts = {400, 2'500};
    settings.retry.backoff.baseMs = 20;
    settings.retry.backoff.capMs = 200;
    return settings;
}

// The app's object graph (network, resilience pipeline, client) at test speed, pointed at a simulator or at
// any other base URL.
struct SimStack
{
    util::SeededRandom random {7};
    util::QtScheduler scheduler;
    transport::QnamTransport network;
    resilience::ResilientTransport pipeline;
    api::OilPriceApiClient client;

    SimStack(api::ClientConfig config, const resilience::ResilienceSettings& settings = fastResilience())
        : pipeline(network, settings, util::SystemClock::instance(), scheduler, random)
        , client(std::move(config), pipeline)
    { }

    static api::ClientConfig configFor(const sim::SimServer& sim)
    {
        api::ClientConfig config;
        config.baseUrl = sim.baseUrl();
        config.apiKey = sim.apiKey();
        return config;
    }
};

// A fault profile with one rule that hits every request: the simulator answers with that fault only.
inline sim::FaultProfile everyAnswer(sim::FaultKind kind, const QString& name)
{
    sim::FaultRule rule;
    rule.kind = kind;
    rule.rate = 1.0;
    sim::FaultProfile profile;
    profile.name = name;
    profile.faults.push_back(rule);
    return profile;
}

} // namespace oilwatch::testing
