#pragma once

#include "sim/commoditycatalog.h"
#include "sim/faultprofile.h"
#include "sim/faultsettings.h"
#include "sim/simstats.h"

#include <memory>
#include <optional>
#include <vector>

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>

namespace oilwatch::util {
class Clock;
}

namespace oilwatch::sim {

// The key the built-in simulator accepts unless told otherwise. Public on purpose: it guards nothing real.
inline constexpr const char* kDemoKey = "opa_sim_demo";

struct SimOptions
{
    quint16 port = 0; // 0: any free port
    quint64 seed = 42;
    QString apiKey = QString::fromLatin1(kDemoKey);
    int idleTimeoutMs = 30'000; // keep-alive connections without traffic are closed after this
    // How many times faster than a real market the live walk moves. A real market barely moves in the two
    // seconds between demo polls; 1 gives realistic volatility (history is always generated at 1).
    double pace = 10.0;
    // Requests a UTC day the key may make before the quota-exhausted 429 (contract §3.3: X-RateLimit-State
    // exhausted, X-RateLimit-Window daily_counter); 0: unlimited, X-RateLimit-Remaining counts down to 0 and
    // stays there. See SimRouter.
    int dailyQuota = 0;
    // The simulator's clock for prices, the quota day and outage windows; null: the system clock. Read from
    // the server thread, so it must be safe to read while another thread advances it. Latency and slow
    // bodies always run on real timers.
    const util::Clock* clock = nullptr;
    // Runs the server thread below the priority of the thread that starts it: a benchmark in a window
    // saturates the simulator, and the window must still get a core when it wakes.
    bool lowPriority = false;
    // The codes served; null: CommodityCatalog::builtin(). Tests that need more codes than the API's
    // catalogue has (a full 50-code watchlist) give their own.
    std::shared_ptr<const CommodityCatalog> catalog;
};

class SimServerThread;

// The built-in OilPriceAPI simulator: an HTTP/1.1 server bound to 127.0.0.1 only, running in its own thread.
class SimServer final : public QObject
{
    Q_OBJECT
public:
    explicit SimServer(SimOptions options = {}, QObject* parent = nullptr);
    ~SimServer() override;

    // Starts the server thread and returns once it listens (or failed to). Safe to call once.
    bool start(QString* error = nullptr);
    void stop();

    bool isListening() const;
    quint16 port() const;
    QUrl baseUrl() const; // http://127.0.0.1:PORT
    QString apiKey() const;

    void setFaults(const FaultSettings& faults); // thread-safe
    FaultSettings faults() const;
    // Thread-safe; also works before start(). Outage windows restart from the moment of the switch.
    void setFaultProfile(const FaultProfile& profile);
    FaultProfile faultProfile() const;

    quint64 requestCount() const; // requests answered or faulted since start, control requests excluded
    SimStats stats() const; // thread-safe snapshot
    // Thread-safe: when each /v1 request since the last reset arrived, in ms after it (what GET
    // /_sim/arrivals returns). Capped at SimStatsCounters::kMaxArrivals.
    std::vector<quint32> arrivalOffsetsMs(bool* truncated = nullptr) const;
    void resetStats(); // what POST /_sim/reset does

private:
    std::unique_ptr<SimServerThread> m_thread;
};

} // namespace oilwatch::sim
