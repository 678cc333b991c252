// Where the API key comes from: OILPRICEAPI_KEY, the keychain, the session, the legacy settings value, in
// that order, each asked only when the one before gave nothing.
#include "logging/redaction.h"
#include "secrets/apikeysource.h"

#include <QTest>

using namespace oilwatch;
using namespace oilwatch::secrets;

namespace {

ResolvedKey resolve(SecretStore* keychain, SecretStore* session, const QString& legacy = {})
{
    std::optional<ResolvedKey> out;
    QObject context;
    resolveApiKey(keychain, session, legacy, &context, [&](const ResolvedKey& key) { out = key; });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 5'000))
        qFatal("resolveApiKey did not answer");
    return *out;
}

} // namespace

class TestApiKeySource : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { qputenv(kApiKeyEnvironment, ""); }

    void order_data()
    {
        QTest::addColumn<QString>("environment");
        QTest::addColumn<QString>("keychain"); // "!" : the keychain fails
        QTest::addColumn<QString>("session");
        QTest::addColumn<QString>("legacy");
        QTest::addColumn<QString>("key");
        QTest::addColumn<int>("source");
        QTest::newRow("nothing") << ""
                                 << ""
                                 << ""
                                 << ""
                                 << "" << int(KeySource::None);
        QTest::newRow("environment wins") << "sk-env"
                                          << "sk-kc"
                                          << "sk-s"
                                          << "sk-l"
                                          << "sk-env" << int(KeySource::Environment);
        QTest::newRow("keychain") << ""
                                  << "sk-kc"
                                  << "sk-s"
                                  << "sk-l"
                                  << "sk-kc" << int(KeySource::Keychain);
        QTest::newRow("session when the keychain has none") << ""
                                                            << ""
                                                            << "sk-s"
                                                            << "sk-l"
                                                            << "sk-s" << int(KeySource::Session);
        QTest::newRow("session when there is no keychain") << ""
                                                           << "!"
                                                           << "sk-s"
                                                           << ""
                                                           << "sk-s" << int(KeySource::Session);
        QTest::newRow("legacy last") << ""
                                     << "!"
                                     << ""
                                     << "sk-l"
                                     << "sk-l" << int(KeySource::LegacySettingsFile);
        QTest::newRow("blank is nothing") << "  "
                                          << ""
                                          << " "
                                          << ""
                                          << "" << int(KeySource::None);
    }
    void order()
    {
        QFETCH(QString, environment);
        QFETCH(QString, keychain);
        QFETCH(QString, session);
        QFETCH(QString, legacy);
        QFETCH(QString, key);
        QFETCH(int, source);
        qputenv(kApiKeyEnvironment, environment.toUtf8());
        MemorySecretStore keychainStore("keychain");
        MemorySecretStore sessionStore;
        if (keychain == "!")
            keychainStore.failWith(SecretError {SecretErrorKind::NoKeychain, "no usable keychain"});
        else if (!keychain.isEmpty())
            QVERIFY(!writeAndWait(keychainStore, kApiKeyName, keychain));
        if (!session.isEmpty())
            QVERIFY(!writeAndWait(sessionStore, kApiKeyName, session));
        const ResolvedKey resolved = resolve(&keychainStore, &sessionStore, legacy);
        QCOMPARE(resolved.key, key);
        QCOMPARE(int(resolved.source), source);
        QCOMPARE(resolved.keychainError.has_value(), keychain == "!" && environment.trimmed().isEmpty());
        if (!key.isEmpty())
            QVERIFY(!logging::redactSecrets(QStringLiteral("key=") + key).contains(key));
    }

    void worksWithoutStores()
    {
        const ResolvedKey resolved = resolve(nullptr, nullptr, "sk-l");
        QCOMPARE(resolved.source, KeySource::LegacySettingsFile);
    }
};

QTEST_GUILESS_MAIN(TestApiKeySource)
#include "tst_apikeysource.moc"
