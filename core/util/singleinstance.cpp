#include "util/singleinstance.h"

#include <QCryptographicHash>
#include <QLocalSocket>
#include <QStandardPaths>

namespace oilwatch::util {

namespace {

const QByteArray kActivate = QByteArrayLiteral("activate\n");
const QByteArray kOk = QByteArrayLiteral("ok\n");
constexpr qsizetype kMaxRequest = 64; // anything longer is not one of ours

} // namespace

QString SingleInstance::defaultName()
{
    // A short hash: Unix socket paths are limited to about 100 bytes, and the folder's path says who
    // the user is.
    const QByteArray folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).toUtf8();
    return QStringLiteral("oilwatch-")
        + QString::fromLatin1(QCryptographicHash::hash(folder, QCryptographicHash::Sha256).toHex().left(16));
}

SingleInstance::SingleInstance(QString name, QObject* parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_server(this) // a child, so that moveToThread() takes the socket along
{
    m_server.setSocketOptions(QLocalServer::UserAccessOption);
    connect(&m_server, &QLocalServer::newConnection, this, &SingleInstance::answer);
}

SingleInstance::Role SingleInstance::claim(std::chrono::milliseconds timeout)
{
    if (askRunningInstance(timeout))
        return Role::Secondary;
    // Nobody answered: whatever is left under the name is a crashed instance's socket.
    QLocalServer::removeServer(m_name);
    if (m_server.listen(m_name))
        return Role::Primary;
    // Two launches at the same moment: the other one listened first.
    if (m_server.serverError() == QAbstractSocket::AddressInUseError && askRunningInstance(timeout))
        return Role::Secondary;
    m_error = m_server.errorString();
    return Role::Alone;
}

bool SingleInstance::askRunningInstance(std::chrono::milliseconds timeout)
{
    QLocalSocket socket;
    socket.connectToServer(m_name);
    const int ms = static_cast<int>(timeout.count());
    if (!socket.waitForConnected(ms))
        return false;
    socket.write(kActivate);
    if (!socket.waitForBytesWritten(ms))
        return false;
    QByteArray reply;
    while (!reply.endsWith('\n') && reply.size() < kMaxRequest && socket.waitForReadyRead(ms))
        reply += socket.readAll();
    return reply == kOk;
}

void SingleInstance::answer()
{
    while (QLocalSocket* socket = m_server.nextPendingConnection()) {
        connect(socket, &QLocalSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QLocalSocket::readyRead, this, [this, socket] {
            if (!socket->canReadLine()) {
                if (socket->bytesAvailable() > kMaxRequest)
                    socket->abort();
                return;
            }
            if (socket->readLine(kMaxRequest) == kActivate) {
                socket->write(kOk);
                socket->flush();
                Q_EMIT activationRequested();
            }
            socket->disconnectFromServer();
        });
    }
}

} // namespace oilwatch::util
