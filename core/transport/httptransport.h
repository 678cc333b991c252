#pragma once

#include "api/apierror.h"

#include <chrono>
#include <functional>
#include <optional>

#include <QObject>
#include <QUrl>

namespace oilwatch::transport {

inline constexpr qint64 kDefaultMaxBodyBytes = 4 * 1024 * 1024;

struct HttpRequest
{
    QUrl url;
    api::RawHeaders headers;
    std::chrono::milliseconds timeout {10'000}; // the whole attempt, body read included
    qint64 maxBodyBytes = kDefaultMaxBodyBytes;
    // Across every attempt and wait, when the caller needs an answer sooner than the pipeline's own total
    // deadline: a poller must be done before its next poll is due.
    std::optional<std::chrono::milliseconds> totalDeadline;
};

enum class TransportError
{
    None,
    Timeout,
    Network,
    Tls, // the TLS handshake failed (most often a certificate we do not trust): api::ErrorKind::Tls
    BodyTooLarge,
    Cancelled,
    // A stage of the resilience pipeline gave up without a usable answer (circuit open, overloaded);
    // HttpResponse::rejection says which.
    Rejected,
};

struct HttpResponse
{
    int status = 0;
    api::RawHeaders headers;
    QByteArray body;
    TransportError error = TransportError::None;
    QString errorString;
    qint64 elapsedMs = 0;
    int attempts = 1; // how many times the request was sent (the pipeline retries)
    std::optional<api::ApiError> rejection;
};

// The typed error a response stands for: a transport failure, a rejection, or an HTTP error status.
// Nothing for a 2xx (whose body may still be unusable: that is for the parser to say).
std::optional<api::ApiError> failureOf(const HttpResponse& response);

// Sends one GET and reads one reply: the seam between the API client and the network, so fakes and the
// resilience pipeline can sit here.
class HttpTransport
{
public:
    using Callback = std::function<void(const HttpResponse&)>;
    virtual ~HttpTransport() = default;
    // `done` runs once on the caller's thread, unless `context` is destroyed first, which cancels the
    // request.
    virtual void get(const HttpRequest& request, QObject* context, Callback done) = 0;
};

} // namespace oilwatch::transport
