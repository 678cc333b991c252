#pragma once

#include "report/ohlc.h"
#include "report/priceexport.h"
#include "storage/pricehistory.h"

#include <optional>

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace oilwatch::app {

// oilwatch export prices|session: a CSV report (core/report) to a file or standard output.
struct ExportOptions
{
    enum class What
    {
        Prices,
        Session,
    };
    What what = What::Prices;
    QStringList codes; // prices: at least one
    QDateTime from; // invalid: open. A date alone is its first instant (UTC).
    QDateTime to; // invalid: open; inclusive. A date alone is its whole day.
    report::Resolution resolution = report::Resolution::Raw;
    report::PriceLayout layout = report::PriceLayout::Long;
    bool excel = false; // a UTF-8 byte-order mark
    bool localTime = false; // a local_time column
    QString out = QStringLiteral("-"); // a file, or "-" for standard output
    // As HistoryOptions::origins: unset, the origin the dashboard watches.
    std::optional<storage::OriginFilter> origins;
    // --base-url: the server to backfill from, and whose prices are exported unless --origin says otherwise
    // (as the dashboard's --base-url); unset: the live API with a key, else the built-in simulator.
    std::optional<QUrl> baseUrl;
    bool backfill = true; // prices with --from: fill the store's gaps from the API's past_* first
    bool verbose = false;
};

// Parses the arguments after "export"; the message of a usage error (exit 2), or nullopt.
std::optional<QString> parseExportArguments(const QStringList& arguments, ExportOptions& options);
// The lines of --help and the README for the two commands.
QString exportUsage();
// Runs one export on the current QCoreApplication: 0 written, 1 the file could not be written (or the
// history could not be read), 2 bad arguments found late.
int runExport(const ExportOptions& options);

} // namespace oilwatch::app
