#include "sim/repeatedanswer.h"

#include <charconv>
#include <cstring>

namespace oilwatch::sim {

namespace {

// A copy that shares nothing: sharing the parser's arrays would make it copy them when it reuses them.
QByteArray ownCopy(QByteArrayView bytes)
{
    return QByteArray(bytes.data(), bytes.size());
}

// Where the value of the header named name starts in the head of message; -1 when absent.
qsizetype headerValueAt(QByteArrayView message, QByteArrayView name)
{
    const qsizetype headEnd = message.indexOf("\r\n\r\n");
    qsizetype from = 0;
    while (headEnd > 0) {
        const qsizetype lineStart = message.indexOf("\r\n", from);
        if (lineStart < 0 || lineStart >= headEnd)
            return -1;
        const QByteArrayView line = message.sliced(lineStart + 2);
        if (line.size() > name.size() + 1 && line.first(name.size()).compare(name, Qt::CaseInsensitive) == 0
            && line.at(name.size()) == ':')
            return lineStart + 2 + name.size() + 2; // after ": "
        from = lineStart + 2;
    }
    return -1;
}

} // namespace

void RepeatedAnswer::remember(
    const HttpRequest& request, const TickBodyCache::Stamp& stamp, QByteArrayView message)
{
    m_valid = false;
    const qsizetype idAt = headerValueAt(message, SimRouter::kRequestIdHeader);
    const qsizetype remainingAt = headerValueAt(message, SimRouter::kRemainingHeader);
    const qsizetype remainingEnd = remainingAt < 0 ? -1 : message.indexOf("\r\n", remainingAt);
    const qsizetype idSize = qsizetype(sizeof SimRouter::Renewal::requestId);
    // The id must come first and have the renewal's size, or the pieces between would not line up.
    if (idAt < 0 || remainingEnd < 0 || idAt + idSize > remainingAt
        || message.indexOf("\r\n", idAt) != idAt + idSize)
        return;
    m_method = ownCopy(request.method);
    m_target = ownCopy(request.target);
    m_authorization = ownCopy(request.header("Authorization"));
    m_versionMinor = request.versionMinor;
    m_stamp = stamp;
    m_message = ownCopy(message);
    m_idAt = idAt;
    m_remainingAt = remainingAt;
    m_remainingEnd = remainingEnd;
    m_valid = true;
}

bool RepeatedAnswer::matches(const HttpRequest& request, const TickBodyCache::Stamp& stamp) const
{
    return m_valid && stamp == m_stamp && request.versionMinor == m_versionMinor && request.target == m_target
        && request.method == m_method && request.header("Authorization") == m_authorization;
}

void RepeatedAnswer::appendTo(QByteArray& out, const SimRouter::Renewal& renewal) const
{
    char remaining[16];
    const qsizetype remainingSize
        = std::to_chars(remaining, remaining + sizeof remaining, renewal.remaining).ptr - remaining;
    const QByteArrayView message(m_message);
    const qsizetype idSize = qsizetype(renewal.requestId.size());
    const QByteArrayView pieces[] = {message.first(m_idAt), QByteArrayView(renewal.requestId.data(), idSize),
        message.sliced(m_idAt + idSize, m_remainingAt - m_idAt - idSize),
        QByteArrayView(remaining, remainingSize), message.sliced(m_remainingEnd)};
    qsizetype size = 0;
    for (const QByteArrayView& piece : pieces)
        size += piece.size();
    const qsizetype start = out.size();
    out.resize(start + size);
    char* cursor = out.data() + start;
    for (const QByteArrayView& piece : pieces) {
        std::memcpy(cursor, piece.data(), size_t(piece.size()));
        cursor += piece.size();
    }
}

} // namespace oilwatch::sim
