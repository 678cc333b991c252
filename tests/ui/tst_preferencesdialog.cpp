// The Preferences dialog on the offscreen platform, driven with key and mouse events: fields checked as
// typed (message under the field, OK and Apply off), saving, the API key into a fake keychain and never to
// the settings file, the no-keychain choice, the connection test's quota and the poll interval's cost.
// Saves a picture of each page with OILWATCH_SCREENSHOT_DIR (docs/take-screenshots.sh).
#include "preferencesdialog.h"
#include "resiliencesettingsform.h"
#include "screenshots.h"
#include "settings/settingsstore.h"

#include <QAbstractSpinBox>
#include <QComboBox>
#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTimer>

using namespace oilwatch;
using namespace oilwatch::ui;

namespace {

QLineEdit* edit(PreferencesDialog& dialog, const QString& key)
{
    return qobject_cast<QLineEdit*>(dialog.field(key));
}

void retype(QLineEdit* field, const QString& text)
{
    field->setFocus();
    field->selectAll();
    QTest::keyClick(field, Qt::Key_Backspace);
    QTest::keyClicks(field, text);
}

// Lets nested layouts take in texts that just changed (each level posts its own LayoutRequest) before a
// picture is taken.
void settle()
{
    for (int i = 0; i < 5; ++i)
        QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
}

QByteArray settingsFile()
{
    QFile file(settings::SettingsStore().fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestPreferencesDialog : public QObject
{
    Q_OBJECT

    settings::SettingsStore m_store;
    secrets::MemorySecretStore m_keychain {"the fake keychain"};
    secrets::MemorySecretStore m_session;

    PreferencesServices services()
    {
        PreferencesServices s;
        s.keychain = &m_keychain;
        s.session = &m_session;
        s.testConnection = [](const QString& key, const QUrl& url, QObject* context, auto done) {
            ConnectionTestResult result {true, "answered in 120 ms", 10'000, 9'876, "monthly_counter"};
            if (key == "sk-wrong")
                result = {false, "auth: Invalid API key (HTTP 401)", -1, -1, {}};
            Q_UNUSED(url);
            QTimer::singleShot(0, context, [done, result] { done(result); });
        };
        s.testCache = [](const QUrl& url, QObject* context, auto done) {
            const CacheTestResult result {url.host() == "cache.lan",
                url.host() == "cache.lan" ? QString("connected, PING answered in 2 ms")
                                          : QString("connect: Connection refused")};
            QTimer::singleShot(0, context, [done, result] { done(result); });
        };
        return s;
    }

private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void init()
    {
        QSettings().clear();
        QSettings().sync();
        m_keychain.failWith(std::nullopt);
        (void)secrets::removeAndWait(m_keychain, secrets::kApiKeyName);
        (void)secrets::removeAndWait(m_session, secrets::kApiKeyName);
    }

    void showsWhatIsStored()
    {
        QVERIFY(!m_store.set("poll.interval_s", "300"));
        QVERIFY(!m_store.set("look.theme", "dark"));
        PreferencesDialog dialog(m_store, services(), {});
        QCOMPARE(edit(dialog, "poll.interval_s")->text(), QString("300"));
        QCOMPARE(edit(dialog, "api.base_url")->text(), QString("https://api.oilpriceapi.com"));
        QCOMPARE(
            qobject_cast<QComboBox*>(dialog.field("look.theme"))->currentData().toString(), QString("dark"));
        QCOMPARE(dialog.keyField()->echoMode(), QLineEdit::Password);
        QCOMPARE(dialog.pages()->count(), 4);
    }

    void badValuesShowTheirMessageAndDisableOk_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<QString>("message");
        QTest::newRow("interval") << "poll.interval_s"
                                  << "0"
                                  << "must be a whole number of seconds from 1 to 86400, got \"0\"";
        QTest::newRow("interval text") << "poll.interval_s"
                                       << "often"
                                       << "must be a whole number of seconds from 1 to 86400, got \"often\"";
        QTest::newRow("plain http") << "api.base_url"
                                    << "http://prices.example.com"
                                    << "refusing plain http to prices.example.com: the API key would travel "
                                       "unencrypted; use https (plain http is allowed for loopback only)";
        QTest::newRow("redis") << "cache.redis_url"
                               << "http://cache.lan"
                               << "bad Redis URL: the scheme must be redis:// (expected "
                                  "redis://[user:password@]HOST[:PORT][/DB])";
    }
    void badValuesShowTheirMessageAndDisableOk()
    {
        QFETCH(QString, key);
        QFETCH(QString, typed);
        QFETCH(QString, message);
        PreferencesDialog dialog(m_store, services(), {});
        dialog.show();
        dialog.pages()->setCurrentWidget(dialog.field(key)->parentWidget());
        QVERIFY(dialog.okButton()->isEnabled());
        const QString before = m_store.get(key).value();
        retype(edit(dialog, key), typed);
        QCOMPARE(dialog.errorFor(key), message);
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(!dialog.applyButton()->isEnabled());
        QTest::keyClick(&dialog, Qt::Key_Return); // OK refuses
        QVERIFY(dialog.isVisible());
        QCOMPARE(m_store.get(key).value(), before);
        retype(edit(dialog, key), before);
        QVERIFY(dialog.errorFor(key).isEmpty());
        QVERIFY(dialog.okButton()->isEnabled());
    }

    void redisBackendNeedsAUrl()
    {
        PreferencesDialog dialog(m_store, services(), {});
        dialog.show();
        auto* backend = qobject_cast<QComboBox*>(dialog.field("cache.backend"));
        backend->setCurrentIndex(backend->findData("redis"));
        QCOMPARE(dialog.errorFor("cache.backend"), QString("the Redis backend needs a Redis URL below"));
        QVERIFY(!dialog.okButton()->isEnabled());
        QVERIFY(!dialog.testCacheButton()->isEnabled());
        retype(edit(dialog, "cache.redis_url"), "redis://cache.lan:6380");
        QVERIFY(dialog.okButton()->isEnabled());
        QVERIFY(dialog.testCacheButton()->isEnabled());
        QTest::mouseClick(dialog.testCacheButton(), Qt::LeftButton);
        QTRY_COMPARE(dialog.cacheResult(), QString("OK: connected, PING answered in 2 ms"));
        QSignalSpy applied(&dialog, &PreferencesDialog::applied);
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QCOMPARE(applied.size(), 1);
        const QStringList changed = applied.first().first().toStringList();
        QVERIFY(changed.contains("cache.backend") && changed.contains("cache.redis_url"));
        QCOMPARE(m_store.sharedCacheUrl(), QUrl("redis://cache.lan:6380"));
        QVERIFY(!dialog.isVisible());
    }

    void applySavesOnlyWhatChanged()
    {
        PreferencesDialog dialog(m_store, services(), {});
        dialog.show();
        QSignalSpy applied(&dialog, &PreferencesDialog::applied);
        retype(edit(dialog, "poll.interval_s"), "120");
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QCOMPARE(applied.size(), 1);
        QCOMPARE(applied.first().first().toStringList(), QStringList({"poll.interval_s"}));
        QCOMPARE(m_store.get("poll.interval_s").value(), QString("120"));
        QVERIFY(!m_store.isSet("api.base_url")); // the untouched default stays unset
        QVERIFY(dialog.isVisible()); // Apply keeps it open
    }

    void pollCost_data()
    {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QString>("window");
        QTest::addColumn<QString>("cost");
        QTest::newRow("60 s, plan known")
            << qint64(60) << 10'000 << "monthly_counter"
            << "every 60 s = 1,440 requests/day (43,200/month) of your plan's 10,000/month";
        QTest::newRow("5 min, daily")
            << qint64(300) << 1'000 << "daily_counter"
            << "every 300 s = 288 requests/day (8,640/month) of your plan's 1,000/day";
        QTest::newRow("plan unknown") << qint64(3600) << -1 << ""
                                      << "every 3,600 s = 24 requests/day (720/month)";
    }
    void pollCost()
    {
        QFETCH(qint64, seconds);
        QFETCH(int, limit);
        QFETCH(QString, window);
        QFETCH(QString, cost);
        QCOMPARE(PreferencesDialog::pollCost(seconds, limit, window), cost);
    }

    void costFollowsTheFieldAndTheTestedPlan()
    {
        PreferencesDialog dialog(m_store, services(), {});
        dialog.show();
        QCOMPARE(dialog.costText(), QString("every 60 s = 1,440 requests/day (43,200/month)"));
        retype(edit(dialog, "poll.interval_s"), "30");
        QCOMPARE(dialog.costText(), QString("every 30 s = 2,880 requests/day (86,400/month)"));
        QTest::mouseClick(dialog.testConnectionButton(), Qt::LeftButton);
        QTRY_COMPARE(dialog.connectionResult(),
            QString("OK: answered in 120 ms\nPlan: 10,000 requests/month, 9,876 left"));
        QCOMPARE(dialog.costText(),
            QString("every 30 s = 2,880 requests/day (86,400/month) of your plan's 10,000/month"));
    }

    void aFailedConnectionTestSaysWhy()
    {
        PreferencesDialog dialog(m_store, services(), {});
        dialog.show();
        QTest::keyClicks(dialog.keyField(), "sk-wrong");
        QTest::mouseClick(dialog.testConnectionButton(), Qt::LeftButton);
        QTRY_COMPARE(dialog.connectionResult(), QString("Failed: auth: Invalid API key (HTTP 401)"));
    }

    void theKeyGoesToTheKeychainNeverToTheFile()
    {
        PreferencesDialog dialog(m_store, services(), {});
        dialog.show();
        QSignalSpy keyChanged(&dialog, &PreferencesDialog::apiKeyChanged);
        QTest::keyClicks(dialog.keyField(), "opa_live_secret_9876");
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QTRY_COMPARE(keyChanged.size(), 1);
        QCOMPARE(keyChanged.first().at(0).toString(), QString("opa_live_secret_9876"));
        QCOMPARE(keyChanged.first().at(1).value<secrets::KeySource>(), secrets::KeySource::Keychain);
        QCOMPARE(*m_keychain.peek(secrets::kApiKeyName), QString("opa_live_secret_9876"));
        QTRY_VERIFY(!dialog.isVisible());
        QVERIFY(!settingsFile().contains("opa_live_secret_9876"));
        QVERIFY(dialog.keyField()->text().isEmpty());
    }

    void noKeychainOffersTheEnvironmentOrTheSession()
    {
        m_keychain.failWith(secrets::SecretError {secrets::SecretErrorKind::NoKeychain,
            "no usable keychain: Cannot autolaunch D-Bus without X11 $DISPLAY"});
        PreferencesDialog dialog(m_store, services(), {});
        dialog.show();
        dialog.resize(720, 400);
        QSignalSpy keyChanged(&dialog, &PreferencesDialog::apiKeyChanged);
        QTest::keyClicks(dialog.keyField(), "opa_live_secret_1234");
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog.noKeychainChoice()->isVisible());
        QVERIFY(dialog.isVisible()); // waits for the choice
        QVERIFY(!m_session.peek(secrets::kApiKeyName));
        settle();
        testing::saveScreenshot(dialog, QStringLiteral("screenshot-preferences-no-keychain.png"));

        QTest::mouseClick(dialog.keepForSessionButton(), Qt::LeftButton);
        QTRY_COMPARE(keyChanged.size(), 1);
        QCOMPARE(keyChanged.first().at(1).value<secrets::KeySource>(), secrets::KeySource::Session);
        QCOMPARE(*m_session.peek(secrets::kApiKeyName), QString("opa_live_secret_1234"));
        QTRY_VERIFY(!dialog.isVisible());
        QVERIFY(!settingsFile().contains("opa_live_secret_1234"));
    }

    void theEnvironmentChoiceStoresNothing()
    {
        m_keychain.failWith(
            secrets::SecretError {secrets::SecretErrorKind::NoKeychain, "no usable keychain"});
        PreferencesDialog dialog(m_store, services(), {});
        dialog.show();
        QSignalSpy keyChanged(&dialog, &PreferencesDialog::apiKeyChanged);
        QTest::keyClicks(dialog.keyField(), "opa_live_secret_5555");
        QTest::mouseClick(dialog.applyButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog.noKeychainChoice()->isVisible());
        QTest::mouseClick(dialog.useEnvironmentButton(), Qt::LeftButton);
        QVERIFY(dialog.keyStatus().contains("export OILPRICEAPI_KEY="));
        QVERIFY(dialog.keyField()->text().isEmpty());
        QVERIFY(!m_session.peek(secrets::kApiKeyName));
        QCOMPARE(keyChanged.size(), 0);
    }

    void resilienceErrorsKeepTheDialogOpen()
    {
        PreferencesDialog dialog(m_store, services(), {});
        dialog.show();
        auto* attempts = dialog.resilienceForm()->field("retry.maxAttempts");
        QVERIFY(attempts);
        if (auto* spin = qobject_cast<QAbstractSpinBox*>(attempts)) {
            spin->setFocus();
            spin->selectAll();
            QTest::keyClicks(spin, "0");
            QTest::keyClick(spin, Qt::Key_Tab);
        }
        if (dialog.resilienceForm()->formJson().value("retry").toObject().value("maxAttempts").toInt() != 0)
            QSKIP("the attempts editor does not accept 0");
        QTest::mouseClick(dialog.okButton(), Qt::LeftButton);
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.pages()->currentWidget(), dialog.resilienceForm());
        QVERIFY(!m_store.isSet("resilience.retry.maxAttempts"));
    }

