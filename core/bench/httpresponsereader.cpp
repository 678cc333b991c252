#include "bench/httpresponsereader.h"

#include <algorithm>
#include <charconv>

namespace oilwatch::bench {

namespace {

constexpr QByteArrayView kHeadEnd = "\r\n\r\n";

QByteArrayView trimmed(QByteArrayView text)
{
    while (!text.isEmpty() && (text.front() == ' ' || text.front() == '\t'))
        text = text.sliced(1);
    while (!text.isEmpty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
        text.chop(1);
    return text;
}

// Whether a comma-separated header value lists `token` (case-insensitive), without allocating.
bool listsToken(QByteArrayView value, QByteArrayView token)
{
    while (!value.isEmpty()) {
        const qsizetype comma = value.indexOf(',');
        const QByteArrayView part = comma < 0 ? value : value.first(comma);
        if (trimmed(part).compare(token, Qt::CaseInsensitive) == 0)
            return true;
        value = comma < 0 ? QByteArrayView() : value.sliced(comma + 1);
    }
    return false;
}

bool parseNumber(QByteArrayView text, int base, qint64* value)
{
    if (text.isEmpty())
        return false;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, *value, base);
    return ec == std::errc() && ptr == end && *value >= 0;
}

} // namespace

void HttpResponseReader::reset()
{
    *this = HttpResponseReader();
}

void HttpResponseReader::fail(const char* why)
{
    m_state = State::Error;
    m_error = why;
    m_keepAlive = false;
}

qsizetype HttpResponseReader::consume(QByteArrayView data)
{
    qsizetype used = 0;
    while (used < data.size() && (m_state == State::Head || m_state == State::Body)) {
        const QByteArrayView rest = data.sliced(used);
        if (m_state == State::Head) {
            used += consumeHead(rest);
        } else if (m_mode == BodyMode::Chunked) {
            used += consumeChunked(rest);
        } else if (m_mode == BodyMode::UntilClose) {
            used += rest.size();
        } else {
            const qsizetype take = qsizetype(std::min<qint64>(m_remaining, rest.size()));
            m_remaining -= take;
            used += take;
            if (m_remaining == 0)
                m_state = State::Complete;
        }
    }
    return used;
}

void HttpResponseReader::connectionClosed()
{
    if (m_state == State::Body && m_mode == BodyMode::UntilClose) {
        m_state = State::Complete;
        m_keepAlive = false;
    } else if (m_state == State::Head || m_state == State::Body) {
        fail(m_started ? "connection closed before the response was complete"
                       : "connection closed before any response");
    }
}

qsizetype HttpResponseReader::consumeHead(QByteArrayView data)
{
    m_started = true;
    // Fast path: the whole head arrived in one read, nothing kept from before.
    if (m_line.isEmpty()) {
        const qsizetype end = data.indexOf(kHeadEnd);
        if (end >= 0) {
            const qsizetype used = end + kHeadEnd.size();
            if (used > kMaxHeadBytes)
                fail("response head too large");
            else
                parseHead(data.first(end));
            return used;
        }
    }
    const qsizetype searchFrom = std::max<qsizetype>(0, m_line.size() - (kHeadEnd.size() - 1));
    const qsizetype room = kMaxHeadBytes - m_line.size();
    const QByteArrayView taken = data.first(std::min(data.size(), std::max<qsizetype>(room, 0)));
    m_line.append(taken);
    const qsizetype end = QByteArrayView(m_line).indexOf(kHeadEnd, searchFrom);
    if (end < 0) {
        if (m_line.size() >= kMaxHeadBytes)
            fail("response head too large");
        return taken.size();
    }
    // Give back what lies beyond the head: it belongs to the body.
    const qsizetype headBytes = end + kHeadEnd.size();
    const qsizetype usedHere = taken.size() - (m_line.size() - headBytes);
    const QByteArray head = m_line.first(end);
    m_line.clear();
    parseHead(head);
    return usedHere;
}

bool HttpResponseReader::parseHead(QByteArrayView head)
{
    const qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView statusLine = lineEnd < 0 ? head : head.first(lineEnd);
    // "HTTP/1.1 200 OK"
    if (statusLine.size() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine[8] != ' ') {
        fail("not an HTTP/1.x status line");
        return false;
    }
    m_versionMinor = statusLine[7] - '0';
    qint64 status = 0;
    if (!parseNumber(statusLine.sliced(9, 3), 10, &status) || status < 100 || status > 999) {
        fail("bad status code");
        return false;
    }
    m_status = int(status);
    m_contentLength = -1;
    m_chunked = false;
    m_sawConnectionClose = false;
    m_sawConnectionKeepAlive = false;
    qsizetype at = lineEnd < 0 ? head.size() : lineEnd + 2;
    while (at < head.size() && m_state != State::Error) {
        qsizetype next = head.indexOf("\r\n", at);
        if (next < 0)
            next = head.size();
        parseHeader(head.sliced(at, next - at));
        at = next + 2;
    }
    if (m_state == State::Error)
        return false;

    m_keepAlive = m_versionMinor >= 1 ? !m_sawConnectionClose : m_sawConnectionKeepAlive;
    if (m_status < 200 && m_status != 101) {
        // An interim response (100 Continue, 103 Early Hints): the real one follows.
        m_state = State::Head;
        return true;
    }
    m_state = State::Body;
    if (m_status == 204 || m_status == 304) {
        m_state = State::Complete;
    } else if (m_chunked) {
        m_mode = BodyMode::Chunked;
        m_chunkStep = ChunkStep::Size;
    } else if (m_contentLength >= 0) {
        m_mode = BodyMode::Length;
        m_remaining = m_contentLength;
        if (m_remaining == 0)
            m_state = State::Complete;
    } else {
        m_mode = BodyMode::UntilClose;
        m_keepAlive = false;
    }
    return true;
}

void HttpResponseReader::parseHeader(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0) {
        fail("malformed header line");
        return;
    }
    const QByteArrayView name = line.first(colon);
    const QByteArrayView value = trimmed(line.sliced(colon + 1));
    if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
        qint64 length = 0;
        if (!parseNumber(value, 10, &length) || (m_contentLength >= 0 && m_contentLength != length))
            fail("bad Content-Length");
        m_contentLength = length;
    } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
        // Chunked must be the last coding; anything else would need decoding we do not do.
        const QByteArrayView last = trimmed(value.sliced(value.lastIndexOf(',') + 1));
        if (last.compare("chunked", Qt::CaseInsensitive) == 0)
            m_chunked = true;
        else
            fail("unsupported Transfer-Encoding");
    } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
        if (listsToken(value, "close"))
            m_sawConnectionClose = true;
        else if (listsToken(value, "keep-alive"))
            m_sawConnectionKeepAlive = true;
    }
}

