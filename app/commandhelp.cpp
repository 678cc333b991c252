#include "app/commandhelp.h"

#include "app/configcommand.h"
#include "app/exportoptions.h"
#include "sim/faultprofile.h"

#include <QList>

namespace oilwatch::app {

namespace {

struct CommandUsage
{
    QString command; // as typed after `oilwatch`; empty for the dashboard
    QString text;
};

const QString kExitCodesHelp = QStringLiteral(
    "Exit codes:\n"
    "  0  ok\n"
    "  1  local failure (cannot create the app-data folder, cannot listen, cannot write a file)\n"
    "  2  usage: bad flags or arguments, unknown commodity code\n"
    "  3  auth: missing, invalid or expired API key, or a plan that lacks the data\n"
    "  4  rate limited or quota exhausted\n"
    "  5  network, server or timeout, or an untrusted TLS certificate (not retried)\n"
    "  6  bad response or bad data\n");

QList<CommandUsage> commandUsages()
{
    return {
        {QString(),
            QStringLiteral(
                "  oilwatch [--demo | --base-url URL] [--cache-url URL] [--view "
                "chart|resilience|alerts|benchmark]\n"
                "           [--watchlist CODE,...] [--screenshot FILE [--after SEC]]\n"
                "           [--metrics-listen ADDR:PORT] [--verbose]\n"
                "      Opens the dashboard. Without an API key (OILPRICEAPI_KEY) it shows real prices\n"
                "      from the public demo API (a few updates an hour), or the built-in simulator when\n"
                "      there is no network; --demo always uses the simulator. --view picks the tab shown\n"
                "      first. --watchlist shows those codes (up to 50) this run instead of the saved\n"
                "      watchlist, without saving them. A second launch raises the window already open.\n")},
        {QStringLiteral("fetch"),
            QStringLiteral(
                "  oilwatch fetch CODE... [--base-url URL] [--demo] [--cache-url URL] [--json] [--timeout-ms "
                "MS] [--verbose]\n"
                "      Prints the latest price of each code: a line each, or one JSON object per line with "
                "--json.\n"
                "      Each says where it came from (served_from: live, cache or stale) and how old it is "
                "(age_s).\n"
                "      A value younger than 3/4 of the poll interval comes from the cache without a "
                "request;\n"
                "      when the API fails, the last value is shown as stale for up to an hour, then the "
                "error\n"
                "      carries it.\n")},
        {QStringLiteral("watch"),
            QStringLiteral(
                "  oilwatch watch CODE... [--interval SEC] [--count N] [--base-url URL] [--demo] "
                "[--cache-url "
                "URL] [--json]\n"
                "                 [--metrics-listen ADDR:PORT]\n"
                "      Polls through the cache and the resilience pipeline and prints each event as it "
                "happens:\n"
                "      quotes (with served_from and age), attempts, retries (with their delay), breaker "
                "transitions\n"
                "      (old and new state), errors.\n"
                "      --metrics-listen (dashboard and watch): serves Prometheus metrics at\n"
                "      http://ADDR:PORT/metrics (port 0: any free port, shown on stderr and in the log).\n")},
        {QStringLiteral("cache"),
            QStringLiteral(
                "  oilwatch cache stats [--json] [--cache-url URL] | oilwatch cache clear [--cache-url URL]\n"
                "      Shows the cache's backend, entries, bytes, hits and misses, or empties it.\n"
                "      Hits and misses count the lookups of every process that used the cache\n"
                "      (a hit found a value of any age), kept in the cache file.\n")},
        {QStringLiteral("history"),
            QStringLiteral(
                "  oilwatch history CODE [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--origin "
                "URL|sim|unknown|all] "
                "[--json]\n"
                "      Prints the stored price series of CODE, oldest first: a table, or one JSON object per "
                "line.\n"
                "      Only the prices of one origin (the server that answered them): by default the one "
                "the\n"
                "      dashboard watches (the live API with a key, else sim); --origin picks another, or "
                "all.\n")},
        {QStringLiteral("quarantine"),
            QStringLiteral(
                "  oilwatch quarantine [CODE...] [--origin URL|sim|unknown|all] [--limit N] [--json]\n"
                "      Prints the quotes the validator rejected (quality suspect), newest first, with the "
                "rules\n"
                "      they broke: kept in history.sqlite for review and export. Same --origin as "
                "history.\n")},
        {QStringLiteral("sim"),
            QStringLiteral(
                "  oilwatch sim [--port N] [--seed S] [--key KEY] [--pace X] [--quota N] [--latency-ms MS] "
                "[--status CODE] [--body TEXT] [--faults NAME|FILE]\n"
                "      Runs the built-in API simulator on 127.0.0.1 in the foreground until SIGINT or "
                "SIGTERM.\n"
                "      --pace: how many times faster than a real market prices move (default 10; 1 is "
                "realistic).\n"
                "      --quota: N requests a UTC day, then the quota-exhausted 429 until midnight.\n"
                "      --faults: starting fault profile, built-in (")
                + sim::FaultProfile::builtinNames().join(QStringLiteral(", "))
                + QStringLiteral(
                    ") or a JSON file;\n"
                    "      switch at run time with POST /_sim/profile, counters at GET /_sim/stats.\n")},
        {QStringLiteral("bench"),
            QStringLiteral(
                "  oilwatch bench (--sim [--faults NAME|FILE] | --url URL [--key KEY] [--insecure] | "
                "--live)\n"
                "                 [--model closed|open] [--concurrency N] [--rate R]\n"
                "                 [--duration SEC | --requests N] [--warmup SEC] [--raw | --pipeline]\n"
                "                 [--threads N] [--timeout-ms MS] [--json FILE] [--csv FILE]\n"
                "                 [--series FILE] [--hgrm FILE] [--requests-csv FILE] [--export-k6 FILE]\n"
                "      Load-tests the simulator (started in-process), any http(s) URL, or the live API\n"
                "      with OILPRICEAPI_KEY (every request counts against the quota). Closed model\n"
                "      (default): N workers back to back. Open model: R requests a second, latency\n"
                "      from the scheduled send time (coordinated omission corrected). --pipeline\n"
                "      (default) goes through the app's client (retries, breaker) as a user would;\n"
                "      --raw measures the server with a lean HTTP/1.1 engine. --insecure accepts any\n"
                "      TLS certificate (a test server's self-signed one). Defaults: concurrency\n"
                "      16, 10 s, no warm-up. Prints a percentile summary; Ctrl-C stops and prints\n"
                "      what was measured. --export-k6 writes a k6 script that reproduces the run\n"
                "      (the key read from OILPRICEAPI_KEY, never written).\n")},
        {QStringLiteral("export"), exportUsage()},
        {QStringLiteral("config"), configUsage()},
        {QStringLiteral("help"),
            QStringLiteral("  oilwatch help [COMMAND] | oilwatch COMMAND --help | oilwatch --version\n"
                           "      Prints the usage of one command, or of all.\n")},
    };
}

} // namespace

QStringList commandsWithHelp()
{
    QStringList names;
    for (const CommandUsage& usage : commandUsages())
        names << usage.command;
    return names;
}

std::optional<QString> commandHelp(const QString& command)
{
    for (const CommandUsage& usage : commandUsages())
        if (usage.command == command)
            return QStringLiteral("Usage:\n") + usage.text + QLatin1Char('\n') + kExitCodesHelp;
    return std::nullopt;
}

QString helpText()
{
    QString text = QStringLiteral("OilWatch: live energy prices through a resilient client.\n\nUsage:\n");
    for (const CommandUsage& usage : commandUsages())
        text += usage.text;
    return text
        + QStringLiteral(
            "\nEnvironment:\n"
            "  OILPRICEAPI_KEY     the API key (never logged, never shown); else the keychain (config "
            "set-key)\n"
            "  OILWATCH_NO_KEYCHAIN=1  never ask the system keychain\n"
            "  OILWATCH_CACHE_URL  redis://HOST[:PORT][/DB] when --cache-url is not given\n"
            "  OILWATCH_METRICS_LISTEN  ADDR:PORT when --metrics-listen is not given\n\n"
            "Files: cache.sqlite, history.sqlite and logs/ in the app-data folder (user-only).\n\n")
        + kExitCodesHelp;
}

} // namespace oilwatch::app
