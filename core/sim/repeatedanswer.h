#pragma once

#include "sim/httprequest.h"
#include "sim/simrouter.h"
#include "sim/tickbodycache.h"

#include <QByteArray>
#include <QByteArrayView>

namespace oilwatch::sim {

// A connection's last repeatable answer, as sent. A poller asks the same thing many times within one price
// tick; the router would answer it with the same bytes but for the request id and the remaining quota. This
// answers such a repeat by copying those bytes with the two values renewed, instead of routing the request
// and rendering the answer again. Kept only for an identical request (method, target, version,
// Authorization) and only while the router's stamp is unchanged, so a repeat is exactly what routing would
// have produced.
class RepeatedAnswer
{
public:
    // Keeps message, the full answer sent for request, if its two renewable values can be found in it.
    void remember(const HttpRequest& request, const TickBodyCache::Stamp& stamp, QByteArrayView message);
    bool matches(const HttpRequest& request, const TickBodyCache::Stamp& stamp) const;
    // Appends the kept answer with the renewal's request id and remaining quota.
    void appendTo(QByteArray& out, const SimRouter::Renewal& renewal) const;

private:
    bool m_valid = false;
    QByteArray m_method;
    QByteArray m_target;
    QByteArray m_authorization;
    int m_versionMinor = 1;
    TickBodyCache::Stamp m_stamp;
    QByteArray m_message;
    qsizetype m_idAt = 0; // where the request id's value starts
    qsizetype m_remainingAt = 0; // where the remaining quota's value starts
    qsizetype m_remainingEnd = 0;
};

} // namespace oilwatch::sim
