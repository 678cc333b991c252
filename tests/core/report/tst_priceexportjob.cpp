// PriceExportJob end to end: gaps found in a real SQLite file, filled from the built-in simulator's past_*
// over loopback through the gate into the store, then written on a worker thread into a file committed only
// when complete.
#include "feed/quotegate.h"
#include "report/priceexportjob.h"
#include "storage/historystore.h"
#include "support/simstack.h"
#include "support/strictcsv.h"
#include "support/testquotes.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::report;
using testing::SimStack;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestPriceExportJob : public QObject
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
        QVERIFY(m_dir.isValid());
        m_sim = std::make_unique<sim::SimServer>();
        QVERIFY(m_sim->start());
    }
    void cleanupTestCase() { m_sim.reset(); }

    void gapsAreBackfilledThroughTheGateThenWritten()
    {
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        feed::QuoteGate gate(util::SystemClock::instance(), store.get());
        PriceExportRequest request;
        request.codes = {"WTI_USD"};
        request.from = QDateTime::currentDateTimeUtc().addDays(-2);
        request.origins = storage::OriginFilter::only(stack.client.config().origin());
        request.resolution = Resolution::Hour;
        const QString out = m_dir.filePath("wti.csv");
        PriceExportJob job(request, out, {},
            {store->path(), &util::SystemClock::instance(), store.get(), &stack.client, &gate});
        QSignalSpy stages(&job, &PriceExportJob::stageChanged);
        QSignalSpy backfilled(&job, &PriceExportJob::backfilled);
        QSignalSpy finished(&job, &PriceExportJob::finished);
        QStringList warnings;
        connect(&job, &PriceExportJob::warning, this, [&](const QString& w) { warnings << w; });
        m_sim->resetStats();
        job.start();
        QVERIFY(finished.wait(30'000));
        const auto outcome = finished.constFirst().at(0).value<ExportOutcome>();
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QVERIFY(!outcome.cancelled);
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
        QCOMPARE(backfilled.size(), 1);
        QVERIFY(backfilled.constFirst().at(1).toInt() > 0);
        QVERIFY(m_sim->stats().requestsTotal > 0);
        QCOMPARE(
            stages.constFirst().at(0).value<PriceExportJob::Stage>(), PriceExportJob::Stage::FindingGaps);
        QCOMPARE(stages.constLast().at(0).value<PriceExportJob::Stage>(), PriceExportJob::Stage::Writing);
        const auto csv = testing::parseStrictCsv(readAll(out));
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(qint64(csv.rows.size()), outcome.rows);
        QVERIFY(csv.rows.size() >= 24); // two days of hour bars, whatever the sim's spacing
        QCOMPARE(csv.cell(0, "origin"), stack.client.config().origin().id());

        // Now the store holds those days: a second export costs no request.
        m_sim->resetStats();
        PriceExportJob again(request, out, {},
            {store->path(), &util::SystemClock::instance(), store.get(), &stack.client, &gate});
        QSignalSpy againFinished(&again, &PriceExportJob::finished);
        again.start();
        QVERIFY(againFinished.wait(30'000));
        QCOMPARE(m_sim->stats().requestsTotal, quint64(0));
    }

    void withoutAClientOnlyTheStoreIsRead()
    {
        auto store = openStore();
        QList<api::Quote> quotes;
        for (int i = 0; i < 10; ++i)
            quotes << testing::quote("BRENT_CRUDE_USD", i, 80 + i);
        store->append(quotes);
        PriceExportRequest request;
        request.codes = {"BRENT_CRUDE_USD"};
        request.from = testing::kT0;
        const QString out = m_dir.filePath("brent.csv");
        PriceExportJob job(
            request, out, {true}, {store->path(), &util::SystemClock::instance(), store.get()});
        QSignalSpy finished(&job, &PriceExportJob::finished);
        // The append is queued on the store before start(): the job waits for the store, so it reads it.
        job.start();
        QVERIFY(finished.wait(10'000));
        const auto outcome = finished.constFirst().at(0).value<ExportOutcome>();
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        const auto csv = testing::parseStrictCsv(readAll(out), testing::Bom::Required);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.rows.size(), 10);
    }

    void cancelLeavesNoFile()
    {
        auto store = openStore();
        QList<api::Quote> quotes;
        for (int i = 0; i < 60 * 24 * 30; ++i) // a month of minutes: many slices
            quotes << testing::quote("BRENT_CRUDE_USD", i, 80);
        bool done = false;
        store->append(quotes, this, [&](const storage::StorageResult<int>&) { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20'000);
        PriceExportRequest request;
        request.codes = {"BRENT_CRUDE_USD"};
        const QString out = m_dir.filePath("cancelled.csv");
        PriceExportJob job(request, out, {}, {store->path(), &util::SystemClock::instance()});
        QSignalSpy progress(&job, &PriceExportJob::progress);
        QSignalSpy finished(&job, &PriceExportJob::finished);
        job.start();
        QVERIFY(progress.wait(10'000));
        job.cancel();
        QVERIFY(finished.wait(10'000));
        QVERIFY(finished.constFirst().at(0).value<ExportOutcome>().cancelled);
        QVERIFY(!QFile::exists(out));
        const QStringList left = QDir(m_dir.path()).entryList({"cancelled*"}, QDir::Files | QDir::Hidden);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(',')));
    }

    void anUnwritablePathIsAnError()
    {
        auto store = openStore();
        PriceExportRequest request;
        request.codes = {"BRENT_CRUDE_USD"};
        PriceExportJob job(request, m_dir.filePath("no/such/folder/x.csv"), {},
            {store->path(), &util::SystemClock::instance()});
        QSignalSpy finished(&job, &PriceExportJob::finished);
        job.start();
        QVERIFY(finished.wait(10'000));
        const auto outcome = finished.constFirst().at(0).value<ExportOutcome>();
        QVERIFY(outcome.error.contains("no/such/folder/x.csv"));
    }

    void windowsFollowTheSpan()
    {
        const QDate d(2026, 3, 1);
        QCOMPARE(PriceExportJob::windowFor(d, d), api::HistoryWindow::PastDay);
        QCOMPARE(PriceExportJob::windowFor(d, d.addDays(7)), api::HistoryWindow::PastWeek);
        QCOMPARE(PriceExportJob::windowFor(d, d.addDays(30)), api::HistoryWindow::PastMonth);
        QCOMPARE(PriceExportJob::windowFor(d, d.addDays(31)), api::HistoryWindow::PastYear);
    }
};

QTEST_GUILESS_MAIN(TestPriceExportJob)
#include "tst_priceexportjob.moc"
