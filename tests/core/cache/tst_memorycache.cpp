#include "cache/memorycache.h"
#include "util/utc.h"

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::cache;

namespace {

constexpr qint64 kTtlMs = 10'000;

MemoryCacheLimits limits(qint64 maxEntries, qint64 maxBytes, qint64 ttlMs = kTtlMs)
{
    MemoryCacheLimits out;
    out.maxEntries = maxEntries;
    out.maxBytes = maxBytes;
    out.ttlMs = ttlMs;
    return out;
}

CacheEntry entryOf(const util::Clock& clock, qsizetype bytes, char fill = 'x')
{
    return CacheEntry::fetchedNow(clock, QByteArray(bytes, fill));
}

} // namespace

class TestMemoryCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void missOnEmptyCache()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(4, 100), clock);
        QVERIFY(!cache.get(QStringLiteral("a")));
        const CacheStats stats = cache.stats();
        QCOMPARE(stats.hits, 0);
        QCOMPARE(stats.misses, 1);
        QCOMPARE(stats.entries, 0);
        QCOMPARE(stats.bytes, 0);
    }

    void putThenGetKeepsEveryField()
    {
        util::ManualClock clock;
        clock.advanceMs(1234);
        MemoryCache cache(limits(4, 100), clock);
        const QDateTime created = QDateTime::fromSecsSinceEpoch(1'767'000'000, oilwatch::util::utc());
        QVERIFY(cache.put(QStringLiteral("a"),
            CacheEntry::fetchedNow(clock, "body", created, "\"v1\"", "Wed, 01 Jan 2026 00:00:00 GMT")));
        const std::optional<CacheEntry> got = cache.get(QStringLiteral("a"));
        QVERIFY(got);
        QCOMPARE(got->body, QByteArray("body"));
        QCOMPARE(got->createdAt, created);
        QCOMPARE(got->etag, QByteArray("\"v1\""));
        QCOMPARE(got->lastModified, QByteArray("Wed, 01 Jan 2026 00:00:00 GMT"));
        QCOMPARE(got->fetchedAtMonotonicMs, 1234);
        QCOMPARE(got->fetchedAtUtc, clock.nowUtc());
        QCOMPARE(cache.stats().hits, 1);
        QCOMPARE(cache.stats().misses, 0);
        // Validators count against the byte bound as well as the body.
        QCOMPARE(cache.stats().bytes, qint64(4 + 4 + 29));
    }

    void ttlExpiry_data()
    {
        QTest::addColumn<qint64>("ageMs");
        QTest::addColumn<bool>("served");
        QTest::addRow("new") << qint64(0) << true;
        QTest::addRow("just before ttl") << kTtlMs - 1 << true;
        QTest::addRow("exactly ttl") << kTtlMs << true;
        QTest::addRow("just after ttl") << kTtlMs + 1 << false;
        QTest::addRow("long after ttl") << 10 * kTtlMs << false;
    }
    void ttlExpiry()
    {
        QFETCH(qint64, ageMs);
        QFETCH(bool, served);
        util::ManualClock clock;
        MemoryCache cache(limits(4, 100), clock);
        cache.put(QStringLiteral("a"), entryOf(clock, 10));
        clock.advanceMs(ageMs);

        QCOMPARE(cache.get(QStringLiteral("a")).has_value(), served);
        QCOMPARE(cache.stats().hits, served ? 1 : 0);
        QCOMPARE(cache.stats().misses, served ? 0 : 1);
        // An expired entry is dropped on the lookup that found it expired.
        QCOMPARE(cache.stats().entries, served ? 1 : 0);
        QCOMPARE(cache.stats().bytes, served ? 10 : 0);
    }

    void ttlUsesMonotonicClockOnly()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(4, 100), clock);
        CacheEntry entry = entryOf(clock, 1);
        // A wall-clock timestamp far in the past must not expire the entry: ages are monotonic.
        entry.fetchedAtUtc = clock.nowUtc().addDays(-3);
        cache.put(QStringLiteral("a"), entry);
        QVERIFY(cache.get(QStringLiteral("a")));
    }

    void lruEvictionByCount()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(3, 1000), clock);
        for (const char* key : {"a", "b", "c", "d"})
            QVERIFY(cache.put(QString::fromLatin1(key), entryOf(clock, 1)));
        QCOMPARE(cache.stats().entries, 3);
        QVERIFY(!cache.get(QStringLiteral("a")));
        QVERIFY(cache.get(QStringLiteral("b")));
        QVERIFY(cache.get(QStringLiteral("c")));
        QVERIFY(cache.get(QStringLiteral("d")));
    }

    void getUpdatesRecency()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(3, 1000), clock);
        for (const char* key : {"a", "b", "c"})
            cache.put(QString::fromLatin1(key), entryOf(clock, 1));
        QVERIFY(cache.get(QStringLiteral("a"))); // a is now the most recent; b the least
        cache.put(QStringLiteral("d"), entryOf(clock, 1));
        QVERIFY(cache.get(QStringLiteral("a")));
        QVERIFY(!cache.get(QStringLiteral("b")));
        QVERIFY(cache.get(QStringLiteral("c")));
        QVERIFY(cache.get(QStringLiteral("d")));
    }

    void putOfExistingKeyUpdatesRecencyAndBytes()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(2, 1000), clock);
        cache.put(QStringLiteral("a"), entryOf(clock, 5));
        cache.put(QStringLiteral("b"), entryOf(clock, 5));
        cache.put(QStringLiteral("a"), entryOf(clock, 7, 'y'));
        QCOMPARE(cache.stats().entries, 2);
        QCOMPARE(cache.stats().bytes, 12);
        cache.put(QStringLiteral("c"), entryOf(clock, 1));
        QVERIFY(!cache.get(QStringLiteral("b")));
        QCOMPARE(cache.get(QStringLiteral("a"))->body, QByteArray(7, 'y'));
    }

    void lruEvictionByBytes()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(100, 10), clock);
        cache.put(QStringLiteral("a"), entryOf(clock, 4));
        cache.put(QStringLiteral("b"), entryOf(clock, 4));
        cache.put(QStringLiteral("c"), entryOf(clock, 4)); // 12 > 10: a goes
        QCOMPARE(cache.stats().entries, 2);
        QCOMPARE(cache.stats().bytes, 8);
        QVERIFY(!cache.get(QStringLiteral("a")));
        QVERIFY(cache.get(QStringLiteral("b")));

        // b was just used, so c is the tail; one entry of exactly the bound leaves room for nothing else.
        cache.put(QStringLiteral("d"), entryOf(clock, 10));
        QCOMPARE(cache.stats().entries, 1);
        QCOMPARE(cache.stats().bytes, 10);
        QVERIFY(cache.get(QStringLiteral("d")));
    }

    void evictsUntilBothBoundsHold()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(3, 10), clock);
        cache.put(QStringLiteral("a"), entryOf(clock, 3));
        cache.put(QStringLiteral("b"), entryOf(clock, 3));
        cache.put(QStringLiteral("c"), entryOf(clock, 3));
        // Count alone would evict one entry; bytes need two gone (3 + 3 + 3 + 6 > 10, 3 + 6 <= 10).
        cache.put(QStringLiteral("d"), entryOf(clock, 6));
        QCOMPARE(cache.stats().entries, 2);
        QCOMPARE(cache.stats().bytes, 9);
        QVERIFY(!cache.get(QStringLiteral("a")));
        QVERIFY(!cache.get(QStringLiteral("b")));
        QVERIFY(cache.get(QStringLiteral("c")));
        QVERIFY(cache.get(QStringLiteral("d")));
    }

    void oversizeEntryIsNotStored()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(10, 10), clock);
        QVERIFY(cache.put(QStringLiteral("a"), entryOf(clock, 5)));
        QVERIFY(cache.put(QStringLiteral("b"), entryOf(clock, 5)));
        QVERIFY(!cache.put(QStringLiteral("big"), entryOf(clock, 11)));
        // Refusing it evicts nothing else.
        QCOMPARE(cache.stats().entries, 2);
        QCOMPARE(cache.stats().bytes, 10);
        QVERIFY(!cache.get(QStringLiteral("big")));
        QVERIFY(cache.get(QStringLiteral("a")));
        QVERIFY(cache.get(QStringLiteral("b")));
    }

    void oversizeReplacementDropsTheOlderValue()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(10, 10), clock);
        cache.put(QStringLiteral("a"), entryOf(clock, 5));
        QVERIFY(!cache.put(QStringLiteral("a"), entryOf(clock, 11)));
        QVERIFY(!cache.get(QStringLiteral("a")));
        QCOMPARE(cache.stats().bytes, 0);
    }

    void zeroEntryBoundStoresNothing()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(0, 100), clock);
        QVERIFY(!cache.put(QStringLiteral("a"), entryOf(clock, 1)));
        QCOMPARE(cache.stats().entries, 0);
    }

    void removeAndClear()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(10, 100), clock);
        cache.put(QStringLiteral("a"), entryOf(clock, 3));
        cache.put(QStringLiteral("b"), entryOf(clock, 4));
        cache.remove(QStringLiteral("a"));
        cache.remove(QStringLiteral("missing"));
        QCOMPARE(cache.stats().entries, 1);
        QCOMPARE(cache.stats().bytes, 4);
        QVERIFY(!cache.get(QStringLiteral("a")));

        cache.clear();
        QCOMPARE(cache.stats().entries, 0);
        QCOMPARE(cache.stats().bytes, 0);
        QVERIFY(!cache.get(QStringLiteral("b")));
        // The cache is usable again after clear().
        QVERIFY(cache.put(QStringLiteral("c"), entryOf(clock, 100)));
        QVERIFY(cache.get(QStringLiteral("c")));
    }

    void statsCountHitsAndMisses()
    {
        util::ManualClock clock;
        MemoryCache cache(limits(10, 100), clock);
        cache.put(QStringLiteral("a"), entryOf(clock, 1));
        cache.get(QStringLiteral("a"));
        cache.get(QStringLiteral("a"));
        cache.get(QStringLiteral("nope"));
        clock.advanceMs(kTtlMs + 1);
        cache.get(QStringLiteral("a")); // expired: a miss
        const CacheStats stats = cache.stats();
        QCOMPARE(stats.hits, 2);
        QCOMPARE(stats.misses, 2);
    }
};

QTEST_GUILESS_MAIN(TestMemoryCache)
#include "tst_memorycache.moc"
