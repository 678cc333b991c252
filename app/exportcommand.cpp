#include "api/oilpriceapiclient.h"
#include "app/apisetup.h"
#include "app/apistack.h"
#include "app/cachesetup.h"
#include "app/commandline.h"
#include "app/commands.h"
#include "app/exportoptions.h"
#include "app/quotestack.h"
#include "app/sessionlogsetup.h"
#include "report/csvfile.h"
#include "report/priceexportjob.h"
#include "report/sessionexport.h"
#include "report/sessionlog.h"
#include "storage/historystore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>
#include <QTextStream>
#include <QTimeZone>

namespace oilwatch::app {

namespace {

QString badValue(const QString& option, const QString& value, const QString& expected)
{
    return QStringLiteral("--%1: \"%2\" is not %3").arg(option, value, expected);
}

// YYYY-MM-DD (a whole day, UTC) or an ISO-8601 instant with its zone ("2026-03-01T08:00:00Z").
std::optional<QString> readInstant(
    const QCommandLineParser& parser, const QString& option, bool endOfDay, QDateTime& at)
{
    if (!parser.isSet(option))
        return std::nullopt;
    const QString text = parser.value(option);
    static const QRegularExpression dateOnly(QStringLiteral("^\\d{4}-\\d{2}-\\d{2}$"));
    if (dateOnly.match(text).hasMatch()) {
        const QDate date = QDate::fromString(text, Qt::ISODate);
        if (date.isValid()) {
            at = endOfDay ? date.endOfDay(QTimeZone::utc()) : date.startOfDay(QTimeZone::utc());
            return std::nullopt;
        }
    } else {
        at = QDateTime::fromString(text, Qt::ISODateWithMs);
        // Only with a zone: a bare local time would mean a different instant on every machine.
        if (at.isValid() && at.timeSpec() != Qt::LocalTime)
            return std::nullopt;
    }
    return badValue(option, text, QStringLiteral("a date as YYYY-MM-DD or an ISO-8601 time with its zone"));
}

QString whoseText(const storage::OriginFilter& origins)
{
    return origins.isAll() ? QStringLiteral("any origin") : origins.origin()->id();
}

int fail(const QString& message, int code = kExitFailure)
{
    QTextStream(stderr) << "oilwatch export: " << message << Qt::endl;
    return code;
}

int runPrices(const ExportOptions& options, const QString& dataDirectory)
{
    const util::Clock& clock = util::SystemClock::instance();
    report::PriceExportRequest request;
    request.codes = options.codes;
    request.from = options.from;
    request.to = options.to;
    request.resolution = options.resolution;
    request.layout = options.layout;
    request.localTimeColumn = options.localTime;
    const ApiChoice apiChoice {false, options.baseUrl};
    request.origins = options.origins.value_or(storage::OriginFilter::only(originFor(apiChoice)));

    // Backfilling needs the client and the quote stack the dashboard polls through (its history, its gate);
    // without it the history file alone is read.
    std::optional<ApiSetup> setup;
    std::unique_ptr<ApiStack> api;
    std::unique_ptr<QuoteStack> quotes;
    std::unique_ptr<storage::HistoryStore> history;
    if (options.backfill && options.from.isValid()) {
        auto choice = chooseApi(apiChoice);
        if (auto* setupValue = std::get_if<ApiSetup>(&choice)) {
            setup = std::move(*setupValue);
            api = std::make_unique<ApiStack>(setup->config);
            auto stack = QuoteStack::create(
                api->client(), std::nullopt, std::chrono::minutes(1), [](const QString& warning) {
                    QTextStream(stderr) << "oilwatch export: " << warning << Qt::endl;
                });
            if (auto* made = std::get_if<std::unique_ptr<QuoteStack>>(&stack))
                quotes = std::move(*made);
            else
                QTextStream(stderr) << "oilwatch export: no backfill: "
                                    << std::get<api::ApiError>(stack).describe() << Qt::endl;
        } else {
            QTextStream(stderr) << "oilwatch export: no backfill: "
                                << std::get<api::ApiError>(choice).describe() << Qt::endl;
        }
    }
    report::PriceSources sources;
    sources.clock = &clock;
    if (quotes) {
        sources.store = &quotes->history();
        sources.client = &api->client();
        sources.gate = &quotes->gate();
    } else {
        history = openHistoryStore(dataDirectory, clock, [](const QString& warning) {
            QTextStream(stderr) << "oilwatch export: " << warning << Qt::endl;
        });
        sources.store = history.get();
    }
    sources.historyPath = sources.store->path();

    report::PriceExportJob job(request, options.out, {options.excel}, sources);
    int exitCode = kExitOk;
    QObject::connect(&job, &report::PriceExportJob::warning, &job,
        [](const QString& message) { QTextStream(stderr) << "oilwatch export: " << message << Qt::endl; });
    QObject::connect(&job, &report::PriceExportJob::backfilled, &job, [](const QString& code, int stored) {
        QTextStream(stderr) << "oilwatch export: " << code << ": " << stored << " prices backfilled"
                            << Qt::endl;
    });
    QObject::connect(
        &job, &report::PriceExportJob::finished, &job, [&](const report::ExportOutcome& outcome) {
            if (!outcome.error.isEmpty()) {
                exitCode = fail(outcome.error);
            } else if (options.out != QLatin1String(report::CsvFile::kStdout)) {
                QTextStream(stderr) << "oilwatch export: " << outcome.rows << " rows ("
                                    << whoseText(request.origins) << ") written to " << options.out
                                    << Qt::endl;
            }
            if (outcome.error.isEmpty() && outcome.rows == 0)
                QTextStream(stderr) << "oilwatch export: nothing stored for "
                                    << options.codes.join(QLatin1Char(' ')) << " from "
                                    << whoseText(request.origins)
                                    << " in that range (--origin picks another server, or all)" << Qt::endl;
            QCoreApplication::exit(exitCode);
        });
    job.start();
    return QCoreApplication::exec() == kExitOk ? exitCode : kExitFailure;
}

int runSession(const ExportOptions& options, const QString& dataDirectory)
{
    auto opened = report::CsvFile::open(options.out, {options.excel});
    if (auto* error = std::get_if<QString>(&opened))
        return fail(*error);
    auto& file = std::get<std::unique_ptr<report::CsvFile>>(opened);
    report::SessionExportRequest request;
    request.directory = sessionLogDirectory();
    Q_UNUSED(dataDirectory);
    request.from = options.from;
    request.to = options.to;
    request.localTimeColumn = options.localTime;
    const report::SessionOutcome outcome = report::writeSession(request, file->writer());
    if (!outcome.error.isEmpty()) {
        file->cancel();
        return fail(outcome.error);
    }
    if (auto error = file->commit())
        return fail(*error);
    if (outcome.skippedLines > 0)
        QTextStream(stderr) << "oilwatch export: " << outcome.skippedLines
                            << " unreadable lines of the session log skipped" << Qt::endl;
    if (!file->isStdout())
        QTextStream(stderr) << "oilwatch export: " << outcome.rows << " rows written to " << options.out
                            << Qt::endl;
    return kExitOk;
}

} // namespace

QString exportUsage()
{
    return QStringLiteral(
        "  oilwatch export prices CODE... [--from DATE] [--to DATE] [--resolution raw|1m|1h|1d]\n"
        "                 [--format long|wide] [--origin URL|sim|unknown|all] [--base-url URL]\n"
        "                 [--no-backfill] [--local-time] [--excel] [--out FILE|-]\n"
        "      Writes the stored prices of the codes as CSV (RFC 4180, UTF-8, ISO-8601 UTC times):\n"
        "      every price (raw) or minute/hour/day bars (open, high, low, close, count; UTC\n"
        "      boundaries), long (one row per price) or wide (one column per code). With --from, days\n"
        "      the history lacks are first filled from the API's past_* (--base-url: from that server;\n"
        "      --no-backfill: stored only). By default the prices of the origin the dashboard watches.\n"
        "      DATE is YYYY-MM-DD (--to: the whole day) or an ISO-8601 time with its zone. --excel\n"
        "      adds a byte-order mark; --local-time a local_time column. Default --out: standard output;\n"
        "      a file is written whole or not at all.\n"
        "  oilwatch export session [--from DATE] [--to DATE] [--local-time] [--excel] [--out FILE|-]\n"
        "      Writes the session log (session/ in the app-data folder: every quote the dashboard and\n"
        "      watch served with served_from, age_s and quality, retries, breaker transitions, errors)\n"
        "      as CSV.\n");
}

std::optional<QString> parseExportArguments(const QStringList& arguments, ExportOptions& options)
{
    const QString what = arguments.value(0);
    if (what == QLatin1String("prices"))
        options.what = ExportOptions::What::Prices;
    else if (what == QLatin1String("session"))
        options.what = ExportOptions::What::Session;
    else
        return what.isEmpty() ? QStringLiteral("export: say what to export: prices or session")
                              : QStringLiteral("export: \"%1\" is not prices or session").arg(what);
    const bool prices = options.what == ExportOptions::What::Prices;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const char* option : {"from", "to", "out"})
        parser.addOption({QString::fromLatin1(option), QString::fromLatin1(option), QStringLiteral("VALUE")});
    for (const char* flag : {"excel", "local-time", "verbose"})
        parser.addOption({QString::fromLatin1(flag), QString::fromLatin1(flag)});
    if (prices) {
        for (const char* option : {"resolution", "format", "origin", "base-url"})
            parser.addOption(
                {QString::fromLatin1(option), QString::fromLatin1(option), QStringLiteral("VALUE")});
        parser.addOption({QStringLiteral("no-backfill"), QStringLiteral("no-backfill")});
    }
    if (!parser.parse(QStringList {QStringLiteral("oilwatch")} + arguments.mid(1)))
        return QStringLiteral("export %1: %2").arg(what, parser.errorText());
    options.verbose = parser.isSet(QStringLiteral("verbose"));
    options.excel = parser.isSet(QStringLiteral("excel"));
    options.localTime = parser.isSet(QStringLiteral("local-time"));
    if (parser.isSet(QStringLiteral("out"))) {
        options.out = parser.value(QStringLiteral("out"));
        if (options.out.isEmpty())
            return QStringLiteral("--out: give a file name, or - for standard output");
    }
    if (auto error = readInstant(parser, QStringLiteral("from"), false, options.from))
        return error;
    if (auto error = readInstant(parser, QStringLiteral("to"), true, options.to))
        return error;
    if (options.from.isValid() && options.to.isValid() && options.from > options.to)
        return QStringLiteral("export: --from %1 is after --to %2")
            .arg(parser.value(QStringLiteral("from")), parser.value(QStringLiteral("to")));
    const QStringList positional = parser.positionalArguments();
    if (!prices) {
        if (!positional.isEmpty())
            return QStringLiteral("export session: unexpected argument \"%1\"").arg(positional.constFirst());
        return std::nullopt;
    }
    if (positional.isEmpty())
        return QStringLiteral("export prices: name at least one commodity code, e.g. BRENT_CRUDE_USD");
    for (const QString& code : positional) {
        if (!api::OilPriceApiClient::isValidCode(code))
            return QStringLiteral(
                "export prices: \"%1\" is not a commodity code (codes look like BRENT_CRUDE_USD)")
                .arg(code);
        if (!options.codes.contains(code))
            options.codes << code;
    }
    if (parser.isSet(QStringLiteral("resolution"))) {
        const auto resolution = report::parseResolution(parser.value(QStringLiteral("resolution")));
        if (!resolution)
            return badValue(QStringLiteral("resolution"), parser.value(QStringLiteral("resolution")),
                QStringLiteral("raw, 1m, 1h or 1d"));
        options.resolution = *resolution;
    }
    if (parser.isSet(QStringLiteral("format"))) {
        const auto layout = report::parseLayout(parser.value(QStringLiteral("format")));
        if (!layout)
            return badValue(QStringLiteral("format"), parser.value(QStringLiteral("format")),
                QStringLiteral("long or wide"));
        options.layout = *layout;
    }
    if (parser.isSet(QStringLiteral("origin"))) {
        const QString text = parser.value(QStringLiteral("origin"));
        if (text.trimmed() == QLatin1String("all"))
            options.origins = storage::OriginFilter::all();
        else if (const auto origin = api::Origin::parse(text))
            options.origins = storage::OriginFilter::only(*origin);
        else
            return badValue(
                QStringLiteral("origin"), text, QStringLiteral("an http(s) base URL, sim, unknown or all"));
    }
    if (parser.isSet(QStringLiteral("base-url"))) {
        const QUrl url(parser.value(QStringLiteral("base-url")), QUrl::StrictMode);
        const QString scheme = url.scheme().toLower();
        if (!url.isValid() || url.host().isEmpty()
            || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            return badValue(QStringLiteral("base-url"), parser.value(QStringLiteral("base-url")),
                QStringLiteral("an absolute http(s) URL"));
        options.baseUrl = url;
    }
    options.backfill = !parser.isSet(QStringLiteral("no-backfill"));
    return std::nullopt;
}

int runExport(const ExportOptions& options)
{
    setUpLogging(options.verbose);
    const QString dataDirectory = privateDataDirectory();
    if (dataDirectory.isEmpty())
        return fail(QStringLiteral("cannot create the app-data folder"));
    return options.what == ExportOptions::What::Prices ? runPrices(options, dataDirectory)
                                                       : runSession(options, dataDirectory);
}

} // namespace oilwatch::app
