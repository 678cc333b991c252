#pragma once

#include "sim/simserver.h"
#include "sim/simstats.h"

#include <atomic>
#include <future>
#include <optional>

#include <QMutex>
#include <QString>
#include <QThread>

namespace oilwatch::sim {

// The simulator's thread and the state the GUI thread shares with it (faults, counters, the bound port).
// Fault changes bump a version number; the server thread copies them only when it changes, so the per-request
// cost of asking "did the faults change?" is one atomic load.
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

    const util::Clock& clock() const;

    void setFaults(const FaultSettings& faults);
    FaultSettings faults() const;
    void setFaultProfile(const FaultProfile& profile);
    FaultProfile faultProfile(
        qint64* sinceMs = nullptr) const; // sinceMs: clock().monotonicMs() of the switch
    // Copies settings and profile when they changed since *version (then updated); false when unchanged.
    bool faultsChangedSince(
        quint64* version, FaultSettings* faults, FaultProfile* profile, qint64* profileSinceMs) const;

    quint64 requestCount() const { return m_requests.load(std::memory_order_relaxed); }
    SimStatsCounters& counters() { return m_counters; }
    SimStats stats() const;
    void resetStats() { m_counters.reset(); }
    std::vector<quint32> arrivalOffsetsMs(bool* truncated) const
    {
        return m_counters.arrivalOffsetsMs(truncated);
    }
    // Server thread only.
    void requestStarted(const QByteArray& path)
    {
        m_requests.fetch_add(1, std::memory_order_relaxed);
        m_counters.requestStarted(path);
    }
    void requestFinished() { m_counters.requestFinished(); }
    void apiRequestArrived() { m_counters.apiRequestArrived(); }

protected:
    void run() override;

private:
    SimOptions m_options;
    mutable QMutex m_faultsMutex;
    FaultSettings m_faults;
    FaultProfile m_profile;
    qint64 m_profileSinceMs = 0;
    std::atomic<quint64> m_faultsVersion {0};
    std::atomic<quint64> m_requests {0};
    SimStatsCounters m_counters;
    std::atomic<quint16> m_port {0};
    std::atomic<bool> m_listening {false};
    std::optional<std::promise<QString>> m_ready; // set by startServer, fulfilled by run() once it listens
};

} // namespace oilwatch::sim
