#include "logging/logging.h"
#include "logging/redaction.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch::logging;

class TestLogging : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesRotatingFileWithUserOnlyPermissions()
    {
        QTemporaryDir dir;
        const QString logs = dir.filePath("logs"); // created by initLogging
        initLogging({logs, false, false});
        logger("api")->info("hello {}", 42);
        logger("api")->flush();
        QFile file(logFilePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(content.contains("[api] hello 42"));
        const auto othersMask
            = QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::ExeGroup | QFileDevice::ExeOther;
        QCOMPARE(file.permissions() & othersMask, QFileDevice::Permissions());
        QCOMPARE(QFile::permissions(logs) & othersMask, QFileDevice::Permissions());
    }

    void keyNeverReachesTheFile()
    {
        QTemporaryDir dir;
        initLogging({dir.path(), false, true});
        registerSecret("opa_live_supersecret_key_1");
        logger("app")->warn("header Authorization: Token opa_live_supersecret_key_1 sent to {}", "host");
        logger("app")->debug("raw key supersecret? {}", QString("opa_live_supersecret_key_1").toStdString());
        logger("app")->flush();
        QFile file(logFilePath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QVERIFY(content.contains("Token ***"));
        QVERIFY(!content.contains("opa_live_supersecret_key_1"));
        QVERIFY(content.contains("DEBUG") || content.contains("debug"));
    }

    void oneLoggerPerModule()
    {
        QCOMPARE(logger("sim").get(), logger("sim").get());
        QVERIFY(logger("sim").get() != logger("feed").get());
        QCOMPARE(QString::fromStdString(logger("feed")->name()), QString("feed"));
    }

    void unwritableDirectoryDoesNotThrow()
    {
        initLogging({"/proc/definitely/not/writable", false, false});
        logger("app")->info("still fine");
        QVERIFY(logFilePath().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLogging)
#include "tst_logging.moc"
