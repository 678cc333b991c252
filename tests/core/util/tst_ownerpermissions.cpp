#include "util/ownerpermissions.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace oilwatch;

class TestOwnerPermissions : public QObject
{
    Q_OBJECT

private:
    static constexpr QFileDevice::Permissions kOthers = QFileDevice::ReadGroup | QFileDevice::WriteGroup
        | QFileDevice::ExeGroup | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;

private Q_SLOTS:
    void fileBecomesTheUsersAlone()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("cache.sqlite");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        QVERIFY(QFile::setPermissions(path, QFile::permissions(path) | QFileDevice::ReadOther));
        QVERIFY(util::restrictToOwner(path));
#ifndef Q_OS_WIN
        QCOMPARE(QFile::permissions(path) & kOthers, QFileDevice::Permissions {});
        QVERIFY(QFile::permissions(path) & QFileDevice::WriteOwner);
        QVERIFY(!(QFile::permissions(path) & QFileDevice::ExeOwner));
#endif
    }

    void folderKeepsItsSearchBitForTheOwner()
    {
        QTemporaryDir dir;
        QVERIFY(util::restrictToOwner(dir.path()));
#ifndef Q_OS_WIN
        QCOMPARE(QFile::permissions(dir.path()) & kOthers, QFileDevice::Permissions {});
        QVERIFY(QFile::permissions(dir.path()) & QFileDevice::ExeOwner);
#endif
    }

    void missingPathIsRefused()
    {
        QVERIFY(!util::restrictToOwner("/nonexistent/oilwatch-test"));
    }
};

QTEST_GUILESS_MAIN(TestOwnerPermissions)
#include "tst_ownerpermissions.moc"
