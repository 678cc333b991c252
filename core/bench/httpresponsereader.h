#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace oilwatch::bench {

// Frames one HTTP/1.1 response after another on a keep-alive connection: status line, headers, then a body
// delimited by Content-Length, chunked encoding, or the end of the connection. It keeps only what it needs
// to find the end of the response (status, framing, connection reuse), never the body itself, so that the
// raw engine spends its time on the wire and not on copies.
class HttpResponseReader
{
public:
    static constexpr qsizetype kMaxHeadBytes = 64 * 1024;
    static constexpr qsizetype kMaxChunkLineBytes = 1024;

    enum class State
    {
        Head, // waiting for the status line and headers
        Body,
        Complete,
        Error,
    };

    // Forget everything: the next byte starts a new response.
    void reset();

    // Consumes bytes of `data` up to the end of the current response (never beyond it) and returns how
    // many. Bytes of an incomplete head or chunk-size line are kept inside, so the caller may drop what was
    // consumed.
    qsizetype consume(QByteArrayView data);
    // The peer closed the connection: completes a body that runs until the close, else an error.
    void connectionClosed();

    State state() const { return m_state; }
    bool isComplete() const { return m_state == State::Complete; }
    bool hasError() const { return m_state == State::Error; }
    bool hasStarted() const { return m_started; }
    int status() const { return m_status; }
    // The connection may carry another request after this response.
    bool keepAlive() const { return m_keepAlive; }
    const char* errorText() const { return m_error; }

private:
    enum class BodyMode
    {
        Length,
        Chunked,
        UntilClose,
    };
    enum class ChunkStep
    {
        Size,
        Data,
        DataEnd, // the CRLF after a chunk's data
        Trailer,
    };

    qsizetype consumeHead(QByteArrayView data);
    qsizetype consumeChunked(QByteArrayView data);
    bool parseHead(QByteArrayView head);
    void parseHeader(QByteArrayView line);
    void fail(const char* why);
    // Appends to m_line up to and including LF; returns bytes used and whether the line is whole.
    qsizetype takeLine(QByteArrayView data, qsizetype limit, bool* whole);

    State m_state = State::Head;
    bool m_started = false;
    int m_status = 0;
    int m_versionMinor = 1;
    bool m_keepAlive = true;
    bool m_sawConnectionClose = false;
    bool m_sawConnectionKeepAlive = false;
    bool m_chunked = false;
    qint64 m_contentLength = -1;
    BodyMode m_mode = BodyMode::Length;
    qint64 m_remaining = 0;
    ChunkStep m_chunkStep = ChunkStep::Size;
    QByteArray m_line; // an incomplete head or chunk line
    const char* m_error = "";
};

} // namespace oilwatch::bench
