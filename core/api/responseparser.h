#pragma once

#include "api/apierror.h"
#include "api/quote.h"
#include "api/result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>

namespace oilwatch::api {

// Turns 2xx bodies into typed values. Tolerates unknown fields and the documented shape variants; anything we
// cannot trust (no price, a non-numeric or non-finite price, no timestamp, not JSON) is a BadResponse error.
class ResponseParser
{
public:
    static Result<Quote> parseQuote(const QJsonObject& object, const QDateTime& receivedAt);
    // /v1/prices/latest: one flat object, a map keyed by code, or the legacy data.prices[] list.
    static Result<QList<Quote>> parseLatest(const QByteArray& body, const QDateTime& receivedAt);
    // /v1/prices/past_*: data.prices[] plus pagination from the body's meta block or the X-* headers.
    static Result<HistoryPage> parseHistoryPage(
        const QByteArray& body, const RawHeaders& headers, const QDateTime& receivedAt);
    // /v1/commodities: {"data":{"commodities":[..]}}, {"data":[..]} or a bare list.
    // The items of a /v1/commodities answer, in any of its shapes (a bare list, data[], data.commodities[]),
    // as sent: for readers that need fields Commodity does not keep (price_limits). Never empty.
    static Result<QJsonArray> commodityItems(const QByteArray& body);
    static Result<QList<Commodity>> parseCommodities(const QByteArray& body);

    static QDateTime parseTimestamp(const QString& text);
};

} // namespace oilwatch::api
