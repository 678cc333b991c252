#pragma once

// Looking at SQLite files from the outside, as another program (or the user) would: modes, raw bytes, and
// statements on a connection of the test's own.

#include <sys/stat.h>

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <QVariant>

namespace oilwatch::testsupport {

// The permission bits of a file or folder, -1 when it does not exist.
inline int modeOf(const QString& path)
{
    struct stat st
    { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0) {
        return -1;
    }
    return static_cast<int>(st.st_mode & 0777);
}

inline void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Keeps page 1 (header, application_id, user_version) intact and overwrites every page behind it, as a
// damaged disk would: the file still looks like ours until integrity_check reads it.
inline void trashPagesAfterTheFirst(const QString& path, int minPages)
{
    constexpr qint64 kPageSize = 4096;
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.size() > minPages * kPageSize);
    QVERIFY(f.seek(kPageSize));
    QCOMPARE(f.write(QByteArray(f.size() - kPageSize, '\xA5')), f.size() - kPageSize);
}

// Runs statements on a file through a connection of its own; every row of the last one lands in `rows`
// (first column), its first value in `lastValue`.
inline bool rawExec(const QString& path, const QStringList& statements, QVariant* lastValue = nullptr,
    QVariantList* rows = nullptr)
{
    const QString name = QStringLiteral("tst.raw.") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(path);
        ok = db.open();
        for (const QString& sql : statements) {
            QSqlQuery q(db);
            ok = ok && q.exec(sql);
            if (ok && rows) {
                rows->clear();
            }
            bool first = true;
            while (ok && (lastValue || rows) && q.next()) {
                if (first && lastValue) {
                    *lastValue = q.value(0);
                }
                first = false;
                if (rows) {
                    rows->append(q.value(0));
                }
            }
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

} // namespace oilwatch::testsupport
