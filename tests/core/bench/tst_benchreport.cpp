#include "bench/benchreport.h"
#include "oilwatch/version.h"
#include "support/strictcsv.h"
#include "util/utc.h"

#include <cmath>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch::bench;

namespace {

constexpr char kKey[] = "opa_live_0123456789abcdefSECRET";

const QString kComma = QStringLiteral("a,b");
const QString kQuote = QStringLiteral("say \"hi\"");
const QString kNewline = QStringLiteral("two\nlines");
const QString kUnicode = QStringLiteral("d\u00e9j\u00e0 vu \u20ac");

BenchResult sampleResult(LoadModel model = LoadModel::Closed)
{
    BenchResult result;
    result.config.target = TargetKind::LiveApi;
    result.config.apiKey = kKey;
    result.config.model = model;
    result.config.ratePerSec = model == LoadModel::Open ? 200.0 : 0.0;
    result.config.engine = EngineKind::Pipeline;
    result.context = RunContext::current(
        QStringLiteral("https://api.oilpriceapi.com/v1/prices/latest?api_key=%1").arg(QLatin1String(kKey)),
        QDateTime::fromSecsSinceEpoch(1'795'000'000, oilwatch::util::utc()));
    result.measuredMs = 2000;
    for (qint64 v = 100; v <= 100'000; v += 100)
        result.success.record(v);
    result.failure.record(30'000'000, 4);
    if (model == LoadModel::Open)
        for (qint64 v = 100; v <= 50'000; v += 50)
            result.uncorrected.record(v);
    result.completed = result.success.count() + result.failure.count();
    result.errors = 4;
    result.errorsByKind = {{kComma, 1}, {kQuote, 1}, {kNewline, 1}, {kUnicode, 1}};
    result.retries = 3;
    result.breakerTrips = 1;
    result.late = 7;
    result.maxInFlight = 16;
    result.bytesReceived = 123'456;
    result.series = {{0, 500, 2, 50'000, 95'000, 99'000}, {1, 504, 2, 51'000, 95'500, 99'100}};
    const QString kinds[] = {QString(), kComma, kQuote, kNewline, kUnicode};
    for (int i = 0; i < 5; ++i)
        result.requests.append({i * 1000, i * 1000 + 5, 2000 + i, kinds[i].isEmpty() ? 200 : 0, kinds[i]});
    return result;
}

// A strict RFC 4180 reader: fails on a record ending in anything but CRLF, or on a quote inside an unquoted
// field.
struct Csv
{
    QList<QStringList> rows;
    QString error;
};

Csv parseCsv(const QByteArray& bytes)
{
    Csv csv;
    auto decoder = QStringDecoder(QStringDecoder::Utf8);
    const QString text = decoder(bytes);
    if (decoder.hasError()) {
        csv.error = QStringLiteral("not UTF-8");
        return csv;
    }
    QStringList row;
    QString field;
    qsizetype i = 0;
    while (i < text.size()) {
        if (text[i] == QLatin1Char('"') && field.isEmpty()) {
            ++i;
            while (true) {
                if (i >= text.size()) {
                    csv.error = QStringLiteral("unterminated quote");
                    return csv;
                }
                if (text[i] == QLatin1Char('"')) {
                    if (i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                        field += QLatin1Char('"');
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
        }
        if (i >= text.size()) {
            csv.error = QStringLiteral("no CRLF after the last record");
            return csv;
        }
        const QChar c = text[i];
        if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
            ++i;
        } else if (c == QLatin1Char('\r')) {
            if (i + 1 >= text.size() || text[i + 1] != QLatin1Char('\n')) {
                csv.error = QStringLiteral("bare CR");
                return csv;
            }
            row << field;
            field.clear();
            csv.rows << row;
            row.clear();
            i += 2;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char('"')) {
            csv.error = QStringLiteral("bare LF or stray quote at %1").arg(i);
            return csv;
        } else {
            field += c;
            ++i;
        }
    }
    if (!row.isEmpty() || !field.isEmpty())
        csv.error = QStringLiteral("no CRLF after the last record");
    return csv;
}

QJsonObject parseJson(const QByteArray& bytes)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    [&] { QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString())); }();
    return document.object();
}

struct HgrmLine
{
    double valueMs = 0;
    double fraction = 0;
    qint64 totalCount = 0;
    double inverseTail = -1; // -1: the column is absent
};

struct Hgrm
{
    QString header;
    QList<HgrmLine> lines;
    double mean = 0, stddev = 0, max = 0;
    qint64 total = 0;
    int buckets = 0, subBuckets = 0;
    QString error;
};

// Reads the .hgrm layout the way the HdrHistogram plotter does: whitespace-separated columns, '#' footer.
Hgrm parseHgrm(const QByteArray& bytes)
{
    Hgrm out;
    const QStringList lines = QString::fromUtf8(bytes).split(QLatin1Char('\n'));
    if (lines.size() < 5 || !lines[1].isEmpty() || !lines.last().isEmpty()) {
        out.error = QStringLiteral("no header, blank line or final newline");
        return out;
    }
    out.header = lines[0];
    static const QRegularExpression data(
        QStringLiteral(R"(^ *(\d+\.\d{3}) (\d\.\d{12}) +(\d+)(?: +(\d+\.\d{2}))?$)"));
    static const QRegularExpression meanLine(
        QStringLiteral(R"(^#\[Mean    = +(\d+\.\d{3}), StdDeviation   = +(\d+\.\d{3})\]$)"));
    static const QRegularExpression maxLine(
        QStringLiteral(R"(^#\[Max     = +(\d+\.\d{3}), Total count    = +(\d+)\]$)"));
    static const QRegularExpression bucketLine(
        QStringLiteral(R"(^#\[Buckets = +(\d+), SubBuckets     = +(\d+)\]$)"));
    qsizetype i = 2;
    for (; i < lines.size() - 1 && !lines[i].startsWith(QLatin1Char('#')); ++i) {
        const QRegularExpressionMatch m = data.match(lines[i]);
        if (!m.hasMatch()) {
            out.error = QStringLiteral("bad data line: \"%1\"").arg(lines[i]);
            return out;
        }
        HgrmLine line;
        line.valueMs = m.captured(1).toDouble();
        line.fraction = m.captured(2).toDouble();
        line.totalCount = m.captured(3).toLongLong();
        if (m.hasCaptured(4))
            line.inverseTail = m.captured(4).toDouble();
        out.lines << line;
    }
    if (lines.size() - 1 - i != 3) {
        out.error = QStringLiteral("footer is not three lines");
        return out;
    }
    const QRegularExpressionMatch mean = meanLine.match(lines[i]);
    const QRegularExpressionMatch max = maxLine.match(lines[i + 1]);
    const QRegularExpressionMatch buckets = bucketLine.match(lines[i + 2]);
    if (!mean.hasMatch() || !max.hasMatch() || !buckets.hasMatch()) {
        out.error = QStringLiteral("bad footer");
        return out;
    }
    out.mean = mean.captured(1).toDouble();
    out.stddev = mean.captured(2).toDouble();
    out.max = max.captured(1).toDouble();
    out.total = max.captured(2).toLongLong();
    out.buckets = buckets.captured(1).toInt();
    out.subBuckets = buckets.captured(2).toInt();
    return out;
}

// The failure names the path, then the reason, on one line; nothing is left behind.
void verifyOneLineWriteError(const QString& path)
{
    const std::optional<QString> error = report::writeFile(path, "{}");
    QVERIFY(error);
    const QString prefix = QStringLiteral("Cannot write %1: ").arg(QDir::toNativeSeparators(path));
    QVERIFY2(error->startsWith(prefix), qPrintable(*error));
    QVERIFY2(error->size() > prefix.size(), qPrintable(*error)); // a reason follows
    QVERIFY(!error->contains(QLatin1Char('\n')));
    QVERIFY(!QFile::exists(path));
}

bool canCreateFileIn(const QString& folder)
{
    QFile probe(folder + QStringLiteral("/oilwatch-probe"));
    if (!probe.open(QIODevice::WriteOnly))
        return false;
    probe.remove();
    return true;
}

} // namespace

class TestBenchReport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void requestsCsvQuotesAwkwardFieldsAndRoundTrips()
    {
        const BenchResult result = sampleResult();
        const QByteArray bytes = report::requestsCsv(result);
        const Csv csv = parseCsv(bytes);
        QVERIFY2(csv.error.isEmpty(), qPrintable(csv.error));
        QCOMPARE(csv.rows.size(), 1 + result.requests.size());
        QCOMPARE(csv.rows[0], QStringList({"scheduled_us", "sent_us", "latency_us", "status", "error_kind"}));
        for (qsizetype i = 0; i < result.requests.size(); ++i) {
            const RequestRecord& r = result.requests[i];
            QCOMPARE(csv.rows[i + 1],
                QStringList({QString::number(r.scheduledUs), QString::number(r.sentUs),
                    QString::number(r.latencyUs), QString::number(r.status), r.errorKind}));
        }
        // The quoting itself, byte for byte.
        QVERIFY(bytes.contains("\"a,b\"\r\n"));
        QVERIFY(bytes.contains("\"say \"\"hi\"\"\"\r\n"));
        QVERIFY(bytes.contains("\"two\nlines\"\r\n"));
        QVERIFY(bytes.contains(kUnicode.toUtf8() + "\r\n"));
        QVERIFY(!bytes.startsWith("\xEF\xBB\xBF")); // no byte-order mark
    }

    void everyCsvIsStrictRfc4180()
    {
        const BenchResult result = sampleResult(LoadModel::Open);
        for (const QByteArray& bytes :
            {report::summaryCsv(result), report::seriesCsv(result), report::requestsCsv(result)}) {
            const Csv csv = parseCsv(bytes);
            QVERIFY2(csv.error.isEmpty(), qPrintable(csv.error));
            for (const QStringList& row : csv.rows)
                QCOMPARE(row.size(), csv.rows[0].size());
        }
        const Csv series = parseCsv(report::seriesCsv(result));
        QCOMPARE(series.rows.size(), 3);
        QCOMPARE(series.rows[0], QStringList({"second", "requests", "errors", "p50_us", "p95_us", "p99_us"}));
        QCOMPARE(series.rows[2], QStringList({"1", "504", "2", "51000", "95500", "99100"}));
    }

    // The exports go through the app's one CSV writer: the independent strict reader takes them, and a
    // server's text that could start a formula is neutralised.
    void exportsPassTheStrictReaderAndAreInjectionSafe()
    {
        BenchResult result = sampleResult(LoadModel::Open);
        RequestRecord injected;
        injected.errorKind = QStringLiteral("=HYPERLINK(\"http://x\")");
        result.requests.append(injected);
        for (const QByteArray& bytes :
            {report::summaryCsv(result), report::seriesCsv(result), report::requestsCsv(result)}) {
            const auto csv = oilwatch::testing::parseStrictCsv(bytes);
            QVERIFY2(csv.ok(), qPrintable(csv.error));
        }
        const auto requests = oilwatch::testing::parseStrictCsv(report::requestsCsv(result));
        QCOMPARE(requests.rows.constLast().value(4), QStringLiteral("'=HYPERLINK(\"http://x\")"));
    }

    void summaryCsvListsTheJsonValuesByPath()
    {
        const BenchResult result = sampleResult();
        const Csv csv = parseCsv(report::summaryCsv(result));
        QVERIFY2(csv.error.isEmpty(), qPrintable(csv.error));
        QCOMPARE(csv.rows[0], QStringList({"metric", "value"}));
        QMap<QString, QString> metrics;
        for (qsizetype i = 1; i < csv.rows.size(); ++i)
            metrics.insert(csv.rows[i][0], csv.rows[i][1]);
        QCOMPARE(metrics.value(QStringLiteral("schema_version")), QStringLiteral("1"));
        QCOMPARE(metrics.value(QStringLiteral("counts.completed")), QString::number(result.completed));
        QCOMPARE(metrics.value(QStringLiteral("latency_us.success.p99_9")),
            QString::number(result.success.valueAtPercentile(99.9)));
        QCOMPARE(metrics.value(QStringLiteral("latency_us.failure.max")), QStringLiteral("30000000"));
        QCOMPARE(metrics.value(QStringLiteral("errors_by_kind.") + kComma), QStringLiteral("1"));
        QCOMPARE(metrics.value(QStringLiteral("errors_by_kind.") + kNewline), QStringLiteral("1"));
        QCOMPARE(
            metrics.value(QStringLiteral("context.started_utc")), QStringLiteral("2026-11-18T11:06:40.000Z"));
        QCOMPARE(metrics.value(QStringLiteral("settings.model")), QStringLiteral("closed"));
        QCOMPARE(metrics.value(QStringLiteral("run.throughput_per_sec")), QStringLiteral("502"));
        QCOMPARE(metrics.value(QStringLiteral("run.stopped_early")), QStringLiteral("false"));
    }

    void summaryJsonHasTheDocumentedKeys()
    {
        const BenchResult result = sampleResult(LoadModel::Open);
        const QJsonObject json = parseJson(report::summaryJson(result));
        for (const char* key : {"schema_version", "context", "settings", "run", "counts", "errors_by_kind",
                 "latency_us", "series"})
            QVERIFY2(json.contains(QLatin1String(key)), key);
        QCOMPARE(json.value(QStringLiteral("schema_version")).toInt(), 1);

        const QJsonObject context = json.value(QStringLiteral("context")).toObject();
        for (const char* key : {"machine", "host_name", "cpu_model", "cpu_cores", "os", "qt_version",
                 "app_version", "target", "started_utc"})
            QVERIFY2(context.contains(QLatin1String(key)), key);
        QCOMPARE(context.value(QStringLiteral("qt_version")).toString(), QString::fromLatin1(qVersion()));
        QVERIFY(context.value(QStringLiteral("cpu_cores")).toInt() >= 1);
        QCOMPARE(context.value(QStringLiteral("started_utc")).toString(),
            QStringLiteral("2026-11-18T11:06:40.000Z"));

        const QJsonObject counts = json.value(QStringLiteral("counts")).toObject();
        QCOMPARE(counts.value(QStringLiteral("completed")).toInteger(), result.completed);
        QCOMPARE(counts.value(QStringLiteral("successes")).toInteger(), 1000);
        QCOMPARE(counts.value(QStringLiteral("late")).toInteger(), 7);
        QCOMPARE(counts.value(QStringLiteral("bytes_received")).toInteger(), 123'456);
        QCOMPARE(json.value(QStringLiteral("errors_by_kind")).toObject().value(kUnicode).toInteger(), 1);
        QCOMPARE(
            json.value(QStringLiteral("run")).toObject().value(QStringLiteral("measured_ms")).toInteger(),
            2000);

        const QJsonObject latency = json.value(QStringLiteral("latency_us")).toObject();
        for (const char* which : {"success", "failure", "uncorrected"}) {
            const QJsonObject one = latency.value(QLatin1String(which)).toObject();
            for (const char* key : {"count", "min", "mean", "stddev", "max", "p50", "p75", "p90", "p95",
                     "p99", "p99_9", "p99_99", "clamped"})
                QVERIFY2(
                    one.contains(QLatin1String(key)), qPrintable(QStringLiteral("%1.%2").arg(which, key)));
        }
        const QJsonObject success = latency.value(QStringLiteral("success")).toObject();
        QCOMPARE(success.value(QStringLiteral("min")).toInteger(), 100);
        QCOMPARE(success.value(QStringLiteral("max")).toInteger(), 100'000);
        QCOMPARE(success.value(QStringLiteral("p50")).toInteger(), result.success.valueAtPercentile(50));
        QCOMPARE(success.value(QStringLiteral("mean")).toDouble(), 50'050.0);
        QCOMPARE(
            latency.value(QStringLiteral("failure")).toObject().value(QStringLiteral("count")).toInteger(),
            4);

        const QJsonArray series = json.value(QStringLiteral("series")).toArray();
        QCOMPARE(series.size(), 2);
        QCOMPARE(series[1].toObject().value(QStringLiteral("p95_us")).toInteger(), 95'500);
        QCOMPARE(json.value(QStringLiteral("settings")).toObject().value(QStringLiteral("model")).toString(),
            QStringLiteral("open"));
    }

    void anEmptyResultStillHasEveryKey()
    {
        const QJsonObject json = parseJson(report::summaryJson(BenchResult()));
        QVERIFY(json.value(QStringLiteral("errors_by_kind")).isObject());
        QVERIFY(json.value(QStringLiteral("series")).isArray());
        QCOMPARE(json.value(QStringLiteral("latency_us"))
                     .toObject()
                     .value(QStringLiteral("success"))
                     .toObject()
                     .value(QStringLiteral("p99"))
                     .toInteger(),
            0);
        QVERIFY(report::textSummary(BenchResult()).contains(QLatin1String("No successful request")));
    }

    void noExportContainsTheKey()
    {
        for (LoadModel model : {LoadModel::Closed, LoadModel::Open}) {
            const BenchResult result = sampleResult(model);
            const QList<QByteArray> exports {report::summaryJson(result), report::summaryCsv(result),
                report::seriesCsv(result), report::requestsCsv(result), report::hgrm(result.success),
                report::textSummary(result).toUtf8(), report::textSummary(result, true).toUtf8()};
            for (const QByteArray& bytes : exports) {
                QVERIFY2(!bytes.contains(kKey), bytes.left(400).constData());
                QVERIFY(!bytes.contains("0123456789abcdef"));
            }
            QVERIFY(
                report::summaryJson(result).contains("api.oilpriceapi.com")); // the target is kept, masked
        }
    }

    void hgrmHasHdrHistogramsLayout()
    {
        const BenchResult result = sampleResult();
        const LatencyHistogram& histogram = result.success;
        const Hgrm hgrm = parseHgrm(report::hgrm(histogram));
        QVERIFY2(hgrm.error.isEmpty(), qPrintable(hgrm.error));
        QCOMPARE(hgrm.header, QStringLiteral("       Value     Percentile TotalCount 1/(1-Percentile)"));

        const QList<PercentilePoint> points = histogram.percentileDistribution(5);
        QCOMPARE(hgrm.lines.size(), points.size());
        for (qsizetype i = 0; i < points.size(); ++i) {
            const HgrmLine& line = hgrm.lines[i];
            QCOMPARE(qint64(std::llround(line.valueMs * 1000.0)), points[i].valueUs);
            QVERIFY(std::abs(line.fraction - points[i].percentile / 100.0) < 1e-12);
            QCOMPARE(line.totalCount, points[i].totalCount);
            if (i + 1 < points.size())
                QVERIFY(std::abs(line.inverseTail - points[i].inverseTail) <= 0.005);
        }
        QCOMPARE(hgrm.lines.last().inverseTail, -1.0); // the 100 % line has no 1/(1-p) column
        QCOMPARE(hgrm.lines.last().fraction, 1.0);
        // The median line says 50 % of the values are at or below 50 ms, as they are.
        const auto median = std::find_if(
            hgrm.lines.cbegin(), hgrm.lines.cend(), [](const HgrmLine& l) { return l.fraction == 0.5; });
        QVERIFY(median != hgrm.lines.cend());
        QCOMPARE(qint64(std::llround(median->valueMs * 1000.0)), histogram.valueAtPercentile(50.0));
        QVERIFY(std::abs(median->valueMs - 50.0) <= 0.05); // the 500th value, to 0.1 %
        QCOMPARE(median->totalCount, 500);
        QCOMPARE(median->inverseTail, 2.0);

        QCOMPARE(hgrm.mean, 50.05);
        QCOMPARE(hgrm.stddev, std::round(histogram.stddevUs()) / 1000.0);
        QCOMPARE(hgrm.max, 100.0);
        QCOMPARE(hgrm.total, 1000);
        QCOMPARE(hgrm.buckets, histogram.bucketCount());
        QCOMPARE(hgrm.subBuckets, 2048);
    }

    void hgrmTicksSetTheDensity()
    {
        const BenchResult result = sampleResult();
        const Hgrm coarse = parseHgrm(report::hgrm(result.success, 1));
        const Hgrm fine = parseHgrm(report::hgrm(result.success, 10));
        QVERIFY(coarse.error.isEmpty() && fine.error.isEmpty());
        QVERIFY(fine.lines.size() > 2 * coarse.lines.size());
    }

    void hgrmOfAnEmptyHistogramIsHeaderAndFooter()
    {
        const Hgrm hgrm = parseHgrm(report::hgrm(LatencyHistogram()));
        QVERIFY2(hgrm.error.isEmpty(), qPrintable(hgrm.error));
        QVERIFY(hgrm.lines.isEmpty());
        QCOMPARE(hgrm.total, 0);
    }

    void textSummaryReadsLikeWrk2()
    {
        const QString closed = report::textSummary(sampleResult());
        QVERIFY(closed.contains(QLatin1String("Latency Distribution (HdrHistogram - Recorded Latency)")));
        QVERIFY(closed.contains(QRegularExpression(QStringLiteral(R"(\n 50\.000%     50\.0\dms\n)"))));
        QVERIFY(closed.contains(QLatin1String("100.000%    100.00ms")));
        QVERIFY(closed.contains(QLatin1String("1004 requests in 2.00s, 120.56KB read")));
        QVERIFY(closed.contains(QLatin1String("Requests/sec:     502.00")));
        QVERIFY(closed.contains(QLatin1String("Retries: 3, breaker trips: 1")));
        QVERIFY(closed.contains(QLatin1String("Errors: 4 (")));
        QVERIFY(!closed.contains(QLatin1String("Late requests")));
        QVERIFY(!closed.contains(QLatin1String("Detailed Percentile spectrum")));

        const QString open = report::textSummary(sampleResult(LoadModel::Open), true);
        QVERIFY(open.contains(QLatin1String("open model at 200.0 req/s")));
        QVERIFY(open.contains(QLatin1String("Uncorrected Latency")));
        QVERIFY(open.contains(QLatin1String("Late requests: 7")));
        QVERIFY(open.contains(QLatin1String("Detailed Percentile spectrum:")));
        QVERIFY(open.contains(QLatin1String("#[Buckets = ")));
    }

    void textSummarySaysWhenCertificatesWereNotChecked()
    {
        BenchResult result = sampleResult();
        result.config.target = TargetKind::Url;
        result.errors = 4;
        result.errorsByKind = {{QStringLiteral("tls"), 4}};
        const QString checked = report::textSummary(result);
        QVERIFY(!checked.contains(QLatin1String("insecure: TLS certificates were not verified")));
        QVERIFY(checked.contains(QLatin1String("Errors: 4 (tls 4)")));
        QVERIFY2(checked.contains(QLatin1String("TLS handshakes failed")), qPrintable(checked));
        QVERIFY(checked.contains(QLatin1String("--insecure accepts any certificate")));

        result.config.insecure = true;
        const QString insecure = report::textSummary(result);
        QVERIFY(insecure.contains(QLatin1String("insecure: TLS certificates were not verified")));
        QVERIFY(!insecure.contains(QLatin1String("--insecure accepts any certificate")));
        const QJsonObject settings = QJsonDocument::fromJson(report::summaryJson(result))
                                         .object()
                                         .value(QStringLiteral("settings"))
                                         .toObject();
        QCOMPARE(settings.value(QStringLiteral("insecure")), QJsonValue(true));
    }

    void runContextNamesTheMachine()
    {
        const RunContext context = RunContext::current(QStringLiteral("http://127.0.0.1:1/"), QDateTime());
        QVERIFY(context.cpuCores >= 1);
        QVERIFY(!context.os.isEmpty());
        QCOMPARE(context.appVersion, QString::fromLatin1(oilwatch::kVersion));
        QVERIFY(context.machine.contains(QStringLiteral("%1 cores").arg(context.cpuCores)));
        QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
        if (cpuinfo.open(QIODevice::ReadOnly) && cpuinfo.readAll().contains("model name")) {
            QVERIFY(!context.cpuModel.isEmpty());
            QVERIFY(context.machine.contains(context.cpuModel));
        }
    }

    void writeFileWritesAtomically()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("report.csv"));
        QCOMPARE(report::writeFile(path, "first"), std::nullopt);
        QCOMPARE(report::writeFile(path, "second\r\n"), std::nullopt);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("second\r\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList({QStringLiteral("report.csv")}));
    }

    void writeFileIntoAReadOnlyFolderFailsWithOneLine()
    {
        QTemporaryDir dir;
        QVERIFY(QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::ExeOwner));
        const auto restore = qScopeGuard([&] {
            QFile::setPermissions(dir.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        });
        // root writes into read-only folders anyway; sysfs refuses even root.
        QString folder = dir.path();
        if (canCreateFileIn(folder))
            folder = QStringLiteral("/sys");
        if (!QFileInfo(folder).isDir() || canCreateFileIn(folder))
            QSKIP("No folder here refuses this user a new file.");

        const QString path = folder + QStringLiteral("/report.json");
        verifyOneLineWriteError(path);
    }

    void writeFileUnderAFileFailsWithOneLine()
    {
        QTemporaryDir dir;
        const QString blocker = dir.filePath(QStringLiteral("not-a-folder"));
        QVERIFY(report::writeFile(blocker, "x") == std::nullopt);
        const QString path = blocker + QStringLiteral("/report.json");
        verifyOneLineWriteError(path);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(report::writeFile(QString(), "x"),
            QStringLiteral("Cannot write the report: no file name given."));
    }
};

QTEST_APPLESS_MAIN(TestBenchReport)
#include "tst_benchreport.moc"
