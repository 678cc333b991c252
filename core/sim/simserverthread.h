#pragma once

#include "sim/simserver.h"

#include <atomic>
#include <future>
#include <optional>

#include <QMutex>
#include <QString>
#include <QThread>

namespace oilwatch::sim {

// The simulator's thread and the state the GUI thread shares with it (faults, counters, the bound port).
// Everything that touches sockets is created inside run() and dies there, so no QObject crosses threads.
class SimServerThread final : public QThread
{
    Q_OBJECT
public:
    explicit SimServerThread(SimOptions options);
    ~SimServerThread() override;

    bool startServer(QString* error);
    void stopServer();

    const SimOptions& options() const { return m_options; }
    bool isListening() const { return m_listening.load(); }
    quint16 port() const { return m_port.load(); }

    void setFaults(const FaultSettings& faults);
    FaultSettings faults() const;
    quint64 requestCount() const { return m_requests.load(std::memory_order_relaxed); }
    void countRequest() { m_requests.fetch_add(1, std::memory_order_relaxed); }

protected:
    void run() override;

private:
    SimOptions m_options;
    mutable QMutex m_faultsMutex;
    FaultSettings m_faults;
    std::atomic<quint64> m_requests {0};
    std::atomic<quint16> m_port {0};
    std::atomic<bool> m_listening {false};
    std::optional<std::promise<QString>> m_ready; // set by startServer, fulfilled by run() once it listens
};

} // namespace oilwatch::sim
