#include "telemetry/metricsendpoint.h"

#include "logging/logging.h"
#include "telemetry/metricsregistry.h"

#include <prometheus/exposer.h>
#include <stdexcept>

#include <QHostAddress>

namespace oilwatch::telemetry {

std::optional<ListenAddress> ListenAddress::parse(const QString& text)
{
    const QString trimmed = text.trimmed();
    const qsizetype colon = trimmed.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return std::nullopt;
    // IPv4 only: Debian 12's civetweb is built without IPv6 (mg_check_feature(8) is 0), so an IPv6 address
    // could never be bound; refusing it here says so at parse time.
    const QHostAddress address(trimmed.left(colon));
    if (address.protocol() != QAbstractSocket::IPv4Protocol)
        return std::nullopt;
    bool ok = false;
    const QString portText = trimmed.mid(colon + 1);
    const uint port = portText.toUInt(&ok);
    if (!ok || port > 65535 || portText.startsWith(QLatin1Char('+')))
        return std::nullopt;
    return ListenAddress {address.toString(), quint16(port)};
}

QString ListenAddress::toString() const
{
    return QStringLiteral("%1:%2").arg(ip).arg(port);
}

MetricsEndpoint::MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer, ListenAddress bound)
    : m_exposer(std::move(exposer))
    , m_bound(std::move(bound))
{ }

MetricsEndpoint::~MetricsEndpoint() = default;

MetricsEndpointResult MetricsEndpoint::listen(const ListenAddress& address)
{
    std::unique_ptr<prometheus::Exposer> exposer;
    try {
        // One thread: a scrape every few seconds needs no more, and each thread is a stack.
        exposer = std::make_unique<prometheus::Exposer>(address.toString().toStdString(), 1);
    } catch (const std::exception&) {
        // civetweb says only "null context when constructing CivetServer": our words are more useful.
        return MetricsEndpointError {MetricsEndpointError::Kind::CannotListen,
            QStringLiteral("cannot listen for metrics on %1: the port is in use or the address is not one of "
                           "this machine's")
                .arg(address.toString())};
    }
    ListenAddress bound = address;
    const std::vector<int> ports = exposer->GetListeningPorts();
    if (!ports.empty())
        bound.port = quint16(ports.front());
    logging::logger("telemetry")
        ->info("metrics endpoint listening on http://{}/metrics", bound.toString().toStdString());
    return std::unique_ptr<MetricsEndpoint>(new MetricsEndpoint(std::move(exposer), std::move(bound)));
}

void MetricsEndpoint::serve(const MetricsRegistry& registry)
{
    m_exposer->RegisterCollectable(registry.exposed());
}

void MetricsEndpoint::withdraw(const MetricsRegistry& registry)
{
    m_exposer->RemoveCollectable(registry.exposed());
}

QUrl MetricsEndpoint::url() const
{
    return QUrl(QStringLiteral("http://%1/metrics").arg(m_bound.toString()));
}

} // namespace oilwatch::telemetry
