#pragma once

#include "sim/httprequest.h"

#include <optional>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>

namespace oilwatch::sim {

enum class HttpParseError
{
    None,
    BadRequest, // 400: malformed request line or header, missing Host, bad Content-Length
    HeaderTooLarge, // 431: request line + headers beyond kMaxHeaderBytes
    BodyTooLarge, // 413: Content-Length beyond kMaxBodyBytes
    NotImplemented, // 501: Transfer-Encoding (we only take Content-Length bodies)
    VersionNotSupported, // 505: HTTP/2.0, HTTP/1.2, ...
};

// Incremental HTTP/1.x request parser. Bytes go in as they arrive, complete requests come out in order.
// Memory stays bounded: a partial request never holds more than the head and body limits, and the queue of
// complete requests holds only what the caller chose to feed (the server feeds small chunks and only while it
// can answer). After an error the parser ignores all further input: the connection must answer and close.
class HttpRequestParser
{
public:
    static constexpr qsizetype kMaxHeaderBytes = 16 * 1024;
    static constexpr qsizetype kMaxBodyBytes = 64 * 1024;

    void feed(QByteArrayView bytes);
    // The next complete request, or nullopt when more bytes are needed (or after an error).
    std::optional<HttpRequest> next();
    // The same without a copy: the oldest complete request, or null. It stays valid until pop() or feed().
    const HttpRequest* peek() const { return m_first < m_end ? &m_slots[size_t(m_first)] : nullptr; }
    void pop();

    bool hasPendingRequest() const { return m_first < m_end; }
    qsizetype pendingRequestCount() const { return m_end - m_first; }
    HttpParseError error() const { return m_error; }
    bool hasError() const { return m_error != HttpParseError::None; }
    // Bytes held that belong to no complete request yet.
    qsizetype bufferedBytes() const { return m_buffer.size() - m_pos; }

    static int statusCode(HttpParseError error);
    static const char* describe(HttpParseError error);

private:
    void parseAvailable();
    bool parseHead(QByteArrayView head);
    bool parseHeaders(QByteArrayView lines, HttpRequest& request, QByteArrayView* contentLength);
    HttpRequest& freeSlot();
    void fail(HttpParseError error);
    void compact();

    QByteArray m_buffer;
    qsizetype m_pos = 0; // start of the bytes not yet consumed
    qsizetype m_scanFrom = 0; // where the search for the end of the head resumes
    bool m_inBody = false; // the head in m_slots[m_end] is parsed, its body still arriving
    qsizetype m_bodyLength = 0;
    // Complete requests are m_slots[m_first, m_end). Slots are reused, byte arrays and all: a request parsed
    // into a slot whose arrays nobody else holds allocates nothing, which matters at 100k requests a second.
    std::vector<HttpRequest> m_slots;
    qsizetype m_first = 0;
    qsizetype m_end = 0;
    HttpParseError m_error = HttpParseError::None;
};

} // namespace oilwatch::sim
