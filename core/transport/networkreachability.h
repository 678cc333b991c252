#pragma once

#include <QObject>

namespace oilwatch::transport {

// Whether this machine can reach a network at all, as the platform reports it (QNetworkInformation).
// Many platforms, and every container without NetworkManager, have no backend: then the state stays Unknown
// and nobody may claim the machine is online or offline.
class NetworkReachability final : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Unknown, // no backend, or the backend cannot tell
        Offline, // no network interface is connected
        LocalOnly, // a local network or site, but no route to the internet
        Online,
    };
    Q_ENUM(State)

    explicit NetworkReachability(QObject* parent = nullptr);

    // Loads the platform's default backend (once per process; later calls reuse it) and starts following
    // it. Returns whether a backend exists. Call on the GUI thread at start-up: the backend lives there.
    bool loadDefaultBackend();
    bool hasBackend() const { return m_hasBackend; }
    State state() const { return m_state; }
    bool isOffline() const { return m_state == State::Offline; }

    // Test hook: behaves as if a backend had reported `state`.
    void setStateForTesting(State state);

Q_SIGNALS:
    void stateChanged(oilwatch::transport::NetworkReachability::State state);

private:
    void update(State state);

    bool m_hasBackend = false;
    State m_state = State::Unknown;
};

} // namespace oilwatch::transport
