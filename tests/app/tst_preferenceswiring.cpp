// Preferences applied live to a running dashboard on the built-in simulator: poll interval (the feed's
// timer and the cache's freshness), theme (the application palette), resilience (the pipeline, from the
// dialog and from the Resilience tab), the key (stored in a fake keychain, never in the settings file or
// the log), and the connection test through the app's callback against the simulator.
#include "app/commands.h"
#include "app/dashboardsession.h"
#include "preferencesdialog.h"
#include "resiliencepanel.h"
#include "resiliencesettingsform.h"
#include "themechoice.h"

#include <QApplication>
#include <QDirIterator>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace oilwatch;

namespace {

std::unique_ptr<app::DashboardSession> open(app::ApiSetup setup)
{
    auto opened = app::DashboardSession::open(std::move(setup), {}, nullptr);
    if (auto* error = std::get_if<api::ApiError>(&opened))
        qFatal("DashboardSession::open: %s", qPrintable(error->describe()));
    return std::move(std::get<std::unique_ptr<app::DashboardSession>>(opened));
}

app::ApiSetup demo()
{
    auto result = app::chooseApi({true, std::nullopt, 10'000});
    if (auto* error = std::get_if<api::ApiError>(&result))
        qFatal("chooseApi: %s", qPrintable(error->describe()));
    return std::move(std::get<app::ApiSetup>(result));
}

QByteArray everyLogAndSetting()
{
    QByteArray all;
    QFile settings(settings::SettingsStore().fileName());
    if (settings.open(QIODevice::ReadOnly))
        all += settings.readAll();
    QDirIterator logs(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/logs",
        QDir::Files, QDirIterator::Subdirectories);
    while (logs.hasNext()) {
        QFile log(logs.next());
        if (log.open(QIODevice::ReadOnly))
            all += log.readAll();
    }
    return all;
}

} // namespace

class TestPreferencesWiring : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { app::setUpLogging(false); }
    void init()
    {
        QSettings().clear();
        QSettings().sync();
    }

    void pollIntervalAppliesAtOnce()
    {
        auto session = open(demo());
        feed::PriceFeed& feed = session->dashboard().feed();
        QCOMPARE(feed.interval(), feed::PriceFeed::kSimulatorInterval);
        settings::SettingsStore store;
        QVERIFY(!store.set("poll.interval_s", "45"));
        session->dashboard().preferences().apply({"poll.interval_s"});
        QCOMPARE(feed.interval(), std::chrono::milliseconds(45'000));
        // A poll, its retries included, is over before the next is due.
        QCOMPARE(session->api().client().config().totalDeadline, std::chrono::milliseconds(45'000));
        QCOMPARE(session->quotes().quotes().policy().settings().freshTtlMs, 45'000 * 3 / 4);
        QVERIFY(!store.unset("poll.interval_s"));
        session->dashboard().preferences().apply({"poll.interval_s"});
        QCOMPARE(feed.interval(), feed::PriceFeed::kSimulatorInterval); // the mode's default again
    }

    // A running feed polls on the new interval: with 1 s, polls come about a second apart.
    void aRunningFeedPollsOnTheNewInterval()
    {
        auto session = open(demo());
        feed::PriceFeed& feed = session->dashboard().feed();
        QVERIFY(!settings::SettingsStore().set("poll.interval_s", "3600"));
        session->dashboard().preferences().apply({"poll.interval_s"});
        QSignalSpy polls(&feed, &feed::PriceFeed::pollFinished);
        feed.start();
        QVERIFY(polls.wait(5'000)); // the first poll, at once
        QVERIFY(!polls.wait(1'500)); // an hour's interval: nothing more
        QVERIFY(!settings::SettingsStore().set("poll.interval_s", "1"));
        session->dashboard().preferences().apply({"poll.interval_s"});
        QVERIFY(polls.wait(3'000));
        feed.stop();
    }

    void themeAppliesAtOnce()
    {
        auto session = open(demo());
        const QColor startup = QApplication::palette().color(QPalette::Window);
        settings::SettingsStore store;
        QVERIFY(!store.set("look.theme", "dark"));
        session->dashboard().preferences().apply({"look.theme"});
        QCOMPARE(QApplication::palette().color(QPalette::Window), ui::darkPalette().color(QPalette::Window));
        QTRY_COMPARE(session->dashboard().window().palette().color(QPalette::Window),
            ui::darkPalette().color(QPalette::Window));
        QVERIFY(!store.set("look.theme", "system"));
        session->dashboard().preferences().apply({"look.theme"});
        QCOMPARE(QApplication::palette().color(QPalette::Window), startup);
    }

    void resilienceAppliesFromTheDialogAndTheTab()
    {
        auto session = open(demo());
        settings::SettingsStore store;
        QVERIFY(!store.set("resilience.retry.maxAttempts", "2"));
        session->dashboard().preferences().apply({"resilience"});
        QCOMPARE(session->api().pipeline().settings().retry.maxAttempts, 2);

        ui::ResilienceSettingsForm* tab = session->dashboard().window().resiliencePanel()->settingsForm();
        resilience::ResilienceSettings three;
        three.retry.maxAttempts = 3;
        tab->setValues(three);
        QVERIFY(tab->apply());
        QCOMPARE(session->api().pipeline().settings().retry.maxAttempts, 3);
        QCOMPARE(tab->statusText(), QString("Saved and in effect now."));
    }

    void openShowsOneDialogAndTheKeyGoesToTheKeychain()
    {
        auto session = open(demo());
        secrets::MemorySecretStore keychain("the fake keychain");
        app::PreferencesWiring& preferences = session->dashboard().preferences();
        preferences.setKeychain(&keychain);
        QSignalSpy switched(&preferences, &app::PreferencesWiring::sourceChanged);
        session->dashboard().window().show();
        preferences.open(&session->dashboard().window());
        ui::PreferencesDialog* dialog = preferences.dialog();
        QVERIFY(dialog && dialog->isVisible());
        preferences.open(&session->dashboard().window());
        QCOMPARE(preferences.dialog(), dialog); // raised, not a second one

        QTest::keyClicks(dialog->keyField(), "opa_live_wiring_3141");
        QTest::mouseClick(dialog->okButton(), Qt::LeftButton);
        QTRY_VERIFY(keychain.peek(secrets::kApiKeyName));
        QCOMPARE(*keychain.peek(secrets::kApiKeyName), QString("opa_live_wiring_3141"));
        // On the built-in simulator a new key means live prices: another origin, so a new dashboard.
        QTRY_COMPARE(switched.size(), 1);
        QCOMPARE(switched.first().first().toStringList(), QStringList {"the API key"});
        QCOMPARE(preferences.currentKey().key, QString("opa_live_wiring_3141"));
        QTRY_VERIFY(!preferences.dialog());
        QVERIFY(!everyLogAndSetting().contains("opa_live_wiring_3141"));
    }

    // They decide where every cached and stored price comes from: the dashboard is rebuilt on them
    // (tst_dashboardhost), not changed under its feet; the theme alone changes nothing of the source.
    void endpointAndCacheAskForANewSource()
    {
        auto session = open(demo());
        QSignalSpy switched(&session->dashboard().preferences(), &app::PreferencesWiring::sourceChanged);
        session->dashboard().preferences().apply({"look.theme"});
        QCOMPARE(switched.size(), 0);
        session->dashboard().preferences().apply({"api.base_url", "look.theme", "cache.redis_url"});
        QCOMPARE(switched.size(), 1);
        QCOMPARE(switched.first().first().toStringList(), (QStringList {"api.base_url", "cache.redis_url"}));
    }

    // "Test connection" through the app's callback: a real request to the simulator, its rate-limit
    // headers shown as the plan's quota.
    void testConnectionAgainstTheSimulator()
    {
        auto session = open(demo());
        app::PreferencesWiring& preferences = session->dashboard().preferences();
        preferences.open(nullptr);
        ui::PreferencesDialog* dialog = preferences.dialog();
        auto* endpoint = qobject_cast<QLineEdit*>(dialog->field("api.base_url"));
        endpoint->setText(session->setup().config.baseUrl.toString());
        QTest::mouseClick(dialog->testConnectionButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->connectionResult().startsWith("OK: answered in"), 10'000);
        QVERIFY2(dialog->connectionResult().contains("\nPlan: "), qPrintable(dialog->connectionResult()));

        QTest::keyClicks(dialog->keyField(), "opa_test_not_the_key_42");
        QTest::mouseClick(dialog->testConnectionButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->connectionResult().startsWith("Failed: auth"), 10'000);
        QVERIFY(!dialog->connectionResult().contains("opa_test_not_the_key_42"));
        dialog->reject();
    }
};

QTEST_MAIN(TestPreferencesWiring)
#include "tst_preferenceswiring.moc"
