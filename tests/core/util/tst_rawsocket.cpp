#include "util/rawsocket.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#ifndef Q_OS_WIN
#include <sys/socket.h>
#endif

using namespace oilwatch;

// A real connection on loopback: the client end and the end the server accepted.
class TestRawSocket : public QObject
{
    Q_OBJECT

private:
    QTcpServer m_server;
    QTcpSocket m_client;
    QTcpSocket* m_accepted = nullptr;

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_server.listen(QHostAddress::LocalHost));
        m_client.connectToHost(QHostAddress::LocalHost, m_server.serverPort());
        QVERIFY(m_client.waitForConnected(2000));
        QVERIFY(m_server.waitForNewConnection(2000));
        m_accepted = m_server.nextPendingConnection();
    }

    void cleanup()
    {
        m_client.abort();
        delete m_accepted;
        m_server.close();
    }

    void sendDirectReachesThePeerOrDefersToQt()
    {
        const QByteArray text = "hello";
        const qint64 sent = util::sendDirect(m_accepted->socketDescriptor(), text.constData(), text.size());
        QVERIFY(sent == 0 || sent == text.size());
        if (sent < text.size())
            m_accepted->write(text.mid(int(sent)));
        QTRY_COMPARE(m_client.bytesAvailable(), qint64(text.size()));
        QCOMPARE(m_client.readAll(), text);
    }

    void resetOnCloseSetsAZeroLinger()
    {
        QVERIFY(util::resetOnClose(m_accepted->socketDescriptor()));
#ifndef Q_OS_WIN
        linger value {};
        socklen_t length = sizeof value;
        QCOMPARE(
            ::getsockopt(int(m_accepted->socketDescriptor()), SOL_SOCKET, SO_LINGER, &value, &length), 0);
        QCOMPARE(value.l_onoff, 1);
        QCOMPARE(value.l_linger, 0);
#endif
        m_accepted->abort();
        // The peer learns of it as an error, not as a read of zero bytes at the end of the stream.
        QTRY_COMPARE(m_client.state(), QAbstractSocket::UnconnectedState);
    }
};

QTEST_GUILESS_MAIN(TestRawSocket)
#include "tst_rawsocket.moc"
