#pragma once

#include <QFile>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

namespace oilwatch::api {
struct ApiError;
struct FetchInfo;
struct Quote;
} // namespace oilwatch::api
namespace oilwatch::feed {
class PriceFeed;
}
namespace oilwatch::resilience {
class ResilientTransport;
struct ResilienceEvent;
} // namespace oilwatch::resilience
namespace oilwatch::util {
class Clock;
}

namespace oilwatch::report {

// The record of what the app served and why, kept on disk so that yesterday's outage can be reported
// (`oilwatch export session`): every quote served (served_from, age_s, quality), every retry, breaker
// transition and refused request, every error. One JSON object per line:
//   {"type":"quote","ts":"…Z","code":"…","price":81.2,"currency":"USD","unit":"barrel","origin":"…",
//    "source":"…","served_from":"live","age_s":0,"quality":"ok","attempts":1,"latency_ms":120}
//   {"type":"retry"|"breaker"|"rejected"|"budget","ts":"…Z","host":"…","detail":"…", …the event's fields}
//   {"type":"error","ts":"…Z","kind":"network","code":"…","detail":"…"}
// Attempts are left out: every poll has one, and the retries and the errors already say when one failed.
//
// Bounded and rotated like the app's log: `session.jsonl` grows to maxFileBytes, then becomes
// `session.1.jsonl` (the older ones move up; the oldest of maxFiles goes), so the record never takes more
// than maxFiles × maxFileBytes. Every line passes logging::redactSecrets: the key never reaches the disk.
// Writes go to the page cache a line at a time, as the app's log does; not thread-safe (one owner thread).
class SessionLog
{
public:
    static constexpr qint64 kDefaultMaxFileBytes = 4 * 1024 * 1024; // days of a busy dashboard
    static constexpr int kDefaultMaxFiles = 5;
    static constexpr const char* kBaseName = "session";

    // The directory is created when missing (user-only permissions are the caller's: the app-data folder).
    SessionLog(QString directory, const util::Clock& clock, qint64 maxFileBytes = kDefaultMaxFileBytes,
        int maxFiles = kDefaultMaxFiles);

    void recordQuote(const api::Quote& quote, const api::FetchInfo& info);
    void recordEvent(const resilience::ResilienceEvent& event);
    void recordError(const api::ApiError& error);
    // Any line; "ts" is added when missing.
    void record(QJsonObject line);

    QString directory() const { return m_directory; }
    // The files of a session log directory, oldest first (the order their lines were written in).
    static QStringList files(const QString& directory, int maxFiles = kDefaultMaxFiles);
    // The last write error, if any: the log never stops the app, it only says so once in the app's log.
    QString lastError() const { return m_lastError; }

private:
    QString pathOf(int index) const;
    void rotate();

    QString m_directory;
    const util::Clock& m_clock;
    qint64 m_maxFileBytes;
    int m_maxFiles;
    QFile m_file;
    QString m_lastError;
};

// Records what `feed` serves and what `pipeline` reports into `log`, for as long as `context` lives.
void recordSession(
    SessionLog& log, feed::PriceFeed& feed, resilience::ResilientTransport& pipeline, QObject* context);

} // namespace oilwatch::report
