#pragma once

#include "sim/faultinjector.h"
#include "sim/pricemodel.h"
#include "sim/simcontrol.h"
#include "sim/simrouter.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTcpServer>

namespace oilwatch::sim {

class SimServerThread;

// Lives in the simulator thread: accepts loopback connections and owns the model and router they share.
class SimListener final : public QObject
{
    Q_OBJECT
public:
    explicit SimListener(SimServerThread& shared, QObject* parent = nullptr);
    ~SimListener() override;

    bool listen(quint16 port, QString* error);
    quint16 port() const { return m_server.serverPort(); }

    SimRouter& router() { return m_router; }
    SimControl& control() { return m_control; }
    // This request's faults: the fault settings' and the profile's roll. Call once per /v1 request.
    FaultDecision decideFaults();
    // When a response ready at readyAtMs may go out: later while a one-shot stall lasts.
    qint64 afterStall(qint64 readyAtMs);
    void requestStarted(const QByteArray& path);
    void requestFinished();
    qint64 wallClockMs() const;
    qint64 monotonicMs() const { return m_steady.elapsed(); }
    int idleTimeoutMs() const;

private:
    void acceptConnections();
    void refreshFaults();

    SimServerThread& m_shared;
    const util::Clock& m_clock;
    PriceModel m_model;
    SimRouter m_router;
    SimControl m_control;
    FaultInjector m_injector;
    FaultSettings m_faults; // a copy of the shared ones, refreshed when their version changes (the stall)
    quint64 m_faultsVersion = ~quint64(0);
    bool m_stallArmed = false;
    qint64 m_stallEndMs = 0;
    QElapsedTimer m_steady;
    QTcpServer m_server;
};

} // namespace oilwatch::sim
