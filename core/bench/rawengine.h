#pragma once

#include "bench/httpresponsereader.h"
#include "bench/requestengine.h"

#include <chrono>
#include <memory>
#include <vector>

#include <QAbstractSocket>
#include <QByteArray>
#include <QObject>
#include <QTimer>
#include <QUrl>

class QTcpSocket;

namespace oilwatch::bench {

// Where the raw engine sends, and the request it sends, serialised once.
struct RawTarget
{
    QString host;
    quint16 port = 80;
    bool tls = false;
    bool verifyPeer = true; // tls only: false accepts any certificate (BenchConfig::insecure)
    QByteArray request;

    // GET of the URL's path and query, keep-alive, with "Authorization: Token <key>" when a key is given.
    static RawTarget forUrl(const QUrl& url, const QByteArray& apiKey, bool verifyPeer = true);
};

// One keep-alive HTTP/1.1 connection that carries one request at a time: it connects on demand, reconnects
// when the server closed it, and reports each request's outcome, typed, to the sink.
class RawHttpConnection final : public QObject
{
public:
    RawHttpConnection(const RawTarget& target, int slot, RequestSink& sink, QObject* parent = nullptr);
    ~RawHttpConnection() override;

    void open(); // connects ahead of the first request, so the first latency is not a handshake
    void send();
    bool isBusy() const { return m_busy; }
    qint64 sentAtUs() const { return m_sentAtUs; }
    // Ends the request in flight with `kind` and drops the connection (the server may still answer it).
    void fail(FailureKind kind);
    // Drops the request in flight without reporting it.
    void abort();

private:
    void connectSocket();
    void onConnected();
    void writeRequest();
    void onReadyRead();
    void onSocketGone();
    void finish(FailureKind failure, bool dropConnection = false);
    bool isConnected() const;

    const RawTarget& m_target;
    const int m_slot;
    RequestSink& m_sink;
    QTcpSocket* m_socket = nullptr;
    HttpResponseReader m_reader;
    bool m_busy = false;
    bool m_ready = false; // connected (and encrypted) since the last connect
    bool m_handshaking = false; // TCP is up, TLS is not yet
    bool m_writePending = false;
    qint64 m_sentAtUs = 0;
    qint64 m_bytes = 0;
    quint64 m_generation = 0; // bumped by abort(): failures queued before it are never reported
};

// The raw engine: a connection per slot on the worker's event loop, and one sweep timer for every
// request's timeout (a timer per request would cost more than the request at 100k requests a second).
class RawEngine final : public QObject, public RequestEngine
{
public:
    RawEngine(RawTarget target, int slots, std::chrono::milliseconds timeout, RequestSink& sink,
        QObject* parent = nullptr);
    ~RawEngine() override;

    int slotCount() const override { return int(m_connections.size()); }
    void send(int slot) override;
    void abortAll() override;

private:
    void expireOverdue();

    RawTarget m_target;
    qint64 m_timeoutUs;
    std::vector<std::unique_ptr<RawHttpConnection>> m_connections;
    QTimer m_sweep;
};

} // namespace oilwatch::bench
