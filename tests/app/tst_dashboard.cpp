// The dashboard as runGui builds it, on the offscreen platform, against the built-in simulator and another
// server over loopback, with the cache and history in a throw-away data folder.
#include "alerthistoryview.h"
#include "alertruleseditor.h"
#include "alertspanel.h"
#include "app/dashboardsession.h"
#include "exportdialog.h"
#include "feed/watchlist.h"
#include "historychartview.h"
#include "mainmenus.h"
#include "mainwindow.h"
#include "preferencesdialog.h"
#include "pricechart.h"
#include "pricetile.h"
#include "sim/faultprofile.h"
#include "sim/simserver.h"
#include "support/simstack.h"
#include "ui/screenshots.h"
#include "watchlistboard.h"

#include <cmath>

#include <QAbstractButton>
#include <QAbstractItemModel>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using app::Dashboard;

namespace {

// One dashboard with its stacks, built in the order runGui builds them.
std::unique_ptr<app::DashboardSession> openSession(app::ApiSetup setup,
    const std::optional<QStringList>& codesForThisRun = std::nullopt,
    const QString& alertRulesPath = alerts::AlertRuleStore::defaultPath())
{
    auto opened = app::DashboardSession::open(
        std::move(setup), {std::nullopt, codesForThisRun, alertRulesPath}, nullptr);
    if (auto* error = std::get_if<api::ApiError>(&opened))
        qFatal("DashboardSession::open: %s", qPrintable(error->describe()));
    return std::move(std::get<std::unique_ptr<app::DashboardSession>>(opened));
}

app::ApiSetup chosen(const app::ApiChoice& choice)
{
    auto result = app::chooseApi(choice);
    if (auto* error = std::get_if<api::ApiError>(&result))
        qFatal("chooseApi: %s", qPrintable(error->describe()));
    return std::move(std::get<app::ApiSetup>(result));
}

} // namespace

