#pragma once

#include "util/clock.h"

#include <QByteArray>
#include <QDateTime>

namespace oilwatch::cache {

// One cached API response, kept as the raw body so that any backend can store it and the parser stays the
// single place that understands it.
struct CacheEntry
{
    QByteArray body;
    QDateTime fetchedAtUtc; // for people and for backends that outlive the process
    qint64 fetchedAtMonotonicMs = 0; // what ages are measured on: immune to wall-clock changes
    QDateTime createdAt; // the API's created_at of the value in the body
    QByteArray etag; // empty when the server sent none
    QByteArray lastModified; // empty when the server sent none

    // Stamps both fetch times from one clock so that they always agree.
    static CacheEntry fetchedNow(const util::Clock& clock, QByteArray body, QDateTime createdAt = {},
        QByteArray etag = {}, QByteArray lastModified = {});

    // Age on the monotonic clock. A persistent backend loading an entry written by another process must
    // rebase fetchedAtMonotonicMs from fetchedAtUtc first: steady clocks do not survive a restart.
    qint64 ageMs(const util::Clock& clock) const { return clock.monotonicMs() - fetchedAtMonotonicMs; }

    // What counts against a cache's byte bound: the payload we keep, not the bookkeeping around it.
    qint64 sizeBytes() const { return body.size() + etag.size() + lastModified.size(); }
};

} // namespace oilwatch::cache
