#include "networkreachability.h"

#include <QNetworkInformation>

namespace oilwatch::transport {

namespace {

NetworkReachability::State fromQt(QNetworkInformation::Reachability reachability)
{
    switch (reachability) {
    case QNetworkInformation::Reachability::Disconnected:
        return NetworkReachability::State::Offline;
    case QNetworkInformation::Reachability::Local:
    case QNetworkInformation::Reachability::Site:
        return NetworkReachability::State::LocalOnly;
    case QNetworkInformation::Reachability::Online:
        return NetworkReachability::State::Online;
    case QNetworkInformation::Reachability::Unknown:
        break;
    }
    return NetworkReachability::State::Unknown;
}

} // namespace

NetworkReachability::NetworkReachability(QObject* parent)
    : QObject(parent)
{ }

bool NetworkReachability::loadDefaultBackend()
{
    if (m_hasBackend)
        return true;
    // The backend is a process-wide singleton: another instance may have loaded it already.
    if (!QNetworkInformation::instance() && !QNetworkInformation::loadDefaultBackend())
        return false;
    QNetworkInformation* info = QNetworkInformation::instance();
    if (!info || !info->supports(QNetworkInformation::Feature::Reachability))
        return false;
    m_hasBackend = true;
    connect(info, &QNetworkInformation::reachabilityChanged, this,
        [this](QNetworkInformation::Reachability reachability) { update(fromQt(reachability)); });
    update(fromQt(info->reachability()));
    return true;
}

void NetworkReachability::setStateForTesting(State state)
{
    m_hasBackend = true;
    update(state);
}

void NetworkReachability::update(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace oilwatch::transport
