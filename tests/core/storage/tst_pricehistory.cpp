// PriceHistory on real SQLite files in a throw-away folder.
#include "storage/pricehistory.h"
#include "support/sqlitefiles.h"
#include "support/testquotes.h"
#include "util/clock.h"

#include <sqlite3.h>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUrl>
#include <QVariant>

using namespace oilwatch;
using storage::Order;
using storage::OriginFilter;
using storage::PriceHistory;
using storage::RecoveryWarning;
using testsupport::modeOf;
using testsupport::rawExec;
using testsupport::readFile;
using testsupport::writeFile;

namespace {

using testing::kT0;
using testing::quote;

QList<qint64> minutesOf(const QList<api::Quote>& quotes)
{
    QList<qint64> result;
    for (const auto& q : quotes) {
        result.append(kT0.secsTo(q.createdAt) / 60);
    }
    return result;
}

// What a quarantine row must give back as it was written.
bool sameRecord(const storage::QuarantineRecord& a, const storage::QuarantineRecord& b)
{
    return a.quote.code == b.quote.code && a.quote.origin == b.quote.origin && a.quote.price == b.quote.price
        && a.quote.createdAt == b.quote.createdAt && a.quote.unit == b.quote.unit
        && a.quote.currency == b.quote.currency && a.quote.source == b.quote.source && a.rules == b.rules
        && a.message == b.message && a.detectedAt == b.detectedAt;
}
} // namespace

