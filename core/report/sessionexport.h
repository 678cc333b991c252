#pragma once

#include "report/priceexport.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace oilwatch::report {

class CsvWriter;

struct SessionExportRequest
{
    QString directory; // SessionLog::directory()
    QDateTime from; // invalid: open
    QDateTime to; // inclusive; invalid: open
    bool localTimeColumn = false;
};

// timestamp, [local_time,] type, code, price, currency, unit, served_from, age_s, quality, origin, source,
// host, detail: one row per line of the session log, oldest first. A quote fills code to quality; a retry,
// breaker transition or refused request names its host; every event and error says what happened in
// detail. Cells a line does not have stay empty.
QStringList sessionColumns(bool localTimeColumn);

struct SessionOutcome : ExportOutcome
{
    int skippedLines = 0; // lines that were not a JSON object with a valid "ts" (a crash mid-write)
};

// Streams the log's files through `csv` a line at a time: memory does not grow with the log.
SessionOutcome writeSession(
    const SessionExportRequest& request, CsvWriter& csv, const ExportProgress& progress = {});

} // namespace oilwatch::report
