#pragma once

#include "transport/rawheaders.h"

#include <chrono>
#include <functional>
#include <optional>

#include <QObject>
#include <QString>
#include <QUrl>

namespace oilwatch::transport {

inline constexpr qint64 kDefaultMaxBodyBytes = 4 * 1024 * 1024;

struct HttpRequest
{
    QUrl url;
    RawHeaders headers;
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

// Which stage refused a request, in the transport's own terms. The transport knows HTTP only: the API
// client turns this, like every other failure here, into its own typed error (api/httpfailure.h).
enum class RejectionKind
{
    CircuitOpen, // the host's circuit breaker is open: nothing was sent
    Overloaded, // too many requests already wait for the host: nothing was sent
};

struct Rejection
{
    RejectionKind kind = RejectionKind::Overloaded;
    QString message; // one line, safe to show and log
    // When trying again may help (the breaker's next probe), rounded up to whole seconds; none when the
    // stage cannot know.
    std::optional<int> retryAfterSec;
};

struct HttpResponse
{
    int status = 0;
    RawHeaders headers;
    QByteArray body;
    TransportError error = TransportError::None;
    QString errorString;
    qint64 elapsedMs = 0;
    int attempts = 1; // how many times the request was sent (the pipeline retries)
    std::optional<Rejection> rejection; // with TransportError::Rejected
};

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
