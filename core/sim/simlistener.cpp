#include "sim/simlistener.h"

#include "sim/simconnection.h"
#include "sim/simserverthread.h"
#include "util/clock.h"

#include <algorithm>

#include <QTcpSocket>

namespace oilwatch::sim {

SimListener::SimListener(SimServerThread& shared, QObject* parent)
    : QObject(parent)
    , m_shared(shared)
    , m_clock(shared.clock())
    , m_model(shared.options().catalog ? *shared.options().catalog : CommodityCatalog::builtin(),
          shared.options().seed, m_clock, shared.options().pace)
    , m_router(m_model, shared.options().apiKey, shared.options().seed, shared.options().dailyQuota)
    , m_control(shared)
    , m_server(this)
{
    m_steady.start();
    connect(&m_server, &QTcpServer::newConnection, this, &SimListener::acceptConnections);
}

SimListener::~SimListener()
{
    m_server.close();
    // Connections are children: delete them now, while the model and router they use still exist.
    const auto connections = findChildren<SimConnection*>(Qt::FindDirectChildrenOnly);
    qDeleteAll(connections);
}

bool SimListener::listen(quint16 port, QString* error)
{
    // Loopback only: the simulator's key is public, so nothing beyond this machine may reach it.
    if (m_server.listen(QHostAddress::LocalHost, port))
        return true;
    if (error)
        *error = m_server.errorString();
    return false;
}

void SimListener::acceptConnections()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection())
        new SimConnection(socket, *this, this);
}

void SimListener::refreshFaults()
{
    FaultProfile profile;
    qint64 sinceMs = 0;
    if (m_shared.faultsChangedSince(&m_faultsVersion, &m_faults, &profile, &sinceMs)) {
        m_injector.setProfile(std::move(profile), m_shared.options().seed, sinceMs);
        m_injector.setSettings(m_faults);
        m_stallArmed = m_faults.stallOnceMs > 0;
    }
}

qint64 SimListener::afterStall(qint64 readyAtMs)
{
    if (m_stallArmed) {
        m_stallArmed = false;
        m_stallEndMs = monotonicMs() + m_faults.stallOnceMs;
    }
    return std::max(readyAtMs, m_stallEndMs);
}

FaultDecision SimListener::decideFaults()
{
    refreshFaults();
    if (m_injector.isHealthy())
        return {}; // spares the healthy path a clock read
    return m_injector.decide(m_clock.monotonicMs());
}

void SimListener::requestStarted(const QByteArray& path)
{
    m_shared.requestStarted(path);
    if (SimRouter::isApiPath(path))
        m_shared.apiRequestArrived();
}

void SimListener::requestFinished()
{
    m_shared.requestFinished();
}

qint64 SimListener::wallClockMs() const
{
    return m_clock.nowUtc().toMSecsSinceEpoch();
}

int SimListener::idleTimeoutMs() const
{
    return m_shared.options().idleTimeoutMs;
}

} // namespace oilwatch::sim
