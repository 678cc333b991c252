#include "app/exportsources.h"

#include "alerts/alertengine.h"
#include "app/apistack.h"
#include "app/quotestack.h"
#include "app/sessionlogsetup.h"
#include "feed/pricefeed.h"
#include "util/clock.h"

namespace oilwatch::app {

ui::ExportSources exportSourcesFor(
    ApiStack& api, QuoteStack& quotes, const feed::PriceFeed& feed, const alerts::AlertEngine& alerts)
{
    ui::ExportSources sources;
    sources.prices.historyPath = quotes.history().path();
    sources.prices.clock = &util::SystemClock::instance();
    sources.prices.store = &quotes.history();
    sources.prices.client = &api.client();
    sources.prices.gate = &quotes.gate();
    const api::Origin origin = api.client().config().origin();
    sources.origins = storage::OriginFilter::only(origin);
    sources.originLabel = origin.id();
    sources.codes = feed.codes();
    sources.sessionDirectory = sessionLogDirectory();
    const alerts::AlertEngine* engine = &alerts;
    sources.alertHistory = [engine] { return engine->history(); };
    return sources;
}

} // namespace oilwatch::app
