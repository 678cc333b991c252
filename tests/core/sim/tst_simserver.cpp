#include "sim/simserver.h"

#include <memory>

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using oilwatch::sim::FaultSettings;
using oilwatch::sim::SimOptions;
using oilwatch::sim::SimServer;

namespace {

struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Takes one complete response off the front of buffer, if there is one.
std::optional<RawResponse> takeResponse(QByteArray& buffer)
{
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return std::nullopt;
    RawResponse response;
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    response.status = lines.value(0).split(' ').value(1).toInt();
    qsizetype length = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        response.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
        if (response.headers.last().first.compare("Content-Length", Qt::CaseInsensitive) == 0)
            length = response.headers.last().second.toLongLong();
    }
    if (buffer.size() < headEnd + 4 + length)
        return std::nullopt;
    response.body = buffer.mid(headEnd + 4, length);
    buffer.remove(0, headEnd + 4 + length);
    return response;
}

// Reads until `count` responses arrived (or the timeout ran out, or the peer closed).
QList<RawResponse> readResponses(QTcpSocket& socket, int count, int timeoutMs = 10'000)
{
    QList<RawResponse> responses;
    QByteArray buffer;
    QElapsedTimer timer;
    timer.start();
    while (responses.size() < count && timer.elapsed() < timeoutMs) {
        buffer += socket.readAll();
        while (auto response = takeResponse(buffer))
            responses.append(*response);
        if (responses.size() >= count)
            break;
        if (!socket.waitForReadyRead(int(timeoutMs - timer.elapsed())) && socket.bytesAvailable() == 0)
            break;
    }
    return responses;
}

QByteArray getRequest(const QByteArray& target, const QByteArray& extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token opa_sim_demo\r\n"
        + extraHeaders + "\r\n";
}

} // namespace

class TestSimServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void listensOnAnyFreePort();
    void bindsToLoopbackOnly();
    void reportsAPortInUse();
    void servesAnAuthorisedGet();
    void refusesAGetWithoutKey();
    void appliesLatencyWithoutBlocking();
    void forcesStatus();
    void forcesBody();
    void keepsConnectionsAlive();
    void answersPipelinedRequestsInOrder();
    void keepsPipelineOrderUnderLatency();
    void honoursConnectionClose();
    void closesHttp10ByDefault();
    void rejectsOversizedHeaders();
    void rejectsGarbage();
    void closesIdleConnections();
    void countsRequests();
    void stopClosesEverythingAndCanRestart();
    void handlesManyRequests();

private:
    std::unique_ptr<SimServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;

    bool connectRaw(QTcpSocket& socket) const
    {
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        return socket.waitForConnected(5000);
    }
    QNetworkReply* namGet(const QString& pathAndQuery, bool withKey = true)
    {
        QNetworkRequest request(QUrl(m_server->baseUrl().toString() + pathAndQuery));
        if (withKey)
            request.setRawHeader("Authorization", "Token " + m_server->apiKey().toUtf8());
        return m_nam->get(request);
    }
    static bool waitFinished(QNetworkReply* reply)
    {
        if (reply->isFinished())
            return true;
        QSignalSpy finished(reply, &QNetworkReply::finished);
        return finished.wait(10'000);
    }
};

void TestSimServer::init()
{
    m_server = std::make_unique<SimServer>();
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestSimServer::cleanup()
{
    m_nam.reset();
    m_server.reset();
}

void TestSimServer::listensOnAnyFreePort()
{
    QVERIFY(m_server->isListening());
    QVERIFY(m_server->port() != 0);
    QCOMPARE(m_server->baseUrl(), QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server->port())));
    QCOMPARE(m_server->apiKey(), QStringLiteral("opa_sim_demo"));
    QVERIFY(m_server->start()); // a second start is harmless
    QVERIFY(m_server->isListening());
}

void TestSimServer::bindsToLoopbackOnly()
{
    QTcpSocket v4;
    QVERIFY(connectRaw(v4));
    // Bound to 127.0.0.1: neither the IPv6 loopback nor the machine's own addresses reach it.
    QTcpSocket v6;
    v6.connectToHost(QHostAddress::LocalHostIPv6, m_server->port());
    QVERIFY(!v6.waitForConnected(3000));
    int probed = 0;
    for (const QHostAddress& address : QNetworkInterface::allAddresses()) {
        if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        QTcpSocket outside;
        outside.connectToHost(address, m_server->port());
        QVERIFY2(!outside.waitForConnected(3000), qPrintable(address.toString()));
        ++probed;
    }
    qInfo() << "non-loopback addresses probed:" << probed;
    QCOMPARE(m_server->baseUrl().host(), QStringLiteral("127.0.0.1"));
}

void TestSimServer::reportsAPortInUse()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    SimOptions options;
    options.port = blocker.serverPort();
    SimServer second(options);
    QString error;
    QVERIFY(!second.start(&error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!second.isListening());
}

