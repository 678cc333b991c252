#pragma once

#include <utility>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>

namespace oilwatch::sim {

// What the router answers; the connection adds the framing headers (Content-Length, Connection).
struct SimResponse
{
    int status = 200;
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    // Set by the router when this exact answer, with only X-Request-Id and X-RateLimit-Remaining renewed, is
    // what the same request gets until the price model moves (see RepeatedAnswer).
    bool repeatable = false;

    QByteArray header(QByteArrayView name) const; // first of that name, any case; null when absent

    // The full HTTP/1.1 message. keepAlive=false adds "Connection: close"; http10KeepAlive adds the
    // "Connection: keep-alive" an HTTP/1.0 client needs to keep the connection.
    QByteArray serialize(bool keepAlive, bool http10KeepAlive = false) const;
    // The same message appended to out, which keeps its capacity from answer to answer.
    void appendTo(QByteArray& out, bool keepAlive, bool http10KeepAlive = false) const;

    static const char* reasonPhrase(int status);
};

} // namespace oilwatch::sim
