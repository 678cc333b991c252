#pragma once

#include <memory>
#include <optional>

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QString>
#include <QUrl>

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
};

// Faults applied to every /v1 response until changed. The resilience issue extends these into profiles.
struct FaultSettings
{
    int latencyMs = 0; // added before the response is written
    int forcedStatus = 0; // 0: no forced status
    std::optional<QByteArray> forcedBody; // replaces the body (any status)
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
    quint64 requestCount() const; // requests answered or faulted since start

private:
    std::unique_ptr<SimServerThread> m_thread;
};

} // namespace oilwatch::sim
