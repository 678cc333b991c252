#pragma once

#include "api/apierror.h"

#include <chrono>
#include <functional>

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
};

enum class TransportError
{
    None,
    Timeout,
    Network,
    BodyTooLarge,
    Cancelled
};

struct HttpResponse
{
    int status = 0;
    api::RawHeaders headers;
    QByteArray body;
    TransportError error = TransportError::None;
    QString errorString;
    qint64 elapsedMs = 0;
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
