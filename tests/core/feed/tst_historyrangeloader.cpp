// HistoryRangeLoader against the built-in simulator over loopback, storing into a real SQLite file: a range
// that is not stored is fetched from the narrowest past_* endpoint with dates and an interval, gate-checked,
// stored with the client's origin and read back; a stored range costs no request.
#include "feed/historyrangeloader.h"
#include "feed/quotegate.h"
#include "sim/faultprofile.h"
#include "storage/historystore.h"
#include "support/simstack.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using namespace std::chrono_literals;
using feed::HistoryRangeLoader;
using testing::SimStack;

Q_DECLARE_METATYPE(QList<oilwatch::util::SeriesPoint>)
Q_DECLARE_METATYPE(std::vector<std::size_t>)

class TestHistoryRangeLoader : public QObject
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

    quint64 requestsTo(const QByteArray& path) const
    {
        const auto stats = m_sim->stats();
        const auto it = stats.requestsByPath.find(path);
        return it == stats.requestsByPath.end() ? 0 : it->second;
    }

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<QList<util::SeriesPoint>>();
        qRegisterMetaType<std::vector<std::size_t>>();
        QVERIFY(m_dir.isValid());
        m_sim = std::make_unique<sim::SimServer>();
        QVERIFY(m_sim->start());
    }
    void init() { m_sim->setFaults({}); }
    void cleanupTestCase() { m_sim.reset(); }

    void choosesTheNarrowestWindowAndACoarseEnoughInterval_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<int>("window");
        QTest::addColumn<QString>("interval");
        QTest::addRow("1h") << qint64(3600) << int(api::HistoryWindow::PastDay) << "raw";
        QTest::addRow("1D") << qint64(86400) << int(api::HistoryWindow::PastDay) << "raw";
        QTest::addRow("1W") << qint64(7 * 86400) << int(api::HistoryWindow::PastWeek) << "raw";
        QTest::addRow("1M") << qint64(30 * 86400) << int(api::HistoryWindow::PastMonth) << "hourly";
        QTest::addRow("1Y") << qint64(365 * 86400) << int(api::HistoryWindow::PastYear) << "daily";
    }

    void choosesTheNarrowestWindowAndACoarseEnoughInterval()
    {
        QFETCH(qint64, seconds);
        QFETCH(int, window);
        QFETCH(QString, interval);
        QCOMPARE(int(HistoryRangeLoader::windowFor(std::chrono::seconds(seconds))), window);
        QCOMPARE(HistoryRangeLoader::intervalFor(std::chrono::seconds(seconds)), interval);
    }

    void gapsAreStepsLongerThanTheMinimumAndTheStepBefore()
    {
        // Daily points, then minutes, a 3-hour hole, minutes again.
        QList<util::SeriesPoint> p;
        double x = 0;
        for (int i = 0; i < 3; ++i, x += 86'400'000)
            p.append({x, 1});
        for (int i = 0; i < 5; ++i, x += 60'000)
            p.append({x, 1});
        x += 3 * 3'600'000;
        for (int i = 0; i < 3; ++i, x += 60'000)
            p.append({x, 1});
        // The day-to-minute change of resolution is not a hole; the 3 hours after minutes are.
        QCOMPARE(HistoryRangeLoader::gapStarts(p, 5 * 60'000), (std::vector<std::size_t> {8}));
        // Under a larger minimum, nothing is.
        QVERIFY(HistoryRangeLoader::gapStarts(p, 4 * 3'600'000).empty());
    }

    void anUnstoredRangeIsBackfilledCheckedStoredAndRead()
    {
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        feed::QuoteGate gate(util::SystemClock::instance(), store.get());
        HistoryRangeLoader loader(stack.client, *store, util::SystemClock::instance());
        loader.setGate(&gate);
        QSignalSpy loaded(&loader, &HistoryRangeLoader::seriesLoaded);
        QSignalSpy progress(&loader, &HistoryRangeLoader::progress);
        QSignalSpy failed(&loader, &HistoryRangeLoader::codeFailed);
        QSignalSpy finished(&loader, &HistoryRangeLoader::finished);
        m_sim->resetStats();
        loader.load({"WTI_USD", "BRENT_CRUDE_USD"}, std::chrono::days(365));
        QVERIFY(loader.isLoading());
        QVERIFY(finished.wait(30'000));
        QVERIFY(!loader.isLoading());
        QCOMPARE(failed.size(), 0);
        QCOMPARE(loaded.size(), 2);
        // A year at one point a day: a few pages of past_year per code, not 88 pages of raw records.
        const quint64 yearly = requestsTo("/v1/prices/past_year");
        QVERIFY2(yearly >= 2 && yearly <= 2 * 5, qPrintable(QString::number(yearly)));
        QCOMPARE(m_sim->stats().requestsTotal, yearly);
        const auto points = loaded.constFirst().at(1).value<QList<util::SeriesPoint>>();
        QVERIFY2(points.size() > 300, qPrintable(QString::number(points.size())));
        const double yearAgo = double(QDateTime::currentDateTimeUtc().addDays(-366).toMSecsSinceEpoch());
        QVERIFY(points.first().x >= yearAgo);
        QVERIFY(points.first().x < yearAgo + 3 * 86'400'000.0);
        for (qsizetype i = 1; i < points.size(); ++i)
            QVERIFY(points[i - 1].x < points[i].x);
        // Progress went from 0 to the total, naming the fetch, and moved with the pages of a code, never
        // back.
        constexpr int perCode = HistoryRangeLoader::kStepsPerCode;
        QCOMPARE(progress.constFirst().at(0).toInt(), 0);
        QCOMPARE(progress.constLast().at(0).toInt(), 2 * perCode);
        QCOMPARE(progress.constLast().at(1).toInt(), 2 * perCode);
        bool named = false;
        bool withinACode = false;
        int previous = 0;
        for (const QList<QVariant>& call : progress) {
            const QString what = call.at(2).toString();
            named = named || what.contains(QStringLiteral("Fetching WTI_USD from past_year (code 1 of 2"));
            const int done = call.at(0).toInt();
            withinACode
                = withinACode || (done > 0 && done < perCode && what.contains(QStringLiteral(" of ")));
            QVERIFY2(done >= previous, qPrintable(what));
            previous = done;
        }
        QVERIFY(named);
        QVERIFY(withinACode);

        // Stored with the client's origin: the same range again reads the store only.
        m_sim->resetStats();
        loaded.clear();
        loader.load({"WTI_USD"}, std::chrono::days(365));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(m_sim->stats().requestsTotal, quint64(0));
        QCOMPARE(loaded.constFirst().at(1).value<QList<util::SeriesPoint>>().size(), points.size());
        std::optional<QList<api::Origin>> origins;
        store->storedOrigins(this, [&origins](const storage::StorageResult<QList<api::Origin>>& r) {
            if (r)
                origins = r.value();
        });
        QTRY_VERIFY_WITH_TIMEOUT(origins.has_value(), 10'000);
        QCOMPARE(*origins, QList<api::Origin> {stack.client.config().origin()});
    }

    // "All": back from the oldest stored point a year at a time, until a year comes back empty; once a
    // session.
    void allWalksBackYearByYearUntilTheApiHasNothingOlder()
    {
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        HistoryRangeLoader loader(stack.client, *store, util::SystemClock::instance());
        QSignalSpy loaded(&loader, &HistoryRangeLoader::seriesLoaded);
        QSignalSpy progress(&loader, &HistoryRangeLoader::progress);
        QSignalSpy finished(&loader, &HistoryRangeLoader::finished);
        m_sim->resetStats();
        loader.load({"WTI_USD"}, std::chrono::seconds(0));
        QVERIFY(finished.wait(60'000));
        // The five years the simulator keeps, then one that is empty: a request or a few pages a year.
        const quint64 years = requestsTo("/v1/prices/past_year");
        QVERIFY2(years >= 6, qPrintable(QString::number(years)));
        const auto points = loaded.constFirst().at(1).value<QList<util::SeriesPoint>>();
        const double oldest = points.first().x;
        QVERIFY(oldest < double(QDateTime::currentDateTimeUtc().addYears(-4).toMSecsSinceEpoch()));
        bool yearNamed = false;
        for (const QList<QVariant>& call : progress)
            yearNamed = yearNamed || call.at(2).toString().contains(QStringLiteral(", year 2"));
        QVERIFY(yearNamed);

        m_sim->resetStats();
        loaded.clear();
        loader.load({"WTI_USD"}, std::chrono::seconds(0));
        QVERIFY(finished.wait(10'000));
        QCOMPARE(m_sim->stats().requestsTotal, quint64(0)); // asked once this session
        QCOMPARE(loaded.constFirst().at(1).value<QList<util::SeriesPoint>>().first().x, oldest);
    }

    void suspectPricesAreQuarantinedNotStored()
    {
        m_sim->setFaultProfile(
            testing::everyAnswer(sim::FaultKind::NegativePrice, QStringLiteral("negative")));
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        feed::QuoteGate gate(util::SystemClock::instance(), store.get());
        HistoryRangeLoader loader(stack.client, *store, util::SystemClock::instance());
        loader.setGate(&gate);
        QSignalSpy loaded(&loader, &HistoryRangeLoader::seriesLoaded);
        QSignalSpy finished(&loader, &HistoryRangeLoader::finished);
        loader.load({"WTI_USD"}, std::chrono::days(7));
        QVERIFY(finished.wait(30'000));
        m_sim->setFaultProfile({});
        QVERIFY(loaded.constFirst().at(1).value<QList<util::SeriesPoint>>().isEmpty());
        QVERIFY(gate.quarantine().total() > 100);
    }

    void aFailedFetchStillLoadsWhatIsStoredAndIsAskedOnce()
    {
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        HistoryRangeLoader loader(stack.client, *store, util::SystemClock::instance());
        QSignalSpy loaded(&loader, &HistoryRangeLoader::seriesLoaded);
        QSignalSpy failed(&loader, &HistoryRangeLoader::codeFailed);
        QSignalSpy finished(&loader, &HistoryRangeLoader::finished);
        m_sim->resetStats();
        loader.load({"NOT_A_CODE"}, std::chrono::hours(6));
        QVERIFY(finished.wait(20'000));
        QCOMPARE(failed.size(), 1);
        QCOMPARE(loaded.size(), 1); // empty, but the chart hears it
        // Asking again does not ask the API again this session.
        m_sim->resetStats();
        loader.load({"NOT_A_CODE"}, std::chrono::hours(6));
        QVERIFY(finished.wait(20'000));
        QCOMPARE(failed.size(), 1);
    }

    void aNewLoadAbandonsTheOldOne()
    {
        auto store = openStore();
        SimStack stack(SimStack::configFor(*m_sim));
        HistoryRangeLoader loader(stack.client, *store, util::SystemClock::instance());
        QSignalSpy loaded(&loader, &HistoryRangeLoader::seriesLoaded);
        QSignalSpy finished(&loader, &HistoryRangeLoader::finished);
        loader.load({"WTI_USD", "BRENT_CRUDE_USD"}, std::chrono::days(7));
        loader.load({"NATURAL_GAS_USD"}, std::chrono::hours(1));
        QVERIFY(finished.wait(20'000));
        QTest::qWait(200); // answers to the first load, if any were wrongly kept, would arrive by now
        QCOMPARE(finished.size(), 1);
        QCOMPARE(loaded.size(), 1);
        QCOMPARE(loaded.constFirst().at(0).toString(), QStringLiteral("NATURAL_GAS_USD"));
    }
};

QTEST_GUILESS_MAIN(TestHistoryRangeLoader)
#include "tst_historyrangeloader.moc"
