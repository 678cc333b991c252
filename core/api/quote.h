#pragma once

#include "api/origin.h"

#include <memory>
#include <optional>

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>

namespace oilwatch::validation {
struct Verdict;
}

namespace oilwatch::api {

// One price as the API reported it, plus when we received it.
struct Quote
{
    QString code;
    double price = 0.0;
    QString currency;
    QString unit;
    QDateTime createdAt; // the API's timestamp, UTC
    QString type; // spot_price, daily_average, ...
    QString source;
    QDateTime receivedAt; // our clock, UTC
    Origin origin; // the server that answered it (OilPriceApiClient stamps it)
};

// Where a value shown to the user came from. Never stale in silence.
enum class ServedFrom
{
    Live,
    Cache,
    Stale
};
QString servedFromName(ServedFrom from);

// What the rate-limit headers told us, on any response.
struct RateLimitInfo
{
    int limit = -1;
    int remaining = -1;
    QDateTime reset; // from X-RateLimit-Reset (epoch seconds or ISO-8601)
    std::optional<int> retryAfterSec; // from Retry-After or the body's retry_after
    QString state; // X-RateLimit-State: available | exhausted | unavailable
    QString window; // X-RateLimit-Window: daily_counter, hourly_circuit_breaker, ...

    // A durable quota (daily, monthly, trial) is spent: retrying cannot help before the reset.
    bool quotaExhausted() const;
};

// How one call went, for the CLI's JSON lines, the status bar and the logs.
struct FetchInfo
{
    ServedFrom servedFrom = ServedFrom::Live;
    // How old the value was when it was served, measured from when we fetched it: 0 for live, the cached
    // entry's age for cache and stale. Consumers add the time since receivedAt to keep it counting up.
    qint64 ageMs = 0;
    int attempts = 0;
    qint64 latencyMs = 0;
    QString requestId;
    // The response's validators as sent (empty when not): they describe the whole body, whatever codes it
    // holds.
    QByteArray etag;
    QByteArray lastModified;
    // Set when the API's answer for this code failed validation: the quote served is then the code's last
    // good value (servedFrom Cache or Stale, with its age), and this holds the rejected quote with the rules
    // it broke. Null: the value served passed (quality ok). A shared pointer to a forward-declared type
    // keeps core/api free of core/validation (which builds on api::Quote) and FetchInfo cheap to copy
    // through queued signals; include validation/dataqualityissue.h to read it.
    std::shared_ptr<const validation::Verdict> suspect;
    // The rate-limit headers of the response (limit and remaining -1 when not sent, and for values served
    // from the cache): what Preferences' "Test connection" and the poll-interval cost show.
    RateLimitInfo rateLimit;
    // A 429's wait (Retry-After or the body's retry_after) when the request was refused for the rate: kept
    // next to a stale value too, so a poller honours it whatever the cache served instead.
    std::optional<int> retryAfterSec;
};

struct Commodity
{
    QString code;
    QString name;
    QString category;
    QString unit;
    QString currency;
    QString description;
    bool active = true;
};

enum class HistoryWindow
{
    PastDay,
    PastWeek,
    PastMonth,
    PastYear
};
QString historyWindowPath(HistoryWindow window);

struct HistoryQuery
{
    QString code;
    HistoryWindow window = HistoryWindow::PastWeek;
    QDate from; // optional: start_date
    QDate to; // optional: end_date
    // optional: raw | hourly | daily | weekly | monthly (contract §2.3); empty sends none (the API's raw).
    // A chart of a year needs a point a day, not 88 pages of raw records.
    QString interval;
    int perPage = 100;
};

struct Pagination
{
    int page = 1;
    int perPage = 0;
    int total = -1;
    int totalPages = -1;
    bool hasNext = false;
};

struct HistoryPage
{
    QList<Quote> quotes;
    Pagination pagination;
};

} // namespace oilwatch::api

Q_DECLARE_METATYPE(oilwatch::api::Quote)
Q_DECLARE_METATYPE(oilwatch::api::FetchInfo)
