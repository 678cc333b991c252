#include "bench/k6export.h"

#include <cmath>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace oilwatch::bench::k6 {

namespace {

constexpr int kSimulatorPort = 8080;

// A JavaScript string literal (JSON's escaping is JavaScript's).
QString js(const QString& text)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

QString seconds(std::chrono::milliseconds ms)
{
    return QStringLiteral("%1s").arg(double(ms.count()) / 1000.0);
}

// Rounded up to 0.1 ms, so that the run itself passes its thresholds.
QString ceilMs(qint64 us)
{
    return QString::number(std::ceil(double(us) / 100.0) / 10.0);
}

// The URL k6 asks: the run's, or for the built-in simulator the same path on `oilwatch sim`.
QString targetUrl(const BenchResult& result)
{
    QUrl url(result.context.target);
    if (result.config.target == TargetKind::Simulator) {
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(kSimulatorPort);
    }
    url.setUserInfo({});
    return result.config.redacted(url.toString());
}

QString scenario(const BenchConfig& config, const QString& name,
    std::optional<std::chrono::milliseconds> length, std::optional<qint64> iterations,
    std::chrono::milliseconds startTime)
{
    const int vus = std::max(1, config.concurrency);
    QStringList lines;
    if (config.model == LoadModel::Open) {
        // The same rate; the VUs are the run's cap on requests in flight.
        const qint64 ms = iterations
            ? qint64(double(*iterations) * 1000.0 / std::max(config.ratePerSec, 1e-9))
            : qint64(length.value_or(std::chrono::milliseconds(0)).count());
        lines << QStringLiteral("executor: 'constant-arrival-rate'")
              << QStringLiteral("rate: %1").arg(config.ratePerSec) << QStringLiteral("timeUnit: '1s'")
              << QStringLiteral("duration: '%1'").arg(seconds(std::chrono::milliseconds(ms)))
              << QStringLiteral("preAllocatedVUs: %1").arg(vus) << QStringLiteral("maxVUs: %1").arg(vus);
    } else if (iterations) {
        lines << QStringLiteral("executor: 'shared-iterations'") << QStringLiteral("vus: %1").arg(vus)
              << QStringLiteral("iterations: %1").arg(*iterations)
              << QStringLiteral("maxDuration: '%1'").arg(seconds(std::chrono::minutes(30)));
    } else {
        lines << QStringLiteral("executor: 'constant-vus'") << QStringLiteral("vus: %1").arg(vus)
              << QStringLiteral("duration: '%1'").arg(seconds(length.value_or(std::chrono::milliseconds(0))));
    }
    if (startTime.count() > 0)
        lines << QStringLiteral("startTime: '%1'").arg(seconds(startTime));
    lines << QStringLiteral("gracefulStop: '%1'").arg(seconds(config.requestTimeout));
    return QStringLiteral("    %1: {\n      %2,\n    },\n")
        .arg(name, lines.join(QStringLiteral(",\n      ")));
}

} // namespace

