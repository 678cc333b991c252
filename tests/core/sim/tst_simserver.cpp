#include "sim/commoditycatalog.h"
#include "sim/httprequest.h"
#include "sim/pricemodel.h"
#include "sim/simrouter.h"
#include "sim/simserver.h"
#include "support/sharedclock.h"
#include "support/simstack.h"
#include "util/clock.h"
#include "util/utc.h"

#include <algorithm>
#include <atomic>
#include <memory>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#ifdef Q_OS_UNIX
#include <arpa/inet.h>
#include <cerrno>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#endif

using oilwatch::sim::FaultKind;
using oilwatch::sim::FaultProfile;
using oilwatch::sim::FaultRule;
using oilwatch::sim::FaultSettings;
using oilwatch::sim::OutageMode;
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

// Control requests carry no key on purpose: the endpoints must not need one.
QByteArray controlRequest(const QByteArray& method, const QByteArray& target, const QByteArray& body = {})
{
    return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

const QByteArray kLatest = "/v1/prices/latest?by_code=WTI_USD";

FaultProfile profileWith(FaultRule rule, const char* name = "test")
{
    FaultProfile profile;
    profile.name = QString::fromLatin1(name);
    profile.faults = {rule};
    return profile;
}

FaultRule ruleOf(FaultKind kind, double rate = 1.0)
{
    FaultRule rule;
    rule.kind = kind;
    rule.rate = rate;
    return rule;
}

using oilwatch::testing::SharedClock;

#ifdef Q_OS_UNIX
// How a connection ended, seen through a plain socket: QTcpSocket reports a reset and an orderly close alike
// (RemoteHostClosedError), recv() tells them apart.
struct ConnectionEnd
{
    QByteArray received;
    int error = -1; // 0: orderly close (FIN); ECONNRESET: reset; EAGAIN: still open at the deadline
};

ConnectionEnd sendAndReadToEnd(quint16 port, const QByteArray& request, int timeoutMs = 5000)
{
    ConnectionEnd end;
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout {timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        end.error = errno;
        ::close(fd);
        return end;
    }
    ::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL);
    char buffer[4096];
    while (true) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            end.received.append(buffer, qsizetype(n));
            continue;
        }
        end.error = n == 0 ? 0 : errno;
        break;
    }
    ::close(fd);
    return end;
}
#endif

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
    void answersALargePipelinedWriteInOrder();
    void countsRequests();
    void stopClosesEverythingAndCanRestart();
    void handlesManyRequests();
    void repeatsAnAnswerWithFreshIdAndQuota();
    void repeatsOnlyForTheSameKey();
    void faultsOverrideAKeptAnswer();
    void clientGetsAnOldRangeFromANarrowWindow();
    void clientGetsYearsBackByDay();
    void quotaEndsInTheTypedQuotaError();
    void quotaRefusesPipelinedRepeats();

    // Fault profiles.
    void startsHealthy();
    void hangNeverAnswers();
    void maxInFlightCountsOpenHangs();
    void latencyHoldsRequestsInFlight();
    void countsExactlyUnderConcurrency();
    void slowBodyTrickles();
    void resetCutsTheBody();
    void closeBeforeAnswering();
    void bodyFaults_data();
    void bodyFaults();
    void rateLimitForms();
    void ratesAreDeterministicForASeed();
    void outageFollowsTheInjectedClock();
    void outageCanReset();
    void profileLatencyAddsToLegacyLatency();
    void stallsOnceThenAnswersAtOnce();

    // Control endpoint.
    void controlStatsCountsByPath();
    void controlSwitchesProfile();
    void controlRejectsBadProfiles();
    void controlResetsCounters();
    void controlIsNeverFaulted();
    void controlUnknownEndpointAndMethod();
    // Arrival timing.
    void busiestWindowCountsABurst();
    void busiestWindowSlides();

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
    RawResponse exchange(const QByteArray& request)
    {
        QTcpSocket socket;
        if (!connectRaw(socket))
            return {};
        socket.write(request);
        return readResponses(socket, 1).value(0);
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
    // Busy for several timeouts: the idle timer is armed once and only re-armed when it fires, so the
    // traffic in between must keep the connection open.
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 3 * options.idleTimeoutMs) {
        socket.write(getRequest("/v1/commodities"));
        const auto responses = readResponses(socket, 1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses.first().status, 200);
    }
    QCOMPARE(disconnected.count(), 0);
    timer.restart();
    QVERIFY(disconnected.wait(5000));
    QVERIFY(timer.elapsed() >= 100);
}

