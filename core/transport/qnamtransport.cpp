#include "transport/qnamtransport.h"

#include <memory>

#include <QElapsedTimer>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace oilwatch::transport {

namespace {

// Everything one in-flight request needs once the reply finishes.
struct PendingReply
{
    HttpTransport::Callback done;
    QElapsedTimer elapsed;
    TransportError forcedError = TransportError::None;
    bool contextAlive = true;
    qint64 maxBodyBytes = kDefaultMaxBodyBytes;
};

TransportError classify(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::NoError:
        return TransportError::None;
    case QNetworkReply::TimeoutError:
        return TransportError::Timeout;
    case QNetworkReply::OperationCanceledError:
        return TransportError::Cancelled;
    case QNetworkReply::SslHandshakeFailedError:
        return TransportError::Tls;
    default:
        return TransportError::Network;
    }
}

} // namespace

QnamTransport::QnamTransport(QObject* parent)
    : QObject(parent)
{
    m_manager.setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
}

void QnamTransport::get(const HttpRequest& request, QObject* context, Callback done)
{
    QNetworkRequest networkRequest(request.url);
    for (const auto& [name, value] : request.headers)
        networkRequest.setRawHeader(name, value);
    if (!m_verifyPeer) {
        QSslConfiguration tls = networkRequest.sslConfiguration();
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        networkRequest.setSslConfiguration(tls);
    }

    QNetworkReply* reply = m_manager.get(networkRequest);
    auto pending = std::make_shared<PendingReply>();
    pending->done = std::move(done);
    pending->maxBodyBytes = request.maxBodyBytes;
    pending->elapsed.start();

    auto abortWith = [reply, pending](TransportError why) {
        if (pending->forcedError == TransportError::None)
            pending->forcedError = why;
        reply->abort();
    };

    // The cap is checked as bytes arrive, so a hostile server can never make us hold more than the cap.
    auto checkSize = [reply, pending, abortWith] {
        const QVariant length = reply->header(QNetworkRequest::ContentLengthHeader);
        const qint64 announced = length.isValid() ? length.toLongLong() : 0;
        if (announced > pending->maxBodyBytes || reply->bytesAvailable() > pending->maxBodyBytes)
            abortWith(TransportError::BodyTooLarge);
    };
    connect(reply, &QNetworkReply::metaDataChanged, reply, checkSize);
    connect(reply, &QNetworkReply::readyRead, reply, checkSize);

    auto* timer = new QTimer(reply);
    timer->setSingleShot(true);
    connect(timer, &QTimer::timeout, reply, [abortWith] { abortWith(TransportError::Timeout); });
    timer->start(request.timeout);

    if (context) {
        connect(context, &QObject::destroyed, reply, [pending, abortWith] {
            pending->contextAlive = false;
            abortWith(TransportError::Cancelled);
        });
    }

    connect(reply, &QNetworkReply::finished, reply, [reply, pending] {
        reply->deleteLater();
        if (!pending->contextAlive)
            return;
        HttpResponse response;
        response.elapsedMs = pending->elapsed.elapsed();
        response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        response.headers = reply->rawHeaderPairs();
        response.error
            = pending->forcedError != TransportError::None ? pending->forcedError : classify(reply->error());
        // An HTTP error status (Qt's content, protocol and server error codes, 200 and up) is not a transport
        // error: the client maps it from the status and body. A connection error (below 200) is one even
        // after a status line arrived: a reset mid-body leaves a 200 with half a body.
        if (response.error == TransportError::Network && response.status > 0 && reply->error() >= 200)
            response.error = TransportError::None;
        if (response.error == TransportError::None)
            response.body = reply->readAll();
        switch (response.error) {
        case TransportError::Timeout:
            response.errorString = QStringLiteral("no complete response within the attempt timeout");
            break;
        case TransportError::BodyTooLarge:
            response.errorString
                = QStringLiteral("response body larger than %1 bytes").arg(pending->maxBodyBytes);
            break;
        case TransportError::None:
            break;
        default:
            response.errorString = reply->errorString();
        }
        pending->done(response);
    });
}

} // namespace oilwatch::transport