void TestSimServer::servesAnAuthorisedGet()
{
    QNetworkReply* reply = namGet(QStringLiteral("/v1/prices/latest?by_code=WTI_USD"));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("Content-Type"), QByteArray("application/json; charset=utf-8"));
    QVERIFY(reply->rawHeader("X-Request-Id").startsWith("req_"));
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(body["status"].toString(), QStringLiteral("success"));
    QCOMPARE(body["data"].toObject()["code"].toString(), QStringLiteral("WTI_USD"));
    QVERIFY(body["data"].toObject()["price"].toDouble() > 0);
    reply->deleteLater();
}

void TestSimServer::refusesAGetWithoutKey()
{
    QNetworkReply* reply = namGet(QStringLiteral("/v1/prices/latest?by_code=WTI_USD"), false);
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(body["error"].toObject()["code"].toString(), QStringLiteral("MISSING_API_KEY"));
    reply->deleteLater();
}

void TestSimServer::appliesLatencyWithoutBlocking()
{
    FaultSettings faults;
    faults.latencyMs = 400;
    m_server->setFaults(faults);
    QCOMPARE(m_server->faults().latencyMs, 400);

    QElapsedTimer timer;
    timer.start();
    QNetworkReply* slow = namGet(QStringLiteral("/v1/prices/latest?by_code=WTI_USD"));
    QTRY_COMPARE(m_server->requestCount(), quint64(1)); // received, its answer now held back
    // A second connection is served while the first waits: the delay is a timer, not a blocked thread.
    QTcpSocket other;
    QVERIFY(connectRaw(other));
    m_server->setFaults({});
    other.write(getRequest("/v1/commodities"));
    const auto quick = readResponses(other, 1);
    QCOMPARE(quick.size(), 1);
    QCOMPARE(quick.first().status, 200);
    QVERIFY(!slow->isFinished());

    QVERIFY(waitFinished(slow));
    QVERIFY2(timer.elapsed() >= 400, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(slow->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    slow->deleteLater();
}

void TestSimServer::forcesStatus()
{
    FaultSettings faults;
    faults.forcedStatus = 503;
    m_server->setFaults(faults);
    QNetworkReply* reply = namGet(QStringLiteral("/v1/prices/latest?by_code=WTI_USD"));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 503);
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    QCOMPARE(body["error"].toObject()["code"].toString(), QStringLiteral("SERVICE_UNAVAILABLE"));
    reply->deleteLater();

    faults.forcedStatus = 429;
    m_server->setFaults(faults);
    QNetworkReply* limited = namGet(QStringLiteral("/v1/commodities"));
    QVERIFY(waitFinished(limited));
    QCOMPARE(limited->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
    QCOMPARE(limited->rawHeader("Retry-After"), QByteArray("2"));
    QCOMPARE(limited->rawHeader("X-RateLimit-Remaining"), QByteArray("0"));
    limited->deleteLater();
}

void TestSimServer::forcesBody()
{
    FaultSettings faults;
    faults.forcedBody = QByteArray("{\"status\":\"success\",\"data\":{\"price\":\"NaN\"");
    m_server->setFaults(faults);
    QCOMPARE(m_server->faults().forcedBody, faults.forcedBody);
    QNetworkReply* reply = namGet(QStringLiteral("/v1/prices/latest?by_code=WTI_USD"));
    QVERIFY(waitFinished(reply));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->readAll(), *faults.forcedBody);
    reply->deleteLater();
}

void TestSimServer::keepsConnectionsAlive()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    for (int i = 0; i < 3; ++i) {
        socket.write(getRequest("/v1/prices/latest?by_code=GOLD_USD"));
        const auto responses = readResponses(socket, 1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses.first().status, 200);
        QVERIFY(responses.first().header("Connection").isNull());
        QCOMPARE(responses.first().json()["data"].toObject()["code"].toString(), QStringLiteral("GOLD_USD"));
    }
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(disconnected.count(), 0);
}

void TestSimServer::answersPipelinedRequestsInOrder()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    const QList<QByteArray> codes = {"WTI_USD", "GOLD_USD", "EUR_USD", "DUTCH_TTF_EUR", "NOPE"};
    QByteArray burst;
    for (const QByteArray& code : codes)
        burst += getRequest("/v1/prices/latest?by_code=" + code);
    burst += getRequest("/v1/commodities");
    socket.write(burst);
    const auto responses = readResponses(socket, int(codes.size()) + 1);
    QCOMPARE(responses.size(), codes.size() + 1);
    for (qsizetype i = 0; i < codes.size() - 1; ++i)
        QCOMPARE(responses[i].json()["data"].toObject()["code"].toString(), QString::fromLatin1(codes[i]));
    QCOMPARE(responses[4].status, 400);
    QVERIFY(responses[5].json()["data"].toObject().contains(QStringLiteral("commodities")));
}

