#pragma once

#include "bench/benchconfig.h"
#include "bench/latencyhistogram.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>

namespace oilwatch::bench {

// One second of the measured phase.
struct SecondSample
{
    int second = 0; // 0-based from the start of the measured phase
    qint64 requests = 0; // completed in this second, successes and failures
    qint64 errors = 0;
    qint64 p50Us = 0; // of the requests completed in this second (corrected latency in the open model)
    qint64 p95Us = 0;
    qint64 p99Us = 0;
};

// One request, kept only when BenchConfig::recordEachRequest is set.
struct RequestRecord
{
    qint64 scheduledUs = 0; // from the start of the measured phase; = sentUs in the closed model
    qint64 sentUs = 0;
    qint64 latencyUs = 0; // from scheduledUs (corrected)
    int status = 0; // HTTP status, 0 when none
    QString errorKind; // empty on success
};

// Where and when a run was made, for the reports.
struct RunContext
{
    QString machine; // host name, CPU model, cores
    QString hostName;
    QString cpuModel; // empty when the system does not say
    int cpuCores = 0;
    QString os;
    QString qtVersion;
    QString appVersion;
    QString target; // the URL requested, with no key in it
    QDateTime startedUtc;

    static RunContext current(const QString& target, const QDateTime& startedUtc);
    QJsonObject toJson() const;
};

// What a run measured. Latencies are in microseconds.
struct BenchResult
{
    BenchConfig config;
    RunContext context;
    qint64 measuredMs = 0; // length of the measured phase actually run
    bool stoppedEarly = false; // the user stopped it

    LatencyHistogram success; // corrected (from the scheduled send time) in the open model
    LatencyHistogram failure;
    LatencyHistogram uncorrected; // open model: successes from the actual send time; empty in closed
    qint64 completed = 0; // successes + failures
    qint64 errors = 0;
    QMap<QString, qint64> errorsByKind; // "timeout", "connect", "reset", "http_4xx", "http_5xx", ...
    qint64 retries = 0; // pipeline engine only
    qint64 breakerTrips = 0; // pipeline engine only
    qint64 late = 0; // open model: requests that could not start on time because the concurrency cap was full
    qint64 maxInFlight = 0; // the most requests the engine had in flight at once
    qint64 bytesReceived = 0;
    QList<SecondSample> series;
    QList<RequestRecord> requests; // only with recordEachRequest

    double throughputPerSec() const; // completed / measured seconds
};

// A live view of a running benchmark, sent at most 4 times a second.
struct BenchProgress
{
    qint64 elapsedMs = 0; // of the current phase
    qint64 totalMs = -1; // of the current phase; -1 when the run is bounded by a request count
    bool warmingUp = false;
    qint64 completed = 0; // measured phase so far
    qint64 errors = 0;
    qint64 inFlight = 0;
    QList<SecondSample> newSeconds; // seconds completed since the previous progress
};

} // namespace oilwatch::bench

Q_DECLARE_METATYPE(oilwatch::bench::BenchResult)
Q_DECLARE_METATYPE(oilwatch::bench::BenchProgress)
