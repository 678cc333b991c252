// The in-memory SecretStore (the test fake and the session-only store): asynchronous like a keychain,
// failing on demand, and the CLI's wait helpers around it.
#include "secrets/secretstore.h"

#include <QSignalSpy>
#include <QTest>

using namespace oilwatch::secrets;

class TestSecretStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answersLaterNeverInsideTheCall()
    {
        MemorySecretStore store;
        bool called = false;
        store.read(kApiKeyName, this, [&](const SecretReadResult&) { called = true; });
        QVERIFY(!called);
        QTRY_VERIFY(called);
    }

    void writeReadRemove()
    {
        MemorySecretStore store;
        QCOMPARE(readAndWait(store, kApiKeyName).error->kind, SecretErrorKind::NotFound);
        QVERIFY(!writeAndWait(store, kApiKeyName, "sk-1"));
        QCOMPARE(*readAndWait(store, kApiKeyName).value, QString("sk-1"));
        QCOMPARE(*store.peek(kApiKeyName), QString("sk-1"));
        QVERIFY(!removeAndWait(store, kApiKeyName));
        QVERIFY(!store.peek(kApiKeyName));
        QVERIFY(!removeAndWait(store, kApiKeyName)); // removing nothing succeeds
    }

    void failsOnDemandAndKeepsWhatItHad()
    {
        MemorySecretStore store;
        QVERIFY(!writeAndWait(store, kApiKeyName, "sk-1"));
        store.failWith(SecretError {SecretErrorKind::NoKeychain, "no usable keychain: Unknown error"});
        const SecretReadResult read = readAndWait(store, kApiKeyName);
        QVERIFY(!read.value);
        QVERIFY(read.error->keychainUnavailable());
        QCOMPARE(writeAndWait(store, kApiKeyName, "sk-2")->kind, SecretErrorKind::NoKeychain);
        store.failWith(std::nullopt);
        QCOMPARE(*readAndWait(store, kApiKeyName).value, QString("sk-1"));
    }

    void noCallbackOnceTheContextIsGone()
    {
        MemorySecretStore store;
        bool called = false;
        {
            QObject context;
            store.read(kApiKeyName, &context, [&](const SecretReadResult&) { called = true; });
        }
        QTest::qWait(20); // nothing to wait for: proving a callback does NOT come needs a little time
        QVERIFY(!called);
    }

    // A store that never answers: the CLI gives up after the timeout and reads it as no keychain.
    void waitingHasABound()
    {
        class Silent final : public SecretStore
        {
        public:
            void read(const QString&, QObject*, ReadDone) override { }
            void write(const QString&, const QString&, QObject*, WriteDone) override { }
            void remove(const QString&, QObject*, WriteDone) override { }
            QString description() const override { return "silent"; }
        } silent;
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(readAndWait(silent, kApiKeyName, 50).error->kind, SecretErrorKind::NoKeychain);
        QCOMPARE(writeAndWait(silent, kApiKeyName, "x", 50)->kind, SecretErrorKind::NoKeychain);
        QVERIFY(timer.elapsed() < 5'000);
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_secretstore.moc"
