// The benchmark panel's models: the session's run list (overlay check boxes, colours, capacity) and a run's
// summary table. Both run under QAbstractItemModelTester.
#include "benchfixtures.h"
#include "benchrunlistmodel.h"
#include "benchsummarymodel.h"
#include "displayformat.h"

#include <QAbstractItemModelTester>
#include <QSet>
#include <QtTest>

using namespace oilwatch;
using ui::BenchRunListModel;

class TestBenchModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsAreOverlaidUpToFourInDistinctColours()
    {
        BenchRunListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy limit(&model, &BenchRunListModel::overlayLimitReached);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(model.addRun(testing::syntheticResult(1000 * (i + 1))), i);
        QCOMPARE(model.overlaidRows(), QList<int>({0, 1, 2, 3}));
        QVERIFY(!model.isOverlaid(4));
        QCOMPARE(model.data(model.index(4), Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QVERIFY(!model.data(model.index(4), Qt::DecorationRole).isValid());

        QVERIFY(!model.setData(model.index(4), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(limit.count(), 1);

        QSet<QRgb> colours;
        for (int row : model.overlaidRows())
            colours.insert(model.colour(row).rgb());
        QCOMPARE(colours.size(), 4);

        // Unticking one frees a place; the newcomer gets a colour none of the others has.
        QVERIFY(model.setData(model.index(1), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(model.setData(model.index(4), Qt::Checked, Qt::CheckStateRole));
        colours.clear();
        for (int row : model.overlaidRows())
            colours.insert(model.colour(row).rgb());
        QCOMPARE(colours.size(), 4);
        QCOMPARE(model.data(model.index(4), Qt::DecorationRole).value<QColor>(), model.colour(4));
        QVERIFY(model.flags(model.index(0)).testFlag(Qt::ItemIsUserCheckable));
    }

    void labelsNameTheRunAndTheLoad()
    {
        bench::BenchResult r = testing::syntheticResult();
        r.config.faultProfile = "latency";
        r.config.engine = bench::EngineKind::Raw;
        const QString sim = BenchRunListModel::runLabel(3, r);
        QVERIFY2(sim.startsWith("#3 sim latency · raw · closed ×8 · "), qPrintable(sim));
        r.config.model = bench::LoadModel::Open;
        r.config.ratePerSec = 500;
        r.config.target = bench::TargetKind::LiveApi;
        r.stoppedEarly = true;
        const QString label = BenchRunListModel::runLabel(4, r);
        QVERIFY2(label.startsWith("#4 live · raw · open 500/s"), qPrintable(label));
        QVERIFY(label.endsWith("(stopped)"));
    }

    void oldestUntickedRunsGoBeyondTheCapacity()
    {
        BenchRunListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 0; i < BenchRunListModel::kCapacity + 3; ++i)
            model.addRun(testing::syntheticResult(1000 + i));
        QCOMPARE(model.rowCount(), BenchRunListModel::kCapacity);
        // The four overlaid runs (the first four) stay; the oldest unticked ones went.
        QCOMPARE(model.overlaidRows(), QList<int>({0, 1, 2, 3}));
        QVERIFY(model.label(0).startsWith("#1 "));
        QVERIFY(model.label(4).startsWith("#8 "));
        QVERIFY(model.label(model.rowCount() - 1)
                    .startsWith(QString("#%1 ").arg(BenchRunListModel::kCapacity + 3)));
    }

    void summaryListsEveryMetric()
    {
        ui::BenchSummaryModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        const bench::BenchResult r = testing::syntheticResult(2000);
        model.setResult(r);
        for (const char* metric : {"Completed", "Throughput", "Errors", "Errors: timeout", "Errors: http_5xx",
                 "Min", "Mean", "Stddev", "Max", "p50", "p90", "p95", "p99", "p99.9", "p99.99", "Retries",
                 "Breaker trips", "Late", "Measured"})
            QVERIFY2(!model.value(metric).isEmpty(), metric);
        QCOMPARE(model.value("p90"), ui::formatLatencyUs(double(r.success.valueAtPercentile(90))));
        QCOMPARE(model.value("Measured"), QString("10 s"));
        QCOMPARE(model.columnCount(), 2);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QString("Metric"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void latencyAndDurationFormats()
    {
        QCOMPARE(ui::formatLatencyUs(840), QString("840 µs"));
        QCOMPARE(ui::formatLatencyUs(1254), QString("1.25 ms"));
        QCOMPARE(ui::formatLatencyUs(12'340), QString("12.3 ms"));
        QCOMPARE(ui::formatLatencyUs(2'500'000), QString("2.50 s"));
        QCOMPARE(ui::formatDurationMs(0), QString("0 s"));
        QCOMPARE(ui::formatDurationMs(1), QString("1 s"));
        QCOMPARE(ui::formatDurationMs(185'000), QString("3 min 05 s"));
        QCOMPARE(ui::formatDurationMs(3'720'000), QString("1 h 02 min"));
    }
};

QTEST_MAIN(TestBenchModels)
#include "tst_benchmodels.moc"
