#pragma once

#include "api/oilpriceapiclient.h"
#include "resilience/resilienttransport.h"
#include "telemetry/meteredtransport.h"
#include "transport/qnamtransport.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <memory>

namespace oilwatch::telemetry {
class MetricsRegistry;
}

namespace oilwatch::app {

// The object graph behind every API call of the dashboard and the CLI: the network, the resilience pipeline
// on it, and the client on the pipeline. Lives on one thread.
class ApiStack
{
public:
    // With `metrics`, every attempt the pipeline sends is counted and timed there (it must outlive this).
    ApiStack(api::ClientConfig config, resilience::ResilienceSettings settings = {},
        telemetry::MetricsRegistry* metrics = nullptr);

    api::OilPriceApiClient& client() { return m_client; }
    resilience::ResilientTransport& pipeline() { return m_pipeline; }

private:
    transport::HttpTransport& network();

    transport::QnamTransport m_qnam;
    std::unique_ptr<telemetry::MeteredTransport> m_metered; // between the pipeline and the network
    util::QtScheduler m_scheduler;
    util::SeededRandom m_random;
    resilience::ResilientTransport m_pipeline;
    api::OilPriceApiClient m_client;
};

} // namespace oilwatch::app
