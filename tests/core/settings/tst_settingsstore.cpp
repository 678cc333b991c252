// The settings store on a real ini file: every key's default, accepted and rejected values (with the
// message a user sees), the typed getters, and the QSettings names earlier versions wrote, read unchanged.
#include "settings/settingsstore.h"

#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using namespace oilwatch::settings;

namespace {

void writeFile(const QString& path, const QByteArray& text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(text);
}

} // namespace

class TestSettingsStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::newRow("endpoint") << "api.base_url"
                                  << "https://api.oilpriceapi.com";
        QTest::newRow("poll") << "poll.interval_s"
                              << "60";
        QTest::newRow("cache") << "cache.backend"
                               << "local";
        QTest::newRow("redis") << "cache.redis_url"
                               << "";
        QTest::newRow("theme") << "look.theme"
                               << "system";
        QTest::newRow("skew") << "validation.clock_skew_s"
                              << "300";
        QTest::newRow("age") << "validation.max_latest_age_h"
                             << "120";
        QTest::newRow("spike") << "validation.spike_default"
                               << "10,15";
        QTest::newRow("attempts") << "resilience.retry.maxAttempts"
                                  << "4";
        QTest::newRow("jitter") << "resilience.retry.jitter"
                                << "full";
        QTest::newRow("budget") << "resilience.budget.enabled"
                                << "true";
        QTest::newRow("per-code unset") << "validation.range.WTI_USD"
                                        << "";
    }
    void defaults()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QTemporaryDir dir;
        QSettings ini(dir.filePath("s.ini"), QSettings::IniFormat);
        SettingsStore store(ini);
        const auto got = store.get(key);
        QVERIFY2(got.ok(), qPrintable(key));
        QCOMPARE(got.value(), value);
        QVERIFY(!store.isSet(key));
    }

    void values_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("error"); // empty: accepted
        QTest::newRow("https remote") << "api.base_url"
                                      << "https://example.com/v1"
                                      << "";
        QTest::newRow("http loopback") << "api.base_url"
                                       << "http://127.0.0.1:8080"
                                       << "";
        QTest::newRow("http remote") << "api.base_url"
                                     << "http://example.com"
                                     << "refusing plain http to example.com: the API key would travel "
                                        "unencrypted; use https (plain http is allowed for loopback only)";
        QTest::newRow("not a url") << "api.base_url"
                                   << "example"
                                   << "base URL \"example\" is not an absolute http(s) URL";
        QTest::newRow("ftp") << "api.base_url"
                             << "ftp://example.com"
                             << "base URL scheme \"ftp\" is not http or https";
        QTest::newRow("poll ok") << "poll.interval_s"
                                 << "300"
                                 << "";
        QTest::newRow("poll zero") << "poll.interval_s"
                                   << "0"
                                   << "must be a whole number of seconds from 1 to 86400, got \"0\"";
        QTest::newRow("poll text") << "poll.interval_s"
                                   << "soon"
                                   << "must be a whole number of seconds from 1 to 86400, got \"soon\"";
        QTest::newRow("poll fraction") << "poll.interval_s"
                                       << "1.5"
                                       << "must be a whole number of seconds from 1 to 86400, got \"1.5\"";
        QTest::newRow("backend local") << "cache.backend"
                                       << "local"
                                       << "";
        QTest::newRow("backend bad") << "cache.backend"
                                     << "memcached"
                                     << "must be one of local, redis, got \"memcached\"";
        QTest::newRow("redis url") << "cache.redis_url"
                                   << "redis://cache.lan:6380/2"
                                   << "";
        QTest::newRow("redis http") << "cache.redis_url"
                                    << "http://cache.lan"
                                    << "bad Redis URL: the scheme must be redis:// (expected "
                                       "redis://[user:password@]HOST[:PORT][/DB])";
        QTest::newRow("theme dark") << "look.theme"
                                    << "dark"
                                    << "";
        QTest::newRow("theme pink") << "look.theme"
                                    << "pink"
                                    << "must be one of system, light, dark, got \"pink\"";
        QTest::newRow("skew") << "validation.clock_skew_s"
                              << "60"
                              << "";
        QTest::newRow("skew negative") << "validation.clock_skew_s"
                                       << "-1"
                                       << "must be a number above 0, got \"-1\"";
        QTest::newRow("spike") << "validation.spike_default"
                               << "5,10"
                               << "";
        QTest::newRow("spike one number")
            << "validation.spike_default"
            << "5"
            << "must be PERCENT,MINUTES with both above 0 (e.g. 8,15), got \"5\"";
        QTest::newRow("range") << "validation.range.WTI_USD"
                               << "-50,300"
                               << "";
        QTest::newRow("range reversed") << "validation.range.WTI_USD"
                                        << "300,-50"
                                        << "must be MIN,MAX with MIN <= MAX (e.g. -40,200), got \"300,-50\"";
        QTest::newRow("per-code spike") << "validation.spike.BRENT_CRUDE_USD"
                                        << "8,15"
                                        << "";
        QTest::newRow("attempts") << "resilience.retry.maxAttempts"
                                  << "2"
                                  << "";
        QTest::newRow("attempts text") << "resilience.retry.maxAttempts"
                                       << "many"
                                       << "must be a number, got \"many\"";
        QTest::newRow("attempts range") << "resilience.retry.maxAttempts"
                                        << "0"
                                        << "must be a whole number in [1, 10], got 0";
        QTest::newRow("bool") << "resilience.budget.enabled"
                              << "false"
                              << "";
        QTest::newRow("bool text") << "resilience.budget.enabled"
                                   << "yes"
                                   << "must be true or false, got \"yes\"";
    }
    void values()
    {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, error);
        QTemporaryDir dir;
        QSettings ini(dir.filePath("s.ini"), QSettings::IniFormat);
        SettingsStore store(ini);
        const QString before = store.get(key).value();
        const auto rejected = store.set(key, value);
        if (error.isEmpty()) {
            QVERIFY2(!rejected, qPrintable(rejected ? rejected->describe() : QString()));
            QCOMPARE(store.get(key).value(), value);
            QVERIFY(store.isSet(key));
            QVERIFY(!store.unset(key));
            QCOMPARE(store.get(key).value(), before);
        } else {
            QVERIFY(rejected);
            QCOMPARE(rejected->key, key);
            QCOMPARE(rejected->message, error);
            QCOMPARE(SettingsStore::check(key, value)->message, error);
            QCOMPARE(store.get(key).value(), before); // nothing stored
            QVERIFY(!store.isSet(key));
        }
    }

    void unknownKeysAreRejected_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("typo") << "poll.intervall_s";
        QTest::newRow("no such resilience leaf") << "resilience.retry.maxAttempt";
        QTest::newRow("bad code") << "validation.range.wti usd";
        QTest::newRow("the key is a secret, not a setting") << "api.key";
    }
    void unknownKeysAreRejected()
    {
        QFETCH(QString, key);
        QTemporaryDir dir;
        QSettings ini(dir.filePath("s.ini"), QSettings::IniFormat);
        SettingsStore store(ini);
        QVERIFY(!SettingsStore::isKnownKey(key));
        QVERIFY(!store.get(key).ok());
        QVERIFY(store.get(key).error().message.startsWith("unknown key"));
        QVERIFY(store.set(key, "1"));
        QVERIFY(store.unset(key));
        QVERIFY(ini.allKeys().isEmpty());
    }

    void redisBackendNeedsItsUrlFirst()
    {
        QTemporaryDir dir;
        QSettings ini(dir.filePath("s.ini"), QSettings::IniFormat);
        SettingsStore store(ini);
        const auto refused = store.set("cache.backend", "redis");
        QVERIFY(refused);
        QCOMPARE(refused->message, QString("set cache.redis_url first: the redis backend needs its URL"));
        QVERIFY(!store.sharedCacheUrl());
        QVERIFY(!store.set("cache.redis_url", "redis://cache.lan:6380"));
        QVERIFY(!store.sharedCacheUrl()); // still local
        QVERIFY(!store.set("cache.backend", "redis"));
        QCOMPARE(store.sharedCacheUrl(), QUrl("redis://cache.lan:6380"));
    }

    void typedGettersFallBackOnHandEditedNonsense()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("s.ini");
        writeFile(path,
            "[api]\nbase_url=http://example.com\n[poll]\ninterval_s=often\n[look]\ntheme=pink\n"
            "[cache]\nbackend=redis\nredis_url=nonsense\n");
        QSettings ini(path, QSettings::IniFormat);
        SettingsStore store(ini);
        QCOMPARE(store.baseUrl(), QUrl("https://api.oilpriceapi.com"));
        QVERIFY(!store.pollInterval());
        QCOMPARE(store.theme(), Theme::System);
        QVERIFY(!store.sharedCacheUrl());
    }

    void typedGetters()
    {
        QTemporaryDir dir;
        QSettings ini(dir.filePath("s.ini"), QSettings::IniFormat);
        SettingsStore store(ini);
        QVERIFY(!store.pollInterval());
        QVERIFY(!store.set("poll.interval_s", "90"));
        QCOMPARE(*store.pollInterval(), std::chrono::milliseconds(90'000));
        QVERIFY(!store.set("look.theme", "dark"));
        QCOMPARE(store.theme(), Theme::Dark);
        QVERIFY(!store.set("api.base_url", "https://eu.example.com"));
        QCOMPARE(store.baseUrl(), QUrl("https://eu.example.com"));
        QVERIFY(!store.set("resilience.retry.maxAttempts", "2"));
        QCOMPARE(store.resilience().settings.retry.maxAttempts, 2);
    }

    // What earlier versions saved, under the names they used, is what the store reads.
    void earlierFilesReadUnchanged()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("s.ini");
        writeFile(path,
            "[api]\nkey=sk-legacy-123\n"
            "[resilience]\nsettings=\"{\\\"retry\\\":{\\\"maxAttempts\\\":2}}\"\n"
            "[validation]\nclock_skew_s=60\nspike_default=\"5,10\"\nrange\\WTI_USD=-50,300\n");
        QSettings ini(path, QSettings::IniFormat);
        SettingsStore store(ini);
        QCOMPARE(store.get("resilience.retry.maxAttempts").value(), QString("2"));
        QVERIFY(store.isSet("resilience.retry.maxAttempts"));
        QVERIFY(!store.isSet("resilience.retry.baseMs"));
        QCOMPARE(store.get("validation.clock_skew_s").value(), QString("60"));
        QCOMPARE(store.get("validation.spike_default").value(), QString("5,10"));
        QCOMPARE(store.get("validation.range.WTI_USD").value(), QString("-50,300")); // unquoted: a list
        QCOMPARE(store.legacyApiKey(), QString("sk-legacy-123"));

        // Setting one resilience leaf keeps the others that were stored.
        QVERIFY(!store.set("resilience.retry.baseMs", "250"));
        QCOMPARE(store.get("resilience.retry.maxAttempts").value(), QString("2"));
        QCOMPARE(store.resilience().settings.retry.backoff.baseMs, 250);

        store.removeLegacyApiKey();
        QVERIFY(store.legacyApiKey().isEmpty());
        QVERIFY(!QFile::exists(path) || !QFile(path).readAll().contains("sk-legacy"));
    }

    void listShowsEveryKeyAndTheSetPerCodeOnes()
    {
        QTemporaryDir dir;
        QSettings ini(dir.filePath("s.ini"), QSettings::IniFormat);
        SettingsStore store(ini);
        QVERIFY(!store.set("validation.range.WTI_USD", "-50,300"));
        const auto entries = store.list();
        QStringList keys;
        for (const auto& entry : entries)
            keys << entry.first;
        QCOMPARE(keys.mid(0, SettingsStore::fixedKeys().size()), SettingsStore::fixedKeys());
        QVERIFY(keys.contains("validation.range.WTI_USD"));
        QVERIFY(keys.contains("resilience.breaker.failureRateThreshold"));
        QCOMPARE(keys.size(), SettingsStore::fixedKeys().size() + 1);
    }
};

QTEST_GUILESS_MAIN(TestSettingsStore)
#include "tst_settingsstore.moc"
