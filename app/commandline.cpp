#include "app/commandline.h"

#include "api/oilpriceapiclient.h"
#include "app/commandhelp.h"
#include "feed/watchlist.h"

#include <QCommandLineParser>
#include <QRegularExpression>

namespace oilwatch::app {

namespace {

struct Parsed
{
    QCommandLineParser parser;
    std::optional<UsageError> error;
};

// QCommandLineParser prints and exits on --help; we only ask it to parse and keep the decisions here.
void parseInto(Parsed& parsed, const QString& command, const QStringList& arguments)
{
    parsed.parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parsed.parser.addOption(
        {{QStringLiteral("v"), QStringLiteral("verbose")}, QStringLiteral("Log to stderr.")});
    if (!parsed.parser.parse(QStringList {QStringLiteral("oilwatch")} + arguments))
        parsed.error
            = UsageError {command.isEmpty() ? parsed.parser.errorText()
                                            : command + QStringLiteral(": ") + parsed.parser.errorText()};
}

std::optional<qint64> parseInteger(const QString& text, qint64 min, qint64 max)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    if (!ok || value < min || value > max)
        return std::nullopt;
    return value;
}

UsageError badValue(const QString& option, const QString& value, const QString& expected)
{
    return UsageError {QStringLiteral("--%1: \"%2\" is not %3").arg(option, value, expected)};
}

std::optional<UsageError> readBaseUrl(
    const QCommandLineParser& parser, const QString& command, bool demo, std::optional<QUrl>& baseUrl)
{
    if (!parser.isSet(QStringLiteral("base-url")))
        return std::nullopt;
    const QUrl url(parser.value(QStringLiteral("base-url")), QUrl::StrictMode);
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return badValue(QStringLiteral("base-url"), parser.value(QStringLiteral("base-url")),
            QStringLiteral("an absolute http(s) URL"));
    if (demo)
        return UsageError {(command.isEmpty() ? QString() : command + QStringLiteral(": "))
            + QStringLiteral("--demo and --base-url exclude each other")};
    baseUrl = url;
    return std::nullopt;
}

std::optional<UsageError> readCacheUrl(const QCommandLineParser& parser, std::optional<QUrl>& cacheUrl)
{
    if (!parser.isSet(QStringLiteral("cache-url")))
        return std::nullopt;
    cacheUrl = parseCacheUrl(parser.value(QStringLiteral("cache-url")));
    if (!cacheUrl)
        return badValue(QStringLiteral("cache-url"), parser.value(QStringLiteral("cache-url")),
            cacheUrlExpected(parser.value(QStringLiteral("cache-url"))));
    return std::nullopt;
}

void addCacheUrlOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("cache-url"), QStringLiteral("Shared cache."), QStringLiteral("URL")});
}

void addMetricsListenOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("metrics-listen"), QStringLiteral("Serve Prometheus metrics."),
        QStringLiteral("ADDR:PORT")});
}

std::optional<UsageError> readMetricsListen(
    const QCommandLineParser& parser, std::optional<telemetry::ListenAddress>& address)
{
    if (!parser.isSet(QStringLiteral("metrics-listen")))
        return std::nullopt;
    address = telemetry::ListenAddress::parse(parser.value(QStringLiteral("metrics-listen")));
    if (!address)
        return badValue(QStringLiteral("metrics-listen"), parser.value(QStringLiteral("metrics-listen")),
            QStringLiteral("an IPv4 address and port such as 127.0.0.1:9464"));
    return std::nullopt;
}

std::optional<UsageError> readWatchlist(const QCommandLineParser& parser, std::optional<QStringList>& codes)
{
    if (!parser.isSet(QStringLiteral("watchlist")))
        return std::nullopt;
    const QStringList parsed = feed::Watchlist::parseList(parser.value(QStringLiteral("watchlist")));
    if (const auto error = feed::Watchlist::check(parsed))
        return UsageError {QStringLiteral("--watchlist: ") + error->message};
    codes = parsed;
    return std::nullopt;
}

