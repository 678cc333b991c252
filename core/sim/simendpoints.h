#pragma once

#include "sim/httprequest.h"
#include "sim/pricemodel.h"
#include "sim/requestcontext.h"
#include "sim/simresponse.h"
#include "sim/tickbodycache.h"

#include <vector>

#include <QByteArray>
#include <QString>

namespace oilwatch::sim {

class JsonWriter;

// The endpoint handlers of the simulated API (contract §2, §6): each turns a GET it was routed into its
// answer from the price model and the catalogue. Authentication, quota, faults and the standard headers are
// the router's (SimRouter); errors a handler finds in the request itself (unknown codes, bad dates) are its
// own.
class SimEndpoints
{
public:
    static constexpr int kMaxPerPage = 100;
    // What the demo API's meta says of its limit (contract §2.8); the simulator does not enforce it (a fault
    // profile's rate_limit or a forced 429 does, with the Retry-After it sets).
    static constexpr QByteArrayView kDemoRateLimit = "20 requests per hour";

    explicit SimEndpoints(PriceModel& model);

    // /v1/prices/latest: one code flat, a comma list or no code keyed by code; kept per raw by_code while the
    // model stands still (repeatable, with a weak ETag).
    void handleLatest(const HttpRequest& request, RequestContext& ctx, SimResponse& response);
    // /v1/prices/past_*: windowDays is the endpoint's window, used only where start_date/end_date are absent.
    void handleHistorical(
        const HttpRequest& request, RequestContext& ctx, qint64 windowDays, SimResponse& response);
    void handleCommodities(const HttpRequest& request, SimResponse& response) const;
    void handleCategories(SimResponse& response) const;
    void handleCommodityDetail(QByteArrayView code, RequestContext& ctx, SimResponse& response);
    void handleDemoPrices(const HttpRequest& request, RequestContext& ctx, SimResponse& response);

private:
    void buildLatest(const HttpRequest& request, RequestContext& ctx, SimResponse& response);
    static QByteArray latestEtag(QByteArrayView rawCodes, const TickBodyCache::Stamp& stamp);
    // Parses by_code; on unknown codes fills the 400 invalid_code answer and returns false.
    bool parseCodes(const QString& byCode, std::vector<int>* indexes, SimResponse& response) const;
    void writePriceFields(JsonWriter& json, int index, const PricePoint& point) const;

    PriceModel& m_model;
    const CommodityCatalog& m_catalog;
    QByteArray m_commoditiesBody; // the catalogue never changes, so its JSON is built once
    TickBodyCache m_latestBodies; // /v1/prices/latest answers by raw by_code, rebuilt when the model moves
};

} // namespace oilwatch::sim
