#pragma once

#include "api/quote.h"
#include "util/utc.h"

namespace oilwatch::testing {

inline const QDateTime kT0
    = QDateTime::fromSecsSinceEpoch(1'767'225'600, oilwatch::util::utc()); // 2026-01-01T00:00:00Z

// A complete quote created the given minutes after kT0, received two seconds later.
inline api::Quote quote(const QString& code, qint64 minutesAfterT0, double price = 70.0)
{
    api::Quote q;
    q.code = code;
    q.price = price;
    q.currency = QStringLiteral("USD");
    q.unit = QStringLiteral("barrel");
    q.createdAt = kT0.addSecs(minutesAfterT0 * 60);
    q.type = QStringLiteral("spot_price");
    q.source = QStringLiteral("test");
    q.receivedAt = q.createdAt.addSecs(2);
    return q;
}

} // namespace oilwatch::testing
