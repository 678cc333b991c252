// The yardstick for `oilwatch sim` (sim_throughput.sh): the least an HTTP/1.1 keep-alive server built on
// QTcpServer does per request, on one thread. It answers every request (any method, any path) with the same
// 200 response whose body is --body-bytes long, so the script can size it like the simulator's answer. Its
// requests per CPU-second are the ceiling the simulator's own per-request code is measured against.
// Listens on 127.0.0.1 only. Requests must not carry a body (wrk's GETs do not).

#include <algorithm>
#include <cstdio>
#include <memory>

#include <QByteArray>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace {

QByteArray cannedResponse(qsizetype bodyBytes)
{
    QByteArray body(bodyBytes, 'x');
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Counts the requests in a byte stream by their terminating empty line; the tail of one read is kept so a
// terminator split across two reads still counts once.
class RequestCounter
{
public:
    int feed(const QByteArray& bytes)
    {
        m_carry.append(bytes);
        int requests = 0;
        qsizetype from = 0;
        while (true) {
            const qsizetype end = m_carry.indexOf("\r\n\r\n", from);
            if (end < 0)
                break;
            ++requests;
            from = end + 4;
        }
        m_carry.remove(0, std::max(from, m_carry.size() - 3));
        return requests;
    }

private:
    QByteArray m_carry;
};

void serve(QTcpSocket* socket, const QByteArray& response)
{
    auto counter = std::make_shared<RequestCounter>();
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, counter, response] {
        const int requests = counter->feed(socket->readAll());
        for (int i = 0; i < requests; ++i)
            socket->write(response);
    });
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Minimal keep-alive HTTP server: the simulator's yardstick"));
    parser.addHelpOption();
    const QCommandLineOption portOption(QStringLiteral("port"), QStringLiteral("Port (0: any free one)."),
        QStringLiteral("port"), QStringLiteral("0"));
    const QCommandLineOption bodyOption(QStringLiteral("body-bytes"),
        QStringLiteral("Length of the fixed response body."), QStringLiteral("bytes"), QStringLiteral("400"));
    parser.addOption(portOption);
    parser.addOption(bodyOption);
    parser.process(app);

    bool portOk = false;
    bool bodyOk = false;
    const uint port = parser.value(portOption).toUInt(&portOk);
    const qsizetype bodyBytes = parser.value(bodyOption).toLongLong(&bodyOk);
    if (!portOk || port > 65535 || !bodyOk || bodyBytes < 0 || bodyBytes > 1024 * 1024) {
        std::fprintf(stderr, "bench_sim_reference: bad --port or --body-bytes\n");
        return 2;
    }

    QTcpServer server;
    const QByteArray response = cannedResponse(bodyBytes);
    QObject::connect(&server, &QTcpServer::newConnection, &server, [&server, &response] {
        while (QTcpSocket* socket = server.nextPendingConnection())
            serve(socket, response);
    });
    if (!server.listen(QHostAddress::LocalHost, quint16(port))) {
        std::fprintf(stderr, "bench_sim_reference: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    // The same first line as `oilwatch sim`, so the script finds the port the same way.
    std::printf("listening on 127.0.0.1:%u\n", unsigned(server.serverPort()));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
