#include "report/sessionexport.h"

#include "logging/redaction.h"
#include "report/csvwriter.h"
#include "report/sessionlog.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

namespace oilwatch::report {

QStringList sessionColumns(bool localTimeColumn)
{
    QStringList columns {QStringLiteral("timestamp")};
    if (localTimeColumn)
        columns << QStringLiteral("local_time");
    return columns
        + QStringList {QStringLiteral("type"), QStringLiteral("code"), QStringLiteral("price"),
            QStringLiteral("currency"), QStringLiteral("unit"), QStringLiteral("served_from"),
            QStringLiteral("age_s"), QStringLiteral("quality"), QStringLiteral("origin"),
            QStringLiteral("source"), QStringLiteral("host"), QStringLiteral("detail")};
}

SessionOutcome writeSession(
    const SessionExportRequest& request, CsvWriter& csv, const ExportProgress& progress)
{
    SessionOutcome outcome;
    csv.header(sessionColumns(request.localTimeColumn));
    const QStringList files = SessionLog::files(request.directory);
    qint64 totalBytes = 0;
    for (const QString& path : files)
        totalBytes += QFileInfo(path).size();
    qint64 doneBytes = 0;
    auto text = [&csv](const QJsonObject& line, const char* key) {
        const QJsonValue value = line.value(QLatin1String(key));
        if (value.isString())
            csv.text(logging::redactSecrets(value.toString()));
        else
            csv.empty();
    };
    auto number = [&csv](const QJsonObject& line, const char* key) {
        const QJsonValue value = line.value(QLatin1String(key));
        if (value.isDouble())
            csv.number(value.toDouble());
        else
            csv.empty();
    };
    for (const QString& path : files) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            outcome.error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
            break;
        }
        while (!file.atEnd()) {
            const QByteArray bytes = file.readLine(1024 * 1024);
            doneBytes += bytes.size();
            const QJsonObject line = QJsonDocument::fromJson(bytes).object();
            const QDateTime at
                = QDateTime::fromString(line.value(QLatin1String("ts")).toString(), Qt::ISODateWithMs);
            if (line.isEmpty() || !at.isValid()) {
                ++outcome.skippedLines;
                continue;
            }
            if ((request.from.isValid() && at < request.from) || (request.to.isValid() && at > request.to))
                continue;
            csv.timestampUtc(at);
            if (request.localTimeColumn)
                csv.timestampLocal(at);
            text(line, "type");
            text(line, "code");
            number(line, "price");
            text(line, "currency");
            text(line, "unit");
            text(line, "served_from");
            number(line, "age_s");
            text(line, "quality");
            text(line, "origin");
            text(line, "source");
            text(line, "host");
            text(line, "detail");
            csv.endRow();
            if (csv.rowsWritten() % 10'000 == 0 && progress
                && !progress(
                    csv.rowsWritten() - 1, totalBytes > 0 ? double(doneBytes) / double(totalBytes) : 1.0)) {
                outcome.cancelled = true;
                break;
            }
        }
        if (outcome.cancelled)
            break;
    }
    csv.flush();
    if (outcome.error.isEmpty() && !csv.ok())
        outcome.error = csv.errorString();
    outcome.rows = csv.rowsWritten() - 1;
    if (progress && !outcome.cancelled && outcome.error.isEmpty())
        progress(outcome.rows, 1.0);
    return outcome;
}

} // namespace oilwatch::report
