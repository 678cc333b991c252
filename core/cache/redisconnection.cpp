#include "cache/redisconnection.h"

#include "cache/redisqtadapter.h"

#include <algorithm>
#include <hiredis/async.h>
#include <vector>

#include <QHostAddress>
#include <QHostInfo>

namespace oilwatch::cache {

namespace {

RedisReply copyReply(const redisReply* reply)
{
    RedisReply out;
    switch (reply->type) {
    case REDIS_REPLY_STRING:
        out.type = RedisReply::Type::String;
        break;
    case REDIS_REPLY_STATUS:
        out.type = RedisReply::Type::Status;
        break;
    case REDIS_REPLY_ERROR:
        out.type = RedisReply::Type::Error;
        break;
    case REDIS_REPLY_INTEGER:
        out.type = RedisReply::Type::Integer;
        out.integer = reply->integer;
        return out;
    case REDIS_REPLY_ARRAY:
        out.type = RedisReply::Type::Array;
        out.elements.reserve(static_cast<qsizetype>(reply->elements));
        for (size_t i = 0; i < reply->elements; ++i)
            out.elements.append(copyReply(reply->element[i]));
        return out;
    default: // nil, and the RESP3 types a RESP2 connection never receives
        return out;
    }
    out.string = QByteArray(reply->str, static_cast<qsizetype>(reply->len));
    return out;
}

// What hiredis says about a context that failed or closed; it keeps the text in the context itself.
QString contextError(const redisAsyncContext* context)
{
    if (context->c.err != 0)
        return QString::fromLocal8Bit(context->c.errstr);
    if (context->err != 0 && context->errstr)
        return QString::fromLocal8Bit(context->errstr);
    return QStringLiteral("connection closed");
}

bool isArrayOf(const RedisReply& reply, const char* kind)
{
    return reply.type == RedisReply::Type::Array && !reply.elements.isEmpty()
        && reply.elements.first().string.compare(kind, Qt::CaseInsensitive) == 0;
}

} // namespace

RedisConnection::RedisConnection(RedisUrl url, util::Scheduler& scheduler, util::RandomSource& random,
    RedisConnectionSettings settings, QObject* parent)
    : QObject(parent)
    , m_url(std::move(url))
    , m_scheduler(scheduler)
    , m_settings(std::move(settings))
    , m_backoff(m_settings.reconnect, random)
    , m_reason(QStringLiteral("not started"))
{ }

RedisConnection::~RedisConnection()
{
    m_running = false;
    cancelTimers();
    if (m_context) {
        // Nobody is left to tell: hiredis's last callbacks find no user and do nothing.
        if (m_adapter)
            m_adapter->forgetUser();
        redisAsyncFree(m_context);
        m_context = nullptr;
    }
}

void RedisConnection::start()
{
    if (m_running)
        return;
    m_running = true;
    m_failures = 0;
    m_backoff.reset();
    connectNow();
}

void RedisConnection::stop()
{
    m_running = false;
    cancelTimers();
    if (m_context)
        dropContext(RedisError {RedisErrorKind::NotConnected, QStringLiteral("stopped")});
    else
        setState(RedisState::Disconnected, QStringLiteral("stopped"));
}

void RedisConnection::connectNow()
{
    m_reconnectTimer = 0;
    setState(RedisState::Connecting, QStringLiteral("connecting to %1").arg(m_url.redacted()));
    m_connectTimer = m_scheduler.schedule(m_settings.connectTimeoutMs, this, [this] {
        m_connectTimer = 0;
        const RedisError timeout {RedisErrorKind::Timeout,
            QStringLiteral("no connection within %1 ms").arg(m_settings.connectTimeoutMs)};
        if (m_context)
            dropContext(timeout);
        else
            handleLost(timeout); // still resolving the host name
    });
    const quint64 attempt = ++m_generation;
    if (QHostAddress literal; literal.setAddress(m_url.host)) {
        openContext(m_url.host);
        return;
    }
    // hiredis would resolve with a blocking getaddrinfo(); Qt resolves on its own thread.
    QHostInfo::lookupHost(m_url.host, this, [this, attempt](const QHostInfo& info) {
        if (attempt != m_generation || m_state != RedisState::Connecting || m_context)
            return;
        if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
            handleLost(RedisError {RedisErrorKind::Resolve,
                QStringLiteral("cannot resolve %1: %2").arg(m_url.host, info.errorString())});
            return;
        }
        // IPv4 first (a server bound to 127.0.0.1 is common; "localhost" often resolves to ::1 first), and
        // each retry moves on to the next address.
        QList<QHostAddress> addresses = info.addresses();
        std::stable_partition(addresses.begin(), addresses.end(),
            [](const QHostAddress& address) { return address.protocol() == QAbstractSocket::IPv4Protocol; });
        openContext(addresses.at(m_failures % addresses.size()).toString());
    });
}

