#pragma once

#include <memory>

#include <QByteArray>
#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QUrl>

namespace oilwatch::testing {

// The self-signed certificate and key of tests/data/tls (CN and SAN localhost, 127.0.0.1): test-only.
inline QSslConfiguration localhostTlsConfiguration(QString* error)
{
    const QString dir = QStringLiteral(OILWATCH_TEST_DATA_DIR "/tls/");
    QFile certFile(dir + QStringLiteral("localhost.crt"));
    QFile keyFile(dir + QStringLiteral("localhost.key"));
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the test certificate in ") + dir;
        return {};
    }
    const QSslCertificate certificate(&certFile, QSsl::Pem);
    const QSslKey key(&keyFile, QSsl::Ec, QSsl::Pem);
    if (certificate.isNull() || key.isNull()) {
        *error = QStringLiteral("the test certificate or key in %1 does not load").arg(dir);
        return {};
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    return configuration;
}

// A minimal HTTPS/1.1 server on 127.0.0.1, on the thread that starts it: every request head gets the same
// 200 with a fixed body, on keep-alive connections. Just enough to drive the benchmark's TLS paths; the
// simulator stays plain HTTP.
class TlsTestServer final : public QObject
{
public:
    explicit TlsTestServer(QByteArray body)
        : m_response("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
            + QByteArray::number(body.size()) + "\r\n\r\n" + body)
        , m_bodySize(body.size())
    {
        connect(&m_server, &QSslServer::pendingConnectionAvailable, this, &TlsTestServer::acceptConnections);
        connect(&m_server, &QSslServer::errorOccurred, this, [this] { ++m_handshakeFailures; });
    }

    bool start(QString* error)
    {
        const QSslConfiguration configuration = localhostTlsConfiguration(error);
        if (configuration.isNull())
            return false;
        m_server.setSslConfiguration(configuration);
        if (!m_server.listen(QHostAddress::LocalHost)) {
            *error = m_server.errorString();
            return false;
        }
        return true;
    }

    QUrl url() const
    {
        return QUrl(QStringLiteral("https://127.0.0.1:%1/v1/prices/latest").arg(m_server.serverPort()));
    }
    qint64 responseSize() const { return m_response.size(); }
    qint64 bodySize() const { return m_bodySize; }
    int requestCount() const { return m_requests; }
    int encryptedConnections() const { return m_connections; }
    // Connections that never became encrypted: the client refused our certificate, or spoke no TLS.
    int handshakeFailures() const { return m_handshakeFailures; }

private:
    void acceptConnections()
    {
        while (m_server.hasPendingConnections()) {
            QTcpSocket* socket = m_server.nextPendingConnection();
            ++m_connections;
            auto buffer = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                buffer->append(socket->readAll());
                for (qsizetype end = buffer->indexOf("\r\n\r\n"); end >= 0;
                     end = buffer->indexOf("\r\n\r\n")) {
                    buffer->remove(0, end + 4);
                    ++m_requests;
                    socket->write(m_response);
                }
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    QSslServer m_server;
    const QByteArray m_response;
    const qint64 m_bodySize;
    int m_requests = 0;
    int m_connections = 0;
    int m_handshakeFailures = 0;
};

} // namespace oilwatch::testing
