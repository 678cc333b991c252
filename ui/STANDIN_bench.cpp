// ============================================================================================================
// STANDIN — NOT PRODUCTION CODE. DELETE AT MERGE.
//
// Minimal stand-ins for the core/bench functions the Benchmark panel calls, so the bench-panel branch builds
// and its tests run before the real bench core (histogram/reports and BenchRun, written by other helpers)
// is merged. The integrator deletes this file and the STANDIN lines in ui/CMakeLists.txt; nothing here is
// meant to be correct beyond what the panel's tests need:
//   - LatencyHistogram keeps every value in a sorted vector (m_counts is reused for that);
//   - BenchRun emits synthetic progress on a QTimer and a synthetic result at the end, sending no request;
//   - the reports are short approximations of the documented formats.
// ============================================================================================================
#include "bench/benchconfig.h"
#include "bench/benchreport.h"
#include "bench/benchresult.h"
#include "bench/benchrun.h"
#include "bench/latencyhistogram.h"
#include "sim/faultprofile.h"

#include <algorithm>
#include <cmath>

#include <QHostInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSysInfo>
#include <QTimer>

namespace oilwatch::bench {

QString targetKindName(TargetKind kind)
{
    switch (kind) {
    case TargetKind::Simulator:
        return QStringLiteral("sim");
    case TargetKind::LiveApi:
        return QStringLiteral("live");
    case TargetKind::Url:
        return QStringLiteral("url");
    }
    return {};
}

QString loadModelName(LoadModel model)
{
    return model == LoadModel::Open ? QStringLiteral("open") : QStringLiteral("closed");
}

QString engineKindName(EngineKind kind)
{
    return kind == EngineKind::Pipeline ? QStringLiteral("pipeline") : QStringLiteral("raw");
}

std::optional<QString> BenchConfig::validate() const
{
    if (target == TargetKind::Url
        && (!url.isValid()
            || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty()))
        return QStringLiteral("url: must be an http:// or https:// URL with a host");
    if (target == TargetKind::LiveApi && apiKey.isEmpty())
        return QStringLiteral("live API: no API key is configured");
    if (target == TargetKind::Simulator
        && std::holds_alternative<sim::FaultProfileError>(sim::FaultProfile::resolve(faultProfile)))
        return QStringLiteral("faultProfile: ")
            + std::get<sim::FaultProfileError>(sim::FaultProfile::resolve(faultProfile)).message;
    if (concurrency < 1)
        return QStringLiteral("concurrency: must be at least 1");
    if (model == LoadModel::Open && !(ratePerSec > 0.0))
        return QStringLiteral("rate: the open model needs a rate above 0 requests per second");
    if (requestCount && *requestCount < 1)
        return QStringLiteral("requests: must be at least 1");
    if (!requestCount && (!duration || duration->count() <= 0))
        return QStringLiteral("duration: must be above 0");
    if (warmup.count() < 0)
        return QStringLiteral("warmup: must not be negative");
    return std::nullopt;
}

qint64 BenchConfig::plannedRequests() const
{
    const double warmupSec = warmup.count() / 1000.0;
    if (model == LoadModel::Open) {
        const double measured
            = requestCount ? double(*requestCount) : ratePerSec * (duration ? duration->count() : 0) / 1000.0;
        return qint64(std::llround(measured + ratePerSec * warmupSec));
    }
    if (requestCount && warmup.count() == 0)
        return *requestCount;
    return -1;
}

QJsonObject BenchConfig::toJson() const
{
    return QJsonObject {{QStringLiteral("target"), targetKindName(target)},
        {QStringLiteral("model"), loadModelName(model)}, {QStringLiteral("concurrency"), concurrency}};
}

RunContext RunContext::current(const QString& target, const QDateTime& startedUtc)
{
    RunContext c;
    c.machine = QHostInfo::localHostName();
    c.os = QSysInfo::prettyProductName();
    c.qtVersion = QString::fromLatin1(qVersion());
    c.target = target;
    c.startedUtc = startedUtc;
    return c;
}

QJsonObject RunContext::toJson() const
{
    return QJsonObject {{QStringLiteral("target"), target}};
}

double BenchResult::throughputPerSec() const
{
    return measuredMs > 0 ? completed * 1000.0 / double(measuredMs) : 0.0;
}

LatencyHistogram::LatencyHistogram(qint64 lowestUs, qint64 highestUs, int significantDigits)
    : m_lowest(lowestUs)
    , m_highest(highestUs)
    , m_digits(significantDigits)
{ }

void LatencyHistogram::record(qint64 valueUs, qint64 count)
{
    if (valueUs > m_highest) {
        m_clamped += count;
        valueUs = m_highest;
    }
    valueUs = std::max(valueUs, qint64(0));
    m_counts.insert(std::upper_bound(m_counts.begin(), m_counts.end(), valueUs), std::size_t(count), valueUs);
    m_min = m_total == 0 ? valueUs : std::min(m_min, valueUs);
    m_max = std::max(m_max, valueUs);
    m_total += count;
    m_sum += double(valueUs) * count;
    m_sumSquares += double(valueUs) * valueUs * count;
}

void LatencyHistogram::merge(const LatencyHistogram& other)
{
    for (qint64 v : other.m_counts)
        record(v);
}

void LatencyHistogram::reset()
{
    *this = LatencyHistogram(m_lowest, m_highest, m_digits);
}

qint64 LatencyHistogram::count() const
{
    return m_total;
}
qint64 LatencyHistogram::clampedCount() const
{
    return m_clamped;
}
qint64 LatencyHistogram::minUs() const
{
    return m_min;
}
qint64 LatencyHistogram::maxUs() const
{
    return m_max;
}
double LatencyHistogram::meanUs() const
{
    return m_total ? m_sum / m_total : 0.0;
}
double LatencyHistogram::stddevUs() const
{
    if (!m_total)
        return 0.0;
    const double mean = meanUs();
    return std::sqrt(std::max(0.0, m_sumSquares / m_total - mean * mean));
}

qint64 LatencyHistogram::valueAtPercentile(double percentile) const
{
    if (m_counts.empty())
        return 0;
    const auto rank = qint64(std::ceil(std::clamp(percentile, 0.0, 100.0) / 100.0 * double(m_total)));
    return m_counts[std::size_t(std::clamp(rank, qint64(1), m_total) - 1)];
}

QList<PercentilePoint> LatencyHistogram::percentileDistribution(int ticksPerHalfDistance) const
{
    QList<PercentilePoint> points;
    if (m_counts.empty())
        return points;
    double p = 0.0;
    while (true) {
        const qint64 value = valueAtPercentile(p);
        const auto below
            = qint64(std::upper_bound(m_counts.begin(), m_counts.end(), value) - m_counts.begin());
        if (below >= m_total || p >= 100.0)
            break;
        points.append({value, p, below, 1.0 / (1.0 - p / 100.0)});
        const int halvings = int(std::floor(std::log2(100.0 / (100.0 - p)))) + 1;
        p += 100.0 / (ticksPerHalfDistance * std::pow(2.0, halvings));
    }
    points.append({m_max, 100.0, m_total, 0.0});
    return points;
}

QList<HistogramBin> LatencyHistogram::linearBins(int bins) const
{
    QList<HistogramBin> out;
    if (m_counts.empty() || bins < 1)
        return out;
    const qint64 width = std::max<qint64>(1, (m_max - m_min + bins) / bins);
    for (int i = 0; i < bins; ++i)
        out.append({m_min + i * width, m_min + (i + 1) * width, 0});
    for (qint64 v : m_counts)
        ++out[std::min<qsizetype>(bins - 1, (v - m_min) / width)].count;
    return out;
}

qint64 LatencyHistogram::footprintBytes() const
{
    return qint64(m_counts.capacity() * sizeof(qint64));
}

namespace report {

QByteArray summaryCsv(const BenchResult& r)
{
    return QByteArrayLiteral("metric,value\r\ncompleted,") + QByteArray::number(r.completed)
        + QByteArrayLiteral("\r\nerrors,") + QByteArray::number(r.errors) + QByteArrayLiteral("\r\n");
}

QByteArray summaryJson(const BenchResult& r)
{
    return QJsonDocument(QJsonObject {{QStringLiteral("config"), r.config.toJson()},
                             {QStringLiteral("completed"), r.completed}})
        .toJson();
}

QByteArray seriesCsv(const BenchResult& r)
{
    QByteArray out = QByteArrayLiteral("second,requests,errors,p50_us,p95_us,p99_us\r\n");
    for (const SecondSample& s : r.series) {
        for (qint64 v : {qint64(s.second), s.requests, s.errors, s.p50Us, s.p95Us})
            out += QByteArray::number(v) + ',';
        out += QByteArray::number(s.p99Us) + QByteArrayLiteral("\r\n");
    }
    return out;
}

QByteArray requestsCsv(const BenchResult& r)
{
    QByteArray out = QByteArrayLiteral("scheduled_us,sent_us,latency_us,status,error\r\n");
    for (const RequestRecord& q : r.requests)
        out += QByteArray::number(q.scheduledUs) + ',' + QByteArray::number(q.sentUs) + ','
            + QByteArray::number(q.latencyUs) + ',' + QByteArray::number(q.status) + ','
            + q.errorKind.toUtf8() + QByteArrayLiteral("\r\n");
    return out;
}

QByteArray hgrm(const LatencyHistogram& histogram, int ticksPerHalfDistance)
{
    QByteArray out = QByteArrayLiteral("       Value     Percentile TotalCount 1/(1-Percentile)\n\n");
    for (const PercentilePoint& p : histogram.percentileDistribution(ticksPerHalfDistance))
        out += QString::asprintf("%12.3f %14.12f %10lld %14.2f\n", p.valueUs / 1000.0, p.percentile / 100.0,
            p.totalCount, p.inverseTail)
                   .toLatin1();
    return out;
}

QString textSummary(const BenchResult& result)
{
    return QStringLiteral("%1 requests").arg(result.completed);
}

std::optional<QString> writeFile(const QString& path, const QByteArray& bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

} // namespace report

// Emits a synthetic second of ~1000 requests every 250 ms tick out of four, and a synthetic result at the
// end. No request is sent.
struct BenchRun::Impl
{
    BenchConfig config;
    QTimer timer;
    bool running = false;
    qint64 elapsedMs = 0;
    qint64 completed = 0;
    QList<SecondSample> series;
    LatencyHistogram success;
};

BenchRun::BenchRun(BenchConfig config, QObject* parent)
    : QObject(parent)
    , d(std::make_unique<Impl>())
{
    d->config = std::move(config);
    d->timer.setInterval(250);
}

BenchRun::~BenchRun() = default;

const BenchConfig& BenchRun::config() const
{
    return d->config;
}

bool BenchRun::isRunning() const
{
    return d->running;
}

void BenchRun::start()
{
    if (const auto error = d->config.validate()) {
        QTimer::singleShot(0, this, [this, message = *error] { Q_EMIT failed(message); });
        return;
    }
    d->running = true;
    const qint64 totalMs
        = d->config.requestCount ? *d->config.requestCount : qint64(d->config.duration->count());
    connect(&d->timer, &QTimer::timeout, this, [this, totalMs] {
        d->elapsedMs += 250;
        BenchProgress p;
        p.elapsedMs = d->elapsedMs;
        p.totalMs = d->config.requestCount ? -1 : totalMs;
        if (d->elapsedMs % 1000 == 0) {
            const int second = int(d->elapsedMs / 1000) - 1;
            SecondSample s {second, 1000 + 40 * (second % 5), second % 3, 900 + 30 * second, 2100, 4800};
            d->series.append(s);
            p.newSeconds.append(s);
            d->completed += s.requests;
            for (int i = 0; i < 50; ++i)
                d->success.record(800 + (i * i * 3) % 4000);
        }
        p.completed = d->completed;
        Q_EMIT progress(p);
        if (d->elapsedMs >= totalMs)
            stop();
    });
    d->timer.start();
}

void BenchRun::stop()
{
    if (!d->running)
        return;
    d->timer.stop();
    d->running = false;
    BenchResult r;
    r.config = d->config;
    r.context = RunContext::current(targetKindName(d->config.target), QDateTime::currentDateTimeUtc());
    r.measuredMs = d->elapsedMs;
    r.success = d->success;
    r.completed = d->completed;
    r.series = d->series;
    Q_EMIT finished(r);
}

} // namespace oilwatch::bench