void TestSimServer::answersALargePipelinedWriteInOrder()
{
    // More requests in one write than the connection queues or reads in one go: each answered once, in order.
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    const QList<QByteArray> codes = {"WTI_USD", "GOLD_USD", "EUR_USD"};
    constexpr int kCount = 1000;
    QByteArray burst;
    for (int i = 0; i < kCount; ++i)
        burst += getRequest("/v1/prices/latest?by_code=" + codes[i % codes.size()]);
    QVERIFY(burst.size() > 64 * 1024); // beyond the connection's read chunks and its socket read buffer
    socket.write(burst);
    const auto responses = readResponses(socket, kCount);
    QCOMPARE(responses.size(), kCount);
    QSet<QByteArray> ids;
    for (int i = 0; i < kCount; ++i) {
        QCOMPARE(responses[i].status, 200);
        QCOMPARE(responses[i].json()["data"].toObject()["code"].toString(),
            QString::fromLatin1(codes[i % codes.size()]));
        ids.insert(responses[i].header("X-Request-Id"));
    }
    QCOMPARE(ids.size(), kCount);
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

void TestSimServer::repeatsAnAnswerWithFreshIdAndQuota()
{
    // A still clock keeps the price model still: after the first, every answer below is a kept one, renewed.
    SharedClock clock;
    SimOptions options;
    options.clock = &clock;
    options.seed = 7;
    m_server = std::make_unique<SimServer>(options);
    QVERIFY(m_server->start());
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    constexpr int kRequests = 4;
    QByteArray burst;
    for (int i = 0; i < kRequests; ++i)
        burst += getRequest(kLatest);
    socket.write(burst);
    const QList<RawResponse> responses = readResponses(socket, kRequests);
    QCOMPARE(responses.size(), kRequests);

    const RawResponse& first = responses.first();
    const qint64 firstRemaining = first.header("X-RateLimit-Remaining").toLongLong();
    const QRegularExpression idPattern(QStringLiteral("^req_[0-9a-f]{16}$"));
    QSet<QByteArray> ids;
    for (int i = 0; i < kRequests; ++i) {
        const RawResponse& response = responses[i];
        QCOMPARE(response.status, 200);
        QCOMPARE(response.body, first.body);
        QCOMPARE(response.header("Content-Length").toLongLong(), response.body.size());
        QCOMPARE(response.header("X-RateLimit-Remaining").toLongLong(), firstRemaining - i);
        QVERIFY(idPattern.match(QString::fromLatin1(response.header("X-Request-Id"))).hasMatch());
        ids.insert(response.header("X-Request-Id"));
        QCOMPARE(response.headers.size(), first.headers.size());
        for (const auto& [name, value] : first.headers) {
            if (name != "X-Request-Id" && name != "X-RateLimit-Remaining")
                QCOMPARE(response.header(name), value);
        }
    }
    QCOMPARE(ids.size(), kRequests);

    // Repeats take their ids from the router's own sequence: a router with the same seed hands out the same.
    oilwatch::sim::PriceModel model(oilwatch::sim::CommodityCatalog::builtin(), 7, clock, options.pace);
    oilwatch::sim::SimRouter router(model, options.apiKey, 7);
    oilwatch::sim::HttpRequest request;
    request.method = "GET";
    request.target = kLatest;
    request.path = "/v1/prices/latest";
    request.query = "by_code=WTI_USD";
    request.headers = {{"Host", "127.0.0.1"}, {"Authorization", "Token opa_sim_demo"}};
    for (int i = 0; i < kRequests; ++i)
        QCOMPARE(router.handle(request, clock.nowUtc()).header("X-Request-Id"),
            responses[i].header("X-Request-Id"));
}

void TestSimServer::repeatsOnlyForTheSameKey()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    const QByteArray wrongKey
        = "GET " + kLatest + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token nope\r\n\r\n";
    socket.write(
        getRequest(kLatest) + wrongKey + getRequest(kLatest) + getRequest(kLatest, "Connection: close\r\n"));
    const QList<RawResponse> responses = readResponses(socket, 4);
    QCOMPARE(responses.size(), 4);
    QCOMPARE(responses[0].status, 200);
    QCOMPARE(responses[1].status, 401);
    QCOMPARE(responses[1].json()["error"].toObject()["code"].toString(), QStringLiteral("INVALID_API_KEY"));
    QCOMPARE(responses[2].status, 200);
    QCOMPARE(responses[2].body, responses[0].body);
    QCOMPARE(responses[3].status, 200);
    QCOMPARE(responses[3].header("Connection"), QByteArray("close"));
}

void TestSimServer::faultsOverrideAKeptAnswer()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write(getRequest(kLatest));
    QCOMPARE(readResponses(socket, 1).value(0).status, 200);

    FaultSettings faults;
    faults.forcedStatus = 503;
    m_server->setFaults(faults);
    socket.write(getRequest(kLatest));
    QCOMPARE(readResponses(socket, 1).value(0).status, 503);

    m_server->setFaults({});
    m_server->setFaultProfile(profileWith(ruleOf(FaultKind::EmptyBody)));
    socket.write(getRequest(kLatest));
    const RawResponse emptied = readResponses(socket, 1).value(0);
    QCOMPARE(emptied.status, 200);
    QVERIFY(emptied.body.isEmpty());
}

// Issue 13, through the app's own client over loopback: past_month asked for a November range answers
// November (it used to cut it to the last 30 days, and answer nothing), all of it over the pages.
void TestSimServer::clientGetsAnOldRangeFromANarrowWindow()
{
    SharedClock clock; // 2026-01-01T00:00:00Z
    SimOptions options;
    options.clock = &clock;
    m_server = std::make_unique<SimServer>(options);
    QVERIFY(m_server->start());
    oilwatch::testing::SimStack stack(oilwatch::testing::SimStack::configFor(*m_server));
    oilwatch::api::HistoryQuery query;
    query.code = QStringLiteral("BRENT_CRUDE_USD");
    query.window = oilwatch::api::HistoryWindow::PastMonth;
    query.from = QDate(2025, 11, 1);
    query.to = QDate(2025, 11, 30);
    std::optional<oilwatch::api::Result<QList<oilwatch::api::Quote>>> got;
    const quint64 before = m_server->requestCount();
    stack.client.history(query, this, [&got](const auto& result, const auto&) { got = result; });
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 15'000);
    QVERIFY2(got->ok(), qPrintable(got->ok() ? QString() : got->error().describe()));
    const QList<oilwatch::api::Quote>& quotes = got->value();
    QCOMPARE(quotes.size(), 30 * 24); // the hourly points of November
    QCOMPARE(m_server->requestCount() - before, quint64(8)); // 100 rows a page
    QCOMPARE(quotes.first().createdAt, QDateTime(QDate(2025, 11, 30), QTime(23, 0), oilwatch::util::utc()));
    QCOMPARE(quotes.last().createdAt, QDateTime(QDate(2025, 11, 1), QTime(0, 0), oilwatch::util::utc()));
}

