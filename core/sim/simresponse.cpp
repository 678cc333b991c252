#include "sim/simresponse.h"

#include <charconv>
#include <cstring>

namespace oilwatch::sim {

QByteArray SimResponse::header(QByteArrayView name) const
{
    for (const auto& [key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray SimResponse::serialize(bool keepAlive, bool http10KeepAlive) const
{
    QByteArray out;
    appendTo(out, keepAlive, http10KeepAlive);
    return out;
}

void SimResponse::appendTo(QByteArray& out, bool keepAlive, bool http10KeepAlive) const
{
    // Sized up front and written in one pass: this runs for every answer the simulator sends.
    char statusText[16];
    const qsizetype statusLength
        = std::to_chars(statusText, statusText + sizeof statusText, status).ptr - statusText;
    char length[24];
    const qsizetype lengthLength = std::to_chars(length, length + sizeof length, body.size()).ptr - length;
    const QByteArrayView reason(reasonPhrase(status));
    const QByteArrayView connection = !keepAlive ? QByteArrayView("Connection: close\r\n")
        : http10KeepAlive                        ? QByteArrayView("Connection: keep-alive\r\n")
                                                 : QByteArrayView();
    qsizetype size = 9 + statusLength + 1 + reason.size() + 2 + 16 + lengthLength + 2 + connection.size() + 2
        + body.size();
    for (const auto& [key, value] : headers)
        size += key.size() + 2 + value.size() + 2;

    // Copied in place: QByteArray::append checks for aliasing and growth on each of some forty pieces.
    const qsizetype start = out.size();
    out.resize(start + size);
    char* cursor = out.data() + start;
    const auto put = [&cursor](QByteArrayView piece) {
        if (piece.isEmpty())
            return; // an empty view may hold a null pointer, which memcpy must not get
        std::memcpy(cursor, piece.data(), size_t(piece.size()));
        cursor += piece.size();
    };
    put("HTTP/1.1 ");
    put(QByteArrayView(statusText, statusLength));
    put(" ");
    put(reason);
    put("\r\n");
    for (const auto& [key, value] : headers) {
        put(key);
        put(": ");
        put(value);
        put("\r\n");
    }
    put("Content-Length: ");
    put(QByteArrayView(length, lengthLength));
    put("\r\n");
    put(connection);
    put("\r\n");
    put(body);
    Q_ASSERT(cursor == out.constData() + out.size());
}

const char* SimResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return status >= 200 && status < 300 ? "OK" : "Unknown";
    }
}

} // namespace oilwatch::sim
