#include "bench/loadrecorder.h"

namespace oilwatch::bench {

namespace {

constexpr qint64 kUsPerSecond = 1'000'000;

} // namespace

void WorkerTotals::mergeInto(BenchResult& result) const
{
    result.success.merge(success);
    result.failure.merge(failure);
    result.uncorrected.merge(uncorrected);
    result.completed += completed;
    result.errors += errors;
    for (int kind = 0; kind < kFailureKinds; ++kind) {
        if (errorsByKind[std::size_t(kind)] > 0)
            result.errorsByKind[failureKindName(FailureKind(kind))] += errorsByKind[std::size_t(kind)];
    }
    result.retries += retries;
    result.breakerTrips += breakerTrips;
    result.late += late;
    result.bytesReceived += bytesReceived;
    result.requests += requests;
}

LoadRecorder::LoadRecorder(bool openModel, bool recordEachRequest, SecondSink secondSink)
    : m_openModel(openModel)
    , m_recordEachRequest(recordEachRequest)
    , m_secondSink(std::move(secondSink))
{ }

void LoadRecorder::record(const RequestTiming& timing, const RequestOutcome& outcome)
{
    const qint64 latency = std::max<qint64>(0, timing.doneUs - timing.scheduledUs);
    const bool failed = outcome.failure != FailureKind::None;
    ++m_totals.completed;
    m_totals.bytesReceived += outcome.bytes;
    if (failed) {
        ++m_totals.errors;
        ++m_totals.errorsByKind[std::size_t(outcome.failure)];
        m_totals.failure.record(latency);
    } else {
        m_totals.success.record(latency);
        if (m_openModel)
            m_totals.uncorrected.record(std::max<qint64>(0, timing.doneUs - timing.sentUs));
    }
    if (m_recordEachRequest) {
        RequestRecord record;
        record.scheduledUs = timing.scheduledUs;
        record.sentUs = timing.sentUs;
        record.latencyUs = latency;
        record.status = outcome.status;
        record.errorKind = failureKindName(outcome.failure);
        m_totals.requests.append(record);
    }

    const int second = int(std::max<qint64>(0, timing.doneUs) / kUsPerSecond);
    if (second > m_current.second)
        closeSecondsBefore(second);
    ++m_current.requests;
    if (failed)
        ++m_current.errors;
    m_current.latency.record(latency);
}

void LoadRecorder::closeSecondsBefore(int second)
{
    while (m_current.second < second) {
        const int next = m_current.second + 1;
        m_secondSink(std::move(m_current));
        openSecond(next);
    }
}

void LoadRecorder::openSecond(int second)
{
    m_current = SecondReport();
    m_current.second = second;
}

} // namespace oilwatch::bench
