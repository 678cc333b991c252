#pragma once

#include "cache/rediserror.h"
#include "cache/redisurl.h"
#include "resilience/backoff.h"
#include "util/timer.h"

#include <functional>
#include <optional>

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

struct redisAsyncContext;

namespace oilwatch::util {
class RandomSource;
}

namespace oilwatch::cache {

class RedisQtAdapter;

// A reply copied out of hiredis, so that no caller ever holds hiredis memory.
struct RedisReply
{
    enum class Type
    {
        Nil,
        Status,
        Error,
        Integer,
        String,
        Array,
    };
    Type type = Type::Nil;
    QByteArray string; // Status, Error and String
    qint64 integer = 0;
    QList<RedisReply> elements;
};

using RedisResult = util::ValueOrError<RedisReply, RedisError>;
using RedisCallback = std::function<void(const RedisResult&)>;

enum class RedisState
{
    Disconnected,
    Connecting, // TCP connect, then AUTH, SELECT, PING and the SUBSCRIBEs
    Connected,
};

struct RedisConnectionSettings
{
    // TCP connect plus the handshake (AUTH, SELECT, PING, SUBSCRIBE).
    qint64 connectTimeoutMs = 5'000;
    // Commands are waiting and nothing came back for this long: the link is treated as dead and replaced.
    qint64 commandTimeoutMs = 5'000;
    // Between reconnect attempts. A shared cache is never urgent, hence the long cap.
    resilience::BackoffSettings reconnect {resilience::JitterKind::Full, 500, 30'000};
    // Names the link in reasons ("commands", "subscriber").
    QString name = QStringLiteral("redis");
};

// One asynchronous Redis connection on the event loop of the thread that owns it (hiredis through
// RedisQtAdapter): no call here ever blocks, host names are resolved with QHostInfo.
//
// After start() it keeps itself connected: a dropped or refused connection is retried after a backoff delay
// on the injected Scheduler, until stop() or destruction. Errors that waiting cannot fix (wrong password, bad
// database index, bad URL) stop the retries; lastError() says which.
//
// Reply callbacks run on this object's thread from the event loop, never inside hiredis, and never after
// `context` (when given) or the connection itself is destroyed. Do not destroy a RedisConnection from inside
// one of its own callbacks or signals; use deleteLater().
class RedisConnection final : public QObject
{
    Q_OBJECT
public:
    RedisConnection(RedisUrl url, util::Scheduler& scheduler, util::RandomSource& random,
        RedisConnectionSettings settings = {}, QObject* parent = nullptr);
    ~RedisConnection() override;

    void start();
    // Drops the connection and stops reconnecting; waiting commands fail with NotConnected.
    void stop();

    RedisState state() const { return m_state; }
    // One line on why the state is what it is, e.g. "connect: Connection refused; retrying in 740 ms".
    QString reason() const { return m_reason; }
    // The error that ended the last connection or attempt; empty once connected.
    std::optional<RedisError> lastError() const { return m_lastError; }
    const RedisUrl& url() const { return m_url; }

    // Sends one command (binary-safe arguments). When not Connected, `callback` gets a NotConnected error
    // from the event loop. An error reply from the server arrives as a Command error.
    void command(const QList<QByteArray>& args, QObject* context, RedisCallback callback);
    // Subscribes now (when connected) and on every reconnect, as part of the handshake. A connection with a
    // subscription only takes SUBSCRIBE: use a second connection for commands.
    void subscribe(const QByteArray& channel);

Q_SIGNALS:
    void stateChanged(oilwatch::cache::RedisState state, const QString& reason);
    void messageReceived(const QByteArray& channel, const QByteArray& payload);

private:
    struct Pending
    {
        QPointer<QObject> context;
        bool hasContext = false;
        RedisCallback callback;
    };

    static void onConnectedHook(const redisAsyncContext* context, int status);
    static void onCommandReply(redisAsyncContext* context, void* reply, void* privdata);
    static void onSubscriptionReply(redisAsyncContext* context, void* reply, void* privdata);
    static RedisConnection* ownerOf(const redisAsyncContext* context);

    void connectNow();
    void openContext(const QString& address);
    void onContextFreed();
    void handleLost(const RedisError& error);
    void handshake(int step);
    void handleSubscriptionReply(quint64 generation, const RedisReply& reply);
    void becomeConnected();
    void dropContext(const RedisError& why);
    void send(const QList<QByteArray>& args, QObject* context, RedisCallback callback);
    void sendSubscribe(const QByteArray& channel);
    void finishCommand(quint64 id, RedisResult result);
    void armWatchdog();
    void cancelTimers();
    void setState(RedisState state, const QString& reason);
    void postResult(QObject* context, RedisCallback callback, RedisResult result);
    QString describe(const RedisError& error) const;

    RedisUrl m_url;
    util::Scheduler& m_scheduler;
    RedisConnectionSettings m_settings;
    resilience::Backoff m_backoff;

    RedisState m_state = RedisState::Disconnected;
    QString m_reason;
    std::optional<RedisError> m_lastError;
    bool m_running = false;
    int m_failures = 0; // consecutive failed attempts, for the backoff

    redisAsyncContext* m_context = nullptr;
    QPointer<RedisQtAdapter> m_adapter;
    quint64 m_generation = 0; // one per context, so that late events of a dead context are ignored
    std::optional<RedisError> m_dropReason; // set when we free the context ourselves

    QHash<quint64, Pending> m_pending;
    quint64 m_nextCommandId = 1;
    quint64 m_repliesSeen = 0;
    QList<QByteArray> m_channels;
    int m_subscribesWaiting = 0;

    util::TimerId m_connectTimer = 0;
    util::TimerId m_reconnectTimer = 0;
    util::TimerId m_watchdog = 0;
};

} // namespace oilwatch::cache
