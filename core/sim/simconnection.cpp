#include "sim/simconnection.h"

#include "sim/simlistener.h"

#include <QTcpSocket>

namespace oilwatch::sim {

SimConnection::SimConnection(QTcpSocket* socket, SimListener& listener, QObject* parent)
    : QObject(parent)
    , m_socket(socket)
    , m_listener(listener)
{
    m_socket->setParent(this);
    // Let the kernel buffer what we are not ready to read yet, instead of Qt buffering without limit.
    m_socket->setReadBufferSize(4 * kReadChunk);
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);

    m_latencyTimer.setSingleShot(true);
    m_latencyTimer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire early; latency is a minimum
    connect(&m_latencyTimer, &QTimer::timeout, this, &SimConnection::pump);

    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(m_listener.idleTimeoutMs());
    connect(&m_idleTimer, &QTimer::timeout, this, &SimConnection::onIdleTimeout);
    m_idleTimer.start();

    connect(m_socket, &QTcpSocket::readyRead, this, &SimConnection::pump);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        // Resume reading once a slow reader has drained what was throttling us.
        if (!m_closing && m_socket->bytesToWrite() <= kMaxUnsentBytes && m_socket->bytesAvailable() > 0)
            pump();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);

    if (m_socket->state() != QAbstractSocket::ConnectedState)
        deleteLater();
    else if (m_socket->bytesAvailable() > 0)
        pump();
}

void SimConnection::pump()
{
    if (m_closing)
        return;
    m_idleTimer.start();
    // Alternate until neither step moves: writing frees queue slots that let more pipelined requests in.
    bool progressed = true;
    while (progressed && !m_closing) {
        progressed = readAndAnswer();
        progressed = writeReady() || progressed;
    }
    if (!m_closing && !m_pending.empty()) {
        const qint64 wait = m_pending.front().readyAtMs - m_listener.monotonicMs();
        m_latencyTimer.start(int(std::max<qint64>(1, wait)));
    }
}

bool SimConnection::readAndAnswer()
{
    bool progressed = false;
    while (!m_noMoreRequests && qsizetype(m_pending.size()) < kMaxQueuedResponses
        && m_socket->bytesToWrite() <= kMaxUnsentBytes) {
        if (const std::optional<HttpRequest> request = m_parser.next()) {
            answer(*request);
            progressed = true;
        } else if (m_parser.hasError()) {
            answerParseError();
            progressed = true;
        } else if (m_socket->bytesAvailable() > 0) {
            m_parser.feed(m_socket->read(kReadChunk));
        } else {
            break;
        }
    }
    if (m_noMoreRequests && m_socket->bytesAvailable() > 0)
        m_socket->skip(m_socket->bytesAvailable()); // nothing after the last request will be answered
    return progressed;
}

void SimConnection::answer(const HttpRequest& request)
{
    const FaultSettings faults = m_listener.faults();
    const SimResponse response = m_listener.router().handleAt(request, m_listener.wallClockMs(), faults);
    m_listener.countRequest();
    const bool keepAlive = request.keepAlive;
    const qint64 readyAt = m_listener.monotonicMs() + std::max(0, faults.latencyMs);
    m_pending.push_back(
        {response.serialize(keepAlive, keepAlive && request.versionMinor == 0), readyAt, !keepAlive});
    if (!keepAlive)
        m_noMoreRequests = true;
}

void SimConnection::answerParseError()
{
    const SimResponse response
        = m_listener.router().parseErrorResponse(m_parser.error(), m_listener.wallClockMs());
    m_listener.countRequest();
    m_pending.push_back({response.serialize(false), m_listener.monotonicMs(), true});
    m_noMoreRequests = true;
}

bool SimConnection::writeReady()
{
    bool progressed = false;
    const qint64 now = m_listener.monotonicMs();
    while (!m_pending.empty() && m_pending.front().readyAtMs <= now) {
        const Pending pending = std::move(m_pending.front());
        m_pending.pop_front();
        m_socket->write(pending.bytes);
        progressed = true;
        if (pending.closeAfter) {
            m_closing = true;
            m_pending.clear();
            m_latencyTimer.stop();
            m_socket->disconnectFromHost(); // sends what is buffered first
            break;
        }
    }
    return progressed;
}

void SimConnection::onIdleTimeout()
{
    if (m_closing) {
        m_socket->abort(); // a client that never reads our last answer does not get to keep the socket
        deleteLater();
        return;
    }
    if (!m_pending.empty()) {
        m_idleTimer.start(); // waiting on injected latency is not idleness
        return;
    }
    m_closing = true;
    m_socket->disconnectFromHost();
    m_idleTimer.start(); // aborts if the close never completes
}

} // namespace oilwatch::sim
