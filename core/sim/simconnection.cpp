#include "sim/simconnection.h"

#include "sim/simlistener.h"
#include "sim/simstats.h"
#include "util/rawsocket.h"

#include <algorithm>
#include <limits>

#include <QScopedValueRollback>
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
    connect(&m_idleTimer, &QTimer::timeout, this, &SimConnection::onIdleTimeout);
    m_lastActivityMs = m_listener.monotonicMs();
    m_idleTimer.start(m_listener.idleTimeoutMs());

    connect(m_socket, &QTcpSocket::readyRead, this, &SimConnection::pump);
    connect(m_socket, &QTcpSocket::bytesWritten, this, [this] {
        settleFlushed();
        if (m_pumping)
            return; // pump() flushed and goes on reading by itself
        // Resume reading once a slow reader has drained what was throttling us.
        if (!m_closing && m_socket->bytesToWrite() <= kMaxUnsentBytes && m_socket->bytesAvailable() > 0)
            pump();
    });
    connect(m_socket, &QTcpSocket::disconnected, this, [this] {
        releaseAll();
        deleteLater();
    });

    if (m_socket->state() != QAbstractSocket::ConnectedState)
        deleteLater();
    else if (m_socket->bytesAvailable() > 0)
        pump();
}

SimConnection::~SimConnection()
{
    releaseAll();
}

void SimConnection::pump()
{
    if (m_closing || m_pumping)
        return;
    const QScopedValueRollback pumping(m_pumping, true);
    // Alternate until neither step moves: writing frees queue slots that let more pipelined requests in.
    bool progressed = true;
    while (progressed && !m_closing) {
        // One clock read per round, not several per request: at 100k requests a second they add up.
        m_roundMs = m_listener.monotonicMs();
        m_lastActivityMs = m_roundMs;
        progressed = readAndAnswer();
        if (writeReady()) {
            progressed = true;
            flushSocket(); // all answers of this round in one send
        }
    }
    if (!m_closing && !m_pending.empty() && m_pending.front().action != Action::Hang) {
        const qint64 wait = m_pending.front().readyAtMs - m_listener.monotonicMs();
        m_latencyTimer.start(int(std::clamp<qint64>(wait, 1, std::numeric_limits<int>::max())));
    }
}

