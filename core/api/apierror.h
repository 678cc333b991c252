#pragma once

#include "api/quote.h"
#include "transport/rawheaders.h"

#include <memory>
#include <optional>

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QPair>
#include <QString>
#include <QStringList>

namespace oilwatch::api {

using transport::RawHeaders;

enum class ErrorKind
{
    Config, // our own set-up is wrong (no key, plain http to a remote host)
    Auth, // 401, missing/invalid/expired key
    Forbidden, // 403, plan or entitlement
    InvalidCode, // 400 invalid_code, with suggestions
    NotFound, // 404
    ClientError, // other 4xx: bad parameters, validation
    RateLimited, // 429 (burst) and 402/429 quota exhausted
    Server, // 5xx
    Timeout,
    Network,
    BadResponse, // a 2xx we cannot use: not JSON, wrong shape, non-finite price, body too large
    Cancelled,
    CircuitOpen, // refused locally: the host's circuit breaker is open, no request was sent
    Overloaded, // refused locally: too many requests already waiting for the host
    CacheExpired, // the request failed and the last cached value is older than the allowed staleness
    DataQuality, // the API answered a price that failed validation (core/validation): never shown as truth
    // The TLS handshake failed, most often a certificate we do not trust. Not retried: the next attempt meets
    // the same certificate, and the host is not unhealthy (the breaker ignores it). Someone must fix the
    // set-up (a proxy that intercepts TLS, a wrong URL), so no old value covers it either.
    Tls,
    // Something on this machine failed, not the API: the app-data folder cannot be created, a port cannot be
    // listened on (the built-in simulator), a file cannot be written. Exit code 1, as every command.
    Local,
};

QString errorKindName(ErrorKind kind);

struct ApiError
{
    ErrorKind kind = ErrorKind::Network;
    int httpStatus = 0;
    QString code; // the API's own error code, when it sent one
    QString message; // one line, safe to show and log
    QString requestId;
    QStringList suggestions;
    QStringList invalidCodes;
    RateLimitInfo rateLimit;
    QString excerpt; // a short, redacted excerpt of a body we could not use
    // For CacheExpired: the last value we have and how old it is (from when it was fetched), so the UI can
    // still show it, greyed, next to the error. Empty for every other kind.
    std::optional<Quote> lastValue;
    qint64 lastValueAgeMs = -1;
    // For DataQuality, and for CacheExpired when a rejected quote was the cause: the rejected quote and the
    // rules it broke, with their values (validation::Verdict; see FetchInfo::suspect for why a pointer).
    std::shared_ptr<const validation::Verdict> suspect;

    // Exit code of the CLI for this error: 2 usage, 3 auth, 4 rate limited or quota,
    // 5 network, server, timeout, a local refusal (circuit open, overloaded) or a cached value too old to
    // show, 6 bad response or bad data.
    int exitCode() const;
    bool isRetryable() const;
    // One line for a person: "auth: Invalid API key (HTTP 401, request req_1)".
    QString describe() const;

    static ApiError make(ErrorKind kind, QString message);
    // Maps a non-2xx HTTP response to a typed error: every error body shape of the contract (§3.2).
    static ApiError fromHttpResponse(int status, const RawHeaders& headers, const QByteArray& body);
};

QByteArray headerValue(const RawHeaders& headers, const QByteArray& name);
RateLimitInfo rateLimitFromHeaders(const RawHeaders& headers);
// A short excerpt of a body for error messages, with anything that looks like a key or token masked.
QString redactedExcerpt(const QByteArray& body, int maxChars = 160);

} // namespace oilwatch::api

Q_DECLARE_METATYPE(oilwatch::api::ApiError)
