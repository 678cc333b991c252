#pragma once

#include "util/clock.h"

#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>

#include <QObject>
#include <QPointer>

class QTimer;

namespace oilwatch::util {

// 0 never names a timer, so it can stand for "nothing scheduled".
using TimerId = std::uint64_t;

// Delayed callbacks come in through this interface so that a test decides when "later" is.
// Thread-affine: schedule, cancel and the callbacks all run on the thread that owns the scheduler.
class Scheduler
{
public:
    virtual ~Scheduler() = default;
    // Runs `callback` once, `delayMs` from now (negative counts as 0). When `context` is given and is
    // destroyed first, the callback never runs: the same contract as every asynchronous call in the project.
    virtual TimerId schedule(qint64 delayMs, QObject* context, std::function<void()> callback) = 0;
    // Returns true when the timer was still pending; it then never fires.
    virtual bool cancel(TimerId id) = 0;
    virtual int pendingCount() const = 0;
};

// One single-shot QTimer per call, a child of `context` (or of the scheduler) so that it dies with it.
class QtScheduler final : public QObject, public Scheduler
{
public:
    explicit QtScheduler(QObject* parent = nullptr);
    ~QtScheduler() override;
    TimerId schedule(qint64 delayMs, QObject* context, std::function<void()> callback) override;
    bool cancel(TimerId id) override;
    int pendingCount() const override { return static_cast<int>(m_timers.size()); }

private:
    std::unordered_map<TimerId, QPointer<QTimer>> m_timers;
    TimerId m_nextId = 1;
};

// Fires nothing on its own: `advance(ms)` moves the ManualClock forward and runs every callback that falls
// due on the way, in due-time order (ties in scheduling order), with the clock set to each one's due time,
// so a callback that reads the clock sees the moment it was meant to run. Callbacks scheduled by a callback
// also fire if they fall due within the same advance.
class ManualScheduler final : public Scheduler
{
public:
    explicit ManualScheduler(ManualClock& clock);
    TimerId schedule(qint64 delayMs, QObject* context, std::function<void()> callback) override;
    bool cancel(TimerId id) override;
    int pendingCount() const override { return static_cast<int>(m_entries.size()); }

    // Returns how many callbacks ran.
    int advance(qint64 ms);
    // Runs what is already due, e.g. after the clock was moved directly or after a zero-delay schedule.
    int runDue() { return advance(0); }
    // Monotonic time (ManualClock::monotonicMs) of the earliest pending timer, or -1.
    qint64 nextDueMs() const;
    ManualClock& clock() { return m_clock; }

private:
    struct Entry
    {
        qint64 dueMs = 0;
        QPointer<QObject> context;
        bool hasContext = false;
        std::function<void()> callback;
    };
    // Keyed by (due time, id): the first element is always the next to fire, FIFO among equal due times.
    using Key = std::pair<qint64, TimerId>;

    ManualClock& m_clock;
    std::map<Key, Entry> m_entries;
    std::unordered_map<TimerId, qint64> m_dueById;
    TimerId m_nextId = 1;
};

} // namespace oilwatch::util
