#pragma once

#include <array>
#include <chrono>

#include <QString>

namespace oilwatch::bench {

// Microseconds on the steady clock. The benchmark needs finer time than util::Clock's milliseconds, and
// it measures real time by definition, so it reads the steady clock directly.
inline qint64 steadyNowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Why one request failed. The names are the keys of BenchResult::errorsByKind.
enum class FailureKind
{
    None,
    Connect, // no connection (refused, unreachable)
    Tls, // the TLS handshake failed: an untrusted or mismatched certificate, or no TLS server there
    Reset, // the connection broke before the response was complete
    Timeout,
    Http4xx,
    Http5xx,
    HttpOther, // 1xx or 3xx as a final answer: not what a benchmark asks for
    BadResponse, // not HTTP, or framing we cannot follow, or a body over the cap
    Network, // pipeline engine: QNetworkAccessManager does not say which network error it was
    CircuitOpen, // pipeline engine: refused locally by the circuit breaker
    Overloaded, // pipeline engine: refused locally by the concurrency limiter
    Cancelled,
    Count,
};

inline constexpr int kFailureKinds = int(FailureKind::Count);
QString failureKindName(FailureKind kind);
FailureKind failureOfStatus(int status); // None for 2xx

struct RequestOutcome
{
    int status = 0; // 0 when no status line arrived
    FailureKind failure = FailureKind::None;
    qint64 bytes = 0; // received for this request, head included when the engine sees it
};

// What the engines report to the worker that drives them. Called on the worker's thread.
class RequestSink
{
public:
    virtual ~RequestSink() = default;
    virtual void requestDone(int slot, const RequestOutcome& outcome) = 0;
    virtual void retryScheduled() { }
    virtual void breakerOpened() { }
};

// Sends requests on numbered slots, at most one in flight per slot. Lives on one worker thread.
class RequestEngine
{
public:
    virtual ~RequestEngine() = default;
    virtual int slotCount() const = 0;
    // Starts a request on an idle slot; the sink hears of it exactly once unless abortAll() comes first.
    virtual void send(int slot) = 0;
    // Drops every request in flight at once, without reporting them.
    virtual void abortAll() = 0;
};

} // namespace oilwatch::bench
