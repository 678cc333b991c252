// The real oilwatch binary, run as a user would: exit codes, JSON lines, errors on stderr, the simulator
// command.
#include "support/redisserver.h"
#include "support/sqlitefiles.h"
#include "support/tlstestserver.h"

#include <csignal>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
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

    // The binary with its own settings folder (`configDir` under the test's HOME), extra environment and
    // stdin: for the config tests, whose settings must not leak into the other tests.
    Run runConfigured(const QString& configDir, const QStringList& arguments, const QByteArray& input = {},
        const QMap<QString, QString>& extra = {}) const
    {
        QProcess process;
        QProcessEnvironment env = environment();
        env.insert("XDG_CONFIG_HOME", m_home.filePath(configDir));
        for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
            env.insert(it.key(), it.value());
        process.setProcessEnvironment(env);
        process.start(OILWATCH_BINARY, arguments);
        process.write(input);
        process.closeWriteChannel();
        Run result;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    QByteArray configFile(const QString& configDir) const
    {
        QFile file(m_home.filePath(configDir + "/OilWatch/OilWatch.conf"));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QString simUrl() const { return QString("http://127.0.0.1:%1").arg(m_simPort); }

    // Starts `oilwatch sim` with `options` on a free port; returns its base URL, empty when it did not start.
    QString startServer(QProcess& server, const QStringList& options = {}) const
    {
        server.setProcessEnvironment(environment());
        server.start(OILWATCH_BINARY, QStringList {"sim", "--port", "0"} + options);
        if (!server.waitForReadyRead(10000))
            return {};
        return "http://" + QString::fromUtf8(server.readLine()).trimmed().section(' ', 2);
    }

    static void stopServer(QProcess& server)
    {
        ::kill(static_cast<pid_t>(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(10000));
    }

    // How many API requests a simulator process has answered (its control endpoint, never counted itself).
    static int simRequests(const QString& url)
    {
        QNetworkAccessManager nam;
        std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(QUrl(url + "/_sim/stats"))));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(5000))
            return -1;
        return QJsonDocument::fromJson(reply->readAll()).object().value("requests_total").toInt(-1);
    }
    int simRequests() const { return simRequests(simUrl()); }

    // The JSON objects of a command's output, one per line.
    static QList<QJsonObject> jsonLines(const QByteArray& out)
    {
        QList<QJsonObject> objects;
        for (const QByteArray& line : out.trimmed().split('\n')) {
            if (!line.isEmpty())
                objects << QJsonDocument::fromJson(line).object();
        }
        return objects;
    }

    // A fault profile file in which every price answer has one kind of bad data.
    QString badDataFile(const QString& kind) const
    {
        const QString path = m_home.filePath(QStringLiteral("faults-%1-%2.json").arg(kind).arg(m_testNumber));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(QStringLiteral("{\"name\": \"only-%1\", \"faults\": [{\"kind\": \"%1\", \"rate\": 1.0}]}")
                       .arg(kind)
                       .toUtf8());
        return path;
    }

    // `oilwatch watch WTI_USD --json` with `options`, in the background.
    void startWatch(QProcess& watch, const QStringList& options) const
    {
        watch.setProcessEnvironment(environment());
        watch.start(OILWATCH_BINARY, QStringList {"watch", "WTI_USD", "--json"} + options);
    }

    // Switches a simulator process's fault profile (its control endpoint, POST /_sim/profile).
    static bool setProfile(const QString& url, const QByteArray& profile)
    {
        QNetworkAccessManager nam;
        QNetworkRequest request(QUrl(url + "/_sim/profile"));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        std::unique_ptr<QNetworkReply> reply(nam.post(request, profile));
        QSignalSpy finished(reply.get(), &QNetworkReply::finished);
        if (!reply->isFinished() && !finished.wait(5000))
            return false;
        return reply->error() == QNetworkReply::NoError;
    }

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

    void aCommandsHelpIsItsUsageNotAnError()
    {
        const Run flag = run({"fetch", "--help"});
        QCOMPARE(flag.exitCode, 0);
        QVERIFY2(flag.out.contains("oilwatch fetch CODE..."), flag.out.constData());
        QVERIFY(!flag.out.contains("oilwatch watch CODE..."));
        const Run help = run({"help", "fetch"});
        QCOMPARE(help.exitCode, 0);
        QCOMPARE(help.out, flag.out);
        const Run unknown = run({"help", "nope"});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("no command 'nope'"), unknown.err.constData());
    }

    void helpListsExitCodes()
    {
        const Run r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Exit codes"));
        QVERIFY(r.out.contains("oilwatch fetch CODE..."));
        QVERIFY(r.out.contains("oilwatch cache stats"));
        QVERIFY(r.out.contains("oilwatch history CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--origin "
                               "URL|sim|unknown|all] [--json]"));
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

    // A server whose certificate we do not trust: one handshake, no retry, and a message that says TLS.
    void fetchFromAnUntrustedTlsServerSaysSoAndTriesOnce()
    {
        oilwatch::testing::TlsTestServer server(R"({"status":"success","data":{}})");
        QString error;
        QVERIFY2(server.start(&error), qPrintable(error));
        QProcess fetch; // in the background: the server answers on this thread's event loop
        fetch.setProcessEnvironment(environment());
        fetch.start(OILWATCH_BINARY,
            {"fetch", "WTI_USD", "--base-url", QString("https://127.0.0.1:%1").arg(server.url().port())});
        QTRY_COMPARE_WITH_TIMEOUT(fetch.state(), QProcess::NotRunning, 30'000);
        const QByteArray err = fetch.readAllStandardError();
        QVERIFY2(err.contains("oilwatch fetch: tls: the server's TLS certificate is not trusted"),
            err.constData());
        QCOMPARE(fetch.exitCode(), 5);
        QCOMPARE(server.handshakeFailures(), 1);
        QCOMPARE(server.requestCount(), 0);
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

    // Issue 13: `oilwatch sim` took 1 to 4 s to stop after SIGTERM. It must stop at once, with a request
    // held open (a hang) and an idle keep-alive connection, and without a SIGKILL.
    void simStopsPromptlyOnSigterm()
    {
        QProcess server;
        const QString url = startServer(server, {"--faults", "hang"});
        QVERIFY(!url.isEmpty());
        const QUrl base(url);
        QTcpSocket idle;
        QTcpSocket held;
        for (QTcpSocket* socket : {&idle, &held}) {
            socket->connectToHost(QHostAddress::LocalHost, quint16(base.port()));
            QVERIFY(socket->waitForConnected(5000));
        }
        held.write("GET /v1/prices/latest?by_code=WTI_USD HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   "Authorization: Token opa_sim_demo\r\n\r\n");
        QVERIFY(held.waitForBytesWritten(5000));
        QTRY_COMPARE(simRequests(url), 1); // the hang holds it
        QElapsedTimer timer;
        timer.start();
        ::kill(static_cast<pid_t>(server.processId()), SIGTERM);
        QVERIFY(server.waitForFinished(5000));
        qInfo("oilwatch sim stopped %lld ms after SIGTERM", timer.elapsed());
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        QVERIFY(server.readAllStandardOutput().contains("stopped after 1 requests"));
    }

    // `oilwatch sim --quota N`: the request after the N-th is the quota-exhausted 429, which `fetch` reports
    // as rate limited (exit 4) after one attempt.
    void simQuotaExhaustsWithExitFour()
    {
        QProcess server;
        const QString url = startServer(server, {"--quota", "1"});
        QVERIFY(!url.isEmpty());
        const Run first = run({"fetch", "WTI_USD", "--base-url", url});
        const Run second = run({"fetch", "BRENT_CRUDE_USD", "--base-url", url, "--json"});
        const int requests = simRequests(url);
        stopServer(server);
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(second.exitCode, 4);
        QVERIFY2(second.out.contains("DAILY_QUOTA_EXCEEDED") || second.err.contains("quota"),
            (second.out + second.err).constData());
        QCOMPARE(requests, 2); // not retried
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

    void fetchOfARejectedValueWithNothingGoodExitsSix()
    {
        QProcess server;
        const QString url = startServer(server, {"--faults", badDataFile("zero_price")});
        QVERIFY(!url.isEmpty());
        const Run json = run({"fetch", "WTI_USD", "--json", "--base-url", url});
        const Run text = run({"fetch", "WTI_USD", "--base-url", url});
        stopServer(server);

        QCOMPARE(json.exitCode, 6);
        const QList<QJsonObject> lines = jsonLines(json.out);
        QCOMPARE(lines.size(), 1);
        const QJsonObject error = lines.constFirst();
        QCOMPARE(error.value("type").toString(), QString("error"));
        QCOMPARE(error.value("kind").toString(), QString("data_quality"));
        QCOMPARE(error.value("exit_code").toInt(), 6);
        QCOMPARE(error.value("code").toString(), QString("WTI_USD"));
        QCOMPARE(error.value("quality").toString(), QString("suspect"));
        QCOMPARE(error.value("rejected").toObject().value("price").toDouble(-1), 0.0);
        QCOMPARE(error.value("issues").toArray().at(0).toObject().value("rule").toString(),
            QString("non_positive_price"));
        QVERIFY2(json.err.contains("data_quality"), json.err.constData());

        QCOMPARE(text.exitCode, 6);
        QVERIFY(text.out.isEmpty());
        QVERIFY2(text.err.startsWith("oilwatch fetch: data_quality: WTI_USD: rejected 0")
                && text.err.contains("non_positive_price"),
            text.err.constData());
    }

    // A healthy answer, then only spikes: watch keeps the last good value, says it is suspect and what was
    // rejected; the rejected quotes are kept and `quarantine` lists them.
    void watchKeepsTheLastGoodValueOfASuspectCodeAndQuarantineListsIt()
    {
        QProcess server;
        const QString url = startServer(server);
        QVERIFY(!url.isEmpty());
        QProcess watch;
        startWatch(watch, {"--interval", "0.2", "--count", "1000", "--base-url", url});
        QByteArray out;
        auto waitFor = [&](const QByteArray& text) {
            return QTest::qWaitFor(
                [&] {
                    watch.waitForReadyRead(100);
                    out += watch.readAllStandardOutput();
                    return out.contains(text);
                },
                15000);
        };
        QVERIFY(waitFor("\"quality\":\"ok\""));
        QFile spike(badDataFile("spike"));
        QVERIFY(spike.open(QIODevice::ReadOnly));
        QVERIFY(setProfile(url, spike.readAll()));
        QVERIFY2(waitFor("\"quality\":\"suspect\""), out.constData());
        ::kill(static_cast<pid_t>(watch.processId()), SIGTERM);
        QVERIFY(watch.waitForFinished(10000));
        stopServer(server);

        double lastGood = -1;
        QJsonObject suspect;
        for (const QJsonObject& object : jsonLines(out)) {
            if (object.value("type").toString() != "quote")
                continue;
            if (object.value("quality").toString() == "ok") {
                QVERIFY2(!object.contains("rejected"), line(object));
                lastGood = object.value("price").toDouble();
            } else if (suspect.isEmpty()) {
                suspect = object;
            }
        }
        QVERIFY(lastGood > 0);
        QCOMPARE(suspect.value("quality").toString(), QString("suspect"));
        QCOMPARE(suspect.value("price").toDouble(), lastGood); // the last good value, never the spike
        QCOMPARE(suspect.value("served_from").toString(), QString("stale"));
        const double rejected = suspect.value("rejected").toObject().value("price").toDouble();
        QVERIFY2(rejected > 5 * lastGood, line(suspect));
        QStringList rules;
        for (const QJsonValue& issue : suspect.value("issues").toArray())
            rules << issue.toObject().value("rule").toString();
        QVERIFY2(rules.contains("spike"), line(suspect)); // ten times the price: out_of_range too

        const Run listed = run({"quarantine", "--json", "--origin", url});
        QCOMPARE(listed.exitCode, 0);
        const QList<QJsonObject> rows = jsonLines(listed.out);
        QVERIFY(!rows.isEmpty());
        QCOMPARE(rows.constFirst().value("type").toString(), QString("quarantined"));
        QCOMPARE(rows.constFirst().value("code").toString(), QString("WTI_USD"));
        QVERIFY2(rows.constFirst().value("rules").toArray().contains(QJsonValue("spike")),
            line(rows.constFirst()));
        QCOMPARE(rows.constFirst().value("quality").toString(), QString("suspect"));
        QVERIFY(rows.constFirst().value("price").toDouble() > 5 * lastGood);
        const Run table = run({"quarantine", "WTI_USD", "--origin", url});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.startsWith("detected_at") && table.out.contains("spike"), table.out.constData());
        const Run otherCode = run({"quarantine", "BRENT_CRUDE_USD", "--origin", url});
        QCOMPARE(otherCode.exitCode, 0);
        QVERIFY(otherCode.out.isEmpty());
        QVERIFY2(otherCode.err.contains("no rejected quotes"), otherCode.err.constData());
    }

    // An `oilwatch sim` on loopback is polled as the dashboard polls it (PriceFeed::kSimulatorInterval, 2 s),
    // not as the live API (60 s): two polls end well within the wait below.
    void watchPollsALoopbackServerAsTheDashboardDoes()
    {
        QProcess watch;
        startWatch(watch, {"--base-url", simUrl(), "--count", "2"});
        QElapsedTimer elapsed;
        elapsed.start();
        QVERIFY2(watch.waitForFinished(20000), "still waiting for the second poll");
        QCOMPARE(watch.exitCode(), 0);
        int quotes = 0;
        for (const QJsonObject& object : jsonLines(watch.readAllStandardOutput()))
            quotes += object.value("type").toString() == "quote";
        QCOMPARE(quotes, 2);
        QVERIFY(elapsed.elapsed() >= 1500); // it did wait one interval in between
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

    // The dashboard's alert rules fire in watch too, as "alert" lines; a broken rule is named, not fatal.
    void watchPrintsAlertTransitions()
    {
        const QString rules = m_home.path() + "/config/OilWatch/OilWatch/alert-rules.json";
        QVERIFY(QDir().mkpath(QFileInfo(rules).absolutePath()));
        QFile file(rules);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"version":1,"rules":[
            {"id":"wti-up","name":"WTI above 1","code":"WTI_USD","kind":"above","threshold":1,"pending_ms":0},
            {"id":"broken","code":"WTI_USD","kind":"sideways","threshold":1}]})");
        file.close();
        const Run r = run(
            {"watch", "WTI_USD", "--json", "--interval", "0.2", "--count", "1", "--base-url", simUrl()});
        QFile::remove(rules);
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(
            r.err.contains("oilwatch watch: alert rules:") && r.err.contains("sideways"), r.err.constData());
        QJsonObject alert;
        for (const QJsonObject& object : jsonLines(r.out)) {
            if (object.value("type").toString() == "alert")
                alert = object;
        }
        QVERIFY2(!alert.isEmpty(), r.out.constData());
        QCOMPARE(alert.value("rule_id").toString(), QString("wti-up"));
        QCOMPARE(alert.value("code").toString(), QString("WTI_USD"));
        QCOMPARE(alert.value("state").toString(), QString("firing"));
        QVERIFY(alert.value("value").toDouble() > 1);
        QVERIFY(!alert.value("ts").toString().isEmpty());
    }

    void watchShowsRetriesWithTheirDelayAndExitsWithTheErrorCode()
    {
        QProcess failing;
        const QString url = startServer(failing, {"--status", "503"});
        QVERIFY(!url.isEmpty());
        const Run r
            = run({"watch", "WTI_USD", "--json", "--interval", "5", "--count", "1", "--base-url", url});
        stopServer(failing);
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

    void configSetGetListUnset()
    {
        const QString dir = "config-cli";
        QCOMPARE(runConfigured(dir, {"config", "set", "look.theme", "dark"}).exitCode, 0);
        const Run got = runConfigured(dir, {"config", "get", "look.theme"});
        QCOMPARE(got.exitCode, 0);
        QCOMPARE(got.out, QByteArray("dark\n"));
        const Run listed = runConfigured(dir, {"config", "list"});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.contains("\nlook.theme=dark\n"));
        QVERIFY(listed.out.contains("\nresilience.retry.maxAttempts=4\n"));
        QVERIFY(configFile(dir).contains("theme=dark"));

        const Run bad = runConfigured(dir, {"config", "set", "api.base_url", "http://prices.example.com"});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(
            bad.err.startsWith("oilwatch config: api.base_url: refusing plain http to prices.example.com"),
            bad.err.constData());
        const Run unknown = runConfigured(dir, {"config", "get", "look.colour"});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("look.colour: unknown key"));
        QCOMPARE(runConfigured(dir, {"config", "unset", "look.theme"}).exitCode, 0);
        QCOMPARE(runConfigured(dir, {"config", "get", "look.theme"}).out, QByteArray("system\n"));
    }

    // A resilience setting saved with `config` (or from the window) changes what watch does: two attempts
    // instead of four against a server that always fails.
    void savedResilienceSettingsChangeAWatch()
    {
        QProcess failing;
        const QString url = startServer(failing, {"--status", "503"});
        QVERIFY(!url.isEmpty());
        const QString dir = "config-resilience";
        auto retries = [&] {
            const Run r = runConfigured(
                dir, {"watch", "WTI_USD", "--json", "--interval", "5", "--count", "1", "--base-url", url});
            int count = 0;
            for (const QByteArray& output : r.out.trimmed().split('\n'))
                count += QJsonDocument::fromJson(output).object().value("type").toString() == "retry";
            return std::pair {r.exitCode, count};
        };
        QCOMPARE(retries(), std::pair(5, 3));
        QCOMPARE(runConfigured(dir, {"config", "set", "resilience.retry.maxAttempts", "2"}).exitCode, 0);
        QCOMPARE(retries(), std::pair(5, 1));
        stopServer(failing);
    }

    void setKeyWithoutAKeychainExitsOneAndSuggestsTheVariable()
    {
        const QString dir = "config-no-keychain";
        const Run r = runConfigured(
            dir, {"config", "set-key"}, "opa_test_secret_777\n", {{"OILWATCH_NO_KEYCHAIN", "1"}});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("no usable keychain"), r.err.constData());
        QVERIFY(r.err.contains("export OILPRICEAPI_KEY="));
        QVERIFY(!r.err.contains("opa_test_secret_777") && !r.out.contains("opa_test_secret_777"));
        QVERIFY(!configFile(dir).contains("opa_test_secret_777"));
        const Run empty = runConfigured(dir, {"config", "set-key"}, "", {{"OILWATCH_NO_KEYCHAIN", "1"}});
        QCOMPARE(empty.exitCode, 2);
    }

    // A key an earlier version kept in the settings file still works (here: the simulator refuses it, so it
    // was sent instead of the demo key), and is never printed.
    void aPlainTextKeyFromAnEarlierVersionIsStillUsed()
    {
        const QString dir = "config-legacy";
        QDir().mkpath(m_home.filePath(dir + "/OilWatch"));
        QFile file(m_home.filePath(dir + "/OilWatch/OilWatch.conf"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[api]\nkey=opa_test_legacy_4242\n");
        file.close();
        const Run r = runConfigured(dir, {"fetch", "WTI_USD", "--base-url", simUrl(), "--verbose"}, {},
            {{"OILWATCH_NO_KEYCHAIN", "1"}});
        QCOMPARE(r.exitCode, 3);
        QVERIFY(!r.err.contains("opa_test_legacy_4242"));
        QVERIFY2(r.err.contains("the API key is stored in plain text"), r.err.constData());
        QVERIFY(configFile(dir).contains("opa_test_legacy_4242")); // no keychain: kept, not lost
    }

    void watchServesTheLastValueAsStaleWhenTheServerGoesAway()
    {
        QProcess server;
        const QString url = startServer(server);
        QVERIFY(!url.isEmpty());

        QProcess watch;
        startWatch(watch,
            {"--interval", "2", "--count", "2", "--timeout-ms", "300", "--verbose", "--base-url", url});
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

        const Run json = run({"history", "DUTCH_TTF_EUR", "--json", "--origin", simUrl()});
        QCOMPARE(json.exitCode, 0);
        const QList<QByteArray> lines = json.out.trimmed().split('\n');
        const QJsonObject last = QJsonDocument::fromJson(lines.constLast()).object();
        QCOMPARE(last.value("type").toString(), QString("history"));
        QCOMPARE(last.value("code").toString(), QString("DUTCH_TTF_EUR"));
        QCOMPARE(last.value("created_at").toString(), quote.value("created_at").toString());
        QCOMPARE(last.value("price").toDouble(), quote.value("price").toDouble());

        const QString day = quote.value("created_at").toString().left(10);
        const Run table = run({"history", "DUTCH_TTF_EUR", "--from", day, "--to", day, "--origin", simUrl()});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.startsWith("created_at"), table.out.constData());
        QVERIFY(table.out.contains(quote.value("created_at").toString().toUtf8()));
        QVERIFY(table.out.contains("EUR/"));

        const Run before = run({"history", "DUTCH_TTF_EUR", "--to", "2000-01-01", "--origin", simUrl()});
        QCOMPARE(before.exitCode, 0);
        QVERIFY(before.out.isEmpty());
        QVERIFY(before.err.contains("nothing stored for DUTCH_TTF_EUR"));
    }

    // The reproduction of the origin bug: a price one server answered was served, as "cache", for another
    // server that answers 500 to everything, without a request.
    void anotherServerIsNeverAnsweredFromOneServersCache()
    {
        const Run first = run({"fetch", "BRENT_CRUDE_USD", "--json", "--base-url", simUrl()});
        QCOMPARE(first.exitCode, 0);
        const QJsonObject live = QJsonDocument::fromJson(first.out.trimmed()).object();
        QCOMPARE(live.value("served_from").toString(), QString("live"));
        QCOMPARE(live.value("source").toString(), QString("oilwatch.simulator"));
        QCOMPARE(live.value("origin").toString(), simUrl());

        QProcess other;
        const QString otherUrl = startServer(other, {"--status", "500"});
        QVERIFY(!otherUrl.isEmpty());
        const Run second = run({"fetch", "BRENT_CRUDE_USD", "--json", "--base-url", otherUrl});
        const int asked = simRequests(otherUrl);
        stopServer(other);
        QCOMPARE(second.exitCode, 5); // the server error, with nothing of the first server's to show
        QVERIFY2(second.out.isEmpty(), second.out.constData());
        QVERIFY2(second.err.startsWith("oilwatch fetch: server"), second.err.constData());
        // It asked the second server instead of answering from the first one's cache.
        QVERIFY(asked >= 1);

        // The first server's price is still its own, from the cache.
        const Run again = run({"fetch", "BRENT_CRUDE_USD", "--json", "--base-url", simUrl()});
        QCOMPARE(again.exitCode, 0);
        const QJsonObject cached = QJsonDocument::fromJson(again.out.trimmed()).object();
        QCOMPARE(cached.value("served_from").toString(), QString("cache"));
        QCOMPARE(cached.value("price").toDouble(), live.value("price").toDouble());
    }

    // The built-in simulator is an origin of its own ("sim"), whatever port it gets; history shows one
    // origin at a time: by default the one the dashboard would watch (sim, without a key).
    void historyShowsOneOriginUnlessToldOtherwise()
    {
        const Run demo = run({"fetch", "WTI_USD", "--json"});
        QCOMPARE(demo.exitCode, 0);
        QCOMPARE(
            QJsonDocument::fromJson(demo.out.trimmed()).object().value("origin").toString(), QString("sim"));
        const Run server = run({"fetch", "WTI_USD", "--json", "--base-url", simUrl()});
        QCOMPARE(server.exitCode, 0);

        const auto originsOf = [](const QByteArray& out) {
            QSet<QString> origins;
            for (const QJsonObject& object : jsonLines(out))
                origins << object.value("origin").toString();
            return origins;
        };
        const Run byDefault = run({"history", "WTI_USD", "--json"});
        QCOMPARE(byDefault.exitCode, 0);
        QCOMPARE(originsOf(byDefault.out), QSet<QString> {"sim"});
        const Run one = run({"history", "WTI_USD", "--json", "--origin", simUrl() + "/v1/"});
        QCOMPARE(originsOf(one.out), QSet<QString> {simUrl()});
        const Run all = run({"history", "WTI_USD", "--json", "--origin", "all"});
        QCOMPARE(originsOf(all.out), (QSet<QString> {"sim", simUrl()}));
        const Run table = run({"history", "WTI_USD", "--origin", "all"});
        QVERIFY2(table.out.startsWith("created_at") && table.out.contains("origin"), table.out.constData());
        const Run none = run({"history", "WTI_USD", "--origin", "https://proxy.example.com"});
        QCOMPARE(none.exitCode, 0);
        QVERIFY(none.out.isEmpty());
        QVERIFY2(none.err.contains("nothing stored for WTI_USD from https://proxy.example.com"),
            none.err.constData());
    }

    // Files of the previous schemas, with no origin on their rows, migrate as "unknown": kept, shown when
    // asked for, never served or shown as any server's data.
    void filesWithoutOriginsMigrateAsUnknown()
    {
        const QString data = m_home.path() + QStringLiteral("/data-%1/OilWatch/OilWatch").arg(m_testNumber);
        QVERIFY(QDir().mkpath(data));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(oilwatch::testsupport::rawExec(data + "/history.sqlite",
            {"PRAGMA application_id = 1331120177", "PRAGMA user_version = 2",
                "CREATE TABLE quotes (code TEXT NOT NULL, created_at INTEGER NOT NULL, price REAL NOT NULL,"
                " currency TEXT, unit TEXT, type TEXT, source TEXT, received_at INTEGER,"
                " PRIMARY KEY (code, created_at)) WITHOUT ROWID",
                QString("INSERT INTO quotes VALUES ('WTI_USD', %1, 1234.5, 'USD', 'barrel', 'spot_price',"
                        " 'old', %1)")
                    .arg(now - 1000)}));
        // A fresh cache entry of the old key shape: version 1 served it to anyone asking for WTI_USD.
        const QByteArray body
            = QString("{\"status\":\"success\",\"data\":{\"code\":\"WTI_USD\",\"price\":1234.5,"
                      "\"currency\":\"USD\",\"unit\":\"barrel\",\"created_at\":\"%1\"}}")
                  .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs))
                  .toUtf8();
        QVERIFY(oilwatch::testsupport::rawExec(data + "/cache.sqlite",
            {"PRAGMA application_id = 1331118897", "PRAGMA user_version = 1",
                "CREATE TABLE entries (key TEXT PRIMARY KEY, body BLOB, fetched_at INTEGER, created_at "
                "INTEGER,"
                " etag BLOB, last_modified BLOB)",
                QString(
                    "INSERT INTO entries VALUES ('latest:WTI_USD', CAST('%1' AS BLOB), %2, %2, NULL, NULL)")
                    .arg(QString::fromUtf8(body), QString::number(now))}));

        const Run fetched = run({"fetch", "WTI_USD", "--json"});
        QCOMPARE(fetched.exitCode, 0);
        const QJsonObject quote = QJsonDocument::fromJson(fetched.out.trimmed()).object();
        QCOMPARE(quote.value("served_from").toString(), QString("live"));
        QVERIFY(quote.value("price").toDouble() != 1234.5);

        const Run simulated = run({"history", "WTI_USD", "--json"});
        for (const QJsonObject& row : jsonLines(simulated.out))
            QVERIFY(row.value("price").toDouble() != 1234.5);
        const Run unknown = run({"history", "WTI_USD", "--json", "--origin", "unknown"});
        QCOMPARE(unknown.exitCode, 0);
        const QList<QJsonObject> rows = jsonLines(unknown.out);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.constFirst().value("price").toDouble(), 1234.5);
        QCOMPARE(rows.constFirst().value("origin").toString(), QString("unknown"));
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
        QTest::addRow("bad origin") << QStringList {"history", "WTI_USD", "--origin",
            "ftp://x"} << "--origin: \"ftp://x\" is not an http(s) base URL, sim, unknown or all";
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

    // The counters are those of the processes that used the cache, kept in its file: `cache stats` is a
    // process of its own and used to show 0 hits and 0 misses whatever came before.
    void cacheStatsCountWhatEarlierProcessesLookedUp()
    {
        QCOMPARE(run({"fetch", "WTI_USD", "--base-url", simUrl()}).exitCode, 0); // nothing cached: a miss
        const Run again = run({"fetch", "WTI_USD", "--json", "--base-url", simUrl()}); // fresh: a hit
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(again.out.trimmed()).object().value("served_from").toString(),
            QString("cache"));
        const QJsonObject stats
            = QJsonDocument::fromJson(run({"cache", "stats", "--json"}).out.trimmed()).object();
        QVERIFY2(stats.value("hits").toInt() >= 1, line(stats));
        QVERIFY2(stats.value("misses").toInt() >= 1, line(stats));
        const double ratio = stats.value("hits").toDouble()
            / (stats.value("hits").toDouble() + stats.value("misses").toDouble());
        QCOMPARE(stats.value("hit_ratio").toDouble(), ratio);
        const Run text = run({"cache", "stats"});
        QVERIFY2(text.out.contains(QString("hit ratio: %1 %").arg(ratio * 100.0, 0, 'f', 1).toUtf8()),
            text.out.constData());

        // A third process adds to the counts; clearing the cache starts them again.
        QCOMPARE(run({"fetch", "WTI_USD", "--base-url", simUrl()}).exitCode, 0);
        const QJsonObject more
            = QJsonDocument::fromJson(run({"cache", "stats", "--json"}).out.trimmed()).object();
        QVERIFY2(more.value("hits").toInt() >= stats.value("hits").toInt() + 1, line(more));
        QVERIFY2(more.value("misses").toInt() >= stats.value("misses").toInt(), line(more));
        QCOMPARE(run({"cache", "clear"}).exitCode, 0);
        const QJsonObject cleared
            = QJsonDocument::fromJson(run({"cache", "stats", "--json"}).out.trimmed()).object();
        QCOMPARE(cleared.value("hits").toInt(), 0);
        QCOMPARE(cleared.value("misses").toInt(), 0);
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

        // Machine B has its own data folder and asks the same server: the price can only come from Redis
        // without a request, and only if the fetch waited for the warm-up.
        ++m_testNumber;
        const int before = simRequests();
        const Run second
            = run({"fetch", "WTI_USD", "--json", "--base-url", simUrl(), "--cache-url", redis.url()});
        QVERIFY2(second.exitCode == 0, second.err.constData());
        const QJsonObject shared = QJsonDocument::fromJson(second.out.trimmed()).object();
        QCOMPARE(shared.value("served_from").toString(), QString("cache"));
        QCOMPARE(shared.value("price").toDouble(), live.value("price").toDouble());
        QCOMPARE(simRequests(), before);

        // Machine C asks another server, which is down: Redis holds nothing of that server's to show.
        ++m_testNumber;
        const Run third = run(
            {"fetch", "WTI_USD", "--json", "--base-url", "http://127.0.0.1:1", "--cache-url", redis.url()});
        QCOMPARE(third.exitCode, 5);
        QVERIFY2(third.out.isEmpty(), third.out.constData());
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

    // One exit code for a local failure, whichever command meets it (README's table: 1). The app-data folder
    // cannot be created when XDG_DATA_HOME is a file; fetch and watch used to exit 2 (a usage error).
    void everyCommandExitsOneWithoutAnAppDataFolder_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addRow("fetch") << QStringList {"fetch", "WTI_USD", "--base-url", simUrl()};
        QTest::addRow("watch") << QStringList {"watch", "WTI_USD", "--base-url", simUrl(), "--count", "1"};
        QTest::addRow("cache stats") << QStringList {"cache", "stats"};
        QTest::addRow("cache clear") << QStringList {"cache", "clear"};
        QTest::addRow("history") << QStringList {"history", "WTI_USD"};
        QTest::addRow("quarantine") << QStringList {"quarantine"};
        QTest::addRow("export prices") << QStringList {"export", "prices", "WTI_USD", "--no-backfill"};
        QTest::addRow("export session") << QStringList {"export", "session"};
    }
    void everyCommandExitsOneWithoutAnAppDataFolder()
    {
        QFETCH(QStringList, arguments);
        const QString notAFolder = m_home.filePath(QStringLiteral("a-file-%1").arg(m_testNumber));
        QFile file(notAFolder);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QProcess process;
        QProcessEnvironment env = environment();
        env.insert("XDG_DATA_HOME", notAFolder);
        process.setProcessEnvironment(env);
        process.start(OILWATCH_BINARY, arguments);
        QVERIFY(process.waitForFinished(30000));
        const QByteArray err = process.readAllStandardError();
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QVERIFY2(err.contains("cannot create the app-data folder"), err.constData());
        QCOMPARE(process.exitCode(), 1);
    }

    void simRefusesABusyPort()
    {
        const Run r = run({"sim", "--port", QString::number(m_simPort)});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("cannot listen"));
    }

    // Starts the dashboard and waits until it has passed the single-instance check (its log says which mode
    // it starts in); false when it exited or never got there.
    bool startDashboard(QProcess& dashboard, QByteArray& log) const
    {
        dashboard.setProcessEnvironment(environment());
        dashboard.setProcessChannelMode(QProcess::MergedChannels);
        dashboard.start(OILWATCH_BINARY, {"--demo", "--verbose"});
        while (!log.contains("starting in") && dashboard.waitForReadyRead(20000))
            log += dashboard.readAllStandardOutput();
        return log.contains("starting in");
    }

    void aSecondLaunchRaisesTheFirst()
    {
        QProcess first;
        QByteArray firstLog;
        QVERIFY2(startDashboard(first, firstLog), firstLog.constData());

        const Run second = run({"--demo"});
        QCOMPARE(second.exitCode, 0);
        QVERIFY2(second.out.contains("already running"), second.out.constData());
        QVERIFY2(!second.err.contains("starting in"), second.err.constData());
        QTRY_VERIFY_WITH_TIMEOUT(
            (firstLog += first.readAllStandardOutput()).contains("a second launch asked for the window"),
            10000);
        QCOMPARE(first.state(), QProcess::Running);

        // A crash leaves its socket behind; the next launch takes over instead of waiting on it.
        first.kill();
        first.waitForFinished();
        QProcess next;
        QByteArray nextLog;
        QVERIFY2(startDashboard(next, nextLog), nextLog.constData());
        next.kill();
        next.waitForFinished();
    }

    // --watchlist: bad codes are a usage error (exit 2) that names them; no window opens.
    void watchlistBadCodesExit2_data()
    {
        QTest::addColumn<QString>("codes");
        QTest::addColumn<QString>("said");
        QTest::newRow("misspelt") << "WTI_USD,BRENT-CRUDE"
                                  << "not a commodity code: BRENT-CRUDE";
        QTest::newRow("twice") << "WTI_USD,wti_usd"
                               << "listed twice: WTI_USD";
        QTest::newRow("empty") << ","
                               << "at least one code";
        QStringList many;
        for (int i = 0; i < 51; ++i)
            many << QStringLiteral("CODE_%1_USD").arg(i);
        QTest::newRow("fifty-one") << many.join(',') << "at most 50";
    }
    void watchlistBadCodesExit2()
    {
        QFETCH(QString, codes);
        QFETCH(QString, said);
        const Run r = run({"--demo", "--watchlist", codes, "--screenshot", m_home.filePath("never.png")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--watchlist") && r.err.contains(said.toUtf8()), r.err.constData());
        QVERIFY(!QFile::exists(m_home.filePath("never.png")));
    }

    // Spelled right but not in the catalogue the dashboard stored: exit 2 too, once a catalogue is known.
    void watchlistUnknownCodeExit2()
    {
        const QString path = m_home.filePath("watchlist.png");
        // A first run stores the simulator's catalogue.
        const Run first
            = run({"--demo", "--watchlist", "gold_usd,WTI_USD", "--screenshot", path, "--after", "1"});
        QCOMPARE(first.exitCode, 0);
        QVERIFY(!QImage(path).isNull());
        const Run unknown = run({"--demo", "--watchlist", "WTI_USD,UNOBTAINIUM_USD", "--screenshot", path});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(
            unknown.err.contains("not in the API's catalogue: UNOBTAINIUM_USD"), unknown.err.constData());
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
