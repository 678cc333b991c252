#include "alerts/alertinputs.h"

#include <algorithm>
#include <cmath>

namespace oilwatch::alerts {

namespace {

bool isOpen(resilience::BreakerState state)
{
    return state == resilience::BreakerState::Open || state == resilience::BreakerState::HalfOpen;
}

QString price(double value)
{
    return QString::number(value, 'g', 10);
}

// "45 s", "12 min", "3 h": the age or open time in messages, rounded down to the unit shown.
QString roughDuration(qint64 ms)
{
    const qint64 seconds = std::max<qint64>(ms, 0) / 1000;
    if (seconds < 120)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 120 * 60)
        return QStringLiteral("%1 min").arg(seconds / 60);
    return QStringLiteral("%1 h").arg(seconds / 3600);
}

} // namespace

void AlertInputs::addQuote(const api::Quote& quote, const api::FetchInfo& info, qint64 nowMs)
{
    if (!std::isfinite(quote.price))
        return;
    CodeFacts& facts = m_codes[quote.code];
    facts.prices.push_back(Sample {nowMs, quote.price});
    facts.ageAtObservationMs = std::max<qint64>(info.ageMs, 0);
    facts.observedAtMs = nowMs;
    facts.currency = quote.currency;
    trim(facts, nowMs);
}

void AlertInputs::setBreakerState(const QString& host, resilience::BreakerState state, qint64 nowMs)
{
    std::optional<qint64>& since = m_openSince[host.toLower()];
    if (!isOpen(state))
        since.reset();
    else if (!since)
        since = nowMs;
}

void AlertInputs::setSuspect(const QString& code, bool suspect, const QString& reason)
{
    CodeFacts& facts = m_codes[code];
    facts.suspect = suspect;
    facts.suspectReason = suspect ? reason : QString();
}

void AlertInputs::setRetentionMs(qint64 ms)
{
    m_retentionMs = std::max<qint64>(ms, 0);
}

std::optional<double> AlertInputs::lastPrice(const QString& code) const
{
    const auto it = m_codes.find(code);
    if (it == m_codes.end() || it->second.prices.empty())
        return std::nullopt;
    return it->second.prices.back().price;
}

std::optional<Measurement> AlertInputs::measure(const AlertRule& rule, qint64 nowMs) const
{
    if (rule.kind == AlertKind::BreakerOpen)
        return measureBreakers(nowMs);
    const auto it = m_codes.find(rule.code);
    if (rule.kind == AlertKind::DataSuspect) {
        if (it == m_codes.end() || !it->second.suspect)
            return Measurement {0.0, QStringLiteral("data passes validation")};
        const QString reason = it->second.suspectReason;
        return Measurement {1.0,
            reason.isEmpty() ? QStringLiteral("data suspect")
                             : QStringLiteral("data suspect: %1").arg(reason)};
    }
    if (it == m_codes.end() || it->second.prices.empty())
        return std::nullopt;
    const CodeFacts& facts = it->second;
    switch (rule.kind) {
    case AlertKind::Above:
    case AlertKind::Below: {
        const double last = facts.prices.back().price;
        return Measurement {last, QStringLiteral("price %1").arg(price(last))};
    }
    case AlertKind::PercentMove:
        return measureMove(rule, facts, nowMs);
    case AlertKind::Stale: {
        const qint64 ageMs = facts.ageAtObservationMs + std::max<qint64>(nowMs - facts.observedAtMs, 0);
        return Measurement {double(ageMs) / 1000.0, QStringLiteral("value %1 old").arg(roughDuration(ageMs))};
    }
    case AlertKind::BreakerOpen:
    case AlertKind::DataSuspect:
        break;
    }
    return std::nullopt;
}

std::optional<Measurement> AlertInputs::measureMove(
    const AlertRule& rule, const CodeFacts& facts, qint64 nowMs) const
{
    // The reference is the oldest price still inside the rule's window; the retention may be longer.
    const qint64 cutoff = nowMs - rule.windowMs;
    const auto ref = std::find_if(
        facts.prices.begin(), facts.prices.end(), [&](const Sample& s) { return s.atMs >= cutoff; });
    const double last = facts.prices.back().price;
    const double base = ref == facts.prices.end() ? last : ref->price;
    if (base == 0.0)
        return std::nullopt; // a move from zero has no percentage
    const double percent = (last - base) / std::abs(base) * 100.0;
    return Measurement {percent,
        QStringLiteral("%1%2 % from %3 to %4")
            .arg(percent >= 0 ? QStringLiteral("+") : QString(), QString::number(percent, 'f', 2),
                price(base), price(last))};
}

Measurement AlertInputs::measureBreakers(qint64 nowMs) const
{
    // The app polls one host per origin; should there be several, the longest-open breaker counts.
    qint64 longest = -1;
    QString host;
    for (const auto& [name, since] : m_openSince) {
        if (since && nowMs - *since > longest) {
            longest = nowMs - *since;
            host = name;
        }
    }
    if (longest < 0)
        return Measurement {0.0, QStringLiteral("breaker closed")};
    return Measurement {double(longest) / 1000.0,
        QStringLiteral("breaker of %1 open for %2").arg(host, roughDuration(longest))};
}

void AlertInputs::trim(CodeFacts& facts, qint64 nowMs) const
{
    const qint64 cutoff = nowMs - m_retentionMs;
    // The newest price stays whatever its age: the price and stale rules measure it.
    while (facts.prices.size() > 1 && facts.prices.front().atMs < cutoff)
        facts.prices.pop_front();
    while (facts.prices.size() > std::size_t(kMaxSamplesPerCode))
        facts.prices.pop_front();
}

} // namespace oilwatch::alerts
