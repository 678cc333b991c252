#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace oilwatch::sim {

// One complete HTTP/1.x request as the parser hands it out. Header names keep their spelling; lookups ignore
// case.
struct HttpRequest
{
    QByteArray method;
    QByteArray target; // as sent: "/v1/prices/latest?by_code=WTI_USD"
    QByteArray path; // target up to '?', still percent-encoded
    QByteArray query; // after '?', still percent-encoded, empty when none
    int versionMinor = 1;
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool keepAlive
        = true; // HTTP/1.1 defaults to keep-alive, HTTP/1.0 to close; the Connection header decides

    // First header of that name (any case), or a null QByteArray.
    QByteArray header(QByteArrayView name) const;
    bool hasHeader(QByteArrayView name) const;
    // Decoded value of the first query item of that name ('+' counts as a space); nullopt when absent.
    std::optional<QString> queryValue(QByteArrayView name) const;
    // The same item's value as sent (still percent-encoded), viewing into query; nullopt when absent.
    std::optional<QByteArrayView> rawQueryValue(QByteArrayView name) const;

    // Header names compare without case. Sizes first: most names differ in length, and this runs for every
    // header of every request.
    static bool sameHeaderName(QByteArrayView name, QByteArrayView wanted)
    {
        return name.size() == wanted.size() && name.compare(wanted, Qt::CaseInsensitive) == 0;
    }
};

} // namespace oilwatch::sim
