#include "sim/faultinjector.h"

#include "sim/jsonwriter.h"
#include "sim/simresponse.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

#include <QDateTime>

namespace oilwatch::sim {

namespace {

// Rewrites the value of every "<key>": in place with `replace`, which gets the value's JSON text (up to the
// next ',' or '}': numbers, null and the simulator's strings, none of which hold those characters) and
// returns the new text. The JSON stays valid; only the type or value is wrong.
template <class Replace>
QByteArray rewriteValues(const QByteArray& body, QByteArrayView name, Replace replace)
{
    const QByteArray key = '"' + name.toByteArray() + "\":";
    QByteArray out;
    out.reserve(body.size() + 64);
    qsizetype from = 0;
    while (true) {
        const qsizetype at = body.indexOf(key, from);
        if (at < 0)
            break;
        const qsizetype start = at + key.size();
        qsizetype end = start;
        while (end < body.size() && body[end] != ',' && body[end] != '}')
            ++end;
        out.append(QByteArrayView(body).sliced(from, start - from));
        out.append(replace(QByteArrayView(body).sliced(start, end - start)));
        from = end;
    }
    out.append(QByteArrayView(body).sliced(from));
    return out;
}

QByteArray rewritePrices(const QByteArray& body, const std::function<double(double)>& change)
{
    return rewriteValues(body, "price",
        [&change](QByteArrayView text) { return QByteArray::number(change(text.toDouble()), 'g', 12); });
}

// "2026-01-01T00:00:00.000Z" moved by seconds, written back in the same form.
QByteArray shiftedTime(QByteArrayView quoted, qint64 seconds)
{
    const QByteArrayView text = quoted.size() >= 2 ? quoted.sliced(1, quoted.size() - 2) : quoted;
    const QDateTime time = QDateTime::fromString(QString::fromLatin1(text), Qt::ISODateWithMs);
    if (!time.isValid())
        return quoted.toByteArray();
    QByteArray out = "\"";
    JsonWriter::appendIsoTime(out, time.toMSecsSinceEpoch() + seconds * 1000);
    return out + '"';
}

// The replacement, or a value that differs from what is there: `preferred` unless that is what is there.
QByteArray replacedText(
    QByteArrayView quoted, const QString& replacement, const char* preferred, const char* otherwise)
{
    if (!replacement.isEmpty())
        return '"' + replacement.toUtf8() + '"';
    const bool already = quoted == QByteArray('"' + QByteArray(preferred) + '"');
    return '"' + QByteArray(already ? otherwise : preferred) + '"';
}

// Keeps the real answer readable and pads it to `bytes`: a client without a size cap would accept it.
QByteArray padded(const QByteArray& body, qint64 bytes)
{
    static constexpr QByteArrayView kOpen = ",\"padding\":\"";
    static constexpr QByteArrayView kClose = "\"}";
    if (!body.endsWith('}') || body.size() + kOpen.size() + kClose.size() > bytes)
        return QByteArray("{\"padding\":\"") + QByteArray(std::max<qint64>(0, bytes - 14), 'x') + "\"}";
    QByteArray out;
    out.reserve(bytes);
    out.append(QByteArrayView(body).chopped(1)).append(kOpen);
    out.append(QByteArray(bytes - out.size() - kClose.size(), 'x')).append(kClose);
    return out;
}

} // namespace

void FaultInjector::setProfile(FaultProfile profile, quint64 seed, qint64 sinceMs)
{
    m_profile = std::move(profile);
    m_rng.seed(m_profile.seed.value_or(seed));
    m_sinceMs = sinceMs;
}

bool FaultInjector::isDown(qint64 nowMs, int* remainingSec) const
{
    const OutageSpec& outage = m_profile.outage;
    if (!outage.enabled())
        return false;
    const qint64 downMs = qint64(outage.downSec) * 1000;
    const qint64 elapsed = std::max<qint64>(0, nowMs - m_sinceMs);
    qint64 phase = elapsed;
    if (outage.repeat)
        phase = elapsed % (downMs + qint64(outage.upSec) * 1000);
    if (phase >= downMs)
        return false;
    if (remainingSec)
        *remainingSec = int(std::max<qint64>(1, (downMs - phase + 999) / 1000));
    return true;
}

FaultDecision FaultInjector::decide(qint64 nowMs)
{
    FaultDecision decision;
    if (m_profile.isHealthy())
        return decision;
    if (isDown(nowMs, &decision.outageRemainingSec)) {
        decision.outage = true;
        decision.outageMode = m_profile.outage.mode;
        return decision;
    }
    // One roll each for latency and rule, always both when configured, so a profile's sequence of decisions
    // depends only on its seed and not on which faults earlier rolls happened to pick.
    if (m_profile.latency.kind != LatencyKind::None) {
        const int delay = sampleLatency();
        if (m_profile.latency.rate >= 1.0 || unit() < m_profile.latency.rate)
            decision.latencyMs = delay;
    }
    if (!m_profile.faults.empty()) {
        const double roll = unit();
        double cumulative = 0.0;
        for (const FaultRule& rule : m_profile.faults) {
            cumulative += rule.rate;
            if (roll < cumulative) {
                decision.rule = rule;
                break;
            }
        }
    }
    return decision;
}

double FaultInjector::unit()
{
    return double(m_rng() >> 11) * 0x1.0p-53;
}

double FaultInjector::gaussian()
{
    // Box-Muller by hand: std::normal_distribution differs between standard libraries.
    const double u1 = 1.0 - unit(); // (0, 1]: log stays finite
    const double u2 = unit();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

int FaultInjector::sampleLatency()
{
    const LatencySpec& latency = m_profile.latency;
    switch (latency.kind) {
    case LatencyKind::None:
        return 0;
    case LatencyKind::Fixed:
        return latency.fixedMs;
    case LatencyKind::Uniform:
        return latency.minMs + int(unit() * double(latency.maxMs - latency.minMs + 1));
    case LatencyKind::LogNormal: {
        const double ms = latency.medianMs * std::exp(latency.sigma * gaussian());
        return int(std::clamp(std::lround(ms), 0L, long(FaultProfile::kMaxLatencyMs)));
    }
    }
    return 0;
}

void FaultInjector::reshapeBody(const FaultRule& rule, SimResponse& response)
{
    switch (rule.kind) {
    case FaultKind::EmptyBody:
        response.status = 200;
        response.body.clear();
        break;
    case FaultKind::MalformedJson:
        // Looks like the real answer up to a key without a value.
        response.body
            = (response.body.endsWith('}') ? response.body.chopped(1) : response.body) + ",\"oops\" }";
        break;
    case FaultKind::TruncatedJson:
        response.body.truncate(std::max<qsizetype>(1, response.body.size() / 2));
        break;
    case FaultKind::PriceString:
        response.body = rewriteValues(
            response.body, "price", [](QByteArrayView text) { return '"' + text.toByteArray() + '"'; });
        break;
    case FaultKind::PriceNull:
        response.body
            = rewriteValues(response.body, "price", [](QByteArrayView) { return QByteArray("null"); });
        break;
    case FaultKind::Spike:
        response.body = rewritePrices(response.body, [&rule](double price) { return price * rule.factor; });
        break;
    case FaultKind::ZeroPrice:
        response.body = rewritePrices(response.body, [](double) { return 0.0; });
        break;
    case FaultKind::NegativePrice:
        response.body = rewritePrices(response.body, [](double price) { return -std::abs(price); });
        break;
    case FaultKind::FutureCreatedAt:
    case FaultKind::StaleCreatedAt: {
        const qint64 shift
            = rule.kind == FaultKind::StaleCreatedAt ? -rule.shiftSeconds() : rule.shiftSeconds();
        response.body = rewriteValues(
            response.body, "created_at", [shift](QByteArrayView text) { return shiftedTime(text, shift); });
        break;
    }
    case FaultKind::WrongUnit:
        response.body = rewriteValues(response.body, "unit",
            [&rule](QByteArrayView text) { return replacedText(text, rule.unit, "gallon", "barrel"); });
        break;
    case FaultKind::WrongCurrency:
        response.body = rewriteValues(response.body, "currency",
            [&rule](QByteArrayView text) { return replacedText(text, rule.currency, "EUR", "USD"); });
        break;
    case FaultKind::HugeBody:
        response.status = 200;
        response.body = padded(response.body, rule.bodyBytes);
        break;
    default:
        break;
    }
}

} // namespace oilwatch::sim
