// The SQLite files survive kill -9 in the middle of writing: a real child process writes in a loop and is
// killed with SIGKILL again and again on the same file; afterwards the file passes integrity_check, opens
// without being moved aside, and holds every row the child reported as committed.
#include "cache/sqlitecache.h"
#include "storage/pricehistory.h"
#include "support/sqlitefiles.h"
#include "util/clock.h"

#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;

namespace {

constexpr int kKills = 10;

// Starts the child on `path`, lets it report a few committed rows, kills it, and returns every row it
// reported before it died.
QStringList runAndKill(const QString& kindOption, const QString& path, int run, int rowsBeforeKill)
{
    QProcess child;
    child.setProgram(QStringLiteral(OILWATCH_STORAGE_WRITER_CHILD));
    child.setArguments({kindOption, path, QStringLiteral("--run"), QString::number(run)});
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    child.start();
    if (!child.waitForStarted(10'000)) {
        qWarning("child did not start: %s", qPrintable(child.errorString()));
        return {};
    }
    QByteArray out;
    while (out.count('\n') < rowsBeforeKill && child.state() == QProcess::Running) {
        if (!child.waitForReadyRead(10'000)) {
            break;
        }
        out += child.readAllStandardOutput();
    }
    const bool wasRunning = child.state() == QProcess::Running;
    child.kill(); // SIGKILL: no destructor, no flush, no checkpoint
    child.waitForFinished(10'000);
    if (!wasRunning || child.exitStatus() != QProcess::CrashExit) {
        qWarning("child ended by itself with code %d", child.exitCode());
        return {};
    }
    out += child.readAllStandardOutput();
    // A line cut short by the kill was never completely reported: count complete lines only.
    QStringList rows
        = QString::fromUtf8(out.left(out.lastIndexOf('\n') + 1)).split(u'\n', Qt::SkipEmptyParts);
    return rows;
}

// Varies where in the child's loop the kill lands.
int rowsBeforeKill(int run)
{
    return 5 + (run * 397) % 300;
}

} // namespace

class TestCrashSafety : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    util::ManualClock m_clock;

    // Kills a writer on `path` kKills times, then checks the file the way SQLite sees it.
    void killRepeatedly(const QString& kindOption, const QString& path, QStringList* committed)
    {
        for (int run = 0; run < kKills; ++run) {
            const QStringList rows = runAndKill(kindOption, path, run, rowsBeforeKill(run));
            QVERIFY2(rows.size() >= rowsBeforeKill(run), qPrintable(QStringLiteral("run %1").arg(run)));
            *committed += rows;
        }
        QVariant integrity;
        QVERIFY(testsupport::rawExec(path, {"PRAGMA integrity_check"}, &integrity));
        QCOMPARE(integrity.toString(), QStringLiteral("ok"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void historySurvivesRepeatedKills()
    {
        const QString path = m_dir.filePath(QStringLiteral("history/history.db"));
        QStringList committed;
        killRepeatedly(QStringLiteral("--history"), path, &committed);
        if (QTest::currentTestFailed()) {
            return;
        }

        storage::PriceHistory history(path, m_clock);
        const auto opened = history.open();
        QVERIFY(opened.ok());
        QVERIFY(!opened.value().warning);
        const auto stored = history.query(storage::OriginFilter::all(), QStringLiteral("CHILD"), {}, {});
        QVERIFY(stored.ok());
        QSet<QString> onDisk;
        for (const api::Quote& quote : stored.value()) {
            onDisk.insert(quote.source);
        }
        for (const QString& row : committed) {
            QVERIFY2(
                onDisk.contains(row), qPrintable(QStringLiteral("committed row %1 is missing").arg(row)));
        }
        QVERIFY(onDisk.size() >= committed.size());
        qInfo("%lld rows reported committed over %d kills, %lld on disk", qlonglong(committed.size()), kKills,
            qlonglong(onDisk.size()));
    }

    void cacheSurvivesRepeatedKills()
    {
        const QString path = m_dir.filePath(QStringLiteral("cache/prices.db"));
        QStringList committed;
        killRepeatedly(QStringLiteral("--cache"), path, &committed);
        if (QTest::currentTestFailed()) {
            return;
        }

        cache::SqliteCache cache(path, m_clock);
        const auto opened = cache.open();
        QVERIFY(opened.ok());
        QVERIFY(!opened.value().warning);
        for (const QString& key : committed) {
            const auto entry = cache.get(key);
            QVERIFY2(entry.has_value(), qPrintable(QStringLiteral("committed entry %1 is missing").arg(key)));
            QVERIFY(entry->body.endsWith(key.toUtf8()));
        }
        QVERIFY(cache.stats().entries >= committed.size());
        qInfo("%lld entries reported committed over %d kills, %lld on disk", qlonglong(committed.size()),
            kKills, qlonglong(cache.stats().entries));
    }
};

QTEST_GUILESS_MAIN(TestCrashSafety)
#include "tst_crashsafety.moc"
