// Where the running app gets its key and endpoint: OILPRICEAPI_KEY, else the keychain; a plain-text key from
// an earlier version is moved into a working keychain and off the settings file, or kept (with a warning)
// where none works; the live endpoint comes from api.base_url.
#include "app/apisetup.h"
#include "secrets/secretstore.h"
#include "settings/settingsstore.h"

#include <QFile>
#include <QSettings>
#include <QTest>

using namespace oilwatch;

namespace {

QByteArray settingsFile()
{
    QFile file(settings::SettingsStore().fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestApiSetup : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        qputenv("OILPRICEAPI_KEY", "");
        QSettings().clear();
        QSettings().sync();
    }

    void aPlainTextKeyMovesIntoAWorkingKeychain()
    {
        QSettings().setValue("api/key", "opa_live_legacy_2718");
        QSettings().sync();
        secrets::MemorySecretStore keychain("the fake keychain");
        const secrets::ResolvedKey resolved = app::resolveApiKeyAndWait(&keychain);
        QCOMPARE(resolved.key, QString("opa_live_legacy_2718"));
        QCOMPARE(resolved.source, secrets::KeySource::Keychain);
        QCOMPARE(*keychain.peek(secrets::kApiKeyName), QString("opa_live_legacy_2718"));
        QVERIFY(settings::SettingsStore().legacyApiKey().isEmpty());
        QVERIFY(!settingsFile().contains("opa_live_legacy_2718"));
        // Next start: from the keychain.
        QCOMPARE(app::resolveApiKeyAndWait(&keychain).source, secrets::KeySource::Keychain);
    }

    void withoutAKeychainThePlainTextKeyIsKept()
    {
        QSettings().setValue("api/key", "opa_live_legacy_2718");
        QSettings().sync();
        secrets::MemorySecretStore keychain;
        keychain.failWith(secrets::SecretError {secrets::SecretErrorKind::NoKeychain, "no usable keychain"});
        const secrets::ResolvedKey resolved = app::resolveApiKeyAndWait(&keychain);
        QCOMPARE(resolved.key, QString("opa_live_legacy_2718"));
        QCOMPARE(resolved.source, secrets::KeySource::LegacySettingsFile);
        QCOMPARE(settings::SettingsStore().legacyApiKey(), QString("opa_live_legacy_2718")); // not lost
        QCOMPARE(app::resolveApiKeyAndWait(nullptr).source, secrets::KeySource::LegacySettingsFile);
    }

    void theEnvironmentWins()
    {
        qputenv("OILPRICEAPI_KEY", "opa_live_env_1618");
        secrets::MemorySecretStore keychain;
        QVERIFY(!secrets::writeAndWait(keychain, secrets::kApiKeyName, "opa_live_kc_1414"));
        const secrets::ResolvedKey resolved = app::resolveApiKeyAndWait(&keychain);
        QCOMPARE(resolved.key, QString("opa_live_env_1618"));
        QCOMPARE(resolved.source, secrets::KeySource::Environment);
    }

    void theLiveEndpointComesFromTheSettings()
    {
        qputenv("OILPRICEAPI_KEY", "opa_live_env_1618");
        QVERIFY(!settings::SettingsStore().set("api.base_url", "https://eu.prices.example.com/v1"));
        auto choice = app::chooseApi({});
        QVERIFY(std::holds_alternative<app::ApiSetup>(choice));
        const app::ApiSetup& setup = std::get<app::ApiSetup>(choice);
        QCOMPARE(setup.config.baseUrl, QUrl("https://eu.prices.example.com/v1"));
        QCOMPARE(setup.keySource, secrets::KeySource::Environment);
        QCOMPARE(app::originFor({}), api::Origin::forBaseUrl(QUrl("https://eu.prices.example.com/v1")));
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("OilWatch-test");
    QCoreApplication::setApplicationName("tst_apisetup");
    TestApiSetup test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_apisetup.moc"
