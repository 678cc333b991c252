#include "report/csvwriter.h"

#include <charconv>
#include <cmath>

#include <QIODevice>

namespace oilwatch::report {

namespace {

// Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted): exact for every
// date QDateTime can hold, and a few times faster than QDateTime::toString, which matters at 5 M rows.
void civilFromDays(qint64 days, qint64& year, int& month, int& day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 monthIndex = (5 * dayOfYear + 2) / 153;
    day = int(dayOfYear - (153 * monthIndex + 2) / 5 + 1);
    month = int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9);
    year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
}

void twoDigits(char* out, int value)
{
    out[0] = char('0' + value / 10);
    out[1] = char('0' + value % 10);
}

} // namespace

CsvWriter::CsvWriter(QIODevice& device)
    : CsvWriter(device, Options {})
{ }

CsvWriter::CsvWriter(QIODevice& device, Options options)
    : m_device(device)
{
    if (options.byteOrderMark)
        m_buffer.append("\xEF\xBB\xBF", 3);
}

CsvWriter::~CsvWriter()
{
    flush();
}

bool CsvWriter::needsNeutralising(QByteArrayView utf8)
{
    if (utf8.isEmpty())
        return false;
    switch (utf8.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
        return true;
    default:
        return false;
    }
}

bool CsvWriter::needsQuotes(QByteArrayView utf8)
{
    for (const char c : utf8) {
        // Every special byte is below '-' (0x2D): one comparison rules out letters, digits, '.', ':' and
        // every byte of a multi-byte UTF-8 sequence.
        if (static_cast<unsigned char>(c) < ',' + 1 && (c == ',' || c == '"' || c == '\r' || c == '\n'))
            return true;
    }
    return false;
}

void CsvWriter::separator()
{
    if (!m_firstCell)
        m_buffer.append(',');
    m_firstCell = false;
}

void CsvWriter::header(const QStringList& columns)
{
    for (const QString& column : columns)
        text(column);
    endRow();
}

void CsvWriter::appendText(QByteArrayView utf8)
{
    separator();
    const bool neutralise = needsNeutralising(utf8);
    if (!neutralise && !needsQuotes(utf8)) {
        m_buffer.append(utf8);
        return;
    }
    // A neutralised cell is always quoted: the leading quote mark then belongs to the text, and a reader
    // that strips an unquoted leading ' (some do) cannot bring the formula back.
    m_buffer.append('"');
    if (neutralise)
        m_buffer.append('\'');
    for (const char c : utf8) {
        if (c == '"')
            m_buffer.append('"');
        m_buffer.append(c);
    }
    m_buffer.append('"');
}

void CsvWriter::text(QStringView value)
{
    appendText(value.toUtf8());
}

void CsvWriter::textUtf8(QByteArrayView value)
{
    appendText(value);
}

void CsvWriter::number(double value)
{
    separator();
    if (!std::isfinite(value))
        return;
    // std::to_chars: the shortest text that reads back to the same double, '.' whatever the C or Qt locale.
    char digits[32];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    m_buffer.append(digits, result.ptr - digits);
}

void CsvWriter::integer(qint64 value)
{
    separator();
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    m_buffer.append(digits, result.ptr - digits);
}

void CsvWriter::timestampUtc(const QDateTime& at)
{
    if (!at.isValid()) {
        empty();
        return;
    }
    timestampUtcMs(at.toMSecsSinceEpoch());
}

void CsvWriter::timestampUtcMs(qint64 msecsSinceEpoch)
{
    separator();
    constexpr qint64 kMsPerDay = 86'400'000;
    qint64 day = msecsSinceEpoch / kMsPerDay;
    qint64 msOfDay = msecsSinceEpoch % kMsPerDay;
    if (msOfDay < 0) {
        msOfDay += kMsPerDay;
        --day;
    }
    if (day != m_cachedDay) {
        qint64 year = 0;
        int month = 0;
        int dayOfMonth = 0;
        civilFromDays(day, year, month, dayOfMonth);
        if (year < 0 || year > 9999) { // outside ISO-8601's four digits: let Qt spell it
            m_buffer.append(QByteArrayView(QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC)
                                               .toString(Qt::ISODateWithMs)
                                               .toUtf8()));
            return;
        }
        const int y = int(year);
        m_cachedDate[0] = char('0' + y / 1000);
        m_cachedDate[1] = char('0' + y / 100 % 10);
        m_cachedDate[2] = char('0' + y / 10 % 10);
        m_cachedDate[3] = char('0' + y % 10);
        m_cachedDate[4] = '-';
        twoDigits(m_cachedDate + 5, month);
        m_cachedDate[7] = '-';
        twoDigits(m_cachedDate + 8, dayOfMonth);
        m_cachedDate[10] = 'T';
        m_cachedDay = day;
    }
    char time[13];
    const int ms = int(msOfDay % 1000);
    const int seconds = int(msOfDay / 1000);
    twoDigits(time, seconds / 3600);
    time[2] = ':';
    twoDigits(time + 3, seconds / 60 % 60);
    time[5] = ':';
    twoDigits(time + 6, seconds % 60);
    time[8] = '.';
    time[9] = char('0' + ms / 100);
    twoDigits(time + 10, ms % 100);
    time[12] = 'Z';
    m_buffer.append(m_cachedDate, 11);
    m_buffer.append(time, 13);
}

void CsvWriter::timestampLocal(const QDateTime& at)
{
    if (!at.isValid()) {
        empty();
        return;
    }
    separator();
    // A LocalTime QDateTime prints without its offset; a fixed offset prints it, so the cell says which
    // instant it is even when read in another zone.
    const QDateTime local = at.toLocalTime();
    m_buffer.append(
        QByteArrayView(at.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODateWithMs).toUtf8()));
}

void CsvWriter::empty()
{
    separator();
}

void CsvWriter::endRow()
{
    m_buffer.append("\r\n", 2);
    m_firstCell = true;
    ++m_rows;
    maybeFlush();
}

bool CsvWriter::flush()
{
    if (!m_ok) {
        m_buffer.clear();
        return false;
    }
    if (m_buffer.isEmpty())
        return true;
    const qint64 written = m_device.write(m_buffer.data(), m_buffer.size());
    if (written != m_buffer.size()) {
        m_ok = false;
        m_error = m_device.errorString().isEmpty() ? QStringLiteral("the file could not be written")
                                                   : m_device.errorString();
    }
    m_buffer.clear();
    return m_ok;
}

} // namespace oilwatch::report
