#include "api/apierror.h"

#include "logging/redaction.h"
#include "util/utc.h"

#include <limits>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::api {

namespace {

QStringList stringList(const QJsonValue& value)
{
    QStringList out;
    const QJsonArray array = value.toArray();
    for (const QJsonValue& item : array) {
        if (item.isString())
            out << item.toString();
    }
    return out;
}

QString firstString(const QJsonObject& object, std::initializer_list<const char*> keys)
{
    for (const char* key : keys) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isString() && !value.toString().isEmpty())
            return value.toString();
    }
    return {};
}

// A wait in whole seconds, as a number or a string. A negative wait, or a number no int holds (1e10: the
// cast would be undefined behaviour), is no wait we can use: the next key is tried, as if it were absent,
// and the Retry-After header's rule (non-negative digits only) holds for the body too. Found by
// tests/fuzz/fuzz_apierror.
std::optional<int> secondsField(const QJsonObject& object, std::initializer_list<const char*> keys)
{
    for (const char* key : keys) {
        const QJsonValue value = object.value(QLatin1String(key));
        if (value.isDouble()) {
            const double seconds = value.toDouble();
            if (seconds >= 0 && seconds <= double(std::numeric_limits<int>::max()))
                return static_cast<int>(seconds);
        } else if (value.isString()) {
            bool ok = false;
            const int parsed = value.toString().toInt(&ok);
            if (ok && parsed >= 0)
                return parsed;
        }
    }
    return std::nullopt;
}

// The parts of an error body we use, whichever of the contract's five envelopes (§3.2) it came in.
struct ErrorBody
{
    QString code;
    QString message;
    QString requestId;
    QStringList suggestions;
    QStringList invalidCodes;
    std::optional<int> retryAfter;
};

ErrorBody parseErrorBody(const QByteArray& body)
{
    ErrorBody out;
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return out;
    const QJsonObject root = document.object();

    // fail/data: {"status":"fail","data":{"error":"invalid_code","suggestions":[...],...}}
    const QJsonObject data = root.value(QLatin1String("data")).toObject();
    // canonical, docs and cookbook: {"error":{"code":..,"message":..}}; legacy flat: {"error":"text",...}
    const QJsonValue errorValue = root.value(QLatin1String("error"));
    const QJsonObject error = errorValue.toObject();

    if (!error.isEmpty()) {
        out.code = firstString(error, {"code"});
        out.message = firstString(error, {"message", "detail", "title"});
        out.requestId = firstString(error, {"request_id", "requestId", "correlation_id"});
        out.retryAfter = secondsField(error.value(QLatin1String("details")).toObject(), {"reset_after"});
        if (!out.retryAfter)
            out.retryAfter = secondsField(error, {"retry_after", "retryAfter"});
    } else if (errorValue.isString()) {
        out.message = errorValue.toString();
        out.code = firstString(root, {"error_code", "code"});
    }
    if (!data.isEmpty()) {
        if (out.code.isEmpty())
            out.code = firstString(data, {"error", "code"});
        if (out.message.isEmpty())
            out.message = firstString(data, {"message"});
        out.suggestions = stringList(data.value(QLatin1String("suggestions")));
        out.invalidCodes = stringList(data.value(QLatin1String("invalid_codes")));
    }
    if (out.message.isEmpty())
        out.message = firstString(root, {"message", "detail", "title"});
    if (out.requestId.isEmpty())
        out.requestId = firstString(root, {"request_id", "requestId"});
    if (out.requestId.isEmpty())
        out.requestId = firstString(root.value(QLatin1String("meta")).toObject(), {"request_id"});
    if (!out.retryAfter)
        out.retryAfter = secondsField(root, {"retry_after", "retryAfter"});
    return out;
}

ErrorKind kindForStatus(int status, const ErrorBody& body)
{
    switch (status) {
    case 400:
        if (body.code.compare(QLatin1String("invalid_code"), Qt::CaseInsensitive) == 0
            || !body.invalidCodes.isEmpty())
            return ErrorKind::InvalidCode;
        return ErrorKind::ClientError;
    case 401:
        return ErrorKind::Auth;
    case 402:
        return ErrorKind::RateLimited; // the contract uses 402 for a spent monthly quota
    case 403:
        return ErrorKind::Forbidden;
    case 404:
        return ErrorKind::NotFound;
    case 408:
        return ErrorKind::Timeout;
    case 429:
        return ErrorKind::RateLimited;
    default:
        break;
    }
    if (status >= 500)
        return ErrorKind::Server;
    return ErrorKind::ClientError;
}

