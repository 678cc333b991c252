#pragma once

#include "sim/faultinjector.h"
#include "sim/httprequest.h"
#include "sim/httprequestparser.h"
#include "sim/pricemodel.h"
#include "sim/simresponse.h"
#include "sim/simserver.h"
#include "sim/tickbodycache.h"

#include <array>
#include <random>

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace oilwatch::sim {

class JsonWriter;

// The simulated OilPriceAPI (contract §6): parsed request + current time in, response out. No sockets and no
// clock of its own, so every answer can be checked in a unit test. Keeps only the state the real API has
// per key (the daily quota counter) and a seeded request-id generator.
class SimRouter
{
public:
    // The limit X-RateLimit-Limit advertises when no quota is enforced: the counter counts down and stays at
    // 0, and requests keep being answered, so benchmarks at 100k requests a second are never cut off.
    static constexpr int kDailyLimit = 10'000;
    static constexpr int kMaxPerPage = 100;
    static constexpr int kRetryAfterSec = 2; // what a forced 429 asks the client to wait
    // What the demo API's meta says of its limit (contract §2.8); the simulator does not enforce it (a fault
    // profile's rate_limit or a forced 429 does, with the Retry-After it sets).
    static constexpr QByteArrayView kDemoRateLimit = "20 requests per hour";

    // dailyQuota > 0 enforces a quota: that many authorised requests a UTC day are answered, the next ones
    // get the contract's quota-exhausted 429 (X-RateLimit-State: exhausted, Window: daily_counter,
    // Retry-After to midnight) until midnight. 0: kDailyLimit is advertised only.
    SimRouter(PriceModel& model, QString apiKey, quint64 seed, int dailyQuota = 0);

    // Faults apply to /v1 paths only: the legacy settings first, then the profile's decision on top. The
    // connection-level parts of a decision (hang, reset, ...) are the caller's to carry out.
    SimResponse handle(const HttpRequest& request, const QDateTime& now, const FaultSettings& faults = {},
        const FaultDecision& decision = {});
    SimResponse handleAt(const HttpRequest& request, qint64 nowMs, const FaultSettings& faults = {},
        const FaultDecision& decision = {});
    // The answer to a request the parser rejected (400, 413, 431, 501, 505); faults do not apply.
    SimResponse parseErrorResponse(HttpParseError error, qint64 nowMs);

    int remainingQuota() const { return m_remaining; }

    // What a repeatable answer depends on besides the request: it stays valid while this is unchanged.
    TickBodyCache::Stamp answerStamp(qint64 nowMs) const { return {nowMs / 1000, m_model.revision()}; }
    // Counts one more authorised request the caller answers by repeating an earlier repeatable answer, with
    // the same effects on the quota and the request ids as handleAt; returns the two values that change.
    struct Renewal
    {
        std::array<char, 20> requestId;
        int remaining;
    };
    Renewal renewAnswer(qint64 nowMs);
    // False when the next authorised request must be refused (an enforced quota is spent): then it cannot be
    // answered by repeating an earlier answer.
    bool mayRenew(qint64 nowMs);
    static constexpr QByteArrayView kRequestIdHeader = "X-Request-Id";
    static constexpr QByteArrayView kRemainingHeader = "X-RateLimit-Remaining";

    static bool isApiPath(QByteArrayView path) { return path == "/v1" || path.startsWith("/v1/"); }

private:
    enum class Route
    {
        NotFound,
        Latest,
        Past,
        Commodities,
        CommodityCategories,
        CommodityDetail,
        DemoPrices, // the public demo API (contract §2.8): no key needed
        DemoCommodities,
    };
    struct Context; // per-request values shared by the handlers

    void handleLatest(const HttpRequest& request, Context& ctx, SimResponse& response);
    void buildLatest(const HttpRequest& request, Context& ctx, SimResponse& response);
    static QByteArray latestEtag(QByteArrayView rawCodes, const TickBodyCache::Stamp& stamp);
    void handleHistorical(const HttpRequest& request, Context& ctx, qint64 windowDays, SimResponse& response);
    void handleCommodities(const HttpRequest& request, SimResponse& response) const;
    void handleCategories(SimResponse& response) const;
    void handleCommodityDetail(QByteArrayView code, Context& ctx, SimResponse& response);
    void handleDemoPrices(const HttpRequest& request, Context& ctx, SimResponse& response);

    // Parses by_code; on unknown codes fills the 400 invalid_code answer and returns false.
    bool parseCodes(const QString& byCode, std::vector<int>* indexes, SimResponse& response) const;
    void writePriceFields(JsonWriter& json, int index, const PricePoint& point) const;
    void applyFaults(const FaultSettings& faults, Context& ctx, SimResponse& response) const;
    void applyDecision(const FaultDecision& decision, Context& ctx, SimResponse& response) const;
    static void setSimulatedStatus(int status, Context& ctx, SimResponse& response);
    void setQuotaExhausted(Context& ctx, SimResponse& response) const;
    void finish(Context& ctx, SimResponse& response);
    QByteArray nextRequestId();
    void writeNextRequestId(char* out); // 20 characters: "req_" and 16 hex digits
    void rollQuotaDay(qint64 nowMs);

    static QByteArray errorBody(QByteArrayView code, QByteArrayView message, QByteArrayView requestId);
    static void setError(SimResponse& response, int status, QByteArrayView code, QByteArrayView message,
        QByteArrayView requestId);
    static void setValidationError(SimResponse& response, QByteArrayView field, const QString& value,
        QByteArrayView message, QByteArrayView requestId);

    PriceModel& m_model;
    const CommodityCatalog& m_catalog;
    QByteArray m_apiKey;
    std::mt19937_64 m_requestIds;
    int m_quota = 0; // enforced daily quota; 0: none
    int m_limit = kDailyLimit; // what X-RateLimit-Limit says
    int m_remaining = kDailyLimit;
    QByteArray m_limitHeader;
    qint64 m_quotaDay = -1;
    QByteArray m_commoditiesBody; // the catalogue never changes, so its JSON is built once
    TickBodyCache m_latestBodies; // /v1/prices/latest answers by raw by_code, rebuilt when the model moves
    qint64 m_resetHeaderDay = -1; // X-RateLimit-Reset only changes at midnight, so its text is kept
    QByteArray m_resetHeader;
    int m_remainingHeaderFor = -1; // X-RateLimit-Remaining's text, kept while the count stays the same
    QByteArray m_remainingHeader;
};

} // namespace oilwatch::sim
