#pragma once

#include "transport/httptransport.h"

#include <QNetworkAccessManager>
#include <QObject>

namespace oilwatch::transport {

// HttpTransport on QNetworkAccessManager: per-attempt timeout covering the body, a hard body cap,
// same-origin redirects only (the Authorization header must never follow a redirect to another host).
class QnamTransport final : public QObject, public HttpTransport
{
    Q_OBJECT
public:
    explicit QnamTransport(QObject* parent = nullptr);
    void get(const HttpRequest& request, QObject* context, Callback done) override;
    QNetworkAccessManager& manager() { return m_manager; }
    // false: https accepts any certificate (the benchmark's --insecure, for test servers). Never for the API.
    void setVerifyPeer(bool verify) { m_verifyPeer = verify; }

private:
    QNetworkAccessManager m_manager;
    bool m_verifyPeer = true;
};

} // namespace oilwatch::transport
