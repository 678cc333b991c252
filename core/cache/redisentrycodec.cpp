#include "cache/redisentrycodec.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::cache {

namespace {

constexpr int kFormatVersion = 1;

QJsonValue timeValue(const QDateTime& time)
{
    return time.isValid() ? QJsonValue(time.toUTC().toString(Qt::ISODateWithMs)) : QJsonValue();
}

// Absent and null mean "none"; anything else must be a valid time.
std::optional<QDateTime> timeFrom(const QJsonValue& value)
{
    if (value.isUndefined() || value.isNull())
        return QDateTime();
    if (!value.isString())
        return std::nullopt;
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    if (!time.isValid())
        return std::nullopt;
    return time.toUTC();
}

// Header values and origins are bytes, written as Latin-1 (one character per byte). A character beyond
// Latin-1 was written by something else: toLatin1() would turn it into '?', a guess, so it is refused. Found
// by tests/fuzz/fuzz_redisentrycodec.
std::optional<QByteArray> latin1Of(const QString& text)
{
    for (const QChar c : text) {
        if (c.unicode() > 0xff)
            return std::nullopt;
    }
    return text.toLatin1();
}

std::optional<QByteArray> latin1From(const QJsonValue& value)
{
    if (value.isUndefined() || value.isNull())
        return QByteArray();
    if (!value.isString())
        return std::nullopt;
    return latin1Of(value.toString());
}

QJsonObject entryObject(const CacheEntry& entry)
{
    return QJsonObject {
        {QStringLiteral("v"), kFormatVersion},
        {QStringLiteral("body"), QString::fromLatin1(entry.body.toBase64())},
        {QStringLiteral("fetchedAtUtc"), timeValue(entry.fetchedAtUtc)},
        {QStringLiteral("createdAt"), timeValue(entry.createdAt)},
        // Header values are bytes; Latin-1 maps every byte to one character and back.
        {QStringLiteral("etag"), QString::fromLatin1(entry.etag)},
        {QStringLiteral("lastModified"), QString::fromLatin1(entry.lastModified)},
    };
}

std::optional<CacheEntry> entryFrom(const QJsonObject& object, const util::Clock& clock)
{
    if (object.value(QStringLiteral("v")).toInt(-1) != kFormatVersion)
        return std::nullopt;
    const QJsonValue body = object.value(QStringLiteral("body"));
    if (!body.isString())
        return std::nullopt;
    auto decoded
        = QByteArray::fromBase64Encoding(body.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    const auto fetchedAt = timeFrom(object.value(QStringLiteral("fetchedAtUtc")));
    const auto createdAt = timeFrom(object.value(QStringLiteral("createdAt")));
    const auto etag = latin1From(object.value(QStringLiteral("etag")));
    const auto lastModified = latin1From(object.value(QStringLiteral("lastModified")));
    if (!decoded || !fetchedAt || !fetchedAt->isValid() || !createdAt || !etag || !lastModified)
        return std::nullopt;

    CacheEntry entry;
    entry.body = std::move(*decoded);
    entry.fetchedAtUtc = *fetchedAt;
    entry.createdAt = *createdAt;
    entry.etag = *etag;
    entry.lastModified = *lastModified;
    const qint64 ageMs = std::max<qint64>(0, fetchedAt->msecsTo(clock.nowUtc()));
    entry.fetchedAtMonotonicMs = clock.monotonicMs() - ageMs;
    return entry;
}

std::optional<QJsonObject> objectFrom(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

QByteArray RedisEntryCodec::encodeEntry(const CacheEntry& entry)
{
    return QJsonDocument(entryObject(entry)).toJson(QJsonDocument::Compact);
}

std::optional<CacheEntry> RedisEntryCodec::decodeEntry(const QByteArray& json, const util::Clock& clock)
{
    const auto object = objectFrom(json);
    return object ? entryFrom(*object, clock) : std::nullopt;
}

QByteArray RedisEntryCodec::encodeUpdate(const Update& update)
{
    const QJsonObject object {
        {QStringLiteral("origin"), QString::fromLatin1(update.origin)},
        {QStringLiteral("key"), update.key},
        {QStringLiteral("entry"), entryObject(update.entry)},
    };
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<RedisEntryCodec::Update> RedisEntryCodec::decodeUpdate(
    const QByteArray& json, const util::Clock& clock)
{
    const auto object = objectFrom(json);
    if (!object)
        return std::nullopt;
    const QJsonValue origin = object->value(QStringLiteral("origin"));
    const QJsonValue key = object->value(QStringLiteral("key"));
    const QJsonValue entry = object->value(QStringLiteral("entry"));
    if (!origin.isString() || !key.isString() || key.toString().isEmpty() || !entry.isObject())
        return std::nullopt;
    auto decoded = entryFrom(entry.toObject(), clock);
    const auto originBytes = latin1Of(origin.toString());
    if (!decoded || !originBytes)
        return std::nullopt;
    return Update {*originBytes, key.toString(), std::move(*decoded)};
}

} // namespace oilwatch::cache
