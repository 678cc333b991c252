// The Benchmark panel: the settings form's mapping to BenchConfig and validate()'s messages, Start / Stop,
// the live view fed by progress, a finished run's summary, spectrum and histogram, comparing runs, the
// exports, and its place in the main window.
#include "bench/benchreport.h"
#include "bench/benchrun.h"
#include "benchfixtures.h"
#include "benchlivechart.h"
#include "benchpanel.h"
#include "benchrunlistmodel.h"
#include "benchsettingsform.h"
#include "benchsummarymodel.h"
#include "displayformat.h"
#include "latencyhistogramchart.h"
#include "mainwindow.h"
#include "percentilespectrumchart.h"
#include "sim/faultprofile.h"
#include "util/clock.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtCharts/QChart>
#include <QtCharts/QChartView>
#include <QtTest>

using namespace oilwatch;
using bench::BenchConfig;
using bench::LoadModel;
using bench::TargetKind;

namespace {

template <typename T> T* editor(const ui::BenchSettingsForm& form, const char* name)
{
    auto* widget = qobject_cast<T*>(form.field(QString::fromLatin1(name)));
    if (!widget)
        qFatal("no editor %s", name);
    return widget;
}

void selectData(QComboBox* combo, int value)
{
    combo->setCurrentIndex(combo->findData(value));
}

bench::SecondSample second(int index, qint64 requests, qint64 errors, qint64 p99Us)
{
    return {index, requests, errors, p99Us / 4, p99Us / 2, p99Us};
}

// What a long session could pile up in a widget: its QObjects (widgets, models, timers), and for each chart
// the chart's own QObjects (series, axes: children of the QChart, not of the widget) and its scene's graphics
// items.
int liveObjects(const QWidget& root)
{
    int n = int(root.findChildren<QObject*>().size());
    for (const QChartView* view : root.findChildren<QChartView*>()) {
        n += int(view->chart()->findChildren<QObject*>().size());
        n += int(view->scene()->items().size());
    }
    return n;
}

} // namespace

class TestBenchPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formMapsItsEditorsToTheConfig()
    {
        ui::BenchSettingsForm form;
        selectData(editor<QComboBox>(form, "target"), int(TargetKind::Url));
        editor<QLineEdit>(form, "url")->setText(" http://127.0.0.1:9000/v1/prices/latest ");
        selectData(editor<QComboBox>(form, "model"), int(LoadModel::Open));
        editor<QSpinBox>(form, "concurrency")->setValue(32);
        editor<QDoubleSpinBox>(form, "rate")->setValue(250.0);
        editor<QDoubleSpinBox>(form, "duration")->setValue(2.5);
        editor<QDoubleSpinBox>(form, "warmup")->setValue(1.0);
        editor<QDoubleSpinBox>(form, "timeout")->setValue(5.0);
        selectData(editor<QComboBox>(form, "engine"), int(bench::EngineKind::Pipeline));
        editor<QCheckBox>(form, "recordEach")->setChecked(true);
        QVERIFY(!form.config().insecure); // certificates are checked unless asked otherwise
        editor<QCheckBox>(form, "insecure")->setChecked(true);

        const BenchConfig c = form.config();
        QCOMPARE(c.target, TargetKind::Url);
        QCOMPARE(c.url, QUrl("http://127.0.0.1:9000/v1/prices/latest"));
        QCOMPARE(c.model, LoadModel::Open);
        QCOMPARE(c.concurrency, 32);
        QCOMPARE(c.ratePerSec, 250.0);
        QVERIFY(c.duration.has_value());
        QCOMPARE(c.duration->count(), 2500);
        QVERIFY(!c.requestCount.has_value());
        QCOMPARE(c.warmup.count(), 1000);
        QCOMPARE(c.requestTimeout.count(), 5000);
        QCOMPARE(c.engine, bench::EngineKind::Pipeline);
        QVERIFY(c.recordEachRequest);
        QVERIFY(c.insecure);

        // Stopping by count replaces the duration.
        selectData(editor<QComboBox>(form, "stopBy"), 1);
        editor<QSpinBox>(form, "count")->setValue(5000);
        QVERIFY(!form.config().duration.has_value());
        QCOMPARE(form.config().requestCount.value_or(0), 5000);

        // Codes are split on commas and spaces; the round trip through setConfig keeps every setting.
        selectData(editor<QComboBox>(form, "target"), int(TargetKind::Simulator));
        editor<QLineEdit>(form, "codes")->setText("BRENT_CRUDE_USD, WTI_USD  NATURAL_GAS_USD");
        const BenchConfig edited = form.config();
        QCOMPARE(edited.codes, QStringList({"BRENT_CRUDE_USD", "WTI_USD", "NATURAL_GAS_USD"}));
        ui::BenchSettingsForm copy;
        copy.setConfig(edited);
        QCOMPARE(copy.config().toJson(), edited.toJson());
        QCOMPARE(copy.config().codes, edited.codes);
        QCOMPARE(copy.config().requestCount, edited.requestCount);
        QCOMPARE(copy.config().ratePerSec, edited.ratePerSec);
    }

    void fieldsThatDoNotApplyAreDisabled()
    {
        ui::BenchSettingsForm form;
        QVERIFY(!form.field("rate")->isEnabled()); // closed model by default
        QVERIFY(!form.field("url")->isEnabled());
        QVERIFY(form.field("faultProfile")->isEnabled());
        QVERIFY(!form.field("count")->isEnabled());
        QVERIFY(!form.field("insecure")->isEnabled());
        selectData(editor<QComboBox>(form, "model"), int(LoadModel::Open));
        QVERIFY(form.field("rate")->isEnabled());
        selectData(editor<QComboBox>(form, "target"), int(TargetKind::LiveApi));
        QVERIFY(!form.field("faultProfile")->isEnabled());
        selectData(editor<QComboBox>(form, "target"), int(TargetKind::Url));
        QVERIFY(form.field("url")->isEnabled());
        QVERIFY(!form.field("endpoint")->isEnabled());
        QVERIFY(form.field("insecure")->isEnabled());
        // A tick left in the box never reaches the live API, whose certificate is always checked.
        editor<QCheckBox>(form, "insecure")->setChecked(true);
        selectData(editor<QComboBox>(form, "target"), int(TargetKind::LiveApi));
        QVERIFY(!form.field("insecure")->isEnabled());
        QVERIFY(!form.config().insecure);
    }

    void faultProfilesAreTheBuiltInOnes()
    {
        ui::BenchSettingsForm form;
        auto* profiles = editor<QComboBox>(form, "faultProfile");
        QStringList shown;
        for (int i = 0; i < profiles->count(); ++i)
            shown.append(profiles->itemText(i));
        QCOMPARE(shown, sim::FaultProfile::builtinNames());
        QVERIFY(shown.contains("healthy"));
        QCOMPARE(form.config().faultProfile, QString("healthy"));
    }

    void invalidSettingsShowTheValidationMessageAndDisableStart_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addRow("no workers") << "concurrency";
        QTest::addRow("open model without a rate") << "rate";
        QTest::addRow("zero duration") << "duration";
        QTest::addRow("not a URL") << "url";
    }

    void invalidSettingsShowTheValidationMessageAndDisableStart()
    {
        QFETCH(QString, field);
        ui::BenchPanel panel;
        panel.show();
        ui::BenchSettingsForm& form = *panel.settingsForm();
        QVERIFY(form.isValid());
        QVERIFY(panel.startButton()->isEnabled());
        QVERIFY(!panel.stopButton()->isEnabled());

        if (field == "concurrency")
            editor<QSpinBox>(form, "concurrency")->setValue(0);
        else if (field == "rate")
            selectData(editor<QComboBox>(form, "model"), int(LoadModel::Open));
        else if (field == "duration")
            editor<QDoubleSpinBox>(form, "duration")->setValue(0.0);
        else {
            selectData(editor<QComboBox>(form, "target"), int(TargetKind::Url));
            editor<QLineEdit>(form, "url")->setText("ftp//nowhere");
        }

        const std::optional<QString> expected = form.config().validate();
        QVERIFY(expected.has_value());
        QVERIFY(!form.isValid());
        QCOMPARE(form.validationMessage(), expected);
        QVERIFY2(form.validationText().contains(*expected), qPrintable(form.validationText()));
        QVERIFY(form.findChild<QLabel*>("benchValidation")->isVisible());
        QVERIFY(!panel.startButton()->isEnabled());
        // Clicking the disabled button, or calling start(), starts nothing.
        QTest::mouseClick(panel.startButton(), Qt::LeftButton);
        panel.start();
        QVERIFY(!panel.isRunning());

        form.setConfig(BenchConfig {});
        QVERIFY(form.isValid());
        QVERIFY(!form.findChild<QLabel*>("benchValidation")->isVisible());
        QVERIFY(panel.startButton()->isEnabled());
    }

    void liveTargetWarnsAboutTheQuotaWithThePlannedRequests()
    {
        ui::BenchPanel panel;
        ui::BenchSettingsForm& form = *panel.settingsForm();
        QCOMPARE(form.quotaText(), QString()); // the simulator costs nothing

        selectData(editor<QComboBox>(form, "target"), int(TargetKind::LiveApi));
        // Without a key a live run cannot validate, so it cannot start.
        QVERIFY(!form.isValid());
        QVERIFY(!panel.startButton()->isEnabled());
        panel.setApiKey("test-key-not-real");
        QVERIFY(form.isValid());
        QVERIFY(panel.startButton()->isEnabled());
        QVERIFY(form.quotaText().contains("counts against your quota"));

        selectData(editor<QComboBox>(form, "stopBy"), 1);
        editor<QSpinBox>(form, "count")->setValue(1500);
        const qint64 planned = form.config().plannedRequests();
        QVERIFY(planned > 0);
        QVERIFY2(
            form.quotaText().contains(QString("will make %1 requests").arg(ui::formatNumber(planned, 0))),
            qPrintable(form.quotaText()));
        // The key is never shown anywhere in the form.
        for (const QLineEdit* edit : form.findChildren<QLineEdit*>())
            QVERIFY(!edit->text().contains("test-key-not-real"));
        QVERIFY(!form.quotaText().contains("test-key-not-real"));
    }

    void progressAppendsToTheLiveView()
    {
        ui::BenchPanel panel;
        panel.show();
        bench::BenchProgress p;
        p.elapsedMs = 2000;
        p.totalMs = 10'000;
        p.completed = 2100;
        p.errors = 4;
        p.newSeconds = {second(0, 1000, 1, 4000), second(1, 1100, 3, 5000)};
        panel.onProgress(p);
        QCOMPARE(panel.liveChart()->secondCount(), 2);
        QCOMPARE(panel.progressBar()->value(), panel.progressBar()->maximum() / 5);
        QCOMPARE(panel.phaseText(), QString("Measuring · 8 s left"));
        QVERIFY2(panel.liveNumbersText().contains("4 errors"), qPrintable(panel.liveNumbersText()));
        QVERIFY2(panel.liveNumbersText().contains("1,100 req/s"), qPrintable(panel.liveNumbersText()));
        QVERIFY2(panel.liveNumbersText().contains("p99 5.00 ms"), qPrintable(panel.liveNumbersText()));

        // Redrawn on the refresh timer, not once per progress.
        QVERIFY(panel.liveChart()->refreshPending());
        QTRY_COMPARE(panel.liveChart()->drawnPointCount(), 2);

        p.elapsedMs = 3000;
        p.newSeconds = {second(2, 900, 0, 4500)};
        panel.onProgress(p);
        QTRY_COMPARE(panel.liveChart()->drawnPointCount(), 3);

        // A run bounded by a request count estimates the time left from its pace.
        p.totalMs = -1;
        p.newSeconds.clear();
        p.elapsedMs = 4000;
        p.completed = 2000;
        BenchConfig byCount;
        byCount.duration.reset();
        byCount.requestCount = 8000;
        panel.settingsForm()->setConfig(byCount);
        panel.onProgress(p);
        QCOMPARE(panel.phaseText(), QString("Measuring · 12 s left"));
        QCOMPARE(panel.progressBar()->value(), panel.progressBar()->maximum() / 4);
    }

    void finishedRunFillsSummarySpectrumAndHistogram()
    {
        ui::BenchPanel panel;
        panel.show();
        const bench::BenchResult r = testing::syntheticResult(2000);
        panel.onFinished(r);

        QCOMPARE(panel.runs()->rowCount(), 1);
        QCOMPARE(panel.selectedRun(), 0);
        QCOMPARE(panel.views()->currentWidget(), panel.spectrumChart());

        ui::BenchSummaryModel& summary = *panel.summary();
        QCOMPARE(summary.value("Completed"), QString("2,007"));
        QCOMPARE(summary.value("Errors"), QString("7"));
        QCOMPARE(summary.value("Errors: timeout"), QString("5"));
        QCOMPARE(summary.value("Errors: http_5xx"), QString("2"));
        QCOMPARE(summary.value("Retries"), QString("3"));
        QCOMPARE(summary.value("Breaker trips"), QString("1"));
        QCOMPARE(summary.value("Late"), QString("0"));
        QCOMPARE(summary.value("Throughput"), QString("200.7 req/s"));
        for (const auto& [name, percentile] :
            {std::pair {"p50", 50.0}, {"p95", 95.0}, {"p99", 99.0}, {"p99.9", 99.9}, {"p99.99", 99.99}})
            QCOMPARE(
                summary.value(name), ui::formatLatencyUs(double(r.success.valueAtPercentile(percentile))));
        QCOMPARE(summary.value("Min"), ui::formatLatencyUs(double(r.success.minUs())));
        QCOMPARE(summary.value("Max"), ui::formatLatencyUs(double(r.success.maxUs())));
        QCOMPARE(summary.value("Mean"), ui::formatLatencyUs(r.success.meanUs()));
        QCOMPARE(summary.value("Stddev"), ui::formatLatencyUs(r.success.stddevUs()));

        QCOMPARE(panel.spectrumChart()->seriesCount(), 1);
        QCOMPARE(panel.spectrumChart()->seriesNames(), QStringList {panel.runs()->label(0)});
        // 2000 values reach past 99.9 %: the axis shows that decade.
        QVERIFY(panel.spectrumChart()->decades() >= 3);
        QVERIFY(panel.spectrumChart()->xTickLabels().contains("99.9%"));
        QVERIFY(panel.spectrumChart()->yMaxMs() >= r.success.maxUs() / 1000.0);

        QCOMPARE(panel.histogramChart()->binCount(), ui::LatencyHistogramChart::kDefaultBins);
        QCOMPARE(panel.histogramChart()->totalCount(), r.success.count());
        QVERIFY(panel.histogramChart()->xMaxMs() >= r.success.maxUs() / 1000.0);

        // The live view shows the finished run's whole series.
        QCOMPARE(panel.liveChart()->secondCount(), int(r.series.size()));
        QVERIFY(panel.statusText().contains("2,007 requests"));
    }

    void overlayingTwoRunsDrawsTwoCurves()
    {
        ui::BenchPanel panel;
        panel.onFinished(testing::syntheticResult(2000));
        panel.onFinished(testing::syntheticResult(6000));
        QCOMPARE(panel.runs()->rowCount(), 2);
        QCOMPARE(panel.spectrumChart()->seriesCount(), 2);
        QCOMPARE(panel.spectrumChart()->seriesNames(),
            QStringList({panel.runs()->label(0), panel.runs()->label(1)}));
        QVERIFY(panel.runs()->colour(0) != panel.runs()->colour(1));
        QCOMPARE(panel.selectedRun(), 1);
        // The legend names each run in its colour.
        for (int row : {0, 1}) {
            QVERIFY(panel.spectrumChart()->legendText().contains(panel.runs()->label(row).toHtmlEscaped()));
            QVERIFY(panel.spectrumChart()->legendText().contains(panel.runs()->colour(row).name()));
        }

        panel.runs()->setData(panel.runs()->index(0), Qt::Unchecked, Qt::CheckStateRole);
        QCOMPARE(panel.spectrumChart()->seriesCount(), 1);
        QCOMPARE(panel.spectrumChart()->seriesNames(), QStringList {panel.runs()->label(1)});

        // A fifth overlay is refused, and the panel says why.
        panel.runs()->setOverlaid(0, true);
        for (int i = 0; i < 3; ++i)
            panel.onFinished(testing::syntheticResult(1000 * (i + 1)));
        QCOMPARE(panel.runs()->overlaidRows().size(), ui::BenchRunListModel::kMaxOverlaid);
        QVERIFY(panel.statusText().contains("not on the spectrum"));
        QVERIFY(!panel.runs()->setData(panel.runs()->index(4), Qt::Checked, Qt::CheckStateRole));
        QCOMPARE(panel.spectrumChart()->seriesCount(), ui::BenchRunListModel::kMaxOverlaid);
        QVERIFY(panel.statusText().contains("At most 4 runs"));
    }

    void exportsWriteTheReportBytes_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("name");
        QTest::addRow("summary csv") << int(ui::BenchExport::SummaryCsv) << "summary.csv";
        QTest::addRow("summary json") << int(ui::BenchExport::SummaryJson) << "summary.json";
        QTest::addRow("series csv") << int(ui::BenchExport::SeriesCsv) << "seconds.csv";
        QTest::addRow("requests csv") << int(ui::BenchExport::RequestsCsv) << "requests.csv";
        QTest::addRow("hgrm") << int(ui::BenchExport::Hgrm) << "run.hgrm";
    }

    void exportsWriteTheReportBytes()
    {
        QFETCH(int, kind);
        QFETCH(QString, name);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ui::BenchPanel panel;
        const bench::BenchResult r = testing::syntheticResult(2000, 10, true);
        panel.onFinished(r);
        QSignalSpy done(&panel, &ui::BenchPanel::exportFinished);
        const QString path = dir.filePath(name);
        panel.exportTo(ui::BenchExport(kind), path);
        QVERIFY(done.wait(10'000));
        QCOMPARE(done.at(0).at(0).toString(), path);
        QCOMPARE(done.at(0).at(1).toString(), QString());
        QVERIFY2(panel.statusText().startsWith("Saved"), qPrintable(panel.statusText()));

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray expected;
        switch (ui::BenchExport(kind)) {
        case ui::BenchExport::SummaryCsv:
            expected = bench::report::summaryCsv(r);
            break;
        case ui::BenchExport::SummaryJson:
            expected = bench::report::summaryJson(r);
            break;
        case ui::BenchExport::SeriesCsv:
            expected = bench::report::seriesCsv(r);
            break;
        case ui::BenchExport::RequestsCsv:
            expected = bench::report::requestsCsv(r);
            break;
        case ui::BenchExport::Hgrm:
            expected = bench::report::hgrm(r.success);
            break;
        }
        QVERIFY(!expected.isEmpty());
        QCOMPARE(file.readAll(), expected);
    }

    void chartsExportAsPng()
    {
        QTemporaryDir dir;
        ui::BenchPanel panel;
        panel.resize(1100, 560);
        panel.show();
        panel.onFinished(testing::syntheticResult(2000));
        QSignalSpy done(&panel, &ui::BenchPanel::exportFinished);
        const std::pair<ui::BenchChart, QString> charts[] = {{ui::BenchChart::Live, "live.png"},
            {ui::BenchChart::Spectrum, "spectrum.png"}, {ui::BenchChart::Histogram, "histogram.png"}};
        for (const auto& [chart, name] : charts)
            panel.exportChart(chart, dir.filePath(name));
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 3, 10'000);
        for (const auto& [chart, name] : charts) {
            const QImage image(dir.filePath(name));
            QVERIFY2(!image.isNull(), qPrintable(name));
            QVERIFY(image.width() > 200 && image.height() > 150);
        }
    }

    void exportErrorsAreShownNotSwallowed()
    {
        QTemporaryDir dir;
        ui::BenchPanel panel;
        QSignalSpy done(&panel, &ui::BenchPanel::exportFinished);

        // Nothing selected yet.
        panel.exportTo(ui::BenchExport::SummaryCsv, dir.filePath("none.csv"));
        QCOMPARE(done.count(), 1);
        QVERIFY2(panel.statusText().contains("no run is selected"), qPrintable(panel.statusText()));

        // A run that did not keep its requests has no per-request CSV.
        panel.onFinished(testing::syntheticResult(2000, 10, false));
        panel.exportTo(ui::BenchExport::RequestsCsv, dir.filePath("requests.csv"));
        QVERIFY(done.wait(10'000));
        QVERIFY(!done.last().at(1).toString().isEmpty());
        QVERIFY2(panel.statusText().contains("did not keep every request"), qPrintable(panel.statusText()));
        QVERIFY(!QFile::exists(dir.filePath("requests.csv")));

        // A folder that does not exist.
        const QString unwritable = dir.filePath("missing/folder/summary.csv");
        panel.exportTo(ui::BenchExport::SummaryCsv, unwritable);
        QVERIFY(done.wait(10'000));
        QCOMPARE(done.last().at(0).toString(), unwritable);
        QVERIFY(!done.last().at(1).toString().isEmpty());
        QVERIFY2(panel.statusText().startsWith("⚠ Export failed"), qPrintable(panel.statusText()));
    }

    void startRunsUntilFinishedAndStopEndsEarly()
    {
        ui::BenchPanel panel;
        panel.show();
        BenchConfig c;
        c.concurrency = 2;
        c.duration = std::chrono::seconds(1);
        panel.settingsForm()->setConfig(c);
        QVERIFY(panel.startButton()->isEnabled());

        QTest::mouseClick(panel.startButton(), Qt::LeftButton);
        QVERIFY(panel.isRunning());
        QVERIFY(!panel.startButton()->isEnabled());
        QVERIFY(panel.stopButton()->isEnabled());
        QVERIFY(!panel.settingsForm()->field("concurrency")->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(panel.runs()->rowCount(), 1, 20'000);
        QVERIFY(!panel.isRunning());
        QVERIFY(panel.startButton()->isEnabled());
        QVERIFY(!panel.stopButton()->isEnabled());
        QCOMPARE(panel.phaseText(), QString("Finished"));
        QCOMPARE(panel.runs()->result(0)->config.concurrency, 2);

        c.duration = std::chrono::seconds(60);
        panel.settingsForm()->setConfig(c);
        QTest::mouseClick(panel.startButton(), Qt::LeftButton);
        QVERIFY(panel.isRunning());
        QTest::mouseClick(panel.stopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(panel.runs()->rowCount(), 2, 20'000);
        QVERIFY(panel.runs()->result(1)->measuredMs < 60'000);
    }

    void failedRunIsReported()
    {
        ui::BenchPanel panel;
        panel.onFailed("the simulator could not listen");
        QVERIFY(panel.statusText().contains("could not start: the simulator could not listen"));
        QVERIFY(!panel.isRunning());
        QVERIFY(panel.startButton()->isEnabled());
    }

    void longSessionKeepsItsObjectCountFlat()
    {
        // Many runs and many redraws in one window. Once the run list is full (kCapacity), each new run
        // replaces the oldest, so nothing may grow: LeakSanitizer (the asan preset) finds objects nobody
        // owns, this finds objects that are owned but pile up (series, axes, scene items, timers).
        ui::BenchPanel panel;
        panel.show();
        int made = 0;
        auto runs = [&](int count) {
            for (int i = 0; i < count; ++i, ++made) {
                bench::BenchProgress p;
                p.totalMs = 10'000;
                for (int s = 0; s < 4; ++s) {
                    p.elapsedMs = (s + 1) * 1000;
                    p.completed = 1000 * (s + 1);
                    p.newSeconds = {second(s, 1000 + made, made % 3, 4000 + 97 * (made % 11))};
                    panel.onProgress(p);
                }
                panel.onFinished(testing::syntheticResult(1000 + 37 * (made % 50)));
                // Selecting an older run redraws the histogram and summary; ticking one redraws the spectrum.
                panel.selectRun(made % panel.runs()->rowCount());
                panel.runs()->setOverlaid(made % panel.runs()->rowCount(), made % 2 == 0);
                (void)panel.grab(); // paints every chart
            }
        };
        // The same visible state at both counts: the last four runs ticked, the last selected, no redraw due.
        auto settledCount = [&] {
            const int rows = panel.runs()->rowCount();
            for (int row = 0; row < rows; ++row)
                panel.runs()->setOverlaid(row, false);
            for (int row = rows - ui::BenchRunListModel::kMaxOverlaid; row < rows; ++row)
                panel.runs()->setOverlaid(row, true);
            panel.selectRun(rows - 1);
            panel.liveChart()->setSeconds(panel.runs()->result(rows - 1)->series);
            QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
            (void)panel.grab();
            return liveObjects(panel);
        };

        runs(ui::BenchRunListModel::kCapacity + 5);
        QCOMPARE(panel.runs()->rowCount(), ui::BenchRunListModel::kCapacity);
        const int before = settledCount();
        runs(60);
        QCOMPARE(panel.runs()->rowCount(), ui::BenchRunListModel::kCapacity);
        QCOMPARE(settledCount(), before);
    }

    void mainWindowHasABenchmarkTab()
    {
        util::ManualClock clock;
        ui::MainWindow window({"WTI_USD"}, {true, {}}, clock);
        auto* views = window.findChild<QTabWidget*>("views");
        QVERIFY(views);
        QCOMPARE(views->tabText(views->indexOf(window.benchPanel())), QString("Benchmark"));
        QCOMPARE(views->currentIndex(), 0); // the dashboard stays what the window opens on
        auto* action = window.findChild<QAction*>("actionViewBenchmark");
        QVERIFY(action);
        action->trigger();
        QCOMPARE(views->currentWidget(), window.benchPanel());
        window.showChart();
        QCOMPARE(views->currentIndex(), 0);
        window.showBenchmark();
        QCOMPARE(views->currentWidget(), window.benchPanel());
    }
};

QTEST_MAIN(TestBenchPanel)
#include "tst_benchpanel.moc"