// Five years of daily history (issue 13: there was one year): a month four years back, a point a day.
void TestSimServer::clientGetsYearsBackByDay()
{
    SharedClock clock; // 2026-01-01T00:00:00Z
    SimOptions options;
    options.clock = &clock;
    m_server = std::make_unique<SimServer>(options);
    QVERIFY(m_server->start());
    oilwatch::testing::SimStack stack(oilwatch::testing::SimStack::configFor(*m_server));
    oilwatch::api::HistoryQuery query;
    query.code = QStringLiteral("WTI_USD");
    query.window = oilwatch::api::HistoryWindow::PastYear;
    query.from = QDate(2021, 1, 1);
    query.to = QDate(2021, 1, 31);
    query.interval = QStringLiteral("daily");
    std::optional<oilwatch::api::Result<QList<oilwatch::api::Quote>>> got;
    stack.client.history(query, this, [&got](const auto& result, const auto&) { got = result; });
    QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 15'000);
    QVERIFY2(got->ok(), qPrintable(got->ok() ? QString() : got->error().describe()));
    const QList<oilwatch::api::Quote>& quotes = got->value();
    QCOMPARE(quotes.size(), 31);
    for (int i = 0; i < quotes.size(); ++i) {
        QCOMPARE(quotes[i].createdAt.date(), QDate(2021, 1, 31 - i));
        QVERIFY(quotes[i].price > 0.0);
    }
}

// `oilwatch sim --quota N`: the request after the N-th gets the contract's quota-exhausted 429, which the
// client turns into its typed quota error: rate limited, quota exhausted, not retried.
void TestSimServer::quotaEndsInTheTypedQuotaError()
{
    SimOptions options;
    options.dailyQuota = 2;
    m_server = std::make_unique<SimServer>(options);
    QVERIFY(m_server->start());
    oilwatch::testing::SimStack stack(oilwatch::testing::SimStack::configFor(*m_server));
    using oilwatch::api::Quote;
    using oilwatch::api::Result;
    for (int i = 0; i < 2; ++i) {
        std::optional<Result<Quote>> ok;
        stack.client.latest(
            QStringLiteral("WTI_USD"), this, [&ok](const auto& result, const auto&) { ok = result; });
        QTRY_VERIFY(ok.has_value());
        QVERIFY2(ok->ok(), qPrintable(ok->ok() ? QString() : ok->error().describe()));
    }
    std::optional<Result<Quote>> refused;
    oilwatch::api::FetchInfo info;
    const quint64 before = m_server->requestCount();
    stack.client.latest(QStringLiteral("WTI_USD"), this, [&](const auto& result, const auto& i) {
        refused = result;
        info = i;
    });
    QTRY_VERIFY(refused.has_value());
    QVERIFY(!refused->ok());
    const oilwatch::api::ApiError& error = refused->error();
    QCOMPARE(error.kind, oilwatch::api::ErrorKind::RateLimited);
    QCOMPARE(error.httpStatus, 429);
    QVERIFY(error.rateLimit.quotaExhausted());
    QVERIFY(!error.isRetryable());
    QCOMPARE(error.code, QStringLiteral("DAILY_QUOTA_EXCEEDED"));
    QCOMPARE(error.exitCode(), 4);
    QCOMPARE(m_server->requestCount() - before, quint64(1)); // one attempt: a spent quota is not retried
}

// Pipelined repeats of one request are answered by renewing the first answer (RepeatedAnswer); the renewal
// must stop where the quota does.
void TestSimServer::quotaRefusesPipelinedRepeats()
{
    SharedClock clock; // still: the answers would all be repeats
    SimOptions options;
    options.clock = &clock;
    options.dailyQuota = 2;
    m_server = std::make_unique<SimServer>(options);
    QVERIFY(m_server->start());
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write(getRequest(kLatest) + getRequest(kLatest) + getRequest(kLatest) + getRequest(kLatest));
    const QList<RawResponse> responses = readResponses(socket, 4);
    QCOMPARE(responses.size(), 4);
    QCOMPARE(responses[0].status, 200);
    QCOMPARE(responses[1].status, 200);
    QCOMPARE(responses[1].header("X-RateLimit-Remaining"), QByteArray("0"));
    for (int i : {2, 3}) {
        QCOMPARE(responses[i].status, 429);
        QCOMPARE(responses[i].header("X-RateLimit-State"), QByteArray("exhausted"));
        QCOMPARE(responses[i].header("X-RateLimit-Window"), QByteArray("daily_counter"));
        QCOMPARE(responses[i].json()["error"].toObject()["code"].toString(),
            QStringLiteral("DAILY_QUOTA_EXCEEDED"));
    }
}

void TestSimServer::startsHealthy()
{
    QCOMPARE(m_server->faultProfile().name, QStringLiteral("healthy"));
    QVERIFY(m_server->faultProfile().isHealthy());
    const auto stats = m_server->stats();
    QCOMPARE(stats.profile, QStringLiteral("healthy"));
    QCOMPARE(stats.requestsTotal, quint64(0));
    QCOMPARE(stats.maxInFlight, qint64(0));
}

void TestSimServer::hangNeverAnswers()
{
    m_server->setFaultProfile(*FaultProfile::builtin(u"hang"));
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write(getRequest(kLatest));
    QTRY_COMPARE(m_server->stats().inFlight, qint64(1)); // the request was read
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!socket.waitForReadyRead(400));
    QVERIFY(timer.elapsed() >= 350);
    QCOMPARE(socket.bytesAvailable(), qint64(0));
    QCOMPARE(socket.state(), QAbstractSocket::ConnectedState);
    QCOMPARE(m_server->stats().inFlight, qint64(1));
    socket.abort();
    QTRY_COMPARE(m_server->stats().inFlight, qint64(0)); // a dead connection takes its request with it
    QCOMPARE(m_server->stats().requestsTotal, quint64(1));
}

