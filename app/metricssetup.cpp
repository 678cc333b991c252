#include "app/metricssetup.h"

#include "app/apistack.h"
#include "app/commandline.h"
#include "app/quotestack.h"
#include "feed/pricefeed.h"
#include "util/clock.h"

namespace oilwatch::app {

std::variant<MetricsSetup, telemetry::MetricsEndpointError> startMetrics(
    std::optional<telemetry::ListenAddress> fromFlag)
{
    std::optional<telemetry::ListenAddress> address = std::move(fromFlag);
    const QString fromEnvironment = qEnvironmentVariable("OILWATCH_METRICS_LISTEN").trimmed();
    if (!address && !fromEnvironment.isEmpty()) {
        address = telemetry::ListenAddress::parse(fromEnvironment);
        if (!address)
            return telemetry::MetricsEndpointError {telemetry::MetricsEndpointError::Kind::BadAddress,
                QStringLiteral("OILWATCH_METRICS_LISTEN: \"%1\" is not an IPv4 address and port such as "
                               "127.0.0.1:9464")
                    .arg(fromEnvironment)};
    }
    MetricsSetup setup;
    if (!address)
        return setup;
    telemetry::MetricsEndpointResult endpoint = telemetry::MetricsEndpoint::listen(*address);
    if (!endpoint)
        return endpoint.error();
    setup.metrics = std::make_unique<telemetry::Metrics>(util::SystemClock::instance());
    setup.endpoint = std::move(endpoint.value());
    setup.endpoint->serve(setup.metrics->registry());
    return setup;
}

void MetricsSetup::observe(ApiStack& api, QuoteStack& quotes, feed::PriceFeed& feed)
{
    if (!metrics)
        return;
    metrics->observe(api.pipeline());
    metrics->observe(quotes.quotes());
    metrics->observe(feed);
    if (cache::RedisCache* shared = quotes.cacheBackend().shared)
        metrics->observe(*shared);
}

int exitCodeFor(const telemetry::MetricsEndpointError& error)
{
    return error.kind == telemetry::MetricsEndpointError::Kind::BadAddress ? kExitUsage : kExitFailure;
}

} // namespace oilwatch::app
