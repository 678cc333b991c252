#include "resilience/backoff.h"

#include <algorithm>
#include <cmath>

namespace oilwatch::resilience {

namespace {

// 2^(retry-1)·base without overflow: any exponent past 62 is far above every sensible cap anyway.
double exponential(double baseMs, int retry)
{
    const int exponent = std::clamp(retry - 1, 0, 62);
    return std::ldexp(baseMs, exponent);
}

qint64 toMs(double ms)
{
    return std::max<qint64>(0, std::llround(ms));
}

} // namespace

QString jitterKindName(JitterKind kind)
{
    switch (kind) {
    case JitterKind::Full:
        return QStringLiteral("full");
    case JitterKind::Equal:
        return QStringLiteral("equal");
    case JitterKind::Decorrelated:
        return QStringLiteral("decorrelated");
    case JitterKind::None:
        return QStringLiteral("none");
    case JitterKind::PythonSdkReference:
        return QStringLiteral("python_sdk_reference");
    }
    return QStringLiteral("full");
}

std::optional<JitterKind> jitterKindFromName(const QString& name)
{
    for (JitterKind kind : {JitterKind::Full, JitterKind::Equal, JitterKind::Decorrelated, JitterKind::None,
             JitterKind::PythonSdkReference}) {
        if (jitterKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

Backoff::Backoff(BackoffSettings settings, util::RandomSource& random)
    : m_settings(settings)
    , m_random(random)
{ }

qint64 Backoff::ceilingMs(int retry) const
{
    return toMs(std::min(static_cast<double>(m_settings.capMs), exponential(m_settings.baseMs, retry)));
}

qint64 Backoff::delayBeforeRetry(int retry)
{
    const double cap = static_cast<double>(m_settings.capMs);
    const double ceiling = std::min(cap, exponential(m_settings.baseMs, retry));
    switch (m_settings.jitter) {
    case JitterKind::Full:
        return toMs(m_random.uniform(0.0, ceiling));
    case JitterKind::Equal:
        return toMs(ceiling / 2.0 + m_random.uniform(0.0, ceiling / 2.0));
    case JitterKind::Decorrelated: {
        const double base = static_cast<double>(m_settings.baseMs);
        const double previous = m_previousMs.value_or(base);
        const double next = std::min(cap, m_random.uniform(base, previous * 3.0));
        m_previousMs = next;
        return toMs(next);
    }
    case JitterKind::None:
        return toMs(ceiling);
    case JitterKind::PythonSdkReference: {
        const double seconds = std::min(exponential(1.0, retry), 60.0);
        return toMs(seconds * 1000.0 * (1.0 + m_random.uniform(0.0, 0.3)));
    }
    }
    return toMs(ceiling);
}

} // namespace oilwatch::resilience
