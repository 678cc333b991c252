#include "report/priceexport.h"

#include "logging/redaction.h"
#include "report/csvwriter.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <QHash>

namespace oilwatch::report {

namespace {

constexpr qint64 kHourMs = 3'600'000;
constexpr qint64 kDayMs = 24 * kHourMs;

// A slice of time read at once: short for raw prices (a 2-second poll makes 10,800 prices a code in six
// hours), a whole day for hour and day bars, whose slices must hold whole bars. Always a multiple of the
// bar width and aligned on it, so every bar is complete at the end of its slice.
qint64 sliceMs(Resolution resolution)
{
    switch (resolution) {
    case Resolution::Raw:
    case Resolution::Minute:
        return 6 * kHourMs;
    case Resolution::Hour:
    case Resolution::Day:
        return kDayMs;
    }
    return kDayMs;
}

// Text cells repeat (a code's unit, currency, source, origin): each distinct value is redacted and encoded
// once. Bounded: a server that sends a new source with every price only costs a few clears.
class TextCells
{
public:
    const QByteArray& operator()(const QString& text)
    {
        auto it = m_seen.constFind(text);
        if (it != m_seen.constEnd())
            return *it;
        if (m_seen.size() >= 4096)
            m_seen.clear();
        return *m_seen.insert(text, logging::redactSecrets(text).toUtf8());
    }

private:
    QHash<QString, QByteArray> m_seen;
};

struct Range
{
    qint64 fromMs = 0;
    qint64 toMs = -1; // inclusive
    bool isEmpty() const { return toMs < fromMs; }
};

// The range to read: the request's bounds, or the stored series' ends where a bound is open.
storage::StorageResult<Range> rangeOf(const storage::PriceHistory& history, const PriceExportRequest& request)
{
    Range range;
    if (request.from.isValid() && request.to.isValid()) {
        range = {request.from.toMSecsSinceEpoch(), request.to.toMSecsSinceEpoch()};
        return range;
    }
    std::optional<qint64> oldest;
    std::optional<qint64> newest;
    for (const QString& code : request.codes) {
        auto first
            = history.query(request.origins, code, request.from, request.to, 1, storage::Order::OldestFirst);
        if (!first)
            return first.error();
        auto last
            = history.query(request.origins, code, request.from, request.to, 1, storage::Order::NewestFirst);
        if (!last)
            return last.error();
        if (!first.value().isEmpty()) {
            const qint64 ms = first.value().constFirst().createdAt.toMSecsSinceEpoch();
            oldest = oldest ? std::min(*oldest, ms) : ms;
        }
        if (!last.value().isEmpty()) {
            const qint64 ms = last.value().constFirst().createdAt.toMSecsSinceEpoch();
            newest = newest ? std::max(*newest, ms) : ms;
        }
    }
    if (!oldest || !newest)
        return Range {}; // nothing stored: a header alone
    range.fromMs = request.from.isValid() ? request.from.toMSecsSinceEpoch() : *oldest;
    range.toMs = request.to.isValid() ? request.to.toMSecsSinceEpoch() : *newest;
    return range;
}

struct BarRow
{
    Bar bar;
    int codeIndex = 0;
    QString origin;
    QString currency;
    QString unit;
};

class Writer
{
public:
    Writer(const storage::PriceHistory& history, const PriceExportRequest& request, CsvWriter& csv)
        : m_history(history)
        , m_request(request)
        , m_csv(csv)
    {
        m_codeCells.reserve(request.codes.size());
        for (const QString& code : request.codes)
            m_codeCells << code.toUtf8();
    }

    // Writes the rows of [fromMs, toMs]; the error of the read that failed, if any.
    std::optional<QString> slice(qint64 fromMs, qint64 toMs)
    {
        const QDateTime from = QDateTime::fromMSecsSinceEpoch(fromMs, Qt::UTC);
        const QDateTime to = QDateTime::fromMSecsSinceEpoch(toMs, Qt::UTC);
        if (m_request.resolution == Resolution::Raw)
            return raw(from, to);
        return bars(from, to);
    }

