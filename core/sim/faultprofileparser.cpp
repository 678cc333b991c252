// FaultProfile::fromJson: the profile JSON a user writes (README "Fault profiles"), checked field by field;
// every error names the field. The fuzz target tests/fuzz feeds this.
#include "sim/faultkinds.h"
#include "sim/faultprofile.h"

#include <cmath>
#include <initializer_list>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::sim {

namespace {

using detail::KindEntry;
using detail::kKinds;

// Thrown inside the parser only, caught in fromJson: keeps every field check a one-liner.
struct ParseFailure
{
    QString message;
};

// A field name or value from the file, fit for a one-line message: JSON keys may hold any character, and a
// line break or escape sequence in an unknown key must not split the log line or the terminal (found by
// tests/fuzz/fuzz_faultprofile). Control characters are written as \uXXXX, as the JSON had them.
QString printable(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f || c.category() == QChar::Other_Control
            || c.category() == QChar::Separator_Line || c.category() == QChar::Separator_Paragraph)
            out += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

[[noreturn]] void fail(const QString& field, const QString& problem)
{
    throw ParseFailure {printable(field + QStringLiteral(": ") + problem)};
}

void rejectUnknownKeys(
    const QJsonObject& object, const QString& where, std::initializer_list<const char*> known)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool found = false;
        for (const char* name : known)
            found = found || it.key() == QLatin1String(name);
        if (!found)
            fail(where.isEmpty() ? it.key() : where + u'.' + it.key(), QStringLiteral("unknown field"));
    }
}

QString fieldName(const QString& where, const char* key)
{
    return where.isEmpty() ? QString::fromLatin1(key) : where + u'.' + QLatin1String(key);
}

double readNumber(
    const QJsonObject& object, const QString& where, const char* key, double min, double max, double fallback)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined())
        return fallback;
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || value.toDouble() < min
        || value.toDouble() > max)
        fail(fieldName(where, key), QStringLiteral("must be a number from %1 to %2").arg(min).arg(max));
    return value.toDouble();
}

qint64 readInteger(const QJsonObject& object, const QString& where, const char* key, qint64 min, qint64 max,
    std::optional<qint64> fallback)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (value.isUndefined()) {
        if (!fallback)
            fail(fieldName(where, key), QStringLiteral("is required"));
        return *fallback;
    }
    const double number = value.toDouble();
    if (!value.isDouble() || number != std::floor(number) || number < double(min) || number > double(max))
        fail(fieldName(where, key), QStringLiteral("must be a whole number from %1 to %2").arg(min).arg(max));
    return qint64(number);
}

QString readString(const QJsonObject& object, const QString& where, const char* key)
{
    const QJsonValue value = object.value(QLatin1String(key));
    if (!value.isString())
        fail(fieldName(where, key),
            value.isUndefined() ? QStringLiteral("is required") : QStringLiteral("must be a string"));
    return value.toString();
}

// Ten years: far enough for any test of timestamps, small enough that created_at stays a valid date.
constexpr qint64 kMaxShiftSec = 10LL * 365 * 86'400;

// An optional replacement text: 1 to 32 characters without quotes or backslashes, so that it can be
// written into the JSON answer as it is. Absent: empty (automatic).
QString readShortText(const QJsonObject& object, const QString& where, const char* key)
{
    if (!object.contains(QLatin1String(key)))
        return {};
    const QString text = readString(object, where, key);
    if (text.isEmpty() || text.size() > 32 || text.contains(u'"') || text.contains(u'\\'))
        fail(fieldName(where, key),
            QStringLiteral("must be 1 to 32 characters without quotes or backslashes"));
    return text;
}

