// Fuzzes cache::RedisEntryCodec::decodeEntry / decodeUpdate and their encoders: the values and update
// messages a shared Redis hands us were written by other machines and other versions.
//
// Input: the first byte picks entry or update; the rest is the JSON. Invariants: whatever decodes encodes
// to JSON that decodes to the same entry (same body, times, validators, age on the same clock), and that
// JSON is a fixed point; the text fields come back exactly as sent (no character silently replaced); an
// entry is never younger than now.

#include "cache/redisentrycodec.h"
#include "fuzzcheck.h"

#include <cstdint>

#include <QJsonDocument>
#include <QJsonObject>

using oilwatch::cache::CacheEntry;
using oilwatch::cache::RedisEntryCodec;

namespace {

bool sameEntry(const CacheEntry& a, const CacheEntry& b)
{
    return a.body == b.body && a.fetchedAtUtc == b.fetchedAtUtc && a.createdAt == b.createdAt
        && a.etag == b.etag && a.lastModified == b.lastModified
        && a.fetchedAtMonotonicMs == b.fetchedAtMonotonicMs;
}

// A string field the decoder accepted is kept byte for byte: Latin-1 values only, never a '?' for a
// character it could not store.
void checkTextKept(const QJsonObject& sent, const char* field, const QByteArray& kept)
{
    const QJsonValue value = sent.value(QLatin1String(field));
    if (value.isString())
        FUZZ_CHECK(QString::fromLatin1(kept) == value.toString());
}

void checkEntry(const QJsonObject& sent, const CacheEntry& entry, const oilwatch::util::Clock& clock)
{
    FUZZ_CHECK(entry.fetchedAtUtc.isValid());
    FUZZ_CHECK(entry.ageMs(clock) >= 0);
    checkTextKept(sent, "etag", entry.etag);
    checkTextKept(sent, "lastModified", entry.lastModified);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const bool update = data[0] & 1;
    const QByteArray json(reinterpret_cast<const char*>(data) + 1, qsizetype(size) - 1);
    const oilwatch::util::ManualClock clock;
    const QJsonObject sent = QJsonDocument::fromJson(json).object();

    if (!update) {
        const auto entry = RedisEntryCodec::decodeEntry(json, clock);
        if (!entry)
            return 0;
        checkEntry(sent, *entry, clock);
        const QByteArray encoded = RedisEntryCodec::encodeEntry(*entry);
        const auto again = RedisEntryCodec::decodeEntry(encoded, clock);
        FUZZ_CHECK(again.has_value());
        FUZZ_CHECK(sameEntry(*entry, *again));
        FUZZ_CHECK(RedisEntryCodec::encodeEntry(*again) == encoded);
        return 0;
    }
    const auto decoded = RedisEntryCodec::decodeUpdate(json, clock);
    if (!decoded)
        return 0;
    FUZZ_CHECK(!decoded->key.isEmpty());
    checkEntry(sent.value(QLatin1String("entry")).toObject(), decoded->entry, clock);
    checkTextKept(sent, "origin", decoded->origin);
    const QByteArray encoded = RedisEntryCodec::encodeUpdate(*decoded);
    const auto again = RedisEntryCodec::decodeUpdate(encoded, clock);
    FUZZ_CHECK(again.has_value());
    FUZZ_CHECK(again->origin == decoded->origin && again->key == decoded->key);
    FUZZ_CHECK(sameEntry(decoded->entry, again->entry));
    FUZZ_CHECK(RedisEntryCodec::encodeUpdate(*again) == encoded);
    return 0;
}
