#pragma once

#include "util/clock.h"
#include "util/utc.h"

#include <atomic>

namespace oilwatch::testing {

// A manual clock that another thread may read while the test advances it (the simulator's thread, the
// metrics endpoint's scrapes): util::ManualClock is not made for that.
class SharedClock final : public util::Clock
{
public:
    QDateTime nowUtc() const override { return kStart.addMSecs(m_ms.load()); }
    qint64 monotonicMs() const override { return m_ms.load(); }
    void advanceMs(qint64 ms) { m_ms.fetch_add(ms); }

private:
    static inline const QDateTime kStart = QDateTime::fromSecsSinceEpoch(1'767'225'600, util::utc());
    std::atomic<qint64> m_ms {0};
};

} // namespace oilwatch::testing
