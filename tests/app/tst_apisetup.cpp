// Where the running app gets its key, its endpoint and its prices: OILPRICEAPI_KEY, else the keychain; a
// plain-text key from an earlier version is moved into a working keychain and off the settings file, or kept
// (with a warning) where none works; the live endpoint comes from api.base_url. The choice table (key, no
// key, offline, --demo, --base-url) and the public demo's fallback to the built-in simulator run against
// simulators and closed ports on loopback: never the network.
#include "app/apisetup.h"
#include "secrets/secretstore.h"
#include "settings/settingsstore.h"
#include "sim/simserver.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSettings>
#include <QTcpServer>
#include <QTest>

using namespace oilwatch;

namespace {

QByteArray settingsFile()
{
    QFile file(settings::SettingsStore().fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

enum class Expected
{
    Live,
    PublicDemo,
    Simulator,
    BaseUrl,
};

// A loopback port nothing listens on: connections to it are refused at once.
QUrl closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

} // namespace

Q_DECLARE_METATYPE(Expected)

class TestApiSetup : public QObject
{
    Q_OBJECT
private:
    sim::SimServer m_sim;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_sim.start()); }
    void cleanup() { qputenv("OILPRICEAPI_KEY", ""); }

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

    void chooseApi_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<bool>("forceDemo");
        QTest::addColumn<bool>("baseUrl");
        QTest::addColumn<bool>("publicDemoWithoutKey");
        QTest::addColumn<bool>("offline");
        QTest::addColumn<Expected>("expected");
        QTest::newRow("key: the live API") << "k3y" << false << false << true << false << Expected::Live;
        QTest::newRow("key, offline: still the live API (the cache serves)")
            << "k3y" << false << false << true << true << Expected::Live;
        QTest::newRow("no key, dashboard: the public demo")
            << "" << false << false << true << false << Expected::PublicDemo;
        QTest::newRow("no key, dashboard, offline: the simulator")
            << "" << false << false << true << true << Expected::Simulator;
        QTest::newRow("no key, fetch/watch: the simulator as before")
            << "" << false << false << false << false << Expected::Simulator;
        QTest::newRow("--demo means the simulator, key or not")
            << "k3y" << true << false << true << false << Expected::Simulator;
        QTest::newRow("--demo without a key") << "" << true << false << true << false << Expected::Simulator;
        QTest::newRow("--base-url wins") << "" << false << true << true << false << Expected::BaseUrl;
    }
    void chooseApi()
    {
        QFETCH(QString, key);
        QFETCH(bool, forceDemo);
        QFETCH(bool, baseUrl);
        QFETCH(bool, publicDemoWithoutKey);
        QFETCH(bool, offline);
        QFETCH(Expected, expected);
        qputenv("OILPRICEAPI_KEY", key.toUtf8());
        app::ApiChoice choice(forceDemo, baseUrl ? std::optional(m_sim.baseUrl()) : std::nullopt);
        choice.publicDemoWithoutKey = publicDemoWithoutKey;
        choice.offline = offline;
        choice.publicDemoBaseUrl = QUrl(QStringLiteral("http://127.0.0.1:1")); // never asked by chooseApi
        auto result = app::chooseApi(choice);
        QVERIFY(std::holds_alternative<app::ApiSetup>(result));
        const app::ApiSetup& setup = std::get<app::ApiSetup>(result);
        const api::Origin origin = app::originFor(choice);
        QCOMPARE(setup.config.origin(), origin);
        switch (expected) {
        case Expected::Live:
            QVERIFY(!setup.simulated && !setup.config.publicDemo);
            QCOMPARE(setup.config.baseUrl, api::ClientConfig::defaultBaseUrl());
            QCOMPARE(setup.config.apiKey, key);
            break;
        case Expected::PublicDemo:
            QVERIFY(!setup.simulated);
            QVERIFY(!setup.simulator); // nothing started
            QVERIFY(setup.config.publicDemo);
            QVERIFY(setup.config.apiKey.isEmpty());
            QCOMPARE(setup.config.baseUrl, *choice.publicDemoBaseUrl);
            QVERIFY(setup.config.origin().isDemo());
            break;
        case Expected::Simulator:
            QVERIFY(setup.simulated && setup.simulator && setup.simulator->isListening());
            QVERIFY(!setup.config.publicDemo);
            QVERIFY(setup.config.origin().isSimulator());
            break;
        case Expected::BaseUrl:
            QVERIFY(!setup.simulated && !setup.config.publicDemo);
            QCOMPARE(setup.config.baseUrl, m_sim.baseUrl());
            break;
        }
    }

    // The demo answers (here: a simulator standing in for the real server): it is kept, at the cost of one
    // request.
    void aReachableDemoIsKept()
    {
        app::ApiChoice choice;
        choice.publicDemoWithoutKey = true;
        choice.publicDemoBaseUrl = m_sim.baseUrl();
        auto result = app::chooseApi(choice);
        app::ApiSetup setup = std::move(std::get<app::ApiSetup>(result));
        const quint64 before = m_sim.requestCount();
        QVERIFY(!app::confirmPublicDemo(setup, std::chrono::seconds(2)));
        QVERIFY(setup.config.publicDemo);
        QVERIFY(!setup.simulated);
        QCOMPARE(m_sim.requestCount() - before, quint64(1));
    }

    // Rate limited is not offline: the demo is kept and the feed honours the Retry-After.
    void aRateLimitedDemoIsKept()
    {
        sim::FaultSettings faults;
        faults.forcedStatus = 429;
        m_sim.setFaults(faults);
        app::ApiChoice choice;
        choice.publicDemoWithoutKey = true;
        choice.publicDemoBaseUrl = m_sim.baseUrl();
        app::ApiSetup setup = std::move(std::get<app::ApiSetup>(app::chooseApi(choice)));
        QVERIFY(!app::confirmPublicDemo(setup, std::chrono::seconds(2)));
        m_sim.setFaults({});
        QVERIFY(setup.config.publicDemo);
    }

    // No answer (connection refused): the built-in simulator instead, so the first window shows prices.
    void anUnreachableDemoFallsBackToTheSimulator()
    {
        app::ApiChoice choice;
        choice.publicDemoWithoutKey = true;
        choice.publicDemoBaseUrl = closedPort();
        app::ApiSetup setup = std::move(std::get<app::ApiSetup>(app::chooseApi(choice)));
        QVERIFY(setup.config.publicDemo);
        QElapsedTimer timer;
        timer.start();
        QVERIFY(!app::confirmPublicDemo(setup, std::chrono::seconds(2)));
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(setup.simulated);
        QVERIFY(setup.simulator && setup.simulator->isListening());
        QVERIFY(!setup.config.publicDemo);
        QVERIFY(setup.config.origin().isSimulator());
        QVERIFY(!setup.config.validate());
    }

    void otherSetupsAreLeftAlone()
    {
        qputenv("OILPRICEAPI_KEY", "k3y");
        app::ApiSetup setup = std::move(std::get<app::ApiSetup>(app::chooseApi(app::ApiChoice {})));
        const quint64 before = m_sim.requestCount();
        QVERIFY(!app::confirmPublicDemo(setup));
        QVERIFY(!setup.simulated);
        QCOMPARE(setup.config.apiKey, QStringLiteral("k3y"));
        QCOMPARE(m_sim.requestCount(), before);
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
