#include "resilience/resiliencesettings.h"

#include <cmath>
#include <limits>
#include <set>

namespace oilwatch::resilience {

namespace {

constexpr qint64 kHourMs = 3'600'000;

// Reads one section of the JSON, remembering which keys it used so the rest can be reported as unknown.
class SectionReader
{
public:
    SectionReader(const QJsonObject& root, const QString& section, QList<SettingsError>& errors)
        : m_section(section)
        , m_errors(errors)
    {
        const QJsonValue value = root.value(section);
        if (value.isUndefined())
            return;
        if (!value.isObject()) {
            error(QString(), QStringLiteral("must be an object"));
            return;
        }
        m_object = value.toObject();
    }

    ~SectionReader()
    {
        for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
            if (!m_used.contains(it.key()))
                error(it.key(), QStringLiteral("unknown key"));
        }
    }

    SectionReader(const SectionReader&) = delete;
    SectionReader& operator=(const SectionReader&) = delete;

    template <typename Int> void integer(const char* key, Int& target, qint64 min, qint64 max)
    {
        const QJsonValue value = take(key);
        if (value.isUndefined())
            return;
        const double number = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        if (!value.isDouble() || std::floor(number) != number || number < double(min)
            || number > double(max)) {
            error(QLatin1String(key),
                QStringLiteral("must be a whole number in [%1, %2], got %3")
                    .arg(min)
                    .arg(max)
                    .arg(text(value)));
            return;
        }
        target = static_cast<Int>(number);
    }

    // A number in (min, max]: thresholds where 0 would mean "always open".
    void percentage(const char* key, double& target)
    {
        const QJsonValue value = take(key);
        if (value.isUndefined())
            return;
        const double number = value.toDouble();
        if (!value.isDouble() || !std::isfinite(number) || number <= 0.0 || number > 100.0) {
            error(
                QLatin1String(key), QStringLiteral("must be a number in (0, 100], got %1").arg(text(value)));
            return;
        }
        target = number;
    }

    void real(const char* key, double& target, double min, double max)
    {
        const QJsonValue value = take(key);
        if (value.isUndefined())
            return;
        const double number = value.toDouble();
        if (!value.isDouble() || !std::isfinite(number) || number < min || number > max) {
            error(QLatin1String(key),
                QStringLiteral("must be a number in [%1, %2], got %3").arg(min).arg(max).arg(text(value)));
            return;
        }
        target = number;
    }

    void boolean(const char* key, bool& target)
    {
        const QJsonValue value = take(key);
        if (value.isUndefined())
            return;
        if (!value.isBool()) {
            error(QLatin1String(key), QStringLiteral("must be true or false, got %1").arg(text(value)));
            return;
        }
        target = value.toBool();
    }

    void jitter(const char* key, JitterKind& target)
    {
        const QJsonValue value = take(key);
        if (value.isUndefined())
            return;
        const std::optional<JitterKind> kind = jitterKindFromName(value.toString());
        if (!value.isString() || !kind) {
            error(QLatin1String(key),
                QStringLiteral("must be one of full, equal, decorrelated, none, python_sdk_reference, got %1")
                    .arg(text(value)));
            return;
        }
        target = *kind;
    }

    void error(const QString& key, const QString& message)
    {
        m_errors.append(
            SettingsError {key.isEmpty() ? m_section : m_section + QLatin1Char('.') + key, message});
    }

private:
    QJsonValue take(const char* key)
    {
        const QString name = QLatin1String(key);
        m_used.insert(name);
        return m_object.value(name);
    }

    static QString text(const QJsonValue& value)
    {
        switch (value.type()) {
        case QJsonValue::String:
            return QLatin1Char('"') + value.toString() + QLatin1Char('"');
        case QJsonValue::Double:
            return QString::number(value.toDouble());
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Null:
            return QStringLiteral("null");
        case QJsonValue::Array:
            return QStringLiteral("an array");
        case QJsonValue::Object:
            return QStringLiteral("an object");
        case QJsonValue::Undefined:
            break;
        }
        return QStringLiteral("nothing");
    }

    QString m_section;
    QList<SettingsError>& m_errors;
    QJsonObject m_object;
    std::set<QString> m_used;
};

} // namespace

