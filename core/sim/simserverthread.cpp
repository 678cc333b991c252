#include "sim/simserverthread.h"

#include "sim/simlistener.h"
#include "util/clock.h"
#include "util/threadpriority.h"

namespace oilwatch::sim {

SimServerThread::SimServerThread(SimOptions options)
    : m_options(std::move(options))
{
    setObjectName(QStringLiteral("oilwatch-sim"));
    m_profile = *FaultProfile::builtin(u"healthy");
    m_profileSinceMs = clock().monotonicMs();
}

const util::Clock& SimServerThread::clock() const
{
    return m_options.clock ? *m_options.clock : util::SystemClock::instance();
}

SimServerThread::~SimServerThread()
{
    stopServer();
}

bool SimServerThread::startServer(QString* error)
{
    if (isRunning())
        return isListening();
    m_ready.emplace();
    std::future<QString> ready = m_ready->get_future();
    start();
    const QString failure = ready.get();
    if (!failure.isEmpty()) {
        wait(); // run() returns right after reporting the failure
        if (error)
            *error = failure;
        return false;
    }
    return true;
}

void SimServerThread::stopServer()
{
    if (!isRunning())
        return;
    quit(); // exec() returns even when quit() comes before it starts
    wait();
}

void SimServerThread::setFaults(const FaultSettings& faults)
{
    QMutexLocker lock(&m_faultsMutex);
    m_faults = faults;
    m_faultsVersion.fetch_add(1, std::memory_order_release);
}

FaultSettings SimServerThread::faults() const
{
    QMutexLocker lock(&m_faultsMutex);
    return m_faults;
}

void SimServerThread::setFaultProfile(const FaultProfile& profile)
{
    const qint64 now = clock().monotonicMs();
    QMutexLocker lock(&m_faultsMutex);
    m_profile = profile;
    m_profileSinceMs = now;
    m_faultsVersion.fetch_add(1, std::memory_order_release);
}

FaultProfile SimServerThread::faultProfile(qint64* sinceMs) const
{
    QMutexLocker lock(&m_faultsMutex);
    if (sinceMs)
        *sinceMs = m_profileSinceMs;
    return m_profile;
}

bool SimServerThread::faultsChangedSince(
    quint64* version, FaultSettings* faults, FaultProfile* profile, qint64* profileSinceMs) const
{
    if (m_faultsVersion.load(std::memory_order_acquire) == *version)
        return false;
    QMutexLocker lock(&m_faultsMutex);
    *version = m_faultsVersion.load(std::memory_order_relaxed);
    *faults = m_faults;
    *profile = m_profile;
    *profileSinceMs = m_profileSinceMs;
    return true;
}

SimStats SimServerThread::stats() const
{
    SimStats stats = m_counters.snapshot();
    QMutexLocker lock(&m_faultsMutex);
    stats.profile = m_profile.name;
    return stats;
}

void SimServerThread::run()
{
    if (m_options.lowPriority)
        util::lowerCurrentThreadPriority();
    QString error;
    {
        SimListener listener(*this);
        if (listener.listen(m_options.port, &error)) {
            m_port.store(listener.port());
            m_listening.store(true);
            m_ready->set_value(QString());
            exec();
            m_listening.store(false);
            return; // the listener closes every connection on the way out, still in this thread
        }
    }
    m_ready->set_value(error.isEmpty() ? QStringLiteral("could not listen") : error);
}

} // namespace oilwatch::sim
