#pragma once

#include "exportdialog.h"

namespace oilwatch::alerts {
class AlertEngine;
}
namespace oilwatch::feed {
class PriceFeed;
}

namespace oilwatch::app {

class ApiStack;
class QuoteStack;

// What File → Export… needs, from the objects the dashboard is built of: the history (its file, its store)
// and the gate and client that backfill it, the origin the dashboard watches, the feed's codes, the session
// log's folder and the alert engine's history. Every reference must outlive the dialogs made from it (they
// do: the dashboard owns them for the life of the window).
ui::ExportSources exportSourcesFor(
    ApiStack& api, QuoteStack& quotes, const feed::PriceFeed& feed, const alerts::AlertEngine& alerts);

} // namespace oilwatch::app
