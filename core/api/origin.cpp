#include "api/origin.h"

namespace oilwatch::api {

Origin Origin::forBaseUrl(const QUrl& baseUrl)
{
    const QString scheme = baseUrl.scheme().toLower();
    QString id = scheme + QStringLiteral("://") + baseUrl.host().toLower();
    const int defaultPort = scheme == QLatin1String("https") ? 443
        : scheme == QLatin1String("http")                    ? 80
                                                             : -1;
    if (baseUrl.port() > 0 && baseUrl.port() != defaultPort)
        id += QLatin1Char(':') + QString::number(baseUrl.port());
    QString prefix = baseUrl.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    if (prefix.endsWith(QLatin1String("/v1")))
        prefix.chop(3);
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    return Origin(id + prefix);
}

std::optional<Origin> Origin::parse(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == simulator().id())
        return simulator();
    if (trimmed == unknown().id())
        return unknown();
    if (trimmed.endsWith(kDemoMarker) && trimmed.size() > kDemoMarker.size()) {
        const std::optional<Origin> server = parse(trimmed.chopped(kDemoMarker.size()));
        if (!server || server->isSimulator() || server->isUnknown())
            return std::nullopt;
        return Origin(server->id() + kDemoMarker);
    }
    const QUrl url(trimmed, QUrl::StrictMode);
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return std::nullopt;
    return forBaseUrl(url);
}

} // namespace oilwatch::api
