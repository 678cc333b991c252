// The first SingleInstance listens; a second one with the same name reaches it, makes it emit
// activationRequested and learns it should exit; a dead instance's socket does not block a new start.
#include "util/singleinstance.h"

#include <atomic>

#include <QDir>
#include <QFile>
#include <QLocalSocket>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QUuid>

using oilwatch::util::SingleInstance;

namespace {

QString uniqueName()
{
    return QStringLiteral("oilwatch-test-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
}

// The first instance lives and answers on its own thread's event loop, as it does in the running app while
// the second launch blocks in claim().
struct PrimaryOnThread
{
    explicit PrimaryOnThread(const QString& name)
    {
        thread.start();
        context.moveToThread(&thread);
        QMetaObject::invokeMethod(
            &context,
            [this, name] {
                instance = new SingleInstance(name);
                role = instance->claim();
                QObject::connect(
                    instance, &SingleInstance::activationRequested, instance, [this] { ++activations; },
                    Qt::DirectConnection);
            },
            Qt::BlockingQueuedConnection);
    }
    ~PrimaryOnThread()
    {
        QMetaObject::invokeMethod(
            &context, [this] { delete instance; }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
    }
    QThread thread;
    QObject context;
    SingleInstance* instance = nullptr;
    SingleInstance::Role role = SingleInstance::Role::Alone;
    std::atomic<int> activations {0};
};

} // namespace

class TestSingleInstance : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void theFirstListensTheSecondActivatesIt()
    {
        const QString name = uniqueName();
        PrimaryOnThread first(name);
        QCOMPARE(first.role, SingleInstance::Role::Primary);

        SingleInstance second(name);
        QCOMPARE(second.claim(), SingleInstance::Role::Secondary);
        QTRY_COMPARE(first.activations.load(), 1);

        SingleInstance third(name);
        QCOMPARE(third.claim(), SingleInstance::Role::Secondary);
        QTRY_COMPARE(first.activations.load(), 2);
    }

    void aCrashedInstancesSocketIsTakenOver()
    {
        // A crash leaves the socket file behind with nobody listening on it.
        const QString name = uniqueName();
        {
            SingleInstance crashed(name);
            QCOMPARE(crashed.claim(), SingleInstance::Role::Primary);
        }
        QFile leftover(QDir::tempPath() + QLatin1Char('/') + name);
        QVERIFY(leftover.open(QIODevice::WriteOnly));
        leftover.close();

        SingleInstance next(name);
        QCOMPARE(next.claim(SingleInstance::kDefaultTimeout), SingleInstance::Role::Primary);
        QVERIFY(next.error().isEmpty());
    }

    void aStrangerIsNotAnInstance()
    {
        // Something else listening under the name that never answers "ok" is not taken for a running
        // OilWatch: the launch does not exit silently because of it.
        const QString name = uniqueName();
        QLocalServer stranger;
        QVERIFY(stranger.listen(name));
        SingleInstance launch(name);
        const SingleInstance::Role role = launch.claim(std::chrono::milliseconds {200});
        QVERIFY(role != SingleInstance::Role::Secondary);
    }

    void aGarbageRequestIsDropped()
    {
        const QString name = uniqueName();
        PrimaryOnThread first(name);
        QLocalSocket socket;
        socket.connectToServer(name);
        QVERIFY(socket.waitForConnected(3000));
        socket.write(QByteArray(1000, 'x'));
        QVERIFY(socket.waitForBytesWritten(3000));
        QTRY_COMPARE(socket.state(), QLocalSocket::UnconnectedState);
        QCOMPARE(first.activations.load(), 0);
    }

    void theDefaultNameIsShortAndPerFolder()
    {
        const QString name = SingleInstance::defaultName();
        QVERIFY(name.startsWith(QLatin1String("oilwatch-")));
        QVERIFY(name.size() < 40);
    }
};

QTEST_GUILESS_MAIN(TestSingleInstance)
#include "tst_singleinstance.moc"
