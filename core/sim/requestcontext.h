#pragma once

#include "sim/simresponse.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace oilwatch::sim {

// What the router, the endpoints and the fault responder share about the request being answered.
struct RequestContext
{
    static constexpr qint64 kMsPerDay = 86'400'000;
    enum class Limit
    {
        None,
        Forced, // a forced 429 status: the burst limit, with the quota headers of an exhausted window
        Burst, // the profile's rate_limit: retryable, the daily quota itself is still available
        Quota, // quota_exhausted, or an enforced quota spent: final until the next UTC midnight
    };
    qint64 nowMs = 0;
    QByteArray requestId;
    bool isV1 = false;
    bool priceAnswer = false; // latest or history: the answers the bad-data kinds corrupt
    Limit limit = Limit::None;

    qint64 nextMidnightSec() const { return (nowMs / kMsPerDay + 1) * (kMsPerDay / 1000); }
};

// The error bodies of the simulator (contract §3.2, the docs' envelope): {"status":"error","error":{...}}.
QByteArray errorBody(QByteArrayView code, QByteArrayView message, QByteArrayView requestId);
void setError(
    SimResponse& response, int status, QByteArrayView code, QByteArrayView message, QByteArrayView requestId);
// 422 VALIDATION_ERROR naming the field and the value sent.
void setValidationError(SimResponse& response, QByteArrayView field, const QString& value,
    QByteArrayView message, QByteArrayView requestId);
// The canonical upper-case code of a status (RATE_LIMIT_EXCEEDED, BAD_GATEWAY, ...).
QByteArray canonicalCode(int status);

} // namespace oilwatch::sim
