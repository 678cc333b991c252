#include "bench/rawengine.h"

#include <algorithm>

#include <QSslSocket>
#include <QTcpSocket>

namespace oilwatch::bench {

namespace {

constexpr qint64 kReadChunk = 16 * 1024;

} // namespace

RawTarget RawTarget::forUrl(const QUrl& url, const QByteArray& apiKey, bool verifyPeer)
{
    RawTarget target;
    target.tls = url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0;
    target.verifyPeer = verifyPeer;
    target.host = url.host();
    target.port = quint16(url.port(target.tls ? 443 : 80));
    QByteArray path = url.path(QUrl::FullyEncoded).toLatin1();
    if (path.isEmpty())
        path = "/";
    if (url.hasQuery())
        path += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    const bool defaultPort = url.port() < 0 || url.port() == (target.tls ? 443 : 80);
    QByteArray hostHeader = url.host(QUrl::FullyEncoded).toLatin1();
    if (url.host().contains(QLatin1Char(':')))
        hostHeader = '[' + hostHeader + ']';
    if (!defaultPort)
        hostHeader += ':' + QByteArray::number(target.port);
    target.request = "GET " + path + " HTTP/1.1\r\nHost: " + hostHeader
        + "\r\nUser-Agent: oilwatch-bench\r\nAccept: application/json\r\n";
    if (!apiKey.isEmpty())
        target.request += "Authorization: Token " + apiKey + "\r\n";
    target.request += "\r\n";
    return target;
}

RawHttpConnection::RawHttpConnection(const RawTarget& target, int slot, RequestSink& sink, QObject* parent)
    : QObject(parent)
    , m_target(target)
    , m_slot(slot)
    , m_sink(sink)
{
    if (m_target.tls) {
        auto* ssl = new QSslSocket(this);
        if (!m_target.verifyPeer)
            ssl->setPeerVerifyMode(QSslSocket::VerifyNone);
        connect(ssl, &QSslSocket::encrypted, this, &RawHttpConnection::onConnected);
        connect(ssl, &QSslSocket::connected, this, [this] { m_handshaking = true; });
        m_socket = ssl;
    } else {
        m_socket = new QTcpSocket(this);
        connect(m_socket, &QTcpSocket::connected, this, &RawHttpConnection::onConnected);
    }
    connect(m_socket, &QTcpSocket::readyRead, this, &RawHttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::disconnected, this, &RawHttpConnection::onSocketGone);
    connect(m_socket, &QTcpSocket::errorOccurred, this, &RawHttpConnection::onSocketGone);
}

RawHttpConnection::~RawHttpConnection()
{
    m_busy = false; // the socket's last signals must not reach the sink
    m_socket->disconnect(this);
}

bool RawHttpConnection::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void RawHttpConnection::open()
{
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        connectSocket();
}

void RawHttpConnection::connectSocket()
{
    m_ready = false;
    m_handshaking = false;
    if (m_target.tls)
        static_cast<QSslSocket*>(m_socket)->connectToHostEncrypted(m_target.host, m_target.port);
    else
        m_socket->connectToHost(m_target.host, m_target.port);
}

void RawHttpConnection::onConnected()
{
    // Small requests must leave at once, not wait for Nagle's algorithm to batch them.
    m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_ready = true;
    m_handshaking = false;
    if (m_writePending)
        writeRequest();
}

void RawHttpConnection::send()
{
    m_busy = true;
    m_bytes = 0;
    m_reader.reset();
    m_sentAtUs = steadyNowUs();
    m_writePending = true;
    if (m_ready && isConnected()) {
        writeRequest();
        return;
    }
    // Closed by the server since the last answer, or never opened: a fresh connection. One still being
    // opened (open()) writes the request once it is up, and so does one still in its TLS handshake, which
    // is connected already but must not be taken for a dead one.
    const QAbstractSocket::SocketState state = m_socket->state();
    if (m_handshaking && state == QAbstractSocket::ConnectedState)
        return;
    if (state == QAbstractSocket::ConnectedState || state == QAbstractSocket::ClosingState)
        m_socket->abort();
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        connectSocket();
}

void RawHttpConnection::writeRequest()
{
    m_writePending = false;
    m_socket->write(m_target.request);
    m_socket->flush(); // now, rather than on the next turn of the event loop
}

void RawHttpConnection::onReadyRead()
{
    char buffer[kReadChunk];
    while (m_socket->bytesAvailable() > 0) {
        const qint64 got = m_socket->read(buffer, kReadChunk);
        if (got <= 0)
            break;
        if (!m_busy) {
            m_socket->abort(); // bytes nobody asked for: the connection cannot be trusted any more
            return;
        }
        m_bytes += got;
        const qsizetype used = m_reader.consume(QByteArrayView(buffer, got));
        if (m_reader.hasError()) {
            finish(FailureKind::BadResponse);
            return;
        }
        if (m_reader.isComplete()) {
            // More than one answer to one request: the connection cannot be trusted any more.
            finish(failureOfStatus(m_reader.status()), used < got);
            return;
        }
    }
}

void RawHttpConnection::onSocketGone()
{
    if (!m_busy)
        return; // an idle keep-alive connection closed by the server: the next send reconnects
    if (m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (!m_busy)
        return;
    if (!m_ready) {
        // Connected, then no TLS: a certificate we do not trust, or a server that does not speak TLS.
        finish(m_handshaking ? FailureKind::Tls : FailureKind::Connect);
        return;
    }
    m_reader.connectionClosed();
    if (m_reader.isComplete())
        finish(failureOfStatus(m_reader.status()));
    else
        finish(FailureKind::Reset);
}

void RawHttpConnection::fail(FailureKind kind)
{
    if (m_busy)
        finish(kind);
}

void RawHttpConnection::abort()
{
    m_busy = false;
    m_writePending = false;
    ++m_generation;
    m_socket->abort();
}

void RawHttpConnection::finish(FailureKind failure, bool dropConnection)
{
    // Not busy any more before the socket is dropped: abort() emits disconnected() at once, and that must
    // not end the same request a second time.
    m_busy = false;
    m_writePending = false;
    const bool answered = failure == FailureKind::None || failure == FailureKind::Http4xx
        || failure == FailureKind::Http5xx || failure == FailureKind::HttpOther;
    if (!answered || !m_reader.keepAlive() || dropConnection) {
        m_ready = false;
        m_socket->abort();
    }
    RequestOutcome outcome;
    outcome.status = m_reader.status();
    outcome.failure = failure;
    outcome.bytes = m_bytes;
    if (answered) {
        m_sink.requestDone(m_slot, outcome); // may send the next request on this connection at once
        return;
    }
    // A broken connection is reported from the event loop, not from inside the socket's own signal, so
    // that the next request can reconnect cleanly, and a server that refuses at once cannot spin us.
    QMetaObject::invokeMethod(
        this,
        [this, outcome, generation = m_generation] {
            if (generation == m_generation)
                m_sink.requestDone(m_slot, outcome);
        },
        Qt::QueuedConnection);
}

RawEngine::RawEngine(
    RawTarget target, int slots, std::chrono::milliseconds timeout, RequestSink& sink, QObject* parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_timeoutUs(qint64(timeout.count()) * 1000)
{
    m_connections.reserve(std::size_t(slots));
    for (int slot = 0; slot < slots; ++slot) {
        m_connections.push_back(std::make_unique<RawHttpConnection>(m_target, slot, sink));
        m_connections.back()->open();
    }
    // A twentieth of the timeout: a timed-out request is reported at most 5% late.
    m_sweep.setInterval(int(std::clamp<qint64>(timeout.count() / 20, 5, 100)));
    connect(&m_sweep, &QTimer::timeout, this, &RawEngine::expireOverdue);
    m_sweep.start();
}

RawEngine::~RawEngine()
{
    abortAll();
}

void RawEngine::send(int slot)
{
    m_connections[std::size_t(slot)]->send();
}

void RawEngine::abortAll()
{
    for (const auto& connection : m_connections)
        connection->abort();
}

void RawEngine::expireOverdue()
{
    const qint64 now = steadyNowUs();
    for (const auto& connection : m_connections) {
        if (connection->isBusy() && now - connection->sentAtUs() >= m_timeoutUs)
            connection->fail(FailureKind::Timeout);
    }
}

} // namespace oilwatch::bench
