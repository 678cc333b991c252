#include "app/pollinterval.h"

#include "feed/pricefeed.h"

#include <algorithm>

namespace oilwatch::app {

std::chrono::milliseconds defaultPollInterval(const api::ClientConfig& config)
{
    if (config.publicDemo)
        return feed::PriceFeed::kDemoInterval;
    if (config.builtInSimulator || api::ClientConfig::isLoopback(config.baseUrl))
        return feed::PriceFeed::kSimulatorInterval;
    return feed::PriceFeed::kLiveInterval;
}

std::chrono::milliseconds pollInterval(
    const api::ClientConfig& config, std::optional<std::chrono::milliseconds> chosen)
{
    const std::chrono::milliseconds fallback = defaultPollInterval(config);
    if (config.publicDemo)
        return std::max(chosen.value_or(fallback), fallback);
    return chosen.value_or(fallback);
}

} // namespace oilwatch::app
