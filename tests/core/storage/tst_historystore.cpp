// HistoryStore: PriceHistory on a worker thread, on real SQLite files in a throw-away folder. Every answer
// must arrive on the caller's thread, in request order, and never for a context that is gone.
#include "storage/historystore.h"
#include "support/testquotes.h"
#include "util/clock.h"

#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace oilwatch;
using storage::HistoryStore;
using storage::StorageResult;

namespace {

using testing::kT0;
using testing::quote;

// Waits for one answer of a store request.
template <class T> struct Answer
{
    std::optional<StorageResult<T>> result;
    Qt::HANDLE thread = nullptr;

    HistoryStore::Callback<T> callback()
    {
        return [this](const StorageResult<T>& r) {
            result = r;
            thread = QThread::currentThreadId();
        };
    }
    bool wait()
    {
        return QTest::qWaitFor([this] { return result.has_value(); }, 10'000);
    }
};

} // namespace

class TestHistoryStore : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

    bool open(HistoryStore& store)
    {
        Answer<storage::OpenReport> opened;
        store.open(this, opened.callback());
        return opened.wait() && opened.result->ok();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void appendThenQueryAnswersOnTheCallersThreadOldestFirst()
    {
        HistoryStore store(m_dir.filePath("order.sqlite"), util::SystemClock::instance());
        QVERIFY(open(store));
        Answer<int> appended;
        store.append({quote("WTI_USD", 30), quote("WTI_USD", 10), quote("BRENT_CRUDE_USD", 20)}, this,
            appended.callback());
        Answer<QList<api::Quote>> series;
        store.query(storage::OriginFilter::all(), "WTI_USD", {}, {}, this, series.callback());
        QVERIFY(series.wait());
        QVERIFY(appended.result.has_value()); // answers come in request order
        QCOMPARE(appended.result->value(), 3);
        QCOMPARE(appended.thread, QThread::currentThreadId());
        QCOMPARE(series.thread, QThread::currentThreadId());
        QVERIFY(series.result->ok());
        QCOMPARE(series.result->value().size(), 2);
        QCOMPARE(series.result->value().at(0).createdAt, kT0.addSecs(600));
        QCOMPARE(series.result->value().at(1).createdAt, kT0.addSecs(1800));
    }

    void retentionDropsWhatIsOlderThanTheLimit()
    {
        // A year and ten days after kT0: the quote at kT0 is past a year, the one ten days before now is not.
        const util::ManualClock clock(kT0.addDays(375));
        HistoryStore store(m_dir.filePath("retention.sqlite"), clock);
        QVERIFY(open(store));
        store.append({quote("WTI_USD", 0), quote("WTI_USD", 365 * 24 * 60)});
        Answer<int> pruned;
        store.applyRetention(std::chrono::days(365), this, pruned.callback());
        QVERIFY(pruned.wait());
        QVERIFY(pruned.result->ok());
        QCOMPARE(pruned.result->value(), 1);
        Answer<QList<api::Quote>> series;
        store.query(storage::OriginFilter::all(), "WTI_USD", {}, {}, this, series.callback());
        QVERIFY(series.wait());
        QCOMPARE(series.result->value().size(), 1);
        QCOMPARE(series.result->value().constFirst().createdAt, kT0.addDays(365));
    }

    void theSameQuoteIsStoredOnce()
    {
        HistoryStore store(m_dir.filePath("dedup.sqlite"), util::SystemClock::instance());
        QVERIFY(open(store));
        store.append({quote("WTI_USD", 1)});
        Answer<int> again;
        store.append({quote("WTI_USD", 1), quote("WTI_USD", 2)}, this, again.callback());
        QVERIFY(again.wait());
        QCOMPARE(again.result->value(), 1);
    }

    void queryBoundsAndLatest()
    {
        HistoryStore store(m_dir.filePath("bounds.sqlite"), util::SystemClock::instance());
        QVERIFY(open(store));
        store.append({quote("WTI_USD", 0, 1.0), quote("WTI_USD", 60, 2.0), quote("WTI_USD", 120, 3.0)});
        Answer<QList<api::Quote>> middle;
        store.query(storage::OriginFilter::all(), "WTI_USD", kT0.addSecs(1), kT0.addSecs(120 * 60 - 1), this,
            middle.callback());
        Answer<std::optional<api::Quote>> latest;
        store.latest(storage::OriginFilter::all(), "WTI_USD", this, latest.callback());
        Answer<std::optional<api::Quote>> none;
        store.latest(storage::OriginFilter::all(), "NATURAL_GAS_USD", this, none.callback());
        Answer<QStringList> codes;
        store.codes(storage::OriginFilter::all(), this, codes.callback());
        QVERIFY(codes.wait());
        QCOMPARE(middle.result->value().size(), 1);
        QCOMPARE(middle.result->value().constFirst().price, 2.0);
        QCOMPARE(latest.result->value()->price, 3.0);
        QVERIFY(!none.result->value().has_value());
        QCOMPARE(codes.result->value(), QStringList {"WTI_USD"});

        Answer<QList<util::SeriesPoint>> points;
        store.points(storage::OriginFilter::all(), "WTI_USD", kT0.addSecs(1), {}, this, points.callback());
        QVERIFY(points.wait());
        QCOMPARE(points.result->value().size(), 2);
        QCOMPARE(points.result->value()[0].y, 2.0);
        QCOMPARE(points.result->value()[1].x, double(kT0.addSecs(120 * 60).toMSecsSinceEpoch()));
    }

    void requestsMadeBeforeTheOpenAnswersWaitForIt()
    {
        HistoryStore store(m_dir.filePath("early.sqlite"), util::SystemClock::instance());
        store.open(nullptr, {});
        Answer<int> appended;
        store.append({quote("WTI_USD", 5)}, this, appended.callback());
        QVERIFY(appended.wait());
        QVERIFY(appended.result->ok());
        QCOMPARE(appended.result->value(), 1);
    }

    void aStoreThatCannotOpenAnswersEveryRequestWithTheError()
    {
        // A regular file where the folder should be: the database cannot be created.
        const QString blocker = m_dir.filePath("blocker");
        QFile file(blocker);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        HistoryStore store(blocker + "/history.sqlite", util::SystemClock::instance());
        Answer<storage::OpenReport> opened;
        store.open(this, opened.callback());
        Answer<int> appended;
        store.append({quote("WTI_USD", 5)}, this, appended.callback());
        QVERIFY(appended.wait());
        QVERIFY(!opened.result->ok());
        QVERIFY(!appended.result->ok());
        QCOMPARE(appended.result->error().message, opened.result->error().message);
    }

    void aRequestWithoutOpenIsRefused()
    {
        HistoryStore store(m_dir.filePath("never.sqlite"), util::SystemClock::instance());
        Answer<QStringList> codes;
        store.codes(storage::OriginFilter::all(), this, codes.callback());
        QVERIFY(codes.wait());
        QVERIFY(!codes.result->ok());
        QVERIFY(!QFile::exists(m_dir.filePath("never.sqlite")));
    }

    void aDestroyedContextGetsNoAnswer()
    {
        HistoryStore store(m_dir.filePath("context.sqlite"), util::SystemClock::instance());
        QVERIFY(open(store));
        bool answered = false;
        auto context = std::make_unique<QObject>();
        store.append({quote("WTI_USD", 1)}, context.get(),
            [&answered](const StorageResult<int>&) { answered = true; });
        context.reset();
        Answer<QStringList> later; // queued behind the append: once it answered, the append's turn has passed
        store.codes(storage::OriginFilter::all(), this, later.callback());
        QVERIFY(later.wait());
        QCOMPARE(later.result->value(), QStringList {"WTI_USD"}); // the work itself was done
        QVERIFY(!answered);
    }

    void destroyingTheStoreFinishesWhatWasQueued()
    {
        const QString path = m_dir.filePath("shutdown.sqlite");
        {
            HistoryStore store(path, util::SystemClock::instance());
            store.open(nullptr, {});
            QList<api::Quote> many;
            for (int i = 0; i < 500; ++i)
                many << quote("WTI_USD", i);
            store.append(many);
        }
        HistoryStore reopened(path, util::SystemClock::instance());
        QVERIFY(open(reopened));
        Answer<QList<api::Quote>> series;
        reopened.query(storage::OriginFilter::all(), "WTI_USD", {}, {}, this, series.callback());
        QVERIFY(series.wait());
        QCOMPARE(series.result->value().size(), 500);
    }
};

QTEST_GUILESS_MAIN(TestHistoryStore)
#include "tst_historystore.moc"