void TestSimServer::maxInFlightCountsOpenHangs()
{
    m_server->setFaultProfile(*FaultProfile::builtin(u"hang"));
    constexpr int kOpen = 6;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < kOpen; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        QVERIFY(connectRaw(*sockets.back()));
        sockets.back()->write(getRequest(kLatest));
        sockets.back()->flush();
    }
    QTRY_COMPARE(m_server->stats().inFlight, qint64(kOpen));
    QCOMPARE(m_server->stats().maxInFlight, qint64(kOpen));

    const RawResponse stats = exchange(controlRequest("GET", "/_sim/stats"));
    QCOMPARE(stats.status, 200);
    QCOMPARE(stats.json()["in_flight"].toInt(), kOpen);
    QCOMPARE(stats.json()["max_in_flight"].toInt(), kOpen);
    QCOMPARE(stats.json()["profile"].toString(), QStringLiteral("hang"));
    QCOMPARE(stats.json()["requests_total"].toInt(), kOpen);

    sockets.clear();
    QTRY_COMPARE(m_server->stats().inFlight, qint64(0));
    QCOMPARE(m_server->stats().maxInFlight, qint64(kOpen)); // a maximum stays until reset
}

void TestSimServer::latencyHoldsRequestsInFlight()
{
    FaultProfile profile;
    profile.name = QStringLiteral("slow");
    profile.latency.kind = oilwatch::sim::LatencyKind::Fixed;
    profile.latency.fixedMs = 400;
    m_server->setFaultProfile(profile);
    constexpr int kClients = 12;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < kClients; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        QVERIFY(connectRaw(*sockets.back()));
    }
    QElapsedTimer timer;
    timer.start();
    for (auto& socket : sockets) {
        socket->write(getRequest(kLatest));
        socket->flush();
    }
    for (auto& socket : sockets) {
        const auto responses = readResponses(*socket, 1);
        QCOMPARE(responses.size(), 1);
        QCOMPARE(responses.first().status, 200);
    }
    QVERIFY(timer.elapsed() >= 400);
    QTRY_COMPARE(m_server->stats().inFlight, qint64(0));
    QCOMPARE(m_server->stats().maxInFlight, qint64(kClients)); // all were held at once
    QCOMPARE(m_server->stats().requestsTotal, quint64(kClients));
}

void TestSimServer::countsExactlyUnderConcurrency()
{
    constexpr int kClients = 8;
    constexpr int kEach = 50;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < kClients; ++i) {
        sockets.push_back(std::make_unique<QTcpSocket>());
        QVERIFY(connectRaw(*sockets.back()));
        QByteArray burst;
        for (int j = 0; j < kEach; ++j)
            burst += getRequest(j % 5 == 0 ? QByteArray("/v1/commodities") : kLatest);
        sockets.back()->write(burst);
    }
    for (auto& socket : sockets)
        QCOMPARE(readResponses(*socket, kEach).size(), kEach);
    const auto stats = m_server->stats();
    QCOMPARE(stats.requestsTotal, quint64(kClients * kEach));
    QCOMPARE(stats.requestsByPath.at("/v1/prices/latest"), quint64(kClients * kEach * 4 / 5));
    QCOMPARE(stats.requestsByPath.at("/v1/commodities"), quint64(kClients * kEach / 5));
    QCOMPARE(stats.requestsByPath.size(), size_t(2));
    QVERIFY(stats.maxInFlight >= 1 && stats.maxInFlight <= kClients * kEach);
    QTRY_COMPARE(m_server->stats().inFlight, qint64(0));
    QCOMPARE(m_server->requestCount(), quint64(kClients * kEach));
}

void TestSimServer::slowBodyTrickles()
{
    FaultRule rule = ruleOf(FaultKind::SlowBody);
    rule.chunkBytes = 32;
    rule.intervalMs = 40;
    m_server->setFaultProfile(profileWith(rule));
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QElapsedTimer timer;
    timer.start();
    socket.write(getRequest(kLatest));
    QByteArray buffer;
    int reads = 0;
    std::optional<RawResponse> response;
    qint64 headAtMs = -1;
    while (!response && timer.elapsed() < 10'000) {
        if (!socket.waitForReadyRead(5000))
            break;
        buffer += socket.readAll();
        ++reads;
        if (headAtMs < 0 && buffer.contains("\r\n\r\n"))
            headAtMs = timer.elapsed();
        response = takeResponse(buffer);
    }
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->json()["data"].toObject()["code"].toString(), QStringLiteral("WTI_USD"));
    const qsizetype chunks = (response->body.size() + rule.chunkBytes - 1) / rule.chunkBytes;
    QVERIFY2(chunks >= 5, qPrintable(QString::number(chunks)));
    QVERIFY2(reads >= 4, qPrintable(QString::number(reads)));
    // The head comes at once; the body's chunks follow one interval apart.
    QVERIFY(headAtMs < 5 * rule.intervalMs);
    QVERIFY2(timer.elapsed() >= (chunks - 1) * rule.intervalMs, qPrintable(QString::number(timer.elapsed())));
    QTRY_COMPARE(m_server->stats().inFlight, qint64(0));
}