// Text from outside (an error body, a header, a transport's error string, a code from a 2xx body) made fit
// for the one line ApiError promises: a line break or terminal escape in it would split a log line or forge
// one, and a key the server echoes back must not reach the log. Control characters (C0, DEL, C1) and the
// Unicode line and paragraph separators become spaces; registered secrets and credential shapes are masked.
// Found by tests/fuzz/fuzz_apierror and fuzz_responseparser.
QString oneLine(QString text)
{
    for (QChar& c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || (u >= 0x7f && u < 0xa0) || u == 0x2028 || u == 0x2029)
            c = u' ';
    }
    return logging::redactSecrets(std::move(text));
}

QStringList oneLines(QStringList texts)
{
    for (QString& text : texts)
        text = oneLine(std::move(text));
    return texts;
}

std::optional<int> parseRetryAfterSeconds(const QByteArray& raw)
{
    bool ok = false;
    const int seconds = raw.trimmed().toInt(&ok);
    if (ok && seconds >= 0)
        return seconds;
    return std::nullopt;
}

} // namespace

QString errorKindName(ErrorKind kind)
{
    switch (kind) {
    case ErrorKind::Config:
        return QStringLiteral("config");
    case ErrorKind::Auth:
        return QStringLiteral("auth");
    case ErrorKind::Forbidden:
        return QStringLiteral("forbidden");
    case ErrorKind::InvalidCode:
        return QStringLiteral("invalid_code");
    case ErrorKind::NotFound:
        return QStringLiteral("not_found");
    case ErrorKind::ClientError:
        return QStringLiteral("client_error");
    case ErrorKind::RateLimited:
        return QStringLiteral("rate_limited");
    case ErrorKind::Server:
        return QStringLiteral("server");
    case ErrorKind::Timeout:
        return QStringLiteral("timeout");
    case ErrorKind::Network:
        return QStringLiteral("network");
    case ErrorKind::BadResponse:
        return QStringLiteral("bad_response");
    case ErrorKind::Cancelled:
        return QStringLiteral("cancelled");
    case ErrorKind::CircuitOpen:
        return QStringLiteral("circuit_open");
    case ErrorKind::Overloaded:
        return QStringLiteral("overloaded");
    case ErrorKind::CacheExpired:
        return QStringLiteral("cache_expired");
    case ErrorKind::DataQuality:
        return QStringLiteral("data_quality");
    case ErrorKind::Tls:
        return QStringLiteral("tls");
    case ErrorKind::Local:
        return QStringLiteral("local");
    }
    return QStringLiteral("unknown");
}

bool RateLimitInfo::quotaExhausted() const
{
    if (state.compare(QLatin1String("exhausted"), Qt::CaseInsensitive) != 0)
        return false;
    // "daily" is what the cookbook fixture sends instead of "daily_counter".
    return window.startsWith(QLatin1String("daily")) || window.startsWith(QLatin1String("monthly"))
        || window.startsWith(QLatin1String("trial"));
}

int ApiError::exitCode() const
{
    switch (kind) {
    case ErrorKind::Local:
        return 1;
    case ErrorKind::Config:
    case ErrorKind::InvalidCode:
    case ErrorKind::NotFound:
    case ErrorKind::ClientError:
        return 2;
    case ErrorKind::Auth:
    case ErrorKind::Forbidden:
        return 3;
    case ErrorKind::RateLimited:
        return 4;
    case ErrorKind::Server:
    case ErrorKind::Timeout:
    case ErrorKind::Network:
    case ErrorKind::Tls:
    case ErrorKind::Cancelled:
    case ErrorKind::CircuitOpen:
    case ErrorKind::Overloaded:
    case ErrorKind::CacheExpired:
        return 5;
    case ErrorKind::BadResponse:
    case ErrorKind::DataQuality:
        return 6;
    }
    return 5;
}

