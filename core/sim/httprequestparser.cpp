#include "sim/httprequestparser.h"

#include <algorithm>

namespace oilwatch::sim {

namespace {

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
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

bool hasControlChars(QByteArrayView text)
{
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return true;
    }
    return false;
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
        const qsizetype comma = value.indexOf(',');
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
    if (m_ready.empty())
        return std::nullopt;
    HttpRequest request = std::move(m_ready.front());
    m_ready.pop_front();
    return request;
}

void HttpRequestParser::parseAvailable()
{
    while (!hasError()) {
        if (m_current) {
            if (m_buffer.size() - m_pos < m_bodyLength)
                break;
            m_current->body = m_buffer.mid(m_pos, m_bodyLength);
            m_pos += m_bodyLength;
            m_ready.push_back(std::move(*m_current));
            m_current.reset();
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
            const qsizetype nl = m_buffer.indexOf('\n', from);
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
    HttpRequest request;
    qsizetype lineEnd = head.indexOf('\n');
    const QByteArrayView requestLine = chompCr(lineEnd < 0 ? head : head.first(lineEnd));
    QByteArrayView rest = lineEnd < 0 ? QByteArrayView() : head.sliced(lineEnd + 1);

    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0) {
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
    request.method = method.toByteArray();
    request.target = target.toByteArray();
    request.versionMinor = version.at(7) - '0';

    QByteArrayView originForm = target;
    // Absolute-form ("http://host/path") is legal in HTTP/1.1; only the path and query matter here.
    if (const qsizetype scheme = target.indexOf("://"); scheme > 0 && !target.startsWith('/')) {
        const qsizetype slash = target.indexOf('/', scheme + 3);
        originForm = slash < 0 ? QByteArrayView("/") : target.sliced(slash);
    }
    const qsizetype question = originForm.indexOf('?');
    request.path = (question < 0 ? originForm : originForm.first(question)).toByteArray();
    if (question >= 0)
        request.query = originForm.sliced(question + 1).toByteArray();

    QByteArray contentLength;
    int hostCount = 0;
    while (!rest.isEmpty()) {
        lineEnd = rest.indexOf('\n');
        const QByteArrayView line = chompCr(lineEnd < 0 ? rest : rest.first(lineEnd));
        rest = lineEnd < 0 ? QByteArrayView() : rest.sliced(lineEnd + 1);
        if (line.isEmpty())
            continue;
        // Folded continuation lines are obsolete and a known smuggling vector (RFC 9112 §5.2).
        if (line.front() == ' ' || line.front() == '\t') {
            fail(HttpParseError::BadRequest);
            return false;
        }
        const qsizetype colon = line.indexOf(':');
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
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0) {
            if (!isDigits(value) || (!contentLength.isNull() && contentLength != value)) {
                fail(HttpParseError::BadRequest);
                return false;
            }
            contentLength = value.toByteArray();
        } else if (name.compare("Transfer-Encoding", Qt::CaseInsensitive) == 0) {
            fail(HttpParseError::NotImplemented);
            return false;
        } else if (name.compare("Host", Qt::CaseInsensitive) == 0) {
            ++hostCount;
        }
        request.headers.emplace_back(name.toByteArray(), value.toByteArray());
    }
    // RFC 9112 §3.2: an HTTP/1.1 request without exactly one Host is answered with 400.
    if (request.versionMinor == 1 && hostCount != 1) {
        fail(HttpParseError::BadRequest);
        return false;
    }

    qsizetype length = 0;
    if (!contentLength.isNull()) {
        // More digits than the limit has cannot fit; this also keeps toLongLong away from overflow.
        length = contentLength.size() > 12 ? kMaxBodyBytes + 1 : qsizetype(contentLength.toLongLong());
        if (length > kMaxBodyBytes) {
            fail(HttpParseError::BodyTooLarge);
            return false;
        }
    }

    const QByteArray connection = request.header("Connection");
    request.keepAlive = request.versionMinor == 1 ? !hasListToken(connection, "close")
                                                  : hasListToken(connection, "keep-alive");
    m_current = std::move(request);
    m_bodyLength = length;
    return true;
}

void HttpRequestParser::fail(HttpParseError error)
{
    m_error = error;
    m_current.reset();
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
        m_buffer.clear();
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
