#include "api/apierror.h"
#include "logging/redaction.h"
#include "report/sessionlog.h"
#include "resilience/resilienceevents.h"
#include "support/testquotes.h"
#include "util/clock.h"
#include "validation/dataqualityissue.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace oilwatch;
using report::SessionLog;

namespace {

QList<QJsonObject> linesOf(const QStringList& files)
{
    QList<QJsonObject> lines;
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray& line : file.readAll().split('\n')) {
            if (!line.isEmpty())
                lines << QJsonDocument::fromJson(line).object();
        }
    }
    return lines;
}

} // namespace

class TestSessionLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup() { logging::clearRegisteredSecrets(); }

    void quotesEventsAndErrorsAreLines()
    {
        QTemporaryDir dir;
        util::ManualClock clock;
        SessionLog log(dir.filePath("session"), clock);
        api::FetchInfo info;
        info.servedFrom = api::ServedFrom::Stale;
        info.ageMs = 90'500;
        info.attempts = 3;
        info.suspect = std::make_shared<validation::Verdict>();
        log.recordQuote(testing::quote("BRENT_CRUDE_USD", 0, 81.5), info);
        log.recordEvent(
            resilience::ResilienceEvent::at(clock, resilience::AttemptStarted {"api.example.com", 1}));
        log.recordEvent(resilience::ResilienceEvent::at(clock,
            resilience::BreakerTransition {"api.example.com", resilience::BreakerState::Closed,
                resilience::BreakerState::Open, resilience::TransitionReason::ConsecutiveFailures, 5000}));
        api::ApiError error;
        error.kind = api::ErrorKind::Network;
        error.message = "connection refused";
        log.recordError(error);

        const QList<QJsonObject> lines = linesOf(SessionLog::files(log.directory()));
        QCOMPARE(lines.size(), 3); // the attempt is left out
        QCOMPARE(lines[0].value("type").toString(), "quote");
        QCOMPARE(lines[0].value("served_from").toString(), "stale");
        QCOMPARE(lines[0].value("age_s").toDouble(), 90.5);
        QCOMPARE(lines[0].value("quality").toString(), "suspect");
        QCOMPARE(lines[0].value("ts").toString(), "2026-01-01T00:00:00.000Z");
        QCOMPARE(lines[1].value("type").toString(), "breaker");
        QVERIFY(lines[1].value("detail").toString().contains("open"));
        QCOMPARE(lines[2].value("type").toString(), "error");
        QCOMPARE(lines[2].value("kind").toString(), "network");
    }

    // N files of at most M bytes: the oldest lines go, the newest stay, in order.
    void rotatesAndStaysBounded()
    {
        QTemporaryDir dir;
        util::ManualClock clock;
        constexpr qint64 kMax = 4096;
        SessionLog log(dir.path(), clock, kMax, 3);
        for (int i = 0; i < 2000; ++i) {
            log.record(QJsonObject {{"type", "test"}, {"n", i}});
            clock.advanceMs(1000);
        }
        const QStringList files = SessionLog::files(dir.path(), 3);
        QCOMPARE(files.size(), 3);
        QCOMPARE(QFileInfo(files.last()).fileName(), "session.jsonl");
        qint64 total = 0;
        for (const QString& path : files) {
            QVERIFY(QFileInfo(path).size() <= kMax);
            total += QFileInfo(path).size();
        }
        QVERIFY(total <= 3 * kMax);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
        const QList<QJsonObject> lines = linesOf(files);
        QCOMPARE(lines.last().value("n").toInt(), 1999);
        for (int i = 1; i < lines.size(); ++i)
            QCOMPARE(lines[i].value("n").toInt(), lines[i - 1].value("n").toInt() + 1);
    }

    void aLaterSessionAppends()
    {
        QTemporaryDir dir;
        util::ManualClock clock;
        {
            SessionLog log(dir.path(), clock);
            log.record(QJsonObject {{"type", "first"}});
        }
        SessionLog log(dir.path(), clock);
        log.record(QJsonObject {{"type", "second"}});
        QCOMPARE(linesOf(SessionLog::files(dir.path())).size(), 2);
    }

    void theKeyNeverReachesTheDisk()
    {
        const QString key = "opa_live_0123456789abcdef0123456789abcdef";
        logging::registerSecret(key);
        QTemporaryDir dir;
        util::ManualClock clock;
        SessionLog log(dir.path(), clock);
        api::ApiError error;
        error.kind = api::ErrorKind::Auth;
        error.message = "Invalid API key " + key;
        log.recordError(error);
        api::Quote quote = testing::quote("WTI_USD", 0);
        quote.source = "x?api_key=" + key;
        log.recordQuote(quote, {});
        QFile file(SessionLog::files(dir.path()).constFirst());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains("0123456789abcdef"));
    }
};

QTEST_GUILESS_MAIN(TestSessionLog)
#include "tst_sessionlog.moc"