void TestSimServer::keepsPipelineOrderUnderLatency()
{
    FaultSettings faults;
    faults.latencyMs = 150;
    m_server->setFaults(faults);
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QElapsedTimer timer;
    timer.start();
    socket.write(
        getRequest("/v1/prices/latest?by_code=WTI_USD") + getRequest("/v1/prices/latest?by_code=GOLD_USD"));
    const auto responses = readResponses(socket, 2);
    QVERIFY(timer.elapsed() >= 150);
    QCOMPARE(responses.size(), 2);
    QCOMPARE(responses[0].json()["data"].toObject()["code"].toString(), QStringLiteral("WTI_USD"));
    QCOMPARE(responses[1].json()["data"].toObject()["code"].toString(), QStringLiteral("GOLD_USD"));
}

void TestSimServer::honoursConnectionClose()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    // The request after the one that asked to close must not be answered.
    socket.write(getRequest("/v1/commodities", "Connection: close\r\n") + getRequest("/v1/commodities"));
    const auto responses = readResponses(socket, 2, 3000);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 200);
    QCOMPARE(responses.first().header("Connection"), QByteArray("close"));
    QVERIFY(disconnected.count() > 0 || disconnected.wait(5000));
}

void TestSimServer::closesHttp10ByDefault()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    socket.write("GET /v1/commodities HTTP/1.0\r\nAuthorization: Token opa_sim_demo\r\n\r\n");
    const auto responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 200);
    QVERIFY(disconnected.count() > 0 || disconnected.wait(5000));

    QTcpSocket keepAlive;
    QVERIFY(connectRaw(keepAlive));
    keepAlive.write("GET /v1/commodities HTTP/1.0\r\nConnection: keep-alive\r\n"
                    "Authorization: Token opa_sim_demo\r\n\r\n");
    const auto kept = readResponses(keepAlive, 1);
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().header("Connection"), QByteArray("keep-alive"));
}

void TestSimServer::rejectsOversizedHeaders()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    socket.write(getRequest("/v1/commodities", "X-Padding: " + QByteArray(20 * 1024, 'p') + "\r\n"));
    const auto responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 431);
    QCOMPARE(responses.first().header("Connection"), QByteArray("close"));
    QCOMPARE(responses.first().json()["status"].toString(), QStringLiteral("error"));
    QVERIFY(disconnected.count() > 0 || disconnected.wait(5000));
}

void TestSimServer::rejectsGarbage()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    socket.write("HELLO THERE\r\n\r\n");
    const auto responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 400);
    QVERIFY(disconnected.count() > 0 || disconnected.wait(5000));
}

void TestSimServer::closesIdleConnections()
{
    SimOptions options;
    options.idleTimeoutMs = 200;
    m_server = std::make_unique<SimServer>(options);
    QVERIFY(m_server->start());
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    socket.write(getRequest("/v1/commodities"));
    QCOMPARE(readResponses(socket, 1).size(), 1);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(disconnected.wait(5000));
    QVERIFY(timer.elapsed() >= 100);
}

void TestSimServer::countsRequests()
{
    QCOMPARE(m_server->requestCount(), quint64(0));
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write(getRequest("/v1/commodities") + getRequest("/nowhere") + getRequest("/v1/prices/latest"));
    QCOMPARE(readResponses(socket, 3).size(), 3);
    QCOMPARE(m_server->requestCount(), quint64(3));
}

void TestSimServer::stopClosesEverythingAndCanRestart()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write(getRequest("/v1/commodities"));
    QCOMPARE(readResponses(socket, 1).size(), 1);
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    const quint16 oldPort = m_server->port();
    m_server->stop();
    QVERIFY(!m_server->isListening());
    QVERIFY(disconnected.count() > 0 || disconnected.wait(5000));
    QTcpSocket refused;
    refused.connectToHost(QHostAddress::LocalHost, oldPort);
    QVERIFY(!refused.waitForConnected(3000));
    m_server->stop(); // twice is harmless

    QVERIFY(m_server->start());
    QVERIFY(m_server->isListening());
    QTcpSocket again;
    QVERIFY(connectRaw(again));
    again.write(getRequest("/v1/commodities"));
    const auto responses = readResponses(again, 1);
    QCOMPARE(responses.size(), 1);
    QCOMPARE(responses.first().status, 200);
}

void TestSimServer::handlesManyRequests()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    constexpr int kBatches = 20;
    constexpr int kPerBatch = 100;
    QElapsedTimer timer;
    timer.start();
    for (int batch = 0; batch < kBatches; ++batch) {
        QByteArray burst;
        for (int i = 0; i < kPerBatch; ++i)
            burst += getRequest("/v1/prices/latest?by_code=BRENT_CRUDE_USD");
        socket.write(burst);
        const auto responses = readResponses(socket, kPerBatch);
        QCOMPARE(responses.size(), kPerBatch);
        for (const RawResponse& response : responses)
            QCOMPARE(response.status, 200);
    }
    QCOMPARE(m_server->requestCount(), quint64(kBatches * kPerBatch));
    qInfo() << kBatches * kPerBatch << "requests in" << timer.elapsed() << "ms";
}

QTEST_GUILESS_MAIN(TestSimServer)
#include "tst_simserver.moc"