void TestSimServer::resetCutsTheBody()
{
    FaultRule rule = ruleOf(FaultKind::Reset);
    rule.afterBytes = 20;
    m_server->setFaultProfile(profileWith(rule));

    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    socket.write(getRequest(kLatest));
    QByteArray received;
    while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(5000))
        received += socket.readAll();
    received += socket.readAll();
    QVERIFY(disconnected.count() > 0 || disconnected.wait(5000));
    QCOMPARE(socket.error(), QAbstractSocket::RemoteHostClosedError);
    const qsizetype headEnd = received.indexOf("\r\n\r\n");
    QVERIFY2(headEnd > 0, received.constData());
    QVERIFY(received.startsWith("HTTP/1.1 200"));
    QCOMPARE(received.size() - headEnd - 4, qsizetype(20)); // exactly the bytes before the reset
    QVERIFY(takeResponse(received) == std::nullopt); // shorter than its Content-Length
    QTRY_COMPARE(m_server->stats().inFlight, qint64(0));

#ifdef Q_OS_UNIX
    const ConnectionEnd end = sendAndReadToEnd(m_server->port(), getRequest(kLatest));
    QCOMPARE(end.error, ECONNRESET); // RST, not FIN
    QVERIFY(end.received.startsWith("HTTP/1.1 200"));
#endif
}

void TestSimServer::closeBeforeAnswering()
{
    m_server->setFaultProfile(profileWith(ruleOf(FaultKind::Close)));
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    socket.write(getRequest(kLatest));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(socket.readAll(), QByteArray());
    QTRY_COMPARE(m_server->stats().inFlight, qint64(0));
    QCOMPARE(m_server->stats().requestsTotal, quint64(1));
#ifdef Q_OS_UNIX
    const ConnectionEnd end = sendAndReadToEnd(m_server->port(), getRequest(kLatest));
    QCOMPARE(end.error, 0); // an orderly FIN
    QCOMPARE(end.received, QByteArray());
#endif
}

void TestSimServer::bodyFaults_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addRow("empty") << int(FaultKind::EmptyBody) << 500;
    QTest::addRow("malformed") << int(FaultKind::MalformedJson) << 500;
    QTest::addRow("truncated") << int(FaultKind::TruncatedJson) << 500;
    QTest::addRow("price string") << int(FaultKind::PriceString) << 500;
    QTest::addRow("price null") << int(FaultKind::PriceNull) << 500;
    QTest::addRow("huge") << int(FaultKind::HugeBody) << 500;
    QTest::addRow("spike") << int(FaultKind::Spike) << 500;
    QTest::addRow("zero price") << int(FaultKind::ZeroPrice) << 500;
    QTest::addRow("negative price") << int(FaultKind::NegativePrice) << 500;
    QTest::addRow("future created_at") << int(FaultKind::FutureCreatedAt) << 500;
    QTest::addRow("stale created_at") << int(FaultKind::StaleCreatedAt) << 500;
    QTest::addRow("wrong unit") << int(FaultKind::WrongUnit) << 500;
    QTest::addRow("wrong currency") << int(FaultKind::WrongCurrency) << 500;
    QTest::addRow("502 html") << int(FaultKind::Status) << 502;
    QTest::addRow("504") << int(FaultKind::Status) << 504;
}

