#pragma once

#include "api/clientconfig.h"

#include <chrono>
#include <optional>

namespace oilwatch::app {

// The one rule for how often a setup is polled when nobody chose: the dashboard, `watch` and Preferences ask
// it, so that the same server is polled at the same rate whichever of them asks.
// - the public demo (contract §2.8): PriceFeed::kDemoInterval, its quota is about 20 requests an hour;
// - the built-in simulator or any loopback server (an `oilwatch sim` started by hand, a test's simulator):
//   PriceFeed::kSimulatorInterval, nothing is charged and a demo should move;
// - anything else (the live API): PriceFeed::kLiveInterval.
std::chrono::milliseconds defaultPollInterval(const api::ClientConfig& config);

// `chosen` (a --interval flag or the poll.interval_s setting) when given, else the default above. The public
// demo is never polled faster than its default, whatever was chosen.
std::chrono::milliseconds pollInterval(
    const api::ClientConfig& config, std::optional<std::chrono::milliseconds> chosen);

} // namespace oilwatch::app
