#include "app/commandhelp.h"
#include "app/commandline.h"

#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch::app;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void guiDefaults()
    {
        const Command command = parseCommandLine({});
        const auto* gui = std::get_if<GuiOptions>(&command);
        QVERIFY(gui);
        QVERIFY(!gui->demo);
        QVERIFY(gui->screenshotPath.isEmpty());
    }

    void guiScreenshot()
    {
        const Command command = parseCommandLine({"--demo", "--screenshot", "/tmp/x.png", "--after", "2.5"});
        const auto* gui = std::get_if<GuiOptions>(&command);
        QVERIFY(gui);
        QVERIFY(gui->demo);
        QCOMPARE(gui->screenshotPath, QString("/tmp/x.png"));
        QCOMPARE(gui->screenshotAfterSec, 2.5);
    }

    void guiWatchlist()
    {
        const Command command = parseCommandLine({"--watchlist", " gold_usd, WTI_USD "});
        const auto* gui = std::get_if<GuiOptions>(&command);
        QVERIFY(gui);
        QCOMPARE(gui->watchlist, std::optional(QStringList {"GOLD_USD", "WTI_USD"}));
        QVERIFY(!std::get<GuiOptions>(parseCommandLine({})).watchlist);
        const Command bad = parseCommandLine({"--watchlist", "GOLD USD"});
        QVERIFY(std::holds_alternative<UsageError>(bad));
        QVERIFY(std::get<UsageError>(bad).message.contains("GOLD USD"));
        QVERIFY(helpText().contains("--watchlist CODE,..."));
    }

    void guiAgainstAnotherServer()
    {
        const Command command = parseCommandLine({"--base-url", "http://127.0.0.1:8080"});
        const auto* gui = std::get_if<GuiOptions>(&command);
        QVERIFY(gui);
        QCOMPARE(gui->baseUrl->toString(), QString("http://127.0.0.1:8080"));
        QVERIFY(std::holds_alternative<UsageError>(
            parseCommandLine({"--demo", "--base-url", "http://127.0.0.1:1"})));
    }

    void watchOptions()
    {
        const Command command
            = parseCommandLine({"watch", "WTI_USD", "--interval", "1.5", "--count", "3", "--json"});
        const auto* watch = std::get_if<WatchOptions>(&command);
        QVERIFY(watch);
        QCOMPARE(watch->codes, QStringList({"WTI_USD"}));
        QCOMPARE(watch->intervalSec, 1.5);
        QCOMPARE(watch->count, 3);
        QVERIFY(watch->json);
    }

    void fetchOptions()
    {
        const Command command = parseCommandLine(
            {"fetch", "BRENT_CRUDE_USD", "WTI_USD", "--json", "--base-url", "http://127.0.0.1:9"});
        const auto* fetch = std::get_if<FetchOptions>(&command);
        QVERIFY(fetch);
        QCOMPARE(fetch->codes, QStringList({"BRENT_CRUDE_USD", "WTI_USD"}));
        QVERIFY(fetch->json);
        QCOMPARE(fetch->baseUrl->toString(), QString("http://127.0.0.1:9"));
    }

    void cacheUrlOnEveryCommandThatPolls()
    {
        const QString redis = "redis://cache.local:6380/2";
        const Command fetch = parseCommandLine({"fetch", "WTI_USD", "--cache-url", redis});
        QCOMPARE(std::get<FetchOptions>(fetch).cacheUrl->toString(), redis);
        // Debian 12's hiredis has no TLS: refused at once, saying why, not at the first connect.
        const Command watch = parseCommandLine({"watch", "WTI_USD", "--cache-url", "rediss://h"});
        QVERIFY(std::holds_alternative<UsageError>(watch));
        QVERIFY2(std::get<UsageError>(watch).message.contains("rediss:// (TLS) is not supported"),
            qPrintable(std::get<UsageError>(watch).message));
        const Command gui = parseCommandLine({"--cache-url", redis});
        QCOMPARE(std::get<GuiOptions>(gui).cacheUrl->port(), 6380);
        const Command cache = parseCommandLine({"cache", "stats", "--cache-url", redis});
        QCOMPARE(std::get<CacheOptions>(cache).cacheUrl->host(), QString("cache.local"));
        QVERIFY(!std::get<FetchOptions>(parseCommandLine({"fetch", "WTI_USD"})).cacheUrl);
    }

    void metricsListenOnTheDashboardAndWatch()
    {
        const Command watch = parseCommandLine({"watch", "WTI_USD", "--metrics-listen", "127.0.0.1:9464"});
        QCOMPARE(std::get<WatchOptions>(watch).metricsListen->toString(), QString("127.0.0.1:9464"));
        const Command gui = parseCommandLine({"--metrics-listen", "0.0.0.0:0"});
        QCOMPARE(std::get<GuiOptions>(gui).metricsListen->port, quint16(0));
        QVERIFY(!std::get<WatchOptions>(parseCommandLine({"watch", "WTI_USD"})).metricsListen);
        QVERIFY(!std::get<GuiOptions>(parseCommandLine({})).metricsListen); // off by default
    }

    void cacheActions()
    {
        const Command stats = parseCommandLine({"cache", "stats", "--json"});
        QCOMPARE(std::get<CacheOptions>(stats).action, CacheOptions::Action::Stats);
        QVERIFY(std::get<CacheOptions>(stats).json);
        const Command clear = parseCommandLine({"cache", "clear"});
        QCOMPARE(std::get<CacheOptions>(clear).action, CacheOptions::Action::Clear);
    }

    void historyOptions()
    {
        const Command command = parseCommandLine(
            {"history", "BRENT_CRUDE_USD", "--from", "2026-01-02", "--to", "2026-01-31", "--json"});
        const auto* history = std::get_if<HistoryOptions>(&command);
        QVERIFY(history);
        QCOMPARE(history->code, QString("BRENT_CRUDE_USD"));
        QCOMPARE(history->from, QDate(2026, 1, 2));
        QCOMPARE(history->to, QDate(2026, 1, 31));
        QVERIFY(history->json);
        const Command open = parseCommandLine({"history", "WTI_USD"});
        QVERIFY(!std::get<HistoryOptions>(open).from.isValid());
        QVERIFY(!std::get<HistoryOptions>(open).to.isValid());
        const Command sameDay
            = parseCommandLine({"history", "WTI_USD", "--from", "2026-03-01", "--to", "2026-03-01"});
        QVERIFY(std::holds_alternative<HistoryOptions>(sameDay));
    }

    void simOptions()
    {
        const Command command = parseCommandLine({"sim", "--port", "8080", "--seed", "7", "--key", "k1",
            "--latency-ms", "50", "--status", "503", "--body", "x"});
        const auto* sim = std::get_if<SimOptions>(&command);
        QVERIFY(sim);
        QCOMPARE(sim->port, quint16(8080));
        QCOMPARE(sim->seed, quint64(7));
        QCOMPARE(sim->key, QString("k1"));
        QCOMPARE(sim->latencyMs, 50);
        QCOMPARE(sim->forcedStatus, 503);
        QCOMPARE(sim->forcedBody.value_or(QByteArray()), QByteArray("x"));
        QCOMPARE(sim->quota, 0); // unlimited unless asked
        const Command quota = parseCommandLine({"sim", "--quota", "25"});
        QCOMPARE(std::get<SimOptions>(quota).quota, 25);
        for (const char* bad : {"0", "-1", "lots"})
            QVERIFY(std::holds_alternative<UsageError>(parseCommandLine({"sim", "--quota", bad})));
    }

    void simFaultsByName()
    {
        const Command plain = parseCommandLine({"sim"});
        QVERIFY(!std::get<SimOptions>(plain).faultProfile);
        const Command command = parseCommandLine({"sim", "--faults", "flaky", "--status", "503"});
        const auto* sim = std::get_if<SimOptions>(&command);
        QVERIFY(sim);
        QVERIFY(sim->faultProfile);
        QCOMPARE(sim->faultProfile->name, QString("flaky"));
        QCOMPARE(*sim->faultProfile, *oilwatch::sim::FaultProfile::builtin(u"flaky"));
        QCOMPARE(sim->forcedStatus, 503); // the old flags combine with a profile
    }

    void simFaultsFromFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath("mine.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            R"({"name":"mine","faults":[{"kind":"reset","rate":0.25}],"outage":{"down_s":2,"up_s":3}})");
        file.close();
        const Command command = parseCommandLine({"sim", "--faults", path});
        const auto* sim = std::get_if<SimOptions>(&command);
        QVERIFY(sim);
        QCOMPARE(sim->faultProfile->name, QString("mine"));
        QCOMPARE(sim->faultProfile->faults.at(0).rate, 0.25);
        QCOMPARE(sim->faultProfile->outage.upSec, 3);
    }

    void simFaultsErrorsAreOneLine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString broken = dir.filePath("broken.json");
        QFile file(broken);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"faults\": [ {\"kind\": \"status\", \"status\": 42} ]}");
        file.close();
        const QString notJson = dir.filePath("notjson.json");
        QFile other(notJson);
        QVERIFY(other.open(QIODevice::WriteOnly));
        other.write("faults: everything\n");
        other.close();

        const QList<QPair<QStringList, QStringList>> cases = {
            {{"sim", "--faults", "nope"}, {"--faults:", "\"nope\"", "built-in", "chaos"}},
            {{"sim", "--faults", broken}, {"--faults: " + broken + ": faults[0].status", "200 to 599"}},
            {{"sim", "--faults", notJson}, {notJson, "not valid JSON"}},
            {{"sim", "--faults"}, {"faults"}},
        };
        for (const auto& [arguments, parts] : cases) {
            const Command command = parseCommandLine(arguments);
            const auto* error = std::get_if<UsageError>(&command);
            QVERIFY2(error, qPrintable(arguments.join(' ')));
            QVERIFY2(!error->message.contains('\n'), qPrintable(error->message));
            for (const QString& part : parts)
                QVERIFY2(error->message.contains(part), qPrintable(error->message + " lacks " + part));
        }
    }

    void helpNamesTheFaultProfiles()
    {
        const QString text = std::get<HelpRequest>(parseCommandLine({"--help"})).text;
        QVERIFY(text.contains("--faults NAME|FILE"));
        QVERIFY(text.contains("ratelimited"));
        QVERIFY(text.contains("/_sim/profile"));
    }

    void versionAndHelp()
    {
        QVERIFY(std::holds_alternative<VersionRequest>(parseCommandLine({"--version"})));
        const Command help = parseCommandLine({"--help"});
        QVERIFY(std::holds_alternative<HelpRequest>(help));
        const QString text = std::get<HelpRequest>(help).text;
        QVERIFY(text.contains("Exit codes"));
        QVERIFY(text.contains("4  rate limited or quota"));
    }

    void benchDefaults()
    {
        const Command command = parseCommandLine({"bench", "--sim"});
        const auto* bench = std::get_if<BenchOptions>(&command);
        QVERIFY(bench);
        QCOMPARE(bench->config.target, oilwatch::bench::TargetKind::Simulator);
        QCOMPARE(bench->config.model, oilwatch::bench::LoadModel::Closed);
        // The pipeline is the default: what a user of the app lives through.
        QCOMPARE(bench->config.engine, oilwatch::bench::EngineKind::Pipeline);
        QCOMPARE(bench->config.faultProfile, QString("healthy"));
        QVERIFY(bench->config.duration.has_value());
        QVERIFY(!bench->config.requestCount.has_value());
        QVERIFY(!bench->config.recordEachRequest);
        QVERIFY(!bench->config.insecure); // certificates are checked unless asked otherwise
    }

    void benchOptions()
    {
        const Command command = parseCommandLine({"bench", "--url", "https://example.com/v1/x?a=1", "--key",
            "k", "--model", "open", "--rate", "250.5", "--concurrency", "32", "--requests", "1000",
            "--warmup", "1.5", "--raw", "--threads", "2", "--timeout-ms", "800", "--json", "r.json", "--csv",
            "r.csv", "--series", "s.csv", "--hgrm", "h.hgrm", "--requests-csv", "q.csv", "--insecure"});
        const auto* bench = std::get_if<BenchOptions>(&command);
        QVERIFY(bench);
        const oilwatch::bench::BenchConfig& config = bench->config;
        QCOMPARE(config.target, oilwatch::bench::TargetKind::Url);
        QCOMPARE(config.url.toString(), QString("https://example.com/v1/x?a=1"));
        QCOMPARE(config.apiKey, QByteArray("k"));
        QCOMPARE(config.model, oilwatch::bench::LoadModel::Open);
        QCOMPARE(config.ratePerSec, 250.5);
        QCOMPARE(config.concurrency, 32);
        QCOMPARE(config.requestCount.value_or(0), 1000);
        QVERIFY(!config.duration.has_value());
        QCOMPARE(config.warmup.count(), 1500);
        QCOMPARE(config.engine, oilwatch::bench::EngineKind::Raw);
        QCOMPARE(config.threads, 2);
        QCOMPARE(config.requestTimeout.count(), 800);
        QCOMPARE(bench->jsonPath, QString("r.json"));
        QCOMPARE(bench->csvPath, QString("r.csv"));
        QCOMPARE(bench->seriesPath, QString("s.csv"));
        QCOMPARE(bench->hgrmPath, QString("h.hgrm"));
        QCOMPARE(bench->requestsCsvPath, QString("q.csv"));
        QVERIFY(config.recordEachRequest);
        QVERIFY(config.insecure);
    }

    void benchSimWithFaultsAndLive()
    {
        const Command sim = parseCommandLine({"bench", "--sim", "--faults", "flaky", "--duration", "2.5"});
        QVERIFY(std::holds_alternative<BenchOptions>(sim));
        QCOMPARE(std::get<BenchOptions>(sim).config.faultProfile, QString("flaky"));
        QCOMPARE(std::get<BenchOptions>(sim).config.duration->count(), 2500);
        const Command live = parseCommandLine({"bench", "--live", "--pipeline", "--requests", "5"});
        QVERIFY(std::holds_alternative<BenchOptions>(live));
        QCOMPARE(std::get<BenchOptions>(live).config.target, oilwatch::bench::TargetKind::LiveApi);
        QVERIFY(
            std::get<BenchOptions>(live).config.apiKey.isEmpty()); // read from the environment at run time
    }

    void badFlagsAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("messagePart");
        QTest::addRow("unknown option") << QStringList {"--nope"} << "nope";
        QTest::addRow("unknown command") << QStringList {"frobnicate"} << "unknown command";
        QTest::addRow("after without screenshot") << QStringList {"--after", "2"} << "--screenshot";
        QTest::addRow("after not a number")
            << QStringList {"--screenshot", "a.png", "--after", "soon"} << "after";
        QTest::addRow("fetch no codes") << QStringList {"fetch"} << "at least one";
        QTest::addRow("fetch bad url")
            << QStringList {"fetch", "WTI_USD", "--base-url", "not a url"} << "base-url";
        QTest::addRow("fetch demo and url")
            << QStringList {"fetch", "WTI_USD", "--demo", "--base-url", "http://127.0.0.1:1"} << "exclude";
        QTest::addRow("fetch bad timeout")
            << QStringList {"fetch", "WTI_USD", "--timeout-ms", "-5"} << "timeout-ms";
        QTest::addRow("fetch unknown option") << QStringList {"fetch", "WTI_USD", "--jsn"} << "fetch";
        QTest::addRow("watch no codes") << QStringList {"watch"} << "at least one";
        QTest::addRow("watch bad interval")
            << QStringList {"watch", "WTI_USD", "--interval", "0"} << "interval";
        QTest::addRow("watch bad count") << QStringList {"watch", "WTI_USD", "--count", "-1"} << "count";
        QTest::addRow("gui bad base url") << QStringList {"--base-url", "nope"} << "base-url";
        QTest::addRow("metrics host name")
            << QStringList {"watch", "WTI_USD", "--metrics-listen", "localhost:9464"} << "--metrics-listen";
        QTest::addRow("metrics bad port")
            << QStringList {"--metrics-listen", "127.0.0.1:70000"} << "--metrics-listen";
        QTest::addRow("metrics on fetch")
            << QStringList {"fetch", "WTI_USD", "--metrics-listen", "127.0.0.1:0"} << "metrics-listen";
        QTest::addRow("sim bad port") << QStringList {"sim", "--port", "70000"} << "port";
        QTest::addRow("sim port text") << QStringList {"sim", "--port", "http"} << "port";
        QTest::addRow("sim bad status") << QStringList {"sim", "--status", "42"} << "status";
        QTest::addRow("sim bad pace") << QStringList {"sim", "--pace", "-1"} << "pace";
        QTest::addRow("sim empty key") << QStringList {"sim", "--key", ""} << "key";
        QTest::addRow("sim stray argument") << QStringList {"sim", "extra"} << "unexpected";
        QTest::addRow("missing value") << QStringList {"sim", "--port"} << "port";
        QTest::addRow("cache url not redis")
            << QStringList {"fetch", "WTI_USD", "--cache-url", "http://h:6379"} << "redis://";
        QTest::addRow("cache url no host") << QStringList {"--cache-url", "redis://"} << "cache-url";
        QTest::addRow("cache no action") << QStringList {"cache"} << "stats or clear";
        QTest::addRow("cache two actions") << QStringList {"cache", "stats", "clear"} << "stats or clear";
        QTest::addRow("cache unknown action") << QStringList {"cache", "purge"} << "unknown action";
        QTest::addRow("cache unknown option") << QStringList {"cache", "stats", "--all"} << "cache";
        QTest::addRow("history no code") << QStringList {"history"} << "one commodity code";
        QTest::addRow("history two codes") << QStringList {"history", "WTI_USD", "BRENT_CRUDE_USD"} << "one";
        QTest::addRow("history bad code") << QStringList {"history", "wti usd"} << "not a commodity code";
        QTest::addRow("history bad from")
            << QStringList {"history", "WTI_USD", "--from", "yesterday"} << "--from";
        QTest::addRow("history no such day")
            << QStringList {"history", "WTI_USD", "--to", "2026-02-29"} << "YYYY-MM-DD";
        QTest::addRow("history short date")
            << QStringList {"history", "WTI_USD", "--to", "2026-2-1"} << "--to";
        QTest::addRow("history reversed")
            << QStringList {"history", "WTI_USD", "--from", "2026-02-02", "--to", "2026-02-01"} << "after";
        QTest::addRow("bench no target") << QStringList {"bench"} << "choose one target";
        QTest::addRow("bench two targets")
            << QStringList {"bench", "--sim", "--url", "http://127.0.0.1:1/"} << "choose one target";
        QTest::addRow("bench bad url") << QStringList {"bench", "--url", "ftp://x/"} << "url";
        QTest::addRow("bench faults without sim")
            << QStringList {"bench", "--live", "--faults", "flaky"} << "--faults needs --sim";
        QTest::addRow("bench unknown profile")
            << QStringList {"bench", "--sim", "--faults", "no-such-profile"} << "--faults";
        QTest::addRow("bench key without url") << QStringList {"bench", "--sim", "--key", "k"} << "--key";
        QTest::addRow("bench insecure with live")
            << QStringList {"bench", "--live", "--insecure"} << "--insecure goes with --url";
        QTest::addRow("bench insecure with sim")
            << QStringList {"bench", "--sim", "--insecure"} << "--insecure goes with --url";
        QTest::addRow("bench bad model") << QStringList {"bench", "--sim", "--model", "half"} << "model";
        QTest::addRow("bench open without rate")
            << QStringList {"bench", "--sim", "--model", "open"} << "--rate";
        QTest::addRow("bench rate when closed") << QStringList {"bench", "--sim", "--rate", "5"} << "--rate";
        QTest::addRow("bench bad rate")
            << QStringList {"bench", "--sim", "--model", "open", "--rate", "0"} << "rate";
        QTest::addRow("bench bad concurrency")
            << QStringList {"bench", "--sim", "--concurrency", "0"} << "concurrency";
        QTest::addRow("bench duration and requests")
            << QStringList {"bench", "--sim", "--duration", "1", "--requests", "5"} << "exclude";
        QTest::addRow("bench bad duration")
            << QStringList {"bench", "--sim", "--duration", "x"} << "duration";
        QTest::addRow("bench bad requests")
            << QStringList {"bench", "--sim", "--requests", "0"} << "requests";
        QTest::addRow("bench bad warmup") << QStringList {"bench", "--sim", "--warmup", "-1"} << "warmup";
        QTest::addRow("bench raw and pipeline")
            << QStringList {"bench", "--sim", "--raw", "--pipeline"} << "exclude";
        QTest::addRow("bench bad threads") << QStringList {"bench", "--sim", "--threads", "0"} << "threads";
        QTest::addRow("bench stray argument") << QStringList {"bench", "--sim", "extra"} << "unexpected";
        QTest::addRow("bench unknown option") << QStringList {"bench", "--sim", "--fast"} << "bench";
    }
    void badFlagsAreUsageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, messagePart);
        const Command command = parseCommandLine(arguments);
        const auto* error = std::get_if<UsageError>(&command);
        QVERIFY2(error, qPrintable(arguments.join(' ')));
        QVERIFY2(error->message.contains(messagePart), qPrintable(error->message));
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