// Not a slot: QtTest would run it as a test of its own.
static void checkBadData(FaultKind kind, const QJsonObject& data)
{
    // WTI trades around 71 in the simulator; its healthy answer is USD per barrel, created about now.
    const double price = data["price"].toDouble();
    const QDateTime createdAt = QDateTime::fromString(data["created_at"].toString(), Qt::ISODateWithMs);
    const qint64 aheadSec = QDateTime::currentDateTimeUtc().secsTo(createdAt);
    QCOMPARE(data["code"].toString(), QStringLiteral("WTI_USD"));
    QCOMPARE(price > 300, kind == FaultKind::Spike); // ten times
    QCOMPARE(price == 0, kind == FaultKind::ZeroPrice);
    QCOMPARE(price < 0, kind == FaultKind::NegativePrice);
    QCOMPARE(aheadSec > 3000, kind == FaultKind::FutureCreatedAt); // an hour ahead
    QCOMPARE(aheadSec < -29 * 86'400, kind == FaultKind::StaleCreatedAt); // thirty days back
    QCOMPARE(data["unit"].toString() == u"gallon", kind == FaultKind::WrongUnit);
    QCOMPARE(data["currency"].toString() == u"EUR", kind == FaultKind::WrongCurrency);
}

void TestSimServer::bodyFaults()
{
    QFETCH(int, kind);
    QFETCH(int, status);
    FaultRule rule = ruleOf(FaultKind(kind));
    rule.status = status;
    m_server->setFaultProfile(profileWith(rule));
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write(getRequest(kLatest));
    const auto responses = readResponses(socket, 1, 20'000);
    QCOMPARE(responses.size(), 1);
    const RawResponse& response = responses.first();
    QJsonParseError error {};
    const QJsonObject body = QJsonDocument::fromJson(response.body, &error).object();
    switch (FaultKind(kind)) {
    case FaultKind::EmptyBody:
        QCOMPARE(response.status, 200);
        QCOMPARE(response.header("Content-Length"), QByteArray("0"));
        break;
    case FaultKind::MalformedJson:
    case FaultKind::TruncatedJson:
        QCOMPARE(response.status, 200);
        QVERIFY(response.body.startsWith("{\"status\":\"success\""));
        QVERIFY(error.error != QJsonParseError::NoError);
        break;
    case FaultKind::PriceString:
        QVERIFY(body["data"].toObject()["price"].isString());
        break;
    case FaultKind::PriceNull:
        QVERIFY(body["data"].toObject()["price"].isNull());
        QVERIFY(body["data"].toObject().contains(QStringLiteral("price")));
        break;
    case FaultKind::HugeBody:
        QCOMPARE(response.body.size(), qsizetype(8 * 1024 * 1024));
        QCOMPARE(body["data"].toObject()["code"].toString(), QStringLiteral("WTI_USD"));
        break;
    case FaultKind::Spike:
    case FaultKind::ZeroPrice:
    case FaultKind::NegativePrice:
    case FaultKind::FutureCreatedAt:
    case FaultKind::StaleCreatedAt:
    case FaultKind::WrongUnit:
    case FaultKind::WrongCurrency:
        QCOMPARE(response.status, 200);
        checkBadData(FaultKind(kind), body["data"].toObject());
        break;
    default:
        QCOMPARE(response.status, status);
        if (status == 502)
            QVERIFY(response.header("Content-Type").startsWith("text/html"));
        else
            QCOMPARE(body["error"].toObject()["code"].toString(), QStringLiteral("GATEWAY_TIMEOUT"));
        break;
    }
    // The connection stays usable after a body-level fault.
    m_server->setFaultProfile(*FaultProfile::builtin(u"healthy"));
    socket.write(getRequest(kLatest));
    QCOMPARE(readResponses(socket, 1).value(0).status, 200);
}

void TestSimServer::rateLimitForms()
{
    m_server->setFaultProfile(*FaultProfile::builtin(u"quota"));
    const RawResponse quota = exchange(getRequest(kLatest));
    QCOMPARE(quota.status, 429);
    QCOMPARE(quota.header("X-RateLimit-State"), QByteArray("exhausted"));
    QCOMPARE(quota.header("X-RateLimit-Window"), QByteArray("daily_counter"));
    const qint64 untilMidnight = 86'400 - QDateTime::currentSecsSinceEpoch() % 86'400;
    const qint64 drift = (quota.header("Retry-After").toLongLong() - untilMidnight + 86'400) % 86'400;
    QVERIFY2(drift <= 2 || drift >= 86'398, quota.header("Retry-After").constData()); // midnight may pass
    QVERIFY(quota.header("Retry-After").toLongLong() >= 1);

    FaultRule burst = ruleOf(FaultKind::RateLimit);
    burst.retryAfterSec = 9;
    m_server->setFaultProfile(profileWith(burst));
    const RawResponse limited = exchange(getRequest(kLatest));
    QCOMPARE(limited.status, 429);
    QCOMPARE(limited.header("Retry-After"), QByteArray("9"));
    QCOMPARE(limited.header("X-RateLimit-Window"), QByteArray("hourly_circuit_breaker"));
}

void TestSimServer::ratesAreDeterministicForASeed()
{
    FaultRule rule = ruleOf(FaultKind::Status, 0.2);
    FaultProfile profile = profileWith(rule);
    profile.seed = 11;
    auto statuses = [this, &profile] {
        m_server->setFaultProfile(profile); // a switch reseeds
        QTcpSocket socket;
        QList<int> out;
        if (!connectRaw(socket))
            return out;
        QByteArray burst;
        for (int i = 0; i < 300; ++i)
            burst += getRequest(kLatest);
        socket.write(burst);
        for (const RawResponse& response : readResponses(socket, 300))
            out.append(response.status);
        return out;
    };
    const QList<int> first = statuses();
    QCOMPARE(first.size(), 300);
    const auto failures = first.count(500);
    QVERIFY2(failures >= 35 && failures <= 85, qPrintable(QString::number(failures)));
    QCOMPARE(first.count(200) + failures, 300);
    QCOMPARE(statuses(), first);
}

void TestSimServer::outageFollowsTheInjectedClock()
{
    SharedClock clock;
    SimOptions options;
    options.clock = &clock;
    m_server = std::make_unique<SimServer>(options);
    QVERIFY(m_server->start());
    clock.advanceMs(7000); // the window starts when the profile is set
    m_server->setFaultProfile(*FaultProfile::builtin(u"outage"));

    RawResponse response = exchange(getRequest(kLatest));
    QCOMPARE(response.status, 503);
    QCOMPARE(response.header("Retry-After"), QByteArray("20"));
    clock.advanceMs(19'000);
    response = exchange(getRequest(kLatest));
    QCOMPARE(response.status, 503);
    QCOMPARE(response.header("Retry-After"), QByteArray("1"));
    clock.advanceMs(1000);
    QCOMPARE(exchange(getRequest(kLatest)).status, 200);
    clock.advanceMs(19'999);
    QCOMPARE(exchange(getRequest(kLatest)).status, 200);
    clock.advanceMs(1);
    QCOMPARE(exchange(getRequest(kLatest)).status, 503);
    // Prices and the quota day follow the same clock.
    QCOMPARE(exchange(getRequest("/v1/commodities")).header("X-RateLimit-Reset"), QByteArray("1767312000"));
}

void TestSimServer::outageCanReset()
{
    SharedClock clock;
    SimOptions options;
    options.clock = &clock;
    m_server = std::make_unique<SimServer>(options);
    QVERIFY(m_server->start());
    FaultProfile profile;
    profile.name = QStringLiteral("blackout");
    profile.outage = {5, 5, false, OutageMode::Reset};
    m_server->setFaultProfile(profile);

    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QSignalSpy disconnected(&socket, &QTcpSocket::disconnected);
    socket.write(getRequest(kLatest));
    QVERIFY(disconnected.wait(5000));
    QCOMPARE(socket.readAll(), QByteArray());
#ifdef Q_OS_UNIX
    QCOMPARE(sendAndReadToEnd(m_server->port(), getRequest(kLatest)).error, ECONNRESET);
#endif
    clock.advanceMs(5000);
    QCOMPARE(exchange(getRequest(kLatest)).status, 200);
    clock.advanceMs(3'600'000); // one-shot: up for good
    QCOMPARE(exchange(getRequest(kLatest)).status, 200);
}

void TestSimServer::stallsOnceThenAnswersAtOnce()
{
    FaultSettings faults;
    faults.stallOnceMs = 400;
    m_server->setFaults(faults);
    QTcpSocket first;
    QTcpSocket second;
    QVERIFY(connectRaw(first));
    QVERIFY(connectRaw(second));
    QElapsedTimer timer;
    timer.start();
    first.write(getRequest("/v1/prices/latest?by_code=WTI_USD"));
    QTRY_COMPARE(m_server->requestCount(), quint64(1)); // the stall has begun
    second.write(getRequest("/v1/prices/latest?by_code=WTI_USD"));
    // The second request, sent during the stall, waits for its end too.
    QCOMPARE(readResponses(second, 1).size(), 1);
    QVERIFY2(timer.elapsed() >= 400, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(readResponses(first, 1).size(), 1);

    // Once: the next request is answered at once.
    timer.restart();
    first.write(getRequest("/v1/prices/latest?by_code=WTI_USD"));
    QCOMPARE(readResponses(first, 1).size(), 1);
    QVERIFY2(timer.elapsed() < 300, qPrintable(QString::number(timer.elapsed())));
}

void TestSimServer::profileLatencyAddsToLegacyLatency()
{
    FaultSettings faults;
    faults.latencyMs = 150;
    faults.forcedStatus = 503;
    m_server->setFaults(faults);
    FaultProfile profile;
    profile.latency.kind = oilwatch::sim::LatencyKind::Fixed;
    profile.latency.fixedMs = 150;
    m_server->setFaultProfile(profile);
    QElapsedTimer timer;
    timer.start();
    const RawResponse response = exchange(getRequest(kLatest));
    QVERIFY2(timer.elapsed() >= 300, qPrintable(QString::number(timer.elapsed())));
    QCOMPARE(response.status, 503); // --status keeps working beside a profile
}

void TestSimServer::controlStatsCountsByPath()
{
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    socket.write(getRequest(kLatest) + getRequest("/v1/prices/latest?by_code=GOLD_USD")
        + getRequest("/v1/commodities") + getRequest("/nowhere"));
    QCOMPARE(readResponses(socket, 4).size(), 4);
    // Asked after the answers arrived: the server wrote them all out, so nothing is in flight.
    socket.write("GET /_sim/stats HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto responses = readResponses(socket, 1);
    QCOMPARE(responses.size(), 1);
    const RawResponse& stats = responses.last();
    QCOMPARE(stats.status, 200);
    QVERIFY(stats.header("Content-Type").startsWith("application/json"));
    const QJsonObject json = stats.json();
    QCOMPARE(json["requests_total"].toInt(), 4); // control requests are not counted
    const QJsonObject byPath = json["requests_by_path"].toObject();
    QCOMPARE(byPath["/v1/prices/latest"].toInt(), 2);
    QCOMPARE(byPath["/v1/commodities"].toInt(), 1);
    QCOMPARE(byPath["/nowhere"].toInt(), 1);
    QCOMPARE(byPath.size(), 3);
    QCOMPARE(json["in_flight"].toInt(), 0);
    QVERIFY(json["max_in_flight"].toInt() >= 1);
    QCOMPARE(json["profile"].toString(), QStringLiteral("healthy"));
    QCOMPARE(m_server->stats().requestsByPath.at("/nowhere"), quint64(1));
}

void TestSimServer::controlSwitchesProfile()
{
    RawResponse response = exchange(controlRequest("POST", "/_sim/profile?name=outage"));
    QCOMPARE(response.status, 200);
    QCOMPARE(response.json()["name"].toString(), QStringLiteral("outage"));
    QCOMPARE(m_server->faultProfile(), *FaultProfile::builtin(u"outage"));
    QCOMPARE(exchange(getRequest(kLatest)).status, 503);

    const QByteArray custom = R"({"name":"teapot","faults":[{"kind":"status","status":418}]})";
    response = exchange(controlRequest("POST", "/_sim/profile", custom));
    QCOMPARE(response.status, 200);
    QCOMPARE(m_server->faultProfile().name, QStringLiteral("teapot"));
    QCOMPARE(exchange(getRequest(kLatest)).status, 418);
    QCOMPARE(exchange(controlRequest("GET", "/_sim/stats")).json()["profile"].toString(),
        QStringLiteral("teapot"));
    QCOMPARE(
        exchange(controlRequest("GET", "/_sim/profile")).json()["name"].toString(), QStringLiteral("teapot"));

    QCOMPARE(exchange(controlRequest("POST", "/_sim/profile?name=healthy")).status, 200);
    QCOMPARE(exchange(getRequest(kLatest)).status, 200);
}

void TestSimServer::controlRejectsBadProfiles()
{
    m_server->setFaultProfile(*FaultProfile::builtin(u"flaky"));
    RawResponse response = exchange(controlRequest("POST", "/_sim/profile?name=nope"));
    QCOMPARE(response.status, 400);
    QVERIFY(response.json()["error"].toObject()["message"].toString().contains(QStringLiteral("chaos")));
    response = exchange(controlRequest("POST", "/_sim/profile", R"({"faults":[{"kind":"hang","rate":3}]})"));
    QCOMPARE(response.status, 400);
    QCOMPARE(response.json()["error"].toObject()["code"].toString(), QStringLiteral("INVALID_PROFILE"));
    QVERIFY(response.json()["error"].toObject()["message"].toString().startsWith(
        QStringLiteral("faults[0].rate")));
    QCOMPARE(exchange(controlRequest("POST", "/_sim/profile")).status, 400);
    QCOMPARE(m_server->faultProfile().name, QStringLiteral("flaky")); // unchanged
}

void TestSimServer::controlResetsCounters()
{
    m_server->setFaultProfile(*FaultProfile::builtin(u"hang"));
    QTcpSocket hanging;
    QVERIFY(connectRaw(hanging));
    hanging.write(getRequest(kLatest));
    QTRY_COMPARE(m_server->stats().inFlight, qint64(1));
    m_server->setFaultProfile(*FaultProfile::builtin(u"healthy"));
    QCOMPARE(exchange(getRequest(kLatest)).status, 200);
    QTRY_COMPARE(m_server->stats().requestsTotal, quint64(2));

    const RawResponse reset = exchange(controlRequest("POST", "/_sim/reset"));
    QCOMPARE(reset.status, 200);
    QCOMPARE(reset.json()["requests_total"].toInt(), 0);
    QCOMPARE(reset.json()["requests_by_path"].toObject().size(), 0);
    QCOMPARE(reset.json()["in_flight"].toInt(), 1); // what is in flight stays in flight
    QCOMPARE(reset.json()["max_in_flight"].toInt(), 1);
    QCOMPARE(m_server->requestCount(), quint64(2)); // the lifetime count is not a counter one resets

    hanging.abort();
    QTRY_COMPARE(m_server->stats().inFlight, qint64(0));
    m_server->resetStats();
    QCOMPARE(m_server->stats().maxInFlight, qint64(0));
}

void TestSimServer::controlIsNeverFaulted()
{
    m_server->setFaultProfile(*FaultProfile::builtin(u"hang"));
    FaultSettings faults;
    faults.forcedStatus = 500;
    faults.latencyMs = 10'000;
    m_server->setFaults(faults);
    QElapsedTimer timer;
    timer.start();
    const RawResponse response = exchange(controlRequest("GET", "/_sim/stats"));
    QCOMPARE(response.status, 200);
    QVERIFY(timer.elapsed() < 5000);
}

void TestSimServer::controlUnknownEndpointAndMethod()
{
    QCOMPARE(exchange(controlRequest("GET", "/_sim/nope")).status, 404);
    const RawResponse wrongMethod = exchange(controlRequest("GET", "/_sim/reset"));
    QCOMPARE(wrongMethod.status, 405);
    QCOMPARE(wrongMethod.header("Allow"), QByteArray("POST"));
    QCOMPARE(exchange(controlRequest("DELETE", "/_sim/stats")).status, 405);
    QCOMPARE(m_server->stats().requestsTotal, quint64(0));
}

void TestSimServer::busiestWindowCountsABurst()
{
    // Pipelined in one write, the 30 arrive within a few ms, well inside one 100 ms window. /nowhere is not
    // a /v1 request, so it counts in requests_total but not in the window.
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QByteArray burst;
    for (int i = 0; i < 30; ++i)
        burst += getRequest(kLatest);
    socket.write(burst + getRequest("/nowhere"));
    QCOMPARE(readResponses(socket, 31).size(), 31);

    QJsonObject stats = exchange(controlRequest("GET", "/_sim/stats")).json();
    QCOMPARE(stats["busiest_100ms"].toInt(), 30);
    QCOMPARE(stats["requests_total"].toInt(), 31);
    QCOMPARE(m_server->stats().busiest100msRequests, quint64(30));
    const QJsonObject arrivals = exchange(controlRequest("GET", "/_sim/arrivals")).json();
    QCOMPARE(arrivals["count"].toInt(), 30);
    QCOMPARE(arrivals["offsets_ms"].toArray().size(), 30);
    QCOMPARE(arrivals["truncated"].toBool(), false);
    QCOMPARE(m_server->arrivalOffsetsMs().size(), std::size_t(30));

    QCOMPARE(exchange(controlRequest("POST", "/_sim/reset")).json()["busiest_100ms"].toInt(), 0);
    QCOMPARE(exchange(controlRequest("GET", "/_sim/arrivals")).json()["count"].toInt(), 0);

    // The server thread must start its window afresh after the reset, not add to the old one.
    burst.clear();
    for (int i = 0; i < 5; ++i)
        burst += getRequest(kLatest);
    socket.write(burst);
    QCOMPARE(readResponses(socket, 5).size(), 5);
    QCOMPARE(m_server->stats().busiest100msRequests, quint64(5));
    m_server->resetStats();
    QCOMPARE(m_server->stats().busiest100msRequests, quint64(0));
    QVERIFY(m_server->arrivalOffsetsMs().empty());
}

void TestSimServer::busiestWindowSlides()
{
    // Two bursts of 10, far more than 100 ms apart: the busiest window holds one burst, not both, and the
    // log shows the gap.
    QTcpSocket socket;
    QVERIFY(connectRaw(socket));
    QByteArray burst;
    for (int i = 0; i < 10; ++i)
        burst += getRequest(kLatest);
    socket.write(burst);
    QCOMPARE(readResponses(socket, 10).size(), 10);
    QTest::qWait(300);
    socket.write(burst);
    QCOMPARE(readResponses(socket, 10).size(), 10);

    QCOMPARE(m_server->stats().busiest100msRequests, quint64(10));
    const std::vector<quint32> offsets = m_server->arrivalOffsetsMs();
    QCOMPARE(offsets.size(), std::size_t(20));
    QVERIFY(std::is_sorted(offsets.begin(), offsets.end()));
    QVERIFY2(offsets[10] - offsets[9] >= 250, qPrintable(QString::number(offsets[10] - offsets[9])));
}

QTEST_GUILESS_MAIN(TestSimServer)
#include "tst_simserver.moc"
