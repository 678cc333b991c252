#pragma once

#include "util/utc.h"

#include <QDateTime>
#include <QElapsedTimer>

namespace oilwatch::util {

// Time comes in through this interface so that every time-dependent piece of logic can be driven by a test.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime nowUtc() const = 0;
    // Milliseconds on a steady clock: never jumps when the wall clock is changed.
    virtual qint64 monotonicMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    SystemClock();
    QDateTime nowUtc() const override;
    qint64 monotonicMs() const override;
    static const SystemClock& instance();

private:
    QElapsedTimer m_steady;
};

class ManualClock final : public Clock
{
public:
    explicit ManualClock(QDateTime start = QDateTime::fromSecsSinceEpoch(1'767'225'600, utc()));
    QDateTime nowUtc() const override { return m_start.addMSecs(m_elapsedMs); }
    qint64 monotonicMs() const override { return m_elapsedMs; }
    void advanceMs(qint64 ms) { m_elapsedMs += ms; }

private:
    QDateTime m_start;
    qint64 m_elapsedMs = 0;
};

} // namespace oilwatch::util
