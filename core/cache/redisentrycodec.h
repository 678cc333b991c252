#pragma once

#include "cache/cacheentry.h"
#include "util/clock.h"

#include <optional>

#include <QByteArray>
#include <QString>

namespace oilwatch::cache {

// The JSON form of a CacheEntry in Redis, and of the update message published when one is written. Values
// come from other machines and other versions: anything unexpected decodes to nullopt, never to a guess.
class RedisEntryCodec
{
public:
    struct Update
    {
        QByteArray origin; // the writing RedisCache instance, so that it can skip its own messages
        QString key; // without the key prefix
        CacheEntry entry;
    };

    // {"v":1,"body":base64,"fetchedAtUtc":ISO-8601 ms,"createdAt":…,"etag":…,"lastModified":…}.
    // fetchedAtMonotonicMs is not written: steady clocks mean nothing on another machine.
    static QByteArray encodeEntry(const CacheEntry& entry);
    // Rebases fetchedAtMonotonicMs from fetchedAtUtc on `clock`; an entry stamped in the future (clock skew
    // between machines) counts as fetched now.
    static std::optional<CacheEntry> decodeEntry(const QByteArray& json, const util::Clock& clock);

    static QByteArray encodeUpdate(const Update& update);
    static std::optional<Update> decodeUpdate(const QByteArray& json, const util::Clock& clock);
};

} // namespace oilwatch::cache
