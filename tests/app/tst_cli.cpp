// The real oilwatch binary, run as a user would: exit codes, JSON lines, errors on stderr, the simulator
// command.
#include <csignal>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcess m_sim;
    quint16 m_simPort = 0;

    QProcessEnvironment environment(const QString& key = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", m_home.path());
        env.insert("XDG_DATA_HOME", m_home.path() + "/data");
        env.insert("XDG_CONFIG_HOME", m_home.path() + "/config");
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("OILPRICEAPI_KEY", key);
        return env;
    }

    Run run(const QStringList& arguments, const QString& key = {}) const
    {
        QProcess process;
        process.setProcessEnvironment(environment(key));
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
    }

    void helpListsExitCodes()
    {
        const Run r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Exit codes"));
        QVERIFY(r.out.contains("oilwatch fetch CODE..."));
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
