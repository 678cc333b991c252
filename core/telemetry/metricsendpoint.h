#pragma once

#include "telemetry/prometheusfwd.h"
#include "util/valueorerror.h"

#include <memory>
#include <optional>

#include <QString>
#include <QUrl>

namespace oilwatch::telemetry {

class MetricsRegistry;

// Where the metrics endpoint listens: an IPv4 literal and a port (0: any free one). A host name is refused:
// which interface it means depends on the resolver, and an endpoint meant for this machine must not end up
// on every interface by accident.
struct ListenAddress
{
    QString ip; // IPv4: "127.0.0.1", "0.0.0.0"
    quint16 port = 0;

    // "127.0.0.1:9464", "0.0.0.0:9464"; nothing else.
    static std::optional<ListenAddress> parse(const QString& text);
    QString toString() const; // the form parse() reads
};

struct MetricsEndpointError
{
    enum class Kind
    {
        BadAddress, // not ADDR:PORT (only from the environment: flags are checked when parsed)
        CannotListen, // the port is taken, or the address is not one of this machine's
    };
    Kind kind = Kind::CannotListen;
    QString message;
};

class MetricsEndpoint;
using MetricsEndpointResult = util::ValueOrError<std::unique_ptr<MetricsEndpoint>, MetricsEndpointError>;

// The HTTP endpoint Prometheus scrapes (GET /metrics), on a thread of its own inside civetweb. Starting and
// stopping are slow (stopping takes about 2 s): one per process, for its whole run.
class MetricsEndpoint
{
public:
    static MetricsEndpointResult listen(const ListenAddress& address);
    ~MetricsEndpoint();

    // What the endpoint serves; `registry` must stay alive until withdraw() or the endpoint's end.
    void serve(const MetricsRegistry& registry);
    void withdraw(const MetricsRegistry& registry);

    // The address actually bound: with port 0 asked, the port the system chose.
    ListenAddress boundAddress() const { return m_bound; }
    QUrl url() const;

private:
    MetricsEndpoint(std::unique_ptr<prometheus::Exposer> exposer, ListenAddress bound);

    std::unique_ptr<prometheus::Exposer> m_exposer;
    ListenAddress m_bound;
};

} // namespace oilwatch::telemetry
