#pragma once

#include "bench/benchconfig.h"
#include "bench/loadrecorder.h"
#include "bench/requestengine.h"

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include <QObject>
#include <QTimer>
#include <QUrl>

namespace oilwatch::bench {

// Counters the workers share with the run, read by its progress timer on another thread.
struct SharedCounters
{
    explicit SharedCounters(int workers)
        : completed(std::size_t(workers))
        , errors(std::size_t(workers))
    { }

    std::atomic<qint64> inFlight {0};
    std::atomic<qint64> maxInFlight {0};
    std::atomic<qint64> tickets {0}; // closed model with a request count: measured requests left to send
    std::vector<std::atomic<qint64>> completed; // per worker, published a few times a second
    std::vector<std::atomic<qint64>> errors;

    void requestStarted()
    {
        const qint64 now = inFlight.fetch_add(1, std::memory_order_relaxed) + 1;
        qint64 seen = maxInFlight.load(std::memory_order_relaxed);
        while (now > seen && !maxInFlight.compare_exchange_weak(seen, now, std::memory_order_relaxed)) { }
    }
    void requestsEnded(qint64 count = 1) { inFlight.fetch_sub(count, std::memory_order_relaxed); }
};

// What one worker does. Times are microseconds from the run's origin on the steady clock.
struct WorkerPlan
{
    int index = 0;
    int workerCount = 1;
    int slots = 1;
    EngineKind engine = EngineKind::Raw;
    QUrl url;
    QByteArray apiKey;
    std::chrono::milliseconds timeout {30'000};
    LoadModel model = LoadModel::Closed;
    double ratePerSec = 0.0; // Open: the whole run's rate; this worker takes every workerCount-th request
    qint64 originUs = 0; // steady-clock time of the start of the warm-up
    qint64 warmupUs = 0; // the measured phase starts here
    qint64 endUs = -1; // end of the measured phase; -1 when bounded by a request count
    qint64 requestCount = -1; // measured requests of the whole run; -1 when bounded by time
    bool recordEachRequest = false;
    bool lowPriority = false; // run below the priority of the thread that started the run
    bool insecure = false; // https: any certificate is accepted
};

// Generates and measures the load of one worker thread: the closed model keeps every slot busy, the open
// model sends each request at its scheduled time when a slot is free (late, and counted so, when not).
// Lives on its own thread; results go out through the callbacks, on that thread.
class LoadWorker final : public QObject, private RequestSink
{
public:
    struct Callbacks
    {
        std::function<void(SecondReport)> second;
        std::function<void(WorkerTotals, qint64 finishedUs)> finished; // finishedUs: from the measured start
    };

    LoadWorker(WorkerPlan plan, std::shared_ptr<SharedCounters> counters, Callbacks callbacks);
    ~LoadWorker() override;

    void start(); // on the worker's thread
    void stop(); // cancels what is in flight and reports what was measured

private:
    struct Slot
    {
        bool busy = false;
        bool measured = false;
        qint64 scheduledUs = 0;
        qint64 sentUs = 0;
    };

    qint64 nowUs() const { return steadyNowUs() - m_plan.originUs; }
    void begin();
    void launchClosed(int slot);
    void sendOpenDue();
    qint64 scheduledAt(qint64 index) const;
    bool hasNextOpen() const;
    void send(int slot, qint64 scheduledUs, qint64 nowUs);
    void requestDone(int slot, const RequestOutcome& outcome) override;
    void retryScheduled() override;
    void breakerOpened() override;
    void publish();
    void publishCounts();
    void finishIfIdle();
    void finish();

    WorkerPlan m_plan;
    std::shared_ptr<SharedCounters> m_counters;
    Callbacks m_callbacks;
    std::unique_ptr<RequestEngine> m_engine;
    LoadRecorder m_recorder;
    std::vector<Slot> m_slots;
    std::vector<int> m_idle; // open model: free slots
    int m_busy = 0;
    bool m_running = false;
    bool m_finished = false;
    // Open model.
    qint64 m_nextIndex = 0; // global index of this worker's next request
    qint64 m_lastIndex = -1; // the last one when bounded by a count
    bool m_blocked = false; // a due request found every slot busy; those sent until we catch up are late
    QTimer m_pacer;
    QTimer m_endTimer;
    QTimer m_publishTimer;
};

} // namespace oilwatch::bench
