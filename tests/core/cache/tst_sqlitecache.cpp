// SqliteCache on real SQLite files in a throw-away folder, with its real writer thread.
#include "cache/sqlitecache.h"
#include "storage/pricehistory.h"
#include "support/sqlitefiles.h"
#include "util/clock.h"
#include "util/utc.h"

#include <csignal>
#include <sys/resource.h>

#include <QDir>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using cache::CacheEntry;
using cache::SqliteCache;
using storage::RecoveryWarning;
using testsupport::modeOf;
using testsupport::rawExec;
using testsupport::readFile;
using testsupport::writeFile;

namespace {

const QDateTime kT0
    = QDateTime::fromSecsSinceEpoch(1'767'225'600, oilwatch::util::utc()); // 2026-01-01T00:00:00Z

CacheEntry entryAt(const util::Clock& clock, const QByteArray& body)
{
    return CacheEntry::fetchedNow(clock, body, kT0.addSecs(-30), "\"etag-" + body + "\"",
        QByteArrayLiteral("Thu, 01 Jan 2026 00:00:00 GMT"));
}

// Lowers this process's file size limit for one scope: the next write past it fails as on a full disk.
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &m_saved);
        // Without this the kernel kills the process with SIGXFSZ instead of failing the write.
        m_savedHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit = m_saved;
        limit.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &limit);
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_savedHandler);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

private:
    rlimit m_saved {};
    void (*m_savedHandler)(int) = nullptr;
};

} // namespace

