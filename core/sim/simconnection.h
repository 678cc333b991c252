#pragma once

#include "sim/faultinjector.h"
#include "sim/httprequestparser.h"
#include "sim/repeatedanswer.h"
#include "sim/simresponse.h"

#include <deque>

#include <QByteArray>
#include <QObject>
#include <QTimer>

class QTcpSocket;

namespace oilwatch::sim {

class SimListener;

// One client connection: HTTP/1.1 keep-alive, pipelined requests answered strictly in order, injected latency
// by timer (the thread never blocks), idle connections closed. Input is read only while the answer queue and
// the unsent bytes (ours and the socket's) have room, so a client that sends without reading cannot grow our
// memory.
// Connection-level faults (hang, slow body, reset, close) are carried out here, in pipeline order.
// Each counted request is in flight from the moment it is taken from the parser until the socket has handed
// the last byte of its answer to the kernel, or the connection dies.
class SimConnection final : public QObject
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxQueuedResponses = 32;
    static constexpr qint64 kReadChunk = 16 * 1024;
    static constexpr qint64 kMaxUnsentBytes = 1024 * 1024;

    SimConnection(QTcpSocket* socket, SimListener& listener, QObject* parent);
    ~SimConnection() override;

private:
    enum class Action
    {
        Write, // all at once
        Hang, // never
        Trickle, // the head, then chunkBytes every intervalMs
        Reset, // the first resetAfter bytes, then a TCP reset
        Close, // nothing, then an orderly close
    };
    struct Pending
    {
        QByteArray bytes;
        qint64 readyAtMs = 0; // monotonic; later when latency is injected
        bool closeAfter = false;
        bool counted = true; // in the in-flight figure (control requests are not)
        Action action = Action::Write;
        qsizetype sent = 0; // Trickle: bytes written so far
        qsizetype headBytes = 0; // Trickle: where the body starts
        int chunkBytes = 0;
        int intervalMs = 0;
        qsizetype resetAfter = 0; // Reset
    };

    void pump();
    bool readAndAnswer();
    bool writeReady();
    void answer(const HttpRequest& request);
    // A keep-alive request whose answer is due now and carries no connection fault.
    void answerNow(const HttpRequest& request, qint64 nowMs, const FaultDecision& decision);
    void answerParseError();
    void planConnectionFault(const FaultDecision& decision, const SimResponse& response, Pending& pending);
    // Writes the front of the queue as far as its action allows; false when it must wait.
    bool writeFront(qint64 now);
    void written(const Pending& pending); // the whole answer is in the socket's hands
    void settleFlushed(); // requests whose answers the kernel now has leave the in-flight figure
    void dropPending(); // unanswered requests that will never be answered
    void releaseAll(); // the connection is going: nothing it holds is in flight any more
    void resetConnection();
    void onIdleTimeout();
    void send(const char* data, qsizetype size); // in order after anything Qt still buffers
    void flushSocket(); // hands what was written to the kernel now, not on the next event-loop round

    QTcpSocket* m_socket;
    SimListener& m_listener;
    HttpRequestParser m_parser;
    RepeatedAnswer m_lastAnswer;
    std::deque<Pending> m_pending;
    // Answers due now, in order, not yet sent: written in one send per round, before anything in m_pending.
    QByteArray m_outgoing;
    std::deque<qint64> m_flushMarks; // m_queuedBytes at the end of each counted, written answer
    qint64 m_queuedBytes = 0; // everything ever sent or put in m_outgoing
    QTimer m_latencyTimer;
    // Started once and re-armed only when it fires: restarting a timer for every request costs more than the
    // request. It compares against m_lastActivityMs to see whether the connection really was idle.
    QTimer m_idleTimer;
    qint64 m_lastActivityMs = 0;
    qint64 m_roundMs = 0; // monotonic time at the start of the current pump round
    bool m_qtHoldsBytes = false; // send() left bytes in the socket's buffer that flushSocket must push on
    bool m_pumping = false;
    bool m_noMoreRequests = false; // after "Connection: close" or a parse error
    bool m_closing = false;
};

} // namespace oilwatch::sim