qsizetype HttpResponseReader::takeLine(QByteArrayView data, qsizetype limit, bool* whole)
{
    const qsizetype lf = data.indexOf('\n');
    const qsizetype take = lf < 0 ? data.size() : lf + 1;
    if (m_line.size() + take > limit) {
        fail("chunk line too long");
        *whole = false;
        return take;
    }
    m_line.append(data.first(take));
    *whole = lf >= 0;
    return take;
}

qsizetype HttpResponseReader::consumeChunked(QByteArrayView data)
{
    switch (m_chunkStep) {
    case ChunkStep::Size: {
        bool whole = false;
        const qsizetype used = takeLine(data, kMaxChunkLineBytes, &whole);
        if (!whole)
            return used;
        QByteArrayView line = trimmed(QByteArrayView(m_line).chopped(1));
        const qsizetype extension = line.indexOf(';');
        if (extension >= 0)
            line = trimmed(line.first(extension));
        qint64 size = 0;
        if (!parseNumber(line, 16, &size)) {
            fail("bad chunk size");
            return used;
        }
        m_line.clear();
        m_remaining = size;
        m_chunkStep = size == 0 ? ChunkStep::Trailer : ChunkStep::Data;
        return used;
    }
    case ChunkStep::Data: {
        const qsizetype take = qsizetype(std::min<qint64>(m_remaining, data.size()));
        m_remaining -= take;
        if (m_remaining == 0)
            m_chunkStep = ChunkStep::DataEnd;
        return take;
    }
    case ChunkStep::DataEnd:
    case ChunkStep::Trailer: {
        bool whole = false;
        const qsizetype used = takeLine(data, kMaxChunkLineBytes, &whole);
        if (!whole)
            return used;
        const bool empty = trimmed(QByteArrayView(m_line).chopped(1)).isEmpty();
        m_line.clear();
        if (m_chunkStep == ChunkStep::DataEnd) {
            if (!empty)
                fail("chunk data longer than its size");
            m_chunkStep = ChunkStep::Size;
        } else if (empty) {
            m_state = State::Complete; // the blank line after the last chunk (and any trailers)
        }
        return used;
    }
    }
    return data.size();
}

} // namespace oilwatch::bench
