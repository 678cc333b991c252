#include "util/clock.h"

namespace oilwatch::util {

SystemClock::SystemClock()
{
    m_steady.start();
}

QDateTime SystemClock::nowUtc() const
{
    return QDateTime::currentDateTimeUtc();
}

qint64 SystemClock::monotonicMs() const
{
    return m_steady.elapsed();
}

const SystemClock& SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

ManualClock::ManualClock(QDateTime start)
    : m_start(std::move(start))
{ }

} // namespace oilwatch::util
