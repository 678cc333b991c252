#include "report/sessionlog.h"

#include "api/apierror.h"
#include "api/quote.h"
#include "feed/pricefeed.h"
#include "logging/logging.h"
#include "logging/redaction.h"
#include "resilience/resilienceevents.h"
#include "resilience/resilienttransport.h"
#include "util/clock.h"

#include <QDir>
#include <QJsonDocument>

namespace oilwatch::report {

namespace {

QString isoUtc(const QDateTime& at)
{
    return at.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

SessionLog::SessionLog(QString directory, const util::Clock& clock, qint64 maxFileBytes, int maxFiles)
    : m_directory(std::move(directory))
    , m_clock(clock)
    , m_maxFileBytes(std::max<qint64>(1024, maxFileBytes))
    , m_maxFiles(std::max(1, maxFiles))
{ }

QString SessionLog::pathOf(int index) const
{
    return m_directory + QLatin1Char('/') + QLatin1String(kBaseName)
        + (index == 0 ? QString() : QStringLiteral(".%1").arg(index)) + QStringLiteral(".jsonl");
}

QStringList SessionLog::files(const QString& directory, int maxFiles)
{
    QStringList paths;
    for (int i = maxFiles - 1; i >= 0; --i) {
        const QString path = directory + QLatin1Char('/') + QLatin1String(kBaseName)
            + (i == 0 ? QString() : QStringLiteral(".%1").arg(i)) + QStringLiteral(".jsonl");
        if (QFile::exists(path))
            paths << path;
    }
    return paths;
}

void SessionLog::rotate()
{
    m_file.close();
    QFile::remove(pathOf(m_maxFiles - 1));
    for (int i = m_maxFiles - 2; i >= 0; --i) {
        if (QFile::exists(pathOf(i)))
            QFile::rename(pathOf(i), pathOf(i + 1));
    }
}

void SessionLog::record(QJsonObject line)
{
    if (!line.contains(QLatin1String("ts")))
        line.insert(QStringLiteral("ts"), isoUtc(m_clock.nowUtc()));
    const QByteArray bytes
        = logging::redactSecrets(QString::fromUtf8(QJsonDocument(line).toJson(QJsonDocument::Compact)))
              .toUtf8()
        + '\n';
    if (m_file.isOpen() && m_file.size() + bytes.size() > m_maxFileBytes && m_file.size() > 0)
        rotate();
    if (!m_file.isOpen()) {
        QDir().mkpath(m_directory);
        m_file.setFileName(pathOf(0));
        if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
            if (m_lastError.isEmpty())
                logging::logger("report")->warn("session log: cannot write {}: {}",
                    m_file.fileName().toStdString(), m_file.errorString().toStdString());
            m_lastError = m_file.errorString();
            return;
        }
        if (m_file.size() > 0 && m_file.size() + bytes.size() > m_maxFileBytes) {
            rotate();
            record(line);
            return;
        }
    }
    // Flushed at once: the record of an outage must survive the crash that may end it.
    if (m_file.write(bytes) != bytes.size() || !m_file.flush())
        m_lastError = m_file.errorString();
}

void SessionLog::recordQuote(const api::Quote& quote, const api::FetchInfo& info)
{
    QJsonObject line;
    line.insert(QStringLiteral("type"), QStringLiteral("quote"));
    line.insert(QStringLiteral("ts"), isoUtc(m_clock.nowUtc()));
    line.insert(QStringLiteral("code"), quote.code);
    line.insert(QStringLiteral("price"), quote.price);
    line.insert(QStringLiteral("currency"), quote.currency);
    line.insert(QStringLiteral("unit"), quote.unit);
    line.insert(QStringLiteral("created_at"), isoUtc(quote.createdAt));
    line.insert(QStringLiteral("origin"), quote.origin.id());
    line.insert(QStringLiteral("source"), quote.source);
    line.insert(QStringLiteral("served_from"), api::servedFromName(info.servedFrom));
    // Served ages are measured when served: the moment of this line.
    line.insert(QStringLiteral("age_s"), double(info.ageMs) / 1000.0);
    line.insert(QStringLiteral("quality"), info.suspect ? QStringLiteral("suspect") : QStringLiteral("ok"));
    line.insert(QStringLiteral("attempts"), info.attempts);
    line.insert(QStringLiteral("latency_ms"), info.latencyMs);
    record(line);
}

void SessionLog::recordEvent(const resilience::ResilienceEvent& event)
{
    if (std::holds_alternative<resilience::AttemptStarted>(event.payload))
        return;
    QJsonObject line = event.toJson();
    line.insert(QStringLiteral("detail"), event.describe());
    record(line);
}

void SessionLog::recordError(const api::ApiError& error)
{
    QJsonObject line;
    line.insert(QStringLiteral("type"), QStringLiteral("error"));
    line.insert(QStringLiteral("ts"), isoUtc(m_clock.nowUtc()));
    line.insert(QStringLiteral("kind"), api::errorKindName(error.kind));
    if (error.lastValue) {
        line.insert(QStringLiteral("code"), error.lastValue->code);
        line.insert(QStringLiteral("price"), error.lastValue->price);
        line.insert(QStringLiteral("age_s"), double(error.lastValueAgeMs) / 1000.0);
    }
    if (error.httpStatus > 0)
        line.insert(QStringLiteral("http_status"), error.httpStatus);
    line.insert(QStringLiteral("detail"), error.describe());
    record(line);
}

void recordSession(
    SessionLog& log, feed::PriceFeed& feed, resilience::ResilientTransport& pipeline, QObject* context)
{
    QObject::connect(&feed, &feed::PriceFeed::quoteReceived, context,
        [&log](const api::Quote& quote, const api::FetchInfo& info) { log.recordQuote(quote, info); });
    QObject::connect(&feed, &feed::PriceFeed::pollFailed, context,
        [&log](const api::ApiError& error) { log.recordError(error); });
    QObject::connect(&pipeline, &resilience::ResilientTransport::resilienceEvent, context,
        [&log](const resilience::ResilienceEvent& event) { log.recordEvent(event); });
}

} // namespace oilwatch::report
