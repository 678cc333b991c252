#pragma once

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QStringView>

class QIODevice;

namespace oilwatch::report {

// The one CSV writer of the app: every CSV it makes (prices, the session report, alert history, benchmark
// exports) goes through here, so that every file follows the same rules:
// - RFC 4180: fields separated by commas, rows ended by CRLF, a field holding a comma, a quote, CR or LF in
//   double quotes with its quotes doubled. UTF-8; an optional byte-order mark, because Excel only reads a
//   CSV as UTF-8 when it starts with one (`--excel`).
// - Typed cells. A number is written as a number, '.' for the decimal point whatever the locale, the
//   shortest text that reads back to the same double: a negative price stays a number a spreadsheet can
//   sum. A text cell is untrusted (the API's `source` may be "=HYPERLINK(...)"): one that starts with
//   = + - @ TAB or CR is neutralised the OWASP way, a single quote put in front and the cell quoted, so no
//   spreadsheet runs it as a formula. Timestamps are ISO-8601 UTC with milliseconds ("...T08:30:00.000Z").
// - Streamed: rows collect in a buffer of kFlushBytes that goes to the device when full, so memory stays
//   flat whatever the row count. The device is the caller's: a QSaveFile (see CsvFile) for files, stdout
//   for `--out -`, a QBuffer for tests.
//
// Use: header() once, then for each row the cell functions in column order and endRow(). The writer does
// not count columns; the strict reader in the tests does.
class CsvWriter
{
public:
    // Large enough that the device is written a few times a megabyte, small enough not to matter.
    static constexpr qsizetype kFlushBytes = 64 * 1024;

    struct Options
    {
        bool byteOrderMark = false; // EF BB BF first: Excel then reads the file as UTF-8
    };

    // The device must be open for writing and outlive the writer.
    explicit CsvWriter(QIODevice& device);
    CsvWriter(QIODevice& device, Options options);
    ~CsvWriter(); // flushes what is buffered
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;

    // The header row: the column names, as text cells.
    void header(const QStringList& columns);

    // Untrusted text: quoted when needed, neutralised when it could start a formula.
    void text(QStringView value);
    // The same for text already in UTF-8 (codes, units: callers encode repeated values once).
    void textUtf8(QByteArrayView value);
    // A number; NaN and infinities (never a price) become an empty cell rather than text a sheet misreads.
    void number(double value);
    void integer(qint64 value);
    // ISO-8601 UTC with milliseconds; an invalid time is an empty cell.
    void timestampUtc(const QDateTime& at);
    void timestampUtcMs(qint64 msecsSinceEpoch);
    // ISO-8601 in the machine's time zone with its offset ("2026-03-01T09:30:00.000+01:00"): the optional
    // local-time column. Slower than UTC (time-zone rules): only written when asked for.
    void timestampLocal(const QDateTime& at);
    void empty();
    void endRow();

    // Writes what is buffered to the device. False when the device refused it (disk full, closed pipe):
    // every later call is then a no-op and ok() stays false.
    bool flush();
    bool ok() const { return m_ok; }
    QString errorString() const { return m_error; }
    qint64 rowsWritten() const { return m_rows; }

    // The rules, for tests and for anyone who needs a single cell.
    static bool needsNeutralising(QByteArrayView utf8);
    static bool needsQuotes(QByteArrayView utf8);

private:
    void separator();
    void appendText(QByteArrayView utf8);
    void maybeFlush()
    {
        if (m_buffer.size() >= kFlushBytes)
            flush();
    }

    // A plain growable byte buffer: QByteArray's append checks for sharing on every call and clear() frees
    // the allocation, which at 40 cells a row is most of the writer's time.
    class Buffer
    {
    public:
        void append(const char* bytes, qsizetype length)
        {
            // An empty cell of a null QString comes as (nullptr, 0), and memcpy's source must not be null
            // even for zero bytes (UBSan's nonnull-attribute check in the asan preset).
            if (length == 0)
                return;
            if (m_size + length > m_capacity)
                grow(length);
            std::memcpy(m_data.get() + m_size, bytes, std::size_t(length));
            m_size += length;
        }
        void append(QByteArrayView bytes) { append(bytes.data(), bytes.size()); }
        void append(char c)
        {
            if (m_size + 1 > m_capacity)
                grow(1);
            m_data[m_size++] = c;
        }
        qsizetype size() const { return m_size; }
        bool isEmpty() const { return m_size == 0; }
        const char* data() const { return m_data.get(); }
        void clear() { m_size = 0; }

    private:
        void grow(qsizetype more)
        {
            const qsizetype capacity = std::max(m_capacity * 2, m_size + more + kFlushBytes);
            std::unique_ptr<char[]> data(new char[std::size_t(capacity)]);
            if (m_size > 0)
                std::memcpy(data.get(), m_data.get(), std::size_t(m_size));
            m_data = std::move(data);
            m_capacity = capacity;
        }

        std::unique_ptr<char[]> m_data;
        qsizetype m_size = 0;
        qsizetype m_capacity = 0;
    };

    QIODevice& m_device;
    Buffer m_buffer;
    bool m_firstCell = true;
    bool m_ok = true;
    QString m_error;
    qint64 m_rows = 0;
    // The date part of the last UTC timestamp: a series of minutes repeats the same day 1,440 times.
    qint64 m_cachedDay = std::numeric_limits<qint64>::min();
    char m_cachedDate[11] = {};
};

} // namespace oilwatch::report
