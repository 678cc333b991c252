#include "report/csvfile.h"
#include "support/strictcsv.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch::report;
using oilwatch::testing::parseStrictCsv;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCsvFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void committedFileIsWhole()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("prices.csv");
        auto opened = CsvFile::open(path);
        QVERIFY(std::holds_alternative<std::unique_ptr<CsvFile>>(opened));
        auto& file = std::get<std::unique_ptr<CsvFile>>(opened);
        file->writer().header({"a", "b"});
        for (int i = 0; i < 100'000; ++i) { // several buffers
            file->writer().integer(i);
            file->writer().text(u"x,y");
            file->writer().endRow();
        }
        QVERIFY(!QFile::exists(path)); // nothing in place before commit
        QCOMPARE(file->commit(), std::nullopt);
        const auto csv = parseStrictCsv(readAll(path));
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.rows.size(), 100'000);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {"prices.csv"});
    }
    void cancelLeavesNoFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("prices.csv");
        auto file = std::get<std::unique_ptr<CsvFile>>(CsvFile::open(path));
        file->writer().header({"a"});
        for (int i = 0; i < 100'000; ++i) {
            file->writer().integer(i);
            file->writer().endRow();
        }
        file->cancel();
        file.reset();
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }
    void destroyedWithoutCommitKeepsTheOldFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("prices.csv");
        {
            QFile old(path);
            QVERIFY(old.open(QIODevice::WriteOnly));
            old.write("old\r\n");
        }
        {
            auto file = std::get<std::unique_ptr<CsvFile>>(CsvFile::open(path));
            file->writer().header({"new"});
        }
        QCOMPARE(readAll(path), QByteArray("old\r\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList {"prices.csv"});
    }
    void unwritablePathIsAClearError()
    {
        QTemporaryDir dir;
        for (const QString& path : {dir.filePath("missing/folder/prices.csv"), QStringLiteral("")}) {
            auto opened = CsvFile::open(path);
            QVERIFY(std::holds_alternative<QString>(opened));
            QVERIFY(!std::get<QString>(opened).isEmpty());
        }
        QVERIFY(std::get<QString>(CsvFile::open(dir.filePath("missing/x.csv"))).contains("missing/x.csv"));
    }
};

QTEST_GUILESS_MAIN(TestCsvFile)
#include "tst_csvfile.moc"
