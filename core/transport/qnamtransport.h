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

private:
    QNetworkAccessManager m_manager;
};

} // namespace oilwatch::transport
