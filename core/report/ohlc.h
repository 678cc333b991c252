#pragma once

#include <optional>

#include <QString>
#include <QtGlobal>

namespace oilwatch::report {

// How finely a price export is cut: every stored price, or minute / hour / day bars.
enum class Resolution
{
    Raw,
    Minute,
    Hour,
    Day,
};
// "raw", "1m", "1h", "1d": what --resolution takes and the dialog shows.
QString resolutionName(Resolution resolution);
std::optional<Resolution> parseResolution(const QString& text);
// The width of a bar in milliseconds; 0 for Raw.
qint64 bucketWidthMs(Resolution resolution);
// The start of the bar holding `ms`: bars are aligned on the UTC epoch, so a day bar runs from 00:00 UTC to
// the next 00:00 UTC whatever the machine's zone (a spreadsheet of several people's exports lines up).
// Floors for instants before 1970 too.
qint64 bucketStartMs(qint64 ms, qint64 widthMs);

// One bar: open is the first price in time, close the last, count how many prices it summarises.
struct Bar
{
    qint64 startMs = 0;
    double open = 0.0;
    double high = 0.0;
    double low = 0.0;
    double close = 0.0;
    int count = 0;

    friend bool operator==(const Bar&, const Bar&) = default;
};

// Builds bars from one series of prices given oldest first. Streaming: it holds one bar, whatever the length
// of the series. Prices at the same instant keep the order they were given in (the later one closes).
class BarBuilder
{
public:
    explicit BarBuilder(qint64 widthMs)
        : m_widthMs(widthMs)
    { }

    // The bar that `ms` closed (the previous one, when `ms` starts a new bar), if any. `ms` must not be
    // older than the previous price's.
    std::optional<Bar> add(qint64 ms, double price);
    // The bar in progress, if any; the builder is then empty.
    std::optional<Bar> finish();

private:
    qint64 m_widthMs;
    std::optional<Bar> m_bar;
};

} // namespace oilwatch::report
