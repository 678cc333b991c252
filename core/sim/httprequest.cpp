#include "sim/httprequest.h"

namespace oilwatch::sim {

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto& [key, value] : headers) {
        if (sameHeaderName(key, name))
            return value;
    }
    return {};
}

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto& entry : headers) {
        if (sameHeaderName(entry.first, name))
            return true;
    }
    return false;
}

std::optional<QByteArrayView> HttpRequest::rawQueryValue(QByteArrayView name) const
{
    QByteArrayView rest(query);
    while (!rest.isEmpty()) {
        const qsizetype amp = rest.indexOf('&');
        const QByteArrayView item = amp < 0 ? rest : rest.first(amp);
        rest = amp < 0 ? QByteArrayView() : rest.sliced(amp + 1);
        const qsizetype eq = item.indexOf('=');
        const QByteArrayView key = eq < 0 ? item : item.first(eq);
        if (key == name)
            return eq < 0 ? QByteArrayView() : item.sliced(eq + 1);
    }
    return std::nullopt;
}

std::optional<QString> HttpRequest::queryValue(QByteArrayView name) const
{
    const std::optional<QByteArrayView> raw = rawQueryValue(name);
    if (!raw)
        return std::nullopt;
    QByteArray value = raw->toByteArray();
    value.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(value));
}

} // namespace oilwatch::sim