    void screenshots()
    {
        QVERIFY(!m_store.set("poll.interval_s", "60"));
        PreferencesDialog dialog(m_store, services(), {});
        dialog.resilienceForm()->setAppliesLive(true); // as PreferencesWiring opens it
        dialog.show();
        dialog.resize(720, 400); // the first three pages need less room than the resilience form
        QTest::mouseClick(dialog.testConnectionButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog.connectionResult().startsWith("OK"));
        settle();
        testing::saveScreenshot(dialog, QStringLiteral("screenshot-preferences-connection.png"));
        dialog.pages()->setCurrentIndex(1);
        retype(edit(dialog, "cache.redis_url"), "redis://cache.lan:6379/0");
        QTest::mouseClick(dialog.testCacheButton(), Qt::LeftButton);
        QTRY_VERIFY(dialog.cacheResult().startsWith("OK"));
        settle();
        testing::saveScreenshot(dialog, QStringLiteral("screenshot-preferences-polling.png"));
        dialog.pages()->setCurrentIndex(2);
        settle();
        testing::saveScreenshot(dialog, QStringLiteral("screenshot-preferences-look.png"));
        dialog.pages()->setCurrentIndex(3);
        dialog.resize(1040, 600); // its default size
        settle();
        testing::saveScreenshot(dialog, QStringLiteral("screenshot-preferences-resilience.png"));
    }
};

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName("OilWatch-test");
    QCoreApplication::setApplicationName("tst_preferencesdialog");
    TestPreferencesDialog test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_preferencesdialog.moc"