LatencySpec parseLatency(const QJsonValue& value)
{
    const QString where = QStringLiteral("latency");
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isObject())
        fail(where, QStringLiteral("must be an object"));
    const QJsonObject object = value.toObject();
    LatencySpec latency;
    const QString kind = readString(object, where, "kind");
    latency.rate = readNumber(object, where, "rate", 0, 1, 1.0);
    const int max = FaultProfile::kMaxLatencyMs;
    if (kind == u"none") {
        rejectUnknownKeys(object, where, {"kind", "rate"});
    } else if (kind == u"fixed") {
        rejectUnknownKeys(object, where, {"kind", "rate", "ms"});
        latency.kind = LatencyKind::Fixed;
        latency.fixedMs = int(readInteger(object, where, "ms", 0, max, std::nullopt));
    } else if (kind == u"uniform") {
        rejectUnknownKeys(object, where, {"kind", "rate", "min_ms", "max_ms"});
        latency.kind = LatencyKind::Uniform;
        latency.minMs = int(readInteger(object, where, "min_ms", 0, max, std::nullopt));
        latency.maxMs = int(readInteger(object, where, "max_ms", 0, max, std::nullopt));
        if (latency.maxMs < latency.minMs)
            fail(where + QStringLiteral(".max_ms"), QStringLiteral("must not be below min_ms"));
    } else if (kind == u"lognormal") {
        rejectUnknownKeys(object, where, {"kind", "rate", "median_ms", "sigma"});
        latency.kind = LatencyKind::LogNormal;
        latency.medianMs = readNumber(object, where, "median_ms", 0.001, max, 0);
        if (!object.contains(QLatin1String("median_ms")))
            fail(where + QStringLiteral(".median_ms"), QStringLiteral("is required"));
        latency.sigma = readNumber(object, where, "sigma", 0, 5, 0.5);
    } else {
        fail(where + QStringLiteral(".kind"),
            QStringLiteral("must be none, fixed, uniform or lognormal, not \"%1\"").arg(kind));
    }
    return latency;
}

