// `oilwatch config`: the arguments it accepts, and each action against the settings file and a fake keychain
// (the real binary is driven in tst_cli).
#include "app/commandhelp.h"
#include "app/commandline.h"
#include "app/configcommand.h"
#include "secrets/secretstore.h"
#include "settings/settingsstore.h"

#include <QFile>
#include <QSettings>
#include <QTest>
#include <QTextStream>

using namespace oilwatch;
using namespace oilwatch::app;

namespace {

struct Outcome
{
    int exitCode = -1;
    QString out;
    QString err;
};

Outcome runWith(const QStringList& arguments, secrets::SecretStore* keychain, QString input = {})
{
    const ConfigParse parsed = parseConfigArguments(arguments);
    if (!parsed.options)
        qFatal("not a config command: %s", qPrintable(arguments.join(' ')));
    Outcome outcome;
    QTextStream in(&input);
    QTextStream out(&outcome.out);
    QTextStream err(&outcome.err);
    outcome.exitCode = runConfig(*parsed.options, in, out, err, keychain);
    return outcome;
}

} // namespace

class TestConfigCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QSettings().clear(); }

    void parsing_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error"); // empty: parses
        QTest::newRow("list") << QStringList {"list"} << "";
        QTest::newRow("get") << QStringList {"get", "look.theme"} << "";
        QTest::newRow("set") << QStringList {"set", "look.theme", "dark"} << "";
        QTest::newRow("unset") << QStringList {"unset", "look.theme"} << "";
        QTest::newRow("set-key") << QStringList {"set-key"} << "";
        QTest::newRow("nothing") << QStringList {}
                                 << "config: say what to do: list, get, set, unset, set-key or unset-key";
        QTest::newRow("set without value")
            << QStringList {"set", "look.theme"} << "usage: oilwatch config set KEY VALUE";
        QTest::newRow("key as an argument is refused") << QStringList {
            "set-key", "sk-123"} << "usage: oilwatch config set-key (the key on stdin, never as an argument)";
        QTest::newRow("unknown verb") << QStringList {
            "edit"} << "config: unknown action \"edit\" (list, get, set, unset, set-key, unset-key)";
        QTest::newRow("unknown option")
            << QStringList {"list", "--global"} << "config: unknown option \"--global\"";
    }
    void parsing()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        const ConfigParse parsed = parseConfigArguments(arguments);
        QCOMPARE(parsed.options.has_value(), error.isEmpty());
        QCOMPARE(parsed.error, error);
        // Through the command line too: a usage error there exits 2.
        const Command command = parseCommandLine(QStringList {"config"} + arguments);
        if (error.isEmpty())
            QVERIFY(std::holds_alternative<ConfigOptions>(command));
        else
            QCOMPARE(std::get<UsageError>(command).message, error);
    }

    void helpIsAnAnswer()
    {
        const Command command = parseCommandLine({"config", "--help"});
        QVERIFY(std::get<HelpRequest>(command).text.contains("oilwatch config set-key"));
        QVERIFY(helpText().contains("oilwatch config list"));
    }

    void setGetUnset()
    {
        QCOMPARE(runWith({"set", "poll.interval_s", "120"}, nullptr).exitCode, 0);
        Outcome got = runWith({"get", "poll.interval_s"}, nullptr);
        QCOMPARE(got.exitCode, 0);
        QCOMPARE(got.out, QString("120\n"));
        const Outcome bad = runWith({"set", "poll.interval_s", "0"}, nullptr);
        QCOMPARE(bad.exitCode, 2);
        QCOMPARE(bad.err,
            QString("oilwatch config: poll.interval_s: must be a whole number of seconds from 1 to 86400, "
                    "got \"0\"\n"));
        QCOMPARE(runWith({"get", "poll.interval_s"}, nullptr).out, QString("120\n"));
        QCOMPARE(runWith({"unset", "poll.interval_s"}, nullptr).exitCode, 0);
        QCOMPARE(runWith({"get", "poll.interval_s"}, nullptr).out, QString("60\n"));
        QCOMPARE(runWith({"get", "poll.every"}, nullptr).exitCode, 2);
    }

    void listMasksARedisPassword()
    {
        QCOMPARE(
            runWith({"set", "cache.redis_url", "redis://:hunter2@cache.lan:6380/1"}, nullptr).exitCode, 0);
        const Outcome listed = runWith({"list"}, nullptr);
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.contains("cache.redis_url=redis://:***@cache.lan:6380/1\n"));
        QVERIFY(!listed.out.contains("hunter2"));
        QVERIFY(listed.out.startsWith("api.base_url=https://api.oilpriceapi.com\n"));
    }

    void setKeyStoresInTheKeychainAndRemovesThePlainTextOne()
    {
        settings::SettingsStore store;
        store.backing().setValue("api/key", "sk-old-plain");
        store.backing().sync();
        secrets::MemorySecretStore keychain("the fake keychain");
        const Outcome stored = runWith({"set-key"}, &keychain, "  sk-new-123 \n");
        QCOMPARE(stored.exitCode, 0);
        QCOMPARE(*keychain.peek(secrets::kApiKeyName), QString("sk-new-123"));
        QVERIFY(store.legacyApiKey().isEmpty());
        QFile file(store.fileName());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray onDisk = file.readAll();
        QVERIFY(!onDisk.contains("sk-new-123"));
        QVERIFY(!onDisk.contains("sk-old-plain"));
        QVERIFY(!stored.out.contains("sk-new") && !stored.err.contains("sk-new"));

        QCOMPARE(runWith({"unset-key"}, &keychain).exitCode, 0);
        QVERIFY(!keychain.peek(secrets::kApiKeyName));
    }

    void setKeyWithoutAKeychainSaysWhatToDoInstead()
    {
        secrets::MemorySecretStore keychain;
        keychain.failWith(secrets::SecretError {secrets::SecretErrorKind::NoKeychain,
            "no usable keychain: Cannot autolaunch D-Bus without X11 $DISPLAY"});
        const Outcome failed = runWith({"set-key"}, &keychain, "sk-new-123\n");
        QCOMPARE(failed.exitCode, 1);
        QVERIFY(failed.err.startsWith("oilwatch config: no usable keychain: Cannot autolaunch D-Bus"));
        QVERIFY(failed.err.contains("export OILPRICEAPI_KEY="));
        QVERIFY(!failed.err.contains("sk-new-123"));
        QCOMPARE(runWith({"set-key"}, nullptr, "sk-new-123\n").exitCode, 1);
    }

    void setKeyNeedsAKey()
    {
        secrets::MemorySecretStore keychain;
        const Outcome empty = runWith({"set-key"}, &keychain, "\n");
        QCOMPARE(empty.exitCode, 2);
        QVERIFY(empty.err.contains("no key on stdin"));
        QVERIFY(!keychain.peek(secrets::kApiKeyName));
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName("OilWatch-test");
    QCoreApplication::setApplicationName("tst_configcommand");
    TestConfigCommand test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_configcommand.moc"