class TestDashboard : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_data;

    static int tilesWithAValue(Dashboard& dashboard)
    {
        int shown = 0;
        for (const QString& code : dashboard.feed().codes())
            shown += dashboard.window().tile(code)->hasQuote() ? 1 : 0;
        return shown;
    }

    static int chartPoints(Dashboard& dashboard)
    {
        int points = 0;
        for (const QString& code : dashboard.feed().codes())
            points += dashboard.window().chart()->pointCount(code);
        return points;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_data.isValid());
        qputenv("XDG_DATA_HOME", QFile::encodeName(m_data.path()));
        qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_data.filePath("config")));
        qputenv("OILPRICEAPI_KEY", "");
    }

    // The demo fills the cache and the history with the simulator's prices; a dashboard on another server
    // (down) must show none of them: no tile value from the cache, no line from the history. Back on the
    // demo, they are all there again.
    void theMenusRefreshAndAPollIntervalChangeReachTheWindow()
    {
        auto demo = openSession(chosen({true, std::nullopt, 10'000}));
        ui::MainWindow& window = demo->dashboard().window();
        QVERIFY(window.menus().refreshAction()->isEnabled());
        QVERIFY(window.menus().exportAction()->isEnabled());
        QVERIFY(window.menus().preferencesAction()->isEnabled());
        // F5 before start(): one poll, answered live.
        QSignalSpy polled(&demo->dashboard().feed(), &feed::PriceFeed::pollFinished);
        window.menus().refreshAction()->trigger();
        QVERIFY(polled.wait(10'000));
        demo->dashboard().feed().setInterval(std::chrono::seconds {7});
        QCOMPARE(window.pollInterval(), std::chrono::milliseconds {7'000});
        // File → Export… and Tools → Preferences… open their dialogs over the window, without blocking it.
        window.menus().exportAction()->trigger();
        QTRY_VERIFY(
            window.findChild<ui::ExportDialog*>() && window.findChild<ui::ExportDialog*>()->isVisible());
        window.menus().preferencesAction()->trigger();
        QTRY_VERIFY(window.findChild<ui::PreferencesDialog*>()
            && window.findChild<ui::PreferencesDialog*>()->isVisible());
    }

    void aCodeAddedToTheWatchlistIsOfferedForNewAlertRules()
    {
        auto demo = openSession(chosen({true, std::nullopt, 10'000}));
        auto* code = demo->dashboard().window().alertsPanel()->findChild<QComboBox*>(QStringLiteral("code"));
        QVERIFY(code);
        QCOMPARE(code->findText(QStringLiteral("GOLD_USD")), -1);
        QVERIFY(!demo->dashboard().watchlist().add(QStringLiteral("GOLD_USD")));
        QVERIFY(code->findText(QStringLiteral("GOLD_USD")) >= 0);
        QVERIFY(!demo->dashboard().watchlist().remove(QStringLiteral("GOLD_USD")));
        QCOMPARE(code->findText(QStringLiteral("GOLD_USD")), -1);
    }

    void switchingFromTheDemoToAnotherServerShowsNoSimulatedValue()
    {
        const int codes = static_cast<int>(feed::PriceFeed::defaultCodes().size());
        {
            auto demo = openSession(chosen({true, std::nullopt, 10'000}));
            QSignalSpy backfilled(&demo->dashboard().backfill(), &feed::HistoryBackfill::finished);
            demo->dashboard().start();
            QTRY_COMPARE_WITH_TIMEOUT(tilesWithAValue(demo->dashboard()), codes, 20'000);
            QVERIFY(backfilled.count() > 0 || backfilled.wait(20'000));
            QVERIFY(chartPoints(demo->dashboard()) > codes);
        }

        sim::SimServer down;
        QVERIFY(down.start());
        sim::FaultSettings failing;
        failing.forcedStatus = 500;
        down.setFaults(failing);
        {
            auto other = openSession(chosen({false, down.baseUrl(), 10'000}));
            QVERIFY(!other->setup().simulated);
            QSignalSpy polled(&other->dashboard().feed(), &feed::PriceFeed::pollFinished);
            QSignalSpy backfilled(&other->dashboard().backfill(), &feed::HistoryBackfill::finished);
            other->dashboard().start();
            QVERIFY(polled.wait(20'000));
            QCOMPARE(polled.constFirst().constFirst().toBool(), false);
            QVERIFY(backfilled.count() > 0 || backfilled.wait(30'000));
            QVERIFY(down.requestCount() > 0); // it asked its own server
            QCOMPARE(tilesWithAValue(other->dashboard()), 0);
            QCOMPARE(chartPoints(other->dashboard()), 0);
            QVERIFY(!other->dashboard().window().isSimulatedBannerShown());
        }

        // The simulator's prices were kept, for the simulator: a new demo (another port) shows them at once.
        // (Checked without polling: showLastKnown() is what a start shows before the network answers.)
        auto again = openSession(chosen({true, std::nullopt, 10'000}));
        again->dashboard().feed().showLastKnown();
        QCOMPARE(tilesWithAValue(again->dashboard()), codes);
    }

    // A validation setting that cannot be used is named in the status bar as a settings problem (the default
    // stands in), never as a reset of the history.
    void anUnusableValidationSettingIsShownAsSuch()
    {
        QSettings().setValue("validation/clock_skew_s", "soon");
        auto demo = openSession(chosen({true, std::nullopt, 10'000}));
        QSettings().remove("validation/clock_skew_s");
        QVERIFY2(
            demo->dashboard().window().settingsWarningText().contains("validation settings were ignored"),
            qPrintable(demo->dashboard().window().settingsWarningText()));
        QCOMPARE(demo->dashboard().window().storageWarningText(), QString());
    }

    // The chart tab's presets load through the dashboard's loader, from the demo's simulator, for the
    // watched codes: a week of history on a fresh data folder.
    void aChartPresetLoadsTheWatchedCodesHistory()
    {
        auto demo = openSession(chosen({true, std::nullopt, 10'000}));
        ui::HistoryChartView* view = demo->dashboard().window().chartView();
        QVERIFY(view);
        QSignalSpy finished(&demo->dashboard().rangeLoader(), &feed::HistoryRangeLoader::finished);
        QTest::mouseClick(view->presetButton(ui::HistoryChartView::Preset::Week1), Qt::LeftButton);
        QVERIFY(demo->dashboard().rangeLoader().isLoading());
        QVERIFY(finished.wait(60'000));
        QCOMPARE(view->chart()->window(), std::chrono::seconds(7 * 24 * 3600));
        for (const QString& code : demo->dashboard().feed().codes())
            QVERIFY2(view->chart()->pointCount(code) > 7 * 24 - 2, qPrintable(code));
    }

    // The user's alert rules run on the dashboard's feed: the Alerts tab lists them, the chart draws their
    // thresholds, a breach fires into the history and the status bar, and a rule saved in the editor takes
    // effect at once.
    void alertRulesFireOnTheDashboardsPrices()
    {
        QTemporaryDir config;
        const QString rulesPath = config.filePath("alert-rules.json");
        alerts::AlertRule high;
        high.id = "brent-high";
        high.name = "Brent high";
        high.code = "BRENT_CRUDE_USD";
        high.kind = alerts::AlertKind::Above;
        high.threshold = 1.0; // every simulated Brent price is above
        high.pendingMs = 0;
        QVERIFY(!alerts::AlertRuleStore(rulesPath).save({high}));

        auto demo = openSession(chosen({true, std::nullopt, 10'000}), std::nullopt, rulesPath);
        Dashboard& dashboard = demo->dashboard();
        ui::MainWindow& window = dashboard.window();
        QVERIFY(window.alertsPanel());
        QCOMPARE(window.alertsPanel()->editor()->rules().size(), 1);
        QCOMPARE(window.chart()->thresholdLines("BRENT_CRUDE_USD").size(), 1);
        QCOMPARE(window.chart()->thresholdLines("BRENT_CRUDE_USD").constFirst().price, 1.0);
        QVERIFY(window.findChild<QAction*>("actionViewAlerts"));

        dashboard.start();
        QTRY_COMPARE_WITH_TIMEOUT(
            dashboard.alerts().engine().stateOf("brent-high"), alerts::AlertState::Firing, 20'000);
        QCOMPARE(window.alertsPanel()->firingCount(), 1);
        QCOMPARE(window.alertsStatusText(), QString("⚠ 1 alert firing"));
        QVERIFY(window.statusBar()->isAncestorOf(window.findChild<QLabel*>("statusAlerts")));
        QVERIFY(window.alertsPanel()->history()->table()->model()->rowCount() >= 1);

        // Raised far above any price from the editor: the engine takes the new rule and it goes back to
        // normal.
        ui::AlertRulesEditor* editor = window.alertsPanel()->editor();
        alerts::AlertRule raised = high;
        raised.threshold = 1e6;
        Q_EMIT editor->rulesSaved({raised});
        QCOMPARE(dashboard.alerts().engine().stateOf("brent-high"), alerts::AlertState::Normal);
        QCOMPARE(window.alertsPanel()->firingCount(), 0);
        QCOMPARE(window.alertsStatusText(), QString());
        QCOMPARE(window.chart()->thresholdLines("BRENT_CRUDE_USD").constFirst().price, 1e6);
    }

    // A server that turns to answering spikes: each tile keeps its last good value, marked suspect with the
    // rule and the rejected value, and the history keeps the rejected quotes apart from the prices.
    void aSpikingServerTurnsTheTilesSuspectAndKeepsTheLastGoodValues()
    {
        sim::SimServer server;
        QVERIFY(server.start());
        auto session = openSession(chosen({false, server.baseUrl(), 10'000}));
        const QString code = QStringLiteral("WTI_USD");
        ui::PriceTile* tile = session->dashboard().window().tile(code);
        QVERIFY(tile);
        session->dashboard().start();
        QTRY_VERIFY_WITH_TIMEOUT(tile->hasQuote() && !tile->isSuspect(), 20'000);
        const double good = tile->quote()->price;

        server.setFaultProfile(testing::everyAnswer(sim::FaultKind::Spike, QStringLiteral("spikes")));
        QTRY_VERIFY_WITH_TIMEOUT(tile->isSuspect(), 20'000);
        QCOMPARE(tile->qualityText(), QStringLiteral("SUSPECT"));
        QVERIFY(std::abs(tile->quote()->price - good) < good * 0.05); // the last good value, not 10 times it
        QVERIFY2(
            tile->qualityToolTip().contains(QStringLiteral("spike: ")), qPrintable(tile->qualityToolTip()));
        QVERIFY2(
            tile->noteText().contains(QStringLiteral("last good value shown")), qPrintable(tile->noteText()));

        std::optional<QList<storage::QuarantineRecord>> kept;
        session->quotes().history().quarantined(
            storage::OriginFilter::only(session->quotes().quotes().origin()), {code}, 0,
            &session->dashboard().window(),
            [&kept](const storage::StorageResult<QList<storage::QuarantineRecord>>& r) {
                if (r)
                    kept = r.value();
            });
        QTRY_VERIFY_WITH_TIMEOUT(kept.has_value(), 10'000);
        QVERIFY(!kept->isEmpty());
        QVERIFY(kept->constFirst().rules.contains(QStringLiteral("spike")));
    }

    // A week chosen before the start-up history arrives stays a week: the hour of history seeded at start
    // does not redraw the chart over it, and the week is read again once the start-up backfill is over.
    void aRangeChosenBeforeTheStartupHistoryStays()
    {
        auto demo = openSession(chosen({true, std::nullopt, 10'000}));
        ui::HistoryChartView* view = demo->window().chartView();
        QSignalSpy ranged(&demo->dashboard().rangeLoader(), &feed::HistoryRangeLoader::finished);
        view->selectPreset(ui::HistoryChartView::Preset::Week1);
        QVERIFY(ranged.wait(30'000));
        const QString code = QStringLiteral("BRENT_CRUDE_USD");
        const int week = view->chart()->pointCount(code);
        QVERIFY2(week > 100, qPrintable(QString::number(week))); // hourly points for 7 days

        QSignalSpy backfilled(&demo->dashboard().backfill(), &feed::HistoryBackfill::finished);
        // Right after the window took the start-up history (its slot was connected first), before any reload.
        int afterSeed = -1;
        QObject::connect(&demo->dashboard().backfill(), &feed::HistoryBackfill::historyReady, view,
            [&](const QString& seeded) {
                if (seeded == code)
                    afterSeed = view->chart()->pointCount(code);
            });
        demo->dashboard().start();
        QVERIFY(backfilled.wait(30'000));
        QVERIFY2(afterSeed >= week, qPrintable(QString::number(afterSeed)));
        QVERIFY(ranged.wait(30'000)); // the reload
        QVERIFY2(view->chart()->pointCount(code) >= week,
            qPrintable(QString::number(view->chart()->pointCount(code))));
        QCOMPARE(view->preset(), ui::HistoryChartView::Preset::Week1);
    }

    // The watchlist across a restart: a code added in one session is watched (polled, shown) in the next;
    // `--watchlist` codes are shown for one session and not saved.
    void theWatchlistIsSavedAndOverriddenForOneRun()
    {
        QSettings().remove(QLatin1String(feed::SettingsWatchlistStore::kKey));
        {
            auto first = openSession(chosen({true, std::nullopt, 10'000}));
            QCOMPARE(first->dashboard().watchlist().codes(), feed::PriceFeed::defaultCodes());
            first->dashboard().start();
            QTRY_COMPARE_WITH_TIMEOUT(tilesWithAValue(first->dashboard()), 5, 20'000);
            QVERIFY(!first->dashboard().watchlist().add("GOLD_USD"));
            QVERIFY(!first->dashboard().watchlist().remove("GASOLINE_USD"));
            QCOMPARE(first->dashboard().feed().codes().constLast(), QStringLiteral("GOLD_USD"));
            QTRY_VERIFY_WITH_TIMEOUT(first->dashboard().window().tile("GOLD_USD")->hasQuote(), 10'000);
            QVERIFY(!first->dashboard().window().tile("GASOLINE_USD"));
        }
        QStringList saved = feed::PriceFeed::defaultCodes();
        saved.removeAll("GASOLINE_USD");
        saved << "GOLD_USD";
        {
            auto again = openSession(chosen({true, std::nullopt, 10'000}));
            QCOMPARE(again->dashboard().watchlist().codes(), saved);
            QCOMPARE(again->dashboard().feed().codes(), saved);
            QCOMPARE(again->dashboard().window().codes(), saved);
        }
        {
            auto once
                = openSession(chosen({true, std::nullopt, 10'000}), QStringList {"COAL_USD", "WTI_USD"});
            QCOMPARE(once->dashboard().feed().codes(), (QStringList {"COAL_USD", "WTI_USD"}));
            QVERIFY(once->dashboard().window().tile("COAL_USD"));
            QVERIFY(!once->dashboard().watchlist().add("DIESEL_USD"));
        }
        auto after = openSession(chosen({true, std::nullopt, 10'000}));
        QCOMPARE(after->dashboard().watchlist().codes(), saved);
    }

    // No key: the public demo's prices (a simulator stands in for the real server), polled within its
    // budget, labelled demo (limited), with an offer to add a key.
    void withNoKeyTheDashboardShowsTheDemosPrices()
    {
        sim::SimServer real;
        QVERIFY(real.start());
        app::ApiChoice choice;
        choice.publicDemoWithoutKey = true;
        choice.publicDemoBaseUrl = real.baseUrl();
        app::ApiSetup setup = chosen(choice);
        QVERIFY(!app::confirmPublicDemo(setup));
        QVERIFY(setup.config.publicDemo);
        QCOMPARE(Dashboard::pollIntervalFor(setup), feed::PriceFeed::kDemoInterval);
        QVERIFY(Dashboard::pollIntervalFor(setup) >= std::chrono::minutes(3));
        auto demo = openSession(std::move(setup), QStringList {"BRENT_CRUDE_USD", "WTI_USD"});
        ui::MainWindow& window = demo->dashboard().window();
        QVERIFY2(window.modeText().startsWith("Demo (limited)"), qPrintable(window.modeText()));
        auto* offer = window.findChild<QAbstractButton*>("addApiKey");
        QVERIFY(offer && !offer->isHidden());
        QSignalSpy keyWanted(&window, &ui::MainWindow::addApiKeyRequested);
        QTest::mouseClick(offer, Qt::LeftButton);
        QCOMPARE(keyWanted.size(), 1);
        const quint64 before = real.requestCount();
        demo->dashboard().start();
        QTRY_COMPARE_WITH_TIMEOUT(tilesWithAValue(demo->dashboard()), 2, 20'000);
        const api::Quote shown = *window.tile("WTI_USD")->quote();
        QVERIFY(shown.origin.isDemo());
        QVERIFY(window.board()->findChild<QLabel*>("watchlistCount")->text().contains("demo (limited)"));
        window.resize(1100, 700);
        testing::saveScreenshot(window, QStringLiteral("screenshot-demo-limited.png"));
        // The first poll and the catalogue; no history request (the demo has none) and nothing more soon.
        QTest::qWait(500);
        QVERIFY2(
            real.requestCount() - before <= 2, qPrintable(QString::number(real.requestCount() - before)));
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
