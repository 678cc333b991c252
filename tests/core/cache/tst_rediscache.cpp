#include "cache/memorycache.h"
#include "cache/rediscache.h"
#include "cache/redisconnection.h"
#include "cache/redisentrycodec.h"
#include "cache/redisurl.h"
#include "feed/cachedquotes.h"
#include "support/redisserver.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <memory>

#include <QDeadlineTimer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::cache;
using oilwatch::testing::RedisServer;

namespace {

// Every timer below lives on a ManualScheduler, so reconnects happen exactly when a test advances it. The
// timeouts are far beyond anything a test advances, so they only fire where a test means them to.
constexpr qint64 kRetryMs = 200;
constexpr qint64 kTimeoutMs = 60'000;
constexpr int kWaitMs = 5'000;

RedisConnectionSettings linkSettings()
{
    RedisConnectionSettings settings;
    settings.connectTimeoutMs = kTimeoutMs;
    settings.commandTimeoutMs = kTimeoutMs;
    settings.reconnect = {resilience::JitterKind::None, kRetryMs, kRetryMs};
    return settings;
}

RedisCacheSettings cacheSettings()
{
    RedisCacheSettings settings;
    settings.connection = linkSettings();
    return settings;
}

// One machine of the team: its own local cache in front of the shared Redis.
struct Machine
{
    Machine(
        const QString& url, util::ManualClock& clock, util::Scheduler& scheduler, util::RandomSource& random)
        : local(MemoryCacheLimits {}, clock)
        , cache(local, url, clock, scheduler, random, cacheSettings())
    { }
    MemoryCache local;
    RedisCache cache;
};

CacheEntry entryOf(const util::Clock& clock, const QByteArray& body)
{
    return CacheEntry::fetchedNow(clock, body, clock.nowUtc().addSecs(-30), QByteArrayLiteral("\"etag-1\""),
        QByteArrayLiteral("Wed, 01 Jan 2026 00:00:00 GMT"));
}

} // namespace

// Fails the test (never skips it) when redis-server is missing: the shared cache is part of the product.
#define START_REDIS() QVERIFY2(m_server->start(), qPrintable(m_server->error()))

class TestRedisCache : public QObject
{
    Q_OBJECT

    util::ManualClock m_clock;
    std::unique_ptr<util::ManualScheduler> m_scheduler;
    util::SeededRandom m_random {42};
    std::unique_ptr<RedisServer> m_server;

    // A machine whose links are both up, or nullptr when they did not come up in time.
    std::unique_ptr<Machine> connectedMachine()
    {
        auto out = machine();
        const bool up = QTest::qWaitFor([&] { return out->cache.state() == RedisState::Connected; }, kWaitMs);
        return up ? std::move(out) : nullptr;
    }

    std::unique_ptr<Machine> machine()
    {
        return std::make_unique<Machine>(m_server->url(), m_clock, *m_scheduler, m_random);
    }

    // Runs the pending reconnect timers until `condition` holds. Time only moves by the retry delay at a
    // time, and the event loop runs in between so that each attempt can succeed or fail for real.
    template <class Condition> bool retryUntil(Condition condition)
    {
        const QDeadlineTimer deadline(kWaitMs);
        while (!condition()) {
            if (deadline.hasExpired())
                return false;
            m_scheduler->advance(kRetryMs);
            QTest::qWait(10);
        }
        return true;
    }

    // A raw command on a link of its own, for looking at or tampering with what is in Redis.
    RedisResult rawCommand(const QList<QByteArray>& args)
    {
        const auto url = RedisUrl::parse(m_server->url());
        RedisConnection link(url.value(), *m_scheduler, m_random, linkSettings());
        link.start();
        if (!QTest::qWaitFor([&] { return link.state() == RedisState::Connected; }, kWaitMs))
            return RedisError {RedisErrorKind::Timeout, QStringLiteral("raw link did not connect")};
        std::optional<RedisResult> out;
        link.command(args, this, [&](const RedisResult& result) { out = result; });
        if (!QTest::qWaitFor([&] { return out.has_value(); }, kWaitMs))
            return RedisError {RedisErrorKind::Timeout, QStringLiteral("no reply")};
        return *out;
    }