class TestPriceHistory : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    util::ManualClock m_clock {kT0};

    QString dbPath() const { return m_dir.filePath(QStringLiteral("data/history.db")); }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_clock = util::ManualClock(kT0); // every test starts at 2026-01-01T00:00:00Z
        QDir(m_dir.path()).removeRecursively();
        QVERIFY(QDir().mkpath(m_dir.path()));
    }

    void appendStoresEachQuoteOnce()
    {
        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QVERIFY(!opened.value().warning);

        auto added = history.append({quote("BRENT", 0), quote("BRENT", 1), quote("WTI", 0)});
        QVERIFY(added.ok());
        QCOMPARE(added.value(), 3);

        // Same (code, createdAt) again, even with another price, is the same quote.
        added = history.append({quote("BRENT", 1, 99.0), quote("BRENT", 2), quote("WTI", 0)});
        QVERIFY(added.ok());
        QCOMPARE(added.value(), 1);

        const auto all = history.query(storage::OriginFilter::all(), QStringLiteral("BRENT"), {}, {});
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 3);
        QCOMPARE(all.value().at(1).price, 70.0); // the first one stored wins
    }

    void appendSkipsQuotesWithoutIdentity()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        api::Quote noTime = quote("BRENT", 0);
        noTime.createdAt = {};
        const auto added = history.append({noTime, quote("", 1), quote("BRENT", 2)});
        QVERIFY(added.ok());
        QCOMPARE(added.value(), 1);
    }

    void queryOrdersAndFiltersByRange()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        QVERIFY(history
                    .append({quote("BRENT", 3), quote("BRENT", 1), quote("BRENT", 4), quote("BRENT", 2),
                        quote("WTI", 2)})
                    .ok());

        auto newest = history.query(
            storage::OriginFilter::all(), QStringLiteral("BRENT"), {}, {}, 0, Order::NewestFirst);
        QVERIFY(newest.ok());
        QCOMPARE(minutesOf(newest.value()), (QList<qint64> {4, 3, 2, 1}));

        auto oldest = history.query(
            storage::OriginFilter::all(), QStringLiteral("BRENT"), {}, {}, 0, Order::OldestFirst);
        QVERIFY(oldest.ok());
        QCOMPARE(minutesOf(oldest.value()), (QList<qint64> {1, 2, 3, 4}));

        // Bounds are inclusive.
        auto range = history.query(OriginFilter::all(), QStringLiteral("BRENT"), kT0.addSecs(120),
            kT0.addSecs(180), 0, Order::OldestFirst);
        QVERIFY(range.ok());
        QCOMPARE(minutesOf(range.value()), (QList<qint64> {2, 3}));

        auto fromOnly = history.query(storage::OriginFilter::all(), QStringLiteral("BRENT"), kT0.addSecs(180),
            {}, 0, Order::OldestFirst);
        QCOMPARE(minutesOf(fromOnly.value()), (QList<qint64> {3, 4}));

        auto limited = history.query(
            storage::OriginFilter::all(), QStringLiteral("BRENT"), {}, {}, 2, Order::NewestFirst);
        QCOMPARE(minutesOf(limited.value()), (QList<qint64> {4, 3}));

        auto limitedOldest = history.query(
            storage::OriginFilter::all(), QStringLiteral("BRENT"), {}, {}, 2, Order::OldestFirst);
        QCOMPARE(minutesOf(limitedOldest.value()), (QList<qint64> {1, 2}));

        QVERIFY(
            history.query(storage::OriginFilter::all(), QStringLiteral("NOPE"), {}, {}).value().isEmpty());
    }

    void pointsAreTimeAndPriceOldestFirstWithinTheBounds()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        QVERIFY(
            history.append({quote("BRENT", 3), quote("BRENT", 1), quote("BRENT", 2), quote("WTI", 2)}).ok());
        auto all = history.points(OriginFilter::all(), QStringLiteral("BRENT"), {}, {});
        QVERIFY(all.ok());
        QCOMPARE(all.value().size(), 3);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(all.value()[i].x, double(kT0.addSecs(60 * (i + 1)).toMSecsSinceEpoch()));
        const QList<api::Quote> quotes
            = history.query(OriginFilter::all(), QStringLiteral("BRENT"), {}, {}, 0, Order::OldestFirst)
                  .value();
        for (int i = 0; i < 3; ++i)
            QCOMPARE(all.value()[i].y, quotes[i].price);
        // Inclusive bounds, either open.
        auto range = history.points(
            OriginFilter::all(), QStringLiteral("BRENT"), kT0.addSecs(120), kT0.addSecs(180));
        QCOMPARE(range.value().size(), 2);
        QCOMPARE(
            history.points(OriginFilter::all(), QStringLiteral("BRENT"), {}, kT0.addSecs(60)).value().size(),
            1);
        QVERIFY(history.points(OriginFilter::all(), QStringLiteral("NOPE"), {}, {}).value().isEmpty());
    }

    void queryRoundTripsEveryField()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        api::Quote in = quote("WTI", 5, 71.25);
        in.receivedAt = {};
        QVERIFY(history.append({in}).ok());
        const auto out = history.latest(storage::OriginFilter::all(), QStringLiteral("WTI"));
        QVERIFY(out.ok() && out.value().has_value());
        const api::Quote& q = *out.value();
        QCOMPARE(q.code, in.code);
        QCOMPARE(q.price, in.price);
        QCOMPARE(q.currency, in.currency);
        QCOMPARE(q.unit, in.unit);
        QCOMPARE(q.createdAt, in.createdAt);
        QCOMPARE(q.createdAt.timeSpec(), Qt::UTC);
        QCOMPARE(q.type, in.type);
        QCOMPARE(q.source, in.source);
        QVERIFY(!q.receivedAt.isValid());
    }

    void latestAndCodes()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        const auto none = history.latest(storage::OriginFilter::all(), QStringLiteral("BRENT"));
        QVERIFY(none.ok());
        QVERIFY(!none.value().has_value());
        QCOMPARE(history.codes(storage::OriginFilter::all()).value(), QStringList {});

        QVERIFY(history.append({quote("WTI", 1), quote("BRENT", 7, 80.0), quote("BRENT", 5)}).ok());
        const auto latest = history.latest(storage::OriginFilter::all(), QStringLiteral("BRENT"));
        QVERIFY(latest.ok() && latest.value().has_value());
        QCOMPARE(latest.value()->createdAt, kT0.addSecs(7 * 60));
        QCOMPARE(latest.value()->price, 80.0);
        QCOMPARE(history.codes(storage::OriginFilter::all()).value(), (QStringList {"BRENT", "WTI"}));
    }

    void downsampleSummarisesEachSliceOfTime()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        const QList<double> prices {5, 3, 8, 1, 9, 2, 7, 7, 4, 6};
        QList<api::Quote> quotes;
        for (int i = 0; i < prices.size(); ++i) {
            quotes.append(quote("BRENT", i, prices.at(i)));
        }
        quotes.append(quote("BRENT", 10, 99.0)); // after the range
        quotes.append(quote("WTI", 1, 50.0)); // another code
        QVERIFY(history.append(quotes).ok());

        // 9 minutes in 3 buckets of 3 minutes; the quote at the range's end falls in the last one.
        const auto buckets = history.downsample(
            storage::OriginFilter::all(), QStringLiteral("BRENT"), kT0, kT0.addSecs(9 * 60), 3);
        QVERIFY2(buckets.ok(), qPrintable(buckets ? QString() : buckets.error().message));
        QCOMPARE(buckets.value().size(), 3);
        const auto& b = buckets.value();
        QCOMPARE(b[0].start, kT0);
        QCOMPARE(b[0].end, kT0.addSecs(3 * 60));
        QCOMPARE((QList<double> {b[0].first, b[0].low, b[0].high, b[0].last}), (QList<double> {5, 3, 8, 8}));
        QCOMPARE(b[0].count, 3);
        QCOMPARE((QList<double> {b[1].first, b[1].low, b[1].high, b[1].last}), (QList<double> {1, 1, 9, 2}));
        QCOMPARE(b[2].start, kT0.addSecs(6 * 60));
        QCOMPARE(b[2].end, kT0.addSecs(9 * 60));
        QCOMPARE((QList<double> {b[2].first, b[2].low, b[2].high, b[2].last}), (QList<double> {7, 4, 7, 6}));
        QCOMPARE(b[2].count, 4);
    }

    void downsampleLeavesOutEmptySlicesAndRefusesBadRanges()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        QVERIFY(history.append({quote("BRENT", 0), quote("BRENT", 1), quote("BRENT", 7)}).ok());
        const auto buckets = history.downsample(
            storage::OriginFilter::all(), QStringLiteral("BRENT"), kT0, kT0.addSecs(8 * 60), 8);
        QVERIFY(buckets.ok());
        QCOMPARE(buckets.value().size(), 3);
        QCOMPARE(buckets.value().at(2).start, kT0.addSecs(7 * 60));

        QVERIFY(
            !history
                 .downsample(storage::OriginFilter::all(), QStringLiteral("BRENT"), kT0, kT0.addSecs(60), 0)
                 .ok());
        QVERIFY(
            !history
                 .downsample(storage::OriginFilter::all(), QStringLiteral("BRENT"), kT0.addSecs(60), kT0, 10)
                 .ok());
        QVERIFY(!history.downsample(storage::OriginFilter::all(), QStringLiteral("BRENT"), {}, kT0, 10).ok());
    }

    void retentionDropsQuotesOlderThanAYear()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        const qint64 day = 24 * 60;
        QVERIFY(
            history.append({quote("BRENT", 0), quote("BRENT", 10 * day), quote("BRENT", 400 * day)}).ok());

        auto pruned = history.applyRetention();
        QVERIFY(pruned.ok());
        QCOMPARE(pruned.value(), 0); // now == T0: nothing is a year old

        m_clock.advanceMs(qint64(370) * day * 60 * 1000); // T0 + 370 days: cut-off T0 + 5 days
        pruned = history.applyRetention();
        QVERIFY(pruned.ok());
        QCOMPARE(pruned.value(), 1);
        QCOMPARE(minutesOf(history
                               .query(storage::OriginFilter::all(), QStringLiteral("BRENT"), {}, {}, 0,
                                   Order::OldestFirst)
                               .value()),
            (QList<qint64> {10 * day, 400 * day}));

        pruned = history.prune(kT0.addDays(11));
        QVERIFY(pruned.ok());
        QCOMPARE(pruned.value(), 1);
        QCOMPARE(
            history.query(storage::OriginFilter::all(), QStringLiteral("BRENT"), {}, {}).value().size(), 1);
    }

    void persistsAcrossCloseAndReopen()
    {
        {
            PriceHistory history(dbPath(), m_clock);
            QVERIFY(history.open().ok());
            QVERIFY(history.append({quote("BRENT", 1), quote("WTI", 2)}).ok());
        }
        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok());
        QVERIFY(!opened.value().warning);
        QCOMPARE(history.codes(storage::OriginFilter::all()).value(), (QStringList {"BRENT", "WTI"}));
        QCOMPARE(history.append({quote("BRENT", 1)}).value(), 0); // still deduplicated after reopen

        history.close();
        QVERIFY(!history.isOpen());
        QVERIFY(!history.codes(storage::OriginFilter::all()).ok());
        QVERIFY(history.open().ok());
        QCOMPARE(
            history.query(storage::OriginFilter::all(), QStringLiteral("WTI"), {}, {}).value().size(), 1);
    }

    void fileIsOursInWalModeWithPrivatePermissions()
    {
        {
            PriceHistory history(dbPath(), m_clock);
            QVERIFY(history.open().ok());
            QVERIFY(history.append({quote("BRENT", 1)}).ok());
            QCOMPARE(modeOf(dbPath()), 0600);
            QCOMPARE(modeOf(QFileInfo(dbPath()).absolutePath()), 0700);
            QVERIFY(QFile::exists(dbPath() + "-wal"));
            QCOMPARE(modeOf(dbPath() + "-wal"), 0600);
        }
        QVariant value;
        QVERIFY(rawExec(dbPath(), {"PRAGMA journal_mode"}, &value));
        QCOMPARE(value.toString(), QStringLiteral("wal"));
        QVERIFY(rawExec(dbPath(), {"PRAGMA application_id"}, &value));
        QCOMPARE(value.toLongLong(), qint64(PriceHistory::kApplicationId));
        QVERIFY(rawExec(dbPath(), {"PRAGMA user_version"}, &value));
        QCOMPARE(value.toInt(), PriceHistory::kSchemaVersion);
    }

    void garbageFileIsMovedAsideAndReplaced()
    {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        const QByteArray garbage = QByteArray("this is not a database\n").repeated(200);
        writeFile(dbPath(), garbage);
        writeFile(dbPath() + "-wal", "stale wal");
        m_clock.advanceMs(((23 * 60 + 15) * 60) * 1000); // 2026-01-01T23:15:00Z

        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().message));
        QVERIFY(opened.value().warning.has_value());
        const RecoveryWarning& warning = *opened.value().warning;
        QCOMPARE(warning.reason, RecoveryWarning::Reason::NotSqlite);
        const QString aside = dbPath() + ".corrupt-20260101T231500Z";
        QCOMPARE(warning.movedTo, aside);
        QVERIFY(warning.message.contains(aside));
        QCOMPARE(readFile(aside), garbage); // kept byte for byte, never deleted
        QCOMPARE(readFile(aside + "-wal"), QByteArray("stale wal"));

        QVERIFY(history.append({quote("BRENT", 1)}).ok());
        QCOMPARE(history.codes(storage::OriginFilter::all()).value(), QStringList {"BRENT"});
        QCOMPARE(modeOf(dbPath()), 0600);
    }

    void secondRecoveryInTheSameSecondKeepsTheFirst()
    {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        writeFile(dbPath(), "first garbage");
        {
            PriceHistory history(dbPath(), m_clock);
            QVERIFY(history.open().value().warning.has_value());
        }
        writeFile(dbPath(), "second garbage");
        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok() && opened.value().warning.has_value());
        const QString first = dbPath() + ".corrupt-20260101T000000Z";
        QCOMPARE(readFile(first), QByteArray("first garbage"));
        QCOMPARE(opened.value().warning->movedTo, first + "-2");
        QCOMPARE(readFile(first + "-2"), QByteArray("second garbage"));
    }

    void foreignSqliteFileIsMovedAside()
    {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        QVERIFY(rawExec(dbPath(),
            {"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)",
                "INSERT INTO notes (body) VALUES ('keep me')"}));

        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok());
        QVERIFY(opened.value().warning.has_value());
        QCOMPARE(opened.value().warning->reason, RecoveryWarning::Reason::Foreign);
        const QString aside = dbPath() + ".foreign-20260101T000000Z";
        QCOMPARE(opened.value().warning->movedTo, aside);
        QVariant body;
        QVERIFY(rawExec(aside, {"SELECT body FROM notes"}, &body));
        QCOMPARE(body.toString(), QStringLiteral("keep me"));
        QVERIFY(history.append({quote("BRENT", 1)}).ok());
    }

    // The same code at the same time from two servers is two prices: each reader sees its own.
    void originsAreKeptApart()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        const api::Origin server = api::Origin::forBaseUrl(QUrl("https://api.oilpriceapi.com"));
        api::Quote simulated = quote("BRENT", 1, 80.0);
        simulated.origin = api::Origin::simulator();
        api::Quote live = quote("BRENT", 1, 81.0);
        live.origin = server;
        api::Quote wti = quote("WTI", 2, 70.0);
        wti.origin = server;
        QCOMPARE(history.append({simulated, live, wti}).value(), 3);
        QCOMPARE(history.append({simulated}).value(), 0); // still one row per (code, origin, time)

        const auto fromSim = history.query(OriginFilter::only(api::Origin::simulator()), "BRENT", {}, {});
        QCOMPARE(fromSim.value().size(), 1);
        QCOMPARE(fromSim.value().constFirst().price, 80.0);
        QCOMPARE(fromSim.value().constFirst().origin, api::Origin::simulator());
        const auto fromServer = history.latest(OriginFilter::only(server), "BRENT");
        QCOMPARE(fromServer.value()->price, 81.0);
        QCOMPARE(fromServer.value()->origin, server);
        QCOMPARE(history.query(OriginFilter::all(), "BRENT", {}, {}).value().size(), 2);
        QCOMPARE(history.codes(OriginFilter::only(api::Origin::simulator())).value(), QStringList {"BRENT"});
        QCOMPARE(history.codes(OriginFilter::only(server)).value(), (QStringList {"BRENT", "WTI"}));
        const auto buckets
            = history.downsample(OriginFilter::only(server), "BRENT", kT0, kT0.addSecs(600), 1);
        QCOMPARE(buckets.value().size(), 1);
        QCOMPARE(buckets.value().constFirst().last, 81.0);
        QCOMPARE(history.storedOrigins().value(), (QList<api::Origin> {server, api::Origin::simulator()}));
    }

    // Version 2 had no origins: its rows may be the simulator's or any server's, so they migrate as
    // "unknown" and stay readable only when asked for.
    void aVersion2FileMigratesItsRowsAsUnknown()
    {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        QVERIFY(rawExec(dbPath(),
            {QStringLiteral("PRAGMA application_id = %1").arg(PriceHistory::kApplicationId),
                "PRAGMA user_version = 2",
                "CREATE TABLE quotes (code TEXT NOT NULL, created_at INTEGER NOT NULL, price REAL NOT NULL,"
                " currency TEXT, unit TEXT, type TEXT, source TEXT, received_at INTEGER,"
                " PRIMARY KEY (code, created_at)) WITHOUT ROWID",
                QStringLiteral("INSERT INTO quotes VALUES ('BRENT', %1, 77.5, 'USD', 'barrel', 'spot_price',"
                               " 'old', %1)")
                    .arg(kT0.toMSecsSinceEpoch())}));
        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok());
        QVERIFY(!opened.value().warning);
        QCOMPARE(opened.value().migratedFrom, std::optional<int>(2));
        QVERIFY(
            history.query(OriginFilter::only(api::Origin::simulator()), "BRENT", {}, {}).value().isEmpty());
        const auto kept = history.query(OriginFilter::only(api::Origin::unknown()), "BRENT", {}, {});
        QCOMPARE(kept.value().size(), 1);
        QCOMPARE(kept.value().constFirst().price, 77.5);
        QCOMPARE(kept.value().constFirst().source, QStringLiteral("old"));
        QVERIFY(kept.value().constFirst().origin.isUnknown());
        // The same moment from a known server is a row of its own next to the migrated one.
        api::Quote simulated = quote("BRENT", 0, 80.0);
        simulated.origin = api::Origin::simulator();
        QCOMPARE(history.append({simulated}).value(), 1);
        QVariant version;
        QVERIFY(rawExec(dbPath(), {"PRAGMA user_version"}, &version));
        QCOMPARE(version.toInt(), PriceHistory::kSchemaVersion);
        history.close();
        PriceHistory reopened(dbPath(), m_clock);
        QVERIFY(!reopened.open().value().migratedFrom); // once
    }

    // Version 3 had no quarantine: its prices stay as they were, the table comes empty.
    void aVersion3FileGainsAnEmptyQuarantine()
    {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        QVERIFY(rawExec(dbPath(),
            {QStringLiteral("PRAGMA application_id = %1").arg(PriceHistory::kApplicationId),
                "PRAGMA user_version = 3",
                "CREATE TABLE quotes (code TEXT NOT NULL, origin TEXT NOT NULL, created_at INTEGER NOT NULL,"
                " price REAL NOT NULL, currency TEXT, unit TEXT, type TEXT, source TEXT, received_at INTEGER,"
                " PRIMARY KEY (code, origin, created_at)) WITHOUT ROWID",
                QStringLiteral("INSERT INTO quotes VALUES ('BRENT', 'sim', %1, 77.5, 'USD', 'barrel',"
                               " 'spot_price', 'v3', %1)")
                    .arg(kT0.toMSecsSinceEpoch())}));
        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok());
        QVERIFY(!opened.value().warning);
        QCOMPARE(opened.value().migratedFrom, std::optional<int>(3));
        const auto kept = history.query(OriginFilter::only(api::Origin::simulator()), "BRENT", {}, {});
        QCOMPARE(kept.value().size(), 1);
        QCOMPARE(kept.value().constFirst().source, QStringLiteral("v3"));
        QVERIFY(history.quarantined(OriginFilter::all(), {}).value().isEmpty());
        api::Quote bad = quote("BRENT", 1, 775.0);
        bad.origin = api::Origin::simulator();
        QCOMPARE(history.appendQuarantined({{bad, {"spike"}, "spike: +900 %", kT0}}).value(), 1);
        QCOMPARE(history.quarantined(OriginFilter::all(), {}).value().size(), 1);
    }

    void quarantinedQuotesAreKeptOncePerAnswerNewestFirst()
    {
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        api::Quote spike = quote("BRENT", 1, 775.0);
        spike.origin = api::Origin::simulator();
        spike.source = QStringLiteral("<b>markup</b>, \"quoted\"");
        api::Quote zero = quote("WTI", 2, 0.0);
        zero.origin = api::Origin::simulator();
        api::Quote other = quote("WTI", 2, -5.0);
        other.origin = api::Origin::forBaseUrl(QUrl(QStringLiteral("https://api.example.com")));
        const storage::QuarantineRecord first {spike, {"spike"}, "spike: +900 %", kT0.addSecs(60)};
        const storage::QuarantineRecord second {
            zero, {"non_positive_price", "out_of_range"}, "non_positive_price: 0", kT0.addSecs(120)};
        const storage::QuarantineRecord third {other, {"non_positive_price"}, "negative", kT0.addSecs(180)};
        QCOMPARE(history.appendQuarantined({first, second, third}).value(), 3);
        // The same rejected answer met by the next poll is not a new row.
        storage::QuarantineRecord again = first;
        again.detectedAt = kT0.addSecs(240);
        QCOMPARE(history.appendQuarantined({again}).value(), 0);

        const auto sim = history.quarantined(OriginFilter::only(api::Origin::simulator()), {});
        QCOMPARE(sim.value().size(), 2);
        QVERIFY(sameRecord(sim.value().at(0), second)); // newest first
        QVERIFY(sameRecord(sim.value().at(1), first)); // text kept as sent, markup and quotes included
        QCOMPARE(history.quarantined(OriginFilter::all(), {"WTI"}).value().size(), 2);
        const auto newest = history.quarantined(OriginFilter::all(), {"BRENT", "WTI"}, 1).value();
        QCOMPARE(newest.size(), 1);
        QVERIFY(sameRecord(newest.constFirst(), third));

        // Retention applies to the quarantine too, by when a quote was caught.
        QVERIFY(history.prune(kT0.addSecs(150)).ok());
        const auto left = history.quarantined(OriginFilter::all(), {}).value();
        QCOMPARE(left.size(), 1);
        QVERIFY(sameRecord(left.constFirst(), third));
    }

    // A file that claims version 2 but whose table cannot be copied is kept aside, never half-migrated.
    void aFailedMigrationMovesTheFileAside()
    {
        QVERIFY(QDir().mkpath(QFileInfo(dbPath()).absolutePath()));
        QVERIFY(rawExec(dbPath(),
            {QStringLiteral("PRAGMA application_id = %1").arg(PriceHistory::kApplicationId),
                "PRAGMA user_version = 2", "CREATE TABLE quotes (code TEXT, note TEXT)",
                "INSERT INTO quotes VALUES ('BRENT', 'keep me')"}));
        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok());
        QVERIFY(opened.value().warning.has_value());
        QVERIFY2(opened.value().warning->message.contains("migration from schema 2 failed"),
            qPrintable(opened.value().warning->message));
        QVariant note;
        QVERIFY(rawExec(opened.value().warning->movedTo, {"SELECT note FROM quotes"}, &note));
        QCOMPARE(note.toString(), QStringLiteral("keep me"));
        QVERIFY(history.append({quote("BRENT", 1)}).ok());
    }

    void ourFileWithAnotherSchemaVersionIsMovedAside()
    {
        {
            PriceHistory history(dbPath(), m_clock);
            QVERIFY(history.open().ok());
        }
        QVERIFY(rawExec(dbPath(), {"PRAGMA user_version = 99"}));
        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok() && opened.value().warning.has_value());
        QCOMPARE(opened.value().warning->reason, RecoveryWarning::Reason::Foreign);
        QVERIFY(QFile::exists(dbPath() + ".foreign-20260101T000000Z"));
    }

    void damagedPagesAreDetected()
    {
        {
            PriceHistory history(dbPath(), m_clock);
            QVERIFY(history.open().ok());
            QList<api::Quote> many;
            for (int i = 0; i < 2000; ++i) {
                many.append(quote("BRENT", i));
            }
            QVERIFY(history.append(many).ok());
        } // the last connection checkpoints the WAL into the main file
        QVERIFY(!QFile::exists(dbPath() + "-wal"));
        testsupport::trashPagesAfterTheFirst(dbPath(), 4);

        PriceHistory history(dbPath(), m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok());
        QVERIFY(opened.value().warning.has_value());
        QCOMPARE(opened.value().warning->reason, RecoveryWarning::Reason::Damaged);
        QVERIFY(QFile::exists(dbPath() + ".corrupt-20260101T000000Z"));
        QCOMPARE(
            history.query(storage::OriginFilter::all(), QStringLiteral("BRENT"), {}, {}).value().size(), 0);
    }

    void pageCacheStaysSmallWhileTheFileGrows()
    {
        // A dashboard appends every price it receives for days: the memory SQLite keeps for the file must
        // not follow its size (by default it keeps up to 2000 KiB of touched pages per connection).
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        for (int batch = 0; batch < 40; ++batch) {
            QList<api::Quote> quotes;
            for (int i = 0; i < 500; ++i) {
                const qint64 minute = qint64(batch) * 500 + i;
                for (const char* code : {"BRENT", "WTI", "NATGAS"})
                    quotes.append(quote(QString::fromLatin1(code), minute, 70.0 + double(i % 97) / 10.0));
            }
            QVERIFY(history.append(quotes).ok());
        }
        QVERIFY2(QFileInfo(dbPath()).size() + QFileInfo(dbPath() + "-wal").size() > 3 * 1024 * 1024,
            "the file must outgrow SQLite's default page cache for this test to mean anything");

        sqlite3* handle = nullptr;
        for (const QString& name : QSqlDatabase::connectionNames()) {
            const QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen() && QFileInfo(db.databaseName()) == QFileInfo(dbPath()))
                handle = *static_cast<sqlite3* const*>(db.driver()->handle().data());
        }
        QVERIFY(handle);
        int used = 0;
        int highWater = 0;
        QCOMPARE(sqlite3_db_status(handle, SQLITE_DBSTATUS_CACHE_USED, &used, &highWater, 0), SQLITE_OK);
        // The bound plus the cache's own bookkeeping (a few hundred bytes a page).
        QVERIFY2(used <= 2 * storage::SqliteFile::kPageCacheKiB * 1024,
            qPrintable(QStringLiteral("page cache holds %1 bytes").arg(used)));
    }

    void instancesHaveTheirOwnConnections()
    {
        const QStringList before = QSqlDatabase::connectionNames();
        {
            PriceHistory a(m_dir.filePath("a/history.db"), m_clock);
            PriceHistory b(m_dir.filePath("b/history.db"), m_clock);
            QVERIFY(a.open().ok());
            QVERIFY(b.open().ok());
            QCOMPARE(QSqlDatabase::connectionNames().size(), before.size() + 2);
            QVERIFY(a.append({quote("A", 1)}).ok());
            QVERIFY(b.append({quote("B", 1)}).ok());
            QCOMPARE(a.codes(OriginFilter::all()).value(), QStringList {"A"});
            QCOMPARE(b.codes(OriginFilter::all()).value(), QStringList {"B"});
        }
        QCOMPARE(QSqlDatabase::connectionNames(), before);
    }

    void instancesOnOtherThreadsShareTheFile()
    {
        {
            PriceHistory history(dbPath(), m_clock);
            QVERIFY(history.open().ok());
        }
        bool ok[2] = {false, false};
        QList<QThread*> threads;
        for (int t = 0; t < 2; ++t) {
            threads.append(QThread::create([this, t, &ok] {
                PriceHistory history(dbPath(), m_clock);
                QList<api::Quote> batch;
                for (int i = 0; i < 50; ++i) {
                    batch.append(quote(QStringLiteral("T%1").arg(t), i));
                }
                ok[t] = history.open().ok() && history.append(batch).value() == 50;
            }));
            threads.last()->start();
        }
        for (QThread* thread : threads) {
            QVERIFY(thread->wait(30'000));
            delete thread;
        }
        QVERIFY(ok[0]);
        QVERIFY(ok[1]);
        PriceHistory history(dbPath(), m_clock);
        QVERIFY(history.open().ok());
        QCOMPARE(history.codes(storage::OriginFilter::all()).value(), (QStringList {"T0", "T1"}));
    }

    void unusableLocationIsAnErrorNotACrash()
    {
        writeFile(m_dir.filePath("blocker"), "a file where a folder should be");
        PriceHistory history(m_dir.filePath("blocker/history.db"), m_clock);
        const auto opened = history.open();
        QVERIFY(!opened.ok());
        QVERIFY(!opened.error().message.isEmpty());
        QVERIFY(!history.isOpen());
        QVERIFY(!history.append({quote("BRENT", 1)}).ok());
    }
};

QTEST_GUILESS_MAIN(TestPriceHistory)
#include "tst_pricehistory.moc"