bool ApiError::isRetryable() const
{
    switch (kind) {
    case ErrorKind::Server:
    case ErrorKind::Timeout:
    case ErrorKind::Network:
        return true;
    case ErrorKind::RateLimited:
        return httpStatus == 429 && !rateLimit.quotaExhausted();
    default:
        return false;
    }
}

QString ApiError::describe() const
{
    QString text = errorKindName(kind) + QStringLiteral(": ") + message;
    QStringList details;
    if (httpStatus > 0)
        details << QStringLiteral("HTTP %1").arg(httpStatus);
    if (!requestId.isEmpty())
        details << QStringLiteral("request %1").arg(requestId);
    if (rateLimit.retryAfterSec)
        details << QStringLiteral("retry after %1 s").arg(*rateLimit.retryAfterSec);
    if (!details.isEmpty())
        text += QStringLiteral(" (") + details.join(QStringLiteral(", ")) + QLatin1Char(')');
    // The server's own message often names its suggestions already; say them once.
    if (!suggestions.isEmpty() && !message.contains(suggestions.constFirst()))
        text += QStringLiteral("; did you mean ") + suggestions.join(QStringLiteral(", ")) + QLatin1Char('?');
    if (!excerpt.isEmpty())
        text += QStringLiteral("; body: ") + excerpt;
    return text;
}

ApiError ApiError::make(ErrorKind kind, QString message)
{
    ApiError error;
    error.kind = kind;
    error.message = oneLine(std::move(message));
    return error;
}

ApiError ApiError::fromHttpResponse(int status, const RawHeaders& headers, const QByteArray& body)
{
    const ErrorBody parsed = parseErrorBody(body);
    ApiError error;
    error.httpStatus = status;
    error.kind = kindForStatus(status, parsed);
    error.code = oneLine(parsed.code);
    error.message = parsed.message;
    error.suggestions = oneLines(parsed.suggestions);
    error.invalidCodes = oneLines(parsed.invalidCodes);
    error.requestId = parsed.requestId;
    if (error.requestId.isEmpty())
        error.requestId = QString::fromLatin1(headerValue(headers, "X-Request-Id"));
    error.requestId = oneLine(error.requestId);
    error.rateLimit = rateLimitFromHeaders(headers);
    if (!error.rateLimit.retryAfterSec)
        error.rateLimit.retryAfterSec = parsed.retryAfter;
    if (error.message.isEmpty()) {
        // A non-JSON body (an HTML 502 page, say): keep a short excerpt rather than the whole page.
        error.message = QStringLiteral("HTTP %1 error").arg(status);
        error.excerpt = redactedExcerpt(body);
    }
    error.message = oneLine(error.message);
    return error;
}

QByteArray headerValue(const RawHeaders& headers, const QByteArray& name)
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

RateLimitInfo rateLimitFromHeaders(const RawHeaders& headers)
{
    RateLimitInfo info;
    bool ok = false;
    const int limit = headerValue(headers, "X-RateLimit-Limit").toInt(&ok);
    if (ok)
        info.limit = limit;
    const int remaining = headerValue(headers, "X-RateLimit-Remaining").toInt(&ok);
    if (ok)
        info.remaining = remaining;
    const QByteArray reset = headerValue(headers, "X-RateLimit-Reset").trimmed();
    const qint64 epoch = reset.toLongLong(&ok);
    if (ok)
        info.reset = QDateTime::fromSecsSinceEpoch(epoch, util::utc());
    else if (!reset.isEmpty())
        info.reset = QDateTime::fromString(QString::fromLatin1(reset), Qt::ISODateWithMs);
    info.retryAfterSec = parseRetryAfterSeconds(headerValue(headers, "Retry-After"));
    info.state = QString::fromLatin1(headerValue(headers, "X-RateLimit-State").trimmed());
    info.window = QString::fromLatin1(headerValue(headers, "X-RateLimit-Window").trimmed());
    return info;
}

QString redactedExcerpt(const QByteArray& body, int maxChars)
{
    QString text = QString::fromUtf8(body.left(maxChars * 4)).simplified();
    text = logging::redactSecrets(text);
    if (text.size() > maxChars)
        text = text.left(maxChars) + QStringLiteral("…");
    return text;
}

} // namespace oilwatch::api
