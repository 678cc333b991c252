// HistoryBackfill against the built-in simulator over loopback, storing into a real SQLite file: a code with
// no stored history is filled from past_week (every page), a code with history costs no request, and a
// failing code is reported without stopping the others.
#include "feed/historybackfill.h"
#include "feed/quotegate.h"
#include "sim/faultprofile.h"
#include "storage/historystore.h"
#include "support/simstack.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using feed::HistoryBackfill;
using testing::SimStack;

class TestHistoryBackfill : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<sim::SimServer> m_sim;
    QTemporaryDir m_dir;
    int m_files = 0;

    std::unique_ptr<storage::HistoryStore> openStore()
    {
        auto store = std::make_unique<storage::HistoryStore>(
            m_dir.filePath(QStringLiteral("history%1.sqlite").arg(++m_files)), util::SystemClock::instance());
        store->open(nullptr, {});
        return store;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<api::Quote>();
        QVERIFY(m_dir.isValid());
        m_sim = std::make_unique<sim::SimServer>();
        QVERIFY(m_sim->start());
    }
    void init() { m_sim->setFaults({}); }
    void cleanupTestCase() { m_sim.reset(); }

    void aNewCodeIsFilledFromEveryPageOfPastWeek()
    {
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        HistoryBackfill backfill(stack.client, *store, util::SystemClock::instance());
        QSignalSpy ready(&backfill, &HistoryBackfill::historyReady);
        QSignalSpy done(&backfill, &HistoryBackfill::codeDone);
        QSignalSpy finished(&backfill, &HistoryBackfill::finished);
        m_sim->resetStats();
        backfill.run({"WTI_USD"});
        QVERIFY(finished.wait(20'000));
        QVERIFY(!backfill.isRunning());

        QCOMPARE(done.size(), 1);
        const int stored = done.constFirst().at(1).toInt();
        // A week of hourly points (~168) and the minute records of the live walk so far, a page per 100.
        QVERIFY2(stored > 7 * 24 - 2, qPrintable(QString::number(stored)));
        QCOMPARE(m_sim->stats().requestsTotal, quint64((stored + 99) / 100));
        QCOMPARE(ready.size(), 1);
        QCOMPARE(ready.constFirst().at(0).toString(), QString("WTI_USD"));
        const auto series = ready.constFirst().at(1).value<QList<api::Quote>>();
        // The chart gets the last hour of what was stored, not the whole week.
        QVERIFY(!series.isEmpty());
        QVERIFY(series.size() < stored);
        for (int i = 1; i < series.size(); ++i)
            QVERIFY(series.at(i - 1).createdAt < series.at(i).createdAt); // oldest first, no repeats
        QVERIFY(series.constFirst().createdAt
            >= QDateTime::currentDateTimeUtc().addMSecs(-HistoryBackfill::kSeriesSpanMs - 60'000));
    }

    void aCodeWithHistoryCostsNoRequest()
    {
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        HistoryBackfill backfill(stack.client, *store, util::SystemClock::instance());
        QSignalSpy finished(&backfill, &HistoryBackfill::finished);
        backfill.run({"BRENT_CRUDE_USD"});
        QVERIFY(finished.wait(20'000));

        QSignalSpy ready(&backfill, &HistoryBackfill::historyReady);
        QSignalSpy done(&backfill, &HistoryBackfill::codeDone);
        m_sim->resetStats();
        backfill.run({"BRENT_CRUDE_USD"});
        QVERIFY(finished.wait(20'000));
        QCOMPARE(m_sim->stats().requestsTotal, quint64(0));
        QCOMPARE(done.constFirst().at(1).toInt(), 0);
        QVERIFY(!ready.constFirst().at(1).value<QList<api::Quote>>().isEmpty()); // still handed over
    }

    void aLivePriceStoredRightAfterTheStartDoesNotPassForHistory()
    {
        // The dashboard starts the backfill and the feed together: the feed's first price may reach the
        // store before the backfill gets to its code.
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        HistoryBackfill backfill(stack.client, *store, util::SystemClock::instance());
        QSignalSpy done(&backfill, &HistoryBackfill::codeDone);
        QSignalSpy finished(&backfill, &HistoryBackfill::finished);
        backfill.run({"BRENT_CRUDE_USD", "NATURAL_GAS_USD"});
        QVERIFY(backfill.isRunning());
        api::Quote live;
        live.code = "NATURAL_GAS_USD";
        live.price = 3.1;
        live.createdAt = QDateTime::currentDateTimeUtc();
        live.origin = stack.client.config().origin();
        store->append({live});
        QVERIFY(finished.wait(20'000));
        QCOMPARE(done.size(), 2);
        QCOMPARE(done.at(1).at(0).toString(), QString("NATURAL_GAS_USD"));
        QVERIFY2(done.at(1).at(1).toInt() > 100, qPrintable(done.at(1).at(1).toString()));
    }

    // With the dashboard's gate, a page of bad prices is quarantined, never stored: the chart draws none.
    void suspectBackfilledPricesAreQuarantinedNotStored()
    {
        m_sim->setFaultProfile(
            testing::everyAnswer(sim::FaultKind::NegativePrice, QStringLiteral("negative")));

        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        feed::QuoteGate gate(util::SystemClock::instance(), store.get());
        HistoryBackfill backfill(stack.client, *store, util::SystemClock::instance());
        backfill.setGate(&gate);
        QSignalSpy done(&backfill, &HistoryBackfill::codeDone);
        QSignalSpy ready(&backfill, &HistoryBackfill::historyReady);
        QSignalSpy finished(&backfill, &HistoryBackfill::finished);
        backfill.run({"WTI_USD"});
        QVERIFY(finished.wait(20'000));
        m_sim->setFaultProfile({});
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.constFirst().at(1).toInt(), 0); // nothing stored
        QVERIFY(ready.constFirst().at(1).value<QList<api::Quote>>().isEmpty());
        QVERIFY(gate.quarantine().total() > 100); // a week of hourly records, each kept for review

        std::optional<QList<storage::QuarantineRecord>> rows;
        store->quarantined(storage::OriginFilter::all(), {"WTI_USD"}, 5, this,
            [&rows](const storage::StorageResult<QList<storage::QuarantineRecord>>& r) {
                if (r)
                    rows = r.value();
            });
        QTRY_VERIFY_WITH_TIMEOUT(rows.has_value(), 10'000);
        QCOMPARE(rows->size(), 5);
        QVERIFY(rows->constFirst().rules.contains(QStringLiteral("non_positive_price")));
    }

    void aFailingCodeIsReportedAndTheOthersGoOn()
    {
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        HistoryBackfill backfill(stack.client, *store, util::SystemClock::instance());
        QSignalSpy failed(&backfill, &HistoryBackfill::codeFailed);
        QSignalSpy done(&backfill, &HistoryBackfill::codeDone);
        QSignalSpy finished(&backfill, &HistoryBackfill::finished);
        // NOT_A_CODE is refused by the API (invalid_code); the valid code after it is still filled.
        backfill.run({"NOT_A_CODE", "WTI_USD"});
        QVERIFY(finished.wait(20'000));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(failed.constFirst().at(0).toString(), QString("NOT_A_CODE"));
        QVERIFY(!failed.constFirst().at(1).toString().isEmpty());
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.constFirst().at(0).toString(), QString("WTI_USD"));
    }

    void aServerOutageFailsEveryCodeAndStoresNothing()
    {
        auto store = openStore();
        sim::FaultSettings down;
        down.forcedStatus = 500;
        m_sim->setFaults(down);
        SimStack stack(SimStack::configFor(*m_sim));
        HistoryBackfill backfill(stack.client, *store, util::SystemClock::instance());
        QSignalSpy failed(&backfill, &HistoryBackfill::codeFailed);
        QSignalSpy finished(&backfill, &HistoryBackfill::finished);
        backfill.run({"WTI_USD", "BRENT_CRUDE_USD"});
        QVERIFY(finished.wait(20'000));
        QCOMPARE(failed.size(), 2);
        QVERIFY(failed.constFirst().at(1).toString().startsWith("server"));

        std::optional<QStringList> codes;
        store->codes(storage::OriginFilter::all(), this,
            [&codes](const storage::StorageResult<QStringList>& r) { codes = r.value(); });
        QTRY_VERIFY_WITH_TIMEOUT(codes.has_value(), 10'000);
        QVERIFY(codes->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestHistoryBackfill)
#include "tst_historybackfill.moc"
