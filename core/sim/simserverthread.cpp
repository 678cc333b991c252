#include "sim/simserverthread.h"

#include "sim/simlistener.h"

namespace oilwatch::sim {

SimServerThread::SimServerThread(SimOptions options)
    : m_options(std::move(options))
{
    setObjectName(QStringLiteral("oilwatch-sim"));
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
}

FaultSettings SimServerThread::faults() const
{
    QMutexLocker lock(&m_faultsMutex);
    return m_faults;
}

void SimServerThread::run()
{
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
