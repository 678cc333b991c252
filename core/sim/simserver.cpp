#include "sim/simserver.h"

#include "sim/simserverthread.h"

namespace oilwatch::sim {

SimServer::SimServer(SimOptions options, QObject* parent)
    : QObject(parent)
    , m_thread(std::make_unique<SimServerThread>(std::move(options)))
{ }

SimServer::~SimServer()
{
    stop();
}

bool SimServer::start(QString* error)
{
    return m_thread->startServer(error);
}

void SimServer::stop()
{
    m_thread->stopServer();
}

bool SimServer::isListening() const
{
    return m_thread->isListening();
}

quint16 SimServer::port() const
{
    return m_thread->port();
}

QUrl SimServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port());
    return url;
}

QString SimServer::apiKey() const
{
    return m_thread->options().apiKey;
}

void SimServer::setFaults(const FaultSettings& faults)
{
    m_thread->setFaults(faults);
}

FaultSettings SimServer::faults() const
{
    return m_thread->faults();
}

void SimServer::setFaultProfile(const FaultProfile& profile)
{
    m_thread->setFaultProfile(profile);
}

FaultProfile SimServer::faultProfile() const
{
    return m_thread->faultProfile();
}

quint64 SimServer::requestCount() const
{
    return m_thread->requestCount();
}

SimStats SimServer::stats() const
{
    return m_thread->stats();
}

void SimServer::resetStats()
{
    m_thread->resetStats();
}

std::vector<quint32> SimServer::arrivalOffsetsMs(bool* truncated) const
{
    return m_thread->arrivalOffsetsMs(truncated);
}

} // namespace oilwatch::sim
