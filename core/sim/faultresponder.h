#pragma once

#include "sim/faultinjector.h"
#include "sim/requestcontext.h"
#include "sim/simresponse.h"

namespace oilwatch::sim {

// The one place where faults become answers: a decision (the fault settings' rule, an outage, the profile's
// rule) reshapes the response the endpoints built, and an enforced quota that is spent gets the same
// quota-exhausted answer as the quota_exhausted fault. Connection-level kinds (hang, slow body, reset, close,
// an outage by reset) leave the response alone: SimConnection carries them out.
class FaultResponder
{
public:
    static constexpr int kForcedRetryAfterSec = 2; // what a forced 429 asks the client to wait

    explicit FaultResponder(int dailyLimit)
        : m_limit(dailyLimit)
    { }

    void apply(const FaultDecision& decision, RequestContext& ctx, SimResponse& response) const;

    // The contract's durable 429 (§3.3): the docs' envelope with details and retry.retryable false,
    // Retry-After to the next UTC midnight (never 0); the router adds X-RateLimit-State exhausted and Window
    // daily_counter.
    static void setQuotaExhausted(int dailyLimit, RequestContext& ctx, SimResponse& response);
    // A simulated error status replacing the whole answer: 502 as a proxy's HTML page, 429 as the burst
    // limit.
    static void setSimulatedStatus(int status, RequestContext& ctx, SimResponse& response);
    // The body-level faults: empty, malformed, truncated, wrong types, huge, and the bad-data kinds (spike,
    // zero or negative price, shifted created_at, wrong unit or currency), which rewrite every matching field
    // of the body. Other kinds leave the response alone.
    static void reshapeBody(const FaultRule& rule, SimResponse& response);

private:
    void applyRule(const FaultRule& rule, RequestContext& ctx, SimResponse& response) const;

    int m_limit;
};

} // namespace oilwatch::sim
