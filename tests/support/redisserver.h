#pragma once

// A real redis-server for the tests of the shared cache: they fail (never skip) when it is missing, because
// the shared cache is part of the product.
#include <csignal>
#include <memory>

#include <QDeadlineTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>

namespace oilwatch::testing {

// A real redis-server on a free loopback port, with no persistence, in its own temporary directory.
class RedisServer
{
public:
    static constexpr int kStartStopMs = 5'000;

    ~RedisServer() { stop(); }

    // Starts on `port` (0: a free one) and returns once the server accepts connections. On failure, error()
    // says why.
    bool start(quint16 port = 0, const QByteArray& password = {})
    {
        const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
        if (program.isEmpty()) {
            m_error = QStringLiteral("redis-server is not installed; install the build dependencies "
                                     "(packaging/debian-build-deps.txt, ./dev.sh)");
            return false;
        }
        if (port == 0) {
            QTcpServer probe;
            if (!probe.listen(QHostAddress::LocalHost, 0)) {
                m_error = QStringLiteral("no free port: %1").arg(probe.errorString());
                return false;
            }
            port = probe.serverPort();
        }
        m_port = port;
        QStringList args {QStringLiteral("--port"), QString::number(port), QStringLiteral("--save"),
            QString(), QStringLiteral("--appendonly"), QStringLiteral("no"), QStringLiteral("--bind"),
            QStringLiteral("127.0.0.1"), QStringLiteral("--dir"), m_dir.path()};
        if (!password.isEmpty())
            args << QStringLiteral("--requirepass") << QString::fromUtf8(password);
        m_process = std::make_unique<QProcess>();
        m_process->setProcessChannelMode(QProcess::MergedChannels);
        m_process->start(program, args);
        if (!m_process->waitForStarted(kStartStopMs)) {
            m_error = QStringLiteral("redis-server did not start: %1").arg(m_process->errorString());
            return false;
        }
        QByteArray output;
        const QDeadlineTimer deadline(kStartStopMs);
        while (!output.contains("Ready to accept connections")) {
            if (m_process->state() != QProcess::Running || deadline.hasExpired()) {
                m_error = QStringLiteral("redis-server is not ready: %1").arg(QString::fromUtf8(output));
                return false;
            }
            m_process->waitForReadyRead(100);
            output += m_process->readAll();
        }
        return true;
    }

    void stop()
    {
        if (!m_process)
            return;
        m_process->terminate();
        if (!m_process->waitForFinished(kStartStopMs))
            m_process->kill();
        m_process->waitForFinished(kStartStopMs);
        m_process.reset();
    }

    // SIGSTOP / SIGCONT: a server that keeps its sockets open but never answers.
    void freeze(bool frozen)
    {
        ::kill(static_cast<pid_t>(m_process->processId()), frozen ? SIGSTOP : SIGCONT);
    }

    quint16 port() const { return m_port; }
    QString url(const QByteArray& password = {}) const
    {
        const QString auth
            = password.isEmpty() ? QString() : QStringLiteral(":%1@").arg(QString::fromUtf8(password));
        return QStringLiteral("redis://") + auth + QStringLiteral("127.0.0.1:") + QString::number(m_port);
    }
    QString error() const { return m_error; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace oilwatch::testing
