// The dashboard rebuilt, not restarted, when a saved setting changes where prices come from: a key saved on
// the public demo brings live prices; a new endpoint moves the window's prices to it, the window keeping its
// place and tab; a flag of this run keeps winning and says so; a switch that cannot be built keeps the
// dashboard that runs. Real simulators over loopback, a real window on the offscreen platform.
#include "app/commands.h"
#include "app/dashboardhost.h"
#include "app/metricssetup.h"
#include "mainwindow.h"
#include "pricetile.h"
#include "settings/settingsstore.h"

#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;

namespace {

app::ApiSetup chosen(const app::ApiChoice& choice)
{
    auto result = app::chooseApi(choice);
    if (auto* error = std::get_if<api::ApiError>(&result))
        qFatal("chooseApi: %s", qPrintable(error->describe()));
    return std::move(std::get<app::ApiSetup>(result));
}

// What the dashboard runs on without a key: the public demo, here a simulator's.
app::ApiChoice withoutKey(const sim::SimServer& demo)
{
    app::ApiChoice choice;
    choice.publicDemoWithoutKey = true;
    choice.publicDemoBaseUrl = demo.baseUrl();
    choice.knownKey = secrets::ResolvedKey {};
    return choice;
}

app::ApiChoice withKey(const sim::SimServer& live)
{
    app::ApiChoice choice;
    choice.publicDemoWithoutKey = true;
    choice.knownKey = secrets::ResolvedKey {live.apiKey(), secrets::KeySource::Session, {}};
    return choice;
}

bool aTileHasAPrice(app::DashboardSession& session)
{
    for (const QString& code : session.dashboard().watchlist().codes()) {
        if (ui::PriceTile* tile = session.window().tile(code); tile && tile->hasQuote())
            return true;
    }
    return false;
}

} // namespace

