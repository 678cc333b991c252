#include "sim/faultresponder.h"

#include "sim/jsonwriter.h"

#include <algorithm>
#include <cmath>
#include <functional>

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

void FaultResponder::setSimulatedStatus(int status, RequestContext& ctx, SimResponse& response)
{
    response.status = status;
    if (status < 400)
        return;
    // A simulated error replaces the whole answer: pagination headers would contradict it.
    response.headers.clear();
    if (status == 502) {
        // What a proxy in front of the API sends: HTML, not JSON.
        response.body = QByteArrayLiteral(
            "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
            "<center><h1>502 Bad "
            "Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n");
        response.headers.emplace_back(
            QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/html; charset=utf-8"));
    } else if (status == 429) {
        ctx.limit = RequestContext::Limit::Forced;
        JsonWriter json;
        json.beginObject().key("status").value("error").key("error").beginObject();
        json.key("code").value("RATE_LIMIT_EXCEEDED");
        json.key("message").value(QByteArrayView("Rate limit exceeded. Please retry after "
            + QByteArray::number(kForcedRetryAfterSec) + " seconds."));
        json.key("retry_after").value(kForcedRetryAfterSec);
        json.key("request_id").value(QByteArrayView(ctx.requestId));
        json.endObject().endObject();
        response.body = json.take();
        response.headers.emplace_back(
            QByteArrayLiteral("Retry-After"), QByteArray::number(kForcedRetryAfterSec));
    } else {
        const QByteArray message
            = "Simulated HTTP " + QByteArray::number(status) + " " + SimResponse::reasonPhrase(status);
        response.body = errorBody(canonicalCode(status), message, ctx.requestId);
    }
}

void FaultResponder::apply(const FaultDecision& decision, RequestContext& ctx, SimResponse& response) const
{
    // The settings' rule first (a forced status or body, every request), then the profile's roll on top.
    if (decision.forced)
        applyRule(*decision.forced, ctx, response);
    if (decision.outage) {
        if (decision.outageMode == OutageMode::Status503) {
            setSimulatedStatus(503, ctx, response);
            response.headers.emplace_back(
                QByteArrayLiteral("Retry-After"), QByteArray::number(decision.outageRemainingSec));
        }
        return;
    }
    if (decision.rule)
        applyRule(*decision.rule, ctx, response);
}

void FaultResponder::applyRule(const FaultRule& rule, RequestContext& ctx, SimResponse& response) const
{
    switch (rule.kind) {
    case FaultKind::Status:
        setSimulatedStatus(rule.status, ctx, response);
        if (rule.body)
            response.body = *rule.body;
        break;
    case FaultKind::Body:
        response.body = rule.body.value_or(QByteArray());
        break;
    case FaultKind::RateLimit: {
        response.status = 429;
        response.headers.clear();
        ctx.limit = RequestContext::Limit::Burst;
        JsonWriter json;
        json.beginObject().key("status").value("error").key("error").beginObject();
        json.key("code").value("RATE_LIMIT_EXCEEDED");
        json.key("message").value(QByteArrayView("Burst limit reached. Please retry after "
            + QByteArray::number(rule.retryAfterSec) + " seconds."));
        json.key("retry_after").value(rule.retryAfterSec);
        json.key("request_id").value(QByteArrayView(ctx.requestId));
        json.key("retry").beginObject().key("retryable").value(true).endObject();
        json.endObject().endObject();
        response.body = json.take();
        response.headers.emplace_back(
            QByteArrayLiteral("Retry-After"), QByteArray::number(rule.retryAfterSec));
        break;
    }
    case FaultKind::QuotaExhausted:
        setQuotaExhausted(m_limit, ctx, response);
        break;
    default:
        // Bad data belongs in prices: a corrupted catalogue would be a different fault (and would make the
        // client judge good prices against a wrong unit).
        if (!rule.isBadData() || ctx.priceAnswer)
            reshapeBody(rule, response);
        break;
    }
}

void FaultResponder::setQuotaExhausted(int limit, RequestContext& ctx, SimResponse& response)
{
    response.status = 429;
    response.headers.clear();
    ctx.limit = RequestContext::Limit::Quota;
    const qint64 resetSec = ctx.nextMidnightSec();
    const qint64 untilMidnight = std::max<qint64>(1, resetSec - ctx.nowMs / 1000);
    // The docs' envelope (contract §3.2, shape 4) with the canonical retry hint (shape 1): the SDKs read
    // retry.retryable, the headers (X-RateLimit-State: exhausted, X-RateLimit-Window: daily_counter, added by
    // finish()) say the same to clients that only read headers.
    JsonWriter json(512);
    json.beginObject().key("status").value("error").key("error").beginObject();
    json.key("code").value("DAILY_QUOTA_EXCEEDED");
    json.key("message").value("Daily request quota exhausted. It resets at 00:00 UTC.");
    json.key("details").beginObject().key("limit").value(limit).key("remaining").value(0);
    json.key("reset_at").isoTime(resetSec * 1000).key("reset_after").value(untilMidnight).endObject();
    json.key("request_id").value(QByteArrayView(ctx.requestId));
    json.key("retry").beginObject().key("retryable").value(false).endObject();
    json.endObject().endObject();
    response.body = json.take();
    response.headers.emplace_back(QByteArrayLiteral("Retry-After"), QByteArray::number(untilMidnight));
}

void FaultResponder::reshapeBody(const FaultRule& rule, SimResponse& response)
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
