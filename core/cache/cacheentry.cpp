#include "cache/cacheentry.h"

namespace oilwatch::cache {

CacheEntry CacheEntry::fetchedNow(
    const util::Clock& clock, QByteArray body, QDateTime createdAt, QByteArray etag, QByteArray lastModified)
{
    CacheEntry entry;
    entry.body = std::move(body);
    entry.fetchedAtUtc = clock.nowUtc();
    entry.fetchedAtMonotonicMs = clock.monotonicMs();
    entry.createdAt = std::move(createdAt);
    entry.etag = std::move(etag);
    entry.lastModified = std::move(lastModified);
    return entry;
}

} // namespace oilwatch::cache
