#include "api/clientconfig.h"

#include <QHostAddress>

namespace oilwatch::api {

bool ClientConfig::isLoopback(const QUrl& url)
{
    const QString host = url.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

std::optional<ApiError> ClientConfig::validate() const
{
    if (!baseUrl.isValid() || baseUrl.isRelative() || baseUrl.host().isEmpty())
        return ApiError::make(ErrorKind::Config,
            QStringLiteral("base URL \"%1\" is not an absolute http(s) URL")
                .arg(baseUrl.toString(QUrl::RemoveUserInfo)));
    const QString scheme = baseUrl.scheme().toLower();
    if (scheme != QLatin1String("https") && scheme != QLatin1String("http"))
        return ApiError::make(
            ErrorKind::Config, QStringLiteral("base URL scheme \"%1\" is not http or https").arg(scheme));
    if (scheme == QLatin1String("http") && !isLoopback(baseUrl))
        return ApiError::make(ErrorKind::Config,
            QStringLiteral("refusing plain http to %1: the API key would travel unencrypted; "
                           "use https (plain http is allowed for loopback only)")
                .arg(baseUrl.host()));
    if (!publicDemo && apiKey.trimmed().isEmpty())
        return ApiError::make(ErrorKind::Auth,
            QStringLiteral("no API key: set OILPRICEAPI_KEY or store one with `oilwatch config set-key`, or "
                           "run without one on the "
                           "built-in simulator (--demo)"));
    if (attemptTimeout.count() <= 0)
        return ApiError::make(ErrorKind::Config, QStringLiteral("the attempt timeout must be positive"));
    return std::nullopt;
}

QString ClientConfig::hostLabel() const
{
    if (baseUrl.port() > 0)
        return QStringLiteral("%1:%2").arg(baseUrl.host()).arg(baseUrl.port());
    return baseUrl.host();
}

QUrl ClientConfig::endpoint(const QString& apiPath) const
{
    QUrl url = baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    if (prefix.endsWith(QLatin1String("/v1")))
        prefix.chop(3);
    url.setPath(prefix + apiPath);
    url.setQuery(QString());
    url.setUserInfo(QString());
    return url;
}

} // namespace oilwatch::api
