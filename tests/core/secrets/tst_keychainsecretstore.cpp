// KeychainSecretStore: QtKeychain's errors mapped to ours (OtherError, the headless case of toolchain.md §5,
// is "no keychain"), and one end-to-end round trip through a real Secret Service: gnome-keyring in its own
// D-Bus session with a throw-away HOME. That part SKIPs, saying why, where the tools are not installed.
#include "secrets/keychainsecretstore.h"

#include <QDir>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <qt6keychain/keychain.h>

using namespace oilwatch::secrets;

namespace {

constexpr char kInsideSession[] = "OILWATCH_KEYCHAIN_E2E";

} // namespace

class TestKeychainSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorMapping_data()
    {
        QTest::addColumn<int>("keychainError");
        QTest::addColumn<int>("kind");
        QTest::newRow("not found") << int(QKeychain::EntryNotFound) << int(SecretErrorKind::NotFound);
        QTest::newRow("denied by user")
            << int(QKeychain::AccessDeniedByUser) << int(SecretErrorKind::AccessDenied);
        QTest::newRow("denied") << int(QKeychain::AccessDenied) << int(SecretErrorKind::AccessDenied);
        QTest::newRow("no backend") << int(QKeychain::NoBackendAvailable) << int(SecretErrorKind::NoKeychain);
        QTest::newRow("not implemented")
            << int(QKeychain::NotImplemented) << int(SecretErrorKind::NoKeychain);
        QTest::newRow("headless: other") << int(QKeychain::OtherError) << int(SecretErrorKind::NoKeychain);
        QTest::newRow("could not delete")
            << int(QKeychain::CouldNotDeleteEntry) << int(SecretErrorKind::Failed);
    }
    void errorMapping()
    {
        QFETCH(int, keychainError);
        QFETCH(int, kind);
        const SecretError error
            = KeychainSecretStore::mapError(keychainError, "Cannot autolaunch D-Bus without X11 $DISPLAY");
        QCOMPARE(int(error.kind), kind);
        QVERIFY(!error.message.isEmpty());
    }

    // Whatever this machine has, a read answers (a value, not found, or no keychain) instead of hanging, and
    // through the callback, never inside the call.
    void answersOnThisMachine()
    {
        if (qEnvironmentVariableIsSet(kInsideSession))
            QSKIP("run by endToEnd");
        KeychainSecretStore store(QStringLiteral("OilWatch-test"));
        const SecretReadResult result = readAndWait(store, QStringLiteral("never-written"), 30'000);
        QVERIFY(!result.value);
        QVERIFY(result.error);
        QVERIFY2(result.error->kind == SecretErrorKind::NotFound
                || result.error->kind == SecretErrorKind::NoKeychain,
            qPrintable(result.error->message));
    }

    void endToEnd()
    {
        if (qEnvironmentVariableIsSet(kInsideSession))
            QSKIP("already inside the session");
        const QString dbus = QStandardPaths::findExecutable("dbus-run-session");
        const QString keyring = QStandardPaths::findExecutable("gnome-keyring-daemon");
        if (dbus.isEmpty() || keyring.isEmpty())
            QSKIP("needs dbus-run-session and gnome-keyring-daemon (apt-get install --no-install-recommends "
                  "libsecret-1-0 gnome-keyring dbus); not installed here");
        QTemporaryDir home;
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", home.path());
        env.insert("XDG_DATA_HOME", home.path() + "/data");
        env.insert("XDG_CONFIG_HOME", home.path() + "/config");
        env.insert(kInsideSession, "1");
        env.remove("DBUS_SESSION_BUS_ADDRESS");
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        const QString self = QCoreApplication::applicationFilePath();
        child.start(dbus,
            {"--", "sh", "-c",
                "eval \"$(printf pw | gnome-keyring-daemon --unlock --components=secrets)\"; exec \"$0\" "
                "roundTrip",
                self});
        QVERIFY(child.waitForFinished(60'000));
        const QString output = QString::fromUtf8(child.readAll());
        if (output.contains("SKIP  : TestKeychainSecretStore::roundTrip() no keychain"))
            QSKIP(qPrintable("gnome-keyring did not provide a Secret Service here: " + output.right(400)));
        QVERIFY2(child.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains("PASS   : TestKeychainSecretStore::roundTrip()"), qPrintable(output));
        // The secret went to the keyring's own files, not to a plain-text settings file.
        QVERIFY(!QDir(home.path() + "/config").exists()
            || QDir(home.path() + "/config").entryList(QDir::Files | QDir::NoDotAndDotDot).isEmpty());
    }

    // Run by endToEnd inside dbus-run-session with an unlocked gnome-keyring.
    void roundTrip()
    {
        if (!qEnvironmentVariableIsSet(kInsideSession))
            QSKIP("run by endToEnd inside a D-Bus session");
        KeychainSecretStore store(QStringLiteral("OilWatch-test"));
        const auto written = writeAndWait(store, kApiKeyName, "sk-e2e-123", 30'000);
        if (written && written->keychainUnavailable())
            QSKIP(qPrintable("no keychain: " + written->message));
        QVERIFY2(!written, qPrintable(written ? written->message : QString()));
        const SecretReadResult read = readAndWait(store, kApiKeyName, 30'000);
        QVERIFY2(read.value, qPrintable(read.error ? read.error->message : QString()));
        QCOMPARE(*read.value, QString("sk-e2e-123"));
        QVERIFY(!removeAndWait(store, kApiKeyName, 30'000));
        QCOMPARE(readAndWait(store, kApiKeyName, 30'000).error->kind, SecretErrorKind::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestKeychainSecretStore)
#include "tst_keychainsecretstore.moc"
