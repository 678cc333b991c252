#pragma once

#include "app/configcommand.h"
#include "app/exportoptions.h"
#include "bench/benchconfig.h"
#include "sim/faultprofile.h"
#include "storage/pricehistory.h"
#include "telemetry/metricsendpoint.h"

#include <optional>
#include <variant>

#include <QDate>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace oilwatch::app {

// Exit codes of every command, documented in --help and the README.
enum ExitCode : int
{
    kExitOk = 0,
    kExitFailure = 1, // something outside the API failed (cannot write the screenshot, cannot listen)
    kExitUsage = 2,
    kExitAuth = 3,
    kExitRateLimited = 4,
    kExitNetwork = 5,
    kExitBadResponse = 6,
};

struct GuiOptions
{
    bool demo = false;
    std::optional<QUrl> baseUrl; // another server speaking the API, e.g. `oilwatch sim` with a fault profile
    std::optional<QUrl> cacheUrl; // --cache-url redis://...: a shared cache in front of the local one
    QString screenshotPath;
    QString view = QStringLiteral("chart"); // chart | resilience | benchmark: the tab shown first
    double screenshotAfterSec = 3.0;
    bool verbose = false;
    std::optional<telemetry::ListenAddress> metricsListen; // --metrics-listen: serve /metrics there
    // --watchlist CODE,...: the codes shown this run instead of the saved watchlist (not saved). Checked for
    // spelling, repeats and the 50-code limit here, against the stored catalogue when the dashboard starts.
    std::optional<QStringList> watchlist;
};

struct FetchOptions
{
    QStringList codes;
    std::optional<QUrl> baseUrl;
    std::optional<QUrl> cacheUrl;
    bool demo = false;
    bool json = false;
    bool verbose = false;
    int timeoutMs = 10'000;
};

// watch takes every fetch option, and polls.
struct WatchOptions : FetchOptions
{
    double intervalSec = 0; // 0: the mode's default (60 s live, 2 s on the simulator)
    int count = 0; // polls before exiting; 0: until SIGINT or SIGTERM
    std::optional<telemetry::ListenAddress> metricsListen; // --metrics-listen: serve /metrics there
};

struct CacheOptions
{
    enum class Action
    {
        Stats,
        Clear,
    };
    Action action = Action::Stats;
    std::optional<QUrl> cacheUrl;
    bool json = false;
    bool verbose = false;
};

// Prints the stored price series of one code, oldest first.
struct HistoryOptions
{
    QString code;
    QDate from; // invalid: open
    QDate to; // invalid: open; inclusive, the whole day
    // --origin URL|sim|unknown|all; unset: the origin the dashboard would watch (the live API with a key,
    // else the built-in simulator).
    std::optional<storage::OriginFilter> origins;
    bool json = false;
    bool verbose = false;
};

// Prints the quotes the validator rejected and kept for review, newest first.
struct QuarantineOptions
{
    QStringList codes; // empty: every code
    // As HistoryOptions::origins.
    std::optional<storage::OriginFilter> origins;
    int limit = 100; // newest first; 0: all
    bool json = false;
    bool verbose = false;
};

struct SimOptions
{
    quint16 port = 0;
    quint64 seed = 42;
    QString key;
    double pace = 10.0;
    int quota = 0; // --quota N: requests a day before the quota-exhausted 429; 0: unlimited
    int latencyMs = 0;
    int forcedStatus = 0;
    std::optional<QByteArray> forcedBody;
    std::optional<sim::FaultProfile> faultProfile; // --faults NAME|FILE, already loaded and validated
    bool verbose = false;
};

// oilwatch bench: one benchmark run from the command line.
struct BenchOptions
{
    // Everything but the key: for --live it is read from OILPRICEAPI_KEY when the run starts, so that it is
    // never part of the parsed arguments.
    bench::BenchConfig config;
    QString jsonPath; // summary JSON
    QString csvPath; // summary CSV
    QString seriesPath; // per-second CSV
    QString hgrmPath; // HdrHistogram percentile distribution of the successes
    QString requestsCsvPath; // one row per request (turns on BenchConfig::recordEachRequest)
    QString k6Path; // a k6 script that reproduces the run
    bool verbose = false;
};

struct VersionRequest
{ };

struct HelpRequest
{
    QString text;
};

struct UsageError
{
    QString message;
};

using Command
    = std::variant<GuiOptions, FetchOptions, WatchOptions, CacheOptions, HistoryOptions, QuarantineOptions,
        SimOptions, BenchOptions, ExportOptions, ConfigOptions, VersionRequest, HelpRequest, UsageError>;

// Parses the arguments (without the program name) into one command. Never exits, never prints.
Command parseCommandLine(const QStringList& arguments);

// redis:// with a host: what --cache-url and OILWATCH_CACHE_URL accept.
std::optional<QUrl> parseCacheUrl(const QString& text);
// What a cache URL that parseCacheUrl() refused should have been, for the error message.
QString cacheUrlExpected(const QString& text);

} // namespace oilwatch::app