bool SimConnection::readAndAnswer()
{
    bool progressed = false;
    // Answers are only queued here, not written, so what the socket holds unsent cannot change in the loop.
    const qint64 socketUnsent = m_socket->bytesToWrite();
    while (socketUnsent + m_outgoing.size() <= kMaxUnsentBytes && !m_noMoreRequests
        && qsizetype(m_pending.size()) < kMaxQueuedResponses) {
        if (const HttpRequest* request = m_parser.peek()) {
            answer(*request);
            m_parser.pop();
            progressed = true;
        } else if (m_parser.hasError()) {
            answerParseError();
            progressed = true;
        } else if (m_socket->bytesAvailable() > 0) {
            char chunk[kReadChunk];
            const qint64 n = m_socket->read(chunk, kReadChunk);
            if (n <= 0)
                break;
            m_parser.feed(QByteArrayView(chunk, n));
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
    const bool keepAlive = request.keepAlive;
    const bool http10KeepAlive = keepAlive && request.versionMinor == 0;
    Pending pending;
    pending.closeAfter = !keepAlive;
    if (SimControl::isControlPath(request.path)) {
        const SimResponse response
            = m_listener.control().handle(request, m_socket->peerAddress().isLoopback());
        pending.bytes = response.serialize(keepAlive, http10KeepAlive);
        pending.readyAtMs = m_listener.monotonicMs();
        pending.counted = false;
    } else {
        m_listener.requestStarted(request.path);
        const FaultDecision decision
            = SimRouter::isApiPath(request.path) ? m_listener.decideFaults() : FaultDecision {};
        pending.readyAtMs = m_listener.afterStall(m_roundMs + std::max(0, decision.latencyMs));
        const qint64 nowMs = m_listener.wallClockMs();
        if (keepAlive && !decision.outage && !decision.rule && pending.readyAtMs <= m_roundMs
            && m_pending.empty()) {
            answerNow(request, nowMs, decision);
            return;
        }
        const SimResponse response = m_listener.router().handleAt(request, nowMs, decision);
        pending.bytes = response.serialize(keepAlive, http10KeepAlive);
        planConnectionFault(decision, response, pending);
    }
    if (!keepAlive || pending.action != Action::Write)
        m_noMoreRequests = true; // a faulted connection answers nothing after the fault
    m_pending.push_back(std::move(pending));
}

void SimConnection::answerNow(const HttpRequest& request, qint64 nowMs, const FaultDecision& decision)
{
    // The common case, an answer due now with nothing queued before it: straight into the outgoing bytes,
    // which go to the kernel in one send after this round of requests.
    SimRouter& router = m_listener.router();
    const qsizetype before = m_outgoing.size();
    if (!decision.faults() && m_lastAnswer.matches(request, router.answerStamp(nowMs))
        && router.mayRenew(nowMs)) {
        m_lastAnswer.appendTo(m_outgoing, router.renewAnswer(nowMs));
    } else {
        const SimResponse response = router.handleAt(request, nowMs, decision);
        response.appendTo(m_outgoing, true, request.versionMinor == 0);
        if (response.repeatable) {
            m_lastAnswer.remember(
                request, router.answerStamp(nowMs), QByteArrayView(m_outgoing).sliced(before));
        }
    }
    m_queuedBytes += m_outgoing.size() - before;
    m_flushMarks.push_back(m_queuedBytes);
}

void SimConnection::planConnectionFault(
    const FaultDecision& decision, const SimResponse& response, Pending& pending)
{
    if (decision.outage) {
        if (decision.outageMode == OutageMode::Reset) {
            pending.action = Action::Reset;
            pending.resetAfter = 0;
            pending.readyAtMs = m_listener.monotonicMs(); // a down service answers at once
        }
        return;
    }
    if (!decision.rule)
        return;
    const FaultRule& rule = *decision.rule;
    const qsizetype headBytes = pending.bytes.size() - response.body.size();
    switch (rule.kind) {
    case FaultKind::Hang:
        pending.action = Action::Hang;
        pending.readyAtMs = std::numeric_limits<qint64>::max();
        break;
    case FaultKind::Close:
        pending.action = Action::Close;
        break;
    case FaultKind::SlowBody:
        pending.action = Action::Trickle;
        pending.headBytes = headBytes;
        pending.chunkBytes = rule.chunkBytes;
        pending.intervalMs = rule.intervalMs;
        break;
    case FaultKind::Reset: {
        // Always inside the body: at least one byte of it missing, none when the body is empty.
        const qsizetype body = response.body.size();
        const qsizetype wanted = rule.afterBytes < 0 ? body / 2 : qsizetype(rule.afterBytes);
        pending.action = Action::Reset;
        pending.resetAfter = headBytes + std::clamp<qsizetype>(wanted, 0, std::max<qsizetype>(0, body - 1));
        break;
    }
    default:
        break;
    }
}

void SimConnection::answerParseError()
{
    const SimResponse response
        = m_listener.router().parseErrorResponse(m_parser.error(), m_listener.wallClockMs());
    m_listener.requestStarted(
        QByteArray(SimStatsCounters::kUnparsed.data(), SimStatsCounters::kUnparsed.size()));
    Pending pending;
    pending.bytes = response.serialize(false);
    pending.readyAtMs = m_listener.monotonicMs();
    pending.closeAfter = true;
    m_pending.push_back(std::move(pending));
    m_noMoreRequests = true;
}

bool SimConnection::writeReady()
{
    bool progressed = false;
    if (!m_outgoing.isEmpty() && !m_closing) {
        send(m_outgoing.constData(), m_outgoing.size()); // before anything queued behind these answers
        m_outgoing.resize(0); // keeps the capacity
        settleFlushed();
        progressed = true;
    }
    const qint64 now = m_roundMs;
    while (!m_closing && !m_pending.empty() && m_pending.front().readyAtMs <= now) {
        if (!writeFront(now))
            break;
        progressed = true;
    }
    return progressed;
}

bool SimConnection::writeFront(qint64 now)
{
    Pending& front = m_pending.front();
    switch (front.action) {
    case Action::Hang:
        return false;
    case Action::Close:
        m_closing = true;
        dropPending();
        m_latencyTimer.stop();
        m_socket->disconnectFromHost();
        return true;
    case Action::Reset:
        if (front.resetAfter > 0) {
            m_socket->write(front.bytes.constData(), front.resetAfter);
            m_socket->flush(); // into the kernel now: abort() drops what Qt still buffers
        }
        resetConnection();
        return true;
    case Action::Trickle: {
        const qsizetype step = front.sent == 0 ? front.headBytes : front.chunkBytes;
        const qsizetype size = std::min(step, front.bytes.size() - front.sent);
        send(front.bytes.constData() + front.sent, size);
        m_queuedBytes += size;
        front.sent += size;
        if (front.sent < front.bytes.size()) {
            front.readyAtMs = now + front.intervalMs;
            return false; // the timer brings the next chunk; later answers wait behind it
        }
        break;
    }
    case Action::Write:
        send(front.bytes.constData(), front.bytes.size());
        m_queuedBytes += front.bytes.size();
        break;
    }
    const Pending done = std::move(front);
    m_pending.pop_front();
    written(done);
    if (done.closeAfter) {
        m_closing = true;
        m_latencyTimer.stop();
        dropPending(); // answers queued behind a close are never sent
        m_socket->disconnectFromHost(); // sends what is buffered first
    }
    return true;
}

void SimConnection::written(const Pending& pending)
{
    if (pending.counted)
        m_flushMarks.push_back(m_queuedBytes);
    settleFlushed();
}

void SimConnection::settleFlushed()
{
    const qint64 flushed = m_queuedBytes - m_outgoing.size() - m_socket->bytesToWrite();
    while (!m_flushMarks.empty() && m_flushMarks.front() <= flushed) {
        m_flushMarks.pop_front();
        m_listener.requestFinished();
    }
}

void SimConnection::dropPending()
{
    for (const Pending& pending : m_pending) {
        if (pending.counted)
            m_listener.requestFinished();
    }
    m_pending.clear();
}

void SimConnection::releaseAll()
{
    dropPending();
    for (std::size_t i = 0; i < m_flushMarks.size(); ++i)
        m_listener.requestFinished();
    m_flushMarks.clear();
}

void SimConnection::resetConnection()
{
    m_closing = true;
    releaseAll();
    m_latencyTimer.stop();
    m_idleTimer.stop();
    // The peer sees "connection reset", not an orderly close.
    util::resetOnClose(m_socket->socketDescriptor());
    m_socket->abort();
    deleteLater();
}

void SimConnection::send(const char* data, qsizetype size)
{
    // Straight to the kernel while Qt holds nothing unsent: a write through the buffered QTcpSocket would
    // switch its write notifier on and off again for every answer, which costs more than the answer itself.
    // m_qtHoldsBytes spares asking the socket in the common case: only this function writes through it.
    if (!m_qtHoldsBytes || m_socket->bytesToWrite() == 0) {
        const qint64 sent = util::sendDirect(m_socket->socketDescriptor(), data, size);
        data += sent;
        size -= sent;
        // Whatever is left (a full kernel buffer, an error Qt should see and report, or a platform without
        // the fast path) goes through Qt.
    }
    if (size > 0) {
        m_socket->write(data, size);
        m_qtHoldsBytes = true;
    }
}

void SimConnection::flushSocket()
{
    // A buffered QTcpSocket would otherwise wait for the event loop to report the socket writable: one more
    // poll round per answer.
    if (m_closing || !m_qtHoldsBytes)
        return;
    if (m_socket->bytesToWrite() > 0)
        m_socket->flush();
    m_qtHoldsBytes = m_socket->bytesToWrite() > 0;
}

void SimConnection::onIdleTimeout()
{
    const int timeoutMs = m_listener.idleTimeoutMs();
    const qint64 now = m_listener.monotonicMs();
    if (now - m_lastActivityMs < timeoutMs) {
        m_idleTimer.start(int(timeoutMs - (now - m_lastActivityMs)));
        return;
    }
    m_lastActivityMs = now;
    if (m_closing) {
        m_socket->abort(); // a client that never reads our last answer does not get to keep the socket
        deleteLater();
        return;
    }
    if (!m_pending.empty()) {
        m_idleTimer.start(timeoutMs); // waiting on injected latency (or hanging on purpose) is not idleness
        return;
    }
    m_closing = true;
    m_socket->disconnectFromHost();
    m_idleTimer.start(timeoutMs); // aborts if the close never completes
}

} // namespace oilwatch::sim