QJsonObject ResilienceSettings::toJson() const
{
    const auto ms = [](qint64 value) { return QJsonValue(static_cast<double>(value)); };
    return QJsonObject {
        {QStringLiteral("timeouts"),
            QJsonObject {
                {QStringLiteral("attemptMs"), ms(timeouts.attemptMs)},
                {QStringLiteral("totalMs"), ms(timeouts.totalMs)},
            }},
        {QStringLiteral("retry"),
            QJsonObject {
                {QStringLiteral("maxAttempts"), retry.maxAttempts},
                {QStringLiteral("jitter"), jitterKindName(retry.backoff.jitter)},
                {QStringLiteral("baseMs"), ms(retry.backoff.baseMs)},
                {QStringLiteral("capMs"), ms(retry.backoff.capMs)},
                {QStringLiteral("maxRetryAfterMs"), ms(retry.maxRetryAfterMs)},
            }},
        {QStringLiteral("budget"),
            QJsonObject {
                {QStringLiteral("enabled"), budget.enabled},
                {QStringLiteral("capacity"), budget.capacity},
                {QStringLiteral("retryCost"), budget.retryCost},
                {QStringLiteral("timeoutRetryCost"), budget.timeoutRetryCost},
                {QStringLiteral("successRefund"), budget.successRefund},
            }},
        {QStringLiteral("breaker"),
            QJsonObject {
                {QStringLiteral("windowMs"), ms(breaker.windowMs)},
                {QStringLiteral("minimumCalls"), breaker.minimumCalls},
                {QStringLiteral("failureRateThreshold"), breaker.failureRateThreshold},
                {QStringLiteral("consecutiveFailureThreshold"), breaker.consecutiveFailureThreshold},
                {QStringLiteral("slowCallDurationMs"), ms(breaker.slowCallDurationMs)},
                {QStringLiteral("slowCallRateThreshold"), breaker.slowCallRateThreshold},
                {QStringLiteral("openBaseMs"), ms(breaker.openBaseMs)},
                {QStringLiteral("openMultiplier"), breaker.openMultiplier},
                {QStringLiteral("openMaxMs"), ms(breaker.openMaxMs)},
                {QStringLiteral("halfOpenProbes"), breaker.halfOpenProbes},
            }},
        {QStringLiteral("limiter"),
            QJsonObject {
                {QStringLiteral("maxInFlight"), limiter.maxInFlight},
                {QStringLiteral("maxQueued"), limiter.maxQueued},
            }},
    };
}

SettingsParseResult settingsFromJson(const QJsonObject& json)
{
    SettingsParseResult result;
    ResilienceSettings& s = result.settings;
    QList<SettingsError>& errors = result.errors;
    const ResilienceSettings defaults;

    const QStringList sections {QStringLiteral("timeouts"), QStringLiteral("retry"), QStringLiteral("budget"),
        QStringLiteral("breaker"), QStringLiteral("limiter")};
    for (auto it = json.constBegin(); it != json.constEnd(); ++it) {
        if (!sections.contains(it.key()))
            errors.append(SettingsError {it.key(), QStringLiteral("unknown key")});
    }

    {
        SectionReader r(json, QStringLiteral("timeouts"), errors);
        r.integer("attemptMs", s.timeouts.attemptMs, 1, 600'000);
        r.integer("totalMs", s.timeouts.totalMs, 1, 3'600'000);
    }
    {
        SectionReader r(json, QStringLiteral("retry"), errors);
        r.integer("maxAttempts", s.retry.maxAttempts, 1, 10);
        r.jitter("jitter", s.retry.backoff.jitter);
        r.integer("baseMs", s.retry.backoff.baseMs, 1, 60'000);
        r.integer("capMs", s.retry.backoff.capMs, 1, 600'000);
        r.integer("maxRetryAfterMs", s.retry.maxRetryAfterMs, 0, 600'000);
        if (s.retry.backoff.capMs < s.retry.backoff.baseMs) {
            r.error(QStringLiteral("capMs"),
                QStringLiteral("must not be below baseMs (%1), got %2")
                    .arg(s.retry.backoff.baseMs)
                    .arg(s.retry.backoff.capMs));
            s.retry.backoff.capMs = std::max(defaults.retry.backoff.capMs, s.retry.backoff.baseMs);
        }
    }
    {
        SectionReader r(json, QStringLiteral("budget"), errors);
        r.boolean("enabled", s.budget.enabled);
        r.integer("capacity", s.budget.capacity, 1, 1'000'000);
        r.integer("retryCost", s.budget.retryCost, 0, 1'000'000);
        r.integer("timeoutRetryCost", s.budget.timeoutRetryCost, 0, 1'000'000);
        r.integer("successRefund", s.budget.successRefund, 0, 1'000'000);
    }
    {
        SectionReader r(json, QStringLiteral("breaker"), errors);
        r.integer("windowMs", s.breaker.windowMs, 1000, kHourMs);
        r.integer("minimumCalls", s.breaker.minimumCalls, 1, 100'000);
        r.percentage("failureRateThreshold", s.breaker.failureRateThreshold);
        r.integer("consecutiveFailureThreshold", s.breaker.consecutiveFailureThreshold, 0, 100'000);
        r.integer("slowCallDurationMs", s.breaker.slowCallDurationMs, 0, kHourMs);
        r.percentage("slowCallRateThreshold", s.breaker.slowCallRateThreshold);
        r.integer("openBaseMs", s.breaker.openBaseMs, 1, kHourMs);
        r.real("openMultiplier", s.breaker.openMultiplier, 1.0, 10.0);
        r.integer("openMaxMs", s.breaker.openMaxMs, 1, 24 * kHourMs);
        r.integer("halfOpenProbes", s.breaker.halfOpenProbes, 1, 1000);
        if (s.breaker.openMaxMs < s.breaker.openBaseMs) {
            r.error(QStringLiteral("openMaxMs"),
                QStringLiteral("must not be below openBaseMs (%1), got %2")
                    .arg(s.breaker.openBaseMs)
                    .arg(s.breaker.openMaxMs));
            s.breaker.openMaxMs = std::max(defaults.breaker.openMaxMs, s.breaker.openBaseMs);
        }
    }
    {
        SectionReader r(json, QStringLiteral("limiter"), errors);
        r.integer("maxInFlight", s.limiter.maxInFlight, 1, 10'000);
        r.integer("maxQueued", s.limiter.maxQueued, 0, 1'000'000);
    }
    return result;
}

} // namespace oilwatch::resilience