    bool inRedis(const QByteArray& key)
    {
        const RedisResult exists = rawCommand({QByteArrayLiteral("EXISTS"), key});
        return exists.ok() && exists.value().integer == 1;
    }

private Q_SLOTS:
    void init()
    {
        m_scheduler = std::make_unique<util::ManualScheduler>(m_clock);
        m_server = std::make_unique<RedisServer>();
    }

    void cleanup()
    {
        m_server.reset();
        m_scheduler.reset();
    }

    void urlParsing_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("valid");
        QTest::newRow("host only") << "redis://cache.example" << true;
        QTest::newRow("everything") << "redis://:s%40cret@10.0.0.5:6380/3" << true;
        QTest::newRow("acl user") << "redis://team:pw@host" << true;
        QTest::newRow("ipv6") << "redis://[::1]:7000" << true;
        QTest::newRow("wrong scheme") << "http://host" << false;
        QTest::newRow("no host") << "redis://" << false;
        QTest::newRow("port too big") << "redis://host:70000" << false;
        QTest::newRow("db not a number") << "redis://host/cache" << false;
        QTest::newRow("negative db") << "redis://host/-1" << false;
        QTest::newRow("user without password") << "redis://team@host" << false;
        QTest::newRow("query") << "redis://host?timeout=1" << false;
        QTest::newRow("garbage") << "::::" << false;
    }

    void urlParsing()
    {
        QFETCH(QString, url);
        QFETCH(bool, valid);
        const auto parsed = RedisUrl::parse(url);
        QCOMPARE(parsed.ok(), valid);
        if (!valid) {
            QCOMPARE(parsed.error().kind, RedisErrorKind::BadUrl);
            QVERIFY(!parsed.error().message.contains(QLatin1String("cret")));
        }
    }

    void urlFieldsAndRedaction()
    {
        const auto parsed = RedisUrl::parse(QStringLiteral("redis://:s%40cret@10.0.0.5:6380/3"));
        QVERIFY(parsed.ok());
        QCOMPARE(parsed.value().host, QStringLiteral("10.0.0.5"));
        QCOMPARE(parsed.value().port, 6380);
        QCOMPARE(parsed.value().password, QByteArrayLiteral("s@cret"));
        QCOMPARE(parsed.value().db, 3);
        QCOMPARE(parsed.value().redacted(), QStringLiteral("redis://:***@10.0.0.5:6380/3"));
        QCOMPARE(RedisUrl::parse(QStringLiteral("redis://h")).value().port, 6379);
    }

    void badUrlKeepsWorkingLocally()
    {
        MemoryCache local(MemoryCacheLimits {}, m_clock);
        RedisCache cache(
            local, QStringLiteral("http://:pw@host"), m_clock, *m_scheduler, m_random, cacheSettings());
        QCOMPARE(cache.state(), RedisState::Disconnected);
        QVERIFY(cache.lastError());
        QCOMPARE(cache.lastError()->kind, RedisErrorKind::BadUrl);
        QVERIFY(cache.statusText().startsWith(QLatin1String("shared cache: down, using local cache")));
        QVERIFY(cache.put(QStringLiteral("BRENT_CRUDE_USD"), entryOf(m_clock, "b1")));
        QCOMPARE(cache.get(QStringLiteral("BRENT_CRUDE_USD"))->body, QByteArrayLiteral("b1"));
        QCOMPARE(m_scheduler->pendingCount(), 0);
    }

    void codecRoundTripAndRebase()
    {
        CacheEntry entry = entryOf(m_clock, QByteArray("\x00\xff{\"price\":1}", 14));
        const QByteArray json = RedisEntryCodec::encodeEntry(entry);
        m_clock.advanceMs(7'000);
        const auto decoded = RedisEntryCodec::decodeEntry(json, m_clock);
        QVERIFY(decoded);
        QCOMPARE(decoded->body, entry.body);
        QCOMPARE(decoded->fetchedAtUtc, entry.fetchedAtUtc);
        QCOMPARE(decoded->createdAt, entry.createdAt);
        QCOMPARE(decoded->etag, entry.etag);
        QCOMPARE(decoded->lastModified, entry.lastModified);
        QCOMPARE(decoded->ageMs(m_clock), 7'000); // rebased from the wall-clock stamp

        CacheEntry future = entry;
        future.fetchedAtUtc = m_clock.nowUtc().addSecs(90); // another machine's clock runs ahead
        QCOMPARE(
            RedisEntryCodec::decodeEntry(RedisEntryCodec::encodeEntry(future), m_clock)->ageMs(m_clock), 0);

        for (const QByteArray& bad : {QByteArray("not json"), QByteArray("[]"), QByteArray("{\"v\":1}"),
                 QByteArray(R"({"v":2,"body":"","fetchedAtUtc":"2026-01-01T00:00:00.000Z"})"),
                 QByteArray(R"({"v":1,"body":"@@@","fetchedAtUtc":"2026-01-01T00:00:00.000Z"})"),
                 QByteArray(R"({"v":1,"body":"","fetchedAtUtc":"yesterday"})"),
                 QByteArray(R"({"v":1,"body":"","fetchedAtUtc":"2026-01-01T00:00:00.000Z","etag":5})")})
            QVERIFY2(!RedisEntryCodec::decodeEntry(bad, m_clock), bad.constData());
    }

    void putReachesOtherMachinesAndLaterOnes()
    {
        START_REDIS();
        auto a = connectedMachine();
        QVERIFY(a);
        auto b = connectedMachine();
        QVERIFY(b);
        QCOMPARE(a->cache.statusText(), QStringLiteral("shared cache: connected"));
        QSignalSpy applied(&b->cache, &RedisCache::remoteEntryApplied);

        const CacheEntry entry = entryOf(m_clock, R"({"price":81.5})");
        QVERIFY(a->cache.put(QStringLiteral("BRENT_CRUDE_USD"), entry));
        QVERIFY(applied.wait(kWaitMs));
        QCOMPARE(applied.first().first().toString(), QStringLiteral("BRENT_CRUDE_USD"));
        const auto seen = b->local.get(QStringLiteral("BRENT_CRUDE_USD"));
        QVERIFY(seen);
        QCOMPARE(seen->body, entry.body);
        QCOMPARE(seen->fetchedAtUtc, entry.fetchedAtUtc);
        QCOMPARE(seen->etag, entry.etag);
        QCOMPARE(b->cache.redisStats().redis.sharedHits, 1);
        QCOMPARE(a->cache.redisStats().redis.sharedHits, 0); // its own message is not news
        QTRY_COMPARE_WITH_TIMEOUT(a->cache.redisStats().redis.written, 1, kWaitMs);

        // A machine started later warms up from Redis; its age comes from the wall-clock stamp.
        m_clock.advanceMs(5'000);
        auto c = machine();
        QSignalSpy synced(&c->cache, &RedisCache::synced);
        QVERIFY(synced.wait(kWaitMs));
        const auto warmed = c->cache.get(QStringLiteral("BRENT_CRUDE_USD"));
        QVERIFY(warmed);
        QCOMPARE(warmed->body, entry.body);
        QCOMPARE(warmed->ageMs(m_clock), 5'000);
        QCOMPARE(c->cache.redisStats().redis.sharedHits, 1);
        // The warm-up's own lookups do not count as the app's hits or misses.
        QCOMPARE(c->cache.stats().hits, 1);
        QCOMPARE(c->cache.stats().misses, 0);

        // An older entry from Redis never replaces a newer local one.
        auto d = machine();
        d->local.put(QStringLiteral("BRENT_CRUDE_USD"), entryOf(m_clock, "newer"));
        QSignalSpy dSynced(&d->cache, &RedisCache::synced);
        QVERIFY(dSynced.wait(kWaitMs));
        QCOMPARE(d->cache.get(QStringLiteral("BRENT_CRUDE_USD"))->body, QByteArrayLiteral("newer"));
    }

    // The keys CachedQuotes makes carry their origin ("ORIGIN|latest:CODE", a URL with ':' and '/'): they
    // reach Redis, other machines and later ones whole, so one server's price is never found under another's.
    void originKeysTravelWholeThroughRedis()
    {
        START_REDIS();
        auto a = connectedMachine();
        QVERIFY(a);
        auto b = connectedMachine();
        QVERIFY(b);
        const QString live = feed::CachedQuotes::keyFor(
            api::Origin::forBaseUrl(QUrl("https://api.oilpriceapi.com")), "WTI_USD");
        const QString simulated = feed::CachedQuotes::keyFor(api::Origin::simulator(), "WTI_USD");
        QSignalSpy applied(&b->cache, &RedisCache::remoteEntryApplied);
        QVERIFY(a->cache.put(simulated, entryOf(m_clock, "simulated")));
        QVERIFY(applied.wait(kWaitMs));
        QVERIFY(!b->cache.get(live)); // the simulator's price is not the live API's
        QCOMPARE(b->cache.get(simulated)->body, QByteArrayLiteral("simulated"));
        QVERIFY(a->cache.put(live, entryOf(m_clock, "live")));
        QTRY_VERIFY_WITH_TIMEOUT(inRedis("oilwatch:v1:https://api.oilpriceapi.com|latest:WTI_USD"), kWaitMs);
        QVERIFY(inRedis("oilwatch:v1:sim|latest:WTI_USD"));

        auto c = machine();
        QSignalSpy synced(&c->cache, &RedisCache::synced);
        QVERIFY(synced.wait(kWaitMs));
        QCOMPARE(c->cache.get(live)->body, QByteArrayLiteral("live"));
        QCOMPARE(c->cache.get(simulated)->body, QByteArrayLiteral("simulated"));
        QVERIFY(!c->cache.get(QStringLiteral("latest:WTI_USD")));
    }

    void warmAndAfterWritesTellAShortLivedProcessWhenItMayGoOn()
    {
        START_REDIS();
        auto a = machine();
        QVERIFY(!a->cache.warm());
        QSignalSpy synced(&a->cache, &RedisCache::synced);
        QVERIFY(synced.wait(kWaitMs));
        QVERIFY(a->cache.warm());

        // Answered only after the SET before it: the entry is in Redis when the callback runs.
        QVERIFY(a->cache.put(QStringLiteral("WTI_USD"), entryOf(m_clock, "written")));
        const qint64 writtenBefore = a->cache.redisStats().redis.written;
        bool done = false;
        a->cache.afterWrites(this, [&] { done = true; });
        QVERIFY(!done); // never from inside the call
        QTRY_VERIFY_WITH_TIMEOUT(done, kWaitMs);
        QCOMPARE(a->cache.redisStats().redis.written, writtenBefore + 1);

        // Down: it does not wait for a server that is not there, and the cache is no longer warm.
        m_server->stop();
        QTRY_COMPARE_WITH_TIMEOUT(a->cache.state(), RedisState::Disconnected, kWaitMs);
        QVERIFY(!a->cache.warm());
        done = false;
        a->cache.afterWrites(this, [&] { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, kWaitMs);
    }

    void serverStopsAndStartsMidRun()
    {
        START_REDIS();
        auto a = connectedMachine();
        QVERIFY(a);
        auto b = connectedMachine();
        QVERIFY(b);
        QVERIFY(a->cache.put(QStringLiteral("BRENT_CRUDE_USD"), entryOf(m_clock, "before")));
        QTRY_COMPARE_WITH_TIMEOUT(a->cache.redisStats().redis.written, 1, kWaitMs);

        const quint16 port = m_server->port();
        m_server->stop();
        QTRY_COMPARE_WITH_TIMEOUT(a->cache.state(), RedisState::Disconnected, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(b->cache.state(), RedisState::Disconnected, kWaitMs);
        QVERIFY2(a->cache.statusText().startsWith(QLatin1String("shared cache: down, using local cache")),
            qPrintable(a->cache.statusText()));
        QVERIFY(a->cache.redisStats().redis.errors > 0);

        // Down: everything still works on the local cache, and reconnect attempts keep failing quietly.
        m_clock.advanceMs(1'000);
        QVERIFY(a->cache.put(QStringLiteral("WTI_USD"), entryOf(m_clock, "while down")));
        QCOMPARE(a->cache.get(QStringLiteral("WTI_USD"))->body, QByteArrayLiteral("while down"));
        QCOMPARE(a->cache.get(QStringLiteral("BRENT_CRUDE_USD"))->body, QByteArrayLiteral("before"));
        QSignalSpy attempts(&a->cache, &RedisCache::stateChanged);
        QVERIFY(retryUntil([&] { return attempts.count() >= 4; })); // connecting, down, connecting, down
        QCOMPARE(a->cache.state(), RedisState::Disconnected);
        QVERIFY(a->cache.statusText().contains(QLatin1String("retrying in 200 ms")));

        // Back on the same port, empty: both reconnect by themselves, and A pushes what it wrote meanwhile.
        QVERIFY2(m_server->start(port), qPrintable(m_server->error()));
        QSignalSpy aSynced(&a->cache, &RedisCache::synced);
        QVERIFY(retryUntil([&] {
            return a->cache.state() == RedisState::Connected && b->cache.state() == RedisState::Connected
                && !aSynced.isEmpty();
        }));
        QCOMPARE(a->cache.redisStats().redis.resynced, 1);
        QTRY_VERIFY_WITH_TIMEOUT(b->cache.get(QStringLiteral("WTI_USD")).has_value(), kWaitMs);
        QCOMPARE(b->cache.get(QStringLiteral("WTI_USD"))->body, QByteArrayLiteral("while down"));

        const RedisResult stored
            = rawCommand({QByteArrayLiteral("GET"), QByteArrayLiteral("oilwatch:v1:WTI_USD")});
        QVERIFY(stored.ok());
        const auto decoded = RedisEntryCodec::decodeEntry(stored.value().string, m_clock);
        QVERIFY(decoded);
        QCOMPARE(decoded->body, QByteArrayLiteral("while down"));
        // Written with what is left of the hour: PX counts from the fetch, not from the push.
        const RedisResult ttl
            = rawCommand({QByteArrayLiteral("PTTL"), QByteArrayLiteral("oilwatch:v1:WTI_USD")});
        QVERIFY(ttl.ok());
        QVERIFY2(ttl.value().integer > 0 && ttl.value().integer < 60 * 60 * 1000,
            qPrintable(QString::number(ttl.value().integer)));
    }

    void removeWhileDownIsReplayedOnReconnect()
    {
        START_REDIS();
        auto a = connectedMachine();
        QVERIFY(a);
        const quint16 port = m_server->port();
        m_server->stop();
        QTRY_COMPARE_WITH_TIMEOUT(a->cache.state(), RedisState::Disconnected, kWaitMs);
        a->cache.remove(QStringLiteral("WTI_USD"));

        // Another machine wrote the key before A could reconnect (A only retries when the scheduler says so).
        QVERIFY2(m_server->start(port), qPrintable(m_server->error()));
        QVERIFY(rawCommand({QByteArrayLiteral("SET"), QByteArrayLiteral("oilwatch:v1:WTI_USD"),
                               RedisEntryCodec::encodeEntry(entryOf(m_clock, "older"))})
                    .ok());
        QSignalSpy synced(&a->cache, &RedisCache::synced);
        QVERIFY(retryUntil([&] { return !synced.isEmpty(); }));
        QVERIFY(!a->cache.get(QStringLiteral("WTI_USD")));
        QTRY_VERIFY_WITH_TIMEOUT(!inRedis("oilwatch:v1:WTI_USD"), kWaitMs);
    }

    void hostNameIsResolved()
    {
        START_REDIS();
        const auto url = RedisUrl::parse(QStringLiteral("redis://localhost:%1/2").arg(m_server->port()));
        RedisConnection link(url.value(), *m_scheduler, m_random, linkSettings());
        link.start();
        QVERIFY(retryUntil([&] { return link.state() == RedisState::Connected; }));
        std::optional<RedisResult> reply;
        link.command({QByteArrayLiteral("CLIENT"), QByteArrayLiteral("INFO")}, this,
            [&](const RedisResult& result) { reply = result; });
        QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), kWaitMs);
        QVERIFY(reply->ok());
        QVERIFY2(reply->value().string.contains(" db=2 "),
            reply->value().string.constData()); // SELECT from the URL
    }

    void silentServerTimesOutTheHandshake()
    {
        // Accepts TCP connections (the kernel does) but never answers, so the handshake's PING hangs.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        const auto url = RedisUrl::parse(QStringLiteral("redis://127.0.0.1:%1").arg(silent.serverPort()));
        RedisConnection link(url.value(), *m_scheduler, m_random, linkSettings());
        link.start();
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), kWaitMs);
        QCOMPARE(link.state(), RedisState::Connecting);

        m_scheduler->advance(kTimeoutMs - 1);
        QCOMPARE(link.state(), RedisState::Connecting);
        m_scheduler->advance(1);
        QTRY_COMPARE_WITH_TIMEOUT(link.state(), RedisState::Disconnected, kWaitMs);
        QCOMPARE(link.lastError()->kind, RedisErrorKind::Timeout);
        QVERIFY2(link.reason().contains(QLatin1String("retrying in 200 ms")), qPrintable(link.reason()));
    }

    void frozenServerTimesOut()
    {
        START_REDIS();
        const auto url = RedisUrl::parse(m_server->url());
        RedisConnection link(url.value(), *m_scheduler, m_random, linkSettings());
        link.start();
        QTRY_COMPARE_WITH_TIMEOUT(link.state(), RedisState::Connected, kWaitMs);

        m_server->freeze(true);
        std::optional<RedisResult> reply;
        link.command({QByteArrayLiteral("PING")}, this, [&](const RedisResult& result) { reply = result; });
        m_scheduler->advance(kTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(reply.has_value(), kWaitMs);
        m_server->freeze(false);
        QVERIFY(!reply->ok());
        QTRY_COMPARE_WITH_TIMEOUT(link.state(), RedisState::Disconnected, kWaitMs);
        QCOMPARE(link.lastError()->kind, RedisErrorKind::Timeout);

        // Not connected: a command fails at once, from the event loop, without touching hiredis.
        std::optional<RedisResult> refused;
        link.command({QByteArrayLiteral("PING")}, this, [&](const RedisResult& result) { refused = result; });
        QVERIFY(!refused);
        QTRY_VERIFY_WITH_TIMEOUT(refused.has_value(), kWaitMs);
        QCOMPARE(refused->error().kind, RedisErrorKind::NotConnected);

        QVERIFY(retryUntil([&] { return link.state() == RedisState::Connected; }));
    }

    void wrongOrMissingPasswordIsAnAuthError_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<bool>("connects");
        QTest::newRow("wrong") << QByteArrayLiteral("hunter2") << false;
        QTest::newRow("missing") << QByteArray() << false;
        QTest::newRow("right") << QByteArrayLiteral("s3cret-pw") << true;
    }

    void wrongOrMissingPasswordIsAnAuthError()
    {
        QFETCH(QByteArray, password);
        QFETCH(bool, connects);
        RedisServer guarded;
        QVERIFY2(guarded.start(0, QByteArrayLiteral("s3cret-pw")), qPrintable(guarded.error()));
        MemoryCache local(MemoryCacheLimits {}, m_clock);
        RedisCache cache(local, guarded.url(password), m_clock, *m_scheduler, m_random, cacheSettings());
        if (connects) {
            QTRY_COMPARE_WITH_TIMEOUT(cache.state(), RedisState::Connected, kWaitMs);
            return;
        }
        QTRY_VERIFY_WITH_TIMEOUT(cache.lastError().has_value(), kWaitMs);
        QCOMPARE(cache.lastError()->kind, RedisErrorKind::Auth);
        QTRY_COMPARE_WITH_TIMEOUT(cache.state(), RedisState::Disconnected, kWaitMs);
        QVERIFY(cache.statusText().contains(QLatin1String("auth")));
        QVERIFY(!cache.statusText().contains(QLatin1String("hunter2")));
        // Waiting will not fix a password: no retry is scheduled, and the cache still works locally.
        QCOMPARE(m_scheduler->pendingCount(), 0);
        QVERIFY(cache.put(QStringLiteral("WTI_USD"), entryOf(m_clock, "local")));
        QCOMPARE(cache.get(QStringLiteral("WTI_USD"))->body, QByteArrayLiteral("local"));
    }

    void garbageIsIgnoredAndCounted()
    {
        START_REDIS();
        auto a = connectedMachine();
        QVERIFY(a);
        QVERIFY(rawCommand(
            {QByteArrayLiteral("SET"), QByteArrayLiteral("oilwatch:v1:JUNK"), QByteArrayLiteral("not json")})
                    .ok());
        QVERIFY(rawCommand({QByteArrayLiteral("SET"), QByteArrayLiteral("oilwatch:v1:BRENT_CRUDE_USD"),
                               RedisEntryCodec::encodeEntry(entryOf(m_clock, "good"))})
                    .ok());
        QVERIFY(rawCommand(
            {QByteArrayLiteral("SET"), QByteArrayLiteral("someone-else:key"), QByteArrayLiteral("x")})
                    .ok());
        for (const QByteArray& message :
            {QByteArrayLiteral("{{{"), QByteArrayLiteral(R"({"origin":"x","key":"K"})")})
            QVERIFY(
                rawCommand({QByteArrayLiteral("PUBLISH"), QByteArrayLiteral("oilwatch:v1:updates"), message})
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(a->cache.redisStats().redis.invalidValues, 2, kWaitMs);
        QCOMPARE(a->cache.state(), RedisState::Connected);

        auto b = machine();
        QSignalSpy synced(&b->cache, &RedisCache::synced);
        QVERIFY(synced.wait(kWaitMs));
        QCOMPARE(b->cache.redisStats().redis.invalidValues, 1);
        QCOMPARE(b->cache.get(QStringLiteral("BRENT_CRUDE_USD"))->body, QByteArrayLiteral("good"));
        QVERIFY(!b->cache.get(QStringLiteral("JUNK")));
        QCOMPARE(b->local.stats().entries, 1);
    }

    void removeDeletesTheSharedKey()
    {
        START_REDIS();
        auto a = connectedMachine();
        QVERIFY(a);
        a->cache.put(QStringLiteral("WTI_USD"), entryOf(m_clock, "w"));
        QTRY_COMPARE_WITH_TIMEOUT(a->cache.redisStats().redis.written, 1, kWaitMs);
        a->cache.remove(QStringLiteral("WTI_USD"));
        QVERIFY(!a->cache.get(QStringLiteral("WTI_USD")));
        QTRY_VERIFY_WITH_TIMEOUT(!inRedis("oilwatch:v1:WTI_USD"), kWaitMs);
    }
};

QTEST_GUILESS_MAIN(TestRedisCache)
#include "tst_rediscache.moc"