FaultRule parseRule(const QJsonValue& value, const QString& where)
{
    if (!value.isObject())
        fail(where, QStringLiteral("must be an object"));
    const QJsonObject object = value.toObject();
    const QString kindText = readString(object, where, "kind");
    FaultRule rule;
    bool known = false;
    for (const KindEntry& entry : kKinds) {
        if (kindText == QLatin1String(entry.name)) {
            rule.kind = entry.kind;
            known = true;
        }
    }
    if (!known) {
        QStringList names;
        for (const KindEntry& entry : kKinds)
            names.append(QLatin1String(entry.name));
        fail(where + QStringLiteral(".kind"),
            QStringLiteral("unknown kind \"%1\" (one of %2)")
                .arg(kindText, names.join(QStringLiteral(", "))));
    }
    rule.rate = readNumber(object, where, "rate", 0, 1, 1.0);
    switch (rule.kind) {
    case FaultKind::Status:
        rejectUnknownKeys(object, where, {"kind", "rate", "status", "body"});
        rule.status = int(readInteger(object, where, "status", 200, 599, std::nullopt));
        if (object.contains(QLatin1String("body")))
            rule.body = readString(object, where, "body").toUtf8();
        break;
    case FaultKind::Body:
        rejectUnknownKeys(object, where, {"kind", "rate", "body"});
        rule.body = readString(object, where, "body").toUtf8();
        break;
    case FaultKind::RateLimit:
        rejectUnknownKeys(object, where, {"kind", "rate", "retry_after_s"});
        rule.retryAfterSec = int(readInteger(object, where, "retry_after_s", 0, 86'400, rule.retryAfterSec));
        break;
    case FaultKind::SlowBody:
        rejectUnknownKeys(object, where, {"kind", "rate", "chunk_bytes", "interval_ms"});
        rule.chunkBytes = int(readInteger(object, where, "chunk_bytes", 1, 1 << 20, rule.chunkBytes));
        rule.intervalMs = int(readInteger(object, where, "interval_ms", 1, 60'000, rule.intervalMs));
        break;
    case FaultKind::Reset:
        rejectUnknownKeys(object, where, {"kind", "rate", "after_bytes"});
        rule.afterBytes = readInteger(object, where, "after_bytes", -1, 1 << 30, rule.afterBytes);
        break;
    case FaultKind::HugeBody:
        rejectUnknownKeys(object, where, {"kind", "rate", "bytes"});
        rule.bodyBytes = readInteger(object, where, "bytes", 64, FaultProfile::kMaxHugeBytes, rule.bodyBytes);
        break;
    case FaultKind::Spike:
        rejectUnknownKeys(object, where, {"kind", "rate", "factor"});
        rule.factor = readNumber(object, where, "factor", 0.001, 1000, rule.factor);
        if (rule.factor == 1.0)
            fail(fieldName(where, "factor"), QStringLiteral("must not be 1 (that is no spike)"));
        break;
    case FaultKind::FutureCreatedAt:
    case FaultKind::StaleCreatedAt:
        rejectUnknownKeys(object, where, {"kind", "rate", "seconds"});
        rule.shiftSec = readInteger(object, where, "seconds", 1, kMaxShiftSec, 0); // 0: the kind's default
        break;
    case FaultKind::WrongUnit:
        rejectUnknownKeys(object, where, {"kind", "rate", "unit"});
        rule.unit = readShortText(object, where, "unit");
        break;
    case FaultKind::WrongCurrency:
        rejectUnknownKeys(object, where, {"kind", "rate", "currency"});
        rule.currency = readShortText(object, where, "currency");
        break;
    default:
        rejectUnknownKeys(object, where, {"kind", "rate"});
        break;
    }
    return rule;
}

OutageSpec parseOutage(const QJsonValue& value)
{
    const QString where = QStringLiteral("outage");
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isObject())
        fail(where, QStringLiteral("must be an object"));
    const QJsonObject object = value.toObject();
    rejectUnknownKeys(object, where, {"down_s", "up_s", "repeat", "mode"});
    OutageSpec outage;
    constexpr qint64 kWeek = 7 * 86'400;
    outage.downSec = int(readInteger(object, where, "down_s", 1, kWeek, std::nullopt));
    const QJsonValue repeat = object.value(QLatin1String("repeat"));
    if (!repeat.isUndefined() && !repeat.isBool())
        fail(where + QStringLiteral(".repeat"), QStringLiteral("must be true or false"));
    outage.repeat = repeat.toBool(true);
    outage.upSec = int(readInteger(object, where, "up_s", outage.repeat ? 1 : 0, kWeek,
        outage.repeat ? std::nullopt : std::optional<qint64>(0)));
    if (object.contains(QLatin1String("mode"))) {
        const QString mode = readString(object, where, "mode");
        if (mode == u"status")
            outage.mode = OutageMode::Status503;
        else if (mode == u"reset")
            outage.mode = OutageMode::Reset;
        else
            fail(where + QStringLiteral(".mode"),
                QStringLiteral("must be status or reset, not \"%1\"").arg(mode));
    }
    return outage;
}

FaultProfile parseProfile(QByteArrayView json)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError)
        throw ParseFailure {
            QStringLiteral("not valid JSON at offset %1: %2").arg(error.offset).arg(error.errorString())};
    if (!document.isObject())
        throw ParseFailure {QStringLiteral("a profile must be a JSON object")};
    const QJsonObject root = document.object();
    rejectUnknownKeys(root, {}, {"name", "seed", "latency", "faults", "outage"});

    FaultProfile profile;
    if (root.contains(QLatin1String("name"))) {
        profile.name = readString(root, {}, "name").trimmed();
        if (profile.name.isEmpty() || profile.name.size() > 64)
            fail(QStringLiteral("name"), QStringLiteral("must be 1 to 64 characters"));
    }
    if (root.contains(QLatin1String("seed")))
        // JSON numbers are doubles: seeds beyond 2^53 would silently change, so they are refused.
        profile.seed = quint64(readInteger(root, {}, "seed", 0, (1LL << 53), std::nullopt));
    profile.latency = parseLatency(root.value(QLatin1String("latency")));
    profile.outage = parseOutage(root.value(QLatin1String("outage")));

    const QJsonValue faults = root.value(QLatin1String("faults"));
    if (!faults.isUndefined() && !faults.isNull()) {
        if (!faults.isArray())
            fail(QStringLiteral("faults"), QStringLiteral("must be an array"));
        const QJsonArray rules = faults.toArray();
        double total = 0.0;
        for (qsizetype i = 0; i < rules.size(); ++i) {
            profile.faults.push_back(parseRule(rules.at(i), QStringLiteral("faults[%1]").arg(i)));
            total += profile.faults.back().rate;
        }
        if (total > 1.0 + 1e-9)
            fail(QStringLiteral("faults"),
                QStringLiteral(
                    "rates add up to %1; one roll picks at most one fault, so they must not exceed 1")
                    .arg(total));
    }
    return profile;
}

} // namespace

FaultProfileResult FaultProfile::fromJson(QByteArrayView json)
{
    try {
        return parseProfile(json);
    } catch (const ParseFailure& failure) {
        return FaultProfileError {failure.message};
    }
}

} // namespace oilwatch::sim
