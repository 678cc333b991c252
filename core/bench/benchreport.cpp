#include "bench/benchreport.h"

#include "bench/requestengine.h"
#include "report/csvwriter.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <QBuffer>
#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace oilwatch::bench::report {

namespace {

constexpr int kSchemaVersion = 1;

struct NamedPercentile
{
    const char* name;
    double percentile;
};

// The percentiles of every latency summary (JSON, CSV): the names are JSON keys, so no dots.
constexpr NamedPercentile kSummaryPercentiles[] = {
    {"p50", 50.0},
    {"p75", 75.0},
    {"p90", 90.0},
    {"p95", 95.0},
    {"p99", 99.0},
    {"p99_9", 99.9},
    {"p99_99", 99.99},
};

// wrk2's latency distribution.
constexpr double kTextPercentiles[] = {50.0, 75.0, 90.0, 99.0, 99.9, 99.99, 99.999, 100.0};

// Every CSV of a run goes through the app's one writer (report::CsvWriter: RFC 4180, typed cells, text
// neutralised against formula injection), into memory: a run's exports are small next to its histograms.
class CsvBytes
{
public:
    CsvBytes() { m_buffer.open(QIODevice::WriteOnly); }
    oilwatch::report::CsvWriter& csv() { return m_csv; }
    QByteArray bytes()
    {
        m_csv.flush();
        return m_bytes;
    }

private:
    QByteArray m_bytes;
    QBuffer m_buffer {&m_bytes};
    oilwatch::report::CsvWriter m_csv {m_buffer};
};

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

// One value of the summary and where it goes: the JSON path, which is also the CSV metric name.
struct SummaryField
{
    QStringList path;
    QJsonValue value;
};

void appendObject(QList<SummaryField>& fields, const QString& prefix, const QJsonObject& object)
{
    for (auto it = object.constBegin(); it != object.constEnd(); ++it)
        fields.append({{prefix, it.key()}, it.value()});
}

QJsonObject latencyJson(const LatencyHistogram& histogram)
{
    QJsonObject json;
    json.insert(QStringLiteral("count"), histogram.count());
    json.insert(QStringLiteral("min"), histogram.minUs());
    json.insert(QStringLiteral("mean"), rounded(histogram.meanUs(), 1));
    json.insert(QStringLiteral("stddev"), rounded(histogram.stddevUs(), 1));
    json.insert(QStringLiteral("max"), histogram.maxUs());
    for (const NamedPercentile& p : kSummaryPercentiles)
        json.insert(QLatin1String(p.name), histogram.valueAtPercentile(p.percentile));
    json.insert(QStringLiteral("clamped"), histogram.clampedCount());
    return json;
}

// Error kinds come from the engine; they are passed through the redaction like any outside string, once
// per distinct kind because a run can have a million records.
class KindRedactor
{
public:
    explicit KindRedactor(const BenchConfig& config)
        : m_config(config)
    { }
    QString operator()(const QString& kind)
    {
        if (kind.isEmpty())
            return kind;
        auto it = m_seen.constFind(kind);
        if (it == m_seen.constEnd())
            it = m_seen.insert(kind, m_config.redacted(kind));
        return *it;
    }

private:
    const BenchConfig& m_config;
    QHash<QString, QString> m_seen;
};

// The summary in a fixed order. The JSON nests the paths; the CSV lists them as metric,value.
QList<SummaryField> summaryFields(const BenchResult& result)
{
    QList<SummaryField> fields;
    fields.append({{QStringLiteral("schema_version")}, kSchemaVersion});

    QJsonObject context = result.context.toJson();
    context.insert(QStringLiteral("target"), result.config.redacted(result.context.target));
    appendObject(fields, QStringLiteral("context"), context);
    appendObject(fields, QStringLiteral("settings"), result.config.toJson());

    const QString run = QStringLiteral("run");
    fields.append({{run, QStringLiteral("measured_ms")}, result.measuredMs});
    fields.append({{run, QStringLiteral("stopped_early")}, result.stoppedEarly});
    fields.append({{run, QStringLiteral("throughput_per_sec")}, rounded(result.throughputPerSec(), 3)});

    const QString counts = QStringLiteral("counts");
    fields.append({{counts, QStringLiteral("completed")}, result.completed});
    fields.append({{counts, QStringLiteral("successes")}, result.success.count()});
    fields.append({{counts, QStringLiteral("errors")}, result.errors});
    fields.append({{counts, QStringLiteral("late")}, result.late});
    fields.append({{counts, QStringLiteral("retries")}, result.retries});
    fields.append({{counts, QStringLiteral("breaker_trips")}, result.breakerTrips});
    fields.append({{counts, QStringLiteral("max_in_flight")}, result.maxInFlight});
    fields.append({{counts, QStringLiteral("bytes_received")}, result.bytesReceived});

    // Present even when empty, so a reader never has to test for it.
    fields.append({{QStringLiteral("errors_by_kind")}, QJsonObject()});
    KindRedactor redact(result.config);
    for (auto it = result.errorsByKind.constBegin(); it != result.errorsByKind.constEnd(); ++it)
        fields.append({{QStringLiteral("errors_by_kind"), redact(it.key())}, it.value()});

    const std::pair<QString, const LatencyHistogram*> latencies[] = {
        {QStringLiteral("success"), &result.success},
        {QStringLiteral("failure"), &result.failure},
        {QStringLiteral("uncorrected"), &result.uncorrected},
    };
    for (const auto& [name, histogram] : latencies) {
        const QJsonObject json = latencyJson(*histogram);
        // In the order of latencyJson, not the alphabetical order of QJsonObject.
        for (const QString& key : {QStringLiteral("count"), QStringLiteral("min"), QStringLiteral("mean"),
                 QStringLiteral("stddev"), QStringLiteral("max")})
            fields.append({{QStringLiteral("latency_us"), name, key}, json.value(key)});
        for (const NamedPercentile& p : kSummaryPercentiles)
            fields.append({{QStringLiteral("latency_us"), name, QLatin1String(p.name)},
                json.value(QLatin1String(p.name))});
        fields.append({{QStringLiteral("latency_us"), name, QStringLiteral("clamped")},
            json.value(QStringLiteral("clamped"))});
    }
    return fields;
}

void insertAt(QJsonObject& object, const QStringList& path, qsizetype depth, const QJsonValue& value)
{
    const QString& key = path[depth];
    if (depth == path.size() - 1) {
        object.insert(key, value);
        return;
    }
    QJsonObject child = object.value(key).toObject();
    insertAt(child, path, depth + 1, value);
    object.insert(key, child);
}

QString joined(const QJsonArray& array);

// A whole number as digits (a count, microseconds), any other number as the shortest text that reads back.
void writeNumber(oilwatch::report::CsvWriter& csv, double number)
{
    if (number == std::floor(number) && std::abs(number) < 9e15)
        csv.integer(qint64(number));
    else
        csv.number(number);
}

void writeValue(oilwatch::report::CsvWriter& csv, const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        csv.textUtf8(value.toBool() ? "true" : "false");
        return;
    case QJsonValue::Double:
        writeNumber(csv, value.toDouble());
        return;
    case QJsonValue::String:
        csv.text(value.toString());
        return;
    case QJsonValue::Array:
        csv.text(joined(value.toArray()));
        return;
    default:
        csv.empty();
    }
}