class TestDashboardHost : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { app::setUpLogging(false); }
    void init()
    {
        QSettings().clear();
        QSettings().sync();
    }

    void aKeySavedOnTheDemoBringsLivePricesWithoutARestart()
    {
        sim::SimServer demo, live;
        QVERIFY(demo.start() && live.start());
        QVERIFY(!settings::SettingsStore().set("api.base_url", live.baseUrl().toString()));
        app::MetricsSetup metrics;
        app::DashboardHost host(withoutKey(demo), {}, metrics);
        QVERIFY(!host.open(chosen(withoutKey(demo))));
        QVERIFY(host.session()->setup().config.publicDemo);
        QPointer<ui::MainWindow> first = &host.session()->window();
        QVERIFY(first->isVisible());

        QSignalSpy shown(&host, &app::DashboardHost::sessionShown);
        host.session()->dashboard().preferences().useApiKey(live.apiKey(), secrets::KeySource::Session);
        QTRY_COMPARE(shown.size(), 1);
        QVERIFY(!first); // the demo's window is gone, the new one is up
        const api::ClientConfig& config = host.session()->setup().config;
        QCOMPARE(config.baseUrl, live.baseUrl());
        QVERIFY(!config.publicDemo);
        QVERIFY(host.session()->window().isVisible());
        QVERIFY2(
            host.session()->window().statusBar()->currentMessage().contains("the API key changed: now on"),
            qPrintable(host.session()->window().statusBar()->currentMessage()));
        const quint64 before = live.requestCount();
        QTRY_VERIFY_WITH_TIMEOUT(aTileHasAPrice(*host.session()), 20'000);
        QVERIFY(live.requestCount() > before);
    }

    void aNewEndpointMovesThePricesAndTheWindowKeepsItsPlace()
    {
        sim::SimServer a, b;
        QVERIFY(a.start() && b.start());
        QVERIFY(!settings::SettingsStore().set("api.base_url", a.baseUrl().toString()));
        app::MetricsSetup metrics;
        app::DashboardHost host(withKey(a), {}, metrics);
        QVERIFY(!host.open(chosen(withKey(a))));
        QCOMPARE(host.session()->setup().config.baseUrl, a.baseUrl());
        ui::MainWindow& first = host.session()->window();
        first.resize(1000, 900);
        first.showAlerts();
        const QSize size = first.size();
        const int alertsTab = first.findChild<QTabWidget*>()->currentIndex();

        QVERIFY(!settings::SettingsStore().set("api.base_url", b.baseUrl().toString()));
        QSignalSpy shown(&host, &app::DashboardHost::sessionShown);
        host.session()->dashboard().preferences().apply({"api.base_url"});
        QTRY_COMPARE(shown.size(), 1);
        ui::MainWindow& next = host.session()->window();
        QCOMPARE(host.session()->setup().config.baseUrl, b.baseUrl());
        QCOMPARE(next.size(), size);
        QCOMPARE(next.findChild<QTabWidget*>()->currentIndex(), alertsTab);
        QTRY_VERIFY_WITH_TIMEOUT(aTileHasAPrice(*host.session()), 20'000);
        QVERIFY(b.requestCount() > 0);
    }

    // A flag given for this run pins what it names; the setting is kept and the status bar says why it is
    // not used. The running dashboard stays.
    void aFlagOfThisRunKeepsWinning_data()
    {
        QTest::addColumn<bool>("baseUrlFlag");
        QTest::addColumn<bool>("demoFlag");
        QTest::addColumn<bool>("withAKey");
        QTest::addColumn<QString>("changed");
        QTest::addColumn<QString>("said");
        QTest::newRow("--base-url pins the endpoint") << true << false << true << "api.base_url"
                                                      << "api.base_url saved; --base-url stays in use";
        QTest::newRow("--demo pins the endpoint") << false << true << false << "api.base_url"
                                                  << "--demo keeps the simulator for this run";
        QTest::newRow("--demo pins the key") << false << true << false << "the API key"
                                             << "the API key saved; --demo keeps the simulator";
        QTest::newRow("no key: the endpoint waits for one") << false << false << false << "api.base_url"
                                                            << "it is used once an API key is set";
    }

    void aFlagOfThisRunKeepsWinning()
    {
        QFETCH(bool, baseUrlFlag);
        QFETCH(bool, demoFlag);
        QFETCH(bool, withAKey);
        QFETCH(QString, changed);
        QFETCH(QString, said);
        sim::SimServer server;
        QVERIFY(server.start());
        app::ApiChoice choice = withAKey ? withKey(server) : withoutKey(server);
        choice.forceDemo = demoFlag;
        if (baseUrlFlag)
            choice.baseUrl = server.baseUrl();
        app::MetricsSetup metrics;
        app::DashboardHost host(choice, {}, metrics);
        QVERIFY(!host.open(chosen(choice)));
        app::DashboardSession* running = host.session();
        QSignalSpy shown(&host, &app::DashboardHost::sessionShown);

        host.switchSource({changed});
        QCOMPARE(host.session(), running);
        QCOMPARE(shown.size(), 0);
        QVERIFY(running->window().settingsWarningText().endsWith("Saved, not applied"));
        QVERIFY2(running->window().settingsWarningDetails().contains(said),
            qPrintable(running->window().settingsWarningDetails()));
    }

    // The app-data folder cannot be made for the new session's cache: the running dashboard stays, and says
    // why it did not switch.
    void aSwitchThatCannotBeBuiltKeepsTheRunningDashboard()
    {
        sim::SimServer a;
        QVERIFY(a.start());
        QVERIFY(!settings::SettingsStore().set("api.base_url", a.baseUrl().toString()));
        app::MetricsSetup metrics;
        app::DashboardHost host(withKey(a), {}, metrics);
        QVERIFY(!host.open(chosen(withKey(a))));
        app::DashboardSession* running = host.session();

        QTemporaryDir dir;
        QFile blocker(dir.filePath("not-a-folder"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        const QByteArray dataHome = qgetenv("XDG_DATA_HOME");
        qputenv("XDG_DATA_HOME", blocker.fileName().toUtf8() + "/data");
        host.switchSource({"cache.backend"});
        qputenv("XDG_DATA_HOME", dataHome);
        QCOMPARE(host.session(), running);
        QVERIFY2(running->window().settingsWarningText().endsWith("Could not switch"),
            qPrintable(running->window().settingsWarningText()));
        QVERIFY2(running->window().settingsWarningDetails().contains("app-data folder"),
            qPrintable(running->window().settingsWarningDetails()));
    }
};

QTEST_MAIN(TestDashboardHost)
#include "tst_dashboardhost.moc"