    qint64 rows() const { return m_csv.rowsWritten() - 1; }

private:
    void timestamp(qint64 ms)
    {
        m_csv.timestampUtcMs(ms);
        if (m_request.localTimeColumn)
            m_csv.timestampLocal(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC));
    }

    std::optional<QString> raw(const QDateTime& from, const QDateTime& to)
    {
        struct Row
        {
            qint64 ms;
            int codeIndex;
            const api::Quote* quote;
        };
        std::vector<QList<api::Quote>> perCode;
        std::vector<Row> rows;
        for (int c = 0; c < m_request.codes.size(); ++c) {
            auto quotes = m_history.query(
                m_request.origins, m_request.codes[c], from, to, 0, storage::Order::OldestFirst);
            if (!quotes)
                return quotes.error().message;
            perCode.push_back(std::move(quotes.value()));
        }
        for (int c = 0; c < int(perCode.size()); ++c) {
            for (const api::Quote& quote : perCode[c])
                rows.push_back({quote.createdAt.toMSecsSinceEpoch(), c, &quote});
        }
        // By time, then in the order the codes were asked for.
        std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.ms < b.ms; });
        if (m_request.layout == PriceLayout::Long) {
            for (const Row& row : rows) {
                const api::Quote& q = *row.quote;
                timestamp(row.ms);
                m_csv.textUtf8(m_codeCells[row.codeIndex]);
                m_csv.number(q.price);
                m_csv.textUtf8(m_text(q.currency));
                m_csv.textUtf8(m_text(q.unit));
                m_csv.textUtf8(m_text(q.origin.id()));
                m_csv.textUtf8(m_text(q.source));
                m_csv.textUtf8(m_text(q.type));
                m_csv.endRow();
            }
            return std::nullopt;
        }
        std::vector<double> cells;
        for (std::size_t i = 0; i < rows.size();) {
            const qint64 ms = rows[i].ms;
            cells.assign(m_request.codes.size(), std::nan(""));
            for (; i < rows.size() && rows[i].ms == ms; ++i)
                cells[rows[i].codeIndex] = rows[i].quote->price;
            wideRow(ms, cells);
        }
        return std::nullopt;
    }

    std::optional<QString> bars(const QDateTime& from, const QDateTime& to)
    {
        const qint64 width = bucketWidthMs(m_request.resolution);
        std::vector<BarRow> bars;
        for (int c = 0; c < m_request.codes.size(); ++c) {
            auto quotes = m_history.query(
                m_request.origins, m_request.codes[c], from, to, 0, storage::Order::OldestFirst);
            if (!quotes)
                return quotes.error().message;
            // One builder per origin: under all(), two servers' prices never make one bar.
            QHash<QString, std::pair<BarBuilder, const api::Quote*>> builders;
            auto keep = [&](const std::optional<Bar>& bar, const api::Quote& last) {
                if (bar)
                    bars.push_back({*bar, c, last.origin.id(), last.currency, last.unit});
            };
            for (const api::Quote& quote : quotes.value()) {
                auto it = builders.find(quote.origin.id());
                if (it == builders.end())
                    it = builders.insert(quote.origin.id(), {BarBuilder(width), &quote});
                const api::Quote* previous = it->second;
                const std::optional<Bar> closed
                    = it->first.add(quote.createdAt.toMSecsSinceEpoch(), quote.price);
                keep(closed, *previous);
                it->second = &quote;
            }
            for (auto it = builders.begin(); it != builders.end(); ++it)
                keep(it->first.finish(), *it->second);
        }
        std::stable_sort(bars.begin(), bars.end(), [](const BarRow& a, const BarRow& b) {
            if (a.bar.startMs != b.bar.startMs)
                return a.bar.startMs < b.bar.startMs;
            if (a.codeIndex != b.codeIndex)
                return a.codeIndex < b.codeIndex;
            return a.origin < b.origin;
        });
        if (m_request.layout == PriceLayout::Long) {
            for (const BarRow& row : bars) {
                timestamp(row.bar.startMs);
                m_csv.textUtf8(m_codeCells[row.codeIndex]);
                m_csv.number(row.bar.open);
                m_csv.number(row.bar.high);
                m_csv.number(row.bar.low);
                m_csv.number(row.bar.close);
                m_csv.integer(row.bar.count);
                m_csv.textUtf8(m_text(row.currency));
                m_csv.textUtf8(m_text(row.unit));
                m_csv.textUtf8(m_text(row.origin));
                m_csv.endRow();
            }
            return std::nullopt;
        }
        std::vector<double> cells;
        for (std::size_t i = 0; i < bars.size();) {
            const qint64 ms = bars[i].bar.startMs;
            cells.assign(m_request.codes.size(), std::nan(""));
            for (; i < bars.size() && bars[i].bar.startMs == ms; ++i)
                cells[bars[i].codeIndex] = bars[i].bar.close;
            wideRow(ms, cells);
        }
        return std::nullopt;
    }

    void wideRow(qint64 ms, const std::vector<double>& cells)
    {
        timestamp(ms);
        for (double cell : cells) {
            if (std::isnan(cell))
                m_csv.empty();
            else
                m_csv.number(cell);
        }
        m_csv.endRow();
    }

    const storage::PriceHistory& m_history;
    const PriceExportRequest& m_request;
    CsvWriter& m_csv;
    QList<QByteArray> m_codeCells;
    TextCells m_text;
};

} // namespace

