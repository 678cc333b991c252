#pragma once

#include "api/oilpriceapiclient.h"
#include "resilience/resilienttransport.h"
#include "transport/qnamtransport.h"
#include "util/randomsource.h"
#include "util/timer.h"

namespace oilwatch::app {

// The object graph behind every API call of the dashboard and the CLI: the network, the resilience pipeline
// on it, and the client on the pipeline. Lives on one thread.
class ApiStack
{
public:
    ApiStack(api::ClientConfig config, resilience::ResilienceSettings settings = {});

    api::OilPriceApiClient& client() { return m_client; }
    resilience::ResilientTransport& pipeline() { return m_pipeline; }

private:
    transport::QnamTransport m_network;
    util::QtScheduler m_scheduler;
    util::SeededRandom m_random;
    resilience::ResilientTransport m_pipeline;
    api::OilPriceApiClient m_client;
};

} // namespace oilwatch::app