void RedisConnection::openContext(const QString& address)
{
    redisAsyncContext* context = redisAsyncConnect(address.toUtf8().constData(), m_url.port);
    if (!context) {
        handleLost(RedisError {RedisErrorKind::Connect, QStringLiteral("out of memory")});
        return;
    }
    if (context->err != 0) {
        const RedisError error {RedisErrorKind::Connect, contextError(context)};
        redisAsyncFree(context); // no hooks installed yet: nothing calls back
        handleLost(error);
        return;
    }
    m_context = context;
    m_generation = m_generation + 1;
    m_dropReason.reset();
    m_adapter = RedisQtAdapter::attach(
        context, this, [this] { onContextFreed(); }, this);
    // Installing the connect callback asks for the first write event, which reports the connect's outcome.
    redisAsyncSetConnectCallback(context, &RedisConnection::onConnectedHook);
}

RedisConnection* RedisConnection::ownerOf(const redisAsyncContext* context)
{
    RedisQtAdapter* adapter = RedisQtAdapter::of(context);
    return adapter ? static_cast<RedisConnection*>(adapter->user()) : nullptr;
}

void RedisConnection::onConnectedHook(const redisAsyncContext* context, int status)
{
    RedisConnection* self = ownerOf(context);
    if (!self || status != REDIS_OK)
        return; // a failed connect is reported when hiredis frees the context, with its reason
    const quint64 generation = self->m_generation;
    // Out of hiredis first: the handshake may end in freeing this very context.
    QMetaObject::invokeMethod(
        self,
        [self, generation] {
            if (generation == self->m_generation && self->m_context)
                self->handshake(0);
        },
        Qt::QueuedConnection);
}

void RedisConnection::onCommandReply(redisAsyncContext* context, void* reply, void* privdata)
{
    RedisConnection* self = ownerOf(context);
    if (!self)
        return;
    const auto id = static_cast<quint64>(reinterpret_cast<quintptr>(privdata));
    RedisResult result = reply ? RedisResult(copyReply(static_cast<redisReply*>(reply)))
                               : RedisResult(RedisError {RedisErrorKind::Connect, contextError(context)});
    QMetaObject::invokeMethod(
        self, [self, id, result] { self->finishCommand(id, result); }, Qt::QueuedConnection);
}

void RedisConnection::onSubscriptionReply(redisAsyncContext* context, void* reply, void*)
{
    RedisConnection* self = ownerOf(context);
    if (!self || !reply)
        return; // a null reply means the context is going away, which onContextFreed reports
    const quint64 generation = self->m_generation;
    RedisReply copy = copyReply(static_cast<redisReply*>(reply));
    QMetaObject::invokeMethod(
        self, [self, generation, copy] { self->handleSubscriptionReply(generation, copy); },
        Qt::QueuedConnection);
}

void RedisConnection::onContextFreed()
{
    // Inside hiredis: record why, forget the context, and act from the event loop.
    RedisError error = m_dropReason.value_or(RedisError {RedisErrorKind::Connect, contextError(m_context)});
    m_context = nullptr;
    m_adapter = nullptr;
    m_dropReason.reset();
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, generation, error] {
            if (generation == m_generation && !m_context)
                handleLost(error);
        },
        Qt::QueuedConnection);
}