QString layoutName(PriceLayout layout)
{
    return layout == PriceLayout::Long ? QStringLiteral("long") : QStringLiteral("wide");
}

std::optional<PriceLayout> parseLayout(const QString& text)
{
    if (text == QLatin1String("long"))
        return PriceLayout::Long;
    if (text == QLatin1String("wide"))
        return PriceLayout::Wide;
    return std::nullopt;
}

QStringList priceColumns(const PriceExportRequest& request)
{
    QStringList columns {QStringLiteral("timestamp")};
    if (request.localTimeColumn)
        columns << QStringLiteral("local_time");
    if (request.layout == PriceLayout::Wide)
        return columns + request.codes;
    columns << QStringLiteral("code");
    if (request.resolution == Resolution::Raw)
        return columns
            + QStringList {QStringLiteral("price"), QStringLiteral("currency"), QStringLiteral("unit"),
                QStringLiteral("origin"), QStringLiteral("source"), QStringLiteral("price_type")};
    return columns
        + QStringList {QStringLiteral("open"), QStringLiteral("high"), QStringLiteral("low"),
            QStringLiteral("close"), QStringLiteral("count"), QStringLiteral("currency"),
            QStringLiteral("unit"), QStringLiteral("origin")};
}

ExportOutcome writePrices(const storage::PriceHistory& history, const PriceExportRequest& request,
    CsvWriter& csv, const ExportProgress& progress)
{
    ExportOutcome outcome;
    csv.header(priceColumns(request));
    const auto range = rangeOf(history, request);
    if (!range) {
        outcome.error = range.error().message;
        return outcome;
    }
    Writer writer(history, request, csv);
    const qint64 slice = sliceMs(request.resolution);
    const Range r = range.value();
    if (!r.isEmpty()) {
        // Slices aligned on their width (UTC), the first and last cut to the range.
        const qint64 first = bucketStartMs(r.fromMs, slice);
        const double total = double(r.toMs - first + 1);
        for (qint64 start = first; start <= r.toMs; start += slice) {
            if (auto error = writer.slice(std::max(start, r.fromMs), std::min(start + slice - 1, r.toMs))) {
                outcome.error = *error;
                break;
            }
            if (!csv.ok()) {
                outcome.error = csv.errorString();
                break;
            }
            const double done = std::min(1.0, double(start + slice - first) / total);
            if (progress && !progress(writer.rows(), done)) {
                outcome.cancelled = true;
                break;
            }
        }
    }
    csv.flush();
    if (outcome.error.isEmpty() && !csv.ok())
        outcome.error = csv.errorString();
    outcome.rows = writer.rows();
    return outcome;
}

} // namespace oilwatch::report
