#include "cache/rediscache.h"

#include "cache/redisentrycodec.h"
#include "util/clock.h"

#include <QUuid>

namespace oilwatch::cache {

namespace {

// SCAN MATCH treats * ? [ ] and \ as glob syntax; a prefix is matched literally.
QByteArray globEscaped(const QByteArray& text)
{
    QByteArray out;
    for (const char c : text) {
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\')
            out.append('\\');
        out.append(c);
    }
    return out;
}

RedisConnectionSettings linkSettings(RedisConnectionSettings settings, const QString& name)
{
    settings.name = name;
    return settings;
}

} // namespace

RedisCache::RedisCache(PriceCache& local, const QString& url, const util::Clock& clock,
    util::Scheduler& scheduler, util::RandomSource& random, RedisCacheSettings settings, QObject* parent)
    : QObject(parent)
    , m_local(local)
    , m_clock(clock)
    , m_settings(std::move(settings))
    , m_channel(m_settings.keyPrefix + QByteArrayLiteral("updates"))
    , m_instanceId(QUuid::createUuid().toByteArray(QUuid::WithoutBraces))
{
    const auto parsed = RedisUrl::parse(url);
    if (!parsed) {
        m_urlError = parsed.error();
        m_reason = parsed.error().message;
        return;
    }
    m_commands = new RedisConnection(parsed.value(), scheduler, random,
        linkSettings(m_settings.connection, QStringLiteral("commands")), this);
    m_subscriber = new RedisConnection(parsed.value(), scheduler, random,
        linkSettings(m_settings.connection, QStringLiteral("subscriber")), this);
    m_subscriber->subscribe(m_channel);
    for (RedisConnection* link : {m_commands, m_subscriber}) {
        connect(link, &RedisConnection::stateChanged, this, [this, link](RedisState state) {
            if (state == RedisState::Disconnected && link->lastError())
                countError();
            onLinkStateChanged();
        });
    }
    connect(m_subscriber, &RedisConnection::messageReceived, this, &RedisCache::onMessage);
    m_commands->start();
    m_subscriber->start();
}

RedisCache::~RedisCache() = default;

std::optional<CacheEntry> RedisCache::get(const QString& key)
{
    return m_local.get(key);
}

std::optional<CacheEntry> RedisCache::peek(const QString& key) const
{
    return m_local.peek(key);
}

bool RedisCache::put(const QString& key, CacheEntry entry)
{
    m_unsyncedRemovals.remove(key);
    const bool stored = m_local.put(key, entry);
    // Shared even when the local bounds refused it: another machine may have room, and the quota is shared.
    if (commandsUp())
        writeRemote(key, entry);
    else
        markUnsynced(key);
    return stored;
}

void RedisCache::remove(const QString& key)
{
    m_local.remove(key);
    m_unsynced.remove(key);
    if (commandsUp())
        deleteRemote(key);
    else if (m_unsyncedRemovals.size() < m_settings.maxUnsyncedKeys)
        m_unsyncedRemovals.insert(key); // or the next warm-up would bring it back
}

void RedisCache::deleteRemote(const QString& key)
{
    m_commands->command({QByteArrayLiteral("DEL"), redisKey(key)}, this, [this](const RedisResult& result) {
        if (!result)
            countError();
    });
}

void RedisCache::afterWrites(QObject* context, std::function<void()> done)
{
    if (!commandsUp()) {
        QMetaObject::invokeMethod(context, std::move(done), Qt::QueuedConnection);
        return;
    }
    // One connection answers in order: the PING's reply comes after those of every earlier SET and PUBLISH.
    m_commands->command(
        {QByteArrayLiteral("PING")}, context, [done = std::move(done)](const RedisResult&) { done(); });
}

void RedisCache::clear()
{
    m_local.clear();
    m_unsynced.clear();
    m_unsyncedRemovals.clear();
}

CacheStats RedisCache::stats() const
{
    return m_local.stats();
}

RedisCacheStats RedisCache::redisStats() const
{
    return RedisCacheStats {stats(), m_counters};
}

QString RedisCache::statusText() const
{
    switch (m_state) {
    case RedisState::Connected:
        return QStringLiteral("shared cache: connected");
    case RedisState::Connecting:
        return QStringLiteral("shared cache: connecting, using local cache");
    case RedisState::Disconnected:
        break;
    }
    return QStringLiteral("shared cache: down, using local cache (%1)").arg(m_reason);
}

std::optional<RedisError> RedisCache::lastError() const
{
    if (m_urlError)
        return m_urlError;
    for (const RedisConnection* link : {m_commands, m_subscriber}) {
        if (link->lastError())
            return link->lastError();
    }
    return std::nullopt;
}

bool RedisCache::applyRemote(const QString& key, CacheEntry entry)
{
    const std::optional<CacheEntry> local = m_local.peek(key);
    if (local && local->fetchedAtUtc >= entry.fetchedAtUtc)
        return false;
    m_local.put(key, std::move(entry));
    ++m_counters.sharedHits;
    Q_EMIT remoteEntryApplied(key);
    return true;
}

void RedisCache::writeRemote(const QString& key, const CacheEntry& entry)
{
    const qint64 ttlMs = m_settings.maxAgeMs - entry.ageMs(m_clock);
    if (ttlMs <= 0)
        return; // too old to share
    m_commands->command({QByteArrayLiteral("SET"), redisKey(key), RedisEntryCodec::encodeEntry(entry),
                            QByteArrayLiteral("PX"), QByteArray::number(ttlMs)},
        this, [this, key](const RedisResult& result) {
            if (!result) {
                countError();
                markUnsynced(key);
                return;
            }
            ++m_counters.written;
        });
    // Pipelined behind the SET on the same link, so a receiver never sees the message before the value.
    const QByteArray update = RedisEntryCodec::encodeUpdate({m_instanceId, key, entry});
    m_commands->command(
        {QByteArrayLiteral("PUBLISH"), m_channel, update}, this, [this](const RedisResult& result) {
            if (!result)
                countError();
        });
}

void RedisCache::markUnsynced(const QString& key)
{
    if (m_unsynced.size() < m_settings.maxUnsyncedKeys)
        m_unsynced.insert(key);
}

bool RedisCache::commandsUp() const
{
    return m_commands && m_commands->state() == RedisState::Connected;
}

void RedisCache::onLinkStateChanged()
{
    const RedisState commands = m_commands->state();
    const RedisState subscriber = m_subscriber->state();
    RedisState state = RedisState::Disconnected;
    if (commands == RedisState::Connected && subscriber == RedisState::Connected)
        state = RedisState::Connected;
    else if (commands == RedisState::Connecting || subscriber == RedisState::Connecting)
        state = RedisState::Connecting;
    // The reason of the link that is not up says more than the one that is.
    const QString reason = commands != RedisState::Connected ? m_commands->reason() : m_subscriber->reason();
    const RedisState previous = m_state;
    const QString previousText = statusText();
    m_state = state;
    m_reason = reason;
    if (state != RedisState::Connected) {
        ++m_sync; // abandon a running warm-up
        m_warm = false;
    }
    if (state != previous || statusText() != previousText)
        Q_EMIT stateChanged(state, statusText());
    // Every time both links are up again: messages were missed while either was down.
    if (state == RedisState::Connected && previous != RedisState::Connected) {
        m_remoteFetchedAt.clear();
        scanStep(++m_sync, QByteArrayLiteral("0"));
    }
}

void RedisCache::onMessage(const QByteArray& channel, const QByteArray& payload)
{
    if (channel != m_channel)
        return;
    if (payload.size() > m_settings.maxValueBytes) {
        ++m_counters.invalidValues;
        return;
    }
    std::optional<RedisEntryCodec::Update> update = RedisEntryCodec::decodeUpdate(payload, m_clock);
    if (!update) {
        ++m_counters.invalidValues;
        return;
    }
    if (update->origin == m_instanceId)
        return;
    applyRemote(update->key, std::move(update->entry));
}

void RedisCache::scanStep(quint64 sync, const QByteArray& cursor)
{
    const QList<QByteArray> args {QByteArrayLiteral("SCAN"), cursor, QByteArrayLiteral("MATCH"),
        globEscaped(m_settings.keyPrefix) + '*', QByteArrayLiteral("COUNT"),
        QByteArray::number(m_settings.scanBatch)};
    m_commands->command(args, this, [this, sync](const RedisResult& result) {
        if (sync != m_sync)
            return;
        if (!result) {
            countError();
            return; // the link is going down; the next connect starts over
        }
        const RedisReply& reply = result.value();
        if (reply.type != RedisReply::Type::Array || reply.elements.size() != 2
            || reply.elements.at(1).type != RedisReply::Type::Array) {
            countError();
            return;
        }
        const QByteArray next = reply.elements.at(0).string;
        QList<QByteArray> keys;
        for (const RedisReply& key : reply.elements.at(1).elements)
            keys.append(key.string);
        const bool last = next == "0" || m_remoteFetchedAt.size() + keys.size() >= m_settings.maxWarmUpKeys;
        auto continueOrFinish = [this, sync, next, last] {
            if (last)
                finishSync(sync);
            else
                scanStep(sync, next);
        };
        if (keys.isEmpty()) {
            continueOrFinish();
            return;
        }
        m_commands->command(QList<QByteArray> {QByteArrayLiteral("MGET")} + keys, this,
            [this, sync, keys, continueOrFinish](const RedisResult& values) {
                if (sync != m_sync)
                    return;
                if (!values || values.value().type != RedisReply::Type::Array) {
                    countError();
                    return;
                }
                takeWarmUpValues(keys, values.value().elements);
                continueOrFinish();
            });
    });
}

void RedisCache::takeWarmUpValues(const QList<QByteArray>& keys, const QList<RedisReply>& values)
{
    for (qsizetype i = 0; i < keys.size() && i < values.size(); ++i) {
        const RedisReply& value = values.at(i);
        if (value.type == RedisReply::Type::Nil)
            continue; // expired between SCAN and MGET
        const QString key = QString::fromUtf8(keys.at(i).mid(m_settings.keyPrefix.size()));
        if (m_unsyncedRemovals.contains(key))
            continue; // removed here while Redis was down: finishSync deletes it there too
        std::optional<CacheEntry> entry;
        if (value.type == RedisReply::Type::String && value.string.size() <= m_settings.maxValueBytes)
            entry = RedisEntryCodec::decodeEntry(value.string, m_clock);
        if (!entry) {
            ++m_counters.invalidValues;
            continue;
        }
        m_remoteFetchedAt.insert(key, entry->fetchedAtUtc);
        applyRemote(key, std::move(*entry));
    }
}

void RedisCache::finishSync(quint64 sync)
{
    if (sync != m_sync)
        return;
    for (const QString& key : std::exchange(m_unsyncedRemovals, {}))
        deleteRemote(key);
    const QSet<QString> unsynced = std::exchange(m_unsynced, {});
    for (const QString& key : unsynced) {
        const std::optional<CacheEntry> local = m_local.peek(key);
        if (!local)
            continue;
        const auto remote = m_remoteFetchedAt.constFind(key);
        if (remote != m_remoteFetchedAt.cend() && *remote >= local->fetchedAtUtc)
            continue;
        writeRemote(key, *local);
        ++m_counters.resynced;
    }
    m_remoteFetchedAt.clear();
    ++m_counters.syncs;
    m_warm = true;
    Q_EMIT synced();
}

} // namespace oilwatch::cache
