// FaultProfile::toJson: the JSON fromJson reads back to an equal profile (what GET /_sim/profile shows).
#include "sim/faultprofile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::sim {

namespace {

QJsonObject latencyJson(const LatencySpec& latency)
{
    QJsonObject object;
    switch (latency.kind) {
    case LatencyKind::None:
        object[QStringLiteral("kind")] = QStringLiteral("none");
        break;
    case LatencyKind::Fixed:
        object[QStringLiteral("kind")] = QStringLiteral("fixed");
        object[QStringLiteral("ms")] = latency.fixedMs;
        break;
    case LatencyKind::Uniform:
        object[QStringLiteral("kind")] = QStringLiteral("uniform");
        object[QStringLiteral("min_ms")] = latency.minMs;
        object[QStringLiteral("max_ms")] = latency.maxMs;
        break;
    case LatencyKind::LogNormal:
        object[QStringLiteral("kind")] = QStringLiteral("lognormal");
        object[QStringLiteral("median_ms")] = latency.medianMs;
        object[QStringLiteral("sigma")] = latency.sigma;
        break;
    }
    object[QStringLiteral("rate")] = latency.rate;
    return object;
}

QJsonObject ruleJson(const FaultRule& rule)
{
    QJsonObject object;
    object[QStringLiteral("kind")] = QString::fromLatin1(FaultProfile::kindName(rule.kind));
    object[QStringLiteral("rate")] = rule.rate;
    switch (rule.kind) {
    case FaultKind::Status:
        object[QStringLiteral("status")] = rule.status;
        if (rule.body)
            object[QStringLiteral("body")] = QString::fromUtf8(*rule.body);
        break;
    case FaultKind::Body:
        object[QStringLiteral("body")] = QString::fromUtf8(rule.body.value_or(QByteArray()));
        break;
    case FaultKind::RateLimit:
        object[QStringLiteral("retry_after_s")] = rule.retryAfterSec;
        break;
    case FaultKind::SlowBody:
        object[QStringLiteral("chunk_bytes")] = rule.chunkBytes;
        object[QStringLiteral("interval_ms")] = rule.intervalMs;
        break;
    case FaultKind::Reset:
        object[QStringLiteral("after_bytes")] = double(rule.afterBytes);
        break;
    case FaultKind::HugeBody:
        object[QStringLiteral("bytes")] = double(rule.bodyBytes);
        break;
    case FaultKind::Spike:
        object[QStringLiteral("factor")] = rule.factor;
        break;
    case FaultKind::FutureCreatedAt:
    case FaultKind::StaleCreatedAt:
        if (rule.shiftSec > 0)
            object[QStringLiteral("seconds")] = double(rule.shiftSec);
        break;
    case FaultKind::WrongUnit:
        if (!rule.unit.isEmpty())
            object[QStringLiteral("unit")] = rule.unit;
        break;
    case FaultKind::WrongCurrency:
        if (!rule.currency.isEmpty())
            object[QStringLiteral("currency")] = rule.currency;
        break;
    default:
        break;
    }
    return object;
}

} // namespace

QByteArray FaultProfile::toJson() const
{
    QJsonObject root;
    root[QStringLiteral("name")] = name;
    if (seed)
        root[QStringLiteral("seed")] = double(*seed);
    if (latency.kind != LatencyKind::None)
        root[QStringLiteral("latency")] = latencyJson(latency);
    QJsonArray rules;
    for (const FaultRule& entry : faults)
        rules.append(ruleJson(entry));
    root[QStringLiteral("faults")] = rules;
    if (outage.enabled()) {
        QJsonObject object;
        object[QStringLiteral("down_s")] = outage.downSec;
        object[QStringLiteral("up_s")] = outage.upSec;
        object[QStringLiteral("repeat")] = outage.repeat;
        object[QStringLiteral("mode")]
            = outage.mode == OutageMode::Reset ? QStringLiteral("reset") : QStringLiteral("status");
        root[QStringLiteral("outage")] = object;
    }
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace oilwatch::sim
