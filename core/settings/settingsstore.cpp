#include "settings/settingsstore.h"

#include "api/clientconfig.h"
#include "api/oilpriceapiclient.h"
#include "cache/redisurl.h"
#include "settings/settingvalues.h"
#include "validation/validationsettings.h"

#include <functional>

#include <QJsonDocument>
#include <QJsonObject>
#include <QSettings>

namespace oilwatch::settings {

namespace {

// Error message for a rejected value, or nullopt when it is accepted.
using Validator = std::function<std::optional<QString>(const QString& value)>;

struct KeySpec
{
    QString key; // dotted, as `oilwatch config` names it
    QString storage; // the QSettings name; the one earlier versions used where a key existed already
    QString defaultValue;
    Validator validate;
    QString help;
};

const QString kLegacyApiKey = QStringLiteral("api/key");
const QString kRangePrefix = QStringLiteral("validation.range.");
const QString kSpikePrefix = QStringLiteral("validation.spike.");
const QString kResiliencePrefix = QStringLiteral("resilience.");

QString quoted(const QString& value)
{
    return QLatin1Char('"') + value + QLatin1Char('"');
}

std::optional<QString> validateBaseUrl(const QString& value)
{
    const QUrl url(value.trimmed(), QUrl::StrictMode);
    api::ClientConfig config;
    config.baseUrl = url;
    config.apiKey = QStringLiteral("unused"); // only the URL is judged here
    if (const auto error = config.validate())
        return error->message;
    return std::nullopt;
}

Validator oneOf(QStringList choices)
{
    return [choices](const QString& value) -> std::optional<QString> {
        if (choices.contains(value.trimmed()))
            return std::nullopt;
        return QStringLiteral("must be one of %1, got %2")
            .arg(choices.join(QStringLiteral(", ")), quoted(value));
    };
}

Validator wholeNumber(qint64 min, qint64 max, const QString& unit)
{
    return [=](const QString& value) -> std::optional<QString> {
        bool ok = false;
        const qint64 number = value.trimmed().toLongLong(&ok);
        if (ok && number >= min && number <= max)
            return std::nullopt;
        return QStringLiteral("must be a whole number of %1 from %2 to %3, got %4")
            .arg(unit)
            .arg(min)
            .arg(max)
            .arg(quoted(value));
    };
}

std::optional<QString> validatePositive(const QString& value)
{
    if (parsePositive(value))
        return std::nullopt;
    return QStringLiteral("must be a number above 0, got %1").arg(quoted(value));
}

std::optional<QString> validateSpike(const QString& value)
{
    if (parseSpikeLimit(value))
        return std::nullopt;
    return QStringLiteral("must be PERCENT,MINUTES with both above 0 (e.g. 8,15), got %1").arg(quoted(value));
}

std::optional<QString> validateRange(const QString& value)
{
    const auto pair = parseNumberPair(value);
    if (pair && pair->first <= pair->second)
        return std::nullopt;
    return QStringLiteral("must be MIN,MAX with MIN <= MAX (e.g. -40,200), got %1").arg(quoted(value));
}

std::optional<QString> validateRedisUrl(const QString& value)
{
    if (value.trimmed().isEmpty())
        return std::nullopt; // no shared cache
    const auto parsed = cache::RedisUrl::parse(value);
    if (parsed)
        return std::nullopt;
    // Never the value itself: a Redis URL may carry a password.
    return parsed.error().message + QStringLiteral(" (expected redis://[user:password@]HOST[:PORT][/DB])");
}

QString spikeText(const validation::SpikeLimit& limit)
{
    return QStringLiteral("%1,%2").arg(limit.maxChangePercent).arg(double(limit.windowMs) / 60'000.0);
}

const QList<KeySpec>& plainSpecs()
{
    static const QList<KeySpec> specs = [] {
        const validation::ValidationSettings validationDefaults;
        return QList<KeySpec> {
            {QStringLiteral("api.base_url"), QStringLiteral("api/base_url"),
                api::ClientConfig::defaultBaseUrl().toString(), validateBaseUrl,
                QStringLiteral("the API endpoint; https, or http to this machine only")},
            {QStringLiteral("poll.interval_s"), QStringLiteral("poll/interval_s"), QStringLiteral("60"),
                wholeNumber(1, 86'400, QStringLiteral("seconds")),
                QStringLiteral("seconds between polls of the dashboard and watch; unset: 60, or 2 against a "
                               "simulator on this machine")},
            {QStringLiteral("cache.backend"), QStringLiteral("cache/backend"), QStringLiteral("local"),
                oneOf({QStringLiteral("local"), QStringLiteral("redis")}),
                QStringLiteral("local (SQLite in the data folder) or redis (shared, at cache.redis_url)")},
            {QStringLiteral("cache.redis_url"), QStringLiteral("cache/redis_url"), QString(),
                validateRedisUrl,
                QStringLiteral("redis://[user:password@]HOST[:PORT][/DB] of the shared cache")},
            {QStringLiteral("look.theme"), QStringLiteral("look/theme"), QStringLiteral("system"),
                oneOf({QStringLiteral("system"), QStringLiteral("light"), QStringLiteral("dark")}),
                QStringLiteral("system, light or dark")},
            {QStringLiteral("validation.clock_skew_s"), QStringLiteral("validation/clock_skew_s"),
                QString::number(validationDefaults.clockSkewMs / 1000), validatePositive,
                QStringLiteral("how far (s) a price's created_at may lie in our future")},
            {QStringLiteral("validation.max_latest_age_h"), QStringLiteral("validation/max_latest_age_h"),
                QString::number(validationDefaults.maxLatestAgeMs / 3'600'000), validatePositive,
                QStringLiteral("the oldest created_at (hours) a latest price may carry")},
            {QStringLiteral("validation.spike_default"), QStringLiteral("validation/spike_default"),
                spikeText(validationDefaults.defaultSpike), validateSpike,
                QStringLiteral("PERCENT,MINUTES: the spike limit of codes whose category has none")},
        };
    }();
    return specs;
}

// The resilience settings' leaves as dotted keys ("retry.maxAttempts") with their defaults.
QList<std::pair<QString, QJsonValue>> resilienceLeaves()
{
    QList<std::pair<QString, QJsonValue>> leaves;
    const QJsonObject json = resilience::ResilienceSettings().toJson();
    for (auto section = json.constBegin(); section != json.constEnd(); ++section) {
        const QJsonObject fields = section.value().toObject();
        for (auto field = fields.constBegin(); field != fields.constEnd(); ++field)
            leaves.append({section.key() + QLatin1Char('.') + field.key(), field.value()});
    }
    return leaves;
}

std::optional<QJsonValue> resilienceDefault(const QString& leaf)
{
    for (const auto& [path, value] : resilienceLeaves()) {
        if (path == leaf)
            return value;
    }
    return std::nullopt;
}

QString jsonText(const QJsonValue& value)
{
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    return value.toString();
}

// The text as a JSON value of the default's type.
std::optional<QJsonValue> jsonOfType(const QString& text, const QJsonValue& like)
{
    const QString trimmed = text.trimmed();
    if (like.isBool()) {
        if (trimmed == QLatin1String("true") || trimmed == QLatin1String("false"))
            return QJsonValue(trimmed == QLatin1String("true"));
        return std::nullopt;
    }
    if (like.isDouble()) {
        bool ok = false;
        const double number = trimmed.toDouble(&ok);
        return ok ? std::optional<QJsonValue>(number) : std::nullopt;
    }
    return QJsonValue(trimmed);
}

// The resilience JSON with one leaf replaced, judged by settingsFromJson (the one judge of those values).
util::ValueOrError<resilience::ResilienceSettings, QString> withLeaf(
    const resilience::ResilienceSettings& base, const QString& leaf, const QString& text)
{
    const auto like = resilienceDefault(leaf);
    const auto value = jsonOfType(text, *like);
    if (!value)
        return QStringLiteral("must be %1, got %2")
            .arg(like->isBool() ? QStringLiteral("true or false") : QStringLiteral("a number"), quoted(text));
    QJsonObject json = base.toJson();
    const QString section = leaf.section(QLatin1Char('.'), 0, 0);
    QJsonObject fields = json.value(section).toObject();
    fields.insert(leaf.section(QLatin1Char('.'), 1), *value);
    json.insert(section, fields);
    const resilience::SettingsParseResult parsed = resilience::settingsFromJson(json);
    if (!parsed.ok())
        return parsed.errors.constFirst().message;
    return parsed.settings;
}

const KeySpec* plainSpec(const QString& key)
{
    for (const KeySpec& spec : plainSpecs()) {
        if (spec.key == key)
            return &spec;
    }
    return nullptr;
}

// validation.range.CODE / validation.spike.CODE: the code, when the key is one of those.
std::optional<QString> perCodeSuffix(const QString& key, const QString& prefix)
{
    if (!key.startsWith(prefix))
        return std::nullopt;
    const QString code = key.mid(prefix.size());
    if (!api::OilPriceApiClient::isValidCode(code))
        return std::nullopt;
    return code;
}

QString storageFor(const QString& key)
{
    if (const KeySpec* spec = plainSpec(key))
        return spec->storage;
    if (const auto code = perCodeSuffix(key, kRangePrefix))
        return QStringLiteral("validation/range/") + *code;
    if (const auto code = perCodeSuffix(key, kSpikePrefix))
        return QStringLiteral("validation/spike/") + *code;
    return {};
}

SettingError unknownKey(const QString& key)
{
    return {key,
        QStringLiteral("unknown key; `oilwatch config list` shows them all (per-code keys are "
                       "validation.range.CODE and validation.spike.CODE)")};
}

bool isResilienceKey(const QString& key)
{
    return key.startsWith(kResiliencePrefix) && resilienceDefault(key.mid(kResiliencePrefix.size()));
}

} // namespace

QString themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::System:
        break;
    }
    return QStringLiteral("system");
}

SettingsStore::SettingsStore()
    : m_owned(std::make_unique<QSettings>())
    , m_settings(m_owned.get())
{ }

SettingsStore::SettingsStore(QSettings& backing)
    : m_settings(&backing)
{ }

SettingsStore::~SettingsStore() = default;

QStringList SettingsStore::fixedKeys()
{
    QStringList keys;
    for (const KeySpec& spec : plainSpecs())
        keys << spec.key;
    for (const auto& leaf : resilienceLeaves())
        keys << kResiliencePrefix + leaf.first;
    return keys;
}

bool SettingsStore::isKnownKey(const QString& key)
{
    return plainSpec(key) || isResilienceKey(key) || perCodeSuffix(key, kRangePrefix)
        || perCodeSuffix(key, kSpikePrefix);
}

QString SettingsStore::helpFor(const QString& key)
{
    if (const KeySpec* spec = plainSpec(key))
        return spec->help;
    if (isResilienceKey(key))
        return QStringLiteral("a resilience setting (docs/RESILIENCE.md)");
    if (perCodeSuffix(key, kRangePrefix))
        return QStringLiteral("MIN,MAX: the plausible price range of this code");
    if (perCodeSuffix(key, kSpikePrefix))
        return QStringLiteral("PERCENT,MINUTES: the spike limit of this code");
    return {};
}

std::optional<SettingError> SettingsStore::check(const QString& key, const QString& value)
{
    std::optional<QString> problem;
    if (const KeySpec* spec = plainSpec(key)) {
        problem = spec->validate(value);
    } else if (isResilienceKey(key)) {
        const auto result = withLeaf({}, key.mid(kResiliencePrefix.size()), value);
        if (!result)
            problem = result.error();
    } else if (perCodeSuffix(key, kRangePrefix)) {
        problem = validateRange(value);
    } else if (perCodeSuffix(key, kSpikePrefix)) {
        problem = validateSpike(value);
    } else {
        return unknownKey(key);
    }
    if (problem)
        return SettingError {key, *problem};
    return std::nullopt;
}

SettingResult<QString> SettingsStore::get(const QString& key) const
{
    if (isResilienceKey(key)) {
        const QString leaf = key.mid(kResiliencePrefix.size());
        const QJsonObject json = resilience().settings.toJson();
        return jsonText(json.value(leaf.section(QLatin1Char('.'), 0, 0))
                            .toObject()
                            .value(leaf.section(QLatin1Char('.'), 1)));
    }
    const QString storage = storageFor(key);
    if (storage.isEmpty())
        return unknownKey(key);
    if (m_settings->contains(storage)) {
        const QVariant stored = m_settings->value(storage);
        // QSettings reads an unquoted "1,2" from an ini file as a list of two strings.
        return stored.userType() == QMetaType::QStringList ? stored.toStringList().join(QLatin1Char(','))
                                                           : stored.toString();
    }
    const KeySpec* spec = plainSpec(key);
    return spec ? spec->defaultValue : QString();
}

bool SettingsStore::isSet(const QString& key) const
{
    if (isResilienceKey(key)) {
        const QJsonObject stored = QJsonDocument::fromJson(
            m_settings->value(QLatin1String(kResilienceSettingsKey)).toString().toUtf8())
                                       .object();
        const QString leaf = key.mid(kResiliencePrefix.size());
        return stored.value(leaf.section(QLatin1Char('.'), 0, 0))
            .toObject()
            .contains(leaf.section(QLatin1Char('.'), 1));
    }
    const QString storage = storageFor(key);
    return !storage.isEmpty() && m_settings->contains(storage);
}

std::optional<SettingError> SettingsStore::set(const QString& key, const QString& value)
{
    if (isResilienceKey(key)) {
        const auto result = withLeaf(resilience().settings, key.mid(kResiliencePrefix.size()), value);
        if (!result)
            return SettingError {key, result.error()};
        setResilience(result.value());
        return std::nullopt;
    }
    if (const auto error = check(key, value))
        return error;
    if (key == QLatin1String("cache.backend") && value.trimmed() == QLatin1String("redis")
        && get(QStringLiteral("cache.redis_url")).value().trimmed().isEmpty())
        return SettingError {
            key, QStringLiteral("set cache.redis_url first: the redis backend needs its URL")};
    m_settings->setValue(storageFor(key), value.trimmed());
    m_settings->sync();
    return std::nullopt;
}

std::optional<SettingError> SettingsStore::unset(const QString& key)
{
    if (isResilienceKey(key)) {
        const QString leaf = key.mid(kResiliencePrefix.size());
        const auto result = withLeaf(resilience().settings, leaf, jsonText(*resilienceDefault(leaf)));
        if (result)
            setResilience(result.value());
        return std::nullopt;
    }
    const QString storage = storageFor(key);
    if (storage.isEmpty())
        return unknownKey(key);
    m_settings->remove(storage);
    m_settings->sync();
    return std::nullopt;
}

QList<std::pair<QString, QString>> SettingsStore::list() const
{
    QList<std::pair<QString, QString>> entries;
    for (const QString& key : fixedKeys())
        entries.append({key, get(key).value()});
    for (const auto& [group, prefix] : {std::pair {QStringLiteral("validation/range"), kRangePrefix},
             std::pair {QStringLiteral("validation/spike"), kSpikePrefix}}) {
        m_settings->beginGroup(group);
        const QStringList codes = m_settings->childKeys();
        m_settings->endGroup();
        for (const QString& code : codes) {
            if (isKnownKey(prefix + code))
                entries.append({prefix + code, get(prefix + code).value()});
        }
    }
    return entries;
}

QUrl SettingsStore::baseUrl() const
{
    const QString text = get(QStringLiteral("api.base_url")).value();
    if (validateBaseUrl(text))
        return api::ClientConfig::defaultBaseUrl();
    return QUrl(text.trimmed(), QUrl::StrictMode);
}

std::optional<std::chrono::milliseconds> SettingsStore::pollInterval() const
{
    const QString key = QStringLiteral("poll.interval_s");
    if (!isSet(key) || check(key, get(key).value()))
        return std::nullopt;
    return std::chrono::seconds(get(key).value().trimmed().toLongLong()); // converts to ms
}

Theme SettingsStore::theme() const
{
    const QString name = get(QStringLiteral("look.theme")).value().trimmed();
    if (name == QLatin1String("light"))
        return Theme::Light;
    if (name == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

CacheBackendKind SettingsStore::cacheBackend() const
{
    return get(QStringLiteral("cache.backend")).value().trimmed() == QLatin1String("redis")
        ? CacheBackendKind::Redis
        : CacheBackendKind::Local;
}

std::optional<QUrl> SettingsStore::sharedCacheUrl() const
{
    const QString url = get(QStringLiteral("cache.redis_url")).value().trimmed();
    if (cacheBackend() != CacheBackendKind::Redis || url.isEmpty() || validateRedisUrl(url))
        return std::nullopt;
    return QUrl(url, QUrl::StrictMode);
}

LoadedResilienceSettings SettingsStore::resilience() const
{
    return loadResilienceSettings(*m_settings);
}

void SettingsStore::setResilience(const resilience::ResilienceSettings& settings)
{
    saveResilienceSettings(*m_settings, settings);
}

QString SettingsStore::legacyApiKey() const
{
    return m_settings->value(kLegacyApiKey).toString().trimmed();
}

void SettingsStore::removeLegacyApiKey()
{
    m_settings->remove(kLegacyApiKey);
    m_settings->sync();
}

QString SettingsStore::fileName() const
{
    return m_settings->fileName();
}

} // namespace oilwatch::settings