QByteArray script(const BenchResult& result)
{
    const BenchConfig& config = result.config;
    const bool keyed = !config.apiKey.isEmpty() || config.target != TargetKind::Url;
    const double errorRate = result.completed > 0 ? double(result.errors) / double(result.completed) : 0.0;
    QString out;
    out += QStringLiteral("// k6 script written by OilWatch %1 from a benchmark run of %2 (%3).\n")
               .arg(result.context.appVersion, result.context.startedUtc.toString(Qt::ISODate),
                   result.context.machine.isEmpty() ? result.context.hostName : result.context.machine);
    out += QStringLiteral(
        "// The run: %1 model, %2 engine, %3 requests, p50 %4 ms, p95 %5 ms, p99 %6 ms, %7 errors.\n")
               .arg(loadModelName(config.model), engineKindName(config.engine))
               .arg(result.completed)
               .arg(ceilMs(result.success.valueAtPercentile(50)),
                   ceilMs(result.success.valueAtPercentile(95)), ceilMs(result.success.valueAtPercentile(99)))
               .arg(result.errors);
    if (config.target == TargetKind::Simulator)
        out += QStringLiteral("// It ran on the built-in simulator; start the same one first:\n"
                              "//   oilwatch sim --port %1 --faults %2 --key \"$OILPRICEAPI_KEY\"\n")
                   .arg(kSimulatorPort)
                   .arg(config.faultProfile);
    if (config.engine == EngineKind::Pipeline)
        out += QStringLiteral(
            "// k6 sends plain requests: the pipeline's retries and breaker are not reproduced.\n");
    out += QStringLiteral("//   %1k6 run --summary-export summary.json this-script.js\n")
               .arg(keyed ? QStringLiteral("OILPRICEAPI_KEY=... ") : QString());
    out += QStringLiteral("import http from 'k6/http';\nimport { check } from 'k6';\n\n");
    out += QStringLiteral("const URL = __ENV.OILWATCH_URL || %1;\n").arg(js(targetUrl(result)));
    if (keyed) {
        // Never in the file: from the environment, and the run stops at once without it.
        out += QStringLiteral("const KEY = __ENV.OILPRICEAPI_KEY;\n"
                              "if (!KEY) {\n"
                              "  throw new Error('Set OILPRICEAPI_KEY: the API key is read from the "
                              "environment, never written into this script.');\n"
                              "}\n");
    }
    out += QStringLiteral("\nexport const options = {\n  scenarios: {\n");
    if (config.warmup.count() > 0)
        out += scenario(config, QStringLiteral("warmup"), config.warmup, std::nullopt, {});
    out += scenario(config, QStringLiteral("measured"), config.duration, config.requestCount, config.warmup);
    out += QStringLiteral("  },\n  thresholds: {\n");
    const QString only = config.warmup.count() > 0 ? QStringLiteral("{scenario:measured}") : QString();
    out += QStringLiteral("    'http_req_duration%1': ['p(95)<=%2', 'p(99)<=%3'],\n")
               .arg(only, ceilMs(result.success.valueAtPercentile(95)),
                   ceilMs(result.success.valueAtPercentile(99)));
    out += QStringLiteral("    'http_req_failed%1': ['rate<=%2'],\n").arg(only).arg(errorRate);
    out += QStringLiteral(
        "  },\n  summaryTrendStats: ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)', 'p(99)', "
        "'p(99.9)'],\n");
    if (config.insecure)
        out += QStringLiteral("  insecureSkipTLSVerify: true, // as the run: any certificate accepted\n");
    out += QStringLiteral("};\n\nconst params = {\n  headers: {\n");
    out += QStringLiteral("    'User-Agent': 'oilwatch-bench (k6)',\n    Accept: 'application/json',\n");
    if (keyed)
        out += QStringLiteral("    Authorization: `Token ${KEY}`,\n");
    out += QStringLiteral("  },\n  timeout: '%1',\n};\n\n").arg(seconds(config.requestTimeout));
    out += QStringLiteral("export default function () {\n"
                          "  const res = http.get(URL, params);\n"
                          "  check(res, { 'status is 2xx': (r) => r.status >= 200 && r.status < 300 });\n"
                          "}\n");
    return out.toUtf8();
}

std::variant<Summary, SummaryError> parseSummary(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return SummaryError {
            QStringLiteral("not JSON: %1 at byte %2").arg(error.errorString()).arg(error.offset)};
    const QJsonObject metrics = document.object().value(QLatin1String("metrics")).toObject();
    const QJsonObject duration = metrics.value(QLatin1String("http_req_duration")).toObject();
    if (duration.isEmpty())
        return SummaryError {QStringLiteral("no metrics.http_req_duration: not a k6 --summary-export file")};
    // k6 0.x keeps a trend's statistics at the top of the metric, later ones under "values".
    const QJsonObject stats = duration.contains(QLatin1String("values"))
        ? duration.value(QLatin1String("values")).toObject()
        : duration;
    Summary summary;
    static const QRegularExpression percentile(QStringLiteral("^p\\(([0-9.]+)\\)$"));
    for (auto it = stats.constBegin(); it != stats.constEnd(); ++it) {
        if (!it.value().isDouble())
            continue;
        const double ms = it.value().toDouble();
        if (it.key() == QLatin1String("min"))
            summary.points << Summary::Point {0.0, ms};
        else if (it.key() == QLatin1String("med"))
            summary.points << Summary::Point {50.0, ms};
        else if (it.key() == QLatin1String("max"))
            summary.points << Summary::Point {100.0, ms};
        else if (it.key() == QLatin1String("avg"))
            summary.avgMs = ms;
        else if (const auto m = percentile.match(it.key()); m.hasMatch())
            summary.points << Summary::Point {m.captured(1).toDouble(), ms};
    }
    if (summary.points.isEmpty())
        return SummaryError {QStringLiteral("http_req_duration holds no percentile")};
    std::sort(summary.points.begin(), summary.points.end(),
        [](const Summary::Point& a, const Summary::Point& b) { return a.percentile < b.percentile; });
    const QJsonObject reqs = metrics.value(QLatin1String("http_reqs")).toObject();
    const QJsonObject reqStats
        = reqs.contains(QLatin1String("values")) ? reqs.value(QLatin1String("values")).toObject() : reqs;
    summary.requests = qint64(reqStats.value(QLatin1String("count")).toDouble());
    summary.ratePerSec = reqStats.value(QLatin1String("rate")).toDouble();
    const QJsonObject failed = metrics.value(QLatin1String("http_req_failed")).toObject();
    const QJsonObject failedStats = failed.contains(QLatin1String("values"))
        ? failed.value(QLatin1String("values")).toObject()
        : failed;
    // The legacy export gives a rate as "value"; the newer one as "rate".
    summary.failedRate = failedStats.contains(QLatin1String("rate"))
        ? failedStats.value(QLatin1String("rate")).toDouble()
        : failedStats.value(QLatin1String("value")).toDouble();
    return summary;
}

} // namespace oilwatch::bench::k6
