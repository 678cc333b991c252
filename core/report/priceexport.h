#pragma once

#include "report/ohlc.h"
#include "storage/pricehistory.h"

#include <functional>

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace oilwatch::report {

class CsvWriter;

// How the rows of a price export are laid out.
enum class PriceLayout
{
    // One row per price (or bar) and code: timestamp, code, price, currency, unit, origin, source,
    // price_type. For bars: timestamp (the bar's start), code, open, high, low, close, count, currency, unit,
    // origin.
    Long,
    // One row per instant, one column per code (its price, or its bar's close), an empty cell where a code
    // has nothing at that instant. Codes name their currency (BRENT_CRUDE_USD); units are in the long form.
    Wide,
};
QString layoutName(PriceLayout layout); // "long", "wide"
std::optional<PriceLayout> parseLayout(const QString& text);

struct PriceExportRequest
{
    QStringList codes; // in column order; at least one
    QDateTime from; // invalid: from the oldest stored price of these codes
    QDateTime to; // inclusive; invalid: to the newest stored
    // Whose prices: the origin the dashboard watches unless the user asks for another (or all). Under
    // all(), the long form keeps one row (or bar) per origin; the wide form's cell takes the last price.
    storage::OriginFilter origins = storage::OriginFilter::all();
    Resolution resolution = Resolution::Raw;
    PriceLayout layout = PriceLayout::Long;
    bool localTimeColumn = false; // a local_time column after timestamp
};

// The header row of a request (also what a preview shows before any row is read).
QStringList priceColumns(const PriceExportRequest& request);

struct ExportOutcome
{
    qint64 rows = 0; // data rows, the header not counted
    bool cancelled = false;
    QString error; // empty: complete (the caller then commits the file)
};

// Called between chunks with the data rows written so far and the part of the range done (0..1); returning
// false cancels the export.
using ExportProgress = std::function<bool(qint64 rows, double fraction)>;

// Writes the header and every row of `request` read from `history`, on the calling thread (the history's:
// see PriceHistory). Memory stays bounded: the range is read a slice of time at a time (six hours for raw
// prices and minute bars, a day for hour and day bars), one code at a time for bars, and each slice is
// written before the next is read. Text from the API and the origin pass through logging::redactSecrets,
// like every log line: no key ever reaches a report.
ExportOutcome writePrices(const storage::PriceHistory& history, const PriceExportRequest& request,
    CsvWriter& csv, const ExportProgress& progress = {});

} // namespace oilwatch::report

Q_DECLARE_METATYPE(oilwatch::report::ExportOutcome)