void RedisConnection::handleLost(const RedisError& error)
{
    cancelTimers();
    m_subscribesWaiting = 0;
    ++m_generation; // late events of the lost context are ignored from here on
    if (!m_running) {
        setState(RedisState::Disconnected, error.message);
        return;
    }
    m_lastError = error;
    if (!error.retryable()) {
        m_running = false;
        setState(RedisState::Disconnected, describe(error));
        return;
    }
    const qint64 delayMs = m_backoff.delayBeforeRetry(++m_failures);
    m_reconnectTimer = m_scheduler.schedule(delayMs, this, [this] { connectNow(); });
    setState(
        RedisState::Disconnected, QStringLiteral("%1; retrying in %2 ms").arg(describe(error)).arg(delayMs));
}

void RedisConnection::handshake(int step)
{
    // AUTH and SELECT only when the URL asks for them; PING always, so that a server wanting a password we
    // do not have says so now (NOAUTH) rather than on the first real command.
    QList<QByteArray> args;
    RedisErrorKind kindOnError = RedisErrorKind::Command;
    if (step == 0 && !m_url.password.isEmpty()) {
        args = {QByteArrayLiteral("AUTH")};
        if (!m_url.user.isEmpty())
            args.append(m_url.user.toUtf8());
        args.append(m_url.password);
        kindOnError = RedisErrorKind::Auth;
    } else if (step <= 1 && m_url.db != 0) {
        step = 1;
        args = {QByteArrayLiteral("SELECT"), QByteArray::number(m_url.db)};
        kindOnError = RedisErrorKind::Select;
    } else if (step <= 2) {
        step = 2;
        args = {QByteArrayLiteral("PING")};
    } else {
        m_subscribesWaiting = static_cast<int>(m_channels.size());
        if (m_subscribesWaiting == 0) {
            becomeConnected();
            return;
        }
        for (const QByteArray& channel : std::as_const(m_channels))
            sendSubscribe(channel);
        return;
    }
    const quint64 generation = m_generation;
    send(args, this, [this, generation, step, kindOnError](const RedisResult& result) {
        if (generation != m_generation || !m_context)
            return; // that context is gone; its loss is reported on its own
        if (result.ok()) {
            handshake(step + 1);
            return;
        }
        RedisError error = result.error();
        if (error.kind == RedisErrorKind::Command) {
            error.kind
                = error.message.startsWith(QLatin1String("NOAUTH")) ? RedisErrorKind::Auth : kindOnError;
            if (error.kind == RedisErrorKind::Auth)
                error.message = QStringLiteral("authentication failed: %1").arg(error.message);
        }
        dropContext(error);
    });
}

void RedisConnection::handleSubscriptionReply(quint64 generation, const RedisReply& reply)
{
    if (generation != m_generation || !m_context)
        return;
    if (isArrayOf(reply, "message") && reply.elements.size() == 3) {
        Q_EMIT messageReceived(reply.elements.at(1).string, reply.elements.at(2).string);
        return;
    }
    if (isArrayOf(reply, "subscribe") && m_state == RedisState::Connecting && --m_subscribesWaiting == 0)
        becomeConnected();
}

void RedisConnection::becomeConnected()
{
    if (m_connectTimer)
        m_scheduler.cancel(m_connectTimer);
    m_connectTimer = 0;
    m_failures = 0;
    m_backoff.reset();
    m_lastError.reset();
    setState(RedisState::Connected, QStringLiteral("connected to %1").arg(m_url.redacted()));
}

void RedisConnection::dropContext(const RedisError& why)
{
    if (!m_context)
        return;
    m_dropReason = why;
    // Never called from inside hiredis (every caller runs from the event loop), so the free is immediate;
    // the cleanup hook then reports the loss through onContextFreed.
    redisAsyncFree(m_context);
}

void RedisConnection::command(const QList<QByteArray>& args, QObject* context, RedisCallback callback)
{
    if (m_state != RedisState::Connected || !m_context) {
        postResult(context, std::move(callback),
            RedisError {RedisErrorKind::NotConnected,
                QStringLiteral("%1 link is not connected").arg(m_settings.name)});
        return;
    }
    send(args, context, std::move(callback));
}

