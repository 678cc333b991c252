#pragma once

#include "sim/httprequestparser.h"

#include <deque>

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace oilwatch::sim {

class SimListener;

// One client connection: HTTP/1.1 keep-alive, pipelined requests answered strictly in order, injected latency
// by timer (the thread never blocks), idle connections closed. Input is read only while the answer queue and
// the socket's write buffer have room, so a client that sends without reading cannot grow our memory.
class SimConnection final : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxQueuedResponses = 32;
    static constexpr qint64 kReadChunk = 16 * 1024;
    static constexpr qint64 kMaxUnsentBytes = 1024 * 1024;

    SimConnection(QTcpSocket* socket, SimListener& listener, QObject* parent);

private:
    struct Pending
    {
        QByteArray bytes;
        qint64 readyAtMs; // monotonic; later when latency is injected
        bool closeAfter;
    };

    void pump();
    bool readAndAnswer();
    bool writeReady();
    void answer(const HttpRequest& request);
    void answerParseError();
    void onIdleTimeout();

    QTcpSocket* m_socket;
    SimListener& m_listener;
    HttpRequestParser m_parser;
    std::deque<Pending> m_pending;
    QTimer m_latencyTimer;
    QTimer m_idleTimer;
    bool m_noMoreRequests = false; // after "Connection: close" or a parse error
    bool m_closing = false;
};

} // namespace oilwatch::sim
