// The real oilwatch binary, run as a user would: exit codes, JSON lines, errors on stderr, the simulator
// command.
#include "support/redisserver.h"

#include <csignal>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

const char* line(const QJsonObject& object)
{
    static QByteArray text;
    text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return text.constData();
}

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

using oilwatch::testing::RedisServer;

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    // Each test gets its own data folder: the cache and the history persist across runs of the binary, and
    // one test's prices must not be served to the next as fresh.
    int m_testNumber = 0;
    QProcess m_sim;
    quint16 m_simPort = 0;

    QProcessEnvironment environment(const QString& key = {}, const QString& cacheUrl = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", m_home.path());
        env.insert("XDG_DATA_HOME", m_home.path() + QStringLiteral("/data-%1").arg(m_testNumber));
        env.insert("XDG_CONFIG_HOME", m_home.path() + "/config");
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("OILPRICEAPI_KEY", key);
        env.insert("OILWATCH_CACHE_URL", cacheUrl);
        return env;
    }

    Run run(const QStringList& arguments, const QString& key = {}, const QString& cacheUrl = {}) const
    {
        QProcess process;
        process.setProcessEnvironment(environment(key, cacheUrl));
        process.start(OILWATCH_BINARY, arguments);
        Run result;
        if (!process.waitForFinished(30000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    QString simUrl() const { return QString("http://127.0.0.1:%1").arg(m_simPort); }

private Q_SLOTS:
    void init() { ++m_testNumber; }
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_sim.setProcessEnvironment(environment());
        m_sim.start(OILWATCH_BINARY, {"sim", "--port", "0", "--seed", "3"});
        QVERIFY(m_sim.waitForReadyRead(10000));
        const QByteArray first = m_sim.readLine();
        const QRegularExpression pattern("^listening on 127\\.0\\.0\\.1:(\\d+)\\n$");
        const auto match = pattern.match(QString::fromUtf8(first));
        QVERIFY2(match.hasMatch(), first.constData());
        m_simPort = match.captured(1).toUShort();
        QVERIFY(m_simPort > 0);
    }

    void cleanupTestCase()
    {
        if (m_sim.state() == QProcess::NotRunning)
            return;
        ::kill(static_cast<pid_t>(m_sim.processId()), SIGTERM);
        QVERIFY(m_sim.waitForFinished(10000));
        QCOMPARE(m_sim.exitStatus(), QProcess::NormalExit);
        QCOMPARE(m_sim.exitCode(), 0);
        QVERIFY(m_sim.readAllStandardOutput().contains("stopped after"));
    }

    void version()
    {
        const Run r = run({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("oilwatch 0."));
        QVERIFY(r.out.contains(QByteArray("Qt ") + qVersion()));
        // The git description (or "unknown" outside a checkout) comes first in the parentheses.
        QVERIFY2(QRegularExpression("^oilwatch [0-9.]+ \\(git [^ ,]+, Qt ")
                     .match(QString::fromUtf8(r.out))
                     .hasMatch(),
            r.out.constData());
    }

    void helpListsExitCodes()
    {
        const Run r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Exit codes"));
        QVERIFY(r.out.contains("oilwatch fetch CODE..."));
        QVERIFY(r.out.contains("oilwatch cache stats"));
        QVERIFY(r.out.contains("oilwatch history CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--json]"));
        QVERIFY(r.out.contains("--cache-url URL"));
        QVERIFY(r.out.contains("OILWATCH_CACHE_URL"));
        QVERIFY(r.out.contains("[--metrics-listen ADDR:PORT]"));
        QVERIFY(r.out.contains("OILWATCH_METRICS_LISTEN"));
    }

    void badFlagExitsTwoWithOneClearLine()
    {
        const Run r = run({"fetch", "WTI_USD", "--bogus"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.startsWith("oilwatch: fetch: Unknown option 'bogus'"));
        QVERIFY(r.out.isEmpty());
    }

    void fetchTextAgainstSim()
    {
        const Run r = run({"fetch", "BRENT_CRUDE_USD", "--base-url", simUrl()});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.startsWith("BRENT_CRUDE_USD"), r.out.constData());
        QVERIFY(r.out.contains("USD/barrel"));
        QVERIFY(r.out.contains("live, 1 attempt"));
    }

    void fetchJsonLines()
    {
        const Run r = run({"fetch", "BRENT_CRUDE_USD", "NATURAL_GAS_USD", "--json", "--base-url", simUrl()});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QStringList codes {"BRENT_CRUDE_USD", "NATURAL_GAS_USD"};
        for (int i = 0; i < lines.size(); ++i) {
            QJsonParseError error {};
            const QJsonObject object = QJsonDocument::fromJson(lines.at(i), &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(object.value("code").toString(), codes.at(i)); // in the order asked
            QVERIFY(object.value("price").toDouble() > 0);
            for (const char* key : {"currency", "unit", "created_at", "source", "served_from"})
                QVERIFY2(!object.value(key).toString().isEmpty(), key);
            QCOMPARE(object.value("served_from").toString(), QString("live"));
            QVERIFY(object.value("age_s").isDouble());
            QCOMPARE(object.value("age_s").toDouble(), 0.0);
            QCOMPARE(object.value("attempts").toInt(), 1);
            QVERIFY(object.value("latency_ms").isDouble());
        }
    }

    void fetchWrongKeyExitsThree()
    {
        const Run r = run({"fetch", "WTI_USD", "--base-url", simUrl()}, "opa_test_not_the_key_42");
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.startsWith("oilwatch fetch: auth:"));
        QVERIFY(!r.err.contains("opa_test_not_the_key_42"));
        QVERIFY(r.out.isEmpty());
    }

    void fetchUnknownCodeExitsTwoWithSuggestion()
    {
        const Run r = run({"fetch", "BRENT_CRUDE", "--base-url", simUrl()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("BRENT_CRUDE_USD"), r.err.constData());
    }

    void fetchConnectionRefusedExitsFive()
    {
        const Run r = run({"fetch", "WTI_USD", "--base-url", "http://127.0.0.1:1"});
        QCOMPARE(r.exitCode, 5);
        QVERIFY(r.err.startsWith("oilwatch fetch: network:"));
        QCOMPARE(r.err.count('\n'), 1);
    }

    void fetchPlainHttpToRemoteRefused()
    {
        const Run r
            = run({"fetch", "WTI_USD", "--base-url", "http://example.invalid"}, "opa_test_key_123456");
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("refusing plain http"));
    }

    void fetchNoKeyUsesTheBuiltInSimulator()
    {
        const Run r = run({"fetch", "WTI_USD"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("WTI_USD"));
        QVERIFY(r.err.contains("simulated"));
    }

    void fetchBadBodyExitsSix()
    {
        QProcess faulty;
        faulty.setProcessEnvironment(environment());
        faulty.start(OILWATCH_BINARY,
            {"sim", "--port", "0", "--body", "{\"status\":\"success\",\"data\":{\"price\":"});
        QVERIFY(faulty.waitForReadyRead(10000));
        const QString line = QString::fromUtf8(faulty.readLine()).trimmed();
        const QString url = "http://" + line.section(' ', 2);
        const Run r = run({"fetch", "WTI_USD", "--base-url", url});
        ::kill(static_cast<pid_t>(faulty.processId()), SIGINT);
        QVERIFY(faulty.waitForFinished(10000));
        QCOMPARE(faulty.exitCode(), 0);
        QCOMPARE(r.exitCode, 6);
        QVERIFY2(r.err.startsWith("oilwatch fetch: bad_response:"), r.err.constData());
    }

    void watchPrintsTypedJsonEvents()
    {
        const Run r = run(
            {"watch", "WTI_USD", "--json", "--interval", "0.2", "--count", "2", "--base-url", simUrl()});
        QCOMPARE(r.exitCode, 0);
        QStringList types;
        for (const QByteArray& line : r.out.trimmed().split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            QVERIFY2(!object.value("ts").toString().isEmpty(), line.constData());
            types << object.value("type").toString();
        }
        QCOMPARE(types, QStringList({"attempt", "quote", "attempt", "quote"}));
    }

    void watchShowsRetriesWithTheirDelayAndExitsWithTheErrorCode()
    {
        QProcess failing;
        failing.setProcessEnvironment(environment());
        failing.start(OILWATCH_BINARY, {"sim", "--port", "0", "--status", "503"});
        QVERIFY(failing.waitForReadyRead(10000));
        const QString url = "http://" + QString::fromUtf8(failing.readLine()).trimmed().section(' ', 2);
        const Run r
            = run({"watch", "WTI_USD", "--json", "--interval", "5", "--count", "1", "--base-url", url});
        ::kill(static_cast<pid_t>(failing.processId()), SIGTERM);
        QVERIFY(failing.waitForFinished(10000));
        QCOMPARE(r.exitCode, 5);
        int retries = 0;
        QJsonObject last;
        for (const QByteArray& line : r.out.trimmed().split('\n')) {
            last = QJsonDocument::fromJson(line).object();
            if (last.value("type").toString() == "retry") {
                ++retries;
                QVERIFY(last.contains("delay_ms"));
                QCOMPARE(last.value("cause").toString(), QString("server_error"));
            }
        }
        QCOMPARE(retries, 3);
        QCOMPARE(last.value("type").toString(), QString("error"));
        QCOMPARE(last.value("http_status").toInt(), 503);
    }

    void watchServesTheLastValueAsStaleWhenTheServerGoesAway()
    {
        QProcess server;
        server.setProcessEnvironment(environment());
        server.start(OILWATCH_BINARY, {"sim", "--port", "0"});
        QVERIFY(server.waitForReadyRead(10000));
        const QString url = "http://" + QString::fromUtf8(server.readLine()).trimmed().section(' ', 2);

        QProcess watch;
        watch.setProcessEnvironment(environment());
        watch.start(OILWATCH_BINARY,
            {"watch", "WTI_USD", "--json", "--interval", "2", "--count", "2", "--timeout-ms", "300",
                "--verbose", "--base-url", url});
        QByteArray out;
        QVERIFY(QTest::qWaitFor(
            [&] {
                watch.waitForReadyRead(100);
                out += watch.readAllStandardOutput();
                return out.contains("\"type\":\"quote\"");
            },
            10000));
        ::kill(static_cast<pid_t>(server.processId()), SIGTERM); // the server goes away between two polls
        QVERIFY(server.waitForFinished(10000));
        QVERIFY(watch.waitForFinished(20000));
        out += watch.readAllStandardOutput();
        const QByteArray err = watch.readAllStandardError();
        QCOMPARE(watch.exitCode(), 0); // every poll had a value to show
        QList<QJsonObject> quotes;
        for (const QByteArray& line : out.trimmed().split('\n')) {
            const QJsonObject object = QJsonDocument::fromJson(line).object();
            if (object.value("type").toString() == "quote")
                quotes << object;
        }
        QCOMPARE(quotes.size(), 2);
        QCOMPARE(quotes.at(0).value("served_from").toString(), QString("live"));
        QCOMPARE(quotes.at(1).value("served_from").toString(), QString("stale"));
        QVERIFY2(quotes.at(1).value("age_s").toDouble() >= 0.5, line(quotes.at(1)));
        QCOMPARE(quotes.at(1).value("price").toDouble(), quotes.at(0).value("price").toDouble());
        QCOMPARE(quotes.at(1).value("created_at").toString(), quotes.at(0).value("created_at").toString());
        QVERIFY2(err.contains("serving the last value as stale"), err.constData()); // and the log says so
    }

    void watchServesMetricsWhileItRuns()
    {
        QProcess watch;
        watch.setProcessEnvironment(environment());
        watch.start(OILWATCH_BINARY,
            {"watch", "WTI_USD", "--json", "--interval", "0.2", "--metrics-listen", "127.0.0.1:0",
                "--verbose", "--base-url", simUrl()});
        const QRegularExpression announced("metrics at (http://127\\.0\\.0\\.1:\\d+/metrics)");
        QByteArray err;
        QRegularExpressionMatch match;
        QVERIFY(QTest::qWaitFor(
            [&] {
                watch.waitForReadyRead(100);
                err += watch.readAllStandardError();
                match = announced.match(QString::fromUtf8(err));
                return match.hasMatch();
            },
            10000));
        QNetworkAccessManager nam;
        QByteArray scrape;
        // Scraped until the first poll is in: the endpoint is up before the first quote.
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         std::unique_ptr<QNetworkReply> reply(
                             nam.get(QNetworkRequest(QUrl(match.captured(1)))));
                         QSignalSpy finished(reply.get(), &QNetworkReply::finished);
                         if (!reply->isFinished() && !finished.wait(5000))
                             return false;
                         scrape = reply->readAll();
                         return scrape.contains(
                             "oilwatch_quotes_served_total{code=\"WTI_USD\",served_from=\"live\"}");
                     },
                     10000),
            scrape.constData());
        QVERIFY(scrape.contains("oilwatch_quote_age_seconds{code=\"WTI_USD\"}"));
        QVERIFY(
            scrape.contains("oilwatch_http_attempts_total{endpoint=\"/v1/prices/latest\",host=\"127.0.0.1\","
                            "outcome=\"2xx\"}"));
        QVERIFY(scrape.contains("oilwatch_breaker_state{host=\"127.0.0.1\",state=\"closed\"} 1"));
        ::kill(static_cast<pid_t>(watch.processId()), SIGTERM);
        QVERIFY(watch.waitForFinished(10000));
        QCOMPARE(watch.exitCode(), 0);
        // The log says where the endpoint is, and how each poll's quotes were served, one line per poll.
        err += watch.readAllStandardError();
        QVERIFY2(err.contains("[telemetry] metrics endpoint listening on " + match.captured(1).toUtf8()),
            err.constData());
        QVERIFY2(err.contains("[cache] served WTI_USD live 0 s"), err.constData());
    }

    void metricsListenErrors()
    {
        const Run bad = run({"watch", "WTI_USD", "--metrics-listen", "localhost:9464"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.startsWith("oilwatch: --metrics-listen: \"localhost:9464\" is not an IPv4 address"),
            bad.err.constData());
        const Run taken = run({"watch", "WTI_USD", "--count", "1", "--base-url", simUrl(), "--metrics-listen",
            QString("127.0.0.1:%1").arg(m_simPort)});
        QCOMPARE(taken.exitCode, 1);
        QVERIFY2(
            taken.err.contains(QString("cannot listen for metrics on 127.0.0.1:%1").arg(m_simPort).toUtf8()),
            taken.err.constData());
        QVERIFY(taken.out.isEmpty()); // nothing polled

        QProcess fromEnvironment;
        QProcessEnvironment env = environment();
        env.insert("OILWATCH_METRICS_LISTEN", "9464");
        fromEnvironment.setProcessEnvironment(env);
        fromEnvironment.start(OILWATCH_BINARY, {"watch", "WTI_USD", "--count", "1", "--base-url", simUrl()});
        QVERIFY(fromEnvironment.waitForFinished(30000));
        QCOMPARE(fromEnvironment.exitCode(), 2);
        QVERIFY(fromEnvironment.readAllStandardError().contains("OILWATCH_METRICS_LISTEN: \"9464\""));
    }

    void fetchedPricesAreStoredAndPrintedByHistory()
    {
        const Run fetched = run({"fetch", "DUTCH_TTF_EUR", "--json", "--base-url", simUrl()});
        QCOMPARE(fetched.exitCode, 0);
        const QJsonObject quote = QJsonDocument::fromJson(fetched.out.trimmed()).object();

        const Run json = run({"history", "DUTCH_TTF_EUR", "--json"});
        QCOMPARE(json.exitCode, 0);
        const QList<QByteArray> lines = json.out.trimmed().split('\n');
        const QJsonObject last = QJsonDocument::fromJson(lines.constLast()).object();
        QCOMPARE(last.value("type").toString(), QString("history"));
        QCOMPARE(last.value("code").toString(), QString("DUTCH_TTF_EUR"));
        QCOMPARE(last.value("created_at").toString(), quote.value("created_at").toString());
        QCOMPARE(last.value("price").toDouble(), quote.value("price").toDouble());

        const QString day = quote.value("created_at").toString().left(10);
        const Run table = run({"history", "DUTCH_TTF_EUR", "--from", day, "--to", day});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.startsWith("created_at"), table.out.constData());
        QVERIFY(table.out.contains(quote.value("created_at").toString().toUtf8()));
        QVERIFY(table.out.contains("EUR/"));

        const Run before = run({"history", "DUTCH_TTF_EUR", "--to", "2000-01-01"});
        QCOMPARE(before.exitCode, 0);
        QVERIFY(before.out.isEmpty());
        QVERIFY(before.err.contains("nothing stored for DUTCH_TTF_EUR"));
    }

    void historyBadInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::addRow("no such day") << QStringList {"history", "WTI_USD", "--from", "2026-02-30"}
                                     << "--from: \"2026-02-30\" is not a date as YYYY-MM-DD";
        QTest::addRow("not ISO") << QStringList {"history", "WTI_USD", "--to", "1/2/2026"}
                                 << "--to: \"1/2/2026\" is not a date as YYYY-MM-DD";
        QTest::addRow("reversed") << QStringList {"history", "WTI_USD", "--from", "2026-02-02", "--to",
            "2026-02-01"} << "history: --from 2026-02-02 is after --to 2026-02-01";
        QTest::addRow("no code") << QStringList {"history"} << "history: name one commodity code";
        QTest::addRow("bad code") << QStringList {"history", "wti"}
                                  << "history: \"wti\" is not a commodity code";
        QTest::addRow("cache action") << QStringList {"cache", "flush"} << "cache: unknown action \"flush\"";
        QTest::addRow("cache url") << QStringList {"fetch", "WTI_USD", "--cache-url", "http://127.0.0.1:6379"}
                                   << "--cache-url: \"http://127.0.0.1:6379\" is not a redis://";
    }
    void historyBadInputExitsTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("oilwatch: " + message.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void cacheStatsAndClear()
    {
        const Run stats = run({"cache", "stats", "--json"});
        QCOMPARE(stats.exitCode, 0);
        const QJsonObject object = QJsonDocument::fromJson(stats.out.trimmed()).object();
        QCOMPARE(object.value("type").toString(), QString("cache_stats"));
        QVERIFY(!object.value("backend").toString().isEmpty());
        for (const char* key : {"entries", "bytes", "hits", "misses", "hit_ratio"})
            QVERIFY2(object.value(key).isDouble(), key);

        const Run text = run({"cache", "stats"});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("hit ratio:"));

        const Run cleared = run({"cache", "clear"});
        QCOMPARE(cleared.exitCode, 0);
        QVERIFY(cleared.out.startsWith("cleared "));
        const QJsonObject after
            = QJsonDocument::fromJson(run({"cache", "stats", "--json"}).out.trimmed()).object();
        QCOMPARE(after.value("entries").toInt(), 0);
    }

    void aSharedCacheThatIsDownLeavesTheLocalCacheWorking()
    {
        // Nothing listens on port 1: the Redis cache is down from the start, and the fetch still answers.
        const Run flag
            = run({"fetch", "WTI_USD", "--base-url", simUrl(), "--cache-url", "redis://127.0.0.1:1"});
        QCOMPARE(flag.exitCode, 0);
        QVERIFY2(flag.out.contains("WTI_USD"), flag.err.constData());
        const Run env = run({"cache", "stats"}, {}, "not-a-url");
        QCOMPARE(env.exitCode, 2);
        QVERIFY2(env.err.contains("OILWATCH_CACHE_URL is not a redis://"), env.err.constData());
        QVERIFY(!env.err.contains("not-a-url"));
    }

    void aOneShotFetchSharesItsPricesThroughRedis()
    {
        RedisServer redis;
        QVERIFY2(redis.start(), qPrintable(redis.error()));
        // Machine A fetches live and must leave the price in Redis before it exits.
        const Run first
            = run({"fetch", "WTI_USD", "--json", "--base-url", simUrl(), "--cache-url", redis.url()});
        QCOMPARE(first.exitCode, 0);
        const QJsonObject live = QJsonDocument::fromJson(first.out.trimmed()).object();
        QCOMPARE(live.value("served_from").toString(), QString("live"));

        // Machine B has its own data folder and no API it can reach: the price can only come from Redis, and
        // only if the fetch waited for the warm-up.
        ++m_testNumber;
        const Run second = run(
            {"fetch", "WTI_USD", "--json", "--base-url", "http://127.0.0.1:1", "--cache-url", redis.url()});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        const QJsonObject shared = QJsonDocument::fromJson(second.out.trimmed()).object();
        QVERIFY2(
            QStringList({"cache", "stale"}).contains(shared.value("served_from").toString()), line(shared));
        QCOMPARE(shared.value("price").toDouble(), live.value("price").toDouble());
    }

    void benchRawAgainstTheSimulatorWritesItsExports()
    {
        QTemporaryDir dir;
        const QString json = dir.filePath("summary.json");
        const QString series = dir.filePath("series.csv");
        const Run r
            = run({"bench", "--url", simUrl() + "/v1/prices/latest?by_code=WTI_USD", "--key", "opa_sim_demo",
                "--raw", "--concurrency", "4", "--requests", "300", "--json", json, "--series", series});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(!r.out.isEmpty(), r.err.constData());
        QVERIFY(QFile::exists(json));
        QVERIFY(QFile::exists(series));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray exported = file.readAll();
        QVERIFY(exported.contains("300")); // the completed count
        QVERIFY(!exported.contains("opa_sim_demo")); // never the key
        QVERIFY(!r.out.contains("opa_sim_demo"));
        QVERIFY(!r.err.contains("\r")); // no progress line when stderr is not a terminal
    }

    void benchHttpsToAPlainServerFailsTypedAndSaysWhy()
    {
        // The simulator speaks plain HTTP: every handshake fails, --insecure or not, and the summary says so.
        const QString url = QString(simUrl() + "/v1/prices/latest").replace("http://", "https://");
        const Run checked = run({"bench", "--url", url, "--raw", "--concurrency", "1", "--requests", "3"});
        QCOMPARE(checked.exitCode, 0);
        QVERIFY2(checked.out.contains("Errors: 3 (tls 3)"), checked.out.constData());
        QVERIFY2(checked.out.contains("--insecure accepts any certificate"), checked.out.constData());
        QVERIFY(!checked.out.contains("insecure: TLS certificates were not verified"));

        QTemporaryDir dir;
        const QString json = dir.filePath("summary.json");
        const Run insecure = run({"bench", "--url", url, "--raw", "--concurrency", "1", "--requests", "3",
            "--insecure", "--json", json});
        QCOMPARE(insecure.exitCode, 0);
        QVERIFY2(insecure.out.contains("Errors: 3 (tls 3)"), insecure.out.constData());
        QVERIFY2(
            insecure.out.contains("insecure: TLS certificates were not verified"), insecure.out.constData());
        QVERIFY2(insecure.err.contains("TLS certificates not verified"), insecure.err.constData());
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject settings
            = QJsonDocument::fromJson(file.readAll()).object().value("settings").toObject();
        QCOMPARE(settings.value("insecure"), QJsonValue(true));
    }

    void benchPipelineOnTheBuiltInSimulator()
    {
        const Run r = run({"bench", "--sim", "--concurrency", "8", "--requests", "200"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("200"), r.out.constData());
    }

    void benchLiveWithoutKeyExitsThree()
    {
        const Run r = run({"bench", "--live", "--requests", "3"});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(r.err.contains("OILPRICEAPI_KEY"));
        QVERIFY(r.out.isEmpty());
    }

    void benchBadFlagsExitTwo()
    {
        const Run r = run({"bench", "--sim", "--model", "open"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("oilwatch: bench: --model open needs --rate"), r.err.constData());
    }

    void benchInterruptedPrintsWhatWasMeasured()
    {
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(
            OILWATCH_BINARY, {"bench", "--sim", "--raw", "--concurrency", "2", "--duration", "120"});
        QVERIFY(process.waitForStarted());
        // The first line on stderr says the run (and its Ctrl-C handler) is set up.
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("Ctrl-C"), 10000);
        ::kill(static_cast<pid_t>(process.processId()), SIGINT);
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(!process.readAllStandardOutput().isEmpty());
    }

    void simRefusesABusyPort()
    {
        const Run r = run({"sim", "--port", QString::number(m_simPort)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("cannot listen"));
    }

    void screenshotWritesAPng()
    {
        const QString path = m_home.filePath("shot.png");
        const Run r = run({"--demo", "--screenshot", path, "--after", "1"});
        QCOMPARE(r.exitCode, 0);
        QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 500);
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
