#include "bench/loadworker.h"

#include "bench/pipelineengine.h"
#include "bench/rawengine.h"
#include "util/threadpriority.h"

#include <cmath>

namespace oilwatch::bench {

namespace {

constexpr qint64 kUsPerSecond = 1'000'000;
constexpr int kPublishIntervalMs = 250;

int msUntil(qint64 fromUs, qint64 toUs)
{
    return int(std::max<qint64>(0, (toUs - fromUs + 999) / 1000));
}

} // namespace

LoadWorker::LoadWorker(WorkerPlan plan, std::shared_ptr<SharedCounters> counters, Callbacks callbacks)
    : m_plan(std::move(plan))
    , m_counters(std::move(counters))
    , m_callbacks(std::move(callbacks))
    , m_recorder(m_plan.model == LoadModel::Open, m_plan.recordEachRequest, m_callbacks.second)
    , m_pacer(this)
    , m_endTimer(this)
    , m_publishTimer(this)
{
    for (QTimer* timer : {&m_pacer, &m_endTimer}) {
        timer->setSingleShot(true);
        timer->setTimerType(Qt::PreciseTimer);
    }
    m_publishTimer.setInterval(kPublishIntervalMs);
    connect(&m_pacer, &QTimer::timeout, this, &LoadWorker::sendOpenDue);
    connect(&m_endTimer, &QTimer::timeout, this, &LoadWorker::finish);
    connect(&m_publishTimer, &QTimer::timeout, this, &LoadWorker::publish);
}

LoadWorker::~LoadWorker()
{
    m_running = false;
    m_finished = true;
    m_engine.reset(); // drops what is in flight without a report
    if (m_busy > 0)
        m_counters->requestsEnded(m_busy);
}

void LoadWorker::start()
{
    // Before the engine exists: threads it starts (QNetworkAccessManager's) inherit the priority.
    if (m_plan.lowPriority)
        util::lowerCurrentThreadPriority();
    RequestSink& sink = *this;
    if (m_plan.engine == EngineKind::Raw)
        m_engine = std::make_unique<RawEngine>(RawTarget::forUrl(m_plan.url, m_plan.apiKey, !m_plan.insecure),
            m_plan.slots, m_plan.timeout, sink);
    else
        m_engine = std::make_unique<PipelineEngine>(
            m_plan.url, m_plan.apiKey, m_plan.slots, m_plan.timeout, !m_plan.insecure, sink);
    m_slots.assign(std::size_t(m_plan.slots), Slot {});
    for (int slot = m_plan.slots - 1; slot >= 0; --slot)
        m_idle.push_back(slot);
    if (m_plan.model == LoadModel::Open) {
        m_nextIndex = m_plan.index;
        if (m_plan.requestCount >= 0) {
            const auto firstMeasured
                = qint64(std::ceil(double(m_plan.warmupUs) * m_plan.ratePerSec / double(kUsPerSecond)));
            m_lastIndex = firstMeasured + m_plan.requestCount - 1;
        }
    }
    // Every worker starts at the same origin, whenever its thread got going.
    QTimer::singleShot(msUntil(nowUs(), 0), Qt::PreciseTimer, this, &LoadWorker::begin);
}

void LoadWorker::begin()
{
    if (m_finished)
        return;
    m_running = true;
    m_publishTimer.start();
    if (m_plan.endUs >= 0)
        m_endTimer.start(msUntil(nowUs(), m_plan.endUs));
    if (m_plan.model == LoadModel::Closed) {
        for (int slot = 0; slot < m_plan.slots && m_running; ++slot)
            launchClosed(slot);
    } else {
        sendOpenDue();
    }
    finishIfIdle();
}

void LoadWorker::launchClosed(int slot)
{
    const qint64 now = nowUs();
    if (m_plan.endUs >= 0 && now >= m_plan.endUs)
        return; // the end timer is about to fire
    if (now >= m_plan.warmupUs && m_plan.requestCount >= 0
        && m_counters->tickets.fetch_sub(1, std::memory_order_relaxed) <= 0)
        return; // every measured request is taken
    send(slot, now, now);
}

qint64 LoadWorker::scheduledAt(qint64 index) const
{
    // Floored, so that exactly the requests due at or after the warm-up's end count as measured.
    return qint64(std::floor(double(index) * double(kUsPerSecond) / m_plan.ratePerSec));
}

bool LoadWorker::hasNextOpen() const
{
    if (m_plan.requestCount >= 0)
        return m_nextIndex <= m_lastIndex;
    return scheduledAt(m_nextIndex) < m_plan.endUs;
}

void LoadWorker::sendOpenDue()
{
    if (!m_running)
        return;
    const qint64 now = nowUs();
    while (hasNextOpen()) {
        const qint64 due = scheduledAt(m_nextIndex);
        if (due > now) {
            m_blocked = false; // caught up
            m_pacer.start(msUntil(now, due));
            return;
        }
        if (m_idle.empty()) {
            m_blocked = true; // the next free slot sends it, late
            return;
        }
        const int slot = m_idle.back();
        m_idle.pop_back();
        if (m_blocked && due >= m_plan.warmupUs)
            ++m_recorder.totals().late;
        m_nextIndex += m_plan.workerCount;
        send(slot, due, now);
        if (!m_running)
            return;
    }
}

void LoadWorker::send(int slot, qint64 scheduledUs, qint64 nowUs)
{
    Slot& state = m_slots[std::size_t(slot)];
    state.busy = true;
    state.measured = scheduledUs >= m_plan.warmupUs;
    state.scheduledUs = scheduledUs;
    state.sentUs = nowUs;
    ++m_busy;
    m_counters->requestStarted();
    m_engine->send(slot);
}

void LoadWorker::requestDone(int slot, const RequestOutcome& outcome)
{
    if (!m_running)
        return;
    const qint64 now = nowUs();
    Slot& state = m_slots[std::size_t(slot)];
    state.busy = false;
    --m_busy;
    m_counters->requestsEnded();
    // The run is [warm-up, end): a request done at the end's very microsecond would open a second
    // that is never handed over.
    const bool afterEnd = m_plan.endUs >= 0 && now >= m_plan.endUs;
    if (state.measured && !afterEnd) {
        const qint64 origin = m_plan.warmupUs;
        m_recorder.record(
            RequestTiming {state.scheduledUs - origin, state.sentUs - origin, now - origin}, outcome);
    }
    if (m_plan.model == LoadModel::Closed) {
        launchClosed(slot);
    } else {
        m_idle.push_back(slot);
        sendOpenDue();
    }
    finishIfIdle();
}

void LoadWorker::retryScheduled()
{
    if (m_running && nowUs() >= m_plan.warmupUs)
        ++m_recorder.totals().retries;
}

void LoadWorker::breakerOpened()
{
    if (m_running && nowUs() >= m_plan.warmupUs)
        ++m_recorder.totals().breakerTrips;
}

void LoadWorker::publish()
{
    const qint64 now = nowUs();
    if (now >= m_plan.warmupUs && !m_finished)
        m_recorder.closeSecondsBefore(int((now - m_plan.warmupUs) / kUsPerSecond));
    publishCounts();
}

void LoadWorker::publishCounts()
{
    const WorkerTotals& totals = m_recorder.totals();
    m_counters->completed[std::size_t(m_plan.index)].store(totals.completed, std::memory_order_relaxed);
    m_counters->errors[std::size_t(m_plan.index)].store(totals.errors, std::memory_order_relaxed);
}

void LoadWorker::finishIfIdle()
{
    if (!m_running || m_plan.requestCount < 0 || m_busy > 0)
        return;
    const bool moreToSend = m_plan.model == LoadModel::Open
        ? hasNextOpen()
        : m_counters->tickets.load(std::memory_order_relaxed) > 0 || nowUs() < m_plan.warmupUs;
    if (!moreToSend)
        finish();
}

void LoadWorker::stop()
{
    finish();
}

void LoadWorker::finish()
{
    if (m_finished)
        return;
    const qint64 now = nowUs();
    m_finished = true;
    m_running = false;
    m_pacer.stop();
    m_endTimer.stop();
    m_publishTimer.stop();
    if (m_engine)
        m_engine->abortAll();
    if (m_busy > 0)
        m_counters->requestsEnded(m_busy);
    m_busy = 0;

    // Hand over every second up to the last one measured, partial or not.
    const qint64 measuredUs
        = std::max<qint64>(0, (m_plan.endUs >= 0 ? std::min(now, m_plan.endUs) : now) - m_plan.warmupUs);
    if (now > m_plan.warmupUs)
        m_recorder.closeSecondsBefore(int((measuredUs + kUsPerSecond - 1) / kUsPerSecond));
    publishCounts();
    m_callbacks.finished(std::move(m_recorder.totals()), now - m_plan.warmupUs);
}

} // namespace oilwatch::bench