Command parseGui(const QStringList& arguments)
{
    Parsed p;
    p.parser.addOption({QStringLiteral("demo"), QStringLiteral("Use the built-in simulator.")});
    p.parser.addOption({QStringLiteral("base-url"), QStringLiteral("API base URL."), QStringLiteral("URL")});
    p.parser.addOption({QStringLiteral("screenshot"), QStringLiteral("Save the window as PNG and exit."),
        QStringLiteral("FILE")});
    p.parser.addOption(
        {QStringLiteral("after"), QStringLiteral("Seconds before the screenshot."), QStringLiteral("SEC")});
    p.parser.addOption(
        {QStringLiteral("view"), QStringLiteral("The tab shown first."), QStringLiteral("VIEW")});
    p.parser.addOption(
        {QStringLiteral("watchlist"), QStringLiteral("Codes for this run."), QStringLiteral("CODES")});
    addCacheUrlOption(p.parser);
    addMetricsListenOption(p.parser);
    p.parser.addOption({QStringLiteral("version"), QStringLiteral("Version.")});
    p.parser.addOption({{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Help.")});
    parseInto(p, {}, arguments);
    if (p.error)
        return *p.error;
    if (p.parser.isSet(QStringLiteral("help")))
        return HelpRequest {helpText()};
    if (p.parser.isSet(QStringLiteral("version")))
        return VersionRequest {};
    if (!p.parser.positionalArguments().isEmpty())
        return UsageError {
            QStringLiteral("unknown command \"%1\"").arg(p.parser.positionalArguments().constFirst())};
    GuiOptions options;
    options.demo = p.parser.isSet(QStringLiteral("demo"));
    options.verbose = p.parser.isSet(QStringLiteral("verbose"));
    options.screenshotPath = p.parser.value(QStringLiteral("screenshot"));
    if (auto error = readBaseUrl(p.parser, {}, options.demo, options.baseUrl))
        return *error;
    if (auto error = readCacheUrl(p.parser, options.cacheUrl))
        return *error;
    if (auto error = readMetricsListen(p.parser, options.metricsListen))
        return *error;
    if (p.parser.isSet(QStringLiteral("after"))) {
        bool ok = false;
        const double after = p.parser.value(QStringLiteral("after")).toDouble(&ok);
        if (!ok || after < 0 || after > 3600)
            return badValue(QStringLiteral("after"), p.parser.value(QStringLiteral("after")),
                QStringLiteral("a number of seconds from 0 to 3600"));
        if (options.screenshotPath.isEmpty())
            return UsageError {QStringLiteral("--after needs --screenshot FILE")};
        options.screenshotAfterSec = after;
    }
    if (auto error = readWatchlist(p.parser, options.watchlist))
        return *error;
    if (p.parser.isSet(QStringLiteral("view"))) {
        options.view = p.parser.value(QStringLiteral("view"));
        if (!QStringList {QStringLiteral("chart"), QStringLiteral("resilience"), QStringLiteral("alerts"),
                QStringLiteral("benchmark")}
                 .contains(options.view))
            return badValue(QStringLiteral("view"), options.view,
                QStringLiteral("chart, resilience, alerts or benchmark"));
    }
    return options;
}

// The options fetch and watch share: codes, where to ask, and how to print.
void addApiOptions(QCommandLineParser& parser)
{
    parser.addPositionalArgument(QStringLiteral("CODE"), QStringLiteral("Commodity codes."));
    parser.addOption({QStringLiteral("base-url"), QStringLiteral("API base URL."), QStringLiteral("URL")});
    parser.addOption({QStringLiteral("demo"), QStringLiteral("Use the built-in simulator.")});
    parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object per line.")});
    parser.addOption(
        {QStringLiteral("timeout-ms"), QStringLiteral("Attempt timeout."), QStringLiteral("MS")});
    addCacheUrlOption(parser);
}

std::optional<UsageError> readApiOptions(
    const QCommandLineParser& parser, const QString& command, FetchOptions& options)
{
    options.codes = parser.positionalArguments();
    if (options.codes.isEmpty())
        return UsageError {
            command + QStringLiteral(": name at least one commodity code, e.g. BRENT_CRUDE_USD")};
    options.json = parser.isSet(QStringLiteral("json"));
    options.demo = parser.isSet(QStringLiteral("demo"));
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    if (auto error = readBaseUrl(parser, command, options.demo, options.baseUrl))
        return error;
    if (auto error = readCacheUrl(parser, options.cacheUrl))
        return error;
    if (parser.isSet(QStringLiteral("timeout-ms"))) {
        const auto timeout = parseInteger(parser.value(QStringLiteral("timeout-ms")), 1, 600'000);
        if (!timeout)
            return badValue(QStringLiteral("timeout-ms"), parser.value(QStringLiteral("timeout-ms")),
                QStringLiteral("a number of milliseconds from 1 to 600000"));
        options.timeoutMs = static_cast<int>(*timeout);
    }
    return std::nullopt;
}

Command parseFetch(const QStringList& arguments)
{
    Parsed p;
    addApiOptions(p.parser);
    parseInto(p, QStringLiteral("fetch"), arguments);
    if (p.error)
        return *p.error;
    FetchOptions options;
    if (auto error = readApiOptions(p.parser, QStringLiteral("fetch"), options))
        return *error;
    return options;
}

Command parseWatch(const QStringList& arguments)
{
    Parsed p;
    addApiOptions(p.parser);
    p.parser.addOption(
        {QStringLiteral("interval"), QStringLiteral("Seconds between polls."), QStringLiteral("SEC")});
    p.parser.addOption({QStringLiteral("count"), QStringLiteral("Stop after N polls."), QStringLiteral("N")});
    addMetricsListenOption(p.parser);
    parseInto(p, QStringLiteral("watch"), arguments);
    if (p.error)
        return *p.error;
    WatchOptions options;
    if (auto error = readApiOptions(p.parser, QStringLiteral("watch"), options))
        return *error;
    if (auto error = readMetricsListen(p.parser, options.metricsListen))
        return *error;
    if (p.parser.isSet(QStringLiteral("interval"))) {
        bool ok = false;
        options.intervalSec = p.parser.value(QStringLiteral("interval")).toDouble(&ok);
        if (!ok || options.intervalSec < 0.1 || options.intervalSec > 86'400)
            return badValue(QStringLiteral("interval"), p.parser.value(QStringLiteral("interval")),
                QStringLiteral("a number of seconds from 0.1 to 86400"));
    }
    if (p.parser.isSet(QStringLiteral("count"))) {
        const auto count = parseInteger(p.parser.value(QStringLiteral("count")), 1, 1'000'000'000);
        if (!count)
            return badValue(QStringLiteral("count"), p.parser.value(QStringLiteral("count")),
                QStringLiteral("a whole number of polls from 1"));
        options.count = static_cast<int>(*count);
    }
    return options;
}

Command parseCache(const QStringList& arguments)
{
    Parsed p;
    p.parser.addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("stats or clear."));
    p.parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object.")});
    addCacheUrlOption(p.parser);
    parseInto(p, QStringLiteral("cache"), arguments);
    if (p.error)
        return *p.error;
    const QStringList positional = p.parser.positionalArguments();
    if (positional.size() != 1)
        return UsageError {QStringLiteral("cache: name one action, stats or clear")};
    CacheOptions options;
    if (positional.constFirst() == QLatin1String("stats"))
        options.action = CacheOptions::Action::Stats;
    else if (positional.constFirst() == QLatin1String("clear"))
        options.action = CacheOptions::Action::Clear;
    else
        return UsageError {
            QStringLiteral("cache: unknown action \"%1\" (stats or clear)").arg(positional.constFirst())};
    options.json = p.parser.isSet(QStringLiteral("json"));
    options.verbose = p.parser.isSet(QStringLiteral("verbose"));
    if (auto error = readCacheUrl(p.parser, options.cacheUrl))
        return *error;
    return options;
}

std::optional<UsageError> readDate(const QCommandLineParser& parser, const QString& option, QDate& date)
{
    if (!parser.isSet(option))
        return std::nullopt;
    // Strict YYYY-MM-DD, as the API's start_date and end_date.
    static const QRegularExpression shape(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    const QString text = parser.value(option);
    date = QDate::fromString(text, Qt::ISODate);
    if (!shape.match(text).hasMatch() || !date.isValid())
        return badValue(option, text, QStringLiteral("a date as YYYY-MM-DD"));
    return std::nullopt;
}

void addOriginOption(QCommandLineParser& parser)
{
    parser.addOption({QStringLiteral("origin"),
        QStringLiteral("Whose prices: an API base URL, sim (the built-in simulator), unknown (stored before "
                       "origins were recorded) or all."),
        QStringLiteral("URL|sim|unknown|all")});
}

std::optional<UsageError> readOrigins(
    const QCommandLineParser& parser, std::optional<storage::OriginFilter>& origins)
{
    if (!parser.isSet(QStringLiteral("origin")))
        return std::nullopt;
    const QString text = parser.value(QStringLiteral("origin"));
    if (text.trimmed() == QLatin1String("all")) {
        origins = storage::OriginFilter::all();
    } else if (const auto origin = api::Origin::parse(text)) {
        origins = storage::OriginFilter::only(*origin);
    } else {
        return badValue(
            QStringLiteral("origin"), text, QStringLiteral("an http(s) base URL, sim, unknown or all"));
    }
    return std::nullopt;
}

Command parseHistory(const QStringList& arguments)
{
    Parsed p;
    p.parser.addPositionalArgument(QStringLiteral("CODE"), QStringLiteral("Commodity code."));
    p.parser.addOption({QStringLiteral("from"), QStringLiteral("First day."), QStringLiteral("DATE")});
    p.parser.addOption({QStringLiteral("to"), QStringLiteral("Last day."), QStringLiteral("DATE")});
    addOriginOption(p.parser);
    p.parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object per line.")});
    parseInto(p, QStringLiteral("history"), arguments);
    if (p.error)
        return *p.error;
    const QStringList positional = p.parser.positionalArguments();
    if (positional.size() != 1)
        return UsageError {QStringLiteral("history: name one commodity code, e.g. BRENT_CRUDE_USD")};
    HistoryOptions options;
    options.code = positional.constFirst();
    if (!api::OilPriceApiClient::isValidCode(options.code))
        return UsageError {QStringLiteral("history: \"%1\" is not a commodity code (codes look like "
                                          "BRENT_CRUDE_USD)")
                               .arg(options.code)};
    options.json = p.parser.isSet(QStringLiteral("json"));
    options.verbose = p.parser.isSet(QStringLiteral("verbose"));
    if (auto error = readDate(p.parser, QStringLiteral("from"), options.from))
        return *error;
    if (auto error = readDate(p.parser, QStringLiteral("to"), options.to))
        return *error;
    if (auto error = readOrigins(p.parser, options.origins))
        return *error;
    if (options.from.isValid() && options.to.isValid() && options.from > options.to)
        return UsageError {QStringLiteral("history: --from %1 is after --to %2")
                               .arg(options.from.toString(Qt::ISODate), options.to.toString(Qt::ISODate))};
    return options;
}

Command parseQuarantine(const QStringList& arguments)
{
    Parsed p;
    p.parser.addPositionalArgument(QStringLiteral("CODE"), QStringLiteral("Commodity codes (default: all)."));
    addOriginOption(p.parser);
    p.parser.addOption(
        {QStringLiteral("limit"), QStringLiteral("Newest N (default 100, 0: all)."), QStringLiteral("N")});
    p.parser.addOption({QStringLiteral("json"), QStringLiteral("One JSON object per line.")});
    parseInto(p, QStringLiteral("quarantine"), arguments);
    if (p.error)
        return *p.error;
    QuarantineOptions options;
    options.codes = p.parser.positionalArguments();
    for (const QString& code : std::as_const(options.codes)) {
        if (!api::OilPriceApiClient::isValidCode(code))
            return UsageError {QStringLiteral("quarantine: \"%1\" is not a commodity code (codes look like "
                                              "BRENT_CRUDE_USD)")
                                   .arg(code)};
    }
    options.json = p.parser.isSet(QStringLiteral("json"));
    options.verbose = p.parser.isSet(QStringLiteral("verbose"));
    if (p.parser.isSet(QStringLiteral("limit"))) {
        bool ok = false;
        options.limit = p.parser.value(QStringLiteral("limit")).toInt(&ok);
        if (!ok || options.limit < 0)
            return badValue(QStringLiteral("limit"), p.parser.value(QStringLiteral("limit")),
                QStringLiteral("a count, 0 or more"));
    }
    if (auto error = readOrigins(p.parser, options.origins))
        return *error;
    return options;
}

Command parseSim(const QStringList& arguments)
{
    Parsed p;
    p.parser.addOption({QStringLiteral("port"), QStringLiteral("Port (0: any)."), QStringLiteral("N")});
    p.parser.addOption({QStringLiteral("seed"), QStringLiteral("Random seed."), QStringLiteral("S")});
    p.parser.addOption({QStringLiteral("key"), QStringLiteral("Accepted API key."), QStringLiteral("KEY")});
    p.parser.addOption(
        {QStringLiteral("pace"), QStringLiteral("Market pace (1: realistic)."), QStringLiteral("X")});
    p.parser.addOption(
        {QStringLiteral("quota"), QStringLiteral("Requests a day, then 429."), QStringLiteral("N")});
    p.parser.addOption(
        {QStringLiteral("latency-ms"), QStringLiteral("Added latency."), QStringLiteral("MS")});
    p.parser.addOption({QStringLiteral("status"), QStringLiteral("Forced status."), QStringLiteral("CODE")});
    p.parser.addOption({QStringLiteral("body"), QStringLiteral("Forced body."), QStringLiteral("TEXT")});
    p.parser.addOption(
        {QStringLiteral("faults"), QStringLiteral("Fault profile."), QStringLiteral("NAME|FILE")});
    parseInto(p, QStringLiteral("sim"), arguments);
    if (p.error)
        return *p.error;
    if (!p.parser.positionalArguments().isEmpty())
        return UsageError {QStringLiteral("sim: unexpected argument \"%1\"")
                               .arg(p.parser.positionalArguments().constFirst())};
    SimOptions options;
    options.verbose = p.parser.isSet(QStringLiteral("verbose"));
    if (p.parser.isSet(QStringLiteral("port"))) {
        const auto port = parseInteger(p.parser.value(QStringLiteral("port")), 0, 65535);
        if (!port)
            return badValue(QStringLiteral("port"), p.parser.value(QStringLiteral("port")),
                QStringLiteral("a port from 0 to 65535"));
        options.port = static_cast<quint16>(*port);
    }
    if (p.parser.isSet(QStringLiteral("seed"))) {
        bool ok = false;
        options.seed = p.parser.value(QStringLiteral("seed")).toULongLong(&ok);
        if (!ok)
            return badValue(QStringLiteral("seed"), p.parser.value(QStringLiteral("seed")),
                QStringLiteral("a non-negative integer"));
    }
    if (p.parser.isSet(QStringLiteral("key"))) {
        options.key = p.parser.value(QStringLiteral("key"));
        if (options.key.trimmed().isEmpty())
            return UsageError {QStringLiteral("--key: the key must not be empty")};
    }
    if (p.parser.isSet(QStringLiteral("pace"))) {
        bool ok = false;
        options.pace = p.parser.value(QStringLiteral("pace")).toDouble(&ok);
        if (!ok || options.pace < 0 || options.pace > 1000)
            return badValue(QStringLiteral("pace"), p.parser.value(QStringLiteral("pace")),
                QStringLiteral("a number from 0 to 1000"));
    }
    if (p.parser.isSet(QStringLiteral("quota"))) {
        const auto quota = parseInteger(p.parser.value(QStringLiteral("quota")), 1, 1'000'000'000);
        if (!quota)
            return badValue(QStringLiteral("quota"), p.parser.value(QStringLiteral("quota")),
                QStringLiteral("a number of requests from 1 to 1000000000"));
        options.quota = static_cast<int>(*quota);
    }
    if (p.parser.isSet(QStringLiteral("latency-ms"))) {
        const auto latency = parseInteger(p.parser.value(QStringLiteral("latency-ms")), 0, 600'000);
        if (!latency)
            return badValue(QStringLiteral("latency-ms"), p.parser.value(QStringLiteral("latency-ms")),
                QStringLiteral("a number of milliseconds from 0 to 600000"));
        options.latencyMs = static_cast<int>(*latency);
    }
    if (p.parser.isSet(QStringLiteral("status"))) {
        const auto status = parseInteger(p.parser.value(QStringLiteral("status")), 100, 599);
        if (!status)
            return badValue(QStringLiteral("status"), p.parser.value(QStringLiteral("status")),
                QStringLiteral("an HTTP status from 100 to 599"));
        options.forcedStatus = static_cast<int>(*status);
    }
    if (p.parser.isSet(QStringLiteral("body")))
        options.forcedBody = p.parser.value(QStringLiteral("body")).toUtf8();
    if (p.parser.isSet(QStringLiteral("faults"))) {
        // Loaded here so that a bad file is a usage error (exit 2) before anything listens.
        sim::FaultProfileResult profile
            = sim::FaultProfile::resolve(p.parser.value(QStringLiteral("faults")));
        if (const auto* error = std::get_if<sim::FaultProfileError>(&profile))
            return UsageError {QStringLiteral("--faults: ") + error->message};
        options.faultProfile = std::get<sim::FaultProfile>(std::move(profile));
    }
    return options;
}

std::optional<double> parseNumber(const QString& text, double min, double max)
{
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !(value >= min && value <= max))
        return std::nullopt;
    return value;
}

// The target of a benchmark: exactly one of --sim, --url, --live.
std::optional<UsageError> readBenchTarget(const QCommandLineParser& parser, bench::BenchConfig& config)
{
    const bool sim = parser.isSet(QStringLiteral("sim"));
    const bool url = parser.isSet(QStringLiteral("url"));
    const bool live = parser.isSet(QStringLiteral("live"));
    if (int(sim) + int(url) + int(live) != 1)
        return UsageError {QStringLiteral("bench: choose one target: --sim, --url URL or --live")};
    if (parser.isSet(QStringLiteral("faults")) && !sim)
        return UsageError {QStringLiteral("bench: --faults needs --sim")};
    if (parser.isSet(QStringLiteral("key")) && !url)
        return UsageError {QStringLiteral("bench: --key goes with --url (--live reads OILPRICEAPI_KEY)")};
    // The live API's certificate is always checked, and the simulator speaks plain HTTP.
    if (parser.isSet(QStringLiteral("insecure")) && !url)
        return UsageError {QStringLiteral("bench: --insecure goes with --url (an https test server)")};
    config.insecure = parser.isSet(QStringLiteral("insecure"));
    if (sim) {
        config.target = bench::TargetKind::Simulator;
        if (parser.isSet(QStringLiteral("faults"))) {
            config.faultProfile = parser.value(QStringLiteral("faults"));
            const sim::FaultProfileResult profile = sim::FaultProfile::resolve(config.faultProfile);
            if (const auto* error = std::get_if<sim::FaultProfileError>(&profile))
                return UsageError {QStringLiteral("--faults: ") + error->message};
        }
    } else if (live) {
        config.target = bench::TargetKind::LiveApi;
    } else {
        config.target = bench::TargetKind::Url;
        config.url = QUrl(parser.value(QStringLiteral("url")), QUrl::StrictMode);
        const QString scheme = config.url.scheme().toLower();
        if (!config.url.isValid() || config.url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            return badValue(QStringLiteral("url"), parser.value(QStringLiteral("url")),
                QStringLiteral("an absolute http(s) URL"));
        config.apiKey = parser.value(QStringLiteral("key")).toUtf8();
    }
    return std::nullopt;
}

// How the load is shaped: model, concurrency, rate, length, warm-up, engine.
std::optional<UsageError> readBenchLoad(const QCommandLineParser& parser, bench::BenchConfig& config)
{
    const QString model = parser.value(QStringLiteral("model"));
    if (model == QLatin1String("open"))
        config.model = bench::LoadModel::Open;
    else if (!model.isEmpty() && model != QLatin1String("closed"))
        return badValue(QStringLiteral("model"), model, QStringLiteral("closed or open"));
    if (parser.isSet(QStringLiteral("concurrency"))) {
        const auto concurrency = parseInteger(parser.value(QStringLiteral("concurrency")), 1, 100'000);
        if (!concurrency)
            return badValue(QStringLiteral("concurrency"), parser.value(QStringLiteral("concurrency")),
                QStringLiteral("a whole number from 1 to 100000"));
        config.concurrency = int(*concurrency);
    }
    if (parser.isSet(QStringLiteral("rate"))) {
        if (config.model != bench::LoadModel::Open)
            return UsageError {QStringLiteral("bench: --rate needs --model open")};
        const auto rate = parseNumber(parser.value(QStringLiteral("rate")), 0.001, 10'000'000);
        if (!rate)
            return badValue(QStringLiteral("rate"), parser.value(QStringLiteral("rate")),
                QStringLiteral("a number of requests a second above 0"));
        config.ratePerSec = *rate;
    } else if (config.model == bench::LoadModel::Open) {
        return UsageError {QStringLiteral("bench: --model open needs --rate R (requests a second)")};
    }
    if (parser.isSet(QStringLiteral("duration")) && parser.isSet(QStringLiteral("requests")))
        return UsageError {QStringLiteral("bench: --duration and --requests exclude each other")};
    if (parser.isSet(QStringLiteral("duration"))) {
        const auto seconds = parseNumber(parser.value(QStringLiteral("duration")), 0.1, 86'400);
        if (!seconds)
            return badValue(QStringLiteral("duration"), parser.value(QStringLiteral("duration")),
                QStringLiteral("a number of seconds from 0.1 to 86400"));
        config.duration = std::chrono::milliseconds(qint64(*seconds * 1000));
    }
    if (parser.isSet(QStringLiteral("requests"))) {
        const auto count = parseInteger(parser.value(QStringLiteral("requests")), 1, 1'000'000'000'000);
        if (!count)
            return badValue(QStringLiteral("requests"), parser.value(QStringLiteral("requests")),
                QStringLiteral("a whole number of requests from 1"));
        config.requestCount = *count;
        config.duration.reset();
    }
    if (parser.isSet(QStringLiteral("warmup"))) {
        const auto seconds = parseNumber(parser.value(QStringLiteral("warmup")), 0, 3600);
        if (!seconds)
            return badValue(QStringLiteral("warmup"), parser.value(QStringLiteral("warmup")),
                QStringLiteral("a number of seconds from 0 to 3600"));
        config.warmup = std::chrono::milliseconds(qint64(*seconds * 1000));
    }
    if (parser.isSet(QStringLiteral("raw")) && parser.isSet(QStringLiteral("pipeline")))
        return UsageError {QStringLiteral("bench: --raw and --pipeline exclude each other")};
    // The pipeline is the default: what a user of the app lives through. --raw measures the server.
    config.engine
        = parser.isSet(QStringLiteral("raw")) ? bench::EngineKind::Raw : bench::EngineKind::Pipeline;
    if (parser.isSet(QStringLiteral("threads"))) {
        const auto threads = parseInteger(parser.value(QStringLiteral("threads")), 1, 256);
        if (!threads)
            return badValue(QStringLiteral("threads"), parser.value(QStringLiteral("threads")),
                QStringLiteral("a whole number from 1 to 256"));
        config.threads = int(*threads);
    }
    if (parser.isSet(QStringLiteral("timeout-ms"))) {
        const auto timeout = parseInteger(parser.value(QStringLiteral("timeout-ms")), 1, 600'000);
        if (!timeout)
            return badValue(QStringLiteral("timeout-ms"), parser.value(QStringLiteral("timeout-ms")),
                QStringLiteral("a number of milliseconds from 1 to 600000"));
        config.requestTimeout = std::chrono::milliseconds(*timeout);
    }
    return std::nullopt;
}

Command parseBench(const QStringList& arguments)
{
    Parsed p;
    for (const char* flag : {"sim", "live", "raw", "pipeline", "insecure"})
        p.parser.addOption({QString::fromLatin1(flag), QString::fromLatin1(flag)});
    for (const char* option : {"faults", "url", "key", "model", "concurrency", "rate", "duration", "requests",
             "warmup", "threads", "timeout-ms", "json", "csv", "series", "hgrm", "requests-csv", "export-k6"})
        p.parser.addOption(
            {QString::fromLatin1(option), QString::fromLatin1(option), QStringLiteral("VALUE")});
    parseInto(p, QStringLiteral("bench"), arguments);
    if (p.error)
        return *p.error;
    if (!p.parser.positionalArguments().isEmpty())
        return UsageError {QStringLiteral("bench: unexpected argument \"%1\"")
                               .arg(p.parser.positionalArguments().constFirst())};
    BenchOptions options;
    options.verbose = p.parser.isSet(QStringLiteral("verbose"));
    if (auto error = readBenchTarget(p.parser, options.config))
        return *error;
    if (auto error = readBenchLoad(p.parser, options.config))
        return *error;
    options.jsonPath = p.parser.value(QStringLiteral("json"));
    options.csvPath = p.parser.value(QStringLiteral("csv"));
    options.seriesPath = p.parser.value(QStringLiteral("series"));
    options.hgrmPath = p.parser.value(QStringLiteral("hgrm"));
    options.requestsCsvPath = p.parser.value(QStringLiteral("requests-csv"));
    options.k6Path = p.parser.value(QStringLiteral("export-k6"));
    options.config.recordEachRequest = !options.requestsCsvPath.isEmpty();
    return options;
}

} // namespace

std::optional<QUrl> parseCacheUrl(const QString& text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() || url.scheme().toLower() != QLatin1String("redis"))
        return std::nullopt;
    return url;
}

QString cacheUrlExpected(const QString& text)
{
    // Refused here rather than by the Redis layer at the first connect: Debian 12's hiredis is built
    // without TLS, so a rediss:// URL could never work.
    if (QUrl(text.trimmed()).scheme().toLower() == QLatin1String("rediss"))
        return QStringLiteral("a redis:// URL: rediss:// (TLS) is not supported by this build's hiredis; "
                              "reach a TLS Redis through a local tunnel (e.g. stunnel) with redis://");
    return QStringLiteral("a redis://HOST[:PORT][/DB] URL");
}

Command parseCommandLine(const QStringList& arguments)
{
    const QString first = arguments.value(0);
    if (first == QLatin1String("help")) {
        const QString topic = arguments.value(1);
        if (arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h")))
            return HelpRequest {*commandHelp(first)};
        if (topic.isEmpty())
            return HelpRequest {helpText()};
        if (auto text = commandHelp(topic))
            return HelpRequest {*text};
        QStringList commands = commandsWithHelp();
        commands.removeAll(QString());
        return UsageError {QStringLiteral("help: no command '%1'; the commands are: %2")
                               .arg(topic, commands.join(QStringLiteral(", ")))};
    }
    // A command's own --help answers with its section, before its parser calls the option unknown.
    if (commandsWithHelp().contains(first) && !first.isEmpty()
        && (arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h"))))
        return HelpRequest {*commandHelp(first)};
    if (first == QLatin1String("fetch"))
        return parseFetch(arguments.mid(1));
    if (first == QLatin1String("watch"))
        return parseWatch(arguments.mid(1));
    if (first == QLatin1String("cache"))
        return parseCache(arguments.mid(1));
    if (first == QLatin1String("history"))
        return parseHistory(arguments.mid(1));
    if (first == QLatin1String("quarantine"))
        return parseQuarantine(arguments.mid(1));
    if (first == QLatin1String("sim"))
        return parseSim(arguments.mid(1));
    if (first == QLatin1String("bench"))
        return parseBench(arguments.mid(1));
    if (first == QLatin1String("export")) {
        ExportOptions options;
        if (auto error = parseExportArguments(arguments.mid(1), options))
            return UsageError {*error};
        return options;
    }
    if (first == QLatin1String("config")) {
        ConfigParse config = parseConfigArguments(arguments.mid(1));
        if (config.help)
            return HelpRequest {*config.help};
        if (!config.options)
            return UsageError {config.error};
        return *config.options;
    }
    return parseGui(arguments);
}

} // namespace oilwatch::app
