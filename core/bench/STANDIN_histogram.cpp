// STANDIN — TEMPORARY, DELETE AT MERGE. Minimal stand-ins for latencyhistogram.cpp, benchconfig.cpp,
// benchresult.cpp and benchreport.cpp (owned by the bench-histogram helper), only so that the engines and
// BenchRun build and test before that work lands. The histogram keeps every value in m_counts (a sample
// list, not the HdrHistogram layout).
#include "bench/benchconfig.h"
#include "bench/benchreport.h"
#include "bench/benchresult.h"
#include "bench/latencyhistogram.h"

#include <algorithm>
#include <cmath>

#include <QFile>
#include <QJsonDocument>
#include <QSysInfo>

namespace oilwatch::bench {

LatencyHistogram::LatencyHistogram(qint64 lowestUs, qint64 highestUs, int significantDigits)
    : m_lowest(lowestUs)
    , m_highest(highestUs)
    , m_digits(significantDigits)
{ }

void LatencyHistogram::record(qint64 valueUs, qint64 count)
{
    const qint64 value = std::min(valueUs, m_highest);
    m_clamped += valueUs > m_highest ? count : 0;
    for (qint64 i = 0; i < count; ++i)
        m_counts.push_back(value);
    m_min = m_total == 0 ? value : std::min(m_min, value);
    m_max = std::max(m_max, value);
    m_total += count;
    m_sum += double(value) * double(count);
}

void LatencyHistogram::merge(const LatencyHistogram& other)
{
    for (qint64 value : other.m_counts)
        record(value);
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
    return m_total ? m_sum / double(m_total) : 0.0;
}
double LatencyHistogram::stddevUs() const
{
    return 0.0;
}

qint64 LatencyHistogram::valueAtPercentile(double percentile) const
{
    if (m_counts.empty())
        return 0;
    std::vector<qint64> sorted = m_counts;
    std::sort(sorted.begin(), sorted.end());
    const auto rank = qint64(std::ceil(percentile / 100.0 * double(sorted.size())));
    return sorted[std::size_t(std::clamp<qint64>(rank - 1, 0, qint64(sorted.size()) - 1))];
}

QList<PercentilePoint> LatencyHistogram::percentileDistribution(int) const
{
    return {};
}
QList<HistogramBin> LatencyHistogram::linearBins(int) const
{
    return {};
}
qint64 LatencyHistogram::footprintBytes() const
{
    return qint64(m_counts.size() * sizeof(qint64));
}

QString targetKindName(TargetKind kind)
{
    return kind == TargetKind::Simulator ? QStringLiteral("sim")
        : kind == TargetKind::LiveApi    ? QStringLiteral("live")
                                         : QStringLiteral("url");
}
QString loadModelName(LoadModel model)
{
    return model == LoadModel::Closed ? QStringLiteral("closed") : QStringLiteral("open");
}
QString engineKindName(EngineKind kind)
{
    return kind == EngineKind::Raw ? QStringLiteral("raw") : QStringLiteral("pipeline");
}

std::optional<QString> BenchConfig::validate() const
{
    if (concurrency < 1)
        return QStringLiteral("concurrency must be at least 1");
    if (model == LoadModel::Open && ratePerSec <= 0)
        return QStringLiteral("the open model needs a rate above 0");
    if (!requestCount && !duration)
        return QStringLiteral("give a duration or a request count");
    if (target == TargetKind::Url && (!url.isValid() || url.host().isEmpty()))
        return QStringLiteral("the URL is not valid");
    if (target == TargetKind::LiveApi && apiKey.isEmpty())
        return QStringLiteral("the live API needs a key");
    return std::nullopt;
}

qint64 BenchConfig::plannedRequests() const
{
    if (model == LoadModel::Open)
        return qint64(ratePerSec * double(warmup.count()) / 1000.0)
            + (requestCount ? *requestCount : qint64(ratePerSec * double(duration->count()) / 1000.0));
    return -1;
}

QJsonObject BenchConfig::toJson() const
{
    return {};
}

RunContext RunContext::current(const QString& target, const QDateTime& startedUtc)
{
    RunContext context;
    context.target = target;
    context.startedUtc = startedUtc;
    context.os = QSysInfo::prettyProductName();
    return context;
}
QJsonObject RunContext::toJson() const
{
    return {};
}

double BenchResult::throughputPerSec() const
{
    return measuredMs > 0 ? double(completed) * 1000.0 / double(measuredMs) : 0.0;
}

namespace report {

QByteArray summaryCsv(const BenchResult&)
{
    return "standin\r\n";
}
QByteArray summaryJson(const BenchResult& result)
{
    return QJsonDocument(QJsonObject {{QStringLiteral("completed"), result.completed}}).toJson();
}
QByteArray seriesCsv(const BenchResult&)
{
    return "standin\r\n";
}
QByteArray requestsCsv(const BenchResult&)
{
    return "standin\r\n";
}
QByteArray hgrm(const LatencyHistogram&, int)
{
    return "standin\n";
}

QString textSummary(const BenchResult& r)
{
    return QStringLiteral(
        "completed %1 errors %2 in %3 ms: %4 req/s; p50 %5 us p99 %6 us; max in flight %7\n")
        .arg(r.completed)
        .arg(r.errors)
        .arg(r.measuredMs)
        .arg(r.throughputPerSec(), 0, 'f', 0)
        .arg(r.success.valueAtPercentile(50))
        .arg(r.success.valueAtPercentile(99))
        .arg(r.maxInFlight);
}

std::optional<QString> writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    return std::nullopt;
}

} // namespace report
} // namespace oilwatch::bench
