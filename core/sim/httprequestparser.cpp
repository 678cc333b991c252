#include "sim/httprequestparser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace oilwatch::sim {

namespace {

// RFC 9110 §5.6.2 tchar, as a table: this runs for every byte of every method and header name.
constexpr std::array<bool, 256> kTokenChars = [] {
    std::array<bool, 256> table {};
    for (int c = '0'; c <= '9'; ++c)
        table[size_t(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c) {
        table[size_t(c)] = true;
        table[size_t(c - 'a' + 'A')] = true;
    }
    for (char c : std::string_view("!#$%&'*+-.^_`|~"))
        table[size_t(static_cast<unsigned char>(c))] = true;
    return table;
}();

bool isTokenChar(char c)
{
    return kTokenChars[static_cast<unsigned char>(c)];
}

// QByteArrayView::indexOf(char) goes through Qt's general substring search; a request takes some twenty of
// these, so straight to memchr.
qsizetype findChar(QByteArrayView text, char c, qsizetype from = 0)
{
    if (from >= text.size())
        return -1;
    const void* found = std::memchr(text.data() + from, c, size_t(text.size() - from));
    return found ? static_cast<const char*>(found) - text.data() : -1;
}

// Whether the bytes so far can still begin a request line: a method token, then a space. Only the first
// bytes are looked at, so a slow trickle of a long line is not rescanned from its start every time.
bool couldStartRequestLine(QByteArrayView bytes)
{
    constexpr qsizetype kLongestMethodLooked = 32;
    for (const char c : bytes.first(std::min(bytes.size(), kLongestMethodLooked))) {
        if (c == ' ')
            return true;
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Control characters other than tab, as a table: the target and every header value are checked byte by
// byte.
constexpr std::array<bool, 256> kControlChars = [] {
    std::array<bool, 256> table {};
    for (int c = 0; c < 0x20; ++c)
        table[size_t(c)] = c != '\t';
    table[0x7f] = true;
    return table;
}();

bool hasControlChars(QByteArrayView text)
{
    // No early exit: the values are short and a request with control characters is rare, so a loop the
    // compiler can unroll without a branch per byte is faster.
    bool found = false;
    for (char c : text)
        found |= kControlChars[static_cast<unsigned char>(c)];
    return found;
}

bool isDigits(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (char c : text) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

// Whether a comma-separated header value (Connection) carries the token, ignoring case.
bool hasListToken(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = findChar(value, ',');
        const QByteArrayView item = (comma < 0 ? value : value.first(comma)).trimmed();
        if (item.compare(token, Qt::CaseInsensitive) == 0)
            return true;
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return false;
}

QByteArrayView chompCr(QByteArrayView line)
{
    return line.endsWith('\r') ? line.chopped(1) : line;
}

// Copies into a byte array that keeps its capacity when nobody else shares it: no allocation once warm.
void assign(QByteArray& target, QByteArrayView bytes)
{
    if (bytes.isEmpty()) {
        // Empty, not null: a header sent with an empty value is still there.
        if (target.isNull())
            target = QByteArray("", 0);
        else if (!target.isEmpty())
            target.resize(0);
        return;
    }
    target.resize(bytes.size());
    std::memcpy(target.data(), bytes.data(), size_t(bytes.size()));
}

} // namespace

void HttpRequestParser::feed(QByteArrayView bytes)
{
    if (hasError() || bytes.isEmpty())
        return;
    m_buffer.append(bytes);
    parseAvailable();
}

std::optional<HttpRequest> HttpRequestParser::next()
{
    if (m_first == m_end)
        return std::nullopt;
    std::optional<HttpRequest> request(std::move(m_slots[size_t(m_first)]));
    pop();
    return request;
}

void HttpRequestParser::pop()
{
    if (m_first == m_end)
        return;
    ++m_first;
    if (m_first == m_end && !m_inBody) {
        m_first = 0; // everything handed out: start again with the first, warm slot
        m_end = 0;
    }
}

HttpRequest& HttpRequestParser::freeSlot()
{
    if (m_first == m_end && !m_inBody) {
        m_first = 0;
        m_end = 0;
    }
    if (m_end == qsizetype(m_slots.size()))
        m_slots.emplace_back();
    return m_slots[size_t(m_end)];
}

void HttpRequestParser::parseAvailable()
{
    while (!hasError()) {
        if (m_inBody) {
            if (m_buffer.size() - m_pos < m_bodyLength)
                break;
            assign(m_slots[size_t(m_end)].body, QByteArrayView(m_buffer).sliced(m_pos, m_bodyLength));
            m_pos += m_bodyLength;
            m_inBody = false;
            ++m_end;
            m_scanFrom = m_pos;
            continue;
        }
        // RFC 9112 §2.2: ignore empty lines before a request line (some clients add one after a body).
        while (m_pos < m_buffer.size() && (m_buffer.at(m_pos) == '\r' || m_buffer.at(m_pos) == '\n'))
            ++m_pos;
        m_scanFrom = std::max(m_scanFrom, m_pos);

        // The head ends at an empty line: "\n\r\n" or "\n\n".
        qsizetype headEnd = -1;
        qsizetype bodyStart = -1;
        qsizetype from = m_scanFrom;
        while (true) {
            const qsizetype nl = findChar(m_buffer, '\n', from);
            if (nl < 0)
                break;
            if (nl + 1 < m_buffer.size() && m_buffer.at(nl + 1) == '\n') {
                headEnd = nl + 1;
                bodyStart = nl + 2;
                break;
            }
            if (nl + 2 < m_buffer.size() && m_buffer.at(nl + 1) == '\r' && m_buffer.at(nl + 2) == '\n') {
                headEnd = nl + 1;
                bodyStart = nl + 3;
                break;
            }
            if (nl + 2 >= m_buffer.size()) {
                // Could still become a terminator once more bytes arrive: rescan from this newline.
                from = nl;
                break;
            }
            from = nl + 1;
        }
        if (headEnd < 0) {
            m_scanFrom = from;
            if (m_buffer.size() - m_pos > kMaxHeaderBytes)
                fail(HttpParseError::HeaderTooLarge);
            // Not HTTP at all (a TLS handshake sent to this plain port, say): refused at once, as real
            // servers do, rather than waited on until the idle timeout while the client waits for us.
            else if (!couldStartRequestLine(QByteArrayView(m_buffer).sliced(m_pos)))
                fail(HttpParseError::BadRequest);
            break;
        }
        if (headEnd - m_pos > kMaxHeaderBytes) {
            fail(HttpParseError::HeaderTooLarge);
            break;
        }
        if (!parseHead(QByteArrayView(m_buffer).sliced(m_pos, headEnd - m_pos)))
            break;
        m_pos = bodyStart;
        m_scanFrom = m_pos;
    }
    compact();
}

bool HttpRequestParser::parseHead(QByteArrayView head)
{
    const qsizetype lineEnd = findChar(head, '\n');
    const QByteArrayView requestLine = chompCr(lineEnd < 0 ? head : head.first(lineEnd));
    const QByteArrayView lines = lineEnd < 0 ? QByteArrayView() : head.sliced(lineEnd + 1);

    const qsizetype sp1 = findChar(requestLine, ' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : findChar(requestLine, ' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || findChar(requestLine, ' ', sp2 + 1) >= 0) {
        fail(HttpParseError::BadRequest);
        return false;
    }
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method) || target.isEmpty() || hasControlChars(target)) {
        fail(HttpParseError::BadRequest);
        return false;
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version.at(6) != '.'
        || !isDigits(version.sliced(5, 1)) || !isDigits(version.sliced(7, 1))) {
        fail(HttpParseError::BadRequest);
        return false;
    }
    if (version.at(5) != '1' || (version.at(7) != '0' && version.at(7) != '1')) {
        fail(HttpParseError::VersionNotSupported);
        return false;
    }
    HttpRequest& request = freeSlot();
    assign(request.method, method);
    assign(request.target, target);
    request.versionMinor = version.at(7) - '0';

    QByteArrayView originForm = target;
    // Absolute-form ("http://host/path") is legal in HTTP/1.1; only the path and query matter here.
    if (!target.startsWith('/')) {
        if (const qsizetype scheme = target.indexOf("://"); scheme > 0) {
            const qsizetype slash = target.indexOf('/', scheme + 3);
            originForm = slash < 0 ? QByteArrayView("/") : target.sliced(slash);
        }
    }
    const qsizetype question = findChar(originForm, '?');
    assign(request.path, question < 0 ? originForm : originForm.first(question));
    assign(request.query, question < 0 ? QByteArrayView() : originForm.sliced(question + 1));

    QByteArrayView contentLength;
    if (!parseHeaders(lines, request, &contentLength))
        return false;

    qsizetype length = 0;
    if (!contentLength.isNull()) {
        // More digits than the limit has cannot fit; this also keeps toLongLong away from overflow.
        length = contentLength.size() > 12 ? kMaxBodyBytes + 1 : qsizetype(contentLength.toLongLong());
        if (length > kMaxBodyBytes) {
            fail(HttpParseError::BodyTooLarge);
            return false;
        }
    }
    assign(request.body, {});
    m_inBody = true;
    m_bodyLength = length;
    return true;
}

bool HttpRequestParser::parseHeaders(
    QByteArrayView lines, HttpRequest& request, QByteArrayView* contentLength)
{
    QByteArrayView connection;
    int hostCount = 0;
    size_t count = 0;
    while (!lines.isEmpty()) {
        const qsizetype lineEnd = findChar(lines, '\n');
        const QByteArrayView line = chompCr(lineEnd < 0 ? lines : lines.first(lineEnd));
        lines = lineEnd < 0 ? QByteArrayView() : lines.sliced(lineEnd + 1);
        if (line.isEmpty())
            continue;
        // Folded continuation lines are obsolete and a known smuggling vector (RFC 9112 §5.2).
        if (line.front() == ' ' || line.front() == '\t') {
            fail(HttpParseError::BadRequest);
            return false;
        }
        const qsizetype colon = findChar(line, ':');
        const QByteArrayView name = colon < 0 ? QByteArrayView() : line.first(colon);
        if (!isToken(name)) {
            fail(HttpParseError::BadRequest);
            return false;
        }
        const QByteArrayView value = line.sliced(colon + 1).trimmed();
        if (hasControlChars(value)) {
            fail(HttpParseError::BadRequest);
            return false;
        }
        if (HttpRequest::sameHeaderName(name, "Content-Length")) {
            if (!isDigits(value) || (!contentLength->isNull() && *contentLength != value)) {
                fail(HttpParseError::BadRequest);
                return false;
            }
            *contentLength = value;
        } else if (HttpRequest::sameHeaderName(name, "Transfer-Encoding")) {
            fail(HttpParseError::NotImplemented);
            return false;
        } else if (HttpRequest::sameHeaderName(name, "Host")) {
            ++hostCount;
        } else if (connection.isNull() && HttpRequest::sameHeaderName(name, "Connection")) {
            connection = value; // the first one decides, as HttpRequest::header would find it
        }
        if (count == request.headers.size())
            request.headers.emplace_back();
        assign(request.headers[count].first, name);
        assign(request.headers[count].second, value);
        ++count;
    }
    request.headers.resize(count);
    // RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host is answered with 400.
    if (request.versionMinor == 1 && hostCount != 1) {
        fail(HttpParseError::BadRequest);
        return false;
    }
    request.keepAlive = request.versionMinor == 1 ? !hasListToken(connection, "close")
                                                  : hasListToken(connection, "keep-alive");
    return true;
}

void HttpRequestParser::fail(HttpParseError error)
{
    m_error = error;
    m_inBody = false;
    m_buffer.clear();
    m_buffer.squeeze();
    m_pos = 0;
    m_scanFrom = 0;
}

void HttpRequestParser::compact()
{
    // Dropping consumed bytes costs a move, so do it only when it frees a worthwhile amount or everything.
    if (m_pos == 0)
        return;
    if (m_pos == m_buffer.size()) {
        m_buffer.resize(0); // keeps the capacity for the next request
    } else if (m_pos >= 4096) {
        m_buffer.remove(0, m_pos);
    } else {
        return;
    }
    m_scanFrom -= m_pos;
    m_pos = 0;
}

int HttpRequestParser::statusCode(HttpParseError error)
{
    switch (error) {
    case HttpParseError::None:
        return 200;
    case HttpParseError::BadRequest:
        return 400;
    case HttpParseError::HeaderTooLarge:
        return 431;
    case HttpParseError::BodyTooLarge:
        return 413;
    case HttpParseError::NotImplemented:
        return 501;
    case HttpParseError::VersionNotSupported:
        return 505;
    }
    return 400;
}

const char* HttpRequestParser::describe(HttpParseError error)
{
    switch (error) {
    case HttpParseError::None:
        return "No error";
    case HttpParseError::BadRequest:
        return "Malformed HTTP request";
    case HttpParseError::HeaderTooLarge:
        return "Request line and headers exceed 16 KiB";
    case HttpParseError::BodyTooLarge:
        return "Request body exceeds 64 KiB";
    case HttpParseError::NotImplemented:
        return "Transfer-Encoding is not supported; send a Content-Length";
    case HttpParseError::VersionNotSupported:
        return "Only HTTP/1.0 and HTTP/1.1 are supported";
    }
    return "Malformed HTTP request";
}

} // namespace oilwatch::sim
