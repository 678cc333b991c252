#include "alerts/alertrule.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include <QJsonValue>

namespace oilwatch::alerts {

namespace {

struct KindNames
{
    AlertKind kind;
    const char* name;
    const char* label;
    const char* unit;
};

constexpr std::array<KindNames, 6> kKinds {{
    {AlertKind::Above, "above", "Price above", "price"},
    {AlertKind::Below, "below", "Price below", "price"},
    {AlertKind::PercentMove, "percent_move", "Price moves by", "%"},
    {AlertKind::Stale, "stale", "Value older than", "s"},
    {AlertKind::BreakerOpen, "breaker_open", "Breaker open longer than", "s"},
    {AlertKind::DataSuspect, "data_suspect", "Data suspect", ""},
}};

const KindNames& namesOf(AlertKind kind)
{
    for (const KindNames& k : kKinds) {
        if (k.kind == kind)
            return k;
    }
    return kKinds.front();
}

bool measuresAMagnitude(AlertKind kind)
{
    return kind == AlertKind::PercentMove || kind == AlertKind::Stale || kind == AlertKind::BreakerOpen;
}

// "90 s", "15 min", "2 h": the largest unit that divides the duration exactly, so no value is rounded away.
QString shortDuration(qint64 ms)
{
    if (ms % 3'600'000 == 0 && ms > 0)
        return QStringLiteral("%1 h").arg(ms / 3'600'000);
    if (ms % 60'000 == 0 && ms > 0)
        return QStringLiteral("%1 min").arg(ms / 60'000);
    return QStringLiteral("%1 s").arg(QString::number(double(ms) / 1000.0, 'g', 6));
}

// Seconds to milliseconds for display, clamped so that an absurd threshold still prints instead of
// overflowing.
qint64 secondsToMs(double seconds)
{
    return std::llround(std::clamp(seconds, 0.0, 9.0e12) * 1000.0);
}

QString number(double value)
{
    return QString::number(value, 'g', 10);
}

// Reads the keys of one rule object and records a problem for each value of the wrong type.
class RuleReader
{
public:
    RuleReader(const QJsonObject& json, QList<RuleProblem>& problems)
        : m_json(json)
        , m_problems(problems)
    { }

    void text(const char* key, QString& target, bool required)
    {
        const QJsonValue value = take(key, required);
        if (value.isUndefined())
            return;
        if (!value.isString())
            problem(key, QStringLiteral("must be a string"));
        else
            target = value.toString();
    }

    void real(const char* key, double& target, bool required)
    {
        const QJsonValue value = take(key, required);
        if (value.isUndefined())
            return;
        if (!value.isDouble())
            problem(key, QStringLiteral("must be a number"));
        else
            target = value.toDouble();
    }

    void milliseconds(const char* key, qint64& target)
    {
        const QJsonValue value = take(key, false);
        if (value.isUndefined())
            return;
        const double ms = value.toDouble(std::numeric_limits<double>::quiet_NaN());
        // 2^53: the largest whole number a JSON double holds exactly, far beyond any sensible duration.
        if (!value.isDouble() || std::floor(ms) != ms || std::abs(ms) > 9.0e15)
            problem(key, QStringLiteral("must be a whole number of milliseconds"));
        else
            target = static_cast<qint64>(ms);
    }

    void boolean(const char* key, bool& target)
    {
        const QJsonValue value = take(key, false);
        if (value.isUndefined())
            return;
        if (!value.isBool())
            problem(key, QStringLiteral("must be true or false"));
        else
            target = value.toBool();
    }

    void problem(const char* key, const QString& message)
    {
        m_problems.append({QLatin1String(key), message});
    }

private:
    // The value, or undefined when the key is absent (a problem only if it is required).
    QJsonValue take(const char* key, bool required)
    {
        const QJsonValue value = m_json.value(QLatin1String(key));
        if (value.isUndefined() && required)
            problem(key, QStringLiteral("is missing"));
        return value;
    }

    const QJsonObject& m_json;
    QList<RuleProblem>& m_problems;
};

} // namespace

QString alertKindName(AlertKind kind)
{
    return QLatin1String(namesOf(kind).name);
}

std::optional<AlertKind> alertKindFromName(const QString& name)
{
    for (const KindNames& k : kKinds) {
        if (name == QLatin1String(k.name))
            return k.kind;
    }
    return std::nullopt;
}

QString alertKindLabel(AlertKind kind)
{
    return QLatin1String(namesOf(kind).label);
}

QString thresholdUnit(AlertKind kind)
{
    return QLatin1String(namesOf(kind).unit);
}

QJsonObject AlertRule::toJson() const
{
    return QJsonObject {
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("code"), code},
        {QStringLiteral("kind"), alertKindName(kind)},
        {QStringLiteral("threshold"), threshold},
        {QStringLiteral("window_ms"), double(windowMs)},
        {QStringLiteral("pending_ms"), double(pendingMs)},
        {QStringLiteral("hysteresis"), hysteresis},
        {QStringLiteral("cooldown_ms"), double(cooldownMs)},
        {QStringLiteral("enabled"), enabled},
        {QStringLiteral("notify_on_resolve"), notifyOnResolve},
    };
}

QList<RuleProblem> validateRule(const AlertRule& rule)
{
    QList<RuleProblem> problems;
    auto add = [&](const char* field, const QString& message) {
        problems.append({QLatin1String(field), message});
    };
    if (rule.id.trimmed().isEmpty())
        add("id", QStringLiteral("must not be empty"));
    if (rule.code.trimmed().isEmpty())
        add("code", QStringLiteral("must name a commodity code"));
    if (rule.kind != AlertKind::DataSuspect) {
        if (!std::isfinite(rule.threshold))
            add("threshold", QStringLiteral("must be a finite number"));
        else if (measuresAMagnitude(rule.kind) && rule.threshold <= 0.0)
            add("threshold", QStringLiteral("must be greater than 0"));
        if (!std::isfinite(rule.hysteresis) || rule.hysteresis < 0.0)
            add("hysteresis", QStringLiteral("must be 0 or more"));
        // A band as wide as the threshold would need a negative move or age to resolve: it never would.
        else if (measuresAMagnitude(rule.kind) && std::isfinite(rule.threshold) && rule.threshold > 0.0
            && rule.hysteresis >= rule.threshold)
            add("hysteresis",
                QStringLiteral("must be smaller than the threshold (%1)").arg(number(rule.threshold)));
    }
    if (rule.kind == AlertKind::PercentMove && rule.windowMs < 1000)
        add("window_ms", QStringLiteral("must be at least one second"));
    if (rule.pendingMs < 0)
        add("pending_ms", QStringLiteral("must not be negative"));
    if (rule.cooldownMs < 0)
        add("cooldown_ms", QStringLiteral("must not be negative"));
    return problems;
}

RuleFromJson ruleFromJson(const QJsonObject& json)
{
    RuleFromJson out;
    RuleReader reader(json, out.problems);
    reader.text("id", out.rule.id, true);
    reader.text("name", out.rule.name, false);
    reader.text("code", out.rule.code, true);
    QString kind;
    reader.text("kind", kind, true);
    if (!kind.isEmpty()) {
        if (const std::optional<AlertKind> k = alertKindFromName(kind))
            out.rule.kind = *k;
        else
            reader.problem("kind", QStringLiteral("unknown kind \"%1\"").arg(kind));
    }
    reader.real("threshold", out.rule.threshold, out.rule.kind != AlertKind::DataSuspect);
    reader.milliseconds("window_ms", out.rule.windowMs);
    reader.milliseconds("pending_ms", out.rule.pendingMs);
    reader.real("hysteresis", out.rule.hysteresis, false);
    reader.milliseconds("cooldown_ms", out.rule.cooldownMs);
    reader.boolean("enabled", out.rule.enabled);
    reader.boolean("notify_on_resolve", out.rule.notifyOnResolve);
    if (out.problems.isEmpty())
        out.problems = validateRule(out.rule);
    return out;
}

QString describeCondition(const AlertRule& rule)
{
    switch (rule.kind) {
    case AlertKind::Above:
        return QStringLiteral("%1 above %2").arg(rule.code, number(rule.threshold));
    case AlertKind::Below:
        return QStringLiteral("%1 below %2").arg(rule.code, number(rule.threshold));
    case AlertKind::PercentMove:
        return QStringLiteral("%1 moves %2 % in %3")
            .arg(rule.code, number(rule.threshold), shortDuration(rule.windowMs));
    case AlertKind::Stale:
        return QStringLiteral("%1 older than %2").arg(rule.code, shortDuration(secondsToMs(rule.threshold)));
    case AlertKind::BreakerOpen:
        return QStringLiteral("%1 breaker open over %2")
            .arg(rule.code, shortDuration(secondsToMs(rule.threshold)));
    case AlertKind::DataSuspect:
        return QStringLiteral("%1 data suspect").arg(rule.code);
    }
    return rule.code;
}

QString displayName(const AlertRule& rule)
{
    return rule.name.trimmed().isEmpty() ? describeCondition(rule) : rule.name;
}

} // namespace oilwatch::alerts
