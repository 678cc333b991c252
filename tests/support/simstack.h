#pragma once

#include "api/oilpriceapiclient.h"
#include "resilience/resilienttransport.h"
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

} // namespace oilwatch::testing
