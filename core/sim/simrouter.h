#pragma once

#include "sim/faultinjector.h"
#include "sim/faultresponder.h"
#include "sim/httprequest.h"
#include "sim/httprequestparser.h"
#include "sim/pricemodel.h"
#include "sim/requestcontext.h"
#include "sim/simauth.h"
#include "sim/simendpoints.h"
#include "sim/simresponse.h"
#include "sim/tickbodycache.h"

#include <array>
#include <random>

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace oilwatch::sim {

// The simulated OilPriceAPI (contract §6): parsed request + current time + this request's fault decision in,
// response out. No sockets and no clock of its own, so every answer can be checked in a unit test. Routing
// lives here; the key and the quota in SimAuth, the answers in SimEndpoints, the faults in FaultResponder;
// this class adds the request id and the standard headers to every answer.
class SimRouter
{
public:
    static constexpr int kDailyLimit = SimAuth::kDailyLimit;
    static constexpr int kMaxPerPage = SimEndpoints::kMaxPerPage;
    static constexpr int kRetryAfterSec = FaultResponder::kForcedRetryAfterSec;
    static constexpr QByteArrayView kDemoRateLimit = SimEndpoints::kDemoRateLimit;

    // dailyQuota > 0 enforces a quota: that many authorised requests a UTC day are answered, the next ones
    // get the contract's quota-exhausted 429 (X-RateLimit-State: exhausted, Window: daily_counter,
    // Retry-After to midnight) until midnight. 0: kDailyLimit is advertised only.
    SimRouter(PriceModel& model, QString apiKey, quint64 seed, int dailyQuota = 0);

    // Faults apply to /v1 paths only (see FaultResponder). The connection-level parts of a decision (hang,
    // reset, ...) are the caller's to carry out.
    SimResponse handle(const HttpRequest& request, const QDateTime& now, const FaultDecision& decision = {});
    SimResponse handleAt(const HttpRequest& request, qint64 nowMs, const FaultDecision& decision = {});
    // The answer to a request the parser rejected (400, 413, 431, 501, 505); faults do not apply.
    SimResponse parseErrorResponse(HttpParseError error, qint64 nowMs);

    int remainingQuota() const { return m_auth.remaining(); }

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
    void finish(RequestContext& ctx, SimResponse& response);
    QByteArray nextRequestId();
    void writeNextRequestId(char* out); // 20 characters: "req_" and 16 hex digits

    PriceModel& m_model;
    SimAuth m_auth;
    SimEndpoints m_endpoints;
    FaultResponder m_faults;
    std::mt19937_64 m_requestIds;
    qint64 m_resetHeaderDay = -1; // X-RateLimit-Reset only changes at midnight, so its text is kept
    QByteArray m_resetHeader;
};

} // namespace oilwatch::sim
