// Every test runs in a throw-away HOME of its own (tests/CMakeLists.txt): this one fails when that is not so,
// e.g. a test binary started by hand or a registration that lost its environment, before another test can
// read or overwrite the developer's real cache, history or settings.
#include <QtGlobal>
#ifdef Q_OS_UNIX
#include <pwd.h>
#include <unistd.h>
#endif

#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>

class TestTestHome : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void homeIsTheTestsOwnAndNotTheUsers()
    {
        const QString home = qEnvironmentVariable("HOME");
        QCOMPARE(QDir(home).canonicalPath(), QDir(QStringLiteral(OILWATCH_TEST_HOME)).canonicalPath());
#ifdef Q_OS_UNIX
        // The account's home from the password database, which no environment variable changes.
        const passwd* user = ::getpwuid(::getuid());
        QVERIFY(user && user->pw_dir);
        QVERIFY2(QDir(home).canonicalPath() != QDir(QString::fromLocal8Bit(user->pw_dir)).canonicalPath(),
            "HOME is the user's real home folder");
#endif
    }

    // What the app would open (settings, cache, history, logs) is all under that HOME.
    void everyAppFolderIsUnderIt()
    {
        const QString home = QDir(QStringLiteral(OILWATCH_TEST_HOME)).canonicalPath();
        for (const auto location : {QStandardPaths::AppDataLocation, QStandardPaths::AppConfigLocation,
                 QStandardPaths::GenericConfigLocation, QStandardPaths::CacheLocation,
                 QStandardPaths::RuntimeLocation}) {
            const QString path = QStandardPaths::writableLocation(location);
            QVERIFY2(path.startsWith(home + QLatin1Char('/')), qPrintable(path));
        }
    }

    // Throw-away: each run starts from an empty folder, so nothing an earlier run left is seen again.
    void itStartsEmptyEachRun()
    {
        QFile marker(QStringLiteral(OILWATCH_TEST_HOME "/left-by-an-earlier-run"));
        QVERIFY2(!marker.exists(), "the test HOME was not emptied before this run");
        QVERIFY(marker.open(QIODevice::WriteOnly));
    }
};

QTEST_GUILESS_MAIN(TestTestHome)
#include "tst_testhome.moc"
