// `oilwatch export` run as a user would: the real binary against a simulator process, every file parsed
// back with the strict reader, exit codes 1 (cannot write) and 2 (bad arguments), and no API key in any
// report.
#include "support/strictcsv.h"

#include <csignal>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using oilwatch::testing::Bom;
using oilwatch::testing::parseStrictCsv;
using oilwatch::testing::StrictCsv;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Shaped like a real key so that the redaction's patterns and the registered secret both apply.
const QString kKey = QStringLiteral("opa_test_EXPORTKEY0123456789abcdef");

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestExportCommand : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_home;
    QProcess m_sim;
    QString m_simUrl;
    QString m_origin; // the simulator process's origin id

    QProcessEnvironment environment(const QString& key) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", m_home.path());
        env.insert("XDG_DATA_HOME", m_home.path() + "/data");
        env.insert("XDG_CONFIG_HOME", m_home.path() + "/config");
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("OILPRICEAPI_KEY", key);
        env.insert("OILWATCH_CACHE_URL", "");
        return env;
    }

    Run run(const QStringList& arguments, const QString& key = kKey) const
    {
        QProcess process;
        process.setProcessEnvironment(environment(key));
        process.start(OILWATCH_BINARY, arguments);
        Run result;
        if (!process.waitForFinished(60'000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        m_sim.setProcessEnvironment(environment({}));
        m_sim.start(OILWATCH_BINARY, {"sim", "--port", "0", "--key", kKey});
        QVERIFY(m_sim.waitForReadyRead(10'000));
        m_simUrl = "http://" + QString::fromUtf8(m_sim.readLine()).trimmed().section(' ', 2);
        m_origin = m_simUrl; // a loopback URL without a path is its own origin id
        // Something served, for the session log: two polls of watch through the simulator, with the key.
        const Run watch = run({"watch", "BRENT_CRUDE_USD", "WTI_USD", "--base-url", m_simUrl, "--count", "2",
            "--interval", "0.2", "--json"});
        QVERIFY2(watch.exitCode == 0, watch.err.constData());
    }
    void cleanupTestCase()
    {
        ::kill(static_cast<pid_t>(m_sim.processId()), SIGTERM);
        m_sim.waitForFinished(10'000);
    }

    void pricesLongAreBackfilledAndParseBack()
    {
        const QString path = m_home.filePath("long.csv");
        const QString from = QDate::currentDate().addDays(-2).toString(Qt::ISODate);
        const Run r = run({"export", "prices", "BRENT_CRUDE_USD", "WTI_USD", "--from", from, "--base-url",
            m_simUrl, "--out", path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.err.contains("backfilled"), r.err.constData());
        QVERIFY2(r.err.contains("written to " + path.toUtf8()), r.err.constData());
        const StrictCsv csv = parseStrictCsv(readAll(path));
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.header,
            QStringList(
                {"timestamp", "code", "price", "currency", "unit", "origin", "source", "price_type"}));
        QVERIFY(csv.rows.size() > 48);
        QSet<QString> codes;
        for (const QStringList& row : csv.rows) {
            codes << row[1];
            QVERIFY(QDateTime::fromString(row[0], Qt::ISODateWithMs).isValid());
            QVERIFY(row[0].endsWith('Z'));
            bool number = false;
            row[2].toDouble(&number);
            QVERIFY(number);
        }
        QCOMPARE(codes, QSet<QString>({"BRENT_CRUDE_USD", "WTI_USD"}));
    }

    void pricesWideBarsToStdoutWithExcelBom()
    {
        const QString from = QDate::currentDate().addDays(-2).toString(Qt::ISODate);
        const Run r = run({"export", "prices", "WTI_USD", "BRENT_CRUDE_USD", "--from", from, "--base-url",
            m_simUrl, "--resolution", "1h", "--format", "wide", "--excel", "--local-time"});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const StrictCsv csv = parseStrictCsv(r.out, Bom::Required);
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        QCOMPARE(csv.header, QStringList({"timestamp", "local_time", "WTI_USD", "BRENT_CRUDE_USD"}));
        QVERIFY(csv.rows.size() >= 24);
        for (const QStringList& row : csv.rows)
            QVERIFY(row[0].endsWith(":00:00.000Z")); // hour bars on UTC boundaries
    }

    void sessionHasWhatWasServed()
    {
        const QString path = m_home.filePath("session.csv");
        const Run r = run({"export", "session", "--out", path});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const StrictCsv csv = parseStrictCsv(readAll(path));
        QVERIFY2(csv.ok(), qPrintable(csv.error));
        int quotes = 0;
        for (int i = 0; i < csv.rows.size(); ++i) {
            if (csv.cell(i, "type") != "quote")
                continue;
            ++quotes;
            QVERIFY(QStringList({"live", "cache", "stale"}).contains(csv.cell(i, "served_from")));
            QCOMPARE(csv.cell(i, "quality"), "ok");
            QVERIFY(!csv.cell(i, "age_s").isEmpty());
        }
        QVERIFY2(quotes >= 4, qPrintable(QString::number(quotes))); // two codes, two polls

        // --from in the future: the header alone.
        const Run later = run({"export", "session", "--from", "2999-01-01"});
        QCOMPARE(later.exitCode, 0);
        QCOMPARE(parseStrictCsv(later.out).rows.size(), 0);
    }

    // Every report made with the key set: none holds it.
    void theKeyIsInNoReport()
    {
        const QString from = QDate::currentDate().addDays(-1).toString(Qt::ISODate);
        QList<QByteArray> reports;
        reports << run({"export", "session"}).out;
        reports << run({"export", "prices", "BRENT_CRUDE_USD", "--from", from, "--base-url", m_simUrl}).out;
        reports << run({"export", "prices", "BRENT_CRUDE_USD", "--origin", "all", "--format", "wide"}).out;
        for (const QByteArray& bytes : reports) {
            QVERIFY(bytes.size() > 100);
            QVERIFY(!bytes.contains(kKey.toUtf8()));
            QVERIFY(!bytes.contains("EXPORTKEY"));
        }
        // The session log on disk neither.
        for (const QString& name :
            QDir(m_home.filePath("data/OilWatch/OilWatch/session")).entryList(QDir::Files))
            QVERIFY(
                !readAll(m_home.filePath("data/OilWatch/OilWatch/session/") + name).contains("EXPORTKEY"));
    }

    void anUnwritablePathExitsOne()
    {
        const QString path = m_home.filePath("missing/folder/prices.csv");
        for (const QStringList& command :
            {QStringList {"export", "prices", "BRENT_CRUDE_USD", "--origin", "all"},
                QStringList {"export", "session"}}) {
            const Run r = run(command + QStringList {"--out", path});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains("cannot write " + path.toUtf8()), r.err.constData());
            QVERIFY(!QFile::exists(path));
        }
    }

    void badArgumentsExitTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("nothing") << QStringList {"export"};
        QTest::newRow("unknown what") << QStringList {"export", "trades"};
        QTest::newRow("no code") << QStringList {"export", "prices"};
        QTest::newRow("bad code") << QStringList {"export", "prices", "brent crude"};
        QTest::newRow("bad resolution") << QStringList {"export", "prices", "WTI_USD", "--resolution", "5m"};
        QTest::newRow("bad format") << QStringList {"export", "prices", "WTI_USD", "--format", "tall"};
        QTest::newRow("bad date") << QStringList {"export", "prices", "WTI_USD", "--from", "2026-13-01"};
        QTest::newRow("local time") << QStringList {"export", "session", "--from", "2026-01-01T10:00:00"};
        QTest::newRow("from after to")
            << QStringList {"export", "prices", "WTI_USD", "--from", "2026-02-01", "--to", "2026-01-01"};
        QTest::newRow("bad origin") << QStringList {"export", "prices", "WTI_USD", "--origin", "ftp://x"};
        QTest::newRow("session takes no code") << QStringList {"export", "session", "WTI_USD"};
        QTest::newRow("unknown option") << QStringList {"export", "session", "--format", "wide"};
        QTest::newRow("empty out") << QStringList {"export", "session", "--out", ""};
    }
    void badArgumentsExitTwo()
    {
        QFETCH(QStringList, arguments);
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.startsWith("oilwatch: "));
        QVERIFY(r.out.isEmpty());
    }

    void helpListsTheCommands()
    {
        const Run r = run({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("oilwatch export prices CODE..."));
        QVERIFY(r.out.contains("oilwatch export session"));
    }
};

QTEST_GUILESS_MAIN(TestExportCommand)
#include "tst_exportcommand.moc"
