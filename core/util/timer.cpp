#include "util/timer.h"

#include <algorithm>
#include <limits>
#include <utility>

#include <QTimer>

namespace oilwatch::util {

QtScheduler::QtScheduler(QObject* parent)
    : QObject(parent)
{ }

QtScheduler::~QtScheduler()
{
    // Timers parented to other contexts would otherwise outlive us and call into a dead scheduler. Moved out
    // first because each deletion erases its id from m_timers through the destroyed() connection.
    const auto timers = std::exchange(m_timers, {});
    for (const auto& [id, timer] : timers)
        delete timer.data();
}

TimerId QtScheduler::schedule(qint64 delayMs, QObject* context, std::function<void()> callback)
{
    const TimerId id = m_nextId++;
    auto* timer = new QTimer(context ? context : this);
    timer->setSingleShot(true);
    timer->setTimerType(Qt::PreciseTimer);
    const qint64 clamped = std::clamp<qint64>(delayMs, 0, std::numeric_limits<int>::max());
    timer->setInterval(static_cast<int>(clamped));
    connect(timer, &QTimer::timeout, this, [this, id, timer, cb = std::move(callback)]() {
        m_timers.erase(id);
        timer->deleteLater();
        cb();
    });
    // The context may die first and take the timer with it: forget the id then.
    connect(timer, &QObject::destroyed, this, [this, id]() { m_timers.erase(id); });
    m_timers.emplace(id, timer);
    timer->start();
    return id;
}

bool QtScheduler::cancel(TimerId id)
{
    const auto it = m_timers.find(id);
    if (it == m_timers.end())
        return false;
    QTimer* timer = it->second.data();
    m_timers.erase(it);
    if (!timer)
        return false;
    timer->stop();
    timer->deleteLater();
    return true;
}

ManualScheduler::ManualScheduler(ManualClock& clock)
    : m_clock(clock)
{ }

TimerId ManualScheduler::schedule(qint64 delayMs, QObject* context, std::function<void()> callback)
{
    const TimerId id = m_nextId++;
    const qint64 due = m_clock.monotonicMs() + std::max<qint64>(0, delayMs);
    m_entries.emplace(Key {due, id}, Entry {due, context, context != nullptr, std::move(callback)});
    m_dueById.emplace(id, due);
    return id;
}

bool ManualScheduler::cancel(TimerId id)
{
    const auto it = m_dueById.find(id);
    if (it == m_dueById.end())
        return false;
    m_entries.erase(Key {it->second, id});
    m_dueById.erase(it);
    return true;
}

int ManualScheduler::advance(qint64 ms)
{
    const qint64 target = m_clock.monotonicMs() + std::max<qint64>(0, ms);
    int fired = 0;
    while (!m_entries.empty() && m_entries.begin()->first.first <= target) {
        auto node = m_entries.extract(m_entries.begin());
        m_dueById.erase(node.key().second);
        Entry& entry = node.mapped();
        // The clock never goes back: a timer that became due while the clock was moved directly runs late.
        if (entry.dueMs > m_clock.monotonicMs())
            m_clock.advanceMs(entry.dueMs - m_clock.monotonicMs());
        if (entry.hasContext && !entry.context)
            continue;
        ++fired;
        entry.callback();
    }
    if (target > m_clock.monotonicMs())
        m_clock.advanceMs(target - m_clock.monotonicMs());
    return fired;
}

qint64 ManualScheduler::nextDueMs() const
{
    return m_entries.empty() ? -1 : m_entries.begin()->first.first;
}

} // namespace oilwatch::util
