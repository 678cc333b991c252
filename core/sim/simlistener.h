#pragma once

#include "sim/pricemodel.h"
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
    FaultSettings faults() const;
    void countRequest();
    qint64 wallClockMs() const;
    qint64 monotonicMs() const { return m_steady.elapsed(); }
    int idleTimeoutMs() const;

private:
    void acceptConnections();

    SimServerThread& m_shared;
    PriceModel m_model;
    SimRouter m_router;
    QElapsedTimer m_steady;
    QTcpServer m_server;
};

} // namespace oilwatch::sim