void RedisConnection::subscribe(const QByteArray& channel)
{
    if (m_channels.contains(channel))
        return;
    m_channels.append(channel);
    if (m_state == RedisState::Connected)
        sendSubscribe(channel);
}

void RedisConnection::send(const QList<QByteArray>& args, QObject* context, RedisCallback callback)
{
    std::vector<const char*> argv;
    std::vector<size_t> lengths;
    for (const QByteArray& arg : args) {
        argv.push_back(arg.constData());
        lengths.push_back(static_cast<size_t>(arg.size()));
    }
    const quint64 id = m_nextCommandId++;
    m_pending.insert(id, Pending {context, context != nullptr, std::move(callback)});
    const int status = redisAsyncCommandArgv(m_context, &RedisConnection::onCommandReply,
        reinterpret_cast<void*>(static_cast<quintptr>(id)), static_cast<int>(argv.size()), argv.data(),
        lengths.data());
    if (status != REDIS_OK) {
        Pending pending = m_pending.take(id);
        postResult(pending.context, std::move(pending.callback),
            RedisError {
                RedisErrorKind::NotConnected, QStringLiteral("%1 link is closing").arg(m_settings.name)});
        return;
    }
    armWatchdog();
}

void RedisConnection::sendSubscribe(const QByteArray& channel)
{
    if (!m_context)
        return;
    const char* argv[] = {"SUBSCRIBE", channel.constData()};
    const size_t lengths[] = {9, static_cast<size_t>(channel.size())};
    redisAsyncCommandArgv(m_context, &RedisConnection::onSubscriptionReply, nullptr, 2, argv, lengths);
}

void RedisConnection::finishCommand(quint64 id, RedisResult result)
{
    ++m_repliesSeen;
    const auto found = m_pending.find(id);
    if (found == m_pending.end())
        return;
    Pending pending = std::move(found.value());
    m_pending.erase(found);
    if (m_pending.isEmpty() && m_watchdog) {
        // Nothing is waiting: the next command starts a fresh timeout.
        m_scheduler.cancel(m_watchdog);
        m_watchdog = 0;
    }
    if (pending.hasContext && !pending.context)
        return;
    if (result.ok() && result.value().type == RedisReply::Type::Error)
        result = RedisError {RedisErrorKind::Command, QString::fromUtf8(result.value().string)};
    pending.callback(result);
}

void RedisConnection::armWatchdog()
{
    if (m_watchdog)
        return;
    const quint64 seen = m_repliesSeen;
    m_watchdog = m_scheduler.schedule(m_settings.commandTimeoutMs, this, [this, seen] {
        m_watchdog = 0;
        if (m_pending.isEmpty())
            return;
        if (m_repliesSeen == seen) {
            dropContext(RedisError {RedisErrorKind::Timeout,
                QStringLiteral("no reply within %1 ms").arg(m_settings.commandTimeoutMs)});
            return;
        }
        armWatchdog();
    });
}

void RedisConnection::cancelTimers()
{
    for (util::TimerId* timer : {&m_connectTimer, &m_reconnectTimer, &m_watchdog}) {
        if (*timer)
            m_scheduler.cancel(*timer);
        *timer = 0;
    }
}

void RedisConnection::setState(RedisState state, const QString& reason)
{
    if (state == m_state && reason == m_reason)
        return;
    m_state = state;
    m_reason = reason;
    Q_EMIT stateChanged(state, reason);
}

void RedisConnection::postResult(QObject* context, RedisCallback callback, RedisResult result)
{
    QPointer<QObject> guard(context);
    const bool hasContext = context != nullptr;
    QMetaObject::invokeMethod(
        this,
        [guard, hasContext, callback = std::move(callback), result] {
            if (!hasContext || guard)
                callback(result);
        },
        Qt::QueuedConnection);
}

QString RedisConnection::describe(const RedisError& error) const
{
    return QStringLiteral("%1 link: %2: %3")
        .arg(m_settings.name, redisErrorKindName(error.kind), error.message);
}

} // namespace oilwatch::cache
