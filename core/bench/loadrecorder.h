#pragma once

#include "bench/benchresult.h"
#include "bench/latencyhistogram.h"
#include "bench/requestengine.h"

#include <array>
#include <functional>

namespace oilwatch::bench {

// One second of one worker, sent to the run to be merged with the other workers' same second.
struct SecondReport
{
    int second = 0;
    qint64 requests = 0;
    qint64 errors = 0;
    LatencyHistogram latency = LatencyHistogram();
};

// Everything one worker measured, merged by the run when the workers are done.
struct WorkerTotals
{
    LatencyHistogram success;
    LatencyHistogram failure;
    LatencyHistogram uncorrected;
    qint64 completed = 0;
    qint64 errors = 0;
    std::array<qint64, kFailureKinds> errorsByKind {};
    qint64 retries = 0;
    qint64 breakerTrips = 0;
    qint64 late = 0;
    qint64 bytesReceived = 0;
    QList<RequestRecord> requests;

    void mergeInto(BenchResult& result) const;
};

// When one measured request was due, went out and came back, in microseconds from the start of the
// measured phase.
struct RequestTiming
{
    qint64 scheduledUs = 0;
    qint64 sentUs = 0;
    qint64 doneUs = 0;
};

// Records the measured requests of one worker: the totals, and the per-second series, handed over second
// by second so that a run of any length keeps one second's histogram per worker, not one per second.
class LoadRecorder
{
public:
    using SecondSink = std::function<void(SecondReport)>;

    // `openModel`: latencies count from the scheduled time and the uncorrected ones are kept too.
    LoadRecorder(bool openModel, bool recordEachRequest, SecondSink secondSink);

    void record(const RequestTiming& timing, const RequestOutcome& outcome);
    // Hands over every second before `second` (those that can no longer change), empty ones included.
    void closeSecondsBefore(int second);

    WorkerTotals& totals() { return m_totals; }

private:
    void openSecond(int second);

    bool m_openModel;
    bool m_recordEachRequest;
    SecondSink m_secondSink;
    WorkerTotals m_totals;
    SecondReport m_current; // the second being recorded
};

} // namespace oilwatch::bench
