#pragma once

#include "api/apierror.h"
#include "api/origin.h"

#include <chrono>
#include <optional>

#include <QUrl>

namespace oilwatch::api {

struct ClientConfig
{
    QUrl baseUrl = defaultBaseUrl();
    QString apiKey;
    std::chrono::milliseconds attemptTimeout {10'000};
    // Every call's whole budget of time, retries included, when shorter than the pipeline's (see
    // HttpRequest).
    std::optional<std::chrono::milliseconds> totalDeadline;
    qint64 maxBodyBytes = 4 * 1024 * 1024;
    // The built-in simulator, on whatever loopback port it got: its prices belong to Origin::simulator().
    bool builtInSimulator = false;
    // The public demo API (contract §2.8) at baseUrl: no key and no Authorization header, /v1/demo/prices
    // for the latest prices and /v1/demo/commodities for the catalogue; no history. About 20 requests an
    // hour per IP. Its prices belong to Origin::demo(baseUrl), never mixed with a key's.
    bool publicDemo = false;

    static QUrl defaultBaseUrl() { return QUrl(QStringLiteral("https://api.oilpriceapi.com")); }
    static bool isLoopback(const QUrl& url);

    // A typed Config error when the set-up cannot work or would be unsafe: no key, a relative or non-http(s)
    // URL, or plain http to anything but loopback (the key would cross the network in clear text). The public
    // demo needs no key.
    std::optional<ApiError> validate() const;
    // "api.oilpriceapi.com" or "127.0.0.1:8080", for the status bar and logs.
    QString hostLabel() const;
    // Whose prices this client receives: the key of every cache entry and history row it leads to.
    Origin origin() const
    {
        return builtInSimulator ? Origin::simulator()
            : publicDemo        ? Origin::demo(baseUrl)
                                : Origin::forBaseUrl(baseUrl);
    }
    // The URL of an API path ("/v1/prices/latest"), whether the base URL was given with /v1 or without.
    QUrl endpoint(const QString& apiPath) const;
};

} // namespace oilwatch::api
