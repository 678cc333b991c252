#include "csvpreview.h"

namespace oilwatch::ui {

CsvPreviewDevice::CsvPreviewDevice(int maxRecords)
    : m_maxRecords(maxRecords)
{
    open(QIODevice::WriteOnly);
}

void CsvPreviewDevice::endField()
{
    m_row << QString::fromUtf8(m_field);
    m_field.clear();
}

qint64 CsvPreviewDevice::writeData(const char* data, qint64 length)
{
    qint64 i = 0;
    if (!m_bomChecked && length >= 3) {
        m_bomChecked = true;
        if (QByteArrayView(data, 3) == QByteArrayView("\xEF\xBB\xBF"))
            i = 3;
    }
    for (; i < length && m_records.size() < m_maxRecords; ++i) {
        const char c = data[i];
        if (m_quoted) {
            if (m_quoteSeen) {
                m_quoteSeen = false;
                if (c == '"') {
                    m_field += '"';
                    continue;
                }
                m_quoted = false; // the closing quote; c is read below as after a field
            } else {
                if (c == '"')
                    m_quoteSeen = true;
                else
                    m_field += c;
                continue;
            }
        }
        if (c == '"' && m_field.isEmpty()) {
            m_quoted = true;
        } else if (c == ',') {
            endField();
        } else if (c == '\n') {
            endField();
            m_records << m_row;
            m_row.clear();
        } else if (c != '\r') {
            m_field += c;
        }
    }
    return length; // the rest is counted by the writer, not kept
}

} // namespace oilwatch::ui