class TestSqliteCache : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    util::ManualClock m_clock {kT0};

    QString dbPath() const { return m_dir.filePath(QStringLiteral("cache/prices.db")); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_clock = util::ManualClock(kT0);
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
    }

    void roundTripAndStats()
    {
        SqliteCache cache(dbPath(), m_clock);
        const auto opened = cache.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QVERIFY(!opened.value().warning);
        QVERIFY(cache.isOpen());

        QVERIFY(!cache.get(QStringLiteral("WTI_USD")));
        m_clock.advanceMs(1500);
        const CacheEntry in = entryAt(m_clock, QByteArrayLiteral("{\"price\":71.5}"));
        QVERIFY(cache.put(QStringLiteral("WTI_USD"), in));
        QVERIFY(cache.put(QStringLiteral("BRENT_USD"), entryAt(m_clock, QByteArrayLiteral("{}"))));

        const auto out = cache.get(QStringLiteral("WTI_USD"));
        QVERIFY(out.has_value());
        QCOMPARE(out->body, in.body);
        QCOMPARE(out->fetchedAtUtc, in.fetchedAtUtc);
        QCOMPARE(out->fetchedAtMonotonicMs, 1500);
        QCOMPARE(out->createdAt, in.createdAt);
        QCOMPARE(out->etag, in.etag);
        QCOMPARE(out->lastModified, in.lastModified);

        const cache::CacheStats stats = cache.stats();
        QCOMPARE(stats.hits, 1);
        QCOMPARE(stats.misses, 1);
        QCOMPARE(stats.entries, 2);
        QCOMPARE(stats.bytes, in.sizeBytes() + entryAt(m_clock, QByteArrayLiteral("{}")).sizeBytes());

        cache.flush();
        QCOMPARE(cache.persistStats().batchesFailed, 0);
        QVERIFY(cache.persistStats().batchesWritten >= 1);
        QVariant rows;
        QVERIFY(rawExec(dbPath(), {"SELECT count(*) FROM entries"}, &rows));
        QCOMPARE(rows.toInt(), 2);
    }

    // `oilwatch cache stats` is a process of its own: the counts must be in the file, summed over every
    // process, and saved without a write per lookup.
    void lookupCountsAreKeptInTheFileAndSummed()
    {
        {
            SqliteCache first(dbPath(), m_clock);
            QVERIFY(first.open().ok());
            QVERIFY(first.put(QStringLiteral("WTI_USD"), entryAt(m_clock, QByteArrayLiteral("{}"))));
            QVERIFY(first.get(QStringLiteral("WTI_USD")));
            QVERIFY(first.get(QStringLiteral("WTI_USD")));
            QVERIFY(!first.get(QStringLiteral("BRENT_USD")));
            QVERIFY(!first.peek(QStringLiteral("BRENT_USD"))); // a peek is not a lookup
            QVERIFY(first.peek(QStringLiteral("WTI_USD")));
            first.flush();
            const qint64 batches = first.persistStats().batchesWritten;
            for (int i = 0; i < 100; ++i)
                QVERIFY(first.get(QStringLiteral("WTI_USD")));
            // A hundred lookups are one save, kCounterSaveDelayMs after the first of them.
            QCOMPARE(first.persistStats().batchesWritten, batches);
            QTRY_COMPARE_WITH_TIMEOUT(
                first.persistStats().batchesWritten, batches + 1, 2 * SqliteCache::kCounterSaveDelayMs);
            QVERIFY(!first.get(QStringLiteral("BRENT_USD"))); // saved at destruction
        }
        QVariant hits;
        QVERIFY(rawExec(dbPath(), {"SELECT value FROM counters WHERE name = 'hits'"}, &hits));
        QCOMPARE(hits.toInt(), 102);

        // Two processes at once (two instances here) both add to what the file held at their start.
        SqliteCache second(dbPath(), m_clock);
        SqliteCache third(dbPath(), m_clock);
        QVERIFY(second.open().ok());
        QVERIFY(third.open().ok());
        QCOMPARE(second.stats().hits, 102);
        QCOMPARE(second.stats().misses, 2);
        QVERIFY(second.get(QStringLiteral("WTI_USD")));
        QVERIFY(!third.get(QStringLiteral("GOLD_USD")));
        QCOMPARE(second.stats().hits, 103);
        second.flush();
        third.flush();
        SqliteCache reader(dbPath(), m_clock);
        QVERIFY(reader.open().ok());
        QCOMPARE(reader.stats().hits, 103);
        QCOMPARE(reader.stats().misses, 3);

        // Clearing the cache starts the counts again, in memory and in the file.
        reader.clear();
        QCOMPARE(reader.stats().hits, 0);
        reader.flush();
        SqliteCache afterClear(dbPath(), m_clock);
        QVERIFY(afterClear.open().ok());
        QCOMPARE(afterClear.stats().hits, 0);
        QCOMPARE(afterClear.stats().misses, 0);
    }

    // Version 2 had no counters: they start at 0 and the entries are kept.
    void aVersion2FileGainsCounters()
    {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        QVERIFY(rawExec(dbPath(),
            {QStringLiteral("PRAGMA application_id = %1").arg(SqliteCache::kApplicationId),
                "PRAGMA user_version = 2",
                "CREATE TABLE entries (key TEXT PRIMARY KEY, body BLOB, fetched_at INTEGER, created_at "
                "INTEGER, etag BLOB, last_modified BLOB)",
                QStringLiteral("INSERT INTO entries VALUES ('o|latest:WTI_USD', CAST('v' AS BLOB), %1, NULL,"
                               " NULL, NULL)")
                    .arg(kT0.toMSecsSinceEpoch())}));
        SqliteCache cache(dbPath(), m_clock);
        const auto opened = cache.open();
        QVERIFY(opened.ok());
        QCOMPARE(opened.value().migratedFrom, std::optional<int>(2));
        QCOMPARE(cache.stats().hits, 0);
        QVERIFY(cache.get(QStringLiteral("o|latest:WTI_USD")));
        cache.flush();
        QVariant hits;
        QVERIFY(rawExec(dbPath(), {"SELECT value FROM counters WHERE name = 'hits'"}, &hits));
        QCOMPARE(hits.toInt(), 1);
    }

    void survivesARestartWithItsAgeRebased()
    {
        m_clock.advanceMs(5'000); // fetched at T0 + 5 s
        {
            SqliteCache cache(dbPath(), m_clock);
            QVERIFY(cache.open().ok());
            CacheEntry empty = CacheEntry::fetchedNow(m_clock, {});
            QVERIFY(cache.put(QStringLiteral("EMPTY"), empty));
            QVERIFY(cache.put(QStringLiteral("WTI_USD"), entryAt(m_clock, QByteArrayLiteral("old"))));
            QVERIFY(cache.put(QStringLiteral("WTI_USD"), entryAt(m_clock, QByteArrayLiteral("new"))));
        } // no flush(): the destructor must write what was queued

        // The next run: 60 s later on the wall clock, and a steady clock that started again near 0.
        util::ManualClock restarted(kT0.addSecs(64));
        restarted.advanceMs(1'000);
        SqliteCache cache(dbPath(), restarted);
        const auto opened = cache.open();
        QVERIFY(opened.ok());
        QVERIFY(!opened.value().warning);
        QCOMPARE(cache.stats().entries, 2);
        const auto wti = cache.get(QStringLiteral("WTI_USD"));
        QVERIFY(wti.has_value());
        QCOMPARE(wti->body, QByteArrayLiteral("new"));
        QCOMPARE(wti->fetchedAtUtc, kT0.addSecs(5));
        QCOMPARE(wti->createdAt, kT0.addSecs(-30));
        QCOMPARE(wti->etag, QByteArrayLiteral("\"etag-new\""));
        QCOMPARE(wti->ageMs(restarted), 60'000);
        QCOMPARE(wti->fetchedAtMonotonicMs, 1'000 - 60'000);
        const auto empty = cache.get(QStringLiteral("EMPTY"));
        QVERIFY(empty.has_value());
        QVERIFY(empty->body.isEmpty());
        QVERIFY(empty->etag.isEmpty());
        QVERIFY(!empty->createdAt.isValid());

        restarted.advanceMs(2'000);
        QCOMPARE(cache.get(QStringLiteral("WTI_USD"))->ageMs(restarted), 62'000);
    }

    void anEntryFromTheFutureCountsAsJustFetched()
    {
        {
            SqliteCache cache(dbPath(), m_clock);
            QVERIFY(cache.open().ok());
            QVERIFY(cache.put(QStringLiteral("WTI_USD"), entryAt(m_clock, "x")));
        }
        util::ManualClock setBack(kT0.addSecs(-3600)); // the wall clock was moved back an hour
        SqliteCache cache(dbPath(), setBack);
        QVERIFY(cache.open().ok());
        QCOMPARE(cache.get(QStringLiteral("WTI_USD"))->ageMs(setBack), 0);
    }

    void removeAndClearArePersistedInOrder()
    {
        {
            SqliteCache cache(dbPath(), m_clock);
            QVERIFY(cache.open().ok());
            for (int i = 0; i < 50; ++i) {
                QVERIFY(cache.put(QStringLiteral("K%1").arg(i % 5), entryAt(m_clock, QByteArray::number(i))));
            }
            cache.remove(QStringLiteral("K1"));
            QVERIFY(!cache.get(QStringLiteral("K1")));
            QCOMPARE(cache.stats().entries, 4);
        }
        {
            SqliteCache cache(dbPath(), m_clock);
            QVERIFY(cache.open().ok());
            QCOMPARE(cache.stats().entries, 4);
            QVERIFY(!cache.get(QStringLiteral("K1")));
            QCOMPARE(cache.get(QStringLiteral("K4"))->body, QByteArrayLiteral("49")); // the last put wins
            cache.clear();
            QCOMPARE(cache.stats().entries, 0);
            QCOMPARE(cache.stats().bytes, 0);
            QVERIFY(cache.put(QStringLiteral("AFTER"), entryAt(m_clock, "a")));
        }
        SqliteCache cache(dbPath(), m_clock);
        QVERIFY(cache.open().ok());
        QCOMPARE(cache.stats().entries, 1);
        QVERIFY(cache.get(QStringLiteral("AFTER")));
    }

    void putsBeforeOpenWinAndAreWritten()
    {
        {
            SqliteCache cache(dbPath(), m_clock);
            QVERIFY(cache.open().ok());
            QVERIFY(cache.put(QStringLiteral("A"), entryAt(m_clock, "disk-a")));
            QVERIFY(cache.put(QStringLiteral("B"), entryAt(m_clock, "disk-b")));
        }
        {
            SqliteCache cache(dbPath(), m_clock);
            QVERIFY(cache.put(QStringLiteral("A"), entryAt(m_clock, "memory-a")));
            QVERIFY(cache.open().ok());
            QCOMPARE(cache.get(QStringLiteral("A"))->body, QByteArrayLiteral("memory-a"));
            QCOMPARE(cache.get(QStringLiteral("B"))->body, QByteArrayLiteral("disk-b"));
        }
        SqliteCache cache(dbPath(), m_clock);
        QVERIFY(cache.open().ok());
        QCOMPARE(cache.get(QStringLiteral("A"))->body, QByteArrayLiteral("memory-a"));
    }

    void fileIsOursInWalModeWithPrivatePermissions()
    {
        {
            SqliteCache cache(dbPath(), m_clock);
            QVERIFY(cache.open().ok());
            QVERIFY(cache.put(QStringLiteral("WTI_USD"), entryAt(m_clock, "x")));
            cache.flush();
            QCOMPARE(modeOf(dbPath()), 0600);
            QCOMPARE(modeOf(QFileInfo(dbPath()).absolutePath()), 0700);
            QVERIFY(QFile::exists(dbPath() + "-wal"));
            QCOMPARE(modeOf(dbPath() + "-wal"), 0600);
        }
        QVariant value;
        QVERIFY(rawExec(dbPath(), {"PRAGMA journal_mode"}, &value));
        QCOMPARE(value.toString(), QStringLiteral("wal"));
        QVERIFY(rawExec(dbPath(), {"PRAGMA application_id"}, &value));
        QCOMPARE(value.toLongLong(), qint64(SqliteCache::kApplicationId));
        QVERIFY(SqliteCache::kApplicationId != storage::PriceHistory::kApplicationId);
    }

    void garbageFileIsMovedAsideWithAWarning()
    {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        const QByteArray garbage = QByteArray("not a cache\n").repeated(100);
        writeFile(dbPath(), garbage);
        m_clock.advanceMs(((7 * 60 + 5) * 60 + 9) * 1000); // 2026-01-01T07:05:09Z

        SqliteCache cache(dbPath(), m_clock);
        const auto opened = cache.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QVERIFY(opened.value().warning.has_value());
        const RecoveryWarning& warning = *opened.value().warning;
        QCOMPARE(warning.reason, RecoveryWarning::Reason::NotSqlite);
        const QString aside = dbPath() + ".corrupt-20260101T070509Z";
        QCOMPARE(warning.movedTo, aside);
        QVERIFY(warning.message.contains(QStringLiteral("price cache")));
        QVERIFY(warning.message.contains(aside));
        QCOMPARE(readFile(aside), garbage); // kept, never deleted
        QCOMPARE(cache.stats().entries, 0);

        QVERIFY(cache.put(QStringLiteral("WTI_USD"), entryAt(m_clock, "x")));
        cache.flush();
        QCOMPARE(cache.persistStats().batchesFailed, 0);
        QCOMPARE(modeOf(dbPath()), 0600);
    }

    void damagedFileIsMovedAside()
    {
        {
            SqliteCache cache(dbPath(), m_clock);
            QVERIFY(cache.open().ok());
            for (int i = 0; i < 200; ++i) {
                QVERIFY(cache.put(QStringLiteral("K%1").arg(i), entryAt(m_clock, QByteArray(500, 'p'))));
            }
        } // the last connection checkpoints the WAL into the main file
        testsupport::trashPagesAfterTheFirst(dbPath(), 8);

        SqliteCache cache(dbPath(), m_clock);
        const auto opened = cache.open();
        QVERIFY(opened.ok());
        QVERIFY(opened.value().warning.has_value());
        QCOMPARE(opened.value().warning->reason, RecoveryWarning::Reason::Damaged);
        QVERIFY(QFile::exists(dbPath() + ".corrupt-20260101T000000Z"));
        QCOMPARE(cache.stats().entries, 0);
    }

    // Version 1 keyed entries by code alone, whichever server answered: its entries migrate under the origin
    // "unknown", which no request asks for, so they are kept but never served.
    void aVersion1FileMigratesItsKeysAsUnknown()
    {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        QVERIFY(rawExec(dbPath(),
            {QStringLiteral("PRAGMA application_id = %1").arg(SqliteCache::kApplicationId),
                "PRAGMA user_version = 1",
                "CREATE TABLE entries (key TEXT PRIMARY KEY, body BLOB, fetched_at INTEGER, created_at "
                "INTEGER,"
                " etag BLOB, last_modified BLOB)",
                QStringLiteral(
                    "INSERT INTO entries VALUES ('latest:WTI_USD', CAST('old' AS BLOB), %1, NULL, NULL,"
                    " NULL)")
                    .arg(kT0.toMSecsSinceEpoch())}));
        SqliteCache cache(dbPath(), m_clock);
        const auto opened = cache.open();
        QVERIFY(opened.ok());
        QVERIFY(!opened.value().warning);
        QCOMPARE(opened.value().migratedFrom, std::optional<int>(1));
        QVERIFY(!cache.get(QStringLiteral("latest:WTI_USD")));
        const auto migrated = cache.get(QStringLiteral("unknown|latest:WTI_USD"));
        QVERIFY(migrated);
        QCOMPARE(migrated->body, QByteArray("old"));
        QVariant version;
        QVERIFY(rawExec(dbPath(), {"PRAGMA user_version"}, &version));
        QCOMPARE(version.toInt(), cache::SqliteCacheStore::kSchemaVersion);
    }

    void historyAndCacheFilesAreForeignToEachOther()
    {
        {
            storage::PriceHistory history(dbPath(), m_clock);
            QVERIFY(history.open().ok());
        }
        {
            SqliteCache cache(dbPath(), m_clock);
            const auto opened = cache.open();
            QVERIFY(opened.ok() && opened.value().warning.has_value());
            QCOMPARE(opened.value().warning->reason, RecoveryWarning::Reason::Foreign);
            QCOMPARE(opened.value().warning->movedTo, dbPath() + ".foreign-20260101T000000Z");
            QVERIFY(cache.put(QStringLiteral("WTI_USD"), entryAt(m_clock, "x")));
        }
        storage::PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok() && opened.value().warning.has_value());
        QCOMPARE(opened.value().warning->reason, RecoveryWarning::Reason::Foreign);
        QCOMPARE(opened.value().warning->movedTo, dbPath() + ".foreign-20260101T000000Z-2");
    }

    void aFailedWriteIsReportedAndTheValueStaysServed()
    {
        SqliteCache cache(dbPath(), m_clock);
        QVERIFY(cache.open().ok());
        QVERIFY(cache.put(QStringLiteral("SMALL"), entryAt(m_clock, "before")));
        cache.flush();
        QCOMPARE(cache.persistStats().batchesWritten, 1);
        QSignalSpy failed(&cache, &SqliteCache::writeFailed);
        {
            const qint64 used = std::max(QFileInfo(dbPath()).size(), QFileInfo(dbPath() + "-wal").size());
            FileSizeLimit full(rlim_t(used + 16 * 1024));
            QVERIFY(cache.put(QStringLiteral("BIG"), entryAt(m_clock, QByteArray(2 * 1024 * 1024, 'b'))));
            cache.flush();
        }
        QVERIFY(failed.wait(5'000) || failed.count() == 1);
        QCOMPARE(failed.count(), 1);
        QVERIFY(!failed.at(0).at(0).toString().isEmpty());
        QCOMPARE(cache.persistStats().batchesFailed, 1);
        QCOMPARE(cache.persistStats().lastError, failed.at(0).at(0).toString());
        QCOMPARE(cache.get(QStringLiteral("BIG"))->body.size(), 2 * 1024 * 1024); // memory still serves it

        // The disk has room again: later writes go through.
        QVERIFY(cache.put(QStringLiteral("SMALL"), entryAt(m_clock, "after")));
        cache.flush();
        QCOMPARE(cache.persistStats().batchesWritten, 2);

        QVariantList keys;
        QVERIFY(rawExec(
            dbPath(), {"PRAGMA integrity_check", "SELECT key || '=' || body FROM entries"}, nullptr, &keys));
        QCOMPARE(keys, (QVariantList {QStringLiteral("SMALL=after")}));
    }

    void aRemovedFileIsNoticedAndWrittenAgain()
    {
        SqliteCache cache(dbPath(), m_clock);
        QVERIFY(cache.open().ok());
        QVERIFY(cache.put(QStringLiteral("A"), entryAt(m_clock, "a")));
        QVERIFY(cache.put(QStringLiteral("B"), entryAt(m_clock, "b")));
        cache.flush();
        for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
            QVERIFY(QFile::remove(dbPath() + suffix));
        }

        QSignalSpy failed(&cache, &SqliteCache::writeFailed);
        cache.remove(QStringLiteral("B"));
        QVERIFY(cache.put(QStringLiteral("C"), entryAt(m_clock, "c")));
        cache.flush();
        QVERIFY(failed.wait(5'000));
        QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("was removed")));
        QCOMPARE(cache.persistStats().batchesFailed, 1);
        cache.flush(); // the rewrite of every entry, queued when the failure was reported

        QVERIFY(QFile::exists(dbPath()));
        QCOMPARE(modeOf(dbPath()), 0600);
        SqliteCache reopened(dbPath(), m_clock);
        QVERIFY(reopened.open().ok());
        QCOMPARE(reopened.stats().entries, 2);
        QCOMPARE(reopened.get(QStringLiteral("A"))->body, QByteArrayLiteral("a"));
        QCOMPARE(reopened.get(QStringLiteral("C"))->body, QByteArrayLiteral("c"));
    }

    void unusableLocationIsAnErrorNotACrash()
    {
        writeFile(m_dir.filePath("blocker"), "a file where a folder should be");
        SqliteCache cache(m_dir.filePath("blocker/prices.db"), m_clock);
        const auto opened = cache.open();
        QVERIFY(!opened.ok());
        QVERIFY(!opened.error().message.isEmpty());
        QVERIFY(!cache.isOpen());
        // Memory-only, and nothing is queued for a file that is not there.
        QVERIFY(cache.put(QStringLiteral("WTI_USD"), entryAt(m_clock, "x")));
        QVERIFY(cache.get(QStringLiteral("WTI_USD")));
        cache.flush();
        QCOMPARE(cache.persistStats().batchesFailed, 0);
        QCOMPARE(cache.persistStats().batchesWritten, 0);
    }
};

QTEST_GUILESS_MAIN(TestSqliteCache)
#include "tst_sqlitecache.moc"
