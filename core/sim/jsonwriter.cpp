#include "sim/jsonwriter.h"

#include <cmath>
#include <cstdio>

namespace oilwatch::sim {

namespace {

// Howard Hinnant's days-to-civil conversion: exact for any date, and much cheaper than a QDateTime per
// record.
void civilFromDays(qint64 days, int* year, int* month, int* day)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 doe = days - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    *day = int(doy - (153 * mp + 2) / 5 + 1);
    *month = int(mp < 10 ? mp + 3 : mp - 9);
    *year = int(yoe + era * 400 + (*month <= 2 ? 1 : 0));
}

} // namespace

JsonWriter::JsonWriter(qsizetype reserve)
{
    m_out.reserve(reserve);
}

void JsonWriter::beforeValue()
{
    if (m_needComma)
        m_out.append(',');
    m_needComma = true;
}

JsonWriter& JsonWriter::beginObject()
{
    beforeValue();
    m_out.append('{');
    m_needComma = false;
    return *this;
}

JsonWriter& JsonWriter::endObject()
{
    m_out.append('}');
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::beginArray()
{
    beforeValue();
    m_out.append('[');
    m_needComma = false;
    return *this;
}

JsonWriter& JsonWriter::endArray()
{
    m_out.append(']');
    m_needComma = true;
    return *this;
}

JsonWriter& JsonWriter::key(QByteArrayView name)
{
    beforeValue();
    m_out.append('"').append(name).append("\":");
    m_needComma = false;
    return *this;
}

void JsonWriter::appendEscaped(QByteArrayView utf8)
{
    static constexpr char kHex[] = "0123456789abcdef";
    m_out.append('"');
    for (char c : utf8) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            m_out.append('\\').append(c);
        } else if (c == '\n') {
            m_out.append("\\n");
        } else if (u < 0x20) {
            const char escape[] = {'\\', 'u', '0', '0', kHex[u >> 4], kHex[u & 0xf]};
            m_out.append(escape, sizeof escape);
        } else {
            m_out.append(c);
        }
    }
    m_out.append('"');
}

JsonWriter& JsonWriter::value(QStringView text)
{
    beforeValue();
    appendEscaped(text.toUtf8());
    return *this;
}

JsonWriter& JsonWriter::value(QByteArrayView utf8Text)
{
    beforeValue();
    appendEscaped(utf8Text);
    return *this;
}

JsonWriter& JsonWriter::value(qint64 number)
{
    beforeValue();
    m_out.append(QByteArray::number(number));
    return *this;
}

JsonWriter& JsonWriter::value(bool flag)
{
    beforeValue();
    m_out.append(flag ? "true" : "false");
    return *this;
}

JsonWriter& JsonWriter::number(double value, int decimals)
{
    beforeValue();
    m_out.append(formatNumber(value, decimals));
    return *this;
}

QByteArray JsonWriter::formatNumber(double value, int decimals)
{
    if (!std::isfinite(value))
        return QByteArrayLiteral("null"); // JSON has no NaN or infinity
    QByteArray text = QByteArray::number(value, 'f', decimals);
    if (text.contains('.')) {
        while (text.endsWith('0'))
            text.chop(1);
        if (text.endsWith('.'))
            text.chop(1);
    }
    if (text == "-0")
        text = "0";
    return text;
}

JsonWriter& JsonWriter::isoTime(qint64 epochMs)
{
    beforeValue();
    m_out.append('"');
    appendIsoTime(m_out, epochMs);
    m_out.append('"');
    return *this;
}

void JsonWriter::appendIsoTime(QByteArray& out, qint64 epochMs)
{
    constexpr qint64 kMsPerDay = 86'400'000;
    qint64 days = epochMs / kMsPerDay;
    qint64 msOfDay = epochMs % kMsPerDay;
    if (msOfDay < 0) {
        msOfDay += kMsPerDay;
        --days;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    civilFromDays(days, &year, &month, &day);
    const int hour = int(msOfDay / 3'600'000);
    const int minute = int(msOfDay / 60'000 % 60);
    const int second = int(msOfDay / 1000 % 60);
    const int ms = int(msOfDay % 1000);
    char buffer[40];
    const int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", year, month,
        day, hour, minute, second, ms);
    out.append(buffer, n);
}

QByteArray JsonWriter::take()
{
    return std::move(m_out);
}

} // namespace oilwatch::sim