QString joined(const QJsonArray& array)
{
    QStringList items;
    for (const QJsonValue& item : array) {
        if (item.isDouble())
            items << QString::number(item.toDouble(), 'g', 15);
        else if (item.isBool())
            items << (item.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
        else if (item.isArray())
            items << joined(item.toArray());
        else
            items << item.toString();
    }
    return items.join(QLatin1Char(';'));
}

QJsonArray seriesJson(const QList<SecondSample>& series)
{
    QJsonArray array;
    for (const SecondSample& s : series) {
        QJsonObject json;
        json.insert(QStringLiteral("second"), s.second);
        json.insert(QStringLiteral("requests"), s.requests);
        json.insert(QStringLiteral("errors"), s.errors);
        json.insert(QStringLiteral("p50_us"), s.p50Us);
        json.insert(QStringLiteral("p95_us"), s.p95Us);
        json.insert(QStringLiteral("p99_us"), s.p99Us);
        array.append(json);
    }
    return array;
}

// wrk's units: microseconds below a millisecond, then milliseconds, then seconds.
QString formatLatency(double us)
{
    if (us < 1000.0)
        return QString::asprintf("%.2fus", us);
    if (us < 1'000'000.0)
        return QString::asprintf("%.2fms", us / 1000.0);
    return QString::asprintf("%.2fs", us / 1'000'000.0);
}

QString formatBytes(double bytes)
{
    const char* units[] = {"B", "KB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1024.0 && unit < 4) {
        bytes /= 1024.0;
        ++unit;
    }
    return QString::asprintf("%.2f%s", bytes, units[unit]);
}

QString distributionText(const QString& title, const LatencyHistogram& histogram)
{
    QString text = QStringLiteral("  Latency Distribution (HdrHistogram - %1)\n").arg(title);
    for (double p : kTextPercentiles)
        text += QString::asprintf(
            "%7.3f%%  %10s\n", p, qPrintable(formatLatency(double(histogram.valueAtPercentile(p)))));
    return text;
}

QString loadText(const BenchConfig& config)
{
    const QString threads = config.threads > 0 ? QString::number(config.threads) : QStringLiteral("auto");
    if (config.model == LoadModel::Open)
        return QStringLiteral("  open model at %1 req/s, at most %2 in flight, %3 engine, %4 threads\n")
            .arg(QString::number(config.ratePerSec, 'f', 1))
            .arg(config.concurrency)
            .arg(engineKindName(config.engine), threads);
    return QStringLiteral("  closed model, %1 connections, %2 engine, %3 threads\n")
        .arg(config.concurrency)
        .arg(engineKindName(config.engine), threads);
}

QString oneLine(QString text)
{
    return text.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

} // namespace

QByteArray summaryJson(const BenchResult& result)
{
    QJsonObject root;
    for (const SummaryField& field : summaryFields(result))
        insertAt(root, field.path, 0, field.value);
    root.insert(QStringLiteral("series"), seriesJson(result.series));
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

QByteArray summaryCsv(const BenchResult& result)
{
    CsvBytes out;
    auto& csv = out.csv();
    csv.header({QStringLiteral("metric"), QStringLiteral("value")});
    for (const SummaryField& field : summaryFields(result)) {
        if (field.value.isObject())
            continue; // an empty group: its members, if any, follow as rows of their own
        csv.text(field.path.join(QLatin1Char('.')));
        writeValue(csv, field.value);
        csv.endRow();
    }
    return out.bytes();
}

QByteArray seriesCsv(const BenchResult& result)
{
    CsvBytes out;
    auto& csv = out.csv();
    csv.header({QStringLiteral("second"), QStringLiteral("requests"), QStringLiteral("errors"),
        QStringLiteral("p50_us"), QStringLiteral("p95_us"), QStringLiteral("p99_us")});
    for (const SecondSample& s : result.series) {
        csv.integer(s.second);
        csv.integer(s.requests);
        csv.integer(s.errors);
        csv.integer(s.p50Us);
        csv.integer(s.p95Us);
        csv.integer(s.p99Us);
        csv.endRow();
    }
    return out.bytes();
}

QByteArray requestsCsv(const BenchResult& result)
{
    CsvBytes out;
    auto& csv = out.csv();
    csv.header({QStringLiteral("scheduled_us"), QStringLiteral("sent_us"), QStringLiteral("latency_us"),
        QStringLiteral("status"), QStringLiteral("error_kind")});
    KindRedactor redact(result.config);
    for (const RequestRecord& r : result.requests) {
        csv.integer(r.scheduledUs);
        csv.integer(r.sentUs);
        csv.integer(r.latencyUs);
        csv.integer(r.status);
        csv.text(redact(r.errorKind));
        csv.endRow();
    }
    return out.bytes();
}

QByteArray hgrm(const LatencyHistogram& histogram, int ticksPerHalfDistance)
{
    // Microseconds in, milliseconds out (what the plotter and wrk2 show); as many decimals as the
    // histogram has significant digits, like HdrHistogram.
    constexpr double kUsPerMs = 1000.0;
    const int decimals = histogram.significantDigits();
    QString text = QString::asprintf(
        "%12s %14s %10s %14s\n\n", "Value", "Percentile", "TotalCount", "1/(1-Percentile)");
    for (const PercentilePoint& point : histogram.percentileDistribution(ticksPerHalfDistance)) {
        const double value = double(point.valueUs) / kUsPerMs;
        const double fraction = point.percentile / 100.0;
        if (point.percentile < 100.0)
            text += QString::asprintf("%12.*f %2.12f %10lld %14.2f\n", decimals, value, fraction,
                static_cast<long long>(point.totalCount), point.inverseTail);
        else // 1/(1-1) has no value: HdrHistogram leaves the column out
            text += QString::asprintf("%12.*f %2.12f %10lld\n", decimals, value, fraction,
                static_cast<long long>(point.totalCount));
    }
    text += QString::asprintf("#[Mean    = %12.*f, StdDeviation   = %12.*f]\n", decimals,
        histogram.meanUs() / kUsPerMs, decimals, histogram.stddevUs() / kUsPerMs);
    text += QString::asprintf("#[Max     = %12.*f, Total count    = %12lld]\n", decimals,
        double(histogram.maxUs()) / kUsPerMs, static_cast<long long>(histogram.count()));
    text += QString::asprintf(
        "#[Buckets = %12d, SubBuckets     = %12d]\n", histogram.bucketCount(), histogram.subBucketCount());
    return text.toUtf8();
}

QString textSummary(const BenchResult& result)
{
    return textSummary(result, false);
}

QString textSummary(const BenchResult& result, bool withSpectrum)
{
    const BenchConfig& config = result.config;
    const double seconds = double(result.measuredMs) / 1000.0;
    QString text = QStringLiteral("Running %1s test @ %2\n")
                       .arg(QString::number(seconds, 'f', 2), config.redacted(result.context.target));
    text += loadText(config);
    if (config.insecure)
        text += QStringLiteral("  insecure: TLS certificates were not verified\n");
    if (config.warmup.count() > 0)
        text += QStringLiteral("  warm-up %1s before, not measured\n")
                    .arg(QString::number(double(config.warmup.count()) / 1000.0, 'f', 2));
    text += QLatin1Char('\n');

    const LatencyHistogram& success = result.success;
    if (success.count() > 0) {
        text += QString::asprintf("  %-10s %10s %10s %10s\n", "Latency", "Mean", "StdDev", "Max");
        text += QString::asprintf("  %-10s %10s %10s %10s\n\n", "",
            qPrintable(formatLatency(success.meanUs())), qPrintable(formatLatency(success.stddevUs())),
            qPrintable(formatLatency(double(success.maxUs()))));
        const bool open = config.model == LoadModel::Open;
        text += distributionText(open ? QStringLiteral("Recorded Latency, from the scheduled send time")
                                      : QStringLiteral("Recorded Latency"),
            success);
        if (open && result.uncorrected.count() > 0)
            text += QLatin1Char('\n')
                + distributionText(
                    QStringLiteral("Uncorrected Latency, from the actual send time"), result.uncorrected);
        if (withSpectrum)
            text += QStringLiteral("\n  Detailed Percentile spectrum:\n") + QString::fromUtf8(hgrm(success));
    } else {
        text += QStringLiteral("  No successful request: no latency distribution.\n");
    }
    text += QStringLiteral("----------------------------------------------------------\n");
    text += QStringLiteral("  %1 requests in %2s, %3 read\n")
                .arg(result.completed)
                .arg(QString::number(seconds, 'f', 2), formatBytes(double(result.bytesReceived)));
    if (result.errors > 0) {
        QStringList kinds;
        KindRedactor redact(config);
        for (auto it = result.errorsByKind.constBegin(); it != result.errorsByKind.constEnd(); ++it)
            kinds << QStringLiteral("%1 %2").arg(redact(it.key())).arg(it.value());
        text
            += QStringLiteral("  Errors: %1 (%2)\n").arg(result.errors).arg(kinds.join(QStringLiteral(", ")));
        if (result.errorsByKind.value(failureKindName(FailureKind::Tls)) > 0 && !config.insecure)
            text += QStringLiteral(
                "  TLS handshakes failed: the server's certificate is not trusted here, or the "
                "server does not speak TLS.\n  For a test server with a self-signed "
                "certificate, --insecure accepts any certificate.\n");
    }
    if (result.failure.count() > 0)
        text += QStringLiteral("  Failed requests latency: p50 %1, p99 %2, max %3\n")
                    .arg(formatLatency(double(result.failure.valueAtPercentile(50.0))),
                        formatLatency(double(result.failure.valueAtPercentile(99.0))),
                        formatLatency(double(result.failure.maxUs())));
    if (config.model == LoadModel::Open)
        text += QStringLiteral("  Late requests: %1 (could not start on time: %2 already in flight)\n")
                    .arg(result.late)
                    .arg(config.concurrency);
    if (config.engine == EngineKind::Pipeline)
        text += QStringLiteral("  Retries: %1, breaker trips: %2\n")
                    .arg(result.retries)
                    .arg(result.breakerTrips);
    if (result.stoppedEarly)
        text += QStringLiteral("  Stopped early by the user.\n");
    text += QStringLiteral("Requests/sec: %1\n").arg(result.throughputPerSec(), 10, 'f', 2);
    const double bytesPerSec = seconds > 0.0 ? double(result.bytesReceived) / seconds : 0.0;
    text += QStringLiteral("Transfer/sec: %1\n").arg(formatBytes(bytesPerSec), 10);
    return text;
}

std::optional<QString> writeFile(const QString& path, const QByteArray& bytes)
{
    const QString shown = QDir::toNativeSeparators(path);
    if (path.isEmpty())
        return QStringLiteral("Cannot write the report: no file name given.");
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot write %1: %2").arg(shown, oneLine(file.errorString()));
    if (file.write(bytes) != bytes.size()) {
        const QString reason = oneLine(file.errorString());
        file.cancelWriting();
        return QStringLiteral("Cannot write %1: %2").arg(shown, reason);
    }
    if (!file.commit())
        return QStringLiteral("Cannot save %1: %2").arg(shown, oneLine(file.errorString()));
    return std::nullopt;
}

} // namespace oilwatch::bench::report
