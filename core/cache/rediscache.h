#pragma once

#include "cache/pricecache.h"
#include "cache/redisconnection.h"

#include <optional>

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QSet>

namespace oilwatch::util {
class Clock;
class RandomSource;
class Scheduler;
} // namespace oilwatch::util

namespace oilwatch::cache {

struct RedisCacheSettings
{
    // Every key is prefix + cache key, and updates go out on the channel prefix + "updates": two teams (or
    // two formats) on one server stay apart by prefix.
    QByteArray keyPrefix = QByteArrayLiteral("oilwatch:v1:");
    // PX of each SET, counted from the entry's fetch time: Redis forgets what nobody should serve any more.
    qint64 maxAgeMs = 60 * 60 * 1000;
    // Larger values and messages are ignored (and counted as invalid) rather than decoded.
    qint64 maxValueBytes = 1024 * 1024;
    // Keys written while Redis was down, pushed on reconnect; past this many the rest stay local only.
    int maxUnsyncedKeys = 4096;
    // A warm-up stops after this many remote keys, so a huge shared server cannot flood the local cache.
    int maxWarmUpKeys = 10'000;
    int scanBatch = 100;
    RedisConnectionSettings connection;
};

struct RedisCacheCounters
{
    qint64 sharedHits = 0; // entries taken from other machines, by message or warm-up
    qint64 written = 0; // entries SET in Redis
    qint64 resynced = 0; // of those, entries written while Redis was down and pushed on reconnect
    qint64 invalidValues = 0; // values or messages under our prefix that could not be decoded
    qint64 errors = 0; // failed commands and lost connections
    qint64 syncs = 0; // completed warm-ups
};

struct RedisCacheStats
{
    CacheStats local; // the local cache, without the lookups this class makes for itself
    RedisCacheCounters redis;
};

// A cache shared by a team through Redis, in front of a local cache that always answers.
//
// get() answers from the local cache only, on the caller's thread, so nothing ever waits on the network.
// put() writes locally, then SETs the entry in Redis (PX = what is left of maxAgeMs) and PUBLISHes it, and
// every other RedisCache on the same server and prefix stores it in its own local cache at once. When both
// links are up (again), the local cache is warmed from Redis (SCAN + MGET, keeping an entry only when it is
// newer by fetchedAtUtc) and entries put while Redis was down are pushed when they are newer than Redis's.
//
// When Redis is down or misconfigured, everything keeps working on the local cache; state() and
// stateChanged() say so, and the links reconnect by themselves with backoff.
//
// Thread-affine: use it on the thread that created it, whose event loop drives the Redis links.
//
// remove() also deletes the key in Redis (at the next sync when Redis is down); other machines keep their
// local copies. clear() clears only the local cache, so that one machine cannot wipe a team's shared cache.
class RedisCache final : public QObject, public PriceCache
{
    Q_OBJECT
public:
    // `local` answers get() and must outlive this object (the app passes its SQLite cache).
    // `url` is redis://[[user]:password@]host[:port][/db]; when it is bad the cache stays local-only, state()
    // is Disconnected and lastError() has kind BadUrl. `clock` stamps and rebases entries (fetchedAtUtc of
    // a remote entry becomes a local fetchedAtMonotonicMs); `scheduler` and `random` time the reconnects.
    // All must outlive this object. Connecting starts at once, from the event loop.
    RedisCache(PriceCache& local, const QString& url, const util::Clock& clock, util::Scheduler& scheduler,
        util::RandomSource& random, RedisCacheSettings settings = {}, QObject* parent = nullptr);
    ~RedisCache() override;

    std::optional<CacheEntry> get(const QString& key) override;
    std::optional<CacheEntry> peek(const QString& key) const override;
    bool put(const QString& key, CacheEntry entry) override;
    void remove(const QString& key) override;
    void clear() override;
    CacheStats stats() const override; // the local cache's
    RedisCacheStats redisStats() const;

    // Connected only when both links (commands and subscriber) are.
    RedisState state() const { return m_state; }
    // For the UI: "shared cache: connected" or "shared cache: down, using local cache (<reason>)".
    QString statusText() const;
    std::optional<RedisError> lastError() const;
    // Connected, and the warm-up since connecting finished: get() now knows what other machines fetched.
    bool warm() const { return m_warm; }
    // Runs `done` once every command sent so far has been answered (a PING queued behind them), or at once
    // when Redis is down. A short-lived process calls it before exiting so that its puts reach Redis.
    void afterWrites(QObject* context, std::function<void()> done);

Q_SIGNALS:
    void stateChanged(oilwatch::cache::RedisState state, const QString& statusText);
    // An entry from another machine replaced or added a local one.
    void remoteEntryApplied(const QString& key);
    // A warm-up after (re)connecting finished, including the push of entries put while Redis was down.
    void synced();

private:
    QByteArray redisKey(const QString& key) const { return m_settings.keyPrefix + key.toUtf8(); }
    bool applyRemote(const QString& key, CacheEntry entry);
    void writeRemote(const QString& key, const CacheEntry& entry);
    void deleteRemote(const QString& key);
    void markUnsynced(const QString& key);
    void onLinkStateChanged();
    void onMessage(const QByteArray& channel, const QByteArray& payload);
    void scanStep(quint64 sync, const QByteArray& cursor);
    void takeWarmUpValues(const QList<QByteArray>& keys, const QList<RedisReply>& values);
    void finishSync(quint64 sync);
    bool commandsUp() const;
    void countError() { ++m_counters.errors; }

    PriceCache& m_local;
    const util::Clock& m_clock;
    RedisCacheSettings m_settings;
    QByteArray m_channel;
    QByteArray m_instanceId;
    std::optional<RedisError> m_urlError;
    RedisConnection* m_commands = nullptr;
    RedisConnection* m_subscriber = nullptr;

    RedisState m_state = RedisState::Disconnected;
    QString m_reason;
    RedisCacheCounters m_counters;

    QSet<QString> m_unsynced; // put while Redis was down (or the SET failed)
    QSet<QString> m_unsyncedRemovals; // removed while Redis was down
    quint64 m_sync = 0; // the running warm-up; bumped to abandon one
    bool m_warm = false;
    QHash<QString, QDateTime> m_remoteFetchedAt; // seen during the running warm-up
};

} // namespace oilwatch::cache
