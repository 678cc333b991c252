// The status bar's breaker view on a real ResilientTransport: failures really open the breaker, a manual
// clock drives the countdown, the half-open transition and the retry window.
#include "breakermonitor.h"
#include "breakerstatuswidget.h"
#include "mainwindow.h"
#include "pendingtransport.h"
#include "resilience/resilienttransport.h"
#include "resiliencepanel.h"
#include "theme.h"
#include "util/clock.h"
#include "util/randomsource.h"
#include "util/timer.h"

#include <QAction>
#include <QLabel>
#include <QTabWidget>
#include <QtTest>

using namespace oilwatch;
using namespace oilwatch::resilience;

namespace {

const QString kHost = QStringLiteral("api.example.test");

using Rig = testing::PipelineRig;

ResilienceSettings noRetries()
{
    ResilienceSettings settings;
    settings.retry.maxAttempts = 1;
    return settings;
}

} // namespace

class TestBreakerStatus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void closedBreakerIsGreenAndShowsLoad()
    {
        Rig rig(noRetries());
        ui::BreakerMonitor monitor(rig.pipeline, kHost, rig.clock);
        ui::BreakerStatusWidget status(monitor);
        QCOMPARE(status.stateText(), QString("● api.example.test: closed"));
        QCOMPARE(status.stateColour(), ui::upColour(status.palette()));
        QCOMPARE(status.loadText(), QString("In flight 0 · waiting 0"));

        rig.send(3);
        QCOMPARE(status.loadText(), QString("In flight 3 · waiting 0"));
        rig.network.answerAll(200);
        monitor.refresh(); // finishing sends no event: the window's one-second tick picks it up
        QCOMPARE(status.loadText(), QString("In flight 0 · waiting 0"));
    }

    void waitingCountsComeFromTheLimiter()
    {
        ResilienceSettings settings = noRetries();
        settings.limiter.maxInFlight = 2;
        Rig rig(settings);
        ui::BreakerMonitor monitor(rig.pipeline, kHost, rig.clock);
        ui::BreakerStatusWidget status(monitor);
        rig.send(5);
        monitor.refresh(); // queueing sends no event; the one-second tick shows it
        QCOMPARE(status.loadText(), QString("In flight 2 · waiting 3"));
        rig.network.answerAll(200); // two slots free up: two waiting requests start, with an event each
        QCOMPARE(status.loadText(), QString("In flight 2 · waiting 1"));
    }

    void failuresOpenTheBreakerAndTheCountdownRuns()
    {
        Rig rig(noRetries());
        ui::BreakerMonitor monitor(rig.pipeline, kHost, rig.clock);
        ui::BreakerStatusWidget status(monitor);

        rig.send(5);
        rig.network.answerAll(503); // five failures in a row: the default threshold
        QCOMPARE(rig.pipeline.breakerFor(kHost).state(), BreakerState::Open);
        QCOMPARE(status.stateText(), QString("● api.example.test: open — next probe in 5 s"));
        QCOMPARE(status.stateColour(), ui::errorColour(status.palette()));

        rig.clock.advanceMs(2000);
        monitor.refresh();
        QCOMPARE(status.stateText(), QString("● api.example.test: open — next probe in 3 s"));
        rig.clock.advanceMs(1500);
        monitor.refresh();
        QCOMPARE(status.stateText(), QString("● api.example.test: open — next probe in 2 s"));

        rig.clock.advanceMs(1500);
        monitor.refresh();
        QCOMPARE(status.stateText(), QString("● api.example.test: half-open"));
        QCOMPARE(status.stateColour(), ui::warningColour(status.palette()));
    }

    void failedProbeReopensWithALongerCountdown()
    {
        Rig rig(noRetries());
        ui::BreakerMonitor monitor(rig.pipeline, kHost, rig.clock);
        ui::BreakerStatusWidget status(monitor);
        rig.send(5);
        rig.network.answerAll(503);
        rig.clock.advanceMs(5000);
        monitor.refresh();
        QVERIFY(status.stateText().endsWith("half-open"));
        rig.send(1);
        rig.network.answerAll(503);
        QCOMPARE(status.stateText(), QString("● api.example.test: open — next probe in 10 s"));
    }

    void retriesInTheLastMinuteRollOff()
    {
        ResilienceSettings settings;
        settings.retry.maxAttempts = 3;
        Rig rig(settings);
        ui::BreakerMonitor monitor(rig.pipeline, kHost, rig.clock);
        ui::BreakerStatusWidget status(monitor);
        QCOMPARE(status.retriesText(), QString("Retries (1 min): 0"));

        rig.send(2);
        rig.network.answerAll(503); // t = 0: two retries scheduled
        QCOMPARE(status.retriesText(), QString("Retries (1 min): 2"));
        rig.scheduler.advance(1000); // the retries go out
        QCOMPARE(rig.network.pendingCount(), 2);
        rig.network.answerAll(503); // t = 1 s: two more
        QCOMPARE(status.retriesText(), QString("Retries (1 min): 4"));

        rig.clock.advanceMs(58'999); // t = 59.999 s
        monitor.refresh();
        QCOMPARE(status.retriesText(), QString("Retries (1 min): 4"));
        rig.clock.advanceMs(1); // t = 60 s: the first two are a minute old
        monitor.refresh();
        QCOMPARE(status.retriesText(), QString("Retries (1 min): 2"));
        rig.clock.advanceMs(1000);
        monitor.refresh();
        QCOMPARE(status.retriesText(), QString("Retries (1 min): 0"));
    }

    void retriesForOtherHostsAreNotCounted()
    {
        ResilienceSettings settings;
        settings.retry.maxAttempts = 3;
        Rig rig(settings);
        ui::BreakerMonitor monitor(rig.pipeline, QStringLiteral("other.example.test"), rig.clock);
        ui::BreakerStatusWidget status(monitor);
        rig.send(2);
        rig.network.answerAll(503);
        QCOMPARE(status.retriesText(), QString("Retries (1 min): 0"));
    }

    void userStatesHaveWordsAndColours()
    {
        Rig rig(noRetries());
        ui::BreakerMonitor monitor(rig.pipeline, kHost, rig.clock);
        ui::BreakerStatusWidget status(monitor);
        monitor.forceOpen();
        QCOMPARE(status.stateText(), QString("● api.example.test: forced open"));
        QCOMPARE(status.stateColour(), ui::errorColour(status.palette()));
        monitor.disable();
        QCOMPARE(status.stateText(), QString("● api.example.test: disabled"));
        QCOMPARE(status.stateColour(), ui::dimTextColour(status.palette()));
        monitor.reset();
        QCOMPARE(status.stateText(), QString("● api.example.test: closed"));
    }

    void windowShowsTheBreakerAndTicksTheCountdown()
    {
        Rig rig(noRetries());
        ui::MainWindow window({"WTI_USD"}, {false, kHost}, rig.clock);
        window.attachResilience(rig.pipeline, kHost);
        auto* status = window.findChild<ui::BreakerStatusWidget*>("breakerStatus");
        QVERIFY(status);
        QCOMPARE(status, window.breakerStatus());

        rig.send(5);
        rig.network.answerAll(503);
        QCOMPARE(status->stateText(), QString("● api.example.test: open — next probe in 5 s"));
        rig.clock.advanceMs(4000);
        window.refreshAges(); // the window's one-second timer
        QCOMPARE(status->stateText(), QString("● api.example.test: open — next probe in 1 s"));
        QCOMPARE(
            window.resiliencePanel()->breakerText(), QString("● api.example.test: open — next probe in 1 s"));
        rig.clock.advanceMs(1000);
        window.refreshAges();
        QCOMPARE(status->stateText(), QString("● api.example.test: half-open"));
    }

    void resilienceTabIsNextToTheChartAndReachableFromTheMenu()
    {
        Rig rig(noRetries());
        ui::MainWindow window({"WTI_USD"}, {false, kHost}, rig.clock);
        auto* views = window.findChild<QTabWidget*>("views");
        QVERIFY(views);
        QCOMPARE(views->count(), 2);
        window.attachResilience(rig.pipeline, kHost);
        QCOMPARE(views->count(), 3);
        QCOMPARE(views->tabText(1), QString("Resilience"));
        QCOMPARE(views->tabText(2), QString("Benchmark"));
        // The dashboard stays what the window opens on.
        QCOMPARE(views->currentIndex(), 0);

        auto* action = window.findChild<QAction*>("actionViewResilience");
        QVERIFY(action);
        action->trigger();
        QCOMPARE(views->currentWidget(), window.resiliencePanel());
        window.findChild<QAction*>("actionViewChart")->trigger();
        QCOMPARE(views->currentIndex(), 0);
    }

    void settingsWarningStaysInTheStatusBar()
    {
        util::ManualClock clock;
        ui::MainWindow window({"WTI_USD"}, {true, {}}, clock);
        QCOMPARE(window.settingsWarningText(), QString());
        window.showSettingsWarning(
            "Stored resilience settings rejected; using defaults", "retry.maxAttempts: bad");
        QVERIFY(window.settingsWarningText().contains("using defaults"));
        auto* label = window.findChild<QLabel*>("statusSettingsWarning");
        QVERIFY(label->toolTip().contains("retry.maxAttempts: bad"));
        // A quote clears the last error, not the settings warning.
        api::Quote quote;
        quote.code = "WTI_USD";
        quote.price = 70;
        quote.receivedAt = clock.nowUtc();
        window.onQuote(quote, {});
        QVERIFY(window.settingsWarningText().contains("using defaults"));
    }
};

QTEST_MAIN(TestBreakerStatus)
#include "tst_breakerstatus.moc"
